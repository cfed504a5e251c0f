#ifndef PAYOUT_GATEWAY_COMMON_METRICS_H_
#define PAYOUT_GATEWAY_COMMON_METRICS_H_

#include <memory>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace payout_gateway {

// What the layers report for monitoring. This base class records nothing;
// the server plugs in the Prometheus implementation
// (server/prometheus_metrics.h). Implementations must be thread-safe and
// cheap: they are called on every call and upstream request.
class Metrics {
 public:
  virtual ~Metrics() = default;

  // A gRPC call began / ended.
  virtual void RpcStarted(absl::string_view method) {}
  virtual void RpcFinished(absl::string_view method, absl::StatusCode code,
                           absl::Duration latency) {}

  // One upstream HTTP request. `route` is the path template
  // ("/payout-invoices/{id}"), `outcome` the HTTP status ("200", "503") or
  // how the transfer failed ("not_sent", "outcome_unknown", "cancelled").
  virtual void UpstreamRequest(absl::string_view route,
                               absl::string_view http_method,
                               absl::string_view outcome,
                               absl::Duration latency) {}

  // The gateway sent a request again (after a backoff) for `operation`.
  virtual void Retry(absl::string_view operation) {}

  // The gateway looked an invoice up to settle an unknown outcome;
  // `result` is "happened", "not_happened" or "unknown".
  virtual void Reconciliation(absl::string_view operation,
                              absl::string_view result) {}

  // Tokens left in the retry budget.
  virtual void RetryBudget(double tokens) {}

  // A call refused at a limit of work in flight ("calls_in_flight",
  // "request_bytes_in_flight").
  virtual void CallRefused(absl::string_view limit) {}

  // A call denied by the payout policy, by ErrorInfo reason.
  virtual void PolicyDenied(absl::string_view reason) {}

  // A callback from Corefy, by what became of it ("accepted",
  // "bad_signature", "missing_signature", "too_large", "wrong_content_type",
  // "malformed", "bus_unavailable").
  virtual void CallbackReceived(absl::string_view result) {}

  // An accepted callback's event, by what the bus made of it ("new",
  // "stale", "duplicate").
  virtual void EventPublished(absl::string_view outcome) {}

  // A streaming call (`method`) delivered a change (pushed or polled, not
  // a watch's initial read) to its caller, `lag` after Corefy's update time
  // of the change (whole seconds upstream, so up to a second more than the
  // true lag).
  virtual void EventDelivered(absl::string_view method, absl::Duration lag) {}

  // A policy file ("payout") was read again after a change:
  // `ok` when it took effect, false when it was refused and the last good
  // one stays.
  virtual void PolicyReload(absl::string_view policy, bool ok) {}

  // An audit record could not be written.
  virtual void AuditWriteFailed() {}
};

// A Metrics that records nothing (for tests and tools).
inline std::shared_ptr<Metrics> NoMetrics() {
  return std::make_shared<Metrics>();
}

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_COMMON_METRICS_H_
