#ifndef PAYOUT_GATEWAY_CONNECTION_RETRY_POLICY_H_
#define PAYOUT_GATEWAY_CONNECTION_RETRY_POLICY_H_

#include "connection/idempotency_policy.h"

namespace payout_gateway {

// How many times one call may go upstream for the same step: the first
// attempt plus at most `max_attempts - 1` resends, and only for failures the
// idempotency policy allows to be re-sent.
class RetryPolicy {
 public:
  explicit RetryPolicy(int max_attempts) : max_attempts_(max_attempts) {}

  int max_attempts() const { return max_attempts_; }

  // After `attempts_made` attempts of a request, the last failing with
  // `failure`; `idempotent` as IdempotencyPolicy::IsIdempotent().
  bool ShouldRetry(bool idempotent, const UpstreamFailure& failure,
                   int attempts_made) const {
    return attempts_made < max_attempts_ &&
           IdempotencyPolicy::MayResendAsIs(idempotent, failure);
  }

 private:
  int max_attempts_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_RETRY_POLICY_H_
