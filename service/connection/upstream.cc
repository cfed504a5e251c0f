#include "connection/upstream.h"

#include <algorithm>
#include <utility>

namespace payout_gateway {

Upstream::Upstream(std::shared_ptr<const UpstreamStub> stub,
                   std::shared_ptr<const ConnectionPolicies> policies)
    : stub_(std::move(stub)), policies_(std::move(policies)) {}

void Upstream::Attempt(const CallContextPtr& ctx, Operation op, Api api,
                       HttpRequest request, absl::Time attempt_deadline,
                       absl::AnyInvocable<void(Exchange)> done) const {
  request.deadline = std::min(attempt_deadline, ctx->deadline());
  // Whose time bounds the transfer: the caller's (or the share of it this
  // attempt has), or the gateway's own upstream timeout.
  const bool deadline_bound = policies_->BoundByDeadline(request.deadline);
  stub_->Send(
      ctx, api, std::move(request),
      [policies = policies_, ctx, op, deadline_bound,
       done = std::move(done)](HttpResult result) mutable {
        done(policies->Judge(op, std::move(result), *ctx, deadline_bound));
      });
}

}  // namespace payout_gateway
