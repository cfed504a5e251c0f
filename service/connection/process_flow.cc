#include "connection/process_flow.h"

#include <algorithm>
#include <utility>

#include "connection/idempotency_policy.h"
#include "connection/upstream_requests.h"
#include "json/payout_invoice_json.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;
constexpr Operation kOp = Operation::kProcessPayoutInvoice;

bool CallIsOver(const UpstreamFailure& f) {
  return f.code == absl::StatusCode::kDeadlineExceeded ||
         f.code == absl::StatusCode::kCancelled;
}

}  // namespace

void ProcessFlow::Run(std::shared_ptr<const UpstreamClient> client,
                      CallContextPtr ctx, std::string invoice_id,
                      ResultCallback<v1::PayoutInvoice> done) {
  std::make_shared<ProcessFlow>(std::move(client), std::move(ctx),
                                std::move(invoice_id), std::move(done))
      ->Process();
}

ProcessFlow::ProcessFlow(std::shared_ptr<const UpstreamClient> client,
                         CallContextPtr ctx, std::string invoice_id,
                         ResultCallback<v1::PayoutInvoice> done)
    : client_(std::move(client)),
      ctx_(std::move(ctx)),
      invoice_id_(std::move(invoice_id)),
      done_(std::move(done)) {}

void ProcessFlow::Process() {
  ++processes_;
  ++attempts_;
  // Keep a third of the time left for reconciling a lost answer.
  const absl::Time now = client_->Now();
  const absl::Time attempt_deadline =
      ctx_->deadline() == absl::InfiniteFuture()
          ? absl::InfiniteFuture()
          : now + (ctx_->deadline() - now) * 2 / 3;
  client_->Send(ctx_, kOp, Api::kPrivate,
                ProcessPayoutInvoiceRequest(invoice_id_), attempt_deadline,
                [self = shared_from_this()](Exchange e) {
                  self->OnProcessed(std::move(e));
                });
}

void ProcessFlow::OnProcessed(Exchange exchange) {
  UpstreamFailure failure;
  if (exchange.ok) {
    v1::PayoutInvoice invoice;
    absl::Status parsed =
        ParsePayoutInvoiceDocument(exchange.response.body, &invoice);
    if (parsed.ok()) {
      client_->budget().OnSuccess();
      done_(std::move(invoice));
      return;
    }
    failure = ClassifyMalformedResponse(kOp, exchange.response, parsed);
  } else {
    failure = std::move(exchange.failure);
  }
  if (failure.transient) client_->budget().OnFailure();
  if (CallIsOver(failure)) return Fail(failure);
  // A 409 to a process the gateway repeated: an earlier copy got through.
  const bool repeat_refused =
      processes_ > 1 && failure.code == absl::StatusCode::kFailedPrecondition;
  if (failure.may_have_acted || repeat_refused)
    return Reconcile(std::move(failure));
  if (MaybeProcessAgain(failure)) return;
  Fail(failure);
}

void ProcessFlow::Reconcile(UpstreamFailure failure) {
  LookupInvoiceById(client_, ctx_, kOp, invoice_id_,
                    [self = shared_from_this(), failure = std::move(failure)](
                        InvoiceLookup lookup) mutable {
                      self->OnLookup(std::move(failure), std::move(lookup));
                    });
}

void ProcessFlow::OnLookup(UpstreamFailure failure, InvoiceLookup lookup) {
  attempts_ += lookup.attempts;
  switch (lookup.result) {
    case InvoiceLookup::Result::kFound:
      if (lookup.invoice.status() != v1::PAYOUT_INVOICE_STATUS_CREATED) {
        done_(std::move(lookup.invoice));  // the process happened
        return;
      }
      // Still `created`: the process did not happen. Send it again, once.
      if (!reprocessed_ && !ctx_->IsCancelled()) {
        reprocessed_ = true;
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
  if (!client_->retry_policy().ShouldRetry(IdempotencyPolicy::IsIdempotent(kOp),
                                           failure, processes_) ||
      ctx_->IsCancelled() || !client_->budget().CanRetry()) {
    return false;
  }
  const absl::Duration wait =
      std::max(client_->backoff().Delay(processes_ - 1, client_->Jitter()),
               failure.retry_after.value_or(absl::ZeroDuration()));
  if (client_->Now() + wait >= ctx_->deadline()) return false;
  client_->Sleep(ctx_, wait, [self = shared_from_this(), failure] {
    if (self->ctx_->IsCancelled()) return self->Fail(failure);
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
  context.retry_delay = failure.retry_after.value_or(
      client_->backoff().Cap(std::max(0, processes_ - 1)));
  done_(ToStatus(kOp, failure, context));
}

}  // namespace payout_gateway
