#ifndef PAYOUT_GATEWAY_CONNECTION_RETRY_BUDGET_H_
#define PAYOUT_GATEWAY_CONNECTION_RETRY_BUDGET_H_

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace payout_gateway {

// Retry throttling as gRFC A6 defines it, shared by every call of the
// process: a token bucket that loses a token on each failed upstream
// attempt and gains `token_ratio` on each success; retries are allowed only
// while more than half of `max_tokens` remain. During an upstream outage the
// gateway then sends each request once instead of multiplying the load.
class RetryBudget {
 public:
  RetryBudget(double max_tokens, double token_ratio)
      : max_tokens_(max_tokens),
        token_ratio_(token_ratio),
        tokens_(max_tokens) {}

  void OnSuccess() {
    absl::MutexLock lock(&mu_);
    tokens_ = std::min(max_tokens_, tokens_ + token_ratio_);
  }
  void OnFailure() {
    absl::MutexLock lock(&mu_);
    tokens_ = std::max(0.0, tokens_ - 1);
  }
  bool CanRetry() const {
    absl::MutexLock lock(&mu_);
    return tokens_ > max_tokens_ / 2;
  }
  double tokens() const {
    absl::MutexLock lock(&mu_);
    return tokens_;
  }

 private:
  const double max_tokens_;
  const double token_ratio_;
  mutable absl::Mutex mu_;
  double tokens_ ABSL_GUARDED_BY(mu_);
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_RETRY_BUDGET_H_
