#include "connection/payout_connection_impl.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>

#include "absl/strings/escaping.h"
#include "common/error_details.h"
#include "connection/page_token.h"
#include "fake_transport.h"
#include "support/test_data.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;
using ::payout_gateway_testing::ReadTestData;
using ::testing::HasSubstr;

const absl::Time kDeadline = absl::FromUnixSeconds(2000000000);

UpstreamOptions Options() {
  UpstreamOptions o;
  o.base_url = "https://corefy.test";
  o.account_id = "coma_1";
  o.api_key = "secret-key";
  o.public_key = "pk_test_1";
  return o;
}

std::string HeaderOf(const HttpRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

// Runs one connection call and captures its result.
template <typename T>
struct Capture {
  std::optional<absl::StatusOr<T>> result;
  ResultCallback<T> Callback() {
    return [this](absl::StatusOr<T> r) { result = std::move(r); };
  }
};

class PayoutConnectionImplTest : public ::testing::Test {
 protected:
  std::shared_ptr<FakeTransport> transport_ = std::make_shared<FakeTransport>();
  PayoutConnectionImpl connection_{transport_, Options()};
  CallContextPtr ctx_ = std::make_shared<CallContext>(kDeadline, "req-42");
};

TEST_F(PayoutConnectionImplTest, CreatePostsJsonApiWithBasicAuth) {
  transport_->respond = [](const HttpRequest&) {
    return FakeTransport::Json(201,
                               ReadTestData("create_invoice_response.json"));
  };
  v1::CreatePayoutInvoiceRequest request;
  request.set_reference_id("r-1");
  request.set_service("test_usd");
  request.set_currency("USD");
  request.set_amount("10.10");
  Capture<v1::PayoutInvoice> out;
  connection_.CreatePayoutInvoice(ctx_, request, out.Callback());

  ASSERT_EQ(transport_->requests.size(), 1u);
  const HttpRequest& sent = transport_->requests[0];
  EXPECT_EQ(sent.method, HttpMethod::kPost);
  EXPECT_EQ(sent.url, "https://corefy.test/api/payout-invoices");
  EXPECT_EQ(HeaderOf(sent, "Authorization"),
            "Basic " + absl::Base64Escape("coma_1:secret-key"));
  EXPECT_EQ(HeaderOf(sent, "Content-Type"), "application/json");
  EXPECT_EQ(HeaderOf(sent, "X-Request-Id"), "req-42");
  EXPECT_EQ(sent.deadline, kDeadline);
  EXPECT_THAT(sent.body, HasSubstr("\"amount\":10.10"));

  ASSERT_TRUE(out.result.has_value());
  ASSERT_TRUE(out.result->ok()) << out.result->status();
  EXPECT_EQ((*out.result)->id(), "cpoi_VdHYVxq4RsLEebAQ");
}

TEST_F(PayoutConnectionImplTest, PrerequestUsesThePublicApiAndKey) {
  transport_->respond = [](const HttpRequest&) {
    return FakeTransport::Json(200, ReadTestData("prerequest_response.json"));
  };
  v1::PayoutPrerequestRequest request;
  request.set_currency("USD");
  request.set_amount("10");
  Capture<v1::PayoutPrerequestResponse> out;
  connection_.PayoutPrerequest(ctx_, request, out.Callback());
  const HttpRequest& sent = transport_->requests.at(0);
  EXPECT_EQ(sent.url, "https://corefy.test/public-api/payout-prerequest");
  EXPECT_EQ(HeaderOf(sent, "Authorization"), "");
  EXPECT_THAT(sent.body, HasSubstr("\"public_key\":\"pk_test_1\""));
  ASSERT_TRUE(out.result->ok());
  EXPECT_EQ((*out.result)->services(0).code(), "test_usd");
}

TEST(PayoutConnectionImpl, PrerequestWithoutPublicKeyNeverSends) {
  auto transport = std::make_shared<FakeTransport>();
  UpstreamOptions options = Options();
  options.public_key.clear();
  PayoutConnectionImpl connection(transport, options);
  Capture<v1::PayoutPrerequestResponse> out;
  connection.PayoutPrerequest(std::make_shared<CallContext>(kDeadline, ""),
                              v1::PayoutPrerequestRequest(), out.Callback());
  EXPECT_TRUE(transport->requests.empty());
  EXPECT_EQ(out.result->status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(GetErrorInfo(out.result->status())->reason(),
            "GATEWAY_MISCONFIGURED");
}

TEST_F(PayoutConnectionImplTest, GetByReferenceFiltersAndPicksTheMatch) {
  transport_->respond = [](const HttpRequest&) {
    return FakeTransport::Json(200, ReadTestData("invoice_list.json"));
  };
  v1::GetPayoutInvoiceRequest request;
  request.set_reference_id("a5c22bfb-04c1-4dbf-8b46-9753bf1f6570");
  Capture<v1::PayoutInvoice> out;
  connection_.GetPayoutInvoice(ctx_, request, out.Callback());
  EXPECT_EQ(transport_->requests.at(0).url,
            "https://corefy.test/api/payout-invoices?filter[reference_id]="
            "a5c22bfb-04c1-4dbf-8b46-9753bf1f6570");
  ASSERT_TRUE(out.result->ok());
  EXPECT_EQ((*out.result)->id(), "cpoi_O2aH69xK7mgwZUK1");
}

TEST_F(PayoutConnectionImplTest, GetByUnknownReferenceIsNotFound) {
  transport_->respond = [](const HttpRequest&) {
    return FakeTransport::Json(
        200, R"({"meta": {}, "links": {"prev": "", "next": ""}, "data": []})");
  };
  v1::GetPayoutInvoiceRequest request;
  request.set_reference_id("nope");
  Capture<v1::PayoutInvoice> out;
  connection_.GetPayoutInvoice(ctx_, request, out.Callback());
  EXPECT_EQ(out.result->status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(GetErrorInfo(out.result->status())->metadata().at("reference_id"),
            "nope");
}

TEST_F(PayoutConnectionImplTest, ListServicesTurnsPagesIntoTokens) {
  transport_->respond = [](const HttpRequest& r) {
    bool second = r.url.find("page[number]=2") != std::string::npos;
    return FakeTransport::Json(
        200, second
                 ? R"({"meta": {"total": 3, "pages": 2, "page": 2}, "links": {},
                          "data": [{"id": "c3", "attributes": {}}]})"
                 : R"({"meta": {"total": 3, "pages": 2, "page": 1}, "links": {},
                          "data": [{"id": "c1", "attributes": {}},
                                   {"id": "c2", "attributes": {}}]})");
  };
  v1::ListPayoutServicesRequest request;
  request.set_page_size(2);
  Capture<v1::ListPayoutServicesResponse> first;
  connection_.ListPayoutServices(ctx_, request, first.Callback());
  EXPECT_EQ(
      transport_->requests.at(0).url,
      "https://corefy.test/api/payout-services?page[number]=1&page[size]=2");
  ASSERT_TRUE(first.result->ok());
  EXPECT_EQ((*first.result)->payout_services_size(), 2);
  EXPECT_EQ((*first.result)->total_size(), 3);
  ASSERT_FALSE((*first.result)->next_page_token().empty());

  request.set_page_token((*first.result)->next_page_token());
  Capture<v1::ListPayoutServicesResponse> second;
  connection_.ListPayoutServices(ctx_, request, second.Callback());
  EXPECT_EQ(
      transport_->requests.at(1).url,
      "https://corefy.test/api/payout-services?page[number]=2&page[size]=2");
  ASSERT_TRUE(second.result->ok());
  EXPECT_EQ((*second.result)->payout_services(0).id(), "c3");
  EXPECT_EQ((*second.result)->next_page_token(), "");
}

TEST_F(PayoutConnectionImplTest, ListInvoicesFollowsTheCursor) {
  transport_->respond = [](const HttpRequest&) {
    return FakeTransport::Json(
        200, R"({"meta": {"before": "cpoi_2", "after": "cpoi_1"},
                 "links": {"prev": "", "next": "/api/payout-invoices?page[after]=cpoi_1"},
                 "data": [{"id": "cpoi_2", "attributes": {}}, {"id": "cpoi_1", "attributes": {}}]})");
  };
  v1::ListPayoutInvoicesRequest request;
  request.set_page_size(2);
  Capture<v1::ListPayoutInvoicesResponse> first;
  connection_.ListPayoutInvoices(ctx_, request, first.Callback());
  ASSERT_TRUE(first.result->ok());
  request.set_page_token((*first.result)->next_page_token());
  Capture<v1::ListPayoutInvoicesResponse> second;
  connection_.ListPayoutInvoices(ctx_, request, second.Callback());
  EXPECT_EQ(transport_->requests.at(1).url,
            "https://corefy.test/api/"
            "payout-invoices?page[size]=2&page[after]=cpoi_1");
}

TEST_F(PayoutConnectionImplTest, BadPageTokenNeverReachesTheUpstream) {
  v1::ListPayoutInvoicesRequest request;
  request.set_page_token("not-a-token");
  Capture<v1::ListPayoutInvoicesResponse> out;
  connection_.ListPayoutInvoices(ctx_, request, out.Callback());
  EXPECT_TRUE(transport_->requests.empty());
  EXPECT_EQ(out.result->status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(PayoutConnectionImplTest, MapsUpstreamErrorsAndNamesTheReference) {
  transport_->respond = [](const HttpRequest&) {
    return FakeTransport::Json(422, ReadTestData("error_422.json"));
  };
  v1::CreatePayoutInvoiceRequest request;
  request.set_reference_id("r-9");
  Capture<v1::PayoutInvoice> out;
  connection_.CreatePayoutInvoice(ctx_, request, out.Callback());
  const absl::Status& s = out.result->status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetErrorInfo(s)->metadata().at("reference_id"), "r-9");
  EXPECT_EQ(GetBadRequest(s)->field_violations(0).field(), "amount");
}

TEST_F(PayoutConnectionImplTest, MalformedSuccessIsUnavailable) {
  transport_->respond = [](const HttpRequest&) {
    return FakeTransport::Json(200, R"({"data": {"id": )");
  };
  v1::GetPayoutInvoiceRequest request;
  request.set_id("cpoi_1");
  Capture<v1::PayoutInvoice> out;
  connection_.GetPayoutInvoice(ctx_, request, out.Callback());
  EXPECT_EQ(out.result->status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(GetErrorInfo(out.result->status())->reason(),
            "UPSTREAM_MALFORMED_RESPONSE");
}

TEST_F(PayoutConnectionImplTest, CancellingTheCallAbortsTheUpstreamRequest) {
  v1::GetPayoutInvoiceRequest request;
  request.set_id("cpoi_1");
  Capture<v1::PayoutInvoice> out;
  connection_.GetPayoutInvoice(ctx_, request, out.Callback());
  ASSERT_EQ(transport_->pending(), 1u);
  EXPECT_FALSE(out.result.has_value());
  ctx_->Cancel();
  EXPECT_EQ(transport_->cancelled.size(), 1u);
  ASSERT_TRUE(out.result.has_value());
  EXPECT_EQ(out.result->status().code(), absl::StatusCode::kCancelled);
}

TEST_F(PayoutConnectionImplTest, ACallCancelledBeforeSendingIsAbortedAtOnce) {
  ctx_->Cancel();
  v1::GetPayoutInvoiceRequest request;
  request.set_id("cpoi_1");
  Capture<v1::PayoutInvoice> out;
  connection_.GetPayoutInvoice(ctx_, request, out.Callback());
  EXPECT_EQ(transport_->cancelled.size(), 1u);
  EXPECT_EQ(out.result->status().code(), absl::StatusCode::kCancelled);
}

}  // namespace
}  // namespace payout_gateway
