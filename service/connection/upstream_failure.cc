#include "connection/upstream_failure.h"

#include <algorithm>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/error_details.h"
#include "common/redaction.h"

namespace payout_gateway {
namespace {

using Code = absl::StatusCode;
using Hint = corefy::payout::v1::RetryHint;

// One row of the mapping table.
struct Row {
  Code code;
  absl::string_view reason;
  RetryAction action;        // knowing only this exchange
  RetryAction if_not_acted;  // once the gateway knows nothing happened
  bool transient;
  bool may_have_acted;
};

// A row for failures after which the upstream may have acted. `settled` is
// the action once that is ruled out -- and for reads, which may simply be
// sent again, the action outright; create and process must be checked
// first.
Row MaybeActed(Operation op, Code code, absl::string_view reason,
               bool transient, RetryAction settled) {
  RetryAction first =
      IsStateChanging(op) ? Hint::ACTION_CHECK_STATUS_THEN_RETRY : settled;
  return {code, reason, first, settled, transient, true};
}

Row Final(Code code, absl::string_view reason, RetryAction action) {
  return {code, reason, action, action, false, false};
}

// The HTTP status part of the table (docs/errors.md explains each row).
Row HttpRow(Operation op, int status) {
  switch (status) {
    case 400:
      // Corefy: "Request the transaction status".
      return MaybeActed(op, Code::kInvalidArgument, reason::kUpstreamBadRequest,
                        /*transient=*/false, Hint::ACTION_FIX_REQUEST);
    case 401:
      return Final(Code::kUnauthenticated, reason::kGatewayCredentialsRejected,
                   Hint::ACTION_FIX_CREDENTIALS);
    case 403:
      return Final(Code::kPermissionDenied, reason::kUpstreamPermissionDenied,
                   Hint::ACTION_FIX_CREDENTIALS);
    case 404:
      return Final(Code::kNotFound, reason::kNotFound,
                   Hint::ACTION_FIX_REQUEST);
    case 405:
      return Final(Code::kUnimplemented, reason::kOperationNotAllowed,
                   Hint::ACTION_DO_NOT_RETRY);
    case 408:
      // The upstream gave up reading the request: it did not act on it.
      return {Code::kUnavailable,
              reason::kUpstreamTimeout,
              Hint::ACTION_RETRY,
              Hint::ACTION_RETRY,
              true,
              false};
    case 409:
      if (op == Operation::kCreatePayoutInvoice) {
        return Final(Code::kAlreadyExists, reason::kDuplicateReferenceId,
                     Hint::ACTION_USE_EXISTING_INVOICE);
      }
      if (op == Operation::kProcessPayoutInvoice) {
        return Final(Code::kFailedPrecondition, reason::kInvalidInvoiceState,
                     Hint::ACTION_DO_NOT_RETRY);
      }
      return {Code::kAborted,
              reason::kUpstreamUnexpectedStatus,
              Hint::ACTION_RETRY,
              Hint::ACTION_RETRY,
              true,
              false};
    case 422:
      return Final(Code::kInvalidArgument, reason::kUpstreamValidationFailed,
                   Hint::ACTION_FIX_REQUEST);
    case 429:
      // Older Corefy drafts also answer 429 to a duplicate request.
      return MaybeActed(op, Code::kResourceExhausted,
                        reason::kUpstreamRateLimited, /*transient=*/true,
                        Hint::ACTION_RETRY);
    case 504:
      return MaybeActed(op, Code::kUnavailable, reason::kUpstreamTimeout,
                        /*transient=*/true, Hint::ACTION_RETRY);
    default:
      break;
  }
  if (status >= 500 && status < 600) {
    // Corefy: "Check the transaction status. If there is no transaction
    // with this ID on the server, you can request the creation again."
    return MaybeActed(op, Code::kUnavailable, reason::kUpstreamUnavailable,
                      /*transient=*/true, Hint::ACTION_RETRY);
  }
  if (status >= 400 && status < 500) {
    return Final(Code::kInvalidArgument, reason::kUpstreamUnexpectedStatus,
                 Hint::ACTION_FIX_REQUEST);
  }
  // 1xx, 3xx, out of range: nothing Corefy documents (and libcurl does not
  // follow redirects); the request may have been acted on.
  return MaybeActed(op, Code::kUnknown, reason::kUpstreamUnexpectedStatus,
                    /*transient=*/false, Hint::ACTION_DO_NOT_RETRY);
}

UpstreamFailure TransportFailure(Operation op, const HttpResult& result,
                                 const CallState& call) {
  const bool sent = MayHaveBeenSent(result);
  const bool changes = IsStateChanging(op);
  const std::string what = RedactCardNumbers(result.error);
  UpstreamFailure f;
  f.transfer = result.outcome;
  f.may_have_acted = sent;
  // No answer arrived for a request that may have left: the upstream may
  // still be working on it.
  f.may_still_act = sent;
  const RetryAction after_loss = changes && sent
                                     ? Hint::ACTION_CHECK_STATUS_THEN_RETRY
                                     : Hint::ACTION_RETRY;
  f.action = after_loss;
  f.action_if_not_acted = Hint::ACTION_RETRY;
  const bool cancelled = result.outcome == TransferOutcome::kCancelled;
  if (cancelled && call.draining) {
    f.code = Code::kUnavailable;
    f.reason = reason::kGatewayDraining;
    f.message =
        "the gateway stopped (for a restart) before the upstream "
        "answered";
    f.ends_call = true;
    return f;
  }
  if (call.deadline_passed && (result.timed_out || cancelled)) {
    f.code = Code::kDeadlineExceeded;
    f.reason = reason::kDeadlineExceeded;
    f.message = "the call's deadline passed before the upstream answered";
    f.ends_call = true;
    return f;
  }
  if (cancelled) {
    f.code = Code::kCancelled;
    f.reason = reason::kCancelled;
    f.message = "the call was cancelled";
    f.ends_call = true;
    return f;
  }
  f.transient = true;
  if (result.timed_out && call.deadline_bound) {
    // The attempt had only the caller's time (or the share of it kept from
    // reconciling); the call goes on to reconcile with what is left.
    f.code = Code::kDeadlineExceeded;
    f.reason = reason::kDeadlineExceeded;
    f.message = absl::StrCat(
        "the upstream did not answer within the call's deadline (", what, ")");
    return f;
  }
  f.code = Code::kUnavailable;
  if (!sent) {
    f.reason = result.timed_out ? reason::kUpstreamTimeout
                                : reason::kUpstreamUnreachable;
    f.message = absl::StrCat("could not reach the upstream (", what,
                             "); the request was not sent");
    return f;
  }
  f.reason = result.timed_out ? reason::kUpstreamTimeout
                              : reason::kUpstreamUnavailable;
  f.message = absl::StrCat("the upstream did not answer (", what, ")");
  return f;
}

void AddIfSet(ErrorBuilder& b, absl::string_view key, const std::string& v) {
  if (!v.empty()) b.Metadata(key, v);
}

}  // namespace

UpstreamFailure ClassifyUpstreamFailure(Operation op, const HttpResult& result,
                                        const CallState& call, absl::Time now) {
  if (result.outcome != TransferOutcome::kResponse) {
    return TransportFailure(op, result, call);
  }
  const HttpResponse& response = result.response;
  const Row row = HttpRow(op, response.status_code);
  UpstreamFailure f;
  f.code = row.code;
  f.reason = row.reason;
  f.action = row.action;
  f.action_if_not_acted = row.if_not_acted;
  f.transient = row.transient;
  f.may_have_acted = row.may_have_acted;
  f.http_status = response.status_code;
  f.transfer = TransferOutcome::kResponse;
  f.upstream = ParseUpstreamError(response.body);
  f.retry_after = ParseRetryAfter(response.Header("retry-after"), now);
  std::string summary = f.upstream.Summary();
  if (row.reason == reason::kGatewayCredentialsRejected) {
    f.message = absl::StrCat(
        "Corefy refused the gateway's own credentials (HTTP ",
        response.status_code,
        "); nothing in the request can fix this: the gateway's operators must");
  } else {
    f.message = absl::StrCat("upstream answered HTTP ", response.status_code,
                             summary.empty() ? "" : ": ", summary);
  }
  return f;
}

bool EndsTheCall(const UpstreamFailure& failure) { return failure.ends_call; }

UpstreamFailure CancelledWhileWaiting(bool draining) {
  UpstreamFailure f;
  f.code = draining ? Code::kUnavailable : Code::kCancelled;
  f.reason = draining ? reason::kGatewayDraining : reason::kCancelled;
  f.message = draining ? "the gateway stopped (for a restart) while the call "
                         "waited to try again"
                       : "the call was cancelled";
  f.action = f.action_if_not_acted = Hint::ACTION_RETRY;
  f.ends_call = true;
  return f;
}

UpstreamFailure ClassifyMalformedResponse(Operation op,
                                          const HttpResponse& response,
                                          const absl::Status& parse_error) {
  UpstreamFailure f;
  f.code = Code::kUnavailable;
  f.reason = reason::kUpstreamMalformedResponse;
  f.transient = true;
  f.may_have_acted = true;
  f.http_status = response.status_code;
  f.transfer = TransferOutcome::kResponse;
  f.action = IsStateChanging(op) ? Hint::ACTION_CHECK_STATUS_THEN_RETRY
                                 : Hint::ACTION_RETRY;
  f.action_if_not_acted = Hint::ACTION_RETRY;
  f.message = absl::StrCat("upstream answered HTTP ", response.status_code,
                           " with a document the gateway cannot read (",
                           parse_error.message(), ")");
  return f;
}

absl::Status ToStatus(Operation op, const UpstreamFailure& failure,
                      const FailureContext& context) {
  RetryAction action = context.action.value_or(failure.action);
  if (context.unsettled && action == Hint::ACTION_RETRY) {
    action = Hint::ACTION_CHECK_STATUS_THEN_RETRY;
  }
  UpstreamFailure f = failure;
  if (context.deadline_passed && !f.ends_call &&
      f.code != Code::kDeadlineExceeded) {
    f.code = Code::kDeadlineExceeded;
    f.reason = reason::kDeadlineExceeded;
    f.message = absl::StrCat("the call's deadline passed; last: ", f.message);
  }
  std::string message = f.message;
  if (action == Hint::ACTION_CHECK_STATUS_THEN_RETRY) {
    absl::StrAppend(&message, "; the outcome is unknown: check the invoice ",
                    "before retrying");
  }
  ErrorBuilder b(f.code, std::move(message));
  b.Reason(f.reason)
      .Metadata("operation", OperationName(op))
      .Metadata("attempts", std::to_string(context.attempts))
      .Metadata("transfer", TransferOutcomeName(f.transfer));
  if (f.http_status != 0)
    b.Metadata("http_status", std::to_string(f.http_status));
  AddIfSet(b, "upstream_code", f.upstream.code);
  AddIfSet(b, "upstream_status", f.upstream.status);
  AddIfSet(b, "upstream_title", f.upstream.title);
  AddIfSet(b, "upstream_detail", f.upstream.detail);
  AddIfSet(b, "upstream_request_id", f.upstream.request_id);
  AddIfSet(b, "reference_id", context.reference_id);
  AddIfSet(b, "invoice_id", context.invoice_id);
  // The gateway's retry policy has had its say on this transient failure:
  // a client must not stack its own retries on top (gRFC A6).
  if (f.transient && context.attempts > 0) {
    b.Metadata("retries_exhausted", "true");
  }
  if (!f.upstream.violations.empty()) b.Violations(f.upstream.violations);
  if (action == Hint::ACTION_RETRY ||
      action == Hint::ACTION_CHECK_STATUS_THEN_RETRY) {
    if (auto delay =
            context.retry_delay ? context.retry_delay : f.retry_after) {
      b.RetryDelay(*delay);
    }
  }
  b.Hint(action, context.invoice_id, context.reference_id);
  return b.Build();
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
