#include "access/attribution_connection.h"

#include <string>
#include <utility>

#include "common/reserved_metadata.h"

namespace payout_gateway {

void AttributionConnection::CreatePayoutInvoice(
    CallContextPtr ctx,
    const corefy::payout::v1::CreatePayoutInvoiceRequest& request,
    ResultCallback<corefy::payout::v1::PayoutInvoice> done) {
  if (ctx->caller().empty()) {
    return ForwardingConnection::CreatePayoutInvoice(std::move(ctx), request,
                                                     std::move(done));
  }
  // The connection copies what it keeps of a request, so a copy that lives
  // as long as this call is enough.
  auto attributed =
      std::make_shared<corefy::payout::v1::CreatePayoutInvoiceRequest>(request);
  (*attributed->mutable_metadata())[std::string(kInitiatorMetadataKey)] =
      ctx->caller();
  ForwardingConnection::CreatePayoutInvoice(
      std::move(ctx), *attributed,
      [attributed, done = std::move(done)](
          absl::StatusOr<corefy::payout::v1::PayoutInvoice> invoice) mutable {
        done(std::move(invoice));
      });
}

}  // namespace payout_gateway
