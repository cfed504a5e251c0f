#ifndef PAYOUT_GATEWAY_TESTS_INTEGRATION_GATEWAY_TEST_FIXTURE_H_
#define PAYOUT_GATEWAY_TESTS_INTEGRATION_GATEWAY_TEST_FIXTURE_H_

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "corefy/payout/v1/error_details.pb.h"
#include "corefy/payout/v1/payout_gateway_service.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "nlohmann/json.hpp"
#include "support/gateway_environment.h"
#include "support/requests.h"

namespace payout_gateway_testing {

namespace v1 = ::corefy::payout::v1;

// Starts a sandbox and a gateway (real processes, loopback, OS-chosen ports)
// for each test and talks to the gateway over a real gRPC channel.
class GatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto env = GatewayEnvironment::Start(EnvironmentOptions());
    ASSERT_TRUE(env.ok()) << env.status();
    env_ = *std::move(env);
    stub_ = env_->NewStub();
  }

  virtual GatewayEnvironment::Options EnvironmentOptions() { return {}; }

  // A client context with a deadline.
  static std::unique_ptr<grpc::ClientContext> Context(
      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + timeout);
    return context;
  }

  // A create request for the sandbox's test_usd service.
  static v1::CreatePayoutInvoiceRequest TestUsdCreate(
      const std::string& reference_id, const std::string& amount = "10.10") {
    return ValidCreate(reference_id, amount);
  }

  v1::PayoutInvoice CreateOrFail(
      const v1::CreatePayoutInvoiceRequest& request) {
    v1::PayoutInvoice invoice;
    grpc::Status status =
        stub_->CreatePayoutInvoice(Context().get(), request, &invoice);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return invoice;
  }

  // The sandbox's record of the API requests it received.
  nlohmann::json UpstreamRequests() const { return env_->sandbox().Requests(); }

  std::unique_ptr<GatewayEnvironment> env_;
  std::unique_ptr<v1::PayoutGatewayService::Stub> stub_;
};

// Reads one detail type out of a gRPC status's google.rpc.Status trailer.
template <typename Detail>
std::optional<Detail> DetailOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return std::nullopt;
  for (const auto& any : details.details()) {
    Detail d;
    if (any.UnpackTo(&d)) return d;
  }
  return std::nullopt;
}

// Polls `done` for up to `timeout`.
inline bool Eventually(const std::function<bool()>& done,
                       absl::Duration timeout = absl::Seconds(5)) {
  for (absl::Time end = absl::Now() + timeout; absl::Now() < end;) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return done();
}

inline std::set<std::string> ViolatedFields(const grpc::Status& status) {
  std::set<std::string> fields;
  if (auto bad = DetailOf<google::rpc::BadRequest>(status)) {
    for (const auto& v : bad->field_violations()) fields.insert(v.field());
  }
  return fields;
}

}  // namespace payout_gateway_testing

#endif  // PAYOUT_GATEWAY_TESTS_INTEGRATION_GATEWAY_TEST_FIXTURE_H_
