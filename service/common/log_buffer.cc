#include "common/log_buffer.h"

#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace payout_gateway {

LogBuffer::LogBuffer(Options options) : options_(std::move(options)) {
  thread_ = std::thread([this] { Run(); });
}

LogBuffer::~LogBuffer() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    wake_.Signal();
  }
  thread_.join();
}

void LogBuffer::Append(absl::string_view line, bool urgent) {
  absl::MutexLock lock(&mu_);
  if (pending_.size() + line.size() > options_.max_bytes) {
    ++dropped_;
    ++dropped_unreported_;
    return;
  }
  const bool was_empty = pending_.empty();
  pending_.append(line.data(), line.size());
  ++appended_;
  if (urgent) urgent_ = true;
  // The flush thread only needs telling when it sleeps on an empty buffer
  // or must hurry: one wakeup per interval, not per line.
  if (was_empty || urgent) wake_.Signal();
}

void LogBuffer::Flush() {
  absl::MutexLock lock(&mu_);
  const uint64_t target = appended_;
  if (written_ >= target) return;
  urgent_ = true;
  wake_.Signal();
  while (written_ < target) flushed_.Wait(&mu_);
}

uint64_t LogBuffer::dropped() const {
  absl::MutexLock lock(&mu_);
  return dropped_;
}

void LogBuffer::WriteFromSignalHandler() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  WriteAll(pending_);
}

bool LogBuffer::AwaitLines() {
  while (pending_.empty() && dropped_unreported_ == 0 && !stopping_) {
    wake_.Wait(&mu_);
  }
  const absl::Time until = absl::Now() + options_.interval;
  while (!urgent_ && !stopping_ && absl::Now() < until) {
    wake_.WaitWithDeadline(&mu_, until);
  }
  urgent_ = false;
  return !(stopping_ && pending_.empty() && dropped_unreported_ == 0);
}

void LogBuffer::Run() {
  pthread_setname_np(pthread_self(), "log-flush");
  std::string out;
  mu_.Lock();
  while (AwaitLines()) {
    out.swap(pending_);
    if (dropped_unreported_ > 0 && options_.dropped_line) {
      out += options_.dropped_line(dropped_unreported_);
    }
    dropped_unreported_ = 0;
    const uint64_t upto = appended_;
    mu_.Unlock();
    WriteAll(out);
    out.clear();
    mu_.Lock();
    written_ = upto;
    flushed_.SignalAll();
  }
  mu_.Unlock();
}

void LogBuffer::WriteAll(const std::string& text) const {
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t n = write(options_.fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to write: the lines are lost
    data += n;
    left -= static_cast<std::size_t>(n);
  }
}

}  // namespace payout_gateway
