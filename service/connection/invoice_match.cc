#include "connection/invoice_match.h"

#include <string>

#include "absl/strings/match.h"
#include "common/decimal.h"
#include "common/reserved_metadata.h"
#include "connection/hmac.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;

// The value of `key` in `m`, or nullptr.
const std::string* Find(
    const google::protobuf::Map<std::string, std::string>& m,
    absl::string_view key) {
  auto it = m.find(std::string(key));
  return it == m.end() ? nullptr : &it->second;
}

// Without a fingerprint: only what Corefy shows in full can be compared,
// and everything the request asks for must be shown and equal. A masked
// field, options, a customer or context (which an invoice does not show)
// cannot be proven equal, so such a request never matches.
bool VisiblyEqual(const v1::PayoutInvoice& invoice,
                  const v1::CreatePayoutInvoiceRequest& request) {
  if (request.has_options() || request.has_customer() ||
      !request.context().empty()) {
    return false;
  }
  if (request.has_test_mode() && request.test_mode() != invoice.test_mode()) {
    return false;
  }
  if (request.callback_url() != invoice.callback_url()) return false;
  if (request.description() != invoice.description()) return false;
  for (const auto& [key, value] : request.fields()) {
    const std::string* shown = Find(invoice.masked_fields(), key);
    if (shown == nullptr || *shown != value) return false;
  }
  for (const auto& [key, value] : request.metadata()) {
    if (absl::StartsWith(key, kReservedMetadataPrefix)) continue;
    const std::string* shown = Find(invoice.metadata(), key);
    if (shown == nullptr || *shown != value) return false;
  }
  return true;
}

}  // namespace

bool InvoiceMatchesRequest(const v1::PayoutInvoice& invoice,
                           const v1::CreatePayoutInvoiceRequest& request) {
  if (invoice.payout_service().id() != request.service()) return false;
  if (invoice.currency() != request.currency()) return false;
  if (CompareDecimals(invoice.amount(), request.amount()) != 0) return false;
  // Another caller's payout is not this one, however alike: returning it
  // would let a caller adopt a payout it did not start.
  const std::string* initiator =
      Find(request.metadata(), kInitiatorMetadataKey);
  if (initiator != nullptr && !invoice.initiator().empty() &&
      invoice.initiator() != *initiator) {
    return false;
  }
  const std::string* theirs = Find(invoice.metadata(), kFingerprintMetadataKey);
  if (theirs != nullptr) {
    const std::string* ours = Find(request.metadata(), kFingerprintMetadataKey);
    return ours != nullptr && TagsEqual(*theirs, *ours);
  }
  return VisiblyEqual(invoice, request);
}

}  // namespace payout_gateway
