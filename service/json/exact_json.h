#ifndef PAYOUT_GATEWAY_JSON_EXACT_JSON_H_
#define PAYOUT_GATEWAY_JSON_EXACT_JSON_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace payout_gateway {

// Parses JSON without throwing and without ever turning a number into a
// binary float: integers that fit 64 bits stay integers, every other number
// (fractions, exponents, huge integers) is stored as a JSON *string* holding
// the number's exact text, e.g. 100.55 -> "100.55".
//
// Every fractional number in Corefy's API is money or a rate, and the same
// field arrives as a number in one document and a string in another
// ("amount": 10 vs "amount": "10.00"); readers accept both (see JsonReader).
//
// Fails with kDataLoss on malformed input or nesting deeper than 64 levels.
absl::StatusOr<nlohmann::json> ParseJsonExact(absl::string_view text);

// Serialises a JSON object to text and appends one member whose value is the
// raw number text `number` (which must already be a valid JSON number, such
// as a caller's validated amount). nlohmann::json can only write numbers
// from doubles; this keeps the caller's digits ("10.10" stays 10.10).
std::string DumpWithRawNumber(const nlohmann::json& object,
                              absl::string_view key, absl::string_view number);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_JSON_EXACT_JSON_H_
