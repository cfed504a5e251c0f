#ifndef PAYOUT_GATEWAY_AUDIT_AUDITING_CONNECTION_H_
#define PAYOUT_GATEWAY_AUDIT_AUDITING_CONNECTION_H_

#include <memory>

#include "audit/audit_log.h"
#include "connection/forwarding_connection.h"

namespace payout_gateway {

// Writes one audit record for every create and every process when it ends,
// whatever the outcome (a policy denial, a failure, success). The outermost
// decorator, so it sees what the caller sees.
class AuditingConnection final : public ForwardingConnection {
 public:
  AuditingConnection(std::shared_ptr<PayoutConnection> inner,
                     std::shared_ptr<AuditLog> log);

  void CreatePayoutInvoice(
      CallContextPtr ctx,
      const corefy::payout::v1::CreatePayoutInvoiceRequest& request,
      ResultCallback<corefy::payout::v1::PayoutInvoice> done) override;
  void ProcessPayoutInvoice(
      CallContextPtr ctx,
      const corefy::payout::v1::ProcessPayoutInvoiceRequest& request,
      ResultCallback<corefy::payout::v1::PayoutInvoice> done) override;

 private:
  // Completes `record` with the outcome, writes it, and passes the result
  // on.
  ResultCallback<corefy::payout::v1::PayoutInvoice> Recording(
      AuditRecord record,
      ResultCallback<corefy::payout::v1::PayoutInvoice> done);

  const std::shared_ptr<AuditLog> log_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_AUDIT_AUDITING_CONNECTION_H_
