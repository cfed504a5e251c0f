#ifndef PAYOUT_GATEWAY_SERVER_PROMETHEUS_METRICS_H_
#define PAYOUT_GATEWAY_SERVER_PROMETHEUS_METRICS_H_

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/metrics.h"

namespace payout_gateway {

// Metrics for Prometheus, in memory; an HttpEndpoint serves Serialize() on
// `http://<metrics_listen>/metrics`:
//   payout_gateway_rpc_total{method,code}            calls by gRPC code
//   payout_gateway_rpc_duration_seconds{method}      call latency
//   payout_gateway_rpc_in_flight{method}             calls running now
//   payout_gateway_upstream_requests_total{route,method,outcome}
//   payout_gateway_upstream_duration_seconds{route,method}
//   payout_gateway_retries_total{operation}
//   payout_gateway_reconciliations_total{operation,result}
//   payout_gateway_retry_budget_tokens
//   payout_gateway_calls_refused_total{limit}        at a limit of work
//   payout_gateway_policy_denials_total{reason}
//   payout_gateway_policy_reloads_total{policy,result}
//   payout_gateway_policy_rejected{policy}           1 while the file on
//                                                    disk is one refused
//   payout_gateway_audit_write_failures_total
//   payout_gateway_callbacks_total{result}           Corefy's callbacks
//   payout_gateway_events_published_total{outcome}   new, stale, duplicate
//   payout_gateway_event_lag_seconds{method}         Corefy's update time
//                                                    to delivery on a stream
//   (streams open: payout_gateway_rpc_in_flight of WatchPayoutInvoice and
//   StreamPayoutEvents)
//   payout_gateway_build_info{version}               always 1
// Handles by their label values, resolved once: prometheus-cpp's
// Family::Add() builds a label map, hashes it and takes the family's lock on
// every call -- about 4 us for the handles one call records. A lookup here
// takes a shared lock and a hash of one short string.
template <typename Handles>
class HandleCache {
 public:
  // `resolve` makes the handles the first time `key` is seen.
  template <typename Resolve>
  Handles Get(absl::string_view key, Resolve resolve) {
    {
      absl::ReaderMutexLock lock(&mu_);
      auto it = map_.find(key);
      if (it != map_.end()) return it->second;
    }
    Handles handles = resolve();
    absl::MutexLock lock(&mu_);
    return map_.try_emplace(key, handles).first->second;
  }

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Handles> map_ ABSL_GUARDED_BY(mu_);
};

class PrometheusMetrics final : public Metrics {
 public:
  PrometheusMetrics();

  // The text exposition of every metric (what /metrics answers).
  std::string Serialize() const;

  void RpcStarted(absl::string_view method) override;
  void RpcFinished(absl::string_view method, absl::StatusCode code,
                   absl::Duration latency) override;
  void UpstreamRequest(absl::string_view route, absl::string_view http_method,
                       absl::string_view outcome,
                       absl::Duration latency) override;
  void Retry(absl::string_view operation) override;
  void Reconciliation(absl::string_view operation,
                      absl::string_view result) override;
  void RetryBudget(double tokens) override;
  void CallRefused(absl::string_view limit) override;
  void CallbackReceived(absl::string_view result) override;
  void EventPublished(absl::string_view outcome) override;
  void EventDelivered(absl::string_view method, absl::Duration lag) override;
  void PolicyDenied(absl::string_view reason) override;
  void PolicyReload(absl::string_view policy, bool ok) override;
  void AuditWriteFailed() override;

 private:
  struct CallHandles {
    prometheus::Counter* total;
    prometheus::Histogram* duration;
    prometheus::Gauge* in_flight;
  };
  struct UpstreamHandles {
    prometheus::Counter* total;
    prometheus::Histogram* duration;
  };

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& rpc_total_;
  prometheus::Family<prometheus::Histogram>& rpc_duration_;
  prometheus::Family<prometheus::Gauge>& rpc_in_flight_;
  prometheus::Family<prometheus::Counter>& upstream_total_;
  prometheus::Family<prometheus::Histogram>& upstream_duration_;
  prometheus::Family<prometheus::Counter>& retries_;
  prometheus::Family<prometheus::Counter>& reconciliations_;
  prometheus::Gauge& retry_budget_;
  prometheus::Family<prometheus::Counter>& calls_refused_;
  prometheus::Family<prometheus::Counter>& policy_denials_;
  prometheus::Family<prometheus::Counter>& policy_reloads_;
  prometheus::Family<prometheus::Gauge>& policy_rejected_;
  prometheus::Counter& audit_write_failures_;
  prometheus::Family<prometheus::Counter>& callbacks_;
  prometheus::Family<prometheus::Counter>& events_published_;
  prometheus::Family<prometheus::Histogram>& event_lag_;
  HandleCache<prometheus::Histogram*> event_lag_by_method_;
  HandleCache<prometheus::Gauge*> in_flight_by_method_;
  HandleCache<CallHandles> by_call_outcome_;
  HandleCache<UpstreamHandles> by_upstream_outcome_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_SERVER_PROMETHEUS_METRICS_H_
