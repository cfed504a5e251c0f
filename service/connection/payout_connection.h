#ifndef PAYOUT_GATEWAY_CONNECTION_PAYOUT_CONNECTION_H_
#define PAYOUT_GATEWAY_CONNECTION_PAYOUT_CONNECTION_H_

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "common/call_context.h"
#include "corefy/payout/v1/payout_gateway_service.pb.h"

namespace payout_gateway {

template <typename T>
using ResultCallback = absl::AnyInvocable<void(absl::StatusOr<T>)>;

// The operations of the payout API as asynchronous calls. An implementation
// owns policy -- authentication, and what to do when the upstream fails --
// and reports each result exactly once through `done`, possibly on another
// thread. Requests are expected to be valid (see request_validation.h).
//
// This is the seam between the gRPC layer and everything upstream: the gRPC
// handlers are tested against a mock of it.
class PayoutConnection {
 public:
  virtual ~PayoutConnection() = default;

  virtual void PayoutPrerequest(
      CallContextPtr ctx,
      const corefy::payout::v1::PayoutPrerequestRequest& request,
      ResultCallback<corefy::payout::v1::PayoutPrerequestResponse> done) = 0;

  virtual void ListPayoutServices(
      CallContextPtr ctx,
      const corefy::payout::v1::ListPayoutServicesRequest& request,
      ResultCallback<corefy::payout::v1::ListPayoutServicesResponse> done) = 0;

  virtual void GetPayoutService(
      CallContextPtr ctx,
      const corefy::payout::v1::GetPayoutServiceRequest& request,
      ResultCallback<corefy::payout::v1::PayoutService> done) = 0;

  virtual void CreatePayoutInvoice(
      CallContextPtr ctx,
      const corefy::payout::v1::CreatePayoutInvoiceRequest& request,
      ResultCallback<corefy::payout::v1::PayoutInvoice> done) = 0;

  virtual void ProcessPayoutInvoice(
      CallContextPtr ctx,
      const corefy::payout::v1::ProcessPayoutInvoiceRequest& request,
      ResultCallback<corefy::payout::v1::PayoutInvoice> done) = 0;

  virtual void GetPayoutInvoice(
      CallContextPtr ctx,
      const corefy::payout::v1::GetPayoutInvoiceRequest& request,
      ResultCallback<corefy::payout::v1::PayoutInvoice> done) = 0;

  virtual void ListPayoutInvoices(
      CallContextPtr ctx,
      const corefy::payout::v1::ListPayoutInvoicesRequest& request,
      ResultCallback<corefy::payout::v1::ListPayoutInvoicesResponse> done) = 0;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_PAYOUT_CONNECTION_H_
