#include "grpc/admission_control.h"

#include <gtest/gtest.h>

#include <vector>

#include "common/error_details.h"

namespace payout_gateway {
namespace {

class CountingMetrics : public Metrics {
 public:
  void CallRefused(absl::string_view limit) override {
    refused.emplace_back(limit);
  }
  std::vector<std::string> refused;
};

TEST(AdmissionControl, AdmitsUpToTheCallLimit) {
  CountingMetrics metrics;
  AdmissionControl admission({/*calls=*/2, /*bytes=*/1000}, &metrics);
  auto a = admission.Admit(10);
  auto b = admission.Admit(10);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  auto c = admission.Admit(10);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(GetErrorInfo(c.status())->reason(), "GATEWAY_OVERLOADED");
  EXPECT_EQ(GetErrorInfo(c.status())->metadata().at("limit"),
            "calls_in_flight");
  EXPECT_EQ(GetRetryInfo(c.status())->retry_delay().seconds(), 1);
  EXPECT_EQ(GetRetryHint(c.status())->action(),
            corefy::payout::v1::RetryHint::ACTION_RETRY);
  EXPECT_EQ(metrics.refused, std::vector<std::string>{"calls_in_flight"});
  EXPECT_EQ(admission.calls_in_flight(), 2);
  a->Release();
  EXPECT_TRUE(admission.Admit(10).ok());
}

TEST(AdmissionControl, AdmitsUpToTheByteLimit) {
  CountingMetrics metrics;
  AdmissionControl admission({/*calls=*/100, /*bytes=*/100}, &metrics);
  auto a = admission.Admit(60);
  ASSERT_TRUE(a.ok());
  auto b = admission.Admit(60);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(GetErrorInfo(b.status())->metadata().at("limit"),
            "request_bytes_in_flight");
  // A refused call holds nothing.
  EXPECT_EQ(admission.calls_in_flight(), 1);
  EXPECT_EQ(admission.request_bytes_in_flight(), 60);
  {
    AdmissionControl::Ticket moved = *std::move(a);
    EXPECT_EQ(admission.request_bytes_in_flight(), 60);
  }
  EXPECT_EQ(admission.request_bytes_in_flight(), 0);
  EXPECT_EQ(admission.calls_in_flight(), 0);
}

}  // namespace
}  // namespace payout_gateway
