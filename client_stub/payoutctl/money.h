#ifndef PAYOUT_CLIENT_PAYOUTCTL_MONEY_H_
#define PAYOUT_CLIENT_PAYOUTCTL_MONEY_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace payoutctl {

// The number of minor-unit digits of an ISO 4217 currency (2 for USD, 0 for
// JPY, 3 for KWD); nullopt for codes ISO 4217 does not list (BTC).
std::optional<int> MinorUnitDigits(absl::string_view currency);

// An amount the way a payments person reads it: "10.50 USD", "1000 JPY".
// The digits are padded to the currency's minor units, never rounded: an
// amount with more digits than the currency has ("10.505 USD") or an
// unknown currency keeps the digits the gateway sent, and so does anything
// that is not a plain decimal. Empty amount: "-".
std::string DisplayAmount(absl::string_view amount, absl::string_view currency);

// The same without the currency code ("10.50"), for a table whose currency
// has a column of its own.
std::string AmountDigits(absl::string_view amount, absl::string_view currency);

}  // namespace payoutctl

#endif  // PAYOUT_CLIENT_PAYOUTCTL_MONEY_H_
