#ifndef PAYOUT_CLIENT_PAYOUTCTL_VALIDATORS_H_
#define PAYOUT_CLIENT_PAYOUTCTL_VALIDATORS_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace payoutctl {

// Checks of flag values, run while parsing: a malformed value is a usage
// error naming the flag, and never reaches the gateway. They check the
// shape only; the gateway still validates everything it is sent.

// A duration such as 30s, 1m30s or 500ms, above zero.
CLI::Validator DurationValidator();
// Three capital letters (ISO 4217): USD.
CLI::Validator CurrencyValidator();
// An exact decimal amount, no sign or exponent: 10, 10.50.
CLI::Validator AmountValidator();
// KEY=VALUE with a non-empty KEY.
CLI::Validator KeyValueValidator();
// An absolute http(s) URL.
CLI::Validator HttpUrlValidator();
// A request id the gateway keeps: 1 to 128 of [A-Za-z0-9._:-].
CLI::Validator RequestIdValidator();
// A whole number from 1 to 2^31-1 (a page size).
CLI::Validator PositiveCountValidator();
// One of `words`, e.g. --output's table, json, yaml.
CLI::Validator OneOfValidator(std::vector<std::string> words);

}  // namespace payoutctl

#endif  // PAYOUT_CLIENT_PAYOUTCTL_VALIDATORS_H_
