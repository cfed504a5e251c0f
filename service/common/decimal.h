#ifndef PAYOUT_GATEWAY_COMMON_DECIMAL_H_
#define PAYOUT_GATEWAY_COMMON_DECIMAL_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace payout_gateway {

// Money travels as decimal text end to end ("100.55"), never as a binary
// float: these helpers check and compare such text without converting it.

// True for a plain decimal as callers must write amounts: digits, an optional
// fraction, no sign, no exponent, no superfluous leading zero, at most 18
// integer and 18 fraction digits, and greater than zero.
bool IsPositiveDecimal(absl::string_view text);

// Turns the text of a JSON number (RFC 8259: `-?int frac? exp?`) into a plain
// decimal with the same value and the same significant digits:
// "10" -> "10", "10.50" -> "10.50", "1e-2" -> "0.01", "1.5E3" -> "1500".
// Returns nullopt when `text` is not a JSON number or its exponent would make
// the result absurdly long (more than 64 digits).
std::optional<std::string> JsonNumberToDecimal(absl::string_view text);

// The canonical text of a plain decimal: no leading zeros but one, no
// trailing fraction zeros, no bare point ("010.50" -> "10.5", "10.00" ->
// "10"). Equal values have equal canonical texts. nullopt when `text` is
// not a decimal.
std::optional<std::string> CanonicalDecimal(absl::string_view text);

// Compares two plain decimals (as produced by JsonNumberToDecimal) by value:
// "10" == "10.00". Returns <0, 0 or >0; nullopt when either is not a decimal.
std::optional<int> CompareDecimals(absl::string_view a, absl::string_view b);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_COMMON_DECIMAL_H_
