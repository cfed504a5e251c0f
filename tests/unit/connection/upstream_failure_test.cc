// The mapping table of docs/errors.md, row by row: every operation against
// every HTTP status and transport outcome it handles.

#include "connection/upstream_failure.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error_details.h"
#include "support/test_data.h"

namespace payout_gateway {
namespace {

using ::payout_gateway_testing::ReadTestData;
using ::testing::HasSubstr;
using Code = absl::StatusCode;
using Hint = corefy::payout::v1::RetryHint;

const absl::Time kNow = absl::FromUnixSeconds(1700000000);

constexpr Operation kRead = Operation::kGetPayoutInvoice;
constexpr Operation kList = Operation::kListPayoutInvoices;
constexpr Operation kCreate = Operation::kCreatePayoutInvoice;
constexpr Operation kProcess = Operation::kProcessPayoutInvoice;

HttpResult Response(int status, std::string body = "",
                    HttpHeaders headers = {}) {
  HttpResult r;
  r.outcome = TransferOutcome::kResponse;
  r.response.status_code = status;
  r.response.body = std::move(body);
  r.response.headers = std::move(headers);
  return r;
}

HttpResult Transfer(TransferOutcome outcome, bool timed_out,
                    bool sent_before_cancel = false) {
  HttpResult r;
  r.outcome = outcome;
  r.timed_out = timed_out;
  r.sent_before_cancel = sent_before_cancel;
  r.error = "Connection reset by peer";
  return r;
}

struct Case {
  const char* name;
  Operation op;
  HttpResult result;
  bool deadline_passed;
  Code code;
  const char* reason;
  Hint::Action action;
  Hint::Action if_not_acted;
  bool transient;
  bool may_have_acted;
};

class ClassifyTest : public ::testing::TestWithParam<Case> {};

TEST_P(ClassifyTest, MapsTheRow) {
  const Case& c = GetParam();
  UpstreamFailure f = ClassifyUpstreamFailure(
      c.op, c.result, CallState(c.deadline_passed), kNow);
  EXPECT_EQ(f.code, c.code);
  EXPECT_EQ(f.reason, c.reason);
  EXPECT_EQ(f.action, c.action) << Hint::Action_Name(f.action);
  EXPECT_EQ(f.action_if_not_acted, c.if_not_acted)
      << Hint::Action_Name(f.action_if_not_acted);
  EXPECT_EQ(f.transient, c.transient);
  EXPECT_EQ(f.may_have_acted, c.may_have_acted);
}

constexpr auto R = Hint::ACTION_RETRY;
constexpr auto C = Hint::ACTION_CHECK_STATUS_THEN_RETRY;
constexpr auto F = Hint::ACTION_FIX_REQUEST;
constexpr auto K = Hint::ACTION_FIX_CREDENTIALS;
constexpr auto U = Hint::ACTION_USE_EXISTING_INVOICE;
constexpr auto D = Hint::ACTION_DO_NOT_RETRY;
constexpr auto kNotSent = TransferOutcome::kNotSent;
constexpr auto kUnknown = TransferOutcome::kOutcomeUnknown;
constexpr auto kCancelled = TransferOutcome::kCancelled;

INSTANTIATE_TEST_SUITE_P(
    Table, ClassifyTest,
    ::testing::Values(
        // 400: Corefy says "request the transaction status".
        Case{"Read400", kRead, Response(400), false, Code::kInvalidArgument,
             "UPSTREAM_BAD_REQUEST", F, F, false, true},
        Case{"Create400", kCreate, Response(400), false, Code::kInvalidArgument,
             "UPSTREAM_BAD_REQUEST", C, F, false, true},
        Case{"Process400", kProcess, Response(400), false,
             Code::kInvalidArgument, "UPSTREAM_BAD_REQUEST", C, F, false, true},
        // 401/403: the gateway's own credentials.
        Case{"Read401", kRead, Response(401), false, Code::kUnauthenticated,
             "GATEWAY_CREDENTIALS_REJECTED", K, K, false, false},
        Case{"Create401", kCreate, Response(401), false, Code::kUnauthenticated,
             "GATEWAY_CREDENTIALS_REJECTED", K, K, false, false},
        Case{"Process403", kProcess, Response(403), false,
             Code::kPermissionDenied, "UPSTREAM_PERMISSION_DENIED", K, K, false,
             false},
        Case{"List403", kList, Response(403), false, Code::kPermissionDenied,
             "UPSTREAM_PERMISSION_DENIED", K, K, false, false},
        Case{"Read404", kRead, Response(404), false, Code::kNotFound,
             "NOT_FOUND", F, F, false, false},
        Case{"Process404", kProcess, Response(404), false, Code::kNotFound,
             "NOT_FOUND", F, F, false, false},
        Case{"Create405", kCreate, Response(405), false, Code::kUnimplemented,
             "OPERATION_NOT_ALLOWED", D, D, false, false},
        Case{"Process405", kProcess, Response(405), false, Code::kUnimplemented,
             "OPERATION_NOT_ALLOWED", D, D, false, false},
        Case{"Read408", kRead, Response(408), false, Code::kUnavailable,
             "UPSTREAM_TIMEOUT", R, R, true, false},
        Case{"Create408", kCreate, Response(408), false, Code::kUnavailable,
             "UPSTREAM_TIMEOUT", R, R, true, false},
        Case{"Create409", kCreate, Response(409), false, Code::kAlreadyExists,
             "DUPLICATE_REFERENCE_ID", U, U, false, false},
        Case{"Process409", kProcess, Response(409), false,
             Code::kFailedPrecondition, "INVALID_INVOICE_STATE", D, D, false,
             false},
        Case{"Read409", kRead, Response(409), false, Code::kAborted,
             "UPSTREAM_UNEXPECTED_STATUS", R, R, true, false},
        Case{"Create422", kCreate, Response(422), false, Code::kInvalidArgument,
             "UPSTREAM_VALIDATION_FAILED", F, F, false, false},
        Case{"Process422", kProcess, Response(422), false,
             Code::kInvalidArgument, "UPSTREAM_VALIDATION_FAILED", F, F, false,
             false},
        Case{"Read429", kRead, Response(429), false, Code::kResourceExhausted,
             "UPSTREAM_RATE_LIMITED", R, R, true, true},
        Case{"Create429", kCreate, Response(429), false,
             Code::kResourceExhausted, "UPSTREAM_RATE_LIMITED", C, R, true,
             true},
        Case{"Read500", kRead, Response(500), false, Code::kUnavailable,
             "UPSTREAM_UNAVAILABLE", R, R, true, true},
        Case{"Create500", kCreate, Response(500), false, Code::kUnavailable,
             "UPSTREAM_UNAVAILABLE", C, R, true, true},
        Case{"Process502", kProcess, Response(502), false, Code::kUnavailable,
             "UPSTREAM_UNAVAILABLE", C, R, true, true},
        Case{"List503", kList, Response(503), false, Code::kUnavailable,
             "UPSTREAM_UNAVAILABLE", R, R, true, true},
        Case{"Create503", kCreate, Response(503), false, Code::kUnavailable,
             "UPSTREAM_UNAVAILABLE", C, R, true, true},
        Case{"Read504", kRead, Response(504), false, Code::kUnavailable,
             "UPSTREAM_TIMEOUT", R, R, true, true},
        Case{"Create504", kCreate, Response(504), false, Code::kUnavailable,
             "UPSTREAM_TIMEOUT", C, R, true, true},
        Case{"Process504", kProcess, Response(504), false, Code::kUnavailable,
             "UPSTREAM_TIMEOUT", C, R, true, true},
        Case{"Read418", kRead, Response(418), false, Code::kInvalidArgument,
             "UPSTREAM_UNEXPECTED_STATUS", F, F, false, false},
        Case{"Read599", kRead, Response(599), false, Code::kUnavailable,
             "UPSTREAM_UNAVAILABLE", R, R, true, true},
        Case{"Read302", kRead, Response(302), false, Code::kUnknown,
             "UPSTREAM_UNEXPECTED_STATUS", D, D, false, true},
        Case{"Create302", kCreate, Response(302), false, Code::kUnknown,
             "UPSTREAM_UNEXPECTED_STATUS", C, D, false, true},
        // Transport outcomes.
        Case{"ReadNotSent", kRead, Transfer(kNotSent, false), false,
             Code::kUnavailable, "UPSTREAM_UNREACHABLE", R, R, true, false},
        Case{"CreateNotSent", kCreate, Transfer(kNotSent, false), false,
             Code::kUnavailable, "UPSTREAM_UNREACHABLE", R, R, true, false},
        Case{"CreateConnectTimeout", kCreate, Transfer(kNotSent, true), false,
             Code::kUnavailable, "UPSTREAM_TIMEOUT", R, R, true, false},
        Case{"ReadLost", kRead, Transfer(kUnknown, false), false,
             Code::kUnavailable, "UPSTREAM_UNAVAILABLE", R, R, true, true},
        Case{"CreateLost", kCreate, Transfer(kUnknown, false), false,
             Code::kUnavailable, "UPSTREAM_UNAVAILABLE", C, R, true, true},
        Case{"ProcessLost", kProcess, Transfer(kUnknown, false), false,
             Code::kUnavailable, "UPSTREAM_UNAVAILABLE", C, R, true, true},
        Case{"ReadTimedOut", kRead, Transfer(kUnknown, true), false,
             Code::kUnavailable, "UPSTREAM_TIMEOUT", R, R, true, true},
        Case{"CreateTimedOut", kCreate, Transfer(kUnknown, true), false,
             Code::kUnavailable, "UPSTREAM_TIMEOUT", C, R, true, true},
        Case{"ReadDeadline", kRead, Transfer(kUnknown, true), true,
             Code::kDeadlineExceeded, "DEADLINE_EXCEEDED", R, R, false, true},
        Case{"CreateDeadline", kCreate, Transfer(kUnknown, true), true,
             Code::kDeadlineExceeded, "DEADLINE_EXCEEDED", C, R, false, true},
        Case{"CreateDeadlineBeforeSending", kCreate, Transfer(kNotSent, true),
             true, Code::kDeadlineExceeded, "DEADLINE_EXCEEDED", R, R, false,
             false},
        Case{"ReadCancelled", kRead, Transfer(kCancelled, false, true), false,
             Code::kCancelled, "CANCELLED", R, R, false, true},
        Case{"ProcessCancelled", kProcess, Transfer(kCancelled, false, true),
             false, Code::kCancelled, "CANCELLED", C, R, false, true},
        // Cancelled while queued for a connection: nothing left.
        Case{"ProcessCancelledBeforeSending", kProcess,
             Transfer(kCancelled, false, false), false, Code::kCancelled,
             "CANCELLED", R, R, false, false},
        Case{"CancelledByDeadline", kRead, Transfer(kCancelled, false, true),
             true, Code::kDeadlineExceeded, "DEADLINE_EXCEEDED", R, R, false,
             true}),
    [](const auto& info) { return std::string(info.param.name); });

// The attempt had only the caller's time: its timeout is the caller's
// deadline at work, though the call goes on to reconcile.
TEST(ClassifyUpstreamFailure, ATimeoutBoundByTheCallersDeadline) {
  CallState call;
  call.deadline_bound = true;
  UpstreamFailure f =
      ClassifyUpstreamFailure(kCreate, Transfer(kUnknown, true), call, kNow);
  EXPECT_EQ(f.code, Code::kDeadlineExceeded);
  EXPECT_EQ(f.action, C);
  EXPECT_TRUE(f.may_still_act);
  EXPECT_FALSE(EndsTheCall(f));
  // The gateway's own upstream timeout is not the caller's.
  f = ClassifyUpstreamFailure(kCreate, Transfer(kUnknown, true), CallState(),
                              kNow);
  EXPECT_EQ(f.code, Code::kUnavailable);
  EXPECT_EQ(f.reason, "UPSTREAM_TIMEOUT");
}

TEST(ClassifyUpstreamFailure, ACallTheGatewayEndsToStopSaysSo) {
  CallState call;
  call.draining = true;
  UpstreamFailure sent = ClassifyUpstreamFailure(
      kCreate, Transfer(kCancelled, false, true), call, kNow);
  EXPECT_EQ(sent.code, Code::kUnavailable);
  EXPECT_EQ(sent.reason, "GATEWAY_DRAINING");
  EXPECT_EQ(sent.action, C);
  EXPECT_TRUE(EndsTheCall(sent));
  UpstreamFailure queued = ClassifyUpstreamFailure(
      kCreate, Transfer(kCancelled, false, false), call, kNow);
  EXPECT_EQ(queued.action, R);
}

// Only a request that may have left without an answer can still act.
TEST(ClassifyUpstreamFailure, SaysWhatMayStillAct) {
  EXPECT_TRUE(ClassifyUpstreamFailure(kCreate, Transfer(kUnknown, false),
                                      CallState(), kNow)
                  .may_still_act);
  EXPECT_FALSE(ClassifyUpstreamFailure(kCreate, Transfer(kNotSent, false),
                                       CallState(), kNow)
                   .may_still_act);
  // An answer, even a 503, means the upstream is done with the request.
  EXPECT_FALSE(
      ClassifyUpstreamFailure(kCreate, Response(503), CallState(), kNow)
          .may_still_act);
}

// A transient failure the gateway gives up on has been retried as far as
// its policy allows: the client must not retry it again (gRFC A6).
TEST(ToStatus, SaysWhenTheGatewayHasRetried) {
  FailureContext context;
  context.attempts = 4;
  absl::Status retried = ToStatus(
      kRead, ClassifyUpstreamFailure(kRead, Response(503), CallState(), kNow),
      context);
  EXPECT_EQ(GetErrorInfo(retried)->metadata().at("retries_exhausted"), "true");
  absl::Status invalid = ToStatus(
      kRead, ClassifyUpstreamFailure(kRead, Response(422), CallState(), kNow),
      context);
  EXPECT_EQ(GetErrorInfo(invalid)->metadata().count("retries_exhausted"), 0u);
}

// Whatever failed last, a call its deadline ended is DEADLINE_EXCEEDED;
// and "retry" is never said while a request of the call may still land.
TEST(ToStatus, TheDeadlineAndWhatMayStillLandHaveTheLastWord) {
  UpstreamFailure f =
      ClassifyUpstreamFailure(kCreate, Response(503), CallState(), kNow);
  FailureContext context;
  context.deadline_passed = true;
  context.action = R;
  absl::Status late = ToStatus(kCreate, f, context);
  EXPECT_EQ(late.code(), Code::kDeadlineExceeded);
  EXPECT_EQ(GetRetryHint(late)->action(), R);
  context.deadline_passed = false;
  context.unsettled = true;
  absl::Status unsettled = ToStatus(kCreate, f, context);
  EXPECT_EQ(unsettled.code(), Code::kUnavailable);
  EXPECT_EQ(GetRetryHint(unsettled)->action(), C);
}

TEST(ClassifyUpstreamFailure, KeepsWhatTheBodySays) {
  UpstreamFailure f = ClassifyUpstreamFailure(
      kRead, Response(500, ReadTestData("error_500.json")), CallState(), kNow);
  EXPECT_EQ(f.http_status, 500);
  EXPECT_EQ(f.upstream.code, "500");
  EXPECT_EQ(f.upstream.title, "internal_error");
  EXPECT_THAT(f.message, HasSubstr("HTTP 500: Internal server error."));
}

TEST(ClassifyUpstreamFailure, SaysTheCredentialsAreTheGatewaysOwn) {
  UpstreamFailure f = ClassifyUpstreamFailure(
      kCreate, Response(401, ReadTestData("error_401.json")), CallState(),
      kNow);
  EXPECT_THAT(f.message, HasSubstr("the gateway's own credentials"));
}

TEST(ClassifyUpstreamFailure, ReadsRetryAfter) {
  UpstreamFailure f = ClassifyUpstreamFailure(
      kRead, Response(429, "", {{"retry-after", "7"}}), CallState(), kNow);
  EXPECT_EQ(f.retry_after, absl::Seconds(7));
}

TEST(ClassifyMalformedResponse, IsTransientAndMayHaveActed) {
  HttpResponse response;
  response.status_code = 201;
  UpstreamFailure create =
      ClassifyMalformedResponse(kCreate, response, absl::DataLossError("cut"));
  EXPECT_EQ(create.code, Code::kUnavailable);
  EXPECT_EQ(create.reason, "UPSTREAM_MALFORMED_RESPONSE");
  EXPECT_EQ(create.action, C);
  EXPECT_TRUE(create.may_have_acted);
  EXPECT_EQ(ClassifyMalformedResponse(kRead, response, absl::DataLossError("x"))
                .action,
            R);
}

TEST(ToStatus, CarriesEveryDetail) {
  UpstreamFailure f = ClassifyUpstreamFailure(
      kCreate, Response(422, ReadTestData("error_422.json")), CallState(),
      kNow);
  FailureContext context;
  context.attempts = 2;
  context.reference_id = "r-1";
  absl::Status s = ToStatus(kCreate, f, context);
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  auto info = GetErrorInfo(s);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "UPSTREAM_VALIDATION_FAILED");
  EXPECT_EQ(info->domain(), kErrorDomain);
  EXPECT_EQ(info->metadata().at("operation"), "CreatePayoutInvoice");
  EXPECT_EQ(info->metadata().at("attempts"), "2");
  EXPECT_EQ(info->metadata().at("http_status"), "422");
  EXPECT_EQ(info->metadata().at("reference_id"), "r-1");
  EXPECT_EQ(info->metadata().at("transfer"), "response");
  EXPECT_EQ(GetBadRequest(s)->field_violations(0).field(), "amount");
  EXPECT_FALSE(GetRetryInfo(s).has_value());  // fixing, not retrying
  auto hint = GetRetryHint(s);
  ASSERT_TRUE(hint.has_value());
  EXPECT_EQ(hint->action(), F);
  EXPECT_EQ(hint->reference_id(), "r-1");
  EXPECT_FALSE(hint->description().empty());
}

TEST(ToStatus, AdvisesADelayWhenRetrying) {
  UpstreamFailure f = ClassifyUpstreamFailure(
      kRead, Response(503, "", {{"retry-after", "3"}}), CallState(), kNow);
  absl::Status from_header = ToStatus(kRead, f, FailureContext{});
  EXPECT_EQ(GetRetryInfo(from_header)->retry_delay().seconds(), 3);
  FailureContext context;
  context.retry_delay = absl::Milliseconds(400);
  f.retry_after.reset();
  absl::Status from_backoff = ToStatus(kRead, f, context);
  EXPECT_EQ(GetRetryInfo(from_backoff)->retry_delay().nanos(), 400000000);
}

TEST(ToStatus, AnOverriddenActionWins) {
  UpstreamFailure f =
      ClassifyUpstreamFailure(kCreate, Response(503), CallState(), kNow);
  FailureContext context;
  context.action = f.action_if_not_acted;
  absl::Status s = ToStatus(kCreate, f, context);
  EXPECT_EQ(GetRetryHint(s)->action(), R);
  EXPECT_THAT(s.message(), ::testing::Not(HasSubstr("outcome is unknown")));
  context.action = C;
  EXPECT_THAT(ToStatus(kCreate, f, context).message(),
              HasSubstr("outcome is unknown"));
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
