#include "connection/metered_upstream_stub.h"

#include <string>
#include <utility>

#include "absl/time/clock.h"

namespace payout_gateway {

MeteredUpstreamStub::MeteredUpstreamStub(
    std::shared_ptr<const UpstreamStub> child, std::shared_ptr<Metrics> metrics)
    : child_(std::move(child)), metrics_(std::move(metrics)) {}

void MeteredUpstreamStub::Send(
    const CallContextPtr& ctx, Api api, HttpRequest request,
    absl::AnyInvocable<void(HttpResult)> done) const {
  auto on_result = [metrics = metrics_, route = request.route,
                    method = request.method, start = absl::Now(),
                    done = std::move(done)](HttpResult result) mutable {
    metrics->UpstreamRequest(
        route, HttpMethodName(method),
        result.outcome == TransferOutcome::kResponse
            ? std::to_string(result.response.status_code)
            : std::string(TransferOutcomeName(result.outcome)),
        absl::Now() - start);
    done(std::move(result));
  };
  child_->Send(ctx, api, std::move(request), std::move(on_result));
}

}  // namespace payout_gateway
