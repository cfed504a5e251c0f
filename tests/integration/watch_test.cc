// WatchPayoutInvoice against a real gateway process and the sandbox: the
// current state first, then each change pushed by Corefy's callbacks, in
// order, ending after the final status; polling when callbacks stay away;
// deadlines, cancellation and bad requests.

#include <gmock/gmock.h>

#include <csignal>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "callback_fixture.h"

namespace payout_gateway_testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct WatchResult {
  std::vector<v1::PayoutInvoiceEvent> events;
  grpc::Status status;
  // When each event arrived.
  std::vector<absl::Time> arrived;
};

// Reads a watch to its end. `on_first` runs once the first event is in.
WatchResult Watch(
    v1::PayoutGatewayService::Stub& stub,
    const v1::WatchPayoutInvoiceRequest& request,
    std::chrono::milliseconds timeout,
    const std::function<void()>& on_first = [] {}) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + timeout);
  auto reader = stub.WatchPayoutInvoice(context.get(), request);
  WatchResult result;
  v1::PayoutInvoiceEvent event;
  while (reader->Read(&event)) {
    result.events.push_back(event);
    result.arrived.push_back(absl::Now());
    if (result.events.size() == 1) on_first();
  }
  result.status = reader->Finish();
  return result;
}

std::vector<std::string> Statuses(const WatchResult& result) {
  std::vector<std::string> out;
  for (const auto& e : result.events) {
    out.push_back(
        absl::StrCat(v1::PayoutInvoiceStatus_Name(e.invoice().status()), "/",
                     v1::PayoutEventSource_Name(e.source())));
  }
  return out;
}

v1::WatchPayoutInvoiceRequest ById(const std::string& id) {
  v1::WatchPayoutInvoiceRequest request;
  request.set_id(id);
  return request;
}

class WatchTest : public CallbackGatewayTest {
 protected:
  // Long enough that a watch in these tests never polls: what it sees came
  // by push.
  std::vector<std::string> ExtraGatewayArgs() override {
    return {"--watch_poll_after=60s"};
  }

  void ExpectOneOrderedSequence();
};

TEST_F(WatchTest, APayoutsChangesArriveByPushUntilItsFinalStatus) {
  const v1::PayoutInvoice invoice = CreateWithCallbacks("watch-1");
  absl::Time processed_at;
  WatchResult result =
      Watch(*stub_, ById(invoice.id()), std::chrono::seconds(10), [&] {
        processed_at = absl::Now();
        Process(invoice.id());
      });
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_THAT(Statuses(result), ElementsAre("PAYOUT_INVOICE_STATUS_CREATED/"
                                            "PAYOUT_EVENT_SOURCE_INITIAL_READ",
                                            "PAYOUT_INVOICE_STATUS_PROCESSING/"
                                            "PAYOUT_EVENT_SOURCE_CALLBACK",
                                            "PAYOUT_INVOICE_STATUS_PROCESSED/"
                                            "PAYOUT_EVENT_SOURCE_CALLBACK"));
  for (const auto& e : result.events) {
    EXPECT_EQ(e.invoice().id(), invoice.id());
    EXPECT_TRUE(e.cursor().empty());
    EXPECT_FALSE(e.superseded());
    EXPECT_GT(e.receive_time().seconds(), 0);
  }
  // Processing takes the sandbox 200 ms; the rest is the push.
  std::printf(
      "final status on the watch %s after the process call\n",
      absl::FormatDuration(result.arrived.back() - processed_at).c_str());
  const std::string metrics = Metrics();
  EXPECT_EQ(
      Counter(metrics,
              R"(payout_gateway_rpc_in_flight{method="WatchPayoutInvoice"})"),
      0);
  EXPECT_EQ(
      Counter(
          metrics,
          R"(payout_gateway_rpc_total{code="OK",method="WatchPayoutInvoice"})"),
      1);
  // The two pushed changes; the initial read is not a change's lag.
  EXPECT_THAT(
      metrics,
      HasSubstr(
          R"(payout_gateway_event_lag_seconds_count{method="WatchPayoutInvoice"} 2)"));
}

TEST_F(WatchTest, AFinishedPayoutIsOneEventByReferenceId) {
  const v1::PayoutInvoice invoice = CreateWithCallbacks("watch-2");
  Process(invoice.id());
  ASSERT_TRUE(Eventually(
      [&] { return env_->sandbox().Callbacks()["delivered"] >= 2; }));
  v1::WatchPayoutInvoiceRequest request;
  request.set_reference_id("watch-2");
  WatchResult result = Watch(*stub_, request, std::chrono::seconds(5));
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_THAT(Statuses(result),
              ElementsAre("PAYOUT_INVOICE_STATUS_PROCESSED/"
                          "PAYOUT_EVENT_SOURCE_INITIAL_READ"));
}

// "processing" five times, held back until the final status was sent: the
// watcher sees one ordered sequence.
void WatchTest::ExpectOneOrderedSequence() {
  AddCallbackFault(R"({"action": "duplicate", "copies": 4})");
  AddCallbackFault(R"({"action": "reorder"})");
  const v1::PayoutInvoice invoice = CreateWithCallbacks("watch-3");
  WatchResult result =
      Watch(*stub_, ById(invoice.id()), std::chrono::seconds(10),
            [&] { Process(invoice.id()); });
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  // The late "processing" is older than the final status: never shown.
  EXPECT_THAT(Statuses(result), ElementsAre("PAYOUT_INVOICE_STATUS_CREATED/"
                                            "PAYOUT_EVENT_SOURCE_INITIAL_READ",
                                            "PAYOUT_INVOICE_STATUS_PROCESSED/"
                                            "PAYOUT_EVENT_SOURCE_CALLBACK"));
}

TEST_F(WatchTest, RepeatedAndReorderedCallbacksReachTheWatcherOnceInOrder) {
  ExpectOneOrderedSequence();
}

// The same through a real redis-server as the bus.
class RedisWatchTest : public WithRedisBus<WatchTest> {};

TEST_F(RedisWatchTest,
       RepeatedAndReorderedCallbacksReachTheWatcherOnceInOrder) {
  ExpectOneOrderedSequence();
}

TEST_F(WatchTest, TheDeadlineEndsAWatchCleanly) {
  const v1::PayoutInvoice invoice = CreateWithCallbacks("watch-4");
  WatchResult result =
      Watch(*stub_, ById(invoice.id()), std::chrono::milliseconds(700));
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  ASSERT_EQ(result.events.size(), 1u);  // the current state, then nothing
  ASSERT_TRUE(Eventually([&] {
    return Counter(
               Metrics(),
               R"(payout_gateway_rpc_in_flight{method="WatchPayoutInvoice"})") ==
           0;
  }));
}

TEST_F(WatchTest, ACancelledWatchEndsOnTheGatewayToo) {
  const v1::PayoutInvoice invoice = CreateWithCallbacks("watch-5");
  grpc::ClientContext context;
  auto reader = stub_->WatchPayoutInvoice(&context, ById(invoice.id()));
  v1::PayoutInvoiceEvent event;
  ASSERT_TRUE(reader->Read(&event));
  context.TryCancel();
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_TRUE(Eventually([&] {
    return Counter(
               Metrics(),
               R"(payout_gateway_rpc_total{code="CANCELLED",method="WatchPayoutInvoice"})") ==
           1;
  }));
}

TEST_F(WatchTest, AnUnknownInvoiceOrAnEmptyRequestEndsAtOnce) {
  WatchResult unknown =
      Watch(*stub_, ById("cpoi_NoSuchInvoice1"), std::chrono::seconds(5));
  EXPECT_EQ(unknown.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(unknown.events.empty());

  WatchResult empty = Watch(*stub_, {}, std::chrono::seconds(5));
  EXPECT_EQ(empty.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(empty.status.error_message(), HasSubstr("id"));

  WatchResult hostile =
      Watch(*stub_, ById("cpoi_\r\nX-Evil: 1"), std::chrono::seconds(5));
  EXPECT_EQ(hostile.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(UpstreamRequests().empty() ||
              UpstreamRequests().dump().find("Evil") == std::string::npos);
}

TEST_F(WatchTest, ADrainEndsOpenWatchesAtOnceSoTheyReconnectElsewhere) {
  const v1::PayoutInvoice invoice = CreateWithCallbacks("watch-drain");
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
  auto reader = stub_->WatchPayoutInvoice(&context, ById(invoice.id()));
  v1::PayoutInvoiceEvent event;
  ASSERT_TRUE(reader->Read(&event));
  const absl::Time start = absl::Now();
  kill(env_->gateway_process().pid(), SIGTERM);
  EXPECT_FALSE(reader->Read(&event));
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  auto info = DetailOf<google::rpc::ErrorInfo>(status);
  ASSERT_TRUE(info.has_value()) << status.error_message();
  EXPECT_EQ(info->reason(), "GATEWAY_DRAINING");
  // Not after the shutdown grace (10 s): at once.
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
}

class OneStreamTest : public WatchTest {
 protected:
  std::vector<std::string> ExtraGatewayArgs() override {
    return {"--watch_poll_after=60s", "--max_open_streams=1"};
  }
};

TEST_F(OneStreamTest, StreamsBeyondTheLimitAreRefusedWithAHint) {
  const v1::PayoutInvoice invoice = CreateWithCallbacks("watch-limit");
  grpc::ClientContext first;
  auto open = stub_->WatchPayoutInvoice(&first, ById(invoice.id()));
  v1::PayoutInvoiceEvent event;
  ASSERT_TRUE(open->Read(&event));
  WatchResult refused =
      Watch(*stub_, ById(invoice.id()), std::chrono::seconds(5));
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  auto hint = DetailOf<v1::RetryHint>(refused.status);
  ASSERT_TRUE(hint.has_value());
  EXPECT_EQ(hint->action(), v1::RetryHint::ACTION_RETRY);
  first.TryCancel();
  (void)open->Finish();
  // The slot is free again once the first stream is done.
  EXPECT_TRUE(Eventually([&] {
    return Watch(*stub_, ById(invoice.id()), std::chrono::milliseconds(300))
               .events.size() == 1;
  }));
}

// Without callbacks (the sandbox posts them nowhere the gateway hears),
// the watch reads Corefy itself after --watch_poll_after of silence.
class PollingWatchTest : public GatewayTest {
 protected:
  GatewayEnvironment::Options EnvironmentOptions() override {
    GatewayEnvironment::Options options;
    options.gateway_args = {"--watch_poll_after=300ms",
                            "--watch_max_poll_interval=1s"};
    options.sandbox_args = {"--process_delay_ms=200"};
    return options;
  }
};

TEST_F(PollingWatchTest, WithoutCallbacksTheWatchPollsToTheFinalStatus) {
  const v1::PayoutInvoice invoice = CreateOrFail(TestUsdCreate("watch-poll"));
  WatchResult result =
      Watch(*stub_, ById(invoice.id()), std::chrono::seconds(10), [&] {
        v1::ProcessPayoutInvoiceRequest process;
        process.set_id(invoice.id());
        v1::PayoutInvoice ignored;
        EXPECT_TRUE(
            stub_->ProcessPayoutInvoice(Context().get(), process, &ignored)
                .ok());
      });
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  ASSERT_GE(result.events.size(), 2u);
  EXPECT_EQ(result.events.front().source(),
            v1::PAYOUT_EVENT_SOURCE_INITIAL_READ);
  EXPECT_EQ(result.events.back().source(), v1::PAYOUT_EVENT_SOURCE_POLL);
  EXPECT_EQ(result.events.back().invoice().status(),
            v1::PAYOUT_INVOICE_STATUS_PROCESSED);
}

}  // namespace
}  // namespace payout_gateway_testing
