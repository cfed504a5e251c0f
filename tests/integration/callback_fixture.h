#ifndef PAYOUT_GATEWAY_TESTS_INTEGRATION_CALLBACK_FIXTURE_H_
#define PAYOUT_GATEWAY_TESTS_INTEGRATION_CALLBACK_FIXTURE_H_

#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

#include "gateway_test_fixture.h"
#include "support/http_request.h"
#include "support/redis_server.h"

namespace payout_gateway_testing {

inline constexpr char kCallbackSecret[] = "callback-secret-for-tests";

// One HTTP request to the gateway's callback or metrics port.
inline long Request(int port, const std::string& method,
                    const std::string& path, const std::string& body,
                    const std::vector<std::string>& headers,
                    std::string* answer) {
  HttpAnswer reply = HttpRequest(
      method, "http://127.0.0.1:" + std::to_string(port) + path, body, headers);
  *answer = std::move(reply.body);
  return reply.status;
}

// The value of the sample `series` (name and labels) in a Prometheus text
// exposition; 0 when absent.
inline int Counter(const std::string& metrics, const std::string& series) {
  const std::size_t at = metrics.find("\n" + series + " ");
  if (at == std::string::npos) return 0;
  return std::atoi(metrics.c_str() + at + series.size() + 2);
}

// The port of the gateway's "<what> on HOST:PORT" stdout line.
inline int PortOf(ChildProcess& gateway, const std::string& what) {
  std::smatch m;
  const std::string out = gateway.Stdout();
  if (!std::regex_search(out, m, std::regex(what + R"( on \S+:(\d+))"))) {
    return 0;
  }
  return std::stoi(m[1]);
}

// A sandbox that signs callbacks with the test secret (processing takes
// 200 ms) and a gateway that receives them on a callback port.
class CallbackGatewayTest : public GatewayTest {
 protected:
  GatewayEnvironment::Options EnvironmentOptions() override {
    GatewayEnvironment::Options options;
    options.gateway_args = {"--callback_listen=127.0.0.1:0",
                            "--callback_max_body_bytes=65536"};
    options.gateway_env.emplace_back("PAYOUT_GATEWAY_CALLBACK_SECRET",
                                     kCallbackSecret);
    options.sandbox_args = {std::string("--callback_secret=") + kCallbackSecret,
                            "--process_delay_ms=200"};
    for (std::string& arg : ExtraGatewayArgs()) {
      options.gateway_args.push_back(std::move(arg));
    }
    return options;
  }

  virtual std::vector<std::string> ExtraGatewayArgs() { return {}; }

  std::string CallbackUrl() {
    return "http://127.0.0.1:" +
           std::to_string(PortOf(env_->gateway_process(), "callbacks")) +
           "/corefy/callbacks";
  }

  // Adds a callback fault to the sandbox (see docs/sandbox.md).
  void AddCallbackFault(const std::string& fault) {
    std::string out;
    ASSERT_EQ(
        env_->sandbox().Send("POST", "/_sandbox/callback_faults", fault, out),
        200)
        << out;
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
    create.set_callback_url(CallbackUrl());
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

  // A payout whose callbacks go to this gateway.
  v1::PayoutInvoice CreateWithCallbacks(const std::string& reference_id) {
    v1::CreatePayoutInvoiceRequest create = TestUsdCreate(reference_id);
    create.set_callback_url(CallbackUrl());
    return CreateOrFail(create);
  }

  void Process(const std::string& id) {
    v1::ProcessPayoutInvoiceRequest process;
    process.set_id(id);
    v1::PayoutInvoice ignored;
    EXPECT_TRUE(
        stub_->ProcessPayoutInvoice(Context().get(), process, &ignored).ok());
  }

  std::string Metrics() {
    std::string body;
    EXPECT_EQ(Request(PortOf(env_->gateway_process(), "metrics"), "GET",
                      "/metrics", "", {}, &body),
              200);
    return body;
  }
};

// `Base` (a CallbackGatewayTest) with a real redis-server, started before
// the gateway, as the gateway's event bus.
template <typename Base>
class WithRedisBus : public Base {
 protected:
  void SetUp() override {
    auto redis = RedisServer::Start();
    ASSERT_TRUE(redis.ok()) << redis.status();
    redis_ = *std::move(redis);
    Base::SetUp();
  }
  std::vector<std::string> ExtraGatewayArgs() override {
    std::vector<std::string> args = Base::ExtraGatewayArgs();
    args.push_back("--event_bus=" + redis_->url());
    return args;
  }
  std::unique_ptr<RedisServer> redis_;
};

}  // namespace payout_gateway_testing

#endif  // PAYOUT_GATEWAY_TESTS_INTEGRATION_CALLBACK_FIXTURE_H_
