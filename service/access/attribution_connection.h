#ifndef PAYOUT_GATEWAY_ACCESS_ATTRIBUTION_CONNECTION_H_
#define PAYOUT_GATEWAY_ACCESS_ATTRIBUTION_CONNECTION_H_

#include <memory>

#include "connection/forwarding_connection.h"

namespace payout_gateway {

// Writes who starts each payout into the invoice itself: a create sends the
// caller's identity upstream in the invoice's metadata under
// kInitiatorMetadataKey, so Corefy's own records show it and
// `PayoutInvoice.initiator` reads it back. Callers cannot set that key
// themselves (request validation refuses the reserved prefix). Anonymous
// callers leave it unset.
class AttributionConnection final : public ForwardingConnection {
 public:
  using ForwardingConnection::ForwardingConnection;

  void CreatePayoutInvoice(
      CallContextPtr ctx,
      const corefy::payout::v1::CreatePayoutInvoiceRequest& request,
      ResultCallback<corefy::payout::v1::PayoutInvoice> done) override;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_ACCESS_ATTRIBUTION_CONNECTION_H_
