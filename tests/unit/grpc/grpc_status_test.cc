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

// Upstream texts echo what they rejected: whatever detail carries a card
// number, the caller sees it masked.
TEST(ToGrpcStatus, MasksCardNumbersInTheMessageAndEveryDetail) {
  const std::string card = "4111111111111111";
  absl::Status s =
      ErrorBuilder(absl::StatusCode::kInvalidArgument,
                   "upstream answered HTTP 422: card " + card + " 1228")
          .Reason(reason::kUpstreamValidationFailed)
          .Metadata("upstream_detail", "card " + card + " is invalid")
          .Metadata("upstream_code", "E" + card)
          .Metadata("upstream_request_id", "4111.1111.1111.1111")
          .Violations({{"fields.card_number", "4111-1111-1111-1111 rejected"}})
          .Hint(corefy::payout::v1::RetryHint::ACTION_FIX_REQUEST, "",
                "order-" + card)
          .Build();
  grpc::Status g = ToGrpcStatus(s);
  EXPECT_EQ(g.error_message(),
            "upstream answered HTTP 422: card 411111**********1228");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(g.error_details()));
  EXPECT_EQ(details.message(), g.error_message());
  ASSERT_EQ(details.details_size(), 3);
  for (const auto& any : details.details()) {
    EXPECT_EQ(any.value().find("111111111111"), std::string::npos)
        << any.type_url();
    EXPECT_EQ(any.value().find("1111.1111.1111"), std::string::npos);
    EXPECT_EQ(any.value().find("1111-1111-1111"), std::string::npos);
  }
  google::rpc::ErrorInfo info;
  google::rpc::BadRequest bad;
  corefy::payout::v1::RetryHint hint;
  for (const auto& any : details.details()) {
    if (any.Is<google::rpc::ErrorInfo>()) {
      ASSERT_TRUE(any.UnpackTo(&info));
    }
    if (any.Is<google::rpc::BadRequest>()) {
      ASSERT_TRUE(any.UnpackTo(&bad));
    }
    if (any.Is<corefy::payout::v1::RetryHint>()) {
      ASSERT_TRUE(any.UnpackTo(&hint));
    }
  }
  EXPECT_EQ(info.metadata().at("upstream_detail"),
            "card 411111******1111 is invalid");
  EXPECT_EQ(info.metadata().at("upstream_request_id"), "411111******1111");
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).description(), "411111******1111 rejected");
  EXPECT_EQ(hint.reference_id(), "order-411111******1111");
}

}  // namespace
}  // namespace payout_gateway
