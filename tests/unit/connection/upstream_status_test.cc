#include "connection/upstream_status.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error_details.h"
#include "support/test_data.h"

namespace payout_gateway {
namespace {

using ::payout_gateway_testing::ReadTestData;
using ::testing::HasSubstr;
using Code = absl::StatusCode;

const absl::Time kNow = absl::FromUnixSeconds(1700000000);

HttpResult Response(int status, std::string body = "",
                    HttpHeaders headers = {}) {
  HttpResult r;
  r.outcome = TransferOutcome::kResponse;
  r.response.status_code = status;
  r.response.body = std::move(body);
  r.response.headers = std::move(headers);
  return r;
}

HttpResult Failure(TransferOutcome outcome, bool timed_out) {
  HttpResult r;
  r.outcome = outcome;
  r.timed_out = timed_out;
  r.error = "Connection reset by peer";
  return r;
}

struct HttpCase {
  Operation op;
  int http_status;
  Code code;
  const char* reason;
};

class HttpStatusMappingTest : public ::testing::TestWithParam<HttpCase> {};

TEST_P(HttpStatusMappingTest, MapsCodeAndReason) {
  const HttpCase& c = GetParam();
  absl::Status s =
      UpstreamFailureToStatus(c.op, Response(c.http_status), false, kNow);
  EXPECT_EQ(s.code(), c.code) << c.http_status;
  auto info = GetErrorInfo(s);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), c.reason);
  EXPECT_EQ(info->metadata().at("http_status"), std::to_string(c.http_status));
  EXPECT_EQ(info->metadata().at("operation"), OperationName(c.op));
}

constexpr Operation kCreate = Operation::kCreatePayoutInvoice;
constexpr Operation kProcess = Operation::kProcessPayoutInvoice;
constexpr Operation kGet = Operation::kGetPayoutInvoice;

INSTANTIATE_TEST_SUITE_P(
    Contract, HttpStatusMappingTest,
    ::testing::Values(
        HttpCase{kCreate, 400, Code::kInvalidArgument, "UPSTREAM_BAD_REQUEST"},
        HttpCase{kGet, 401, Code::kUnauthenticated, "UPSTREAM_UNAUTHENTICATED"},
        HttpCase{kGet, 403, Code::kPermissionDenied,
                 "UPSTREAM_PERMISSION_DENIED"},
        HttpCase{kGet, 404, Code::kNotFound, "NOT_FOUND"},
        HttpCase{kProcess, 405, Code::kUnimplemented, "OPERATION_NOT_ALLOWED"},
        HttpCase{kCreate, 409, Code::kAlreadyExists, "DUPLICATE_REFERENCE_ID"},
        HttpCase{kProcess, 409, Code::kFailedPrecondition,
                 "INVALID_INVOICE_STATE"},
        HttpCase{kCreate, 422, Code::kInvalidArgument,
                 "UPSTREAM_VALIDATION_FAILED"},
        HttpCase{kGet, 429, Code::kResourceExhausted, "UPSTREAM_RATE_LIMITED"},
        HttpCase{kGet, 500, Code::kUnavailable, "UPSTREAM_UNAVAILABLE"},
        HttpCase{kCreate, 502, Code::kUnavailable, "UPSTREAM_UNAVAILABLE"},
        HttpCase{kGet, 503, Code::kUnavailable, "UPSTREAM_UNAVAILABLE"},
        HttpCase{kGet, 504, Code::kUnavailable, "UPSTREAM_TIMEOUT"},
        HttpCase{kGet, 418, Code::kFailedPrecondition,
                 "UPSTREAM_UNEXPECTED_STATUS"},
        HttpCase{kGet, 599, Code::kUnavailable, "UPSTREAM_UNAVAILABLE"},
        HttpCase{kGet, 302, Code::kUnknown, "UPSTREAM_UNEXPECTED_STATUS"}));

TEST(UpstreamFailureToStatus, CarriesTheUpstreamMessageAndCode) {
  absl::Status s = UpstreamFailureToStatus(
      kGet, Response(500, ReadTestData("error_500.json")), false, kNow);
  EXPECT_THAT(s.message(), HasSubstr("HTTP 500"));
  EXPECT_THAT(s.message(), HasSubstr("Internal server error."));
  auto info = GetErrorInfo(s);
  EXPECT_EQ(info->metadata().at("upstream_code"), "500");
  EXPECT_EQ(info->metadata().at("upstream_title"), "internal_error");
  EXPECT_EQ(info->metadata().at("upstream_detail"), "Internal server error.");
}

TEST(UpstreamFailureToStatus, TurnsFieldErrorsIntoBadRequest) {
  absl::Status s = UpstreamFailureToStatus(
      kCreate, Response(422, ReadTestData("error_422.json")), false, kNow);
  auto bad = GetBadRequest(s);
  ASSERT_TRUE(bad.has_value());
  ASSERT_EQ(bad->field_violations_size(), 1);
  EXPECT_EQ(bad->field_violations(0).field(), "amount");
  EXPECT_EQ(bad->field_violations(0).description(),
            "This value should be greater than 0.");
}

TEST(UpstreamFailureToStatus, HonoursRetryAfter) {
  absl::Status s = UpstreamFailureToStatus(
      kGet, Response(429, "", {{"retry-after", "7"}}), false, kNow);
  auto retry = GetRetryInfo(s);
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(retry->retry_delay().seconds(), 7);
}

struct TransportCase {
  Operation op;
  TransferOutcome outcome;
  bool timed_out;
  bool deadline_passed;
  Code code;
  const char* reason;
};

class TransportMappingTest : public ::testing::TestWithParam<TransportCase> {};

TEST_P(TransportMappingTest, MapsCodeAndReason) {
  const TransportCase& c = GetParam();
  absl::Status s = UpstreamFailureToStatus(
      c.op, Failure(c.outcome, c.timed_out), c.deadline_passed, kNow);
  EXPECT_EQ(s.code(), c.code);
  EXPECT_EQ(GetErrorInfo(s)->reason(), c.reason);
}

INSTANTIATE_TEST_SUITE_P(
    Table, TransportMappingTest,
    ::testing::Values(
        TransportCase{kGet, TransferOutcome::kNotSent, false, false,
                      Code::kUnavailable, "UPSTREAM_UNREACHABLE"},
        TransportCase{kCreate, TransferOutcome::kNotSent, true, false,
                      Code::kUnavailable, "UPSTREAM_UNREACHABLE"},
        TransportCase{kGet, TransferOutcome::kOutcomeUnknown, false, false,
                      Code::kUnavailable, "UPSTREAM_UNAVAILABLE"},
        TransportCase{kCreate, TransferOutcome::kOutcomeUnknown, true, false,
                      Code::kUnavailable, "UPSTREAM_TIMEOUT"},
        TransportCase{kCreate, TransferOutcome::kOutcomeUnknown, true, true,
                      Code::kDeadlineExceeded, "DEADLINE_EXCEEDED"},
        TransportCase{kGet, TransferOutcome::kCancelled, false, false,
                      Code::kCancelled, "CANCELLED"},
        TransportCase{kGet, TransferOutcome::kCancelled, false, true,
                      Code::kDeadlineExceeded, "DEADLINE_EXCEEDED"}));

TEST(UpstreamFailureToStatus, WarnsThatACreateMayHaveHappened) {
  absl::Status s = UpstreamFailureToStatus(
      kCreate, Failure(TransferOutcome::kOutcomeUnknown, false), false, kNow);
  EXPECT_THAT(s.message(), HasSubstr("may have been acted on"));
  absl::Status read = UpstreamFailureToStatus(
      kGet, Failure(TransferOutcome::kOutcomeUnknown, false), false, kNow);
  EXPECT_THAT(read.message(), ::testing::Not(HasSubstr("acted on")));
}

TEST(MalformedResponseToStatus, IsUnavailableWithItsOwnReason) {
  HttpResponse response;
  response.status_code = 200;
  absl::Status s = MalformedResponseToStatus(
      kCreate, response, absl::DataLossError("malformed JSON"));
  EXPECT_EQ(s.code(), Code::kUnavailable);
  EXPECT_EQ(GetErrorInfo(s)->reason(), "UPSTREAM_MALFORMED_RESPONSE");
  EXPECT_THAT(s.message(), HasSubstr("check the invoice before retrying"));
}

TEST(ParseRetryAfter, ReadsSecondsAndDates) {
  EXPECT_EQ(ParseRetryAfter("3", kNow), absl::Seconds(3));
  EXPECT_EQ(ParseRetryAfter("", kNow), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("soon", kNow), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("-1", kNow), std::nullopt);
  std::string date =
      absl::FormatTime("%a, %d %b %Y %H:%M:%S GMT", kNow + absl::Seconds(90),
                       absl::UTCTimeZone());
  EXPECT_EQ(ParseRetryAfter(date, kNow), absl::Seconds(90));
  std::string past =
      absl::FormatTime("%a, %d %b %Y %H:%M:%S GMT", kNow - absl::Seconds(90),
                       absl::UTCTimeZone());
  EXPECT_EQ(ParseRetryAfter(past, kNow), absl::ZeroDuration());
}

}  // namespace
}  // namespace payout_gateway
