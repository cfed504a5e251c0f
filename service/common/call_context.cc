#include "common/call_context.h"

#include <utility>

namespace payout_gateway {

void CallContext::Cancel(bool draining) {
  absl::AnyInvocable<void()> hook;
  {
    absl::MutexLock lock(&mu_);
    if (cancelled_) return;
    cancelled_ = true;
    draining_ = draining;
    hook = std::move(hook_);
  }
  // Outside the lock: the hook may call back into this object.
  if (hook) hook();
}

bool CallContext::IsCancelled() const {
  absl::MutexLock lock(&mu_);
  return cancelled_;
}

bool CallContext::IsDraining() const {
  absl::MutexLock lock(&mu_);
  return draining_;
}

uint64_t CallContext::BeginUpstream() {
  absl::MutexLock lock(&mu_);
  hook_ = nullptr;
  ticket_open_ = true;
  return ++ticket_;
}

void CallContext::ArmCancel(uint64_t ticket, absl::AnyInvocable<void()> hook) {
  {
    absl::MutexLock lock(&mu_);
    if (ticket != ticket_ || !ticket_open_) return;  // already ended
    if (!cancelled_) {
      hook_ = std::move(hook);
      return;
    }
  }
  hook();
}

void CallContext::EndUpstream(uint64_t ticket) {
  absl::AnyInvocable<void()> old;
  absl::MutexLock lock(&mu_);
  if (ticket != ticket_) return;
  ticket_open_ = false;
  old = std::move(hook_);
}

}  // namespace payout_gateway
