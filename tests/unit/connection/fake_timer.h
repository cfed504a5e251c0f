#ifndef PAYOUT_GATEWAY_TESTS_UNIT_CONNECTION_FAKE_TIMER_H_
#define PAYOUT_GATEWAY_TESTS_UNIT_CONNECTION_FAKE_TIMER_H_

#include <map>
#include <vector>

#include "common/timer.h"

namespace payout_gateway {

// A Timer over a fake clock: RunAfter records the delay, moves the clock
// forward by it and runs the callback at once. Tests read the exact delays
// the retry logic asked for, without sleeping.
class FakeTimer : public Timer {
 public:
  explicit FakeTimer(absl::Time start) : now_(start) {}

  absl::Time now() const { return now_; }
  void Advance(absl::Duration d) { now_ += d; }
  Clock clock() {
    return [this] { return now_; };
  }
  const std::vector<absl::Duration>& delays() const { return delays_; }

  TimerId RunAfter(absl::Duration delay,
                   absl::AnyInvocable<void()> fn) override {
    delays_.push_back(delay);
    now_ += delay;
    fn();
    return ++next_;
  }
  void FireNow(TimerId) override {}

 private:
  absl::Time now_;
  std::vector<absl::Duration> delays_;
  TimerId next_ = 0;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_TESTS_UNIT_CONNECTION_FAKE_TIMER_H_
