#ifndef PAYOUT_GATEWAY_GRPC_CALL_REGISTRY_H_
#define PAYOUT_GATEWAY_GRPC_CALL_REGISTRY_H_

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "common/call_context.h"

namespace payout_gateway {

// The calls the gateway is working on, so that a drain can end them itself
// -- each with the details and hint of how far it got -- instead of letting
// gRPC cut them off with a bare UNAVAILABLE at the end of the grace period.
// Thread-safe.
class CallRegistry {
 public:
  // Registers a call that starts, or refuses it (UNAVAILABLE,
  // GATEWAY_DRAINING, RetryInfo, ACTION_RETRY: nothing was sent) once a
  // drain has begun.
  absl::Status Add(const CallContextPtr& ctx);
  void Remove(const CallContext* ctx);

  // From now on calls are refused.
  void StartDraining();

  // Cancels every call still registered, as the gateway's own doing: their
  // upstream requests are aborted and they finish with GATEWAY_DRAINING and
  // the hint their state calls for. Returns how many there were.
  int CancelAll();

  // Waits until no call is registered or `deadline` passes; true if none.
  bool AwaitEmpty(absl::Time deadline);

 private:
  absl::Mutex mu_;
  bool draining_ ABSL_GUARDED_BY(mu_) = false;
  absl::flat_hash_map<const CallContext*, CallContextPtr> calls_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_GRPC_CALL_REGISTRY_H_
