#ifndef PAYOUT_GATEWAY_ACCESS_POLICY_CONNECTION_H_
#define PAYOUT_GATEWAY_ACCESS_POLICY_CONNECTION_H_

#include <memory>

#include "absl/status/statusor.h"
#include "access/policy_store.h"
#include "common/metrics.h"
#include "connection/forwarding_connection.h"

namespace payout_gateway {

// Enforces the payout policy (payout_policy.h) before anything is sent
// upstream: the caller must be named by the policy and may call only its
// RPCs; a create must be within the caller's services, currencies, modes
// and amount limits (and `options.auto_process` needs the right to
// process); a process is checked the same way against the invoice, which is
// read first when the caller's payouts are restricted at all. A denial is
// PERMISSION_DENIED with an ErrorInfo reason (CALLER_NOT_ALLOWED,
// RPC_NOT_ALLOWED, SERVICE_NOT_ALLOWED, CURRENCY_NOT_ALLOWED,
// MODE_NOT_ALLOWED, AMOUNT_ABOVE_CALLER_LIMIT) and ACTION_DO_NOT_RETRY.
class PolicyConnection final
    : public ForwardingConnection,
      public std::enable_shared_from_this<PolicyConnection> {
 public:
  PolicyConnection(std::shared_ptr<PayoutConnection> inner,
                   std::shared_ptr<const PolicyStore> store,
                   std::shared_ptr<Metrics> metrics);

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
  // The policy in force and the caller's part of it.
  struct Admitted {
    std::shared_ptr<const PayoutPolicy> policy;
    const CallerPolicy* caller;
  };

  // The caller's policy when it may call `rpc`; else the denial.
  absl::StatusOr<Admitted> Admit(const CallContext& ctx, absl::string_view rpc);
  // `status` unchanged, counting it when it is a denial.
  absl::Status Count(absl::Status status);
  // The second half of a process: the invoice was read, check it.
  void ProcessChecked(CallContextPtr ctx, const Admitted& admitted,
                      std::string invoice_id,
                      absl::StatusOr<corefy::payout::v1::PayoutInvoice> invoice,
                      ResultCallback<corefy::payout::v1::PayoutInvoice> done);

  const std::shared_ptr<const PolicyStore> store_;
  const std::shared_ptr<Metrics> metrics_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_ACCESS_POLICY_CONNECTION_H_
