#ifndef PAYOUT_CLIENT_PAYOUTCTL_COMPLETION_H_
#define PAYOUT_CLIENT_PAYOUTCTL_COMPLETION_H_

#include <CLI/CLI.hpp>
#include <string>

namespace payoutctl {

// A bash completion script for the command tree under `app`: commands,
// then each command's flags, and the values of flags that take a file or
// one of a few words. Written from the tree itself, so it never falls
// behind the flags. Load it with
//   source <(payoutctl completion bash)
std::string BashCompletion(const CLI::App& app);

}  // namespace payoutctl

#endif  // PAYOUT_CLIENT_PAYOUTCTL_COMPLETION_H_
