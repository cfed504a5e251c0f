#include "background_queue.h"

namespace payout_client {
namespace internal {

BackgroundQueue::BackgroundQueue() : thread_([this] { Drain(); }) {}

BackgroundQueue::~BackgroundQueue() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    shutting_down_ = true;
    for (grpc::ClientContext* call : calls_) call->TryCancel();
    for (grpc::Alarm* wait : waits_) wait->Cancel();
  }
  // Everything started has been cancelled and completes shortly; Next
  // returns false once it has and the queue is empty.
  cq_.Shutdown();
  thread_.join();
}

bool BackgroundQueue::StartCall(
    grpc::ClientContext* context,
    const std::function<void(grpc::CompletionQueue*)>& start) {
  std::lock_guard<std::mutex> lock(mu_);
  if (shutting_down_) return false;
  calls_.insert(context);
  start(&cq_);
  return true;
}

bool BackgroundQueue::StartWait(grpc::Alarm* alarm, absl::Time when,
                                Operation* tag) {
  std::lock_guard<std::mutex> lock(mu_);
  if (shutting_down_) return false;
  waits_.insert(alarm);
  alarm->Set(&cq_, absl::ToChronoTime(when), tag);
  return true;
}

void BackgroundQueue::Forget(grpc::ClientContext* context) {
  std::lock_guard<std::mutex> lock(mu_);
  calls_.erase(context);
}

void BackgroundQueue::Forget(grpc::Alarm* alarm) {
  std::lock_guard<std::mutex> lock(mu_);
  waits_.erase(alarm);
}

void BackgroundQueue::Drain() {
  void* tag = nullptr;
  bool ok = false;
  while (cq_.Next(&tag, &ok)) static_cast<Operation*>(tag)->Complete(ok);
}

}  // namespace internal
}  // namespace payout_client
