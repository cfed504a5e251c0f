#ifndef PAYOUT_GATEWAY_COMMON_CALL_CONTEXT_H_
#define PAYOUT_GATEWAY_COMMON_CALL_CONTEXT_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace payout_gateway {

// What one gRPC call carries down the layers: its deadline, its request id
// and a way to abort the upstream request it has in flight when the caller
// goes away. Shared by the gRPC reactor (which cancels) and the connection
// (which runs one upstream request at a time for the call). Thread-safe.
//
// Each upstream request is bracketed by tickets so that a request that
// completes before its cancel hook is armed never leaves a stale hook behind:
//   auto ticket = ctx->BeginUpstream();
//   auto id = transport->Send(request, [=](...) { ctx->EndUpstream(ticket);
//   ...}); ctx->ArmCancel(ticket, [=] { transport->Cancel(id); });
class CallContext {
 public:
  CallContext(absl::Time deadline, std::string request_id,
              std::string reference_id = "", std::string caller = "")
      : deadline_(deadline),
        request_id_(std::move(request_id)),
        reference_id_(std::move(reference_id)),
        caller_(std::move(caller)) {}

  CallContext(const CallContext&) = delete;
  CallContext& operator=(const CallContext&) = delete;

  absl::Time deadline() const { return deadline_; }
  const std::string& request_id() const { return request_id_; }
  // The merchant reference id the call is about, when it has one (for logs).
  const std::string& reference_id() const { return reference_id_; }
  // Who is calling: the identity of its verified client certificate
  // (`spiffe://...` or a DNS name); "" when anonymous.
  const std::string& caller() const { return caller_; }

  // Upstream requests made for the call so far (for logs and errors).
  void CountUpstreamAttempt() { upstream_attempts_.fetch_add(1); }
  int upstream_attempts() const { return upstream_attempts_.load(); }

  // Marks the call cancelled and runs the armed hook, if any. Idempotent.
  // `draining`: the gateway itself ends the call because it is stopping,
  // not the caller.
  void Cancel(bool draining = false);
  bool IsCancelled() const;
  bool IsDraining() const;

  // Starts bracketing one upstream request; returns its ticket.
  uint64_t BeginUpstream();
  // Installs the hook that aborts the request of `ticket`, unless that
  // request already ended. If the call is already cancelled, runs it now.
  void ArmCancel(uint64_t ticket, absl::AnyInvocable<void()> hook);
  // The request of `ticket` has ended: its hook is dropped.
  void EndUpstream(uint64_t ticket);

 private:
  const absl::Time deadline_;
  const std::string request_id_;
  const std::string reference_id_;
  const std::string caller_;
  std::atomic<int> upstream_attempts_{0};
  mutable absl::Mutex mu_;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool draining_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t ticket_ ABSL_GUARDED_BY(mu_) = 0;
  bool ticket_open_ ABSL_GUARDED_BY(mu_) = false;
  absl::AnyInvocable<void()> hook_ ABSL_GUARDED_BY(mu_);
};

using CallContextPtr = std::shared_ptr<CallContext>;

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_COMMON_CALL_CONTEXT_H_
