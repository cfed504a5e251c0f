#include "grpc/alarm_timer.h"

#include <grpc/grpc.h>

#include <utility>
#include <vector>

#include "absl/time/clock.h"

namespace payout_gateway {

// gRPC must outlive the last callback, which runs after the last Alarm
// object may be gone: hold the library for the timer's whole life.
AlarmTimer::AlarmTimer() { grpc_init(); }

AlarmTimer::~AlarmTimer() {
  std::vector<std::shared_ptr<grpc::Alarm>> waiting;
  {
    absl::MutexLock lock(&mu_);
    for (auto& [id, entry] : entries_) waiting.push_back(entry.alarm);
  }
  // Cancelling runs each callback at once (on gRPC's threads).
  for (auto& alarm : waiting) alarm->Cancel();
  waiting.clear();
  {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](int* outstanding) { return *outstanding == 0; }, &outstanding_));
  }
  grpc_shutdown();
}

Timer::TimerId AlarmTimer::RunAfter(absl::Duration delay,
                                    absl::AnyInvocable<void()> fn) {
  auto alarm = std::make_shared<grpc::Alarm>();
  TimerId id;
  {
    absl::MutexLock lock(&mu_);
    id = next_id_++;
    entries_.emplace(id, Entry{alarm, std::move(fn)});
    ++outstanding_;
  }
  // Registered before it is set: the callback always finds its entry.
  alarm->Set(absl::ToChronoTime(absl::Now() + delay),
             [this, id](bool /*expired*/) { Fire(id); });
  return id;
}

void AlarmTimer::FireNow(TimerId id) {
  std::shared_ptr<grpc::Alarm> alarm;
  {
    absl::MutexLock lock(&mu_);
    auto it = entries_.find(id);
    if (it == entries_.end()) return;  // already ran
    alarm = it->second.alarm;
  }
  // Outside the lock: cancelling may run Fire on this very thread.
  alarm->Cancel();
}

void AlarmTimer::Fire(TimerId id) {
  Entry entry;
  {
    absl::MutexLock lock(&mu_);
    auto it = entries_.find(id);
    entry = std::move(it->second);
    entries_.erase(it);
  }
  entry.fn();
  // The alarm goes before the count: the destructor may return right after.
  entry = Entry{};
  absl::MutexLock lock(&mu_);
  --outstanding_;
}

}  // namespace payout_gateway
