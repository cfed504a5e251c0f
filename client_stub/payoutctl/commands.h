#ifndef PAYOUT_CLIENT_PAYOUTCTL_COMMANDS_H_
#define PAYOUT_CLIENT_PAYOUTCTL_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <cstdio>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "payoutctl/exit_codes.h"
#include "payoutctl/output.h"
#include "payoutctl/session.h"

namespace payoutctl {

// The command a parsed command line chose, run once the session is open;
// returns the exit status. Each Add*Commands adds its subcommands to `app`
// and, when one of them is parsed, stores it in `chosen`.
using Command = std::function<int(Session&)>;

void AddServiceCommands(CLI::App& app, Command& chosen);  // prerequest,
                                                          // services, health
void AddInvoiceCommands(CLI::App& app, Command& chosen);
void AddEventCommands(CLI::App& app, Command& chosen);

// Prints a call's result in the session's format (`table` for people), or
// its error on stderr; returns the exit status.
template <typename T>
int Report(const Session& session, const absl::StatusOr<T>& result,
           std::string (*table)(const T&)) {
  if (!result.ok()) {
    std::fputs(FormatError(result.status(), session.format).c_str(), stderr);
    return ExitCodeOf(result.status());
  }
  const std::string text = session.format == OutputFormat::kTable
                               ? table(*result)
                               : Document(*result, session.format);
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace payoutctl

#endif  // PAYOUT_CLIENT_PAYOUTCTL_COMMANDS_H_
