#include <gtest/gtest.h>

#include "connection/backoff_policy.h"
#include "connection/idempotency_policy.h"
#include "connection/retry_budget.h"
#include "connection/retry_policy.h"

namespace payout_gateway {
namespace {

TEST(BackoffPolicy, GrowsExponentiallyUpToTheCap) {
  BackoffPolicy b(absl::Milliseconds(100), absl::Seconds(1), 2.0);
  EXPECT_EQ(b.Cap(0), absl::Milliseconds(100));
  EXPECT_EQ(b.Cap(1), absl::Milliseconds(200));
  EXPECT_EQ(b.Cap(3), absl::Milliseconds(800));
  EXPECT_EQ(b.Cap(4), absl::Seconds(1));
  EXPECT_EQ(b.Cap(30), absl::Seconds(1));
}

TEST(BackoffPolicy, FullJitterSpansZeroToTheCap) {
  BackoffPolicy b(absl::Milliseconds(100), absl::Seconds(1), 2.0);
  EXPECT_EQ(b.Delay(2, 0.0), absl::ZeroDuration());
  EXPECT_EQ(b.Delay(2, 0.5), absl::Milliseconds(200));
  EXPECT_EQ(b.Delay(2, 0.25), absl::Milliseconds(100));
  EXPECT_EQ(b.Delay(9, 0.5), absl::Milliseconds(500));
}

UpstreamFailure Failure(bool transient, bool may_have_acted) {
  UpstreamFailure f;
  f.transient = transient;
  f.may_have_acted = may_have_acted;
  return f;
}

TEST(IdempotencyPolicy, ReadsMayAlwaysBeResentCreateOnlyIfNeverSent) {
  EXPECT_TRUE(IdempotencyPolicy::IsIdempotent(Operation::kGetPayoutInvoice));
  EXPECT_TRUE(IdempotencyPolicy::IsIdempotent(Operation::kPayoutPrerequest));
  EXPECT_FALSE(
      IdempotencyPolicy::IsIdempotent(Operation::kCreatePayoutInvoice));
  EXPECT_FALSE(
      IdempotencyPolicy::IsIdempotent(Operation::kProcessPayoutInvoice));

  const bool read = true, write = false;
  EXPECT_TRUE(IdempotencyPolicy::MayResendAsIs(read, Failure(true, true)));
  EXPECT_TRUE(IdempotencyPolicy::MayResendAsIs(write, Failure(true, false)));
  EXPECT_FALSE(IdempotencyPolicy::MayResendAsIs(write, Failure(true, true)));
  EXPECT_FALSE(IdempotencyPolicy::MayResendAsIs(read, Failure(false, false)));
}

TEST(RetryPolicy, StopsAfterMaxAttempts) {
  RetryPolicy p(3);
  UpstreamFailure transient = Failure(true, false);
  EXPECT_TRUE(p.ShouldRetry(true, transient, 1));
  EXPECT_TRUE(p.ShouldRetry(true, transient, 2));
  EXPECT_FALSE(p.ShouldRetry(true, transient, 3));
  EXPECT_FALSE(p.ShouldRetry(true, Failure(false, false), 1));
  EXPECT_FALSE(p.ShouldRetry(false, Failure(true, true), 1));
}

TEST(RetryBudget, ThrottlesBelowHalfAndRefillsOnSuccess) {
  RetryBudget budget(10, 0.5);
  EXPECT_TRUE(budget.CanRetry());
  for (int i = 0; i < 4; ++i) budget.OnFailure();
  EXPECT_DOUBLE_EQ(budget.tokens(), 6);
  EXPECT_TRUE(budget.CanRetry());
  budget.OnFailure();
  EXPECT_DOUBLE_EQ(budget.tokens(), 5);
  EXPECT_FALSE(budget.CanRetry());  // at half: retries off
  budget.OnSuccess();
  EXPECT_DOUBLE_EQ(budget.tokens(), 5.5);
  EXPECT_TRUE(budget.CanRetry());
  for (int i = 0; i < 100; ++i) budget.OnSuccess();
  EXPECT_DOUBLE_EQ(budget.tokens(), 10);  // capped
  for (int i = 0; i < 100; ++i) budget.OnFailure();
  EXPECT_DOUBLE_EQ(budget.tokens(), 0);  // floored
}

}  // namespace
}  // namespace payout_gateway
