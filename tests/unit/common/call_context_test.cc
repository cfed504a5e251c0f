#include "common/call_context.h"

#include <gtest/gtest.h>

namespace payout_gateway {
namespace {

TEST(CallContext, CancelRunsTheArmedHookOnce) {
  CallContext ctx(absl::InfiniteFuture(), "req-1");
  int runs = 0;
  uint64_t ticket = ctx.BeginUpstream();
  ctx.ArmCancel(ticket, [&] { ++runs; });
  ctx.Cancel();
  ctx.Cancel();
  EXPECT_EQ(runs, 1);
  EXPECT_TRUE(ctx.IsCancelled());
}

TEST(CallContext, ArmingAfterCancelRunsAtOnce) {
  CallContext ctx(absl::InfiniteFuture(), "");
  ctx.Cancel();
  int runs = 0;
  uint64_t ticket = ctx.BeginUpstream();
  ctx.ArmCancel(ticket, [&] { ++runs; });
  EXPECT_EQ(runs, 1);
}

TEST(CallContext, HookOfAnEndedRequestIsNeverArmed) {
  // The upstream answered before the hook was armed: a later cancel must not
  // reach the finished request (or the next one).
  CallContext ctx(absl::InfiniteFuture(), "");
  int stale = 0;
  int current = 0;
  uint64_t first = ctx.BeginUpstream();
  ctx.EndUpstream(first);
  uint64_t second = ctx.BeginUpstream();
  ctx.ArmCancel(second, [&] { ++current; });
  ctx.ArmCancel(first, [&] { ++stale; });
  ctx.Cancel();
  EXPECT_EQ(stale, 0);
  EXPECT_EQ(current, 1);
}

TEST(CallContext, EndedRequestIsNotCancelled) {
  CallContext ctx(absl::InfiniteFuture(), "");
  int runs = 0;
  uint64_t ticket = ctx.BeginUpstream();
  ctx.ArmCancel(ticket, [&] { ++runs; });
  ctx.EndUpstream(ticket);
  ctx.Cancel();
  EXPECT_EQ(runs, 0);
}

TEST(CallContext, KeepsDeadlineAndRequestId) {
  absl::Time deadline = absl::FromUnixSeconds(1700000000);
  CallContext ctx(deadline, "abc");
  EXPECT_EQ(ctx.deadline(), deadline);
  EXPECT_EQ(ctx.request_id(), "abc");
}

}  // namespace
}  // namespace payout_gateway
