#ifndef PAYOUT_GATEWAY_COMMON_TIMER_H_
#define PAYOUT_GATEWAY_COMMON_TIMER_H_

#include <cstdint>
#include <functional>

#include "absl/functional/any_invocable.h"
#include "absl/time/time.h"

namespace payout_gateway {

// Runs callbacks later without blocking anyone: the sleeper of the retry
// loops. Injected so tests can see the exact delays asked for and fire them
// without waiting.
class Timer {
 public:
  using TimerId = uint64_t;

  virtual ~Timer() = default;

  // Runs `fn` once, `delay` from now, on a timer thread.
  virtual TimerId RunAfter(absl::Duration delay,
                           absl::AnyInvocable<void()> fn) = 0;

  // Runs the callback of `id` as soon as possible instead (the call it
  // sleeps for was cancelled). A no-op for a timer that already ran.
  virtual void FireNow(TimerId id) = 0;
};

// The current time; injected for the same reason.
using Clock = std::function<absl::Time()>;

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_COMMON_TIMER_H_
