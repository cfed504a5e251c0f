#include "connection/upstream_client.h"

#include <algorithm>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace payout_gateway {
namespace {

// libcurl's timers tick in milliseconds: a timeout within a few of the
// caller's deadline is that deadline.
constexpr absl::Duration kTimerSlack = absl::Milliseconds(5);

}  // namespace

UpstreamClient::UpstreamClient(UpstreamDeps deps)
    : deps_(std::move(deps)),
      retry_policy_(deps_.retry.max_attempts),
      backoff_(deps_.retry.initial_backoff, deps_.retry.max_backoff,
               deps_.retry.backoff_multiplier),
      authorization_(absl::StrCat("Basic ", absl::Base64Escape(absl::StrCat(
                                                deps_.upstream.account_id, ":",
                                                deps_.upstream.api_key)))) {}

HttpRequest UpstreamClient::Prepare(Api api, HttpRequest request,
                                    const CallContext& ctx) const {
  const UpstreamOptions& u = deps_.upstream;
  const std::string& prefix =
      api == Api::kPrivate ? u.private_api_prefix : u.public_api_prefix;
  request.url = absl::StrCat(u.base_url, prefix, request.url);
  if (api == Api::kPrivate) {
    request.headers.emplace_back("Authorization", authorization_);
  }
  if (!ctx.request_id().empty()) {
    request.headers.emplace_back("X-Request-Id", ctx.request_id());
  }
  return request;
}

void UpstreamClient::RecordSuccess() const {
  deps_.budget->OnSuccess();
  deps_.metrics->RetryBudget(deps_.budget->tokens());
}

void UpstreamClient::RecordTransientFailure() const {
  deps_.budget->OnFailure();
  deps_.metrics->RetryBudget(deps_.budget->tokens());
}

absl::Time UpstreamClient::ReconcilableAttemptDeadline(
    const CallContext& ctx) const {
  if (ctx.deadline() == absl::InfiniteFuture()) return absl::InfiniteFuture();
  const absl::Time now = Now();
  return now + (ctx.deadline() - now) * 2 / 3;
}

absl::Duration UpstreamClient::RetryWait(int retry,
                                         const UpstreamFailure& failure) const {
  return std::max(backoff_.Delay(retry, Jitter()),
                  failure.retry_after.value_or(absl::ZeroDuration()));
}

void UpstreamClient::CapRetryAfter(UpstreamFailure& failure) const {
  if (failure.retry_after.has_value()) {
    failure.retry_after =
        std::min(*failure.retry_after, deps_.retry.max_retry_after);
  }
}

bool UpstreamClient::DeadlinePassed(const CallContext& ctx) const {
  return Now() + kTimerSlack >= ctx.deadline();
}

void UpstreamClient::Send(const CallContextPtr& ctx, Operation op, Api api,
                          HttpRequest request, absl::Time attempt_deadline,
                          absl::AnyInvocable<void(Exchange)> done) const {
  HttpRequest http = Prepare(api, std::move(request), *ctx);
  http.deadline = std::min(attempt_deadline, ctx->deadline());
  // Whose time bounds the transfer: the caller's (or the share of it this
  // attempt has), or the gateway's own upstream timeout.
  const bool deadline_bound = http.deadline < Now() + deps_.request_timeout;
  ctx->CountUpstreamAttempt();
  uint64_t ticket = ctx->BeginUpstream();
  auto on_result = [self = shared_from_this(), ctx, op, ticket, deadline_bound,
                    route = http.route, method = http.method,
                    start = absl::Now(),
                    done = std::move(done)](HttpResult result) mutable {
    ctx->EndUpstream(ticket);
    self->metrics().UpstreamRequest(
        route, HttpMethodName(method),
        result.outcome == TransferOutcome::kResponse
            ? std::to_string(result.response.status_code)
            : std::string(TransferOutcomeName(result.outcome)),
        absl::Now() - start);
    Exchange exchange;
    if (result.outcome == TransferOutcome::kResponse &&
        result.response.status_code / 100 == 2) {
      exchange.ok = true;
      exchange.response = std::move(result.response);
    } else {
      CallState call(self->DeadlinePassed(*ctx));
      call.deadline_bound = deadline_bound;
      call.draining = ctx->IsDraining();
      exchange.failure = ClassifyUpstreamFailure(op, result, call, self->Now());
      self->CapRetryAfter(exchange.failure);
    }
    done(std::move(exchange));
  };
  HttpTransport::RequestId id =
      deps_.transport->Send(std::move(http), std::move(on_result));
  ctx->ArmCancel(ticket,
                 [transport = deps_.transport, id] { transport->Cancel(id); });
}

void UpstreamClient::Sleep(const CallContextPtr& ctx, absl::Duration delay,
                           absl::AnyInvocable<void()> fn) const {
  uint64_t ticket = ctx->BeginUpstream();
  Timer::TimerId id =
      deps_.timer->RunAfter(delay, [ctx, ticket, fn = std::move(fn)]() mutable {
        ctx->EndUpstream(ticket);
        fn();
      });
  ctx->ArmCancel(ticket, [timer = deps_.timer, id] { timer->FireNow(id); });
}

}  // namespace payout_gateway
