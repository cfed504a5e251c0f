#include "payoutctl/validators.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"

namespace payoutctl {
namespace {

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), absl::ascii_isdigit);
}

}  // namespace

CLI::Validator DurationValidator() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        absl::Duration d;
        if (!absl::ParseDuration(value, &d) || d <= absl::ZeroDuration() ||
            d == absl::InfiniteDuration()) {
          return "takes a duration such as 30s, 1m30s or 500ms";
        }
        return "";
      },
      "DURATION");
}

CLI::Validator CurrencyValidator() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        const bool ok =
            value.size() == 3 &&
            std::all_of(value.begin(), value.end(), absl::ascii_isupper);
        return ok ? "" : "takes an ISO 4217 code such as USD";
      },
      "CODE");
}

CLI::Validator AmountValidator() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        const std::size_t dot = value.find('.');
        const bool ok = dot == std::string::npos
                            ? AllDigits(value)
                            : AllDigits(value.substr(0, dot)) &&
                                  AllDigits(value.substr(dot + 1));
        return ok ? "" : "takes a decimal amount such as 10.50";
      },
      "DECIMAL");
}

CLI::Validator KeyValueValidator() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        const std::size_t eq = value.find('=');
        return eq == std::string::npos || eq == 0 ? "takes KEY=VALUE" : "";
      },
      "KEY=VALUE");
}

CLI::Validator HttpUrlValidator() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        for (const char* scheme : {"https://", "http://"}) {
          if (absl::StartsWith(value, scheme) &&
              value.size() > std::string(scheme).size()) {
            return "";
          }
        }
        return "takes an http(s) URL such as https://example.com/callbacks";
      },
      "URL");
}

CLI::Validator RequestIdValidator() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        const bool ok = !value.empty() && value.size() <= 128 &&
                        std::all_of(value.begin(), value.end(), [](char c) {
                          return absl::ascii_isalnum(c) || c == '.' ||
                                 c == '_' || c == ':' || c == '-';
                        });
        return ok ? "" : "takes 1 to 128 of A-Z a-z 0-9 . _ : -";
      },
      "ID");
}

CLI::Validator PositiveCountValidator() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        int n = 0;
        const bool ok =
            AllDigits(value) && absl::SimpleAtoi(value, &n) && n > 0;
        return ok ? "" : "takes a whole number from 1";
      },
      "N");
}

CLI::Validator OneOfValidator(std::vector<std::string> words) {
  const std::string description = absl::StrJoin(words, "|");
  return CLI::Validator(
      [words = std::move(words)](std::string& value) -> std::string {
        if (std::find(words.begin(), words.end(), value) != words.end()) {
          return "";
        }
        return "takes " + absl::StrJoin(words, ", ");
      },
      description);
}

}  // namespace payoutctl
