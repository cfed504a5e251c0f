#include "connection/create_flow.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/error_details.h"
#include "common/reserved_metadata.h"
#include "connection/idempotency_policy.h"
#include "connection/invoice_match.h"
#include "connection/request_fingerprint.h"
#include "connection/upstream_requests.h"
#include "json/json_reader.h"
#include "json/payout_invoice_json.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;
constexpr Operation kOp = Operation::kCreatePayoutInvoice;

// The failure to report when an invoice with the reference_id exists but is
// another payout, and no 409 said so.
// A 409 said an invoice holds the reference_id, and the lookup that would
// tell whether it is this payout failed or did not find it.
UpstreamFailure UnverifiedConflict(const InvoiceLookup& lookup) {
  UpstreamFailure f;
  f.code = absl::StatusCode::kUnavailable;
  f.reason = reason::kReconciliationFailed;
  f.message = absl::StrCat(
      "an invoice with this reference_id exists (HTTP 409), and the gateway "
      "could not tell whether it is this payout: ",
      lookup.failure.has_value() ? lookup.failure->message : "not found");
  f.action = f.action_if_not_acted =
      v1::RetryHint::ACTION_CHECK_STATUS_THEN_RETRY;
  f.transient = true;
  f.transfer = TransferOutcome::kResponse;
  f.retry_after =
      lookup.failure.has_value() ? lookup.failure->retry_after : std::nullopt;
  return f;
}

UpstreamFailure ConflictingInvoice() {
  UpstreamFailure f;
  f.code = absl::StatusCode::kAlreadyExists;
  f.reason = reason::kDuplicateReferenceId;
  f.message =
      "an invoice with this reference_id already exists and is another payout";
  f.action = f.action_if_not_acted = v1::RetryHint::ACTION_USE_EXISTING_INVOICE;
  f.transfer = TransferOutcome::kResponse;
  return f;
}

}  // namespace

void CreateFlow::Run(std::shared_ptr<const Upstream> upstream,
                     CallContextPtr ctx, v1::CreatePayoutInvoiceRequest request,
                     ResultCallback<v1::PayoutInvoice> done) {
  // The invoice keeps what was asked for, in full, under a key only the
  // gateway can compute: a repeated create is compared on it.
  (*request.mutable_metadata())[std::string(kFingerprintMetadataKey)] =
      RequestFingerprint(request, upstream->policies().fingerprint_key());
  std::make_shared<CreateFlow>(std::move(upstream), std::move(ctx),
                               std::move(request), std::move(done))
      ->Create();
}

CreateFlow::CreateFlow(std::shared_ptr<const Upstream> upstream,
                       CallContextPtr ctx,
                       v1::CreatePayoutInvoiceRequest request,
                       ResultCallback<v1::PayoutInvoice> done)
    : upstream_(std::move(upstream)),
      ctx_(std::move(ctx)),
      request_(std::move(request)),
      done_(std::move(done)) {}

void CreateFlow::Create() {
  ++creates_;
  ++attempts_;
  const absl::Time attempt_deadline =
      upstream_->policies().ReconcilableAttemptDeadline(*ctx_);
  upstream_->Attempt(ctx_, kOp, Api::kPrivate,
                     CreatePayoutInvoiceRequest(request_), attempt_deadline,
                     [self = shared_from_this()](Exchange e) {
                       self->OnCreated(std::move(e));
                     });
}

void CreateFlow::OnCreated(Exchange exchange) {
  if (exchange.ok) {
    v1::PayoutInvoice invoice;
    auto malformed = ReadInvoiceResponse(kOp, exchange.response, &invoice);
    if (!malformed.has_value()) {
      upstream_->policies().RecordSuccess();
      done_(std::move(invoice));
      return;
    }
    exchange.failure = *std::move(malformed);
  }
  UpstreamFailure failure = std::move(exchange.failure);
  unsettled_ |= failure.may_still_act;
  if (failure.transient) upstream_->policies().RecordTransientFailure();
  if (EndsTheCall(failure)) return Fail(failure);
  if (failure.code == absl::StatusCode::kAlreadyExists) {
    return Reconcile(std::move(failure), /*after_conflict=*/true);
  }
  if (failure.may_have_acted) {
    return Reconcile(std::move(failure), /*after_conflict=*/false);
  }
  if (MaybeCreateAgain(failure, /*verified=*/false)) return;
  Fail(failure);
}

void CreateFlow::Reconcile(UpstreamFailure failure, bool after_conflict) {
  LookupInvoiceByReference(
      upstream_, ctx_, kOp, request_.reference_id(),
      [self = shared_from_this(), failure = std::move(failure),
       after_conflict](InvoiceLookup lookup) mutable {
        self->OnLookup(std::move(failure), after_conflict, std::move(lookup));
      });
}

void CreateFlow::OnLookup(UpstreamFailure failure, bool after_conflict,
                          InvoiceLookup lookup) {
  attempts_ += lookup.attempts;
  using Result = InvoiceLookup::Result;
  upstream_->policies().metrics().Reconciliation(
      OperationName(kOp), lookup.result == Result::kFound      ? "happened"
                          : lookup.result == Result::kNotFound ? "not_happened"
                                                               : "unknown");
  if (lookup.result == Result::kFound) {
    return ResolveExisting(std::move(lookup.invoice), failure);
  }
  if (after_conflict) {
    // Corefy's 409 carries the existing invoice; use it if the lookup could
    // not find it (yet).
    if (failure.upstream.data.is_object()) {
      v1::PayoutInvoice existing;
      JsonReader reader(&failure.upstream.data, "data");
      ReadPayoutInvoice(reader, &existing);
      if (reader.status().ok() && !existing.id().empty()) {
        return ResolveExisting(std::move(existing), failure);
      }
    }
    // The invoice that holds the reference_id could not be compared: it may
    // be this very payout (an earlier request of ours that landed), which
    // must not be reported as a conflict (AIP-155).
    return Fail(UnverifiedConflict(lookup),
                v1::RetryHint::ACTION_CHECK_STATUS_THEN_RETRY);
  }
  if (lookup.result == Result::kNotFound) {
    // Proven: the create did not happen.
    if (MaybeCreateAgain(failure, /*verified=*/true)) return;
    return Fail(failure, failure.action_if_not_acted);
  }
  Fail(failure, v1::RetryHint::ACTION_CHECK_STATUS_THEN_RETRY);
}

void CreateFlow::ResolveExisting(v1::PayoutInvoice invoice,
                                 const UpstreamFailure& failure) {
  if (InvoiceMatchesRequest(invoice, request_)) {
    done_(std::move(invoice));  // idempotent create: this payout exists
    return;
  }
  const UpstreamFailure conflict =
      failure.code == absl::StatusCode::kAlreadyExists ? failure
                                                       : ConflictingInvoice();
  Fail(conflict, v1::RetryHint::ACTION_USE_EXISTING_INVOICE, invoice.id());
}

bool CreateFlow::MaybeCreateAgain(const UpstreamFailure& failure,
                                  bool verified) {
  const bool allowed =
      verified
          ? failure.transient &&
                creates_ < upstream_->policies().retry_policy().max_attempts()
          : upstream_->policies().retry_policy().ShouldRetry(
                IdempotencyPolicy::IsIdempotent(kOp), failure, creates_);
  if (!allowed || ctx_->IsCancelled() || !upstream_->policies().CanRetry()) {
    return false;
  }
  const absl::Duration wait =
      upstream_->policies().RetryWait(creates_ - 1, failure);
  if (upstream_->policies().Now() + wait >= ctx_->deadline()) return false;
  upstream_->policies().metrics().Retry(OperationName(kOp));
  upstream_->policies().Sleep(ctx_, wait, [self = shared_from_this()] {
    if (self->ctx_->IsCancelled()) {
      return self->Fail(CancelledWhileWaiting(self->ctx_->IsDraining()));
    }
    self->Create();
  });
  return true;
}

void CreateFlow::Fail(const UpstreamFailure& failure,
                      std::optional<RetryAction> action,
                      std::string invoice_id) {
  FailureContext context;
  context.attempts = attempts_;
  context.reference_id = request_.reference_id();
  context.invoice_id = std::move(invoice_id);
  context.action = action;
  context.unsettled = unsettled_;
  context.deadline_passed = upstream_->policies().DeadlinePassed(*ctx_);
  context.retry_delay = failure.retry_after.value_or(
      upstream_->policies().backoff().Cap(std::max(0, creates_ - 1)));
  done_(ToStatus(kOp, failure, context));
}

}  // namespace payout_gateway
