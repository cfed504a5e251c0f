#ifndef PAYOUT_GATEWAY_CONNECTION_UPSTREAM_REQUESTS_H_
#define PAYOUT_GATEWAY_CONNECTION_UPSTREAM_REQUESTS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "connection/page_token.h"
#include "corefy/payout/v1/payout_gateway_service.pb.h"
#include "rest/http_types.h"

namespace payout_gateway {

// Pure builders of the HTTP requests of Corefy's payout API. They set the
// method, the path and query relative to the API prefix (e.g.
// `/payout-invoices?filter[reference_id]=r-1`), the JSON:API body and the
// content headers. Authentication and the base URL are the connection's.

HttpRequest PayoutPrerequestRequest(
    const corefy::payout::v1::PayoutPrerequestRequest& request,
    absl::string_view public_key);
HttpRequest ListPayoutServicesRequest(const ServicesPage& page);
HttpRequest GetPayoutServiceRequest(absl::string_view id);
HttpRequest CreatePayoutInvoiceRequest(
    const corefy::payout::v1::CreatePayoutInvoiceRequest& request);
HttpRequest ProcessPayoutInvoiceRequest(absl::string_view id);
HttpRequest GetPayoutInvoiceRequest(absl::string_view id);
HttpRequest FindPayoutInvoiceByReferenceRequest(absl::string_view reference_id);
HttpRequest ListPayoutInvoicesRequest(const InvoicesPage& page);

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string UrlEncode(absl::string_view text);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_UPSTREAM_REQUESTS_H_
