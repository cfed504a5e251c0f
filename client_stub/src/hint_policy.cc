#include "hint_policy.h"

#include <algorithm>

namespace payout_client {
namespace internal {

NextStep DecideNextStep(CallKind kind, const PayoutError& error) {
  // Retries happen at one layer: what the gateway already retried goes
  // back to the application, hint and all, to act on later.
  if (error.gateway_retries_exhausted()) return NextStep::kStop;
  switch (error.action()) {
    case RetryAction::kRetry:
      return NextStep::kRetry;
    case RetryAction::kCheckStatusThenRetry:
      return kind == CallKind::kRead ? NextStep::kRetry
                                     : NextStep::kCheckThenRetry;
    case RetryAction::kUnspecified:
      if (error.code() != absl::StatusCode::kUnavailable)
        return NextStep::kStop;
      return kind == CallKind::kRead ? NextStep::kRetry
                                     : NextStep::kCheckThenRetry;
    default:
      return NextStep::kStop;
  }
}

absl::Duration DelayBeforeRetry(const PayoutError& error,
                                const RetryOptions& options) {
  return std::min(error.retry_delay().value_or(options.default_delay),
                  options.max_delay);
}

}  // namespace internal
}  // namespace payout_client
