#ifndef PAYOUT_GATEWAY_CONNECTION_REST_UPSTREAM_STUB_H_
#define PAYOUT_GATEWAY_CONNECTION_REST_UPSTREAM_STUB_H_

#include <memory>
#include <string>

#include "connection/upstream_options.h"
#include "connection/upstream_stub.h"
#include "rest/http_transport.h"

namespace payout_gateway {

// The UpstreamStub that talks HTTP: completes a relative request (base URL,
// API prefix, HTTP Basic for the private API, the call's request id), counts
// it as one of the call's upstream attempts, sends it through the
// transport, and lets the call's cancellation abort it.
class RestUpstreamStub final : public UpstreamStub {
 public:
  RestUpstreamStub(std::shared_ptr<HttpTransport> transport,
                   UpstreamOptions upstream);

  void Send(const CallContextPtr& ctx, Api api, HttpRequest request,
            absl::AnyInvocable<void(HttpResult)> done) const override;

 private:
  HttpRequest Prepare(Api api, HttpRequest request,
                      const CallContext& ctx) const;

  const std::shared_ptr<HttpTransport> transport_;
  const UpstreamOptions upstream_;
  const std::string authorization_;  // "Basic base64(account_id:api_key)"
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_REST_UPSTREAM_STUB_H_
