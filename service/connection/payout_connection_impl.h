#ifndef PAYOUT_GATEWAY_CONNECTION_PAYOUT_CONNECTION_IMPL_H_
#define PAYOUT_GATEWAY_CONNECTION_PAYOUT_CONNECTION_IMPL_H_

#include <memory>

#include "connection/operation.h"
#include "connection/page_token.h"
#include "connection/payout_connection.h"
#include "connection/upstream.h"
#include "connection/upstream_deps.h"

namespace payout_gateway {

// The PayoutConnection that talks to Corefy. It builds the stub stack that
// sends (RestUpstreamStub under MeteredUpstreamStub) and owns the policies
// (ConnectionPolicies):
//  - authentication (HTTP Basic for the private API, the public key in the
//    body of the public one) -- RestUpstreamStub and the request builders;
//  - reads (pre-request, get, list) are retried on transient failures with
//    capped exponential backoff and full jitter, within the caller's
//    deadline and the process's retry budget -- RetryLoop;
//  - create and process are never re-sent blindly: CreateFlow reconciles by
//    reference_id, ProcessFlow by the invoice's status;
//  - every failure becomes a status with ErrorInfo, BadRequest, RetryInfo and
//    RetryHint -- upstream_failure.h.
class PayoutConnectionImpl final : public PayoutConnection {
 public:
  // Page tokens and request fingerprints are keyed with keys derived from
  // `signing_key` (PageTokenCodec, RequestFingerprint).
  PayoutConnectionImpl(UpstreamDeps deps, absl::string_view signing_key);

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
  // A read with retries: `parse` fills a T from a 2xx response and reports
  // an unreadable one as kDataLoss.
  template <typename T, typename Parse>
  void Read(CallContextPtr ctx, Operation op, Api api, HttpRequest request,
            Parse parse, ResultCallback<T> done);

  std::shared_ptr<const Upstream> upstream_;
  PageTokenCodec page_tokens_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_PAYOUT_CONNECTION_IMPL_H_
