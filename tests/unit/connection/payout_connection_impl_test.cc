#include "connection/payout_connection_impl.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>
#include <optional>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/error_details.h"
#include "fake_timer.h"
#include "fake_transport.h"
#include "support/capture.h"
#include "support/requests.h"
#include "support/test_data.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;
using ::payout_gateway_testing::ReadTestData;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Hint = v1::RetryHint;

const absl::Time kStart = absl::FromUnixSeconds(1700000000);

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

HttpResult Json(int status, std::string body = "{}", HttpHeaders headers = {}) {
  HttpResult r = FakeTransport::Json(status, std::move(body));
  r.response.headers = std::move(headers);
  return r;
}
HttpResult NotSent() {
  HttpResult r;
  r.outcome = TransferOutcome::kNotSent;
  r.error = "Connection refused";
  return r;
}
HttpResult Lost() {
  HttpResult r;
  r.outcome = TransferOutcome::kOutcomeUnknown;
  r.error = "Connection reset by peer";
  return r;
}

std::string InvoiceJson(const std::string& id, const std::string& reference,
                        const std::string& status,
                        const std::string& amount = "10.10") {
  return absl::StrCat(
      R"({"type": "payout-invoices", "id": ")", id,
      R"(", "attributes": {"status": ")", status, R"(", "reference_id": ")",
      reference, R"(", "amount": )", amount,
      R"(, "currency": "USD", "fields": {"account": "12345678"}},
         "relationships": {"payout-service": {"data": {"type": "payout-services", "id": "test_usd"}}}})");
}
std::string InvoiceDoc(const std::string& id, const std::string& ref,
                       const std::string& status,
                       const std::string& amount = "10.10") {
  return absl::StrCat(R"({"data": )", InvoiceJson(id, ref, status, amount),
                      "}");
}
std::string ListDoc(std::vector<std::string> items) {
  std::string out =
      R"({"meta": {}, "links": {"prev": "", "next": ""}, "data": [)";
  for (std::size_t i = 0; i < items.size(); ++i) {
    absl::StrAppend(&out, i ? "," : "", items[i]);
  }
  return out + "]}";
}

v1::CreatePayoutInvoiceRequest CreateRequest(
    const std::string& amount = "10.10") {
  return payout_gateway_testing::ValidCreate("r-1", amount);
}

using ::payout_gateway_testing::Capture;

constexpr char kPageTokenKey[] = "page-token-key-for-tests";

class PayoutConnectionImplTest : public ::testing::Test {
 protected:
  PayoutConnectionImplTest() { Rebuild(RetryOptions()); }

  void Rebuild(RetryOptions retry) {
    budget_ = std::make_shared<RetryBudget>(retry.budget_max_tokens,
                                            retry.budget_token_ratio);
    UpstreamDeps deps;
    deps.transport = transport_;
    deps.timer = timer_;
    deps.clock = timer_->clock();
    deps.jitter = [this] { return jitter_; };
    deps.upstream = Options();
    deps.retry = retry;
    deps.budget = budget_;
    connection_ =
        std::make_unique<PayoutConnectionImpl>(std::move(deps), kPageTokenKey);
  }

  // The transport answers with these, in order (then 500s).
  void Answer(std::vector<HttpResult> results) {
    auto queue = std::make_shared<std::deque<HttpResult>>(results.begin(),
                                                          results.end());
    transport_->respond = [queue](const HttpRequest&) {
      if (queue->empty()) return Json(500);
      HttpResult r = queue->front();
      queue->pop_front();
      return r;
    };
  }

  std::vector<std::string> Sent() const {
    std::vector<std::string> out;
    for (const auto& r : transport_->requests) {
      out.push_back(absl::StrCat(
          HttpMethodName(r.method), " ",
          r.url.substr(std::string("https://corefy.test/api").size())));
    }
    return out;
  }

  std::shared_ptr<FakeTransport> transport_ = std::make_shared<FakeTransport>();
  std::shared_ptr<FakeTimer> timer_ = std::make_shared<FakeTimer>(kStart);
  std::shared_ptr<RetryBudget> budget_;
  double jitter_ = 0.5;
  std::unique_ptr<PayoutConnectionImpl> connection_;
  CallContextPtr ctx_ =
      std::make_shared<CallContext>(kStart + absl::Seconds(60), "req-42");
};

// --- requests and translation -------------------------------------------

TEST_F(PayoutConnectionImplTest, CreatePostsJsonApiWithBasicAuth) {
  Answer({Json(201, ReadTestData("create_invoice_response.json"))});
  Capture<v1::PayoutInvoice> out;
  connection_->CreatePayoutInvoice(ctx_, CreateRequest(), out.Callback());
  ASSERT_EQ(transport_->requests.size(), 1u);
  const HttpRequest& sent = transport_->requests[0];
  EXPECT_EQ(sent.method, HttpMethod::kPost);
  EXPECT_EQ(sent.url, "https://corefy.test/api/payout-invoices");
  EXPECT_EQ(HeaderOf(sent, "Authorization"),
            "Basic " + absl::Base64Escape("coma_1:secret-key"));
  EXPECT_EQ(HeaderOf(sent, "Content-Type"), "application/json");
  EXPECT_EQ(HeaderOf(sent, "X-Request-Id"), "req-42");
  EXPECT_THAT(sent.body, HasSubstr("\"amount\":10.10"));
  // Two thirds of the minute left, to keep time for reconciling.
  EXPECT_EQ(sent.deadline, kStart + absl::Seconds(40));
  ASSERT_TRUE(out.result().ok()) << out.status();
  EXPECT_EQ(out.result()->id(), "cpoi_VdHYVxq4RsLEebAQ");
}

TEST_F(PayoutConnectionImplTest, PrerequestUsesThePublicApiAndKey) {
  Answer({Json(200, ReadTestData("prerequest_response.json"))});
  v1::PayoutPrerequestRequest request;
  request.set_currency("USD");
  request.set_amount("10");
  Capture<v1::PayoutPrerequestResponse> out;
  connection_->PayoutPrerequest(ctx_, request, out.Callback());
  const HttpRequest& sent = transport_->requests.at(0);
  EXPECT_EQ(sent.url, "https://corefy.test/public-api/payout-prerequest");
  EXPECT_EQ(HeaderOf(sent, "Authorization"), "");
  EXPECT_THAT(sent.body, HasSubstr("\"public_key\":\"pk_test_1\""));
  EXPECT_EQ(sent.deadline, ctx_->deadline());
  ASSERT_TRUE(out.result().ok());
  EXPECT_EQ(out.result()->services(0).code(), "test_usd");
}

TEST_F(PayoutConnectionImplTest, PrerequestWithoutPublicKeyNeverSends) {
  UpstreamDeps deps;
  deps.transport = transport_;
  deps.timer = timer_;
  deps.clock = timer_->clock();
  deps.jitter = [] { return 0.5; };
  deps.upstream = Options();
  deps.upstream.public_key.clear();
  deps.budget = std::make_shared<RetryBudget>(100, 0.1);
  PayoutConnectionImpl connection(std::move(deps), kPageTokenKey);
  Capture<v1::PayoutPrerequestResponse> out;
  connection.PayoutPrerequest(ctx_, v1::PayoutPrerequestRequest(),
                              out.Callback());
  EXPECT_TRUE(transport_->requests.empty());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(GetErrorInfo(out.status())->reason(), "GATEWAY_MISCONFIGURED");
  EXPECT_EQ(GetRetryHint(out.status())->action(), Hint::ACTION_FIX_CREDENTIALS);
}

TEST_F(PayoutConnectionImplTest, GetByReferenceFiltersAndPicksTheMatch) {
  Answer({Json(200, ReadTestData("invoice_list.json"))});
  v1::GetPayoutInvoiceRequest request;
  request.set_reference_id("a5c22bfb-04c1-4dbf-8b46-9753bf1f6570");
  Capture<v1::PayoutInvoice> out;
  connection_->GetPayoutInvoice(ctx_, request, out.Callback());
  EXPECT_THAT(Sent(), ElementsAre("GET /payout-invoices?filter[reference_id]="
                                  "a5c22bfb-04c1-4dbf-8b46-9753bf1f6570"));
  ASSERT_TRUE(out.result().ok());
  EXPECT_EQ(out.result()->id(), "cpoi_O2aH69xK7mgwZUK1");
}

TEST_F(PayoutConnectionImplTest, GetByUnknownReferenceIsNotFound) {
  Answer({Json(200, ListDoc({}))});
  v1::GetPayoutInvoiceRequest request;
  request.set_reference_id("nope");
  Capture<v1::PayoutInvoice> out;
  connection_->GetPayoutInvoice(ctx_, request, out.Callback());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(GetErrorInfo(out.status())->metadata().at("reference_id"), "nope");
  EXPECT_EQ(GetRetryHint(out.status())->action(), Hint::ACTION_FIX_REQUEST);
  EXPECT_EQ(transport_->requests.size(), 1u);
}

TEST_F(PayoutConnectionImplTest, ListServicesTurnsPagesIntoTokens) {
  Answer(
      {Json(200, R"({"meta": {"total": 3, "pages": 2, "page": 1}, "links": {},
                        "data": [{"id": "c1", "attributes": {}}, {"id": "c2", "attributes": {}}]})"),
       Json(200, R"({"meta": {"total": 3, "pages": 2, "page": 2}, "links": {},
                        "data": [{"id": "c3", "attributes": {}}]})")});
  v1::ListPayoutServicesRequest request;
  request.set_page_size(2);
  Capture<v1::ListPayoutServicesResponse> first;
  connection_->ListPayoutServices(ctx_, request, first.Callback());
  ASSERT_TRUE(first.result().ok());
  EXPECT_EQ(first.result()->payout_services_size(), 2);
  EXPECT_EQ(first.result()->total_size(), 3);
  request.set_page_token(first.result()->next_page_token());
  Capture<v1::ListPayoutServicesResponse> second;
  connection_->ListPayoutServices(ctx_, request, second.Callback());
  ASSERT_TRUE(second.result().ok());
  EXPECT_EQ(second.result()->payout_services(0).id(), "c3");
  EXPECT_EQ(second.result()->next_page_token(), "");
  EXPECT_THAT(Sent(),
              ElementsAre("GET /payout-services?page[number]=1&page[size]=2",
                          "GET /payout-services?page[number]=2&page[size]=2"));
}

// The next page is what `links.next` says, whatever `meta` holds.
TEST_F(PayoutConnectionImplTest, ListInvoicesFollowsTheNextLink) {
  std::string page = R"({"meta": {"before": "cpoi_x", "after": "cpoi_y"},
      "links": {"prev": "",
                "next": "/api/payout-invoices?page[size]=2&page%5Bbefore%5D=cpoi_1"},
      "data": [{"id": "cpoi_2", "attributes": {}}, {"id": "cpoi_1", "attributes": {}}]})";
  Answer({Json(200, page), Json(200, page)});
  v1::ListPayoutInvoicesRequest request;
  request.set_page_size(2);
  Capture<v1::ListPayoutInvoicesResponse> first;
  connection_->ListPayoutInvoices(ctx_, request, first.Callback());
  ASSERT_TRUE(first.result().ok());
  request.set_page_token(first.result()->next_page_token());
  Capture<v1::ListPayoutInvoicesResponse> second;
  connection_->ListPayoutInvoices(ctx_, request, second.Callback());
  EXPECT_THAT(
      Sent(),
      ElementsAre("GET /payout-invoices?page[size]=2",
                  "GET /payout-invoices?page[size]=2&page[before]=cpoi_1"));
}

// A link the gateway cannot use is an answer it cannot read.
TEST_F(PayoutConnectionImplTest, AnUnusableNextLinkIsAMalformedAnswer) {
  for (const char* next :
       {"/api/payout-services?page[number]=2",
        "/api/payout-invoices?page[before]=a%0D%0Ab",
        "/api/payout-invoices?filter[x]=1", "/api/payout-invoices"}) {
    const HttpResult answer = Json(
        200,
        absl::StrCat(R"({"links": {"next": ")", next, R"("}, "data": []})"));
    Answer({answer, answer, answer, answer});
    Capture<v1::ListPayoutInvoicesResponse> out;
    connection_->ListPayoutInvoices(ctx_, {}, out.Callback());
    EXPECT_EQ(GetErrorInfo(out.status())->reason(),
              "UPSTREAM_MALFORMED_RESPONSE")
        << next;
  }
}

TEST_F(PayoutConnectionImplTest, BadPageTokenNeverReachesTheUpstream) {
  v1::ListPayoutInvoicesRequest request;
  request.set_page_token("not-a-token");
  Capture<v1::ListPayoutInvoicesResponse> out;
  connection_->ListPayoutInvoices(ctx_, request, out.Callback());
  EXPECT_TRUE(transport_->requests.empty());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetRetryHint(out.status())->action(), Hint::ACTION_FIX_REQUEST);
}

// --- reads: retries, backoff, budget -----------------------------------

TEST_F(PayoutConnectionImplTest, ReadsRetryTransientFailuresWithExactDelays) {
  Answer(
      {Json(503), Lost(), Json(200, InvoiceDoc("cpoi_1", "r-1", "created"))});
  v1::GetPayoutInvoiceRequest request;
  request.set_id("cpoi_1");
  Capture<v1::PayoutInvoice> out;
  connection_->GetPayoutInvoice(ctx_, request, out.Callback());
  ASSERT_TRUE(out.result().ok()) << out.status();
  EXPECT_EQ(transport_->requests.size(), 3u);
  // Full jitter at 0.5 of 100 ms, then of 200 ms.
  EXPECT_THAT(timer_->delays(),
              ElementsAre(absl::Milliseconds(50), absl::Milliseconds(100)));
}

TEST_F(PayoutConnectionImplTest, ReadsHonourRetryAfter) {
  Answer({Json(429, "", {{"retry-after", "3"}}),
          Json(200, InvoiceDoc("cpoi_1", "r-1", "created"))});
  v1::GetPayoutInvoiceRequest request;
  request.set_id("cpoi_1");
  Capture<v1::PayoutInvoice> out;
  connection_->GetPayoutInvoice(ctx_, request, out.Callback());
  ASSERT_TRUE(out.result().ok());
  EXPECT_THAT(timer_->delays(), ElementsAre(absl::Seconds(3)));
}

// An upstream may ask for an hour: a call without a deadline would hang for
// it. The gateway waits at most --max_retry_after and advises no more.
TEST_F(PayoutConnectionImplTest, RetryAfterIsCapped) {
  RetryOptions retry;
  retry.max_retry_after = absl::Seconds(2);
  retry.max_attempts = 2;
  Rebuild(retry);
  ctx_ = std::make_shared<CallContext>(absl::InfiniteFuture(), "req-43");
  Answer({Json(429, "", {{"retry-after", "3600"}}),
          Json(429, "", {{"retry-after", "3600"}})});
  v1::GetPayoutInvoiceRequest request;
  request.set_id("cpoi_1");
  Capture<v1::PayoutInvoice> out;
  connection_->GetPayoutInvoice(ctx_, request, out.Callback());
  EXPECT_THAT(timer_->delays(), ElementsAre(absl::Seconds(2)));
  EXPECT_EQ(out.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(GetRetryInfo(out.status())->retry_delay().seconds(), 2);
}

TEST_F(PayoutConnectionImplTest, ReadsGiveUpAfterMaxAttemptsWithAdvice) {
  Answer({Json(503), Json(503), Json(503), Json(503), Json(503)});
  v1::GetPayoutServiceRequest request;
  request.set_id("comcpos_1");
  Capture<v1::PayoutService> out;
  connection_->GetPayoutService(ctx_, request, out.Callback());
  EXPECT_EQ(transport_->requests.size(), 4u);
  EXPECT_EQ(out.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(GetErrorInfo(out.status())->metadata().at("attempts"), "4");
  EXPECT_EQ(GetRetryHint(out.status())->action(), Hint::ACTION_RETRY);
  // The caller is told the backoff's next cap: 100 ms * 2^3.
  auto retry = GetRetryInfo(out.status());
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(retry->retry_delay().nanos(), 800000000);
}

TEST_F(PayoutConnectionImplTest, ReadsNeverRetryWhatCannotChange) {
  Answer({Json(404, ReadTestData("error_404.json"))});
  v1::GetPayoutInvoiceRequest request;
  request.set_id("cpoi_1");
  Capture<v1::PayoutInvoice> out;
  connection_->GetPayoutInvoice(ctx_, request, out.Callback());
  EXPECT_EQ(transport_->requests.size(), 1u);
  EXPECT_EQ(out.status().code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(GetRetryInfo(out.status()).has_value());
}

TEST_F(PayoutConnectionImplTest, MalformedReadsAreRetriedThenUnavailable) {
  Answer({Json(200, "{\"data\": {"), Json(200, "<html>"), Json(200, "[1"),
          Json(200, "")});
  v1::GetPayoutInvoiceRequest request;
  request.set_id("cpoi_1");
  Capture<v1::PayoutInvoice> out;
  connection_->GetPayoutInvoice(ctx_, request, out.Callback());
  EXPECT_EQ(transport_->requests.size(), 4u);
  EXPECT_EQ(out.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(GetErrorInfo(out.status())->reason(),
            "UPSTREAM_MALFORMED_RESPONSE");
}

TEST_F(PayoutConnectionImplTest, TheRetryBudgetStopsRetriesDuringAnOutage) {
  RetryOptions retry;
  retry.budget_max_tokens = 4;  // retries only while more than 2 tokens
  Rebuild(retry);
  Answer({Json(503), Json(503), Json(503), Json(503), Json(503), Json(503)});
  v1::GetPayoutServiceRequest request;
  request.set_id("comcpos_1");
  Capture<v1::PayoutService> first;
  connection_->GetPayoutService(ctx_, request, first.Callback());
  // 4 -> 3 (retry) -> 2 (no more retries).
  EXPECT_EQ(transport_->requests.size(), 2u);
  Capture<v1::PayoutService> second;
  connection_->GetPayoutService(ctx_, request, second.Callback());
  EXPECT_EQ(transport_->requests.size(), 3u);  // sent once, not retried
  EXPECT_EQ(budget_->tokens(), 1);
}

TEST_F(PayoutConnectionImplTest, RetriesStopBeforeTheDeadline) {
  ctx_ = std::make_shared<CallContext>(kStart + absl::Milliseconds(120), "");
  Answer({Json(503), Json(503), Json(503), Json(503)});
  v1::GetPayoutServiceRequest request;
  request.set_id("comcpos_1");
  Capture<v1::PayoutService> out;
  connection_->GetPayoutService(ctx_, request, out.Callback());
  // Waits of 50 ms then 100 ms: the second would end past 120 ms.
  EXPECT_EQ(transport_->requests.size(), 2u);
  EXPECT_THAT(timer_->delays(), ElementsAre(absl::Milliseconds(50)));
  EXPECT_EQ(out.status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(PayoutConnectionImplTest, CancellingTheCallAbortsTheUpstreamRequest) {
  v1::GetPayoutInvoiceRequest request;
  request.set_id("cpoi_1");
  Capture<v1::PayoutInvoice> out;
  connection_->GetPayoutInvoice(ctx_, request, out.Callback());
  ASSERT_EQ(transport_->pending(), 1u);
  EXPECT_FALSE(out.reported());
  ctx_->Cancel();
  EXPECT_EQ(transport_->cancelled.size(), 1u);
  ASSERT_TRUE(out.reported());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(transport_->requests.size(), 1u);  // not retried
}

// --- create: never twice ------------------------------------------------

TEST_F(PayoutConnectionImplTest, CreateNeverSentIsSentAgain) {
  Answer({NotSent(), Json(201, InvoiceDoc("cpoi_1", "r-1", "created"))});
  Capture<v1::PayoutInvoice> out;
  connection_->CreatePayoutInvoice(ctx_, CreateRequest(), out.Callback());
  ASSERT_TRUE(out.result().ok()) << out.status();
  EXPECT_THAT(Sent(),
              ElementsAre("POST /payout-invoices", "POST /payout-invoices"));
  EXPECT_THAT(timer_->delays(), ElementsAre(absl::Milliseconds(50)));
}

TEST_F(PayoutConnectionImplTest, CreateWithLostAnswerFindsTheInvoice) {
  Answer(
      {Lost(), Json(200, ListDoc({InvoiceJson("cpoi_7", "r-1", "created")}))});
  Capture<v1::PayoutInvoice> out;
  connection_->CreatePayoutInvoice(ctx_, CreateRequest(), out.Callback());
  ASSERT_TRUE(out.result().ok()) << out.status();
  EXPECT_EQ(out.result()->id(), "cpoi_7");
  EXPECT_THAT(Sent(),
              ElementsAre("POST /payout-invoices",
                          "GET /payout-invoices?filter[reference_id]=r-1"));
}

TEST_F(PayoutConnectionImplTest, CreateWithLostAnswerAndNoInvoiceCreatesAgain) {
  Answer({Json(502), Json(200, ListDoc({})),
          Json(201, InvoiceDoc("cpoi_8", "r-1", "created"))});
  Capture<v1::PayoutInvoice> out;
  connection_->CreatePayoutInvoice(ctx_, CreateRequest(), out.Callback());
  ASSERT_TRUE(out.result().ok()) << out.status();
  EXPECT_THAT(Sent(),
              ElementsAre("POST /payout-invoices",
                          "GET /payout-invoices?filter[reference_id]=r-1",
                          "POST /payout-invoices"));
}

TEST_F(PayoutConnectionImplTest, CreateStillUnknownSaysCheckStatusFirst) {
  Answer({Lost(), Lost(), Lost(), Lost(), Lost()});
  Capture<v1::PayoutInvoice> out;
  connection_->CreatePayoutInvoice(ctx_, CreateRequest(), out.Callback());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kUnavailable);
  auto hint = GetRetryHint(out.status());
  ASSERT_TRUE(hint.has_value());
  EXPECT_EQ(hint->action(), Hint::ACTION_CHECK_STATUS_THEN_RETRY);
  EXPECT_EQ(hint->reference_id(), "r-1");
  EXPECT_THAT(out.status().message(),
              HasSubstr("check the invoice before retrying"));
  // One create, four lookups -- never a second create.
  EXPECT_EQ(GetErrorInfo(out.status())->metadata().at("attempts"), "5");
  int creates = 0;
  for (const auto& s : Sent()) creates += s == "POST /payout-invoices";
  EXPECT_EQ(creates, 1);
}

// The gateway stopped waiting for a create that may still land: a lookup
// that finds nothing does not show that nothing happened. The gateway may
// create again (the reference_id keeps it to one invoice), but it never
// ends the call with "retry".
TEST_F(PayoutConnectionImplTest, ALostCreateIsNeverReportedAsNotHappened) {
  RetryOptions retry;
  retry.max_attempts = 2;
  Rebuild(retry);
  Answer({Lost(), Json(200, ListDoc({})), Json(503), Json(200, ListDoc({}))});
  Capture<v1::PayoutInvoice> out;
  connection_->CreatePayoutInvoice(ctx_, CreateRequest(), out.Callback());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(GetRetryHint(out.status())->action(),
            Hint::ACTION_CHECK_STATUS_THEN_RETRY);
  int creates = 0;
  for (const auto& s : Sent()) creates += s == "POST /payout-invoices";
  EXPECT_EQ(creates, 2);
}

// Every create was answered (503) and the lookups find nothing: nothing
// happened and nothing is in flight, so "retry" is true.
TEST_F(PayoutConnectionImplTest, AnsweredFailuresThatDidNotHappenSayRetry) {
  RetryOptions retry;
  retry.max_attempts = 2;
  Rebuild(retry);
  Answer(
      {Json(503), Json(200, ListDoc({})), Json(503), Json(200, ListDoc({}))});
  Capture<v1::PayoutInvoice> out;
  connection_->CreatePayoutInvoice(ctx_, CreateRequest(), out.Callback());
  EXPECT_EQ(GetRetryHint(out.status())->action(), Hint::ACTION_RETRY);
}

// A 409 says the reference_id is taken, and the lookup to compare fails:
// it may be this very payout, so it is not ALREADY_EXISTS (AIP-155).
TEST_F(PayoutConnectionImplTest, AConflictThatCannotBeComparedIsNotAConflict) {
  RetryOptions retry;
  retry.max_attempts = 1;
  Rebuild(retry);
  Answer({Json(409, R"({"errors": [{"code": "409"}]})"), Json(503)});
  Capture<v1::PayoutInvoice> out;
  connection_->CreatePayoutInvoice(ctx_, CreateRequest(), out.Callback());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(GetErrorInfo(out.status())->reason(), "RECONCILIATION_FAILED");
  EXPECT_EQ(GetRetryHint(out.status())->action(),
            Hint::ACTION_CHECK_STATUS_THEN_RETRY);
}

TEST_F(PayoutConnectionImplTest, DuplicateOfTheSamePayoutReturnsIt) {
  Answer({Json(409, ""),
          Json(200,
               ListDoc({InvoiceJson("cpoi_9", "r-1", "processed", "10.1")}))});
  Capture<v1::PayoutInvoice> out;
  connection_->CreatePayoutInvoice(ctx_, CreateRequest("10.10"),
                                   out.Callback());
  ASSERT_TRUE(out.result().ok()) << out.status();
  EXPECT_EQ(out.result()->id(), "cpoi_9");
}

TEST_F(PayoutConnectionImplTest, DuplicateOfAnotherPayoutIsAlreadyExists) {
  Answer({Json(409, ""),
          Json(200, ListDoc({InvoiceJson("cpoi_9", "r-1", "created", "99")}))});
  Capture<v1::PayoutInvoice> out;
  connection_->CreatePayoutInvoice(ctx_, CreateRequest("10.10"),
                                   out.Callback());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kAlreadyExists);
  auto hint = GetRetryHint(out.status());
  EXPECT_EQ(hint->action(), Hint::ACTION_USE_EXISTING_INVOICE);
  EXPECT_EQ(hint->invoice_id(), "cpoi_9");
  EXPECT_EQ(GetErrorInfo(out.status())->metadata().at("invoice_id"), "cpoi_9");
  EXPECT_EQ(GetErrorInfo(out.status())->reason(), "DUPLICATE_REFERENCE_ID");
}

TEST_F(PayoutConnectionImplTest,
       DuplicateUsesTheConflictBodyIfTheLookupMisses) {
  Answer({Json(409, absl::StrCat(R"({"errors": [{"code": "409"}], "data": )",
                                 InvoiceJson("cpoi_5", "r-1", "created"), "}")),
          Json(200, ListDoc({}))});
  Capture<v1::PayoutInvoice> out;
  connection_->CreatePayoutInvoice(ctx_, CreateRequest(), out.Callback());
  ASSERT_TRUE(out.result().ok()) << out.status();
  EXPECT_EQ(out.result()->id(), "cpoi_5");
}

TEST_F(PayoutConnectionImplTest, LostCreateOfAReferenceTakenByAnotherPayout) {
  Answer({Json(500),
          Json(200, ListDoc({InvoiceJson("cpoi_3", "r-1", "created", "1")}))});
  Capture<v1::PayoutInvoice> out;
  connection_->CreatePayoutInvoice(ctx_, CreateRequest("10.10"),
                                   out.Callback());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(GetRetryHint(out.status())->invoice_id(), "cpoi_3");
}

TEST_F(PayoutConnectionImplTest, CreateRejectedForItsContentIsNotReconciled) {
  Answer({Json(422, ReadTestData("error_422.json"))});
  Capture<v1::PayoutInvoice> out;
  connection_->CreatePayoutInvoice(ctx_, CreateRequest(), out.Callback());
  EXPECT_EQ(transport_->requests.size(), 1u);
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetRetryHint(out.status())->action(), Hint::ACTION_FIX_REQUEST);
  EXPECT_EQ(GetBadRequest(out.status())->field_violations(0).field(), "amount");
  EXPECT_EQ(GetErrorInfo(out.status())->metadata().at("reference_id"), "r-1");
}

TEST_F(PayoutConnectionImplTest, Create400IsCheckedThenReportedForFixing) {
  Answer({Json(400), Json(200, ListDoc({}))});
  Capture<v1::PayoutInvoice> out;
  connection_->CreatePayoutInvoice(ctx_, CreateRequest(), out.Callback());
  EXPECT_THAT(Sent(),
              ElementsAre("POST /payout-invoices",
                          "GET /payout-invoices?filter[reference_id]=r-1"));
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetRetryHint(out.status())->action(), Hint::ACTION_FIX_REQUEST);
}

// --- process: never twice ----------------------------------------------

v1::ProcessPayoutInvoiceRequest ProcessRequest() {
  v1::ProcessPayoutInvoiceRequest r;
  r.set_id("cpoi_1");
  return r;
}

TEST_F(PayoutConnectionImplTest,
       ProcessWithLostAnswerReturnsTheProcessingInvoice) {
  Answer({Lost(), Json(200, InvoiceDoc("cpoi_1", "r-1", "processing"))});
  Capture<v1::PayoutInvoice> out;
  connection_->ProcessPayoutInvoice(ctx_, ProcessRequest(), out.Callback());
  ASSERT_TRUE(out.result().ok()) << out.status();
  EXPECT_EQ(out.result()->status(), v1::PAYOUT_INVOICE_STATUS_PROCESSING);
  EXPECT_THAT(Sent(), ElementsAre("POST /payout-invoices/cpoi_1/process",
                                  "GET /payout-invoices/cpoi_1"));
}

TEST_F(PayoutConnectionImplTest, ProcessStillCreatedIsSentOnceMore) {
  Answer({Json(503), Json(200, InvoiceDoc("cpoi_1", "r-1", "created")),
          Json(200, InvoiceDoc("cpoi_1", "r-1", "processing"))});
  Capture<v1::PayoutInvoice> out;
  connection_->ProcessPayoutInvoice(ctx_, ProcessRequest(), out.Callback());
  ASSERT_TRUE(out.result().ok()) << out.status();
  EXPECT_THAT(Sent(), ElementsAre("POST /payout-invoices/cpoi_1/process",
                                  "GET /payout-invoices/cpoi_1",
                                  "POST /payout-invoices/cpoi_1/process"));
}

TEST_F(PayoutConnectionImplTest, ProcessIsRepeatedOnlyOnce) {
  Answer({Json(503), Json(200, InvoiceDoc("cpoi_1", "r-1", "created")),
          Json(503), Json(200, InvoiceDoc("cpoi_1", "r-1", "created"))});
  Capture<v1::PayoutInvoice> out;
  connection_->ProcessPayoutInvoice(ctx_, ProcessRequest(), out.Callback());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kUnavailable);
  // Every process was answered and the invoice is still `created`: nothing
  // happened and nothing is in flight, so retrying is safe.
  EXPECT_EQ(GetRetryHint(out.status())->action(), Hint::ACTION_RETRY);
  EXPECT_EQ(GetRetryHint(out.status())->invoice_id(), "cpoi_1");
  int processes = 0;
  for (const auto& s : Sent())
    processes += s == "POST /payout-invoices/cpoi_1/process";
  EXPECT_EQ(processes, 2);
}

// A process whose answer was lost may still land after the lookup: the
// invoice looks `created`, yet it is neither processed again nor reported
// as "nothing happened".
TEST_F(PayoutConnectionImplTest, ALostProcessIsNeverSentAgain) {
  Answer({Lost(), Json(200, InvoiceDoc("cpoi_1", "r-1", "created"))});
  Capture<v1::PayoutInvoice> out;
  connection_->ProcessPayoutInvoice(ctx_, ProcessRequest(), out.Callback());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(GetRetryHint(out.status())->action(),
            Hint::ACTION_CHECK_STATUS_THEN_RETRY);
  EXPECT_THAT(Sent(), ElementsAre("POST /payout-invoices/cpoi_1/process",
                                  "GET /payout-invoices/cpoi_1"));
}

TEST_F(PayoutConnectionImplTest,
       ARepeatedProcessRefusedMeansTheFirstWentThrough) {
  Answer({Json(503), Json(200, InvoiceDoc("cpoi_1", "r-1", "created")),
          Json(409, ""), Json(200, InvoiceDoc("cpoi_1", "r-1", "processing"))});
  Capture<v1::PayoutInvoice> out;
  connection_->ProcessPayoutInvoice(ctx_, ProcessRequest(), out.Callback());
  ASSERT_TRUE(out.result().ok()) << out.status();
  EXPECT_EQ(out.result()->status(), v1::PAYOUT_INVOICE_STATUS_PROCESSING);
}

TEST_F(PayoutConnectionImplTest, ProcessOfAnInvoiceAlreadyProcessedReturnsIt) {
  Answer(
      {Json(409, R"({"errors": [{"code": "409", "title": "invalid_status"}]})"),
       Json(200, InvoiceDoc("cpoi_1", "r-1", "processed"))});
  Capture<v1::PayoutInvoice> out;
  connection_->ProcessPayoutInvoice(ctx_, ProcessRequest(), out.Callback());
  ASSERT_TRUE(out.result().ok()) << out.status();
  EXPECT_EQ(out.result()->status(), v1::PAYOUT_INVOICE_STATUS_PROCESSED);
  EXPECT_THAT(Sent(), ElementsAre("POST /payout-invoices/cpoi_1/process",
                                  "GET /payout-invoices/cpoi_1"));
}

TEST_F(PayoutConnectionImplTest, ProcessOfAnExpiredInvoiceIsRefused) {
  Answer(
      {Json(409, R"({"errors": [{"code": "409", "title": "invalid_status"}]})"),
       Json(200, InvoiceDoc("cpoi_1", "r-1", "expired"))});
  Capture<v1::PayoutInvoice> out;
  connection_->ProcessPayoutInvoice(ctx_, ProcessRequest(), out.Callback());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(GetRetryHint(out.status())->action(), Hint::ACTION_DO_NOT_RETRY);
  EXPECT_EQ(transport_->requests.size(), 2u);
}

TEST_F(PayoutConnectionImplTest, ProcessUnknownAndUncheckableSaysCheckFirst) {
  Answer({Lost(), Lost(), Lost(), Lost(), Lost()});
  Capture<v1::PayoutInvoice> out;
  connection_->ProcessPayoutInvoice(ctx_, ProcessRequest(), out.Callback());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(GetRetryHint(out.status())->action(),
            Hint::ACTION_CHECK_STATUS_THEN_RETRY);
  EXPECT_EQ(GetRetryHint(out.status())->invoice_id(), "cpoi_1");
}

TEST_F(PayoutConnectionImplTest, ProcessNeverSentIsSentAgain) {
  Answer({NotSent(), Json(200, InvoiceDoc("cpoi_1", "r-1", "processing"))});
  Capture<v1::PayoutInvoice> out;
  connection_->ProcessPayoutInvoice(ctx_, ProcessRequest(), out.Callback());
  ASSERT_TRUE(out.result().ok()) << out.status();
  EXPECT_THAT(Sent(), ElementsAre("POST /payout-invoices/cpoi_1/process",
                                  "POST /payout-invoices/cpoi_1/process"));
}

}  // namespace
}  // namespace payout_gateway
