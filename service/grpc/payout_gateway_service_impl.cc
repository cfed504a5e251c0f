#include "grpc/payout_gateway_service_impl.h"

#include <utility>

namespace payout_gateway {

namespace v1 = ::corefy::payout::v1;

namespace {

// The merchant reference id a request is about, for the call's log line.
template <typename Request>
std::string ReferenceIdOf(const Request&) {
  return "";
}
std::string ReferenceIdOf(const v1::CreatePayoutInvoiceRequest& r) {
  return r.reference_id();
}
std::string ReferenceIdOf(const v1::GetPayoutInvoiceRequest& r) {
  return r.reference_id();
}

}  // namespace

// Every handler has the same shape: validate, then call the connection
// method of the same name. The request stays valid until the RPC finishes,
// which happens only after the connection reports, so it is passed by
// reference. (Request and Response are types, which cannot be put in
// parentheses.)
// NOLINTBEGIN(bugprone-macro-parentheses)
#define PAYOUT_GATEWAY_HANDLER(Method, Request, Response)                    \
  grpc::ServerUnaryReactor* PayoutGatewayServiceImpl::Method(                \
      grpc::CallbackServerContext* context, const Request* request,          \
      Response* response) {                                                  \
    return UnaryCall<Response>::Run(                                         \
        context, response,                                                   \
        {#Method, ReferenceIdOf(*request),                                   \
         static_cast<int64_t>(request->ByteSizeLong())},                     \
        deps_,                                                               \
        [this, request] { return Validate##Method(*request, limits_); },     \
        [this, request](CallContextPtr ctx, ResultCallback<Response> done) { \
          connection_->Method(std::move(ctx), *request, std::move(done));    \
        });                                                                  \
  }
// NOLINTEND(bugprone-macro-parentheses)

PayoutGatewayServiceImpl::PayoutGatewayServiceImpl(
    std::shared_ptr<PayoutConnection> connection, PayoutServiceOptions options)
    : connection_(std::move(connection)),
      metrics_(std::move(options.metrics)),
      limits_(options.limits),
      admission_(options.admission, metrics_.get()),
      deps_{metrics_.get(), &admission_, &registry_} {}

PAYOUT_GATEWAY_HANDLER(PayoutPrerequest, v1::PayoutPrerequestRequest,
                       v1::PayoutPrerequestResponse)
PAYOUT_GATEWAY_HANDLER(ListPayoutServices, v1::ListPayoutServicesRequest,
                       v1::ListPayoutServicesResponse)
PAYOUT_GATEWAY_HANDLER(GetPayoutService, v1::GetPayoutServiceRequest,
                       v1::PayoutService)
PAYOUT_GATEWAY_HANDLER(CreatePayoutInvoice, v1::CreatePayoutInvoiceRequest,
                       v1::PayoutInvoice)
PAYOUT_GATEWAY_HANDLER(ProcessPayoutInvoice, v1::ProcessPayoutInvoiceRequest,
                       v1::PayoutInvoice)
PAYOUT_GATEWAY_HANDLER(GetPayoutInvoice, v1::GetPayoutInvoiceRequest,
                       v1::PayoutInvoice)
PAYOUT_GATEWAY_HANDLER(ListPayoutInvoices, v1::ListPayoutInvoicesRequest,
                       v1::ListPayoutInvoicesResponse)

#undef PAYOUT_GATEWAY_HANDLER

}  // namespace payout_gateway
