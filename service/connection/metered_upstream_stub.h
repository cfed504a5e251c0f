#ifndef PAYOUT_GATEWAY_CONNECTION_METERED_UPSTREAM_STUB_H_
#define PAYOUT_GATEWAY_CONNECTION_METERED_UPSTREAM_STUB_H_

#include <memory>

#include "common/metrics.h"
#include "connection/upstream_stub.h"

namespace payout_gateway {

// Decorates an UpstreamStub with the upstream request metrics: one
// observation per request, by route, method and outcome (the HTTP status,
// or how the transfer failed), with its latency.
class MeteredUpstreamStub final : public UpstreamStub {
 public:
  MeteredUpstreamStub(std::shared_ptr<const UpstreamStub> child,
                      std::shared_ptr<Metrics> metrics);

  void Send(const CallContextPtr& ctx, Api api, HttpRequest request,
            absl::AnyInvocable<void(HttpResult)> done) const override;

 private:
  const std::shared_ptr<const UpstreamStub> child_;
  const std::shared_ptr<Metrics> metrics_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_METERED_UPSTREAM_STUB_H_
