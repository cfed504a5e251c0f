#ifndef PAYOUT_GATEWAY_GRPC_ALARM_TIMER_H_
#define PAYOUT_GATEWAY_GRPC_ALARM_TIMER_H_

#include <grpcpp/alarm.h>

#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "common/timer.h"

namespace payout_gateway {

// A Timer on gRPC's own timers (grpc::Alarm): the callbacks run on gRPC's
// executor threads, which the server has anyway, so retry backoff costs no
// thread of its own.
class AlarmTimer final : public Timer {
 public:
  AlarmTimer();
  // Runs the callbacks still waiting, at once, and returns when all have
  // returned: the retry loops they belong to then see their calls out of
  // time or cancelled and finish.
  ~AlarmTimer() override;

  TimerId RunAfter(absl::Duration delay,
                   absl::AnyInvocable<void()> fn) override;
  void FireNow(TimerId id) override;

 private:
  struct Entry {
    std::shared_ptr<grpc::Alarm> alarm;
    absl::AnyInvocable<void()> fn;
  };

  // The alarm's callback, whether it expired or was cancelled.
  void Fire(TimerId id);

  absl::Mutex mu_;
  TimerId next_id_ ABSL_GUARDED_BY(mu_) = 1;
  absl::flat_hash_map<TimerId, Entry> entries_ ABSL_GUARDED_BY(mu_);
  // Callbacks set and not yet returned; the destructor waits for zero.
  int outstanding_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_GRPC_ALARM_TIMER_H_
