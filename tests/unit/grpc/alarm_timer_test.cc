#include "grpc/alarm_timer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"

namespace payout_gateway {
namespace {

TEST(AlarmTimer, RunsCallbacksInDueOrder) {
  AlarmTimer timer;
  std::mutex mu;
  std::vector<int> order;
  absl::Notification done;
  auto record = [&](int n) {
    std::lock_guard<std::mutex> lock(mu);
    order.push_back(n);
    if (order.size() == 3) done.Notify();
  };
  timer.RunAfter(absl::Milliseconds(60), [&] { record(3); });
  timer.RunAfter(absl::Milliseconds(20), [&] { record(1); });
  timer.RunAfter(absl::Milliseconds(40), [&] { record(2); });
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(5)));
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST(AlarmTimer, DoesNotRunEarly) {
  AlarmTimer timer;
  absl::Notification done;
  absl::Time start = absl::Now();
  absl::Time ran;
  timer.RunAfter(absl::Milliseconds(50), [&] {
    ran = absl::Now();
    done.Notify();
  });
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(5)));
  EXPECT_GE(ran - start, absl::Milliseconds(50));
}

TEST(AlarmTimer, AnEarlierEntryIsNotHeldBackByALaterOne) {
  AlarmTimer timer;
  timer.RunAfter(absl::Hours(1), [] {});
  absl::Notification done;
  timer.RunAfter(absl::Milliseconds(10), [&] { done.Notify(); });
  EXPECT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(5)));
}

TEST(AlarmTimer, FireNowRunsAtOnce) {
  AlarmTimer timer;
  absl::Notification done;
  auto id = timer.RunAfter(absl::Hours(1), [&] { done.Notify(); });
  timer.FireNow(id);
  EXPECT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(5)));
  timer.FireNow(id);  // already ran: harmless
}

TEST(AlarmTimer, ShutdownRunsWhatIsQueued) {
  std::atomic<int> ran{0};
  {
    AlarmTimer timer;
    timer.RunAfter(absl::Hours(1), [&] { ++ran; });
    timer.RunAfter(absl::Hours(2), [&] { ++ran; });
  }
  EXPECT_EQ(ran, 2);
}

}  // namespace
}  // namespace payout_gateway
