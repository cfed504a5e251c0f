#ifndef PAYOUT_GATEWAY_COMMON_REDACTION_H_
#define PAYOUT_GATEWAY_COMMON_REDACTION_H_

#include <string>

#include "absl/strings/string_view.h"

namespace payout_gateway {

// Masks anything in `text` that looks like a payment card number (12 to 19
// digits, optionally grouped by single spaces or dashes) the way Corefy masks
// them: first six and last four digits kept, `512381******0000`.
//
// Applied to every upstream message that reaches a caller or a log line: an
// upstream validation message may echo the value it rejected.
std::string RedactCardNumbers(absl::string_view text);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_COMMON_REDACTION_H_
