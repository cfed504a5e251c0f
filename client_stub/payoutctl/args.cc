#include "payoutctl/args.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace payoutctl {

absl::Status Args::Parse(const std::vector<std::string>& argv,
                         const std::vector<std::string>& with_value,
                         Args& out) {
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      out.positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    auto eq = name.find('=');
    if (eq != std::string::npos) {
      out.flags_.emplace(name.substr(0, eq), name.substr(eq + 1));
      continue;
    }
    bool takes_value = std::find(with_value.begin(), with_value.end(), name) !=
                       with_value.end();
    if (!takes_value) {
      out.flags_.emplace(name, "");
      continue;
    }
    if (i + 1 >= argv.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", name, " needs a value"));
    }
    out.flags_.emplace(name, argv[++i]);
  }
  return absl::OkStatus();
}

std::optional<std::string> Args::Get(const std::string& flag) const {
  auto range = flags_.equal_range(flag);
  if (range.first == range.second) return std::nullopt;
  return std::prev(range.second)->second;
}

std::string Args::GetOr(const std::string& flag,
                        const std::string& fallback) const {
  return Get(flag).value_or(fallback);
}

std::vector<std::string> Args::GetAll(const std::string& flag) const {
  std::vector<std::string> out;
  auto range = flags_.equal_range(flag);
  for (auto it = range.first; it != range.second; ++it)
    out.push_back(it->second);
  return out;
}

}  // namespace payoutctl
