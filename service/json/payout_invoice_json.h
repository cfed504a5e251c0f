#ifndef PAYOUT_GATEWAY_JSON_PAYOUT_INVOICE_JSON_H_
#define PAYOUT_GATEWAY_JSON_PAYOUT_INVOICE_JSON_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "corefy/payout/v1/payout_gateway_service.pb.h"
#include "corefy/payout/v1/payout_invoice.pb.h"
#include "json/json_reader.h"
#include "nlohmann/json.hpp"

namespace payout_gateway {

// Pure translations between Corefy's payout-invoice documents and the proto.

// Maps the status string to the enum; unknown strings give UNSPECIFIED (the
// caller keeps the raw string in `upstream_status`).
corefy::payout::v1::PayoutInvoiceStatus PayoutInvoiceStatusFromString(
    absl::string_view status);
// The upstream string of a known status; "" for UNSPECIFIED.
absl::string_view PayoutInvoiceStatusToString(
    corefy::payout::v1::PayoutInvoiceStatus status);

// Reads one invoice resource. Accepts both shapes the contract shows: the
// private JSON:API resource (`type`, `id`, `attributes`, `relationships`,
// `links`) and the public API's flat object (`id`, `status`, `service`,
// `service_method`, ... at the top level).
void ReadPayoutInvoice(const JsonReader& resource,
                       corefy::payout::v1::PayoutInvoice* out);

// `{"data": <invoice>}` as answered by create, process and get.
absl::Status ParsePayoutInvoiceDocument(absl::string_view body,
                                        corefy::payout::v1::PayoutInvoice* out);

// The JSON:API pagination links of a list of invoices, as Corefy gives them
// (`/api/payout-invoices?page[size]=20&page[before]=cpoi_...`). `next` is
// empty on the last page. The gateway follows them rather than reading
// `meta.before` / `meta.after` itself, so it never depends on which way
// those point.
struct PayoutInvoicePageLinks {
  std::string next;
  std::string previous;
};

// `{"meta": {...}, "links": {...}, "data": [<invoice>...]}`.
absl::StatusOr<PayoutInvoicePageLinks> ParsePayoutInvoiceListDocument(
    absl::string_view body,
    google::protobuf::RepeatedPtrField<corefy::payout::v1::PayoutInvoice>* out);

// The private JSON:API resource object of an invoice. Decimals are written as
// JSON strings, unset times and amounts as null.
nlohmann::json PayoutInvoiceToJson(const corefy::payout::v1::PayoutInvoice& in);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_JSON_PAYOUT_INVOICE_JSON_H_
