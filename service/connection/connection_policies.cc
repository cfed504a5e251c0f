#include "connection/connection_policies.h"

#include <algorithm>
#include <utility>

namespace payout_gateway {
namespace {

// libcurl's timers tick in milliseconds: a timeout within a few of the
// caller's deadline is that deadline.
constexpr absl::Duration kTimerSlack = absl::Milliseconds(5);

}  // namespace

ConnectionPolicies::ConnectionPolicies(const UpstreamDeps& deps)
    : timer_(deps.timer),
      clock_(deps.clock),
      jitter_(deps.jitter),
      request_timeout_(deps.request_timeout),
      max_retry_after_(deps.retry.max_retry_after),
      fingerprint_key_(deps.fingerprint_key),
      public_key_(deps.upstream.public_key),
      budget_(deps.budget),
      metrics_(deps.metrics),
      retry_policy_(deps.retry.max_attempts),
      backoff_(deps.retry.initial_backoff, deps.retry.max_backoff,
               deps.retry.backoff_multiplier) {}

Exchange ConnectionPolicies::Judge(Operation op, HttpResult result,
                                   const CallContext& ctx,
                                   bool deadline_bound) const {
  Exchange exchange;
  if (result.outcome == TransferOutcome::kResponse &&
      result.response.status_code / 100 == 2) {
    exchange.ok = true;
    exchange.response = std::move(result.response);
    return exchange;
  }
  CallState call(DeadlinePassed(ctx));
  call.deadline_bound = deadline_bound;
  call.draining = ctx.IsDraining();
  exchange.failure = ClassifyUpstreamFailure(op, result, call, Now());
  CapRetryAfter(exchange.failure);
  return exchange;
}

void ConnectionPolicies::RecordSuccess() const {
  budget_->OnSuccess();
  metrics_->RetryBudget(budget_->tokens());
}

void ConnectionPolicies::RecordTransientFailure() const {
  budget_->OnFailure();
  metrics_->RetryBudget(budget_->tokens());
}

absl::Time ConnectionPolicies::ReconcilableAttemptDeadline(
    const CallContext& ctx) const {
  if (ctx.deadline() == absl::InfiniteFuture()) return absl::InfiniteFuture();
  const absl::Time now = Now();
  return now + (ctx.deadline() - now) * 2 / 3;
}

absl::Duration ConnectionPolicies::RetryWait(
    int retry, const UpstreamFailure& failure) const {
  return std::max(backoff_.Delay(retry, jitter_()),
                  failure.retry_after.value_or(absl::ZeroDuration()));
}

void ConnectionPolicies::CapRetryAfter(UpstreamFailure& failure) const {
  if (failure.retry_after.has_value()) {
    failure.retry_after = std::min(*failure.retry_after, max_retry_after_);
  }
}

bool ConnectionPolicies::DeadlinePassed(const CallContext& ctx) const {
  return Now() + kTimerSlack >= ctx.deadline();
}

void ConnectionPolicies::Sleep(const CallContextPtr& ctx, absl::Duration delay,
                               absl::AnyInvocable<void()> fn) const {
  const uint64_t ticket = ctx->BeginUpstream();
  Timer::TimerId id =
      timer_->RunAfter(delay, [ctx, ticket, fn = std::move(fn)]() mutable {
        ctx->EndUpstream(ticket);
        fn();
      });
  ctx->ArmCancel(ticket, [timer = timer_, id] { timer->FireNow(id); });
}

}  // namespace payout_gateway
