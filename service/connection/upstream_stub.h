#ifndef PAYOUT_GATEWAY_CONNECTION_UPSTREAM_STUB_H_
#define PAYOUT_GATEWAY_CONNECTION_UPSTREAM_STUB_H_

#include "absl/functional/any_invocable.h"
#include "common/call_context.h"
#include "rest/http_types.h"

namespace payout_gateway {

enum class Api { kPrivate, kPublic };

// Sends one request to Corefy and reports what came back, nothing more: no
// retries, no judgement of the answer, no sleeping, no clock. The layer the
// connection's policies (ConnectionPolicies) and decorators
// (MeteredUpstreamStub) wrap, as google-cloud-cpp wraps its stubs.
class UpstreamStub {
 public:
  virtual ~UpstreamStub() = default;

  // `request.url` is relative to `api`'s prefix; `request.deadline` bounds
  // the transfer. The call's cancellation aborts it.
  virtual void Send(const CallContextPtr& ctx, Api api, HttpRequest request,
                    absl::AnyInvocable<void(HttpResult)> done) const = 0;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_UPSTREAM_STUB_H_
