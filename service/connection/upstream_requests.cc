#include "connection/upstream_requests.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "json/create_payout_invoice_json.h"
#include "json/payout_prerequest_json.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;

constexpr absl::string_view kJson = "application/json";

HttpRequest Get(std::string route, std::string path) {
  HttpRequest r;
  r.method = HttpMethod::kGet;
  r.route = std::move(route);
  r.url = std::move(path);
  r.headers.emplace_back("Accept", kJson);
  return r;
}

HttpRequest Post(std::string route, std::string path, std::string body) {
  HttpRequest r;
  r.method = HttpMethod::kPost;
  r.route = std::move(route);
  r.url = std::move(path);
  r.headers.emplace_back("Accept", kJson);
  if (!body.empty()) r.headers.emplace_back("Content-Type", kJson);
  r.body = std::move(body);
  return r;
}

}  // namespace

std::string UrlEncode(absl::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' ||
        c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

HttpRequest PayoutPrerequestRequest(const v1::PayoutPrerequestRequest& request,
                                    absl::string_view public_key) {
  return Post("/payout-prerequest", "/payout-prerequest",
              PayoutPrerequestBody(request, public_key));
}

HttpRequest ListPayoutServicesRequest(const ServicesPage& page) {
  std::string path =
      absl::StrCat("/payout-services?page[number]=", page.number);
  if (page.size > 0) absl::StrAppend(&path, "&page[size]=", page.size);
  return Get("/payout-services", std::move(path));
}

HttpRequest GetPayoutServiceRequest(absl::string_view id) {
  return Get("/payout-services/{id}",
             absl::StrCat("/payout-services/", UrlEncode(id)));
}

// Creates and processes move money: each goes out on a connection of its
// own, so libcurl never re-sends one by itself (HttpRequest).
HttpRequest CreatePayoutInvoiceRequest(
    const v1::CreatePayoutInvoiceRequest& request) {
  HttpRequest r = Post("/payout-invoices", "/payout-invoices",
                       CreatePayoutInvoiceBody(request));
  r.fresh_connection = true;
  return r;
}

// The contract's process call has no body; it goes out without one, and
// without a content type (a bodiless POST is not a form).
HttpRequest ProcessPayoutInvoiceRequest(absl::string_view id) {
  HttpRequest r =
      Post("/payout-invoices/{id}/process",
           absl::StrCat("/payout-invoices/", UrlEncode(id), "/process"), "");
  r.fresh_connection = true;
  return r;
}

HttpRequest GetPayoutInvoiceRequest(absl::string_view id) {
  return Get("/payout-invoices/{id}",
             absl::StrCat("/payout-invoices/", UrlEncode(id)));
}

HttpRequest FindPayoutInvoiceByReferenceRequest(
    absl::string_view reference_id) {
  return Get("/payout-invoices",
             absl::StrCat("/payout-invoices?filter[reference_id]=",
                          UrlEncode(reference_id)));
}

HttpRequest ListPayoutInvoicesRequest(const InvoicesPage& page) {
  if (!page.query.empty()) {
    // The upstream's own link to the next page (checked by NextPageQuery).
    return Get("/payout-invoices",
               absl::StrCat("/payout-invoices?", page.query));
  }
  std::string path = "/payout-invoices";
  if (page.size > 0) absl::StrAppend(&path, "?page[size]=", page.size);
  return Get("/payout-invoices", std::move(path));
}

}  // namespace payout_gateway
