#include "connection/upstream_requests.h"

#include <gtest/gtest.h>

namespace payout_gateway {
namespace {

absl::string_view HeaderOf(const HttpRequest& r, absl::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

TEST(UpstreamRequests, PathsAndMethodsFollowTheContract) {
  EXPECT_EQ(ListPayoutServicesRequest({2, 10}).url,
            "/payout-services?page[number]=2&page[size]=10");
  EXPECT_EQ(ListPayoutServicesRequest({1, 0}).url,
            "/payout-services?page[number]=1");
  EXPECT_EQ(GetPayoutServiceRequest("comcpos_1").url,
            "/payout-services/comcpos_1");
  EXPECT_EQ(GetPayoutInvoiceRequest("cpoi_1").url, "/payout-invoices/cpoi_1");
  EXPECT_EQ(FindPayoutInvoiceByReferenceRequest("r 1&x").url,
            "/payout-invoices?filter[reference_id]=r%201%26x");
  EXPECT_EQ(
      ListPayoutInvoicesRequest({"page[size]=20&page[before]=cpoi_9", 20}).url,
      "/payout-invoices?page[size]=20&page[before]=cpoi_9");
  EXPECT_EQ(ListPayoutInvoicesRequest({"", 20}).url,
            "/payout-invoices?page[size]=20");
  EXPECT_EQ(ListPayoutInvoicesRequest({"", 0}).url, "/payout-invoices");
  HttpRequest process = ProcessPayoutInvoiceRequest("cpoi_1");
  EXPECT_EQ(process.method, HttpMethod::kPost);
  EXPECT_EQ(process.url, "/payout-invoices/cpoi_1/process");
  EXPECT_TRUE(process.body.empty());
  EXPECT_EQ(HeaderOf(process, "Content-Type"), "");
}

TEST(UpstreamRequests, PostsJsonWithContentHeaders) {
  corefy::payout::v1::CreatePayoutInvoiceRequest create;
  create.set_reference_id("r");
  create.set_service("s");
  create.set_currency("USD");
  create.set_amount("1.50");
  HttpRequest r = CreatePayoutInvoiceRequest(create);
  EXPECT_EQ(r.method, HttpMethod::kPost);
  EXPECT_EQ(r.url, "/payout-invoices");
  EXPECT_EQ(HeaderOf(r, "Content-Type"), "application/json");
  EXPECT_EQ(HeaderOf(r, "Accept"), "application/json");
  EXPECT_NE(r.body.find("\"amount\":1.50"), std::string::npos);
}

TEST(UrlEncode, EscapesAllButUnreserved) {
  EXPECT_EQ(UrlEncode("aZ09-._~"), "aZ09-._~");
  EXPECT_EQ(UrlEncode("a/b?c=d&e f"), "a%2Fb%3Fc%3Dd%26e%20f");
  EXPECT_EQ(UrlEncode("ü"), "%C3%BC");
}

}  // namespace
}  // namespace payout_gateway
