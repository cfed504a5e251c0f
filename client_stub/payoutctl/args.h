#ifndef PAYOUT_CLIENT_PAYOUTCTL_ARGS_H_
#define PAYOUT_CLIENT_PAYOUTCTL_ARGS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace payoutctl {

// Command-line arguments split into positionals and `--name[=value]` flags.
// A flag may repeat (`--field a=1 --field b=2`); `--name value` is accepted
// when `name` is declared as taking a value.
class Args {
 public:
  // `with_value`: flags that take a value; any other flag is a switch.
  static absl::Status Parse(const std::vector<std::string>& argv,
                            const std::vector<std::string>& with_value,
                            Args& out);

  const std::vector<std::string>& positional() const { return positional_; }
  bool Has(const std::string& flag) const { return flags_.count(flag) > 0; }
  // The last value of `flag`, or nullopt.
  std::optional<std::string> Get(const std::string& flag) const;
  std::string GetOr(const std::string& flag, const std::string& fallback) const;
  // Every value of a repeated flag.
  std::vector<std::string> GetAll(const std::string& flag) const;

 private:
  std::vector<std::string> positional_;
  std::multimap<std::string, std::string> flags_;
};

}  // namespace payoutctl

#endif  // PAYOUT_CLIENT_PAYOUTCTL_ARGS_H_
