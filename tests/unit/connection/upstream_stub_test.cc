#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "common/call_context.h"
#include "common/metrics.h"
#include "connection/metered_upstream_stub.h"
#include "connection/rest_upstream_stub.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "unit/connection/fake_transport.h"

namespace payout_gateway {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;
using ::testing::Pair;

UpstreamOptions Options() {
  UpstreamOptions o;
  o.base_url = "https://corefy.example";
  o.private_api_prefix = "/api";
  o.public_api_prefix = "/public-api";
  o.account_id = "coma_1";
  o.api_key = "key";
  return o;
}

HttpRequest Get(std::string url) {
  HttpRequest r;
  r.method = HttpMethod::kGet;
  r.url = std::move(url);
  r.route = "/payout-invoices/{id}";
  return r;
}

TEST(RestUpstreamStub, CompletesTheRequestForItsApiAndCountsTheAttempt) {
  auto transport = std::make_shared<FakeTransport>();
  transport->respond = [](const HttpRequest&) {
    return FakeTransport::Json(200, "{}");
  };
  RestUpstreamStub stub(transport, Options());
  auto ctx = std::make_shared<CallContext>(absl::InfiniteFuture(), "req-1");
  std::vector<int> statuses;
  auto done = [&](HttpResult r) { statuses.push_back(r.response.status_code); };
  stub.Send(ctx, Api::kPrivate, Get("/payout-invoices/a"), done);
  stub.Send(ctx, Api::kPublic, Get("/payout-invoices"), done);

  ASSERT_EQ(transport->requests.size(), 2u);
  EXPECT_EQ(transport->requests[0].url,
            "https://corefy.example/api/payout-invoices/a");
  // base64("coma_1:key")
  EXPECT_THAT(transport->requests[0].headers,
              Contains(Pair("Authorization", "Basic Y29tYV8xOmtleQ==")));
  EXPECT_THAT(transport->requests[0].headers,
              Contains(Pair("X-Request-Id", "req-1")));
  EXPECT_EQ(transport->requests[1].url,
            "https://corefy.example/public-api/payout-invoices");
  EXPECT_THAT(transport->requests[1].headers,
              Not(Contains(Pair("Authorization", ::testing::_))));
  EXPECT_THAT(statuses, ElementsAre(200, 200));
  EXPECT_EQ(ctx->upstream_attempts(), 2);
}

TEST(RestUpstreamStub, TheCallsCancellationAbortsTheTransfer) {
  auto transport = std::make_shared<FakeTransport>();  // answers nothing
  RestUpstreamStub stub(transport, Options());
  auto ctx = std::make_shared<CallContext>(absl::InfiniteFuture(), "req-2");
  std::vector<TransferOutcome> outcomes;
  stub.Send(ctx, Api::kPrivate, Get("/payout-invoices/a"),
            [&](HttpResult r) { outcomes.push_back(r.outcome); });
  EXPECT_TRUE(outcomes.empty());
  ctx->Cancel();
  EXPECT_EQ(transport->cancelled.size(), 1u);
  EXPECT_THAT(outcomes, ElementsAre(TransferOutcome::kCancelled));
}

class RecordingMetrics : public Metrics {
 public:
  void UpstreamRequest(absl::string_view route, absl::string_view http_method,
                       absl::string_view outcome,
                       absl::Duration latency) override {
    seen.push_back(
        {std::string(route), std::string(http_method), std::string(outcome)});
  }
  std::vector<std::vector<std::string>> seen;
};

TEST(MeteredUpstreamStub, RecordsEachRequestByRouteMethodAndOutcome) {
  auto transport = std::make_shared<FakeTransport>();
  int answer = 0;
  transport->respond = [&](const HttpRequest&) {
    if (answer++ == 0) return FakeTransport::Json(503, "");
    HttpResult r;
    r.outcome = TransferOutcome::kNotSent;
    return r;
  };
  auto metrics = std::make_shared<RecordingMetrics>();
  MeteredUpstreamStub stub(
      std::make_shared<RestUpstreamStub>(transport, Options()), metrics);
  auto ctx = std::make_shared<CallContext>(absl::InfiniteFuture(), "req-3");
  int completed = 0;
  for (int i = 0; i < 2; ++i) {
    stub.Send(ctx, Api::kPrivate, Get("/payout-invoices/a"),
              [&](HttpResult) { ++completed; });
  }
  EXPECT_EQ(completed, 2);
  ASSERT_EQ(metrics->seen.size(), 2u);
  EXPECT_THAT(metrics->seen[0],
              ElementsAre("/payout-invoices/{id}", "GET", "503"));
  EXPECT_EQ(metrics->seen[1][2],
            TransferOutcomeName(TransferOutcome::kNotSent));
}

}  // namespace
}  // namespace payout_gateway
