#include "grpc/grpc_status.h"

#include <gtest/gtest.h>

#include "common/error_details.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace payout_gateway {
namespace {

TEST(ToGrpcStatus, OkStaysOk) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

TEST(ToGrpcStatus, PacksEveryDetailIntoGoogleRpcStatus) {
  absl::Status s =
      ErrorBuilder(absl::StatusCode::kResourceExhausted, "slow down")
          .Reason(reason::kUpstreamRateLimited)
          .Violations({{"amount", "bad"}})
          .RetryDelay(absl::Seconds(2))
          .Build();
  grpc::Status g = ToGrpcStatus(s);
  EXPECT_EQ(g.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(g.error_message(), "slow down");

  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(g.error_details()));
  EXPECT_EQ(details.code(), 8);
  EXPECT_EQ(details.message(), "slow down");
  int error_infos = 0;
  bool bad_request = false, retry_info = false;
  for (const auto& any : details.details()) {
    if (any.Is<google::rpc::ErrorInfo>()) {
      ++error_infos;
      google::rpc::ErrorInfo info;
      ASSERT_TRUE(any.UnpackTo(&info));
      EXPECT_EQ(info.reason(), "UPSTREAM_RATE_LIMITED");
    }
    bad_request |= any.Is<google::rpc::BadRequest>();
    if (any.Is<google::rpc::RetryInfo>()) {
      google::rpc::RetryInfo retry;
      ASSERT_TRUE(any.UnpackTo(&retry));
      EXPECT_EQ(retry.retry_delay().seconds(), 2);
      retry_info = true;
    }
  }
  EXPECT_EQ(error_infos, 1);
  EXPECT_TRUE(bad_request);
  EXPECT_TRUE(retry_info);
}

}  // namespace
}  // namespace payout_gateway
