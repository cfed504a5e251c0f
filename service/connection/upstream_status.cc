#include "connection/upstream_status.h"

#include <algorithm>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/error_details.h"
#include "common/redaction.h"
#include "json/upstream_error_json.h"

namespace payout_gateway {
namespace {

using Code = absl::StatusCode;

struct HttpMapping {
  Code code;
  absl::string_view reason;
};

HttpMapping MapHttpStatus(Operation op, int status) {
  switch (status) {
    case 400:
      return {Code::kInvalidArgument, reason::kUpstreamBadRequest};
    case 401:
      return {Code::kUnauthenticated, reason::kUpstreamUnauthenticated};
    case 403:
      return {Code::kPermissionDenied, reason::kUpstreamPermissionDenied};
    case 404:
      return {Code::kNotFound, reason::kNotFound};
    case 405:
      return {Code::kUnimplemented, reason::kOperationNotAllowed};
    case 409:
      if (op == Operation::kCreatePayoutInvoice) {
        return {Code::kAlreadyExists, reason::kDuplicateReferenceId};
      }
      // Process of an invoice that is no longer `created`.
      return {Code::kFailedPrecondition, reason::kInvalidInvoiceState};
    case 422:
      return {Code::kInvalidArgument, reason::kUpstreamValidationFailed};
    case 429:
      return {Code::kResourceExhausted, reason::kUpstreamRateLimited};
    case 500:
    case 502:
    case 503:
      return {Code::kUnavailable, reason::kUpstreamUnavailable};
    case 504:
      return {Code::kUnavailable, reason::kUpstreamTimeout};
    default:
      break;
  }
  if (status >= 500) return {Code::kUnavailable, reason::kUpstreamUnavailable};
  if (status >= 400) {
    return {Code::kFailedPrecondition, reason::kUpstreamUnexpectedStatus};
  }
  return {Code::kUnknown, reason::kUpstreamUnexpectedStatus};
}

absl::Status TransportFailureToStatus(Operation op, const HttpResult& result,
                                      bool deadline_passed) {
  const bool changes_state = IsStateChanging(op);
  const std::string what = RedactCardNumbers(result.error);
  if (deadline_passed &&
      (result.timed_out || result.outcome == TransferOutcome::kCancelled)) {
    return ErrorBuilder(
               Code::kDeadlineExceeded,
               absl::StrCat("the call's deadline passed before the "
                            "upstream answered",
                            changes_state ? "; the outcome is unknown" : ""))
        .Reason(reason::kDeadlineExceeded)
        .Metadata("operation", OperationName(op))
        .Metadata("transfer", TransferOutcomeName(result.outcome))
        .Build();
  }
  if (result.outcome == TransferOutcome::kCancelled) {
    return ErrorBuilder(Code::kCancelled, "the call was cancelled")
        .Reason(reason::kCancelled)
        .Metadata("operation", OperationName(op))
        .Build();
  }
  if (result.outcome == TransferOutcome::kNotSent) {
    return ErrorBuilder(Code::kUnavailable,
                        absl::StrCat("could not reach the upstream (", what,
                                     "); the request was not sent"))
        .Reason(reason::kUpstreamUnreachable)
        .Metadata("operation", OperationName(op))
        .Metadata("transfer", TransferOutcomeName(result.outcome))
        .Build();
  }
  return ErrorBuilder(
             Code::kUnavailable,
             absl::StrCat("the upstream did not answer (", what, ")",
                          changes_state
                              ? "; the request may have been acted on: check "
                                "the invoice before retrying"
                              : ""))
      .Reason(result.timed_out ? reason::kUpstreamTimeout
                               : reason::kUpstreamUnavailable)
      .Metadata("operation", OperationName(op))
      .Metadata("transfer", TransferOutcomeName(result.outcome))
      .Build();
}

}  // namespace

absl::Status UpstreamFailureToStatus(Operation op, const HttpResult& result,
                                     bool deadline_passed, absl::Time now) {
  if (result.outcome != TransferOutcome::kResponse) {
    return TransportFailureToStatus(op, result, deadline_passed);
  }
  const HttpResponse& response = result.response;
  const HttpMapping mapping = MapHttpStatus(op, response.status_code);
  UpstreamError error = ParseUpstreamError(response.body);
  std::string summary = error.Summary();
  ErrorBuilder builder(
      mapping.code,
      absl::StrCat("upstream answered HTTP ", response.status_code,
                   summary.empty() ? "" : ": ", summary));
  builder.Reason(mapping.reason)
      .Metadata("operation", OperationName(op))
      .Metadata("http_status", std::to_string(response.status_code));
  if (!error.code.empty()) builder.Metadata("upstream_code", error.code);
  if (!error.status.empty()) builder.Metadata("upstream_status", error.status);
  if (!error.title.empty()) builder.Metadata("upstream_title", error.title);
  if (!error.detail.empty()) builder.Metadata("upstream_detail", error.detail);
  if (!error.request_id.empty()) {
    builder.Metadata("upstream_request_id", error.request_id);
  }
  if (!error.violations.empty()) builder.Violations(error.violations);
  if (auto delay = ParseRetryAfter(response.Header("retry-after"), now)) {
    builder.RetryDelay(*delay);
  }
  return builder.Build();
}

absl::Status MalformedResponseToStatus(Operation op,
                                       const HttpResponse& response,
                                       const absl::Status& parse_error) {
  return ErrorBuilder(
             Code::kUnavailable,
             absl::StrCat("upstream answered HTTP ", response.status_code,
                          " with a document the gateway cannot read (",
                          parse_error.message(), ")",
                          IsStateChanging(op)
                              ? "; the request may have been acted on: check "
                                "the invoice before retrying"
                              : ""))
      .Reason(reason::kUpstreamMalformedResponse)
      .Metadata("operation", OperationName(op))
      .Metadata("http_status", std::to_string(response.status_code))
      .Build();
}

std::optional<absl::Duration> ParseRetryAfter(absl::string_view value,
                                              absl::Time now) {
  if (value.empty()) return std::nullopt;
  int64_t seconds = 0;
  if (absl::SimpleAtoi(value, &seconds)) {
    if (seconds < 0) return std::nullopt;
    return absl::Seconds(seconds);
  }
  absl::Time when;
  std::string err;
  if (!absl::ParseTime("%a, %d %b %Y %H:%M:%S GMT", value, &when, &err)) {
    return std::nullopt;
  }
  return std::max(absl::ZeroDuration(), when - now);
}

}  // namespace payout_gateway
