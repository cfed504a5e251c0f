#ifndef PAYOUT_GATEWAY_TESTS_SUPPORT_CHILD_PROCESS_H_
#define PAYOUT_GATEWAY_TESTS_SUPPORT_CHILD_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace payout_gateway_testing {

// A real process started for a test: the sandbox or the gateway. Its stdout
// and stderr go to files, so a test can wait for its "listening on HOST:PORT"
// line and later read its logs. Killed on destruction if still running.
class ChildProcess {
 public:
  struct Options {
    std::string path;
    std::vector<std::string> args;
    // Set in addition to (or instead of) the test's own environment.
    std::vector<std::pair<std::string, std::string>> env;
    // Stdout line to wait for: "<ready_prefix>HOST:PORT".
    std::string ready_prefix;
    absl::Duration ready_timeout = absl::Seconds(20);
  };

  static absl::StatusOr<std::unique_ptr<ChildProcess>> Start(Options options);
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  int port() const { return port_; }
  const std::string& address() const { return address_; }

  // Sends `signal`, waits up to `timeout` for the exit, SIGKILLs after that.
  // Returns the exit code (128 + signal number if killed by one).
  int Stop(int signal, absl::Duration timeout = absl::Seconds(10));
  // Waits for the process to exit by itself; -1 on timeout.
  int Wait(absl::Duration timeout);

  std::string Stdout() const;
  std::string Stderr() const;
  // Stderr once `needle` occurs in it at least `count` times, or as it is
  // when `timeout` runs out. The gateway writes its log lines from a flush
  // thread within 50 ms, so a test that just made a call waits for the line
  // it expects rather than reading too early.
  std::string StderrOnceItHas(absl::string_view needle, int count = 1,
                              absl::Duration timeout = absl::Seconds(10)) const;

 private:
  ChildProcess() = default;

  pid_t pid_ = -1;
  int port_ = 0;
  std::string address_;
  std::string stdout_path_;
  std::string stderr_path_;
  int exit_code_ = -1;
};

}  // namespace payout_gateway_testing

#endif  // PAYOUT_GATEWAY_TESTS_SUPPORT_CHILD_PROCESS_H_
