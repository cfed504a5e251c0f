#ifndef PAYOUT_GATEWAY_COMMON_REDACTION_H_
#define PAYOUT_GATEWAY_COMMON_REDACTION_H_

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace payout_gateway {

// Masks anything in `text` that may hold a payment card number the way
// Corefy masks them: first six and last four digits kept,
// `512381******0000`. Every run of 12 or more digits is masked, digits
// grouped by single spaces, dots or dashes included, so a card number inside
// a longer run ("4111111111111111 1228") is covered too. Dotted quads
// (IPv4 addresses) are left alone.
//
// The one masking function: every log line (LogEvent), every status a caller
// receives (ToGrpcStatus) and every audit record passes through it, since
// upstream texts and caller inputs may echo a card number.
std::string RedactCardNumbers(absl::string_view text);

// Applies RedactCardNumbers to every string of `message`: its fields, the
// keys and values of its maps, and those of nested messages.
void RedactCardNumbers(google::protobuf::Message& message);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_COMMON_REDACTION_H_
