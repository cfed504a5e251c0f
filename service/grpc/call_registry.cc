#include "grpc/call_registry.h"

#include <vector>

#include "common/error_details.h"

namespace payout_gateway {

absl::Status CallRegistry::Add(const CallContextPtr& ctx) {
  {
    // Under the lock: a call either is refused or is there for CancelAll.
    absl::MutexLock lock(&mu_);
    if (!draining_) {
      calls_.emplace(ctx.get(), ctx);
      return absl::OkStatus();
    }
  }
  return ErrorBuilder(absl::StatusCode::kUnavailable,
                      "the gateway is stopping (for a restart); nothing was "
                      "sent upstream: call again")
      .Reason(reason::kGatewayDraining)
      .RetryDelay(absl::Milliseconds(100))
      .Hint(corefy::payout::v1::RetryHint::ACTION_RETRY)
      .Build();
}

void CallRegistry::StartDraining() {
  absl::MutexLock lock(&mu_);
  draining_ = true;
}

void CallRegistry::Remove(const CallContext* ctx) {
  absl::MutexLock lock(&mu_);
  calls_.erase(ctx);
}

int CallRegistry::CancelAll() {
  std::vector<CallContextPtr> calls;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [raw, ctx] : calls_) calls.push_back(ctx);
  }
  // Outside the lock: a cancel may finish the call, which removes it.
  for (const auto& ctx : calls) ctx->Cancel(/*draining=*/true);
  return static_cast<int>(calls.size());
}

bool CallRegistry::AwaitEmpty(absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  auto empty = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return calls_.empty();
  };
  return mu_.AwaitWithDeadline(absl::Condition(&empty), deadline);
}

}  // namespace payout_gateway
