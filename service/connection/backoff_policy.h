#ifndef PAYOUT_GATEWAY_CONNECTION_BACKOFF_POLICY_H_
#define PAYOUT_GATEWAY_CONNECTION_BACKOFF_POLICY_H_

#include <algorithm>
#include <cmath>

#include "absl/time/time.h"

namespace payout_gateway {

// Capped exponential backoff with full jitter (the AWS architecture blog's
// "full jitter", as gRPC's retry design uses): before retry n (0-based) wait
// a uniformly random time in [0, min(maximum, initial * multiplier^n)).
// Randomness is passed in, so tests get exact delays.
class BackoffPolicy {
 public:
  BackoffPolicy(absl::Duration initial, absl::Duration maximum,
                double multiplier)
      : initial_(initial), maximum_(maximum), multiplier_(multiplier) {}

  // The upper bound of the wait before retry `n`.
  absl::Duration Cap(int n) const {
    double scaled =
        absl::ToDoubleSeconds(initial_) * std::pow(multiplier_, std::max(0, n));
    return std::min(maximum_, absl::Seconds(scaled));
  }

  // The wait before retry `n`, with `uniform` drawn from [0, 1).
  absl::Duration Delay(int n, double uniform) const {
    return Cap(n) * std::clamp(uniform, 0.0, 1.0);
  }

 private:
  absl::Duration initial_;
  absl::Duration maximum_;
  double multiplier_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_BACKOFF_POLICY_H_
