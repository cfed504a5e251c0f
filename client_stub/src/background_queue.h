#ifndef PAYOUT_CLIENT_SRC_BACKGROUND_QUEUE_H_
#define PAYOUT_CLIENT_SRC_BACKGROUND_QUEUE_H_

#include <grpcpp/alarm.h>
#include <grpcpp/grpcpp.h>

#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include "absl/time/time.h"

namespace payout_client {
namespace internal {

// Something started on the queue; its tag. Complete runs on the queue's
// thread once gRPC is done with it, and deletes the operation.
class Operation {
 public:
  virtual ~Operation() = default;
  virtual void Complete(bool ok) = 0;
};

// The client's asynchronous machinery: a CompletionQueue and the one thread
// that drains it. Calls and retry waits complete on that thread, which only
// fulfils promises and starts the next step, so one is enough.
//
// Not gRPC's callback API: with it, the last channel reference released on
// one of gRPC's callback threads (a future fulfilled, the caller drops the
// client at once) tears down the queue those threads poll under them. Here
// the client's destructor ends everything in order: cancel what is in
// flight, let it complete, stop the thread.
class BackgroundQueue {
 public:
  BackgroundQueue();
  // Cancels every call and wait still in flight (their futures become
  // CANCELLED), drains the queue and joins the thread.
  ~BackgroundQueue();

  BackgroundQueue(const BackgroundQueue&) = delete;
  BackgroundQueue& operator=(const BackgroundQueue&) = delete;

  // Runs `start(cq)` to start an operation whose context is `context`,
  // unless the queue is shutting down (then returns false and starts
  // nothing). Until Forget(context), shutting down cancels the call.
  bool StartCall(grpc::ClientContext* context,
                 const std::function<void(grpc::CompletionQueue*)>& start);
  // Sets `alarm` to fire `tag` at `when`, unless shutting down.
  bool StartWait(grpc::Alarm* alarm, absl::Time when, Operation* tag);
  // The call or wait completed: nothing to cancel any more.
  void Forget(grpc::ClientContext* context);
  void Forget(grpc::Alarm* alarm);

 private:
  void Drain();

  std::mutex mu_;
  bool shutting_down_ = false;
  std::set<grpc::ClientContext*> calls_;
  std::set<grpc::Alarm*> waits_;
  grpc::CompletionQueue cq_;
  std::thread thread_;
};

}  // namespace internal
}  // namespace payout_client

#endif  // PAYOUT_CLIENT_SRC_BACKGROUND_QUEUE_H_
