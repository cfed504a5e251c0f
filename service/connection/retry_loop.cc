#include "connection/retry_loop.h"

#include <utility>

#include "common/error_details.h"

namespace payout_gateway {

void RetryLoop::Run(std::shared_ptr<const Upstream> upstream,
                    CallContextPtr ctx, Operation op, Api api,
                    HttpRequest request, Accept accept, Done done) {
  std::make_shared<RetryLoop>(std::move(upstream), std::move(ctx), op, api,
                              std::move(request), std::move(accept),
                              std::move(done))
      ->Attempt();
}

RetryLoop::RetryLoop(std::shared_ptr<const Upstream> upstream,
                     CallContextPtr ctx, Operation op, Api api,
                     HttpRequest request, Accept accept, Done done)
    : upstream_(std::move(upstream)),
      ctx_(std::move(ctx)),
      op_(op),
      api_(api),
      request_(std::move(request)),
      accept_(std::move(accept)),
      done_(std::move(done)) {}

void RetryLoop::Attempt() {
  ++attempts_;
  upstream_->Attempt(ctx_, op_, api_, request_, ctx_->deadline(),
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
    upstream_->policies().RecordSuccess();
    done_(Outcome{std::nullopt, attempts_, absl::ZeroDuration()});
    return;
  }
  if (failure->transient) upstream_->policies().RecordTransientFailure();

  const int retry = attempts_ - 1;  // 0 for the first resend
  const absl::Duration wait = upstream_->policies().RetryWait(retry, *failure);
  const bool retry_allowed =
      !ctx_->IsCancelled() &&
      upstream_->policies().retry_policy().ShouldRetry(
          /*idempotent=*/true, *failure, attempts_) &&
      upstream_->policies().CanRetry() &&
      upstream_->policies().Now() + wait < ctx_->deadline();
  if (retry_allowed) {
    upstream_->policies().metrics().Retry(OperationName(op_));
    upstream_->policies().Sleep(ctx_, wait, [self = shared_from_this()] {
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
      failure->retry_after.value_or(upstream_->policies().backoff().Cap(retry));
  done_(Outcome{std::move(failure), attempts_, advice});
}

}  // namespace payout_gateway
