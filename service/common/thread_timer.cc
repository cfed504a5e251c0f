#include "common/thread_timer.h"

#include <vector>

#include "absl/time/clock.h"

namespace payout_gateway {

ThreadTimer::ThreadTimer() : thread_([this] { Run(); }) {}

ThreadTimer::~ThreadTimer() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

Timer::TimerId ThreadTimer::RunAfter(absl::Duration delay,
                                     absl::AnyInvocable<void()> fn) {
  absl::MutexLock lock(&mu_);
  TimerId id = next_id_++;
  absl::Time due = absl::Now() + delay;
  queue_.emplace(std::make_pair(due, id), std::move(fn));
  due_.emplace(id, due);
  return id;
}

void ThreadTimer::FireNow(TimerId id) {
  absl::MutexLock lock(&mu_);
  auto it = due_.find(id);
  if (it == due_.end()) return;
  auto node = queue_.extract(std::make_pair(it->second, id));
  it->second = absl::InfinitePast();
  queue_.emplace(std::make_pair(absl::InfinitePast(), id),
                 std::move(node.mapped()));
}

void ThreadTimer::Run() {
  while (true) {
    std::vector<absl::AnyInvocable<void()>> ready;
    {
      absl::MutexLock lock(&mu_);
      const absl::Time wake =
          queue_.empty() ? absl::InfiniteFuture() : queue_.begin()->first.first;
      // Sleep until the earliest entry is due, or until an entry due even
      // earlier arrives (or FireNow moves one), or shutdown.
      auto earlier_or_stopping = [this,
                                  wake]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ ||
               (!queue_.empty() && queue_.begin()->first.first < wake);
      };
      mu_.AwaitWithDeadline(absl::Condition(&earlier_or_stopping), wake);
      absl::Time now = absl::Now();
      while (!queue_.empty() &&
             (stopping_ || queue_.begin()->first.first <= now)) {
        auto node = queue_.extract(queue_.begin());
        due_.erase(node.key().second);
        ready.push_back(std::move(node.mapped()));
      }
      if (stopping_ && ready.empty()) return;
    }
    for (auto& fn : ready) fn();
  }
}

}  // namespace payout_gateway
