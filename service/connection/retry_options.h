#ifndef PAYOUT_GATEWAY_CONNECTION_RETRY_OPTIONS_H_
#define PAYOUT_GATEWAY_CONNECTION_RETRY_OPTIONS_H_

#include "absl/time/time.h"

namespace payout_gateway {

// The knobs of the retry, backoff and budget policies.
struct RetryOptions {
  // Upstream attempts per step of a call (first attempt included).
  int max_attempts = 4;
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(2);
  double backoff_multiplier = 2.0;
  // The longest wait an upstream's Retry-After may ask for, of the gateway
  // (a call without a deadline would otherwise hang for as long as asked)
  // and of its callers (RetryInfo).
  absl::Duration max_retry_after = absl::Seconds(10);
  // gRFC A6 throttling.
  double budget_max_tokens = 100;
  double budget_token_ratio = 0.1;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_RETRY_OPTIONS_H_
