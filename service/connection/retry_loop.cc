#include "connection/retry_loop.h"

#include <utility>

#include "common/error_details.h"

namespace payout_gateway {

void RetryLoop::Run(std::shared_ptr<const UpstreamClient> client,
                    CallContextPtr ctx, Operation op, Api api,
                    HttpRequest request, Accept accept, Done done) {
  std::make_shared<RetryLoop>(std::move(client), std::move(ctx), op, api,
                              std::move(request), std::move(accept),
                              std::move(done))
      ->Attempt();
}

RetryLoop::RetryLoop(std::shared_ptr<const UpstreamClient> client,
                     CallContextPtr ctx, Operation op, Api api,
                     HttpRequest request, Accept accept, Done done)
    : client_(std::move(client)),
      ctx_(std::move(ctx)),
      op_(op),
      api_(api),
      request_(std::move(request)),
      accept_(std::move(accept)),
      done_(std::move(done)) {}

void RetryLoop::Attempt() {
  ++attempts_;
  client_->Send(ctx_, op_, api_, request_, ctx_->deadline(),
                [self = shared_from_this()](Exchange exchange) {
                  self->OnExchange(std::move(exchange));
                });
}

void RetryLoop::OnExchange(Exchange exchange) {
  std::optional<UpstreamFailure> failure;
  if (exchange.ok) {
    failure = accept_(exchange.response);
  } else {
    failure = std::move(exchange.failure);
  }
  if (!failure.has_value()) {
    client_->RecordSuccess();
    done_(Outcome{std::nullopt, attempts_, absl::ZeroDuration()});
    return;
  }
  if (failure->transient) client_->RecordTransientFailure();

  const int retry = attempts_ - 1;  // 0 for the first resend
  const absl::Duration wait = client_->RetryWait(retry, *failure);
  const bool retry_allowed = !ctx_->IsCancelled() &&
                             client_->retry_policy().ShouldRetry(
                                 /*idempotent=*/true, *failure, attempts_) &&
                             client_->CanRetry() &&
                             client_->Now() + wait < ctx_->deadline();
  if (retry_allowed) {
    client_->metrics().Retry(OperationName(op_));
    client_->Sleep(ctx_, wait, [self = shared_from_this()] {
      if (self->ctx_->IsCancelled()) {
        self->done_(Outcome{CancelledWhileWaiting(self->ctx_->IsDraining()),
                            self->attempts_, absl::ZeroDuration()});
        return;
      }
      self->Attempt();
    });
    return;
  }
  const absl::Duration advice =
      failure->retry_after.value_or(client_->backoff().Cap(retry));
  done_(Outcome{std::move(failure), attempts_, advice});
}

}  // namespace payout_gateway
