#ifndef PAYOUT_GATEWAY_CONNECTION_FORWARDING_CONNECTION_H_
#define PAYOUT_GATEWAY_CONNECTION_FORWARDING_CONNECTION_H_

#include <memory>
#include <utility>

#include "connection/payout_connection.h"

namespace payout_gateway {

// A PayoutConnection that hands every call to another one. Decorators
// (policy, attribution, audit) derive from it and override only the calls
// they are about, the way google-cloud-cpp layers its stubs.
class ForwardingConnection : public PayoutConnection {
 public:
  explicit ForwardingConnection(std::shared_ptr<PayoutConnection> inner)
      : inner_(std::move(inner)) {}

  void PayoutPrerequest(
      CallContextPtr ctx,
      const corefy::payout::v1::PayoutPrerequestRequest& request,
      ResultCallback<corefy::payout::v1::PayoutPrerequestResponse> done)
      override {
    inner_->PayoutPrerequest(std::move(ctx), request, std::move(done));
  }
  void ListPayoutServices(
      CallContextPtr ctx,
      const corefy::payout::v1::ListPayoutServicesRequest& request,
      ResultCallback<corefy::payout::v1::ListPayoutServicesResponse> done)
      override {
    inner_->ListPayoutServices(std::move(ctx), request, std::move(done));
  }
  void GetPayoutService(
      CallContextPtr ctx,
      const corefy::payout::v1::GetPayoutServiceRequest& request,
      ResultCallback<corefy::payout::v1::PayoutService> done) override {
    inner_->GetPayoutService(std::move(ctx), request, std::move(done));
  }
  void CreatePayoutInvoice(
      CallContextPtr ctx,
      const corefy::payout::v1::CreatePayoutInvoiceRequest& request,
      ResultCallback<corefy::payout::v1::PayoutInvoice> done) override {
    inner_->CreatePayoutInvoice(std::move(ctx), request, std::move(done));
  }
  void ProcessPayoutInvoice(
      CallContextPtr ctx,
      const corefy::payout::v1::ProcessPayoutInvoiceRequest& request,
      ResultCallback<corefy::payout::v1::PayoutInvoice> done) override {
    inner_->ProcessPayoutInvoice(std::move(ctx), request, std::move(done));
  }
  void GetPayoutInvoice(
      CallContextPtr ctx,
      const corefy::payout::v1::GetPayoutInvoiceRequest& request,
      ResultCallback<corefy::payout::v1::PayoutInvoice> done) override {
    inner_->GetPayoutInvoice(std::move(ctx), request, std::move(done));
  }
  void ListPayoutInvoices(
      CallContextPtr ctx,
      const corefy::payout::v1::ListPayoutInvoicesRequest& request,
      ResultCallback<corefy::payout::v1::ListPayoutInvoicesResponse> done)
      override {
    inner_->ListPayoutInvoices(std::move(ctx), request, std::move(done));
  }

 protected:
  PayoutConnection& inner() { return *inner_; }

 private:
  std::shared_ptr<PayoutConnection> inner_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_FORWARDING_CONNECTION_H_
