#include "connection/invoice_match.h"

#include "common/decimal.h"
#include "common/reserved_metadata.h"

namespace payout_gateway {

bool MaskedValueMatches(absl::string_view masked, absl::string_view value) {
  if (masked.size() != value.size()) return false;
  for (std::size_t i = 0; i < masked.size(); ++i) {
    if (masked[i] != '*' && masked[i] != value[i]) return false;
  }
  return true;
}

bool InvoiceMatchesRequest(
    const corefy::payout::v1::PayoutInvoice& invoice,
    const corefy::payout::v1::CreatePayoutInvoiceRequest& request) {
  if (invoice.payout_service().id() != request.service()) return false;
  if (invoice.currency() != request.currency()) return false;
  if (CompareDecimals(invoice.amount(), request.amount()) != 0) return false;
  // Another caller's payout is not this one, however alike: returning it
  // would let a caller adopt a payout it did not start.
  auto initiator = request.metadata().find(std::string(kInitiatorMetadataKey));
  if (initiator != request.metadata().end() && !invoice.initiator().empty() &&
      invoice.initiator() != initiator->second) {
    return false;
  }
  for (const auto& [key, value] : request.fields()) {
    auto it = invoice.masked_fields().find(key);
    if (it == invoice.masked_fields().end()) return false;
    if (!MaskedValueMatches(it->second, value)) return false;
  }
  return true;
}

}  // namespace payout_gateway
