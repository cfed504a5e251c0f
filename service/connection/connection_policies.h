#ifndef PAYOUT_GATEWAY_CONNECTION_CONNECTION_POLICIES_H_
#define PAYOUT_GATEWAY_CONNECTION_CONNECTION_POLICIES_H_

#include <memory>
#include <string>

#include "absl/functional/any_invocable.h"
#include "absl/time/time.h"
#include "common/call_context.h"
#include "common/metrics.h"
#include "connection/backoff_policy.h"
#include "connection/operation.h"
#include "connection/retry_policy.h"
#include "connection/upstream_deps.h"
#include "connection/upstream_failure.h"
#include "rest/http_types.h"

namespace payout_gateway {

// The answer of one attempt: a 2xx response, or what the failure means.
struct Exchange {
  bool ok = false;
  HttpResponse response;
  UpstreamFailure failure;
};

// The policies a connection owns and its steps (RetryLoop, CreateFlow,
// ProcessFlow) consult: when to retry and how long to wait, the retry
// budget, what an upstream failure means, the clock and the sleeper. It
// sends nothing: that is the UpstreamStub's job.
class ConnectionPolicies {
 public:
  explicit ConnectionPolicies(const UpstreamDeps& deps);

  // What `result` of one request means for `op`: a usable 2xx response, or
  // the failure with its hint. `deadline_bound`: the caller's time (not the
  // gateway's --upstream_timeout) bounded the transfer.
  Exchange Judge(Operation op, HttpResult result, const CallContext& ctx,
                 bool deadline_bound) const;

  // Whether a transfer ending at `deadline` ends by the caller's time rather
  // than by the gateway's own upstream timeout.
  bool BoundByDeadline(absl::Time deadline) const {
    return deadline < Now() + request_timeout_;
  }

  // Runs `fn` after `delay`, or at once if the call is cancelled meanwhile.
  void Sleep(const CallContextPtr& ctx, absl::Duration delay,
             absl::AnyInvocable<void()> fn) const;

  absl::Time Now() const { return clock_(); }
  const std::string& fingerprint_key() const { return fingerprint_key_; }
  const std::string& public_key() const { return public_key_; }
  const RetryPolicy& retry_policy() const { return retry_policy_; }
  const BackoffPolicy& backoff() const { return backoff_; }
  bool CanRetry() const { return budget_->CanRetry(); }
  Metrics& metrics() const { return *metrics_; }

  // Feed the retry budget (and its gauge) with an attempt's outcome.
  void RecordSuccess() const;
  void RecordTransientFailure() const;

  // The deadline for one attempt at a request that may act (create,
  // process): two thirds of the time the call has left, keeping the rest
  // for reconciling a lost answer.
  absl::Time ReconcilableAttemptDeadline(const CallContext& ctx) const;

  // The wait before retry number `retry` (0 for the first resend): the
  // backoff, or longer when the upstream asked for it (Retry-After).
  absl::Duration RetryWait(int retry, const UpstreamFailure& failure) const;

  // Whether the call's deadline has passed, to within timer resolution.
  bool DeadlinePassed(const CallContext& ctx) const;

 private:
  // An upstream may ask for any wait in Retry-After (an hour, a year): the
  // gateway waits, and advises its callers to wait, at most
  // RetryOptions::max_retry_after. The caller's deadline caps it further.
  void CapRetryAfter(UpstreamFailure& failure) const;

  const std::shared_ptr<Timer> timer_;
  const Clock clock_;
  const std::function<double()> jitter_;
  const absl::Duration request_timeout_;
  const absl::Duration max_retry_after_;
  const std::string fingerprint_key_;
  const std::string public_key_;
  const std::shared_ptr<RetryBudget> budget_;
  const std::shared_ptr<Metrics> metrics_;
  const RetryPolicy retry_policy_;
  const BackoffPolicy backoff_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_CONNECTION_POLICIES_H_
