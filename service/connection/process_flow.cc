#include "connection/process_flow.h"

#include <algorithm>
#include <utility>

#include "connection/idempotency_policy.h"
#include "connection/upstream_requests.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;
constexpr Operation kOp = Operation::kProcessPayoutInvoice;

// Whether an invoice has been through a process call (whatever came of it),
// as opposed to never processed: `created`, `expired`, `terminated`.
bool WasProcessed(const v1::PayoutInvoice& invoice) {
  switch (invoice.status()) {
    case v1::PAYOUT_INVOICE_STATUS_CREATED:
    case v1::PAYOUT_INVOICE_STATUS_EXPIRED:
    case v1::PAYOUT_INVOICE_STATUS_TERMINATED:
      return false;
    default:
      // Every later status, and one this gateway does not know yet
      // (UNSPECIFIED): if it is not one of the three above, something
      // happened to the invoice.
      return true;
  }
}

}  // namespace

void ProcessFlow::Run(std::shared_ptr<const Upstream> upstream,
                      CallContextPtr ctx, std::string invoice_id,
                      ResultCallback<v1::PayoutInvoice> done) {
  std::make_shared<ProcessFlow>(std::move(upstream), std::move(ctx),
                                std::move(invoice_id), std::move(done))
      ->Process();
}

ProcessFlow::ProcessFlow(std::shared_ptr<const Upstream> upstream,
                         CallContextPtr ctx, std::string invoice_id,
                         ResultCallback<v1::PayoutInvoice> done)
    : upstream_(std::move(upstream)),
      ctx_(std::move(ctx)),
      invoice_id_(std::move(invoice_id)),
      done_(std::move(done)) {}

void ProcessFlow::Process() {
  ++processes_;
  ++attempts_;
  const absl::Time attempt_deadline =
      upstream_->policies().ReconcilableAttemptDeadline(*ctx_);
  upstream_->Attempt(ctx_, kOp, Api::kPrivate,
                     ProcessPayoutInvoiceRequest(invoice_id_), attempt_deadline,
                     [self = shared_from_this()](Exchange e) {
                       self->OnProcessed(std::move(e));
                     });
}

void ProcessFlow::OnProcessed(Exchange exchange) {
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
  // A 409 says the invoice is no longer `created`. That may be this very
  // payout: a caller retrying after a lost answer whose first process got
  // through. Look at the invoice to tell.
  const bool refused_as_not_created =
      failure.code == absl::StatusCode::kFailedPrecondition;
  if (failure.may_have_acted || refused_as_not_created) {
    return Reconcile(std::move(failure));
  }
  if (MaybeProcessAgain(failure)) return;
  Fail(failure);
}

void ProcessFlow::Reconcile(UpstreamFailure failure) {
  LookupInvoiceById(upstream_, ctx_, kOp, invoice_id_,
                    [self = shared_from_this(), failure = std::move(failure)](
                        InvoiceLookup lookup) mutable {
                      self->OnLookup(std::move(failure), std::move(lookup));
                    });
}

void ProcessFlow::OnLookup(UpstreamFailure failure, InvoiceLookup lookup) {
  attempts_ += lookup.attempts;
  const bool happened =
      lookup.result == InvoiceLookup::Result::kFound &&
      lookup.invoice.status() != v1::PAYOUT_INVOICE_STATUS_CREATED;
  upstream_->policies().metrics().Reconciliation(
      OperationName(kOp), lookup.result == InvoiceLookup::Result::kFailed
                              ? "unknown"
                          : happened ? "happened"
                                     : "not_happened");
  switch (lookup.result) {
    case InvoiceLookup::Result::kFound:
      if (WasProcessed(lookup.invoice)) {
        done_(std::move(lookup.invoice));  // the process happened
        return;
      }
      if (lookup.invoice.status() != v1::PAYOUT_INVOICE_STATUS_CREATED) {
        // Expired or terminated: it can no longer be processed.
        return Fail(failure, v1::RetryHint::ACTION_DO_NOT_RETRY);
      }
      // Still `created`. If every process request of the call was answered,
      // the process did not happen: send it again, once. If one was
      // abandoned unanswered it may still land, and a second one could pay
      // twice unless Corefy refused it, which the contract does not
      // promise: the caller is told to check later instead.
      if (!reprocessed_ && !unsettled_ && !ctx_->IsCancelled()) {
        reprocessed_ = true;
        upstream_->policies().metrics().Retry(OperationName(kOp));
        return Process();
      }
      return Fail(failure, failure.action_if_not_acted);
    case InvoiceLookup::Result::kNotFound:
      return Fail(*lookup.failure);
    case InvoiceLookup::Result::kFailed:
      return Fail(failure, v1::RetryHint::ACTION_CHECK_STATUS_THEN_RETRY);
  }
}

bool ProcessFlow::MaybeProcessAgain(const UpstreamFailure& failure) {
  if (!upstream_->policies().retry_policy().ShouldRetry(
          IdempotencyPolicy::IsIdempotent(kOp), failure, processes_) ||
      ctx_->IsCancelled() || !upstream_->policies().CanRetry()) {
    return false;
  }
  const absl::Duration wait =
      upstream_->policies().RetryWait(processes_ - 1, failure);
  if (upstream_->policies().Now() + wait >= ctx_->deadline()) return false;
  upstream_->policies().metrics().Retry(OperationName(kOp));
  upstream_->policies().Sleep(ctx_, wait, [self = shared_from_this()] {
    if (self->ctx_->IsCancelled()) {
      return self->Fail(CancelledWhileWaiting(self->ctx_->IsDraining()));
    }
    self->Process();
  });
  return true;
}

void ProcessFlow::Fail(const UpstreamFailure& failure,
                       std::optional<RetryAction> action) {
  FailureContext context;
  context.attempts = attempts_;
  context.invoice_id = invoice_id_;
  context.action = action;
  context.unsettled = unsettled_;
  context.deadline_passed = upstream_->policies().DeadlinePassed(*ctx_);
  context.retry_delay = failure.retry_after.value_or(
      upstream_->policies().backoff().Cap(std::max(0, processes_ - 1)));
  done_(ToStatus(kOp, failure, context));
}

}  // namespace payout_gateway
