#ifndef PAYOUT_GATEWAY_COMMON_JSON_TEXT_H_
#define PAYOUT_GATEWAY_COMMON_JSON_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"

namespace payout_gateway {

// Appends `value` to `out` as a JSON string literal, quotes included: `"`
// and `\` escaped, control characters as \uXXXX, valid UTF-8 kept as it is,
// and every byte that is not part of valid UTF-8 replaced with U+FFFD, so
// any input gives one valid JSON string (log lines are built from values
// that came from outside).
void AppendJsonString(std::string* out, absl::string_view value);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_COMMON_JSON_TEXT_H_
