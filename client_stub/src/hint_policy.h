#ifndef PAYOUT_CLIENT_SRC_HINT_POLICY_H_
#define PAYOUT_CLIENT_SRC_HINT_POLICY_H_

#include "absl/time/time.h"
#include "payout_client/payout_client.h"
#include "payout_client/payout_error.h"

namespace payout_client {
namespace internal {

// The kind of RPC, which decides what an unhinted failure allows.
enum class CallKind { kRead, kCreate, kProcess };

enum class NextStep {
  kStop,            // return the error
  kRetry,           // send the same request again
  kCheckThenRetry,  // look the invoice up; re-send only if it did not happen
};

// What the client does after a failed attempt. The gateway's hint decides,
// unless the gateway says it already retried the call upstream (then the
// error is returned: retries happen at one layer); without a hint (the
// gateway was not reached, or answered without details) a read is retried on
// UNAVAILABLE and a create or process is checked first, because the gateway
// may have acted before the connection failed.
NextStep DecideNextStep(CallKind kind, const PayoutError& error);

// How long to wait before the next attempt: the gateway's RetryInfo, else
// the default, never more than the cap.
absl::Duration DelayBeforeRetry(const PayoutError& error,
                                const RetryOptions& options);

}  // namespace internal
}  // namespace payout_client

#endif  // PAYOUT_CLIENT_SRC_HINT_POLICY_H_
