#ifndef PAYOUT_GATEWAY_TESTS_SUPPORT_JSON_COMPARE_H_
#define PAYOUT_GATEWAY_TESTS_SUPPORT_JSON_COMPARE_H_

#include <string>

#include "nlohmann/json.hpp"

namespace payout_gateway_testing {

// Parses with the gateway's exact parser (fractions kept as text) and turns
// every remaining number into its text too, so that `10`, `"10"` compare
// equal while `10` and `10.5` do not. Throws on malformed input (tests only).
nlohmann::json CanonicalJson(const std::string& text);
nlohmann::json Canonical(const nlohmann::json& value);

// Every member of `expected` is in `actual` with an equal value, recursively
// (arrays element by element, same length). Returns "" when so, else the
// path of the first difference and both values.
std::string JsonSubsetDifference(const nlohmann::json& expected,
                                 const nlohmann::json& actual,
                                 const std::string& path = "");

}  // namespace payout_gateway_testing

#endif  // PAYOUT_GATEWAY_TESTS_SUPPORT_JSON_COMPARE_H_
