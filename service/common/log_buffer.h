#ifndef PAYOUT_GATEWAY_COMMON_LOG_BUFFER_H_
#define PAYOUT_GATEWAY_COMMON_LOG_BUFFER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace payout_gateway {

// Log lines on their way to a file descriptor, written by a thread of their
// own ("log-flush") so the threads that complete calls never make a write(2)
// per line or wait on a slow reader of stderr.
//
// Append() copies a line into a bounded buffer. The flush thread sleeps
// while the buffer is empty; once a line arrives it waits `interval` (so one
// write carries many lines), swaps the buffer out and writes it. An urgent
// line (an error) is written at once.
//
// What can be lost, and when:
//  - the buffer is full (the reader of the descriptor is slower than the
//    gateway writes): new lines are dropped, counted, and the count is
//    written as a line of its own ("log_lines_dropped") once there is room;
//  - the process is killed with SIGKILL (e.g. the OOM killer): the lines of
//    the last `interval`;
//  - a fatal signal (SIGSEGV, SIGABRT, ...): nothing already appended, when
//    the handler (InstallFatalSignalFlush) writes the buffer out; a line
//    being appended by the crashing thread itself may be cut.
// On a normal exit (Stop(), or exit() with the process-wide buffer) every
// line is written.
class LogBuffer {
 public:
  struct Options {
    int fd = 2;
    absl::Duration interval = absl::Milliseconds(50);
    std::size_t max_bytes = std::size_t{4} << 20;
    // The line that reports `count` dropped lines (ending in '\n').
    std::function<std::string(uint64_t count)> dropped_line;
  };

  explicit LogBuffer(Options options);
  // Writes what is buffered, then stops the thread.
  ~LogBuffer();
  LogBuffer(const LogBuffer&) = delete;
  LogBuffer& operator=(const LogBuffer&) = delete;

  // `line` must end with '\n'.
  void Append(absl::string_view line, bool urgent = false);

  // Writes everything appended so far before returning.
  void Flush();

  // Writes the buffer with write(2) alone, taking no lock: for a fatal
  // signal handler, when no other thread can be trusted to make progress.
  void WriteFromSignalHandler();

  uint64_t dropped() const;

 private:
  void Run();
  // Waits for lines, and then `interval` for more unless told to hurry;
  // false once stopping with nothing left to write.
  bool AwaitLines() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void WriteAll(const std::string& text) const;

  const Options options_;
  mutable absl::Mutex mu_;
  absl::CondVar wake_;     // a line arrived in an empty buffer, or urgent
  absl::CondVar flushed_;  // a swap-and-write finished
  std::string pending_ ABSL_GUARDED_BY(mu_);
  uint64_t dropped_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t dropped_unreported_ ABSL_GUARDED_BY(mu_) = 0;
  bool urgent_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // Counts appends and completed writes, so Flush() knows when its lines
  // are out.
  uint64_t appended_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t written_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_COMMON_LOG_BUFFER_H_
