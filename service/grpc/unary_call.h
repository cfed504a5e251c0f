#ifndef PAYOUT_GATEWAY_GRPC_UNARY_CALL_H_
#define PAYOUT_GATEWAY_GRPC_UNARY_CALL_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <utility>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/call_context.h"
#include "common/log.h"
#include "common/metrics.h"
#include "connection/payout_connection.h"
#include "grpc/admission_control.h"
#include "grpc/call_registry.h"
#include "grpc/call_start.h"
#include "grpc/grpc_status.h"

namespace payout_gateway {

// What every call of the service shares.
struct CallDeps {
  Metrics* metrics;
  AdmissionControl* admission;
  CallRegistry* registry;
};

// The reactor of one unary RPC on the callback API: it holds no thread while
// the upstream works. It admits the call (AdmissionControl), registers it
// (CallRegistry: refused once a drain has begun), validates the request, hands
// it to the connection with a CallContext (deadline, request id, caller
// identity, cancellation), and finishes the RPC when the connection reports.
// When the client cancels or its deadline passes, gRPC calls OnCancel() and the
// upstream request is aborted; the connection then reports (with CANCELLED) and
// the RPC finishes as usual.
//
// Every call ends with one log line (method, code, duration, upstream
// attempts, request id, caller, reference id), its metrics, and the request
// id in the trailing metadata.
//
// Owns itself: deleted in OnDone(), after Finish() and gRPC are both done.
template <typename Response>
class UnaryCall final : public grpc::ServerUnaryReactor {
 public:
  using Start =
      absl::AnyInvocable<void(CallContextPtr, ResultCallback<Response>)>;
  using Validate = absl::AnyInvocable<absl::Status()>;

  struct Info {
    absl::string_view method;
    std::string reference_id;  // for the log line, when the request has one
    int64_t request_bytes;     // the request message's size, for admission
  };

  // Starts the call; returns the reactor gRPC expects from the handler.
  static grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* context,
                                       Response* response, Info info,
                                       const CallDeps& deps, Validate validate,
                                       Start start) {
    auto* call = new UnaryCall(context, response, info.method,
                               std::move(info.reference_id), deps.metrics);
    auto ticket = deps.admission->Admit(info.request_bytes);
    if (!ticket.ok()) {
      call->Complete(ticket.status());
      return call;
    }
    call->ticket_ = *std::move(ticket);
    if (absl::Status refused = deps.registry->Add(call->ctx_); !refused.ok()) {
      call->Complete(std::move(refused));
      return call;
    }
    call->registry_ = deps.registry;
    if (absl::Status invalid = validate(); !invalid.ok()) {
      call->Complete(std::move(invalid));
      return call;
    }
    start(call->ctx_, [call](absl::StatusOr<Response> result) {
      call->Complete(std::move(result));
    });
    return call;
  }

  void OnCancel() override { ctx_->Cancel(); }
  void OnDone() override { delete this; }
  // OnCancel() only queues a cancel and OnDone() only frees memory: neither
  // blocks, so gRPC may run them on the thread that completes the call
  // instead of handing every call to its executor thread (a wakeup and a
  // context switch less per call, +11% peak throughput; bench/README.md).
  // gRPC calls this hook internal; it is there in the gRPC 1.51 we build with.
  bool InternalInlineable() override { return true; }

 private:
  UnaryCall(grpc::CallbackServerContext* context, Response* response,
            absl::string_view method, std::string reference_id,
            Metrics* metrics)
      : context_(context),
        response_(response),
        method_(method),
        metrics_(metrics),
        start_(absl::Now()) {
    ctx_ = StartCallContext(*context, method_, std::move(reference_id));
    metrics_->RpcStarted(method_);
  }

  void Complete(absl::StatusOr<Response> result) {
    ticket_.Release();
    if (registry_ != nullptr) registry_->Remove(ctx_.get());
    absl::Status status = result.status();
    if (result.ok()) *response_ = *std::move(result);
    const absl::Duration latency = absl::Now() - start_;
    metrics_->RpcFinished(method_, status.code(), latency);
    LogEvent(
        status.ok() ? Severity::kInfo : Severity::kWarning, "rpc",
        {{"method", method_},
         {"code", absl::StatusCodeToString(status.code())},
         {"duration_ms", std::to_string(absl::ToDoubleMilliseconds(latency))},
         {"upstream_attempts", std::to_string(ctx_->upstream_attempts())},
         {"request_id", ctx_->request_id()},
         {"caller", ctx_->caller()},
         {"reference_id", ctx_->reference_id()},
         {"message", std::string(status.message())}});
    // Safe as a header value: ChooseRequestId only keeps [A-Za-z0-9._:-].
    context_->AddTrailingMetadata("x-request-id", ctx_->request_id());
    Finish(ToGrpcStatus(status));
  }

  grpc::CallbackServerContext* const context_;
  Response* const response_;
  const std::string method_;
  Metrics* const metrics_;
  const absl::Time start_;
  CallContextPtr ctx_;
  AdmissionControl::Ticket ticket_;
  CallRegistry* registry_ = nullptr;  // set once registered
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_GRPC_UNARY_CALL_H_
