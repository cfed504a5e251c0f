#include "connection/rest_upstream_stub.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace payout_gateway {

RestUpstreamStub::RestUpstreamStub(std::shared_ptr<HttpTransport> transport,
                                   UpstreamOptions upstream)
    : transport_(std::move(transport)),
      upstream_(std::move(upstream)),
      authorization_(absl::StrCat(
          "Basic ", absl::Base64Escape(absl::StrCat(upstream_.account_id, ":",
                                                    upstream_.api_key)))) {}

HttpRequest RestUpstreamStub::Prepare(Api api, HttpRequest request,
                                      const CallContext& ctx) const {
  const std::string& prefix = api == Api::kPrivate
                                  ? upstream_.private_api_prefix
                                  : upstream_.public_api_prefix;
  request.url = absl::StrCat(upstream_.base_url, prefix, request.url);
  if (api == Api::kPrivate) {
    request.headers.emplace_back("Authorization", authorization_);
  }
  if (!ctx.request_id().empty()) {
    request.headers.emplace_back("X-Request-Id", ctx.request_id());
  }
  return request;
}

void RestUpstreamStub::Send(const CallContextPtr& ctx, Api api,
                            HttpRequest request,
                            absl::AnyInvocable<void(HttpResult)> done) const {
  HttpRequest http = Prepare(api, std::move(request), *ctx);
  ctx->CountUpstreamAttempt();
  const uint64_t ticket = ctx->BeginUpstream();
  HttpTransport::RequestId id = transport_->Send(
      std::move(http),
      [ctx, ticket, done = std::move(done)](HttpResult result) mutable {
        ctx->EndUpstream(ticket);
        done(std::move(result));
      });
  ctx->ArmCancel(ticket,
                 [transport = transport_, id] { transport->Cancel(id); });
}

}  // namespace payout_gateway
