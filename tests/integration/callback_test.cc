// Corefy's status callbacks, received by a real gateway process on its
// callback port: verified before anything is kept, counted, and logged
// without the body or the secret.

#include <gmock/gmock.h>

#include <regex>
#include <string>
#include <vector>

#include "events/callback_signature.h"
#include "gateway_test_fixture.h"
#include "support/http_request.h"
#include "support/test_data.h"

namespace payout_gateway_testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kCallbackSecret[] = "callback-secret-for-tests";

// One HTTP request to the gateway's callback or metrics port.
long Request(int port, const std::string& method, const std::string& path,
             const std::string& body, const std::vector<std::string>& headers,
             std::string* answer) {
  HttpAnswer reply = HttpRequest(
      method, "http://127.0.0.1:" + std::to_string(port) + path, body, headers);
  *answer = std::move(reply.body);
  return reply.status;
}

// The value of the sample `series` (name and labels) in a Prometheus text
// exposition; 0 when absent.
int Counter(const std::string& metrics, const std::string& series) {
  const std::size_t at = metrics.find("\n" + series + " ");
  if (at == std::string::npos) return 0;
  return std::atoi(metrics.c_str() + at + series.size() + 2);
}

// The port of the gateway's "<what> on HOST:PORT" stdout line.
int PortOf(ChildProcess& gateway, const std::string& what) {
  std::smatch m;
  const std::string out = gateway.Stdout();
  if (!std::regex_search(out, m, std::regex(what + R"( on \S+:(\d+))"))) {
    return 0;
  }
  return std::stoi(m[1]);
}

class CallbackTest : public GatewayTest {
 protected:
  GatewayEnvironment::Options EnvironmentOptions() override {
    GatewayEnvironment::Options options;
    options.gateway_args = {"--callback_listen=127.0.0.1:0",
                            "--callback_max_body_bytes=65536"};
    options.gateway_env.emplace_back("PAYOUT_GATEWAY_CALLBACK_SECRET",
                                     kCallbackSecret);
    options.sandbox_args = {std::string("--callback_secret=") + kCallbackSecret,
                            "--process_delay_ms=200"};
    return options;
  }

  long Deliver(const std::string& body, const std::string& signature) {
    std::string answer;
    return Request(
        PortOf(env_->gateway_process(), "callbacks"), "POST",
        "/corefy/callbacks", body,
        {"Content-Type: application/vnd.api+json", "X-Signature: " + signature},
        &answer);
  }

  // Creates a payout whose callbacks go to this gateway, processes it, and
  // waits (10 s at most) until the sandbox has delivered `deliveries`
  // callbacks; returns the sandbox's callback counts. Nobody reads the
  // invoice: its final status is reached by time alone.
  nlohmann::json ProcessAndAwaitCallbacks(const std::string& reference_id,
                                          int deliveries) {
    v1::CreatePayoutInvoiceRequest create = TestUsdCreate(reference_id);
    create.set_callback_url(
        "http://127.0.0.1:" +
        std::to_string(PortOf(env_->gateway_process(), "callbacks")) +
        "/corefy/callbacks");
    v1::PayoutInvoice invoice = CreateOrFail(create);
    v1::ProcessPayoutInvoiceRequest process;
    process.set_id(invoice.id());
    v1::PayoutInvoice processing;
    EXPECT_TRUE(
        stub_->ProcessPayoutInvoice(Context().get(), process, &processing)
            .ok());
    const absl::Time start = absl::Now();
    nlohmann::json stats;
    while (absl::Now() - start < absl::Seconds(10)) {
      stats = env_->sandbox().Callbacks();
      if (stats["delivered"] >= deliveries) break;
      absl::SleepFor(absl::Milliseconds(20));
    }
    std::printf("%d callbacks delivered %s after the process call\n",
                stats["delivered"].get<int>(),
                absl::FormatDuration(absl::Now() - start).c_str());
    return stats;
  }

  std::string Metrics() {
    std::string body;
    EXPECT_EQ(Request(PortOf(env_->gateway_process(), "metrics"), "GET",
                      "/metrics", "", {}, &body),
              200);
    return body;
  }
};

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
  std::string out;
  // The first change (processing) five times, and held back until the
  // final status has been sent.
  ASSERT_EQ(
      env_->sandbox().Send("POST", "/_sandbox/callback_faults",
                           R"({"action": "duplicate", "copies": 4})", out),
      200);
  ASSERT_EQ(env_->sandbox().Send("POST", "/_sandbox/callback_faults",
                                 R"({"action": "reorder"})", out),
            200);
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
  std::string out;
  ASSERT_EQ(env_->sandbox().Send("POST", "/_sandbox/callback_faults",
                                 R"({"action": "bad_signature"})", out),
            200);
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
