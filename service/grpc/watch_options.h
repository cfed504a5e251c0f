#ifndef PAYOUT_GATEWAY_GRPC_WATCH_OPTIONS_H_
#define PAYOUT_GATEWAY_GRPC_WATCH_OPTIONS_H_

#include "absl/time/time.h"

namespace payout_gateway {

// When a WatchPayoutInvoice stream reads Corefy itself: callbacks are not
// guaranteed, so a watch never depends on them alone.
struct WatchOptions {
  // With no change heard for this long, the watch reads the invoice from
  // Corefy; each read without news doubles the wait, up to
  // `max_poll_interval`. A callback resets it.
  absl::Duration poll_after = absl::Seconds(30);
  absl::Duration max_poll_interval = absl::Minutes(5);
  // The deadline of each read from Corefy (within the stream's own).
  absl::Duration read_timeout = absl::Seconds(30);
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_GRPC_WATCH_OPTIONS_H_
