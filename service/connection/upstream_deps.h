#ifndef PAYOUT_GATEWAY_CONNECTION_UPSTREAM_DEPS_H_
#define PAYOUT_GATEWAY_CONNECTION_UPSTREAM_DEPS_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "common/metrics.h"
#include "common/timer.h"
#include "connection/retry_budget.h"
#include "connection/retry_options.h"
#include "connection/upstream_options.h"
#include "rest/http_transport.h"

namespace payout_gateway {

// What PayoutConnectionImpl is built from, for the life of the process.
struct UpstreamDeps {
  std::shared_ptr<HttpTransport> transport;
  std::shared_ptr<Timer> timer;
  Clock clock;
  std::function<double()> jitter;  // uniform in [0, 1)
  UpstreamOptions upstream;
  // The transport's own limit on one request (--upstream_timeout): a
  // transfer that ends earlier than it ran out of the caller's time.
  absl::Duration request_timeout = absl::Seconds(30);
  RetryOptions retry;
  // Keys the fingerprint a create leaves in the invoice's metadata
  // (RequestFingerprint).
  std::string fingerprint_key;
  std::shared_ptr<RetryBudget> budget;
  std::shared_ptr<Metrics> metrics = NoMetrics();
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_UPSTREAM_DEPS_H_
