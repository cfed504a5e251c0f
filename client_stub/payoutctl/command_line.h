#ifndef PAYOUT_CLIENT_PAYOUTCTL_COMMAND_LINE_H_
#define PAYOUT_CLIENT_PAYOUTCTL_COMMAND_LINE_H_

#include <CLI/CLI.hpp>
#include <string>

#include "payoutctl/commands.h"
#include "payoutctl/output.h"
#include "payoutctl/session.h"

namespace payoutctl {

// payoutctl's command tree (CLI11): global flags, the commands, `--help`
// on every one of them, and errors that say what was meant.
class CommandLine {
 public:
  CommandLine();

  // Parses and runs; returns the exit status. Unknown flags, unknown
  // commands and malformed values print what is wrong (with "did you
  // mean ...?" when a flag or command is close) and exit kExitUsage.
  int Run(int argc, const char* const* argv);

 private:
  // The usage error of `error`, printed; returns kExitUsage.
  int UsageError(const CLI::ParseError& error);

  CLI::App app_;
  ConnectionFlags connection_;
  OutputFormat format_ = OutputFormat::kTable;
  Command chosen_;
};

}  // namespace payoutctl

#endif  // PAYOUT_CLIENT_PAYOUTCTL_COMMAND_LINE_H_
