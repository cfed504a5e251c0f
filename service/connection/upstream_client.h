#ifndef PAYOUT_GATEWAY_CONNECTION_UPSTREAM_CLIENT_H_
#define PAYOUT_GATEWAY_CONNECTION_UPSTREAM_CLIENT_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/functional/any_invocable.h"
#include "absl/time/time.h"
#include "common/call_context.h"
#include "common/metrics.h"
#include "common/timer.h"
#include "connection/backoff_policy.h"
#include "connection/operation.h"
#include "connection/retry_budget.h"
#include "connection/retry_options.h"
#include "connection/retry_policy.h"
#include "connection/upstream_failure.h"
#include "connection/upstream_options.h"
#include "rest/http_transport.h"

namespace payout_gateway {

// What the connection's steps share for the life of the process.
struct UpstreamDeps {
  std::shared_ptr<HttpTransport> transport;
  std::shared_ptr<Timer> timer;
  Clock clock;
  std::function<double()> jitter;  // uniform in [0, 1)
  UpstreamOptions upstream;
  // The transport's own limit on one request (--upstream_timeout): a
  // transfer that ends earlier than it ran out of the caller's time.
  absl::Duration request_timeout = absl::Seconds(30);
  RetryOptions retry;
  // Keys the fingerprint a create leaves in the invoice's metadata
  // (RequestFingerprint).
  std::string fingerprint_key;
  std::shared_ptr<RetryBudget> budget;
  std::shared_ptr<Metrics> metrics = NoMetrics();
};

enum class Api { kPrivate, kPublic };

// The answer of one attempt: a 2xx response, or what the failure means.
struct Exchange {
  bool ok = false;
  HttpResponse response;
  UpstreamFailure failure;
};

// One attempt at a time against the upstream, for the steps of a call:
// completes a relative request (base URL, prefix, HTTP Basic for the private
// API, request id, deadline), sends it bounded by the call's cancellation,
// and classifies a failure. Also the steps' sleeper and clock. Always held
// by shared_ptr: callbacks in flight keep it alive.
class UpstreamClient : public std::enable_shared_from_this<UpstreamClient> {
 public:
  explicit UpstreamClient(UpstreamDeps deps);

  // Sends `request` (relative to the API prefix) once. `attempt_deadline`
  // may be earlier than the call's deadline, to leave time to reconcile.
  void Send(const CallContextPtr& ctx, Operation op, Api api,
            HttpRequest request, absl::Time attempt_deadline,
            absl::AnyInvocable<void(Exchange)> done) const;

  // Runs `fn` after `delay`, or at once if the call is cancelled meanwhile.
  void Sleep(const CallContextPtr& ctx, absl::Duration delay,
             absl::AnyInvocable<void()> fn) const;

  absl::Time Now() const { return deps_.clock(); }
  double Jitter() const { return deps_.jitter(); }
  const UpstreamOptions& upstream() const { return deps_.upstream; }
  const std::string& fingerprint_key() const { return deps_.fingerprint_key; }
  const RetryPolicy& retry_policy() const { return retry_policy_; }
  const BackoffPolicy& backoff() const { return backoff_; }
  bool CanRetry() const { return deps_.budget->CanRetry(); }
  Metrics& metrics() const { return *deps_.metrics; }

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
  HttpRequest Prepare(Api api, HttpRequest request,
                      const CallContext& ctx) const;
  // An upstream may ask for any wait in Retry-After (an hour, a year): the
  // gateway waits, and advises its callers to wait, at most
  // RetryOptions::max_retry_after. The caller's deadline caps it further.
  void CapRetryAfter(UpstreamFailure& failure) const;

  UpstreamDeps deps_;
  RetryPolicy retry_policy_;
  BackoffPolicy backoff_;
  std::string authorization_;  // "Basic base64(account_id:api_key)"
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_UPSTREAM_CLIENT_H_
