#ifndef PAYOUT_GATEWAY_COMMON_THREAD_TIMER_H_
#define PAYOUT_GATEWAY_COMMON_THREAD_TIMER_H_

#include <map>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "common/timer.h"

namespace payout_gateway {

// A Timer with one thread of its own and an ordered queue of deadlines.
class ThreadTimer final : public Timer {
 public:
  ThreadTimer();
  // Runs the callbacks still queued, at once, then stops the thread: the
  // retry loops they belong to then see their calls out of time or
  // cancelled and finish.
  ~ThreadTimer() override;

  TimerId RunAfter(absl::Duration delay,
                   absl::AnyInvocable<void()> fn) override;
  void FireNow(TimerId id) override;

 private:
  void Run();

  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  TimerId next_id_ ABSL_GUARDED_BY(mu_) = 1;
  // (due, id) -> callback; the id breaks ties and finds FireNow's entry.
  std::map<std::pair<absl::Time, TimerId>, absl::AnyInvocable<void()>> queue_
      ABSL_GUARDED_BY(mu_);
  std::map<TimerId, absl::Time> due_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_COMMON_THREAD_TIMER_H_
