#include "payout_client/payout_error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error_details.h"
#include "grpc/grpc_status.h"
#include "hint_policy.h"

namespace payout_client {
namespace {

using ::testing::HasSubstr;
using Hint = corefy::payout::v1::RetryHint;
namespace gw = ::payout_gateway;

// A status as the gateway sends it, through the gRPC trailer and back.
absl::Status Wire(const absl::Status& status) {
  return FromGrpcStatus(gw::ToGrpcStatus(status));
}

TEST(PayoutError, DecodesEveryDetail) {
  absl::Status status =
      Wire(gw::ErrorBuilder(absl::StatusCode::kAlreadyExists, "taken")
               .Reason("DUPLICATE_REFERENCE_ID")
               .Metadata("http_status", "409")
               .Violations({{"amount", "differs"}})
               .RetryDelay(absl::Milliseconds(1500))
               .Hint(Hint::ACTION_USE_EXISTING_INVOICE, "cpoi_1", "r-1")
               .Build());
  PayoutError e = PayoutError::FromStatus(status);
  EXPECT_EQ(e.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(e.message(), "taken");
  EXPECT_EQ(e.reason(), "DUPLICATE_REFERENCE_ID");
  EXPECT_EQ(e.domain(), "payout-gateway.corefy.io");
  EXPECT_EQ(e.metadata().at("http_status"), "409");
  ASSERT_EQ(e.violations().size(), 1u);
  EXPECT_EQ(e.violations()[0].field, "amount");
  EXPECT_EQ(e.retry_delay(), absl::Milliseconds(1500));
  EXPECT_EQ(e.action(), RetryAction::kUseExistingInvoice);
  EXPECT_EQ(e.invoice_id(), "cpoi_1");
  EXPECT_EQ(e.reference_id(), "r-1");
  EXPECT_FALSE(e.action_description().empty());
  EXPECT_THAT(e.ToString(), HasSubstr("use the existing invoice cpoi_1"));
  EXPECT_THAT(e.ToString(), HasSubstr("field amount: differs"));
}

TEST(PayoutError, SaysHowLongToWait) {
  PayoutError e = PayoutError::FromStatus(
      Wire(gw::ErrorBuilder(absl::StatusCode::kUnavailable, "down")
               .RetryDelay(absl::Seconds(2))
               .Hint(Hint::ACTION_RETRY)
               .Build()));
  EXPECT_THAT(e.ToString(), HasSubstr("retry after 2s"));
  PayoutError check = PayoutError::FromStatus(
      Wire(gw::ErrorBuilder(absl::StatusCode::kUnavailable, "lost")
               .Hint(Hint::ACTION_CHECK_STATUS_THEN_RETRY, "", "r-9")
               .Build()));
  EXPECT_THAT(check.ToString(),
              HasSubstr("check status first (reference_id r-9)"));
}

TEST(PayoutError, AStatusWithoutDetailsHasNoHint) {
  PayoutError e = PayoutError::FromStatus(absl::DeadlineExceededError("late"));
  EXPECT_EQ(e.action(), RetryAction::kUnspecified);
  EXPECT_EQ(e.reason(), "");
  EXPECT_FALSE(e.retry_delay().has_value());
}

using internal::CallKind;
using internal::DecideNextStep;
using internal::NextStep;

PayoutError WithHint(absl::StatusCode code, Hint::Action action) {
  return PayoutError::FromStatus(
      Wire(gw::ErrorBuilder(code, "x").Hint(action).Build()));
}

TEST(DecideNextStep, FollowsTheHint) {
  EXPECT_EQ(
      DecideNextStep(CallKind::kCreate, WithHint(absl::StatusCode::kUnavailable,
                                                 Hint::ACTION_RETRY)),
      NextStep::kRetry);
  EXPECT_EQ(DecideNextStep(CallKind::kCreate,
                           WithHint(absl::StatusCode::kUnavailable,
                                    Hint::ACTION_CHECK_STATUS_THEN_RETRY)),
            NextStep::kCheckThenRetry);
  EXPECT_EQ(DecideNextStep(CallKind::kProcess,
                           WithHint(absl::StatusCode::kUnavailable,
                                    Hint::ACTION_CHECK_STATUS_THEN_RETRY)),
            NextStep::kCheckThenRetry);
  for (auto action :
       {Hint::ACTION_FIX_REQUEST, Hint::ACTION_FIX_CREDENTIALS,
        Hint::ACTION_USE_EXISTING_INVOICE, Hint::ACTION_DO_NOT_RETRY}) {
    EXPECT_EQ(
        DecideNextStep(CallKind::kRead,
                       WithHint(absl::StatusCode::kInvalidArgument, action)),
        NextStep::kStop);
  }
}

TEST(DecideNextStep, WithoutAHintChecksStateChangingCallsFirst) {
  PayoutError unreachable =
      PayoutError::FromStatus(absl::UnavailableError("connect"));
  EXPECT_EQ(DecideNextStep(CallKind::kRead, unreachable), NextStep::kRetry);
  EXPECT_EQ(DecideNextStep(CallKind::kCreate, unreachable),
            NextStep::kCheckThenRetry);
  EXPECT_EQ(
      DecideNextStep(CallKind::kRead,
                     PayoutError::FromStatus(absl::DeadlineExceededError("x"))),
      NextStep::kStop);
}

TEST(DelayBeforeRetry, UsesRetryInfoCapped) {
  RetryOptions options;
  options.max_delay = absl::Seconds(3);
  options.default_delay = absl::Milliseconds(200);
  auto with_delay = [](absl::Duration d) {
    return PayoutError::FromStatus(
        Wire(gw::ErrorBuilder(absl::StatusCode::kUnavailable, "x")
                 .RetryDelay(d)
                 .Hint(Hint::ACTION_RETRY)
                 .Build()));
  };
  EXPECT_EQ(internal::DelayBeforeRetry(with_delay(absl::Seconds(1)), options),
            absl::Seconds(1));
  EXPECT_EQ(internal::DelayBeforeRetry(with_delay(absl::Seconds(60)), options),
            absl::Seconds(3));
  EXPECT_EQ(internal::DelayBeforeRetry(
                PayoutError::FromStatus(absl::UnavailableError("x")), options),
            absl::Milliseconds(200));
}

}  // namespace
}  // namespace payout_client
