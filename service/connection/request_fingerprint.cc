#include "connection/request_fingerprint.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/decimal.h"
#include "common/reserved_metadata.h"
#include "connection/hmac.h"
#include "json/create_payout_invoice_json.h"

namespace payout_gateway {
namespace {

constexpr std::size_t kFingerprintBytes = 16;

// What the fingerprint covers, as one deterministic text: the create's
// attributes as sent upstream (nlohmann::json keeps object keys sorted),
// the amount in canonical form, the fingerprint's own key left out.
std::string CanonicalText(
    const corefy::payout::v1::CreatePayoutInvoiceRequest& request) {
  nlohmann::json attributes = CreatePayoutInvoiceAttributes(request);
  if (auto it = attributes.find("metadata"); it != attributes.end()) {
    it->erase(std::string(kFingerprintMetadataKey));
    if (it->empty()) attributes.erase(it);
  }
  attributes["amount"] =
      CanonicalDecimal(request.amount()).value_or(request.amount());
  attributes["fingerprint_version"] = 1;
  return attributes.dump(-1, ' ', false,
                         nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string RequestFingerprint(
    const corefy::payout::v1::CreatePayoutInvoiceRequest& request,
    absl::string_view key) {
  const std::string tag =
      HmacSha256(key, CanonicalText(request)).substr(0, kFingerprintBytes);
  return absl::StrCat("v1.", absl::WebSafeBase64Escape(tag));
}

}  // namespace payout_gateway
