// Corefy's status callbacks, received by a real gateway process on its
// callback port: verified before anything is kept, counted, and logged
// without the body or the secret.

#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "callback_fixture.h"
#include "events/callback_signature.h"
#include "support/test_data.h"

namespace payout_gateway_testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using CallbackTest = CallbackGatewayTest;

TEST_F(CallbackTest, OnlyASignedInvoiceDocumentIsAccepted) {
  ASSERT_GT(PortOf(env_->gateway_process(), "callbacks"), 0);
  const std::string body = ReadTestData("invoice_private.json");
  const std::string signature =
      payout_gateway::CallbackSignature(kCallbackSecret, body);

  EXPECT_EQ(Deliver(body, signature), 200);
  EXPECT_EQ(Deliver(body, signature), 200);  // a repeat is still received
  EXPECT_EQ(Deliver(body, payout_gateway::CallbackSignature("guess", body)),
            401);
  EXPECT_EQ(Deliver(body, ""), 401);
  EXPECT_EQ(Deliver(std::string(70000, ' '), signature), 413);
  std::string answer;
  EXPECT_EQ(Request(PortOf(env_->gateway_process(), "callbacks"), "GET",
                    "/corefy/callbacks", "", {}, &answer),
            405);

  const std::string metrics = Metrics();
  EXPECT_THAT(
      metrics,
      HasSubstr(R"(payout_gateway_callbacks_total{result="accepted"} 2)"));
  EXPECT_THAT(
      metrics,
      HasSubstr(R"(payout_gateway_callbacks_total{result="bad_signature"} 1)"));
  EXPECT_THAT(
      metrics,
      HasSubstr(
          R"(payout_gateway_callbacks_total{result="missing_signature"} 1)"));
  EXPECT_THAT(
      metrics,
      HasSubstr(R"(payout_gateway_callbacks_total{result="too_large"} 1)"));

  const std::string log = env_->gateway_process().StderrOnceItHas(
      R"("event":"callback_refused")", 3);
  EXPECT_THAT(log, HasSubstr(R"("result":"bad_signature")"));
  EXPECT_THAT(log, Not(HasSubstr(kCallbackSecret)));
  EXPECT_THAT(log, Not(HasSubstr("serial_number")));  // no body in the log
}

// The sandbox, like Corefy, pushes each status change of a payout to its
// callback_url: the gateway verifies and keeps both (processing, then the
// final status) without anyone polling.
TEST_F(CallbackTest, APayoutsChangesArrivePushedBySignedCallbacks) {
  ASSERT_GT(PortOf(env_->gateway_process(), "callbacks"), 0);
  nlohmann::json callbacks = ProcessAndAwaitCallbacks("pushed-1", 2);
  EXPECT_EQ(callbacks["delivered"], 2) << callbacks.dump();
  EXPECT_EQ(callbacks["failed_attempts"], 0) << callbacks.dump();
  const std::string metrics = Metrics();
  EXPECT_THAT(
      metrics,
      HasSubstr(R"(payout_gateway_callbacks_total{result="accepted"} 2)"));
  EXPECT_THAT(
      metrics,
      HasSubstr(R"(payout_gateway_events_published_total{outcome="new"} 2)"));
}

TEST_F(CallbackTest, RepeatedAndReorderedCallbacksBecomeOneOrderedHistory) {
  // The first change (processing) five times, and held back until the
  // final status has been sent.
  AddCallbackFault(R"({"action": "duplicate", "copies": 4})");
  AddCallbackFault(R"({"action": "reorder"})");
  nlohmann::json stats = ProcessAndAwaitCallbacks("pushed-2", 6);
  EXPECT_EQ(stats["delivered"], 6) << stats.dump();
  const std::string metrics = Metrics();
  EXPECT_THAT(
      metrics,
      HasSubstr(R"(payout_gateway_callbacks_total{result="accepted"} 6)"));
  // The final status first (new), then the late "processing" once (kept,
  // stale), and its four repeats absorbed.
  EXPECT_THAT(
      metrics,
      HasSubstr(R"(payout_gateway_events_published_total{outcome="new"} 1)"));
  EXPECT_THAT(
      metrics,
      HasSubstr(R"(payout_gateway_events_published_total{outcome="stale"} 1)"));
  EXPECT_THAT(
      metrics,
      HasSubstr(
          R"(payout_gateway_events_published_total{outcome="duplicate"} 4)"));
}

TEST_F(CallbackTest, ABadSignatureIsRefusedAndTheRetryIsKept) {
  AddCallbackFault(R"({"action": "bad_signature"})");
  nlohmann::json stats = ProcessAndAwaitCallbacks("pushed-3", 2);
  EXPECT_EQ(stats["delivered"], 2) << stats.dump();
  EXPECT_EQ(stats["failed_attempts"], 1) << stats.dump();
  const std::string metrics = Metrics();
  EXPECT_THAT(
      metrics,
      HasSubstr(R"(payout_gateway_callbacks_total{result="bad_signature"} 1)"));
  EXPECT_THAT(
      metrics,
      HasSubstr(R"(payout_gateway_callbacks_total{result="accepted"} 2)"));
  // The refused change's retry may land after the final status: then it is
  // kept as stale, never as the current state. Either way both are kept.
  const std::string published = "payout_gateway_events_published_total";
  EXPECT_EQ(Counter(metrics, published + R"({outcome="new"})") +
                Counter(metrics, published + R"({outcome="stale"})"),
            2);
  EXPECT_EQ(Counter(metrics, published + R"({outcome="duplicate"})"), 0);
}

TEST_F(CallbackTest, TheCallbackPortNeedsItsSecret) {
  // The sandbox's keys, no callback secret.
  auto refused = env_->StartGateway({"--callback_listen=127.0.0.1:0"},
                                    GatewayEnvironment::Options().gateway_env);
  ASSERT_FALSE(refused.ok()) << "started without the callback secret";
  EXPECT_THAT(std::string(refused.status().message()),
              HasSubstr("--callback_listen needs the callback secret"));
}

}  // namespace
}  // namespace payout_gateway_testing
