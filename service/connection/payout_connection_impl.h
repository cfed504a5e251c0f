#ifndef PAYOUT_GATEWAY_CONNECTION_PAYOUT_CONNECTION_IMPL_H_
#define PAYOUT_GATEWAY_CONNECTION_PAYOUT_CONNECTION_IMPL_H_

#include <memory>
#include <string>

#include "connection/operation.h"
#include "connection/payout_connection.h"
#include "connection/upstream_options.h"
#include "rest/http_transport.h"

namespace payout_gateway {

// The PayoutConnection that talks to Corefy: builds each upstream request
// (upstream_requests.h), authenticates it (HTTP Basic for the private API,
// the public key in the body for the public one), sends it through the
// transport bounded by the call's deadline and cancellation, and turns the
// answer into a proto or a status (upstream_status.h).
class PayoutConnectionImpl final : public PayoutConnection {
 public:
  PayoutConnectionImpl(std::shared_ptr<HttpTransport> transport,
                       UpstreamOptions options);

  void PayoutPrerequest(
      CallContextPtr ctx,
      const corefy::payout::v1::PayoutPrerequestRequest& request,
      ResultCallback<corefy::payout::v1::PayoutPrerequestResponse> done)
      override;
  void ListPayoutServices(
      CallContextPtr ctx,
      const corefy::payout::v1::ListPayoutServicesRequest& request,
      ResultCallback<corefy::payout::v1::ListPayoutServicesResponse> done)
      override;
  void GetPayoutService(
      CallContextPtr ctx,
      const corefy::payout::v1::GetPayoutServiceRequest& request,
      ResultCallback<corefy::payout::v1::PayoutService> done) override;
  void CreatePayoutInvoice(
      CallContextPtr ctx,
      const corefy::payout::v1::CreatePayoutInvoiceRequest& request,
      ResultCallback<corefy::payout::v1::PayoutInvoice> done) override;
  void ProcessPayoutInvoice(
      CallContextPtr ctx,
      const corefy::payout::v1::ProcessPayoutInvoiceRequest& request,
      ResultCallback<corefy::payout::v1::PayoutInvoice> done) override;
  void GetPayoutInvoice(
      CallContextPtr ctx,
      const corefy::payout::v1::GetPayoutInvoiceRequest& request,
      ResultCallback<corefy::payout::v1::PayoutInvoice> done) override;
  void ListPayoutInvoices(
      CallContextPtr ctx,
      const corefy::payout::v1::ListPayoutInvoicesRequest& request,
      ResultCallback<corefy::payout::v1::ListPayoutInvoicesResponse> done)
      override;

 private:
  enum class Api { kPrivate, kPublic };

  // Completes a relative request: base URL and prefix, credentials of the
  // private API, the call's request id and deadline.
  HttpRequest Prepare(Api api, HttpRequest request,
                      const CallContext& ctx) const;

  // Sends `request` and reports `parse(response)` for a 2xx answer, or the
  // mapped failure. `Parse` is `absl::StatusOr<T>(const HttpResponse&)`.
  template <typename T, typename Parse>
  void Execute(CallContextPtr ctx, Operation op, HttpRequest request,
               Parse parse, ResultCallback<T> done);

  std::shared_ptr<HttpTransport> transport_;
  UpstreamOptions options_;
  std::string authorization_;  // "Basic base64(account_id:api_key)"
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_PAYOUT_CONNECTION_IMPL_H_
