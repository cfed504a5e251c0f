#ifndef PAYOUT_GATEWAY_CONNECTION_UPSTREAM_FAILURE_H_
#define PAYOUT_GATEWAY_CONNECTION_UPSTREAM_FAILURE_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "connection/operation.h"
#include "corefy/payout/v1/error_details.pb.h"
#include "json/upstream_error_json.h"
#include "rest/http_types.h"

namespace payout_gateway {

using RetryAction = corefy::payout::v1::RetryHint::Action;

// What one failed exchange with the upstream means: the gRPC code, reason
// and message the caller gets if nothing else is tried, the action they
// should take, and the two facts the retry and reconciliation logic needs.
// docs/errors.md is this table in prose.
struct UpstreamFailure {
  absl::StatusCode code = absl::StatusCode::kUnknown;
  absl::string_view reason;
  std::string message;
  // What the caller should do knowing only this exchange.
  RetryAction action = corefy::payout::v1::RetryHint::ACTION_UNSPECIFIED;
  // What the caller should do once the gateway has verified that the
  // upstream did not act (an invoice lookup found nothing, or the invoice is
  // still `created`). Equal to `action` where nothing can have happened.
  RetryAction action_if_not_acted =
      corefy::payout::v1::RetryHint::ACTION_UNSPECIFIED;
  // Sending the same request again may succeed (the failure is transient).
  bool transient = false;
  // The upstream may have acted on the request although it failed: the
  // answer was lost, or Corefy's directive for the status is "check the
  // transaction status". Create and process must reconcile before any
  // resend. Always false for failures before the request left.
  bool may_have_acted = false;
  // The request may have reached the upstream and no answer says the
  // upstream is done with it (the gateway stopped waiting: a reset, a
  // timeout, an abort). It may still take effect later, so a lookup that
  // finds nothing now proves nothing.
  bool may_still_act = false;
  // The call itself is over (its deadline passed, it was cancelled, the
  // gateway is stopping): nothing more may be tried for it.
  bool ends_call = false;
  // From Retry-After, when the upstream sent it.
  std::optional<absl::Duration> retry_after;
  int http_status = 0;  // 0 when no response arrived
  TransferOutcome transfer = TransferOutcome::kNotSent;
  // What the error body said (field violations, code, title, detail, and
  // for a 409 the existing resource).
  UpstreamError upstream;
};

// What the call knew when its transfer ended, which tells whose time ran
// out: the caller's or the gateway's.
struct CallState {
  CallState() = default;
  explicit CallState(bool deadline_passed) : deadline_passed(deadline_passed) {}

  // The call's deadline has passed.
  bool deadline_passed = false;
  // The transfer's own deadline was the caller's (or the share of it this
  // attempt was given), not the gateway's upstream timeout: a timeout is the
  // caller's deadline at work.
  bool deadline_bound = false;
  // The gateway cancelled the call because it is stopping (SIGTERM).
  bool draining = false;
};

// The one pure function that decides what a failed exchange means, from the
// operation, how far the transfer got, the HTTP status, body and headers.
// `result` is a transport failure or a non-2xx response; `call` says whose
// time ran out; `now` dates a Retry-After HTTP-date.
//
// When the caller's deadline is what ended an attempt the code is
// DEADLINE_EXCEEDED, and the action says whether anything may still happen
// upstream: CHECK_STATUS_THEN_RETRY for a create or process that may have
// been sent, RETRY otherwise.
UpstreamFailure ClassifyUpstreamFailure(Operation op, const HttpResult& result,
                                        const CallState& call, absl::Time now);

// Whether the failure is the end of the call itself (`ends_call`).
bool EndsTheCall(const UpstreamFailure& failure);

// The failure of a call cancelled while it waited between attempts, with
// nothing in flight: CANCELLED, or UNAVAILABLE / GATEWAY_DRAINING when the
// gateway is stopping; the action RETRY (a flow whose earlier attempt may
// still act makes that CHECK_STATUS_THEN_RETRY).
UpstreamFailure CancelledWhileWaiting(bool draining);

// A 2xx response whose body could not be read (`parse_error` says why).
UpstreamFailure ClassifyMalformedResponse(Operation op,
                                          const HttpResponse& response,
                                          const absl::Status& parse_error);

// What the connection knows besides the failure itself.
struct FailureContext {
  int attempts = 1;          // upstream requests made for the call
  std::string reference_id;  // of a create
  std::string invoice_id;    // of a process, or the existing invoice
  // The delay RetryInfo advises when the action is a retry: Retry-After
  // when sent, else the gateway's backoff.
  std::optional<absl::Duration> retry_delay;
  // Replaces the failure's own action (e.g. `action_if_not_acted` after a
  // reconciliation).
  std::optional<RetryAction> action;
  // An earlier request of the call may still take effect upstream (the
  // gateway stopped waiting for it): "nothing happened" cannot be shown, so
  // a RETRY becomes CHECK_STATUS_THEN_RETRY.
  bool unsettled = false;
  // The call's deadline has passed: whatever the last failure, it is the
  // deadline that ended the call (DEADLINE_EXCEEDED, the action kept).
  bool deadline_passed = false;
};

// The status the caller receives: code and message, ErrorInfo (reason,
// domain, metadata: operation, attempts, http_status, upstream code / status
// / title / detail, reference_id, invoice_id, transfer), BadRequest for
// field errors, RetryInfo when the action is to retry, and RetryHint.
//
// ACTION_RETRY goes out only when nothing the gateway sent for the call can
// still take effect (`context.unsettled` false); docs/errors.md has the
// rule and why it holds.
absl::Status ToStatus(Operation op, const UpstreamFailure& failure,
                      const FailureContext& context);

// `Retry-After` as delta-seconds or an HTTP-date (RFC 9110 10.2.3);
// nullopt when absent or unreadable. Never negative.
std::optional<absl::Duration> ParseRetryAfter(absl::string_view value,
                                              absl::Time now);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_UPSTREAM_FAILURE_H_
