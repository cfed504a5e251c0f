#include "common/error_details.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace payout_gateway {
namespace {

TEST(ErrorBuilder, AttachesErrorInfoBadRequestAndRetryInfo) {
  absl::Status status =
      ErrorBuilder(absl::StatusCode::kInvalidArgument, "bad amount")
          .Reason(reason::kInvalidRequest)
          .Metadata("operation", "CreatePayoutInvoice")
          .Violations({{"amount", "must be positive"}})
          .RetryDelay(absl::Milliseconds(1500))
          .Build();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "bad amount");

  auto info = GetErrorInfo(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "INVALID_REQUEST");
  EXPECT_EQ(info->domain(), kErrorDomain);
  EXPECT_EQ(info->metadata().at("operation"), "CreatePayoutInvoice");

  auto bad = GetBadRequest(status);
  ASSERT_TRUE(bad.has_value());
  ASSERT_EQ(bad->field_violations_size(), 1);
  EXPECT_EQ(bad->field_violations(0).field(), "amount");

  auto retry = GetRetryInfo(status);
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(retry->retry_delay().seconds(), 1);
  EXPECT_EQ(retry->retry_delay().nanos(), 500000000);
}

TEST(ErrorBuilder, AddsOnlyTheDetailsAsked) {
  absl::Status status = ErrorBuilder(absl::StatusCode::kNotFound, "gone")
                            .Reason(reason::kNotFound)
                            .Build();
  EXPECT_TRUE(GetErrorInfo(status).has_value());
  EXPECT_FALSE(GetBadRequest(status).has_value());
  EXPECT_FALSE(GetRetryInfo(status).has_value());
}

TEST(SetErrorMetadata, AddsToExistingErrorInfo) {
  absl::Status status = ErrorBuilder(absl::StatusCode::kUnavailable, "down")
                            .Reason(reason::kUpstreamUnavailable)
                            .Metadata("http_status", "503")
                            .Build();
  SetErrorMetadata(status, "reference_id", "r-1");
  auto info = GetErrorInfo(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "UPSTREAM_UNAVAILABLE");
  EXPECT_EQ(info->metadata().at("http_status"), "503");
  EXPECT_EQ(info->metadata().at("reference_id"), "r-1");
}

}  // namespace
}  // namespace payout_gateway
