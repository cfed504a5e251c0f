#include "server/prometheus_metrics.h"

#include <prometheus/text_serializer.h>

#include "absl/strings/str_cat.h"

namespace payout_gateway {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

// From half a millisecond (the gateway's own overhead) to 30 s (the
// default upstream timeout).
prometheus::Histogram::BucketBoundaries LatencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
          0.25,   0.5,   1,      2.5,   5,    10,    30};
}

// From 10 ms (a callback delivered at once) to an hour (a watch that fell
// back to polling at its longest interval).
prometheus::Histogram::BucketBoundaries LagBuckets() {
  return {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600};
}

}  // namespace

PrometheusMetrics::PrometheusMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      rpc_total_(BuildCounter()
                     .Name("payout_gateway_rpc_total")
                     .Help("gRPC calls handled, by method and status code")
                     .Register(*registry_)),
      rpc_duration_(BuildHistogram()
                        .Name("payout_gateway_rpc_duration_seconds")
                        .Help("gRPC call latency, by method")
                        .Register(*registry_)),
      rpc_in_flight_(BuildGauge()
                         .Name("payout_gateway_rpc_in_flight")
                         .Help("gRPC calls in flight, by method")
                         .Register(*registry_)),
      upstream_total_(
          BuildCounter()
              .Name("payout_gateway_upstream_requests_total")
              .Help("requests to Corefy, by route, method and HTTP status or "
                    "transfer failure")
              .Register(*registry_)),
      upstream_duration_(BuildHistogram()
                             .Name("payout_gateway_upstream_duration_seconds")
                             .Help("latency of requests to Corefy, by route")
                             .Register(*registry_)),
      retries_(BuildCounter()
                   .Name("payout_gateway_retries_total")
                   .Help("upstream requests sent again, by operation")
                   .Register(*registry_)),
      reconciliations_(BuildCounter()
                           .Name("payout_gateway_reconciliations_total")
                           .Help("lookups that settled an unknown outcome, by "
                                 "operation and result")
                           .Register(*registry_)),
      retry_budget_(BuildGauge()
                        .Name("payout_gateway_retry_budget_tokens")
                        .Help("tokens left in the retry budget (gRFC A6)")
                        .Register(*registry_)
                        .Add({})),
      calls_refused_(BuildCounter()
                         .Name("payout_gateway_calls_refused_total")
                         .Help("calls refused at a limit of work in flight, "
                               "by limit")
                         .Register(*registry_)),
      policy_denials_(BuildCounter()
                          .Name("payout_gateway_policy_denials_total")
                          .Help("calls denied by the payout policy, by reason")
                          .Register(*registry_)),
      policy_reloads_(BuildCounter()
                          .Name("payout_gateway_policy_reloads_total")
                          .Help("policy files read after a change, by policy "
                                "and result (ok, rejected)")
                          .Register(*registry_)),
      policy_rejected_(
          BuildGauge()
              .Name("payout_gateway_policy_rejected")
              .Help("1 while the policy file on disk was refused and the "
                    "last good one is in force, by policy")
              .Register(*registry_)),
      audit_write_failures_(
          BuildCounter()
              .Name("payout_gateway_audit_write_failures_total")
              .Help("audit records that could not be written")
              .Register(*registry_)
              .Add({})),
      callbacks_(BuildCounter()
                     .Name("payout_gateway_callbacks_total")
                     .Help("Corefy's status callbacks, by what became of them")
                     .Register(*registry_)),
      events_published_(
          BuildCounter()
              .Name("payout_gateway_events_published_total")
              .Help("events of accepted callbacks, by what the bus made of "
                    "them")
              .Register(*registry_)),
      event_lag_(BuildHistogram()
                     .Name("payout_gateway_event_lag_seconds")
                     .Help("from Corefy's update time of a change (whole "
                           "seconds) to its delivery on a stream, by method")
                     .Register(*registry_)) {
  BuildGauge()
      .Name("payout_gateway_build_info")
      .Help("the gateway's version")
      .Register(*registry_)
      .Add({{"version", PAYOUT_GATEWAY_VERSION}})
      .Set(1);
}

std::string PrometheusMetrics::Serialize() const {
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

// The cache keys join label values with a byte no label value holds.
void PrometheusMetrics::RpcStarted(absl::string_view method) {
  in_flight_by_method_
      .Get(method,
           [&] {
             return &rpc_in_flight_.Add({{"method", std::string(method)}});
           })
      ->Increment();
}

void PrometheusMetrics::RpcFinished(absl::string_view method,
                                    absl::StatusCode code,
                                    absl::Duration latency) {
  const std::string code_name = absl::StatusCodeToString(code);
  const CallHandles h =
      by_call_outcome_.Get(absl::StrCat(method, "\n", code_name), [&] {
        const std::string m(method);
        return CallHandles{
            &rpc_total_.Add({{"method", m}, {"code", code_name}}),
            &rpc_duration_.Add({{"method", m}}, LatencyBuckets()),
            &rpc_in_flight_.Add({{"method", m}})};
      });
  h.in_flight->Decrement();
  h.total->Increment();
  h.duration->Observe(absl::ToDoubleSeconds(latency));
}

void PrometheusMetrics::UpstreamRequest(absl::string_view route,
                                        absl::string_view http_method,
                                        absl::string_view outcome,
                                        absl::Duration latency) {
  const UpstreamHandles h = by_upstream_outcome_.Get(
      absl::StrCat(route, "\n", http_method, "\n", outcome), [&] {
        const std::string r(route), m(http_method);
        return UpstreamHandles{
            &upstream_total_.Add({{"route", r},
                                  {"method", m},
                                  {"outcome", std::string(outcome)}}),
            &upstream_duration_.Add({{"route", r}, {"method", m}},
                                    LatencyBuckets())};
      });
  h.total->Increment();
  h.duration->Observe(absl::ToDoubleSeconds(latency));
}

void PrometheusMetrics::Retry(absl::string_view operation) {
  retries_.Add({{"operation", std::string(operation)}}).Increment();
}

void PrometheusMetrics::Reconciliation(absl::string_view operation,
                                       absl::string_view result) {
  reconciliations_
      .Add({{"operation", std::string(operation)},
            {"result", std::string(result)}})
      .Increment();
}

void PrometheusMetrics::RetryBudget(double tokens) {
  retry_budget_.Set(tokens);
}

void PrometheusMetrics::CallbackReceived(absl::string_view result) {
  callbacks_.Add({{"result", std::string(result)}}).Increment();
}

void PrometheusMetrics::EventPublished(absl::string_view outcome) {
  events_published_.Add({{"outcome", std::string(outcome)}}).Increment();
}

void PrometheusMetrics::EventDelivered(absl::string_view method,
                                       absl::Duration lag) {
  event_lag_by_method_
      .Get(method,
           [&] {
             return &event_lag_.Add({{"method", std::string(method)}},
                                    LagBuckets());
           })
      ->Observe(absl::ToDoubleSeconds(lag));
}

void PrometheusMetrics::CallRefused(absl::string_view limit) {
  calls_refused_.Add({{"limit", std::string(limit)}}).Increment();
}

void PrometheusMetrics::PolicyDenied(absl::string_view reason) {
  policy_denials_.Add({{"reason", std::string(reason)}}).Increment();
}

void PrometheusMetrics::PolicyReload(absl::string_view policy, bool ok) {
  const std::string p(policy);
  policy_reloads_.Add({{"policy", p}, {"result", ok ? "ok" : "rejected"}})
      .Increment();
  policy_rejected_.Add({{"policy", p}}).Set(ok ? 0 : 1);
}

void PrometheusMetrics::AuditWriteFailed() {
  audit_write_failures_.Increment();
}

}  // namespace payout_gateway
