#ifndef PAYOUT_GATEWAY_CONNECTION_UPSTREAM_H_
#define PAYOUT_GATEWAY_CONNECTION_UPSTREAM_H_

#include <memory>

#include "absl/functional/any_invocable.h"
#include "absl/time/time.h"
#include "common/call_context.h"
#include "connection/connection_policies.h"
#include "connection/operation.h"
#include "connection/upstream_stub.h"

namespace payout_gateway {

// What a connection's steps work with: the stub stack that sends, and the
// policies that judge and pace. One attempt is one request sent by the stub
// and judged by the policies. Always held by shared_ptr: the steps in flight
// keep it alive.
class Upstream {
 public:
  Upstream(std::shared_ptr<const UpstreamStub> stub,
           std::shared_ptr<const ConnectionPolicies> policies);

  // Sends `request` (relative to the API prefix) once. `attempt_deadline`
  // may be earlier than the call's deadline, to leave time to reconcile.
  void Attempt(const CallContextPtr& ctx, Operation op, Api api,
               HttpRequest request, absl::Time attempt_deadline,
               absl::AnyInvocable<void(Exchange)> done) const;

  const ConnectionPolicies& policies() const { return *policies_; }

 private:
  const std::shared_ptr<const UpstreamStub> stub_;
  const std::shared_ptr<const ConnectionPolicies> policies_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_UPSTREAM_H_
