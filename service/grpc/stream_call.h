#ifndef PAYOUT_GATEWAY_GRPC_STREAM_CALL_H_
#define PAYOUT_GATEWAY_GRPC_STREAM_CALL_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/call_context.h"
#include "common/metrics.h"
#include "common/timer.h"
#include "corefy/payout/v1/payout_event.pb.h"
#include "grpc/open_streams.h"

namespace payout_gateway {

// Whether the caller of `ctx` may call `rpc` (the payout policy's say):
// OK, or the PERMISSION_DENIED to end the call with.
using RpcAuthorizer =
    std::function<absl::Status(const CallContext& ctx, absl::string_view rpc)>;

// What every streaming call shares.
struct StreamDeps {
  Metrics* metrics;
  OpenStreams* streams;
  Timer* timer;
  RpcAuthorizer authorize;
};

// The part of a server-streaming reactor that does not depend on what it
// streams: one write at a time from a queue, the end of the stream
// (Finish only once no write is outstanding), cancellation, the drain, the
// call's log line and metrics, and its own deletion -- in OnDone, or
// later when asynchronous work of the subclass (a timer, an upstream read)
// still refers to it. Subclasses start their work in Start() and stop it in
// StopWork().
class StreamCall
    : public grpc::ServerWriteReactor<corefy::payout::v1::PayoutInvoiceEvent>,
      public OpenStreams::Stream {
 public:
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;
  void EndWith(absl::Status status) override;

 protected:
  StreamCall(grpc::CallbackServerContext* context, absl::string_view method,
             std::string reference_id, const StreamDeps& deps);
  ~StreamCall() override;

  // Registers the stream and checks the caller's right to `method`; on
  // refusal ends the stream and returns false.
  bool Admit();

  // Queues an event. Events are written in the order queued.
  void Send(corefy::payout::v1::PayoutInvoiceEvent event)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Ends the stream with `status` once every queued event is written.
  void EndAfterQueued(absl::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Ends the stream with `status`; queued events are dropped.
  void EndNow(absl::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool ended() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return end_.has_value();
  }
  bool queue_empty() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return queue_.empty() && !writing_;
  }

  // An asynchronous operation that will call back into this object has
  // started; the object outlives it. EndOp() must be called without mu_,
  // as the last thing the operation does: it may delete the object.
  void BeginOp() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { ++ops_; }
  void EndOp();

  // Called with mu_ held when every queued event has been written and the
  // stream goes on (an event stream reads more then).
  virtual void OnQueueDrained() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {}
  // Called without mu_, once, after the stream has ended: stop what is
  // pending (fire timers now, cancel upstream reads).
  virtual void StopWork() {}

  // Runs StopWork once the stream has ended (call without mu_).
  void StopIfEnded();

  const std::string& method() const { return method_; }
  const StreamDeps deps_;
  const CallContextPtr ctx_;
  absl::Mutex mu_;

 private:
  void WriteNextOrFinish() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Log(const absl::Status& status);

  grpc::CallbackServerContext* const context_;
  const std::string method_;
  const absl::Time start_;
  bool registered_ = false;
  std::deque<corefy::payout::v1::PayoutInvoiceEvent> queue_
      ABSL_GUARDED_BY(mu_);
  corefy::payout::v1::PayoutInvoiceEvent in_flight_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  // How the stream ends, once decided; `drop_queue_` when at once.
  std::optional<absl::Status> end_ ABSL_GUARDED_BY(mu_);
  bool finished_ ABSL_GUARDED_BY(mu_) = false;  // Finish() called
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;   // StopWork() called
  int ops_ ABSL_GUARDED_BY(mu_) = 0;
  bool done_ ABSL_GUARDED_BY(mu_) = false;  // OnDone() seen
  int64_t sent_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_GRPC_STREAM_CALL_H_
