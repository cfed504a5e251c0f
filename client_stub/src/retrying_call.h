#ifndef PAYOUT_CLIENT_SRC_RETRYING_CALL_H_
#define PAYOUT_CLIENT_SRC_RETRYING_CALL_H_

#include <grpcpp/alarm.h>
#include <grpcpp/grpcpp.h>

#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "background_queue.h"
#include "call_checks.h"
#include "corefy/payout/v1/payout_gateway_service.grpc.pb.h"
#include "hint_policy.h"
#include "payout_client/payout_client.h"
#include "payout_client/payout_error.h"

namespace payout_client {
namespace internal {

using Stub = ::corefy::payout::v1::PayoutGatewayService::Stub;

// A unary method of the stub's completion-queue API, e.g.
// &Stub::PrepareAsyncCreatePayoutInvoice.
template <typename Request, typename Response>
using PrepareMethod =
    std::unique_ptr<grpc::ClientAsyncResponseReader<Response>> (Stub::*)(
        grpc::ClientContext*, const Request&, grpc::CompletionQueue*);

// What a call stands on: the stub and the queue its completions arrive on.
struct Transport {
  Stub& stub;
  BackgroundQueue& queue;
};

// One call to the gateway, bounded by `deadline`. `done` runs on the
// queue's thread with the response or the error (details in its payloads);
// CANCELLED when the client is being destroyed.
template <typename Response>
class UnaryCall final : public Operation {
 public:
  using Done = std::function<void(absl::StatusOr<Response>)>;

  template <typename Request>
  static void Start(Transport transport,
                    PrepareMethod<Request, Response> method,
                    const Request& request, const CallOptions& options,
                    absl::Time deadline, Done done) {
    auto* call = new UnaryCall(transport.queue, std::move(done));
    call->context_.set_deadline(absl::ToChronoTime(deadline));
    if (!options.request_id.empty()) {
      call->context_.AddMetadata("x-request-id", options.request_id);
    }
    for (const auto& [key, value] : options.metadata) {
      call->context_.AddMetadata(key, value);
    }
    const bool started = transport.queue.StartCall(
        &call->context_, [&](grpc::CompletionQueue* cq) {
          call->reader_ =
              (transport.stub.*method)(&call->context_, request, cq);
          call->reader_->StartCall();
          call->reader_->Finish(&call->response_, &call->status_, call);
        });
    if (!started) {
      Done not_sent = std::move(call->done_);
      delete call;
      not_sent(absl::CancelledError("the client is being destroyed"));
    }
  }

  void Complete(bool /*ok: always true for Finish*/) override {
    queue_.Forget(&context_);
    absl::StatusOr<Response> result =
        status_.ok() ? absl::StatusOr<Response>(std::move(response_))
                     : absl::StatusOr<Response>(FromGrpcStatus(status_));
    Done done = std::move(done_);
    delete this;
    done(std::move(result));
  }

 private:
  UnaryCall(BackgroundQueue& queue, Done done)
      : queue_(queue), done_(std::move(done)) {}

  BackgroundQueue& queue_;
  Done done_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<Response>> reader_;
  Response response_;
  grpc::Status status_;
};

// A wait before the next attempt. `then(true)` when it is over,
// `then(false)` when the client is being destroyed.
class Wait final : public Operation {
 public:
  static void Start(BackgroundQueue& queue, absl::Time until,
                    std::function<void(bool)> then) {
    auto* wait = new Wait(queue, std::move(then));
    if (!queue.StartWait(&wait->alarm_, until, wait)) {
      auto cancelled = std::move(wait->then_);
      delete wait;
      cancelled(false);
    }
  }

  void Complete(bool fired) override {
    queue_.Forget(&alarm_);
    auto then = std::move(then_);
    delete this;
    then(fired);
  }

 private:
  Wait(BackgroundQueue& queue, std::function<void(bool)> then)
      : queue_(queue), then_(std::move(then)) {}

  BackgroundQueue& queue_;
  std::function<void(bool)> then_;
  grpc::Alarm alarm_;
};

// How a create or process whose outcome is unknown is checked: the lookup
// to send, and what its answer means.
template <typename Response>
struct OutcomeCheck {
  struct Verdict {
    bool happened = false;  // then `result` is the answer to return
    bool unknown = false;   // the check failed: give up with the error
    absl::StatusOr<Response> result = absl::UnknownError("not checked");
  };
  corefy::payout::v1::GetPayoutInvoiceRequest lookup;
  std::function<Verdict(absl::StatusOr<corefy::payout::v1::PayoutInvoice>)>
      judge;
};

// A unary call that follows the gateway's hints without blocking a thread:
// calls until success, or until the hint, the attempts or the deadline say
// stop; a create or process with an unknown outcome is sent again only
// after the check found that it did not happen. Each step runs on the
// queue's thread; the operation in flight holds the call alive.
template <typename Request, typename Response>
class RetryingCall
    : public std::enable_shared_from_this<RetryingCall<Request, Response>> {
 public:
  static Future<Response> Start(
      Transport transport, PrepareMethod<Request, Response> method,
      CallKind kind, Request request, CallOptions options, RetryOptions retry,
      std::optional<OutcomeCheck<Response>> check = std::nullopt) {
    if (absl::Status bad = CheckCallOptions(options); !bad.ok()) {
      std::promise<absl::StatusOr<Response>> refused;
      refused.set_value(std::move(bad));
      return refused.get_future();
    }
    auto call = std::shared_ptr<RetryingCall>(
        new RetryingCall(transport, method, kind, std::move(request),
                         std::move(options), retry, std::move(check)));
    auto future = call->promise_.get_future();
    call->Send();
    return future;
  }

 private:
  RetryingCall(Transport transport, PrepareMethod<Request, Response> method,
               CallKind kind, Request request, CallOptions options,
               RetryOptions retry, std::optional<OutcomeCheck<Response>> check)
      : transport_(transport),
        method_(method),
        kind_(kind),
        request_(std::move(request)),
        options_(std::move(options)),
        retry_(retry),
        check_(std::move(check)),
        deadline_(absl::Now() + options_.timeout) {}

  void Send() {
    ++attempt_;
    UnaryCall<Response>::Start(
        transport_, method_, request_, options_, deadline_,
        [self = this->shared_from_this()](absl::StatusOr<Response> result) {
          self->OnAttempt(std::move(result));
        });
  }

  void OnAttempt(absl::StatusOr<Response> result) {
    if (result.ok() || attempt_ >= retry_.max_attempts) {
      return promise_.set_value(std::move(result));
    }
    PayoutError error = PayoutError::FromStatus(result.status());
    const NextStep step = DecideNextStep(kind_, error);
    if (step == NextStep::kStop) return promise_.set_value(std::move(result));
    failure_ = std::move(result);
    if (step == NextStep::kCheckThenRetry && check_.has_value()) {
      return UnaryCall<corefy::payout::v1::PayoutInvoice>::Start(
          transport_, &Stub::PrepareAsyncGetPayoutInvoice, check_->lookup,
          options_, deadline_,
          [self = this->shared_from_this(),
           error](absl::StatusOr<corefy::payout::v1::PayoutInvoice> found) {
            self->OnChecked(self->check_->judge(std::move(found)), error);
          });
    }
    RetryAfterDelay(error);
  }

  void OnChecked(typename OutcomeCheck<Response>::Verdict verdict,
                 const PayoutError& error) {
    if (verdict.happened) return promise_.set_value(std::move(verdict.result));
    if (verdict.unknown) return promise_.set_value(std::move(failure_));
    RetryAfterDelay(error);
  }

  void RetryAfterDelay(const PayoutError& error) {
    const absl::Time next = absl::Now() + DelayBeforeRetry(error, retry_);
    if (next >= deadline_) return promise_.set_value(std::move(failure_));
    Wait::Start(transport_.queue, next,
                [self = this->shared_from_this()](bool waited) {
                  // Not waited: the client is going away; the last failure
                  // is the answer.
                  if (!waited) return self->promise_.set_value(self->failure_);
                  self->Send();
                });
  }

  const Transport transport_;
  const PrepareMethod<Request, Response> method_;
  const CallKind kind_;
  const Request request_;
  const CallOptions options_;
  const RetryOptions retry_;
  const std::optional<OutcomeCheck<Response>> check_;
  const absl::Time deadline_;
  int attempt_ = 0;
  absl::StatusOr<Response> failure_ = absl::UnknownError("no attempt yet");
  std::promise<absl::StatusOr<Response>> promise_;
};

}  // namespace internal
}  // namespace payout_client

#endif  // PAYOUT_CLIENT_SRC_RETRYING_CALL_H_
