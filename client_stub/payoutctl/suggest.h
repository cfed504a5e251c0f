#ifndef PAYOUT_CLIENT_PAYOUTCTL_SUGGEST_H_
#define PAYOUT_CLIENT_PAYOUTCTL_SUGGEST_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace payoutctl {

// The candidate a mistyped word most likely meant, for "did you mean ...?":
// the same word in the other spelling (`--callback_url` for
// `--callback-url`), else the one word a unique prefix or a small edit
// (at most 2, 1 for short words) away. nullopt when nothing is close.
std::optional<std::string> Suggest(std::string_view given,
                                   const std::vector<std::string>& candidates);

}  // namespace payoutctl

#endif  // PAYOUT_CLIENT_PAYOUTCTL_SUGGEST_H_
