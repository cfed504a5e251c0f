#ifndef PAYOUT_GATEWAY_ACCESS_POLICY_STORE_H_
#define PAYOUT_GATEWAY_ACCESS_POLICY_STORE_H_

#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "access/payout_policy.h"

namespace payout_gateway {

// The payout policy in force. Replaced as its file changes; a document that
// does not parse or validate never replaces the last good one. Calls read
// it once, at their start, so a change never applies half-way through one.
// Thread-safe.
class PolicyStore {
 public:
  explicit PolicyStore(PayoutPolicy initial)
      : current_(std::make_shared<const PayoutPolicy>(std::move(initial))) {}

  std::shared_ptr<const PayoutPolicy> Current() const {
    absl::MutexLock lock(&mu_);
    return current_;
  }

  // Makes `text` the policy in force, or says why it was refused (and the
  // old one stays).
  absl::Status Replace(absl::string_view text) {
    auto parsed = ParsePayoutPolicy(text);
    if (!parsed.ok()) return parsed.status();
    auto next = std::make_shared<const PayoutPolicy>(*std::move(parsed));
    absl::MutexLock lock(&mu_);
    current_ = std::move(next);
    return absl::OkStatus();
  }

 private:
  mutable absl::Mutex mu_;
  std::shared_ptr<const PayoutPolicy> current_ ABSL_GUARDED_BY(mu_);
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_ACCESS_POLICY_STORE_H_
