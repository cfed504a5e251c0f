#include "grpc/stream_call.h"

#include <utility>

#include "absl/time/clock.h"
#include "common/log.h"
#include "events/invoice_order.h"
#include "grpc/call_start.h"
#include "grpc/grpc_status.h"

namespace payout_gateway {

StreamCall::StreamCall(grpc::CallbackServerContext* context,
                       absl::string_view method, std::string reference_id,
                       const StreamDeps& deps)
    : deps_(deps),
      ctx_(StartCallContext(*context, method, std::move(reference_id))),
      context_(context),
      method_(method),
      start_(absl::Now()) {
  deps_.metrics->RpcStarted(method_);
}

StreamCall::~StreamCall() {
  if (registered_) deps_.streams->Remove(this);
}

bool StreamCall::Admit() {
  absl::Status refused = deps_.streams->Add(this);
  registered_ = refused.ok();
  if (refused.ok()) refused = deps_.authorize(*ctx_, method_);
  if (refused.ok()) return true;
  {
    absl::MutexLock lock(&mu_);
    EndNow(std::move(refused));
  }
  StopIfEnded();
  return false;
}

void StreamCall::Send(corefy::payout::v1::PayoutInvoiceEvent event) {
  if (end_.has_value()) return;
  queue_.push_back(std::move(event));
  WriteNextOrFinish();
}

void StreamCall::EndAfterQueued(absl::Status status) {
  if (end_.has_value()) return;
  end_ = std::move(status);
  WriteNextOrFinish();
}

void StreamCall::EndNow(absl::Status status) {
  if (end_.has_value()) return;
  end_ = std::move(status);
  queue_.clear();
  WriteNextOrFinish();
}

void StreamCall::WriteNextOrFinish() {
  if (writing_ || finished_) return;
  if (!queue_.empty()) {
    in_flight_ = std::move(queue_.front());
    queue_.pop_front();
    writing_ = true;
    StartWrite(&in_flight_);
    return;
  }
  if (end_.has_value()) {
    finished_ = true;
    Log(*end_);
    // Safe as a header value: ChooseRequestId only keeps [A-Za-z0-9._:-].
    context_->AddTrailingMetadata("x-request-id", ctx_->request_id());
    Finish(ToGrpcStatus(*end_));
    return;
  }
  OnQueueDrained();
}

void StreamCall::OnWriteDone(bool ok) {
  {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (ok) {
      ++sent_;
      // The lag of a change: how long after Corefy's update the caller had
      // it. A watch's first event is the invoice as it is, whose "lag"
      // would be its age, so it is not counted.
      if (in_flight_.source() !=
          corefy::payout::v1::PAYOUT_EVENT_SOURCE_INITIAL_READ) {
        deps_.metrics->EventDelivered(
            method_, absl::Now() - UpdateTimeOf(in_flight_.invoice()));
      }
    } else {
      // The stream is broken (the caller went away): gRPC calls OnCancel.
      EndNow(absl::CancelledError("the caller went away"));
    }
    WriteNextOrFinish();
  }
  StopIfEnded();
}

void StreamCall::OnCancel() {
  {
    absl::MutexLock lock(&mu_);
    EndNow(absl::Now() >= ctx_->deadline()
               ? absl::DeadlineExceededError("the stream's deadline passed")
               : absl::CancelledError("the caller cancelled the stream"));
  }
  StopIfEnded();
}

void StreamCall::EndWith(absl::Status status) {
  {
    absl::MutexLock lock(&mu_);
    EndNow(std::move(status));
  }
  StopIfEnded();
}

void StreamCall::StopIfEnded() {
  {
    absl::MutexLock lock(&mu_);
    if (!end_.has_value() || stopped_) return;
    stopped_ = true;
  }
  StopWork();
}

void StreamCall::OnDone() {
  bool last = false;
  {
    absl::MutexLock lock(&mu_);
    done_ = true;
    last = ops_ == 0;
  }
  if (last) delete this;
}

void StreamCall::EndOp() {
  bool last = false;
  {
    absl::MutexLock lock(&mu_);
    --ops_;
    last = done_ && ops_ == 0;
  }
  if (last) delete this;
}

void StreamCall::Log(const absl::Status& status) {
  const absl::Duration duration = absl::Now() - start_;
  deps_.metrics->RpcFinished(method_, status.code(), duration);
  LogEvent(
      status.ok() || absl::IsCancelled(status) ||
              absl::IsDeadlineExceeded(status)
          ? Severity::kInfo
          : Severity::kWarning,
      "rpc",
      {{"method", method_},
       {"code", absl::StatusCodeToString(status.code())},
       {"duration_ms", std::to_string(absl::ToDoubleMilliseconds(duration))},
       {"events_sent", std::to_string(sent_)},
       {"request_id", ctx_->request_id()},
       {"caller", ctx_->caller()},
       {"reference_id", ctx_->reference_id()},
       {"message", std::string(status.message())}});
}

}  // namespace payout_gateway
