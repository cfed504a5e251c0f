#ifndef PAYOUT_GATEWAY_CONNECTION_RETRY_LOOP_H_
#define PAYOUT_GATEWAY_CONNECTION_RETRY_LOOP_H_

#include <memory>
#include <optional>

#include "absl/functional/any_invocable.h"
#include "connection/upstream.h"

namespace payout_gateway {

// Sends one read (an idempotent request) of a call until it succeeds or must
// stop: the failure
// may not be re-sent (retry + idempotency policies), the attempts are used
// up, the retry budget is exhausted, the next wait would pass the call's
// deadline, or the call is cancelled. Waits between attempts follow the
// backoff policy, and at least what Retry-After asks.
class RetryLoop : public std::enable_shared_from_this<RetryLoop> {
 public:
  // Consumes a 2xx response. Returns nullopt when it was good, or the
  // failure that makes it unusable (e.g. a malformed body), which the loop
  // treats like any other.
  using Accept =
      absl::AnyInvocable<std::optional<UpstreamFailure>(const HttpResponse&)>;

  struct Outcome {
    std::optional<UpstreamFailure> failure;  // nullopt: success
    int attempts = 0;
    // What the caller should wait before trying again themselves:
    // Retry-After, else the backoff's next cap.
    absl::Duration retry_delay;
  };
  using Done = absl::AnyInvocable<void(Outcome)>;

  // `op` is the RPC the read serves, for error reports.
  static void Run(std::shared_ptr<const Upstream> upstream, CallContextPtr ctx,
                  Operation op, Api api, HttpRequest request, Accept accept,
                  Done done);

  RetryLoop(std::shared_ptr<const Upstream> upstream, CallContextPtr ctx,
            Operation op, Api api, HttpRequest request, Accept accept,
            Done done);

 private:
  void Attempt();
  void OnExchange(Exchange exchange);

  const std::shared_ptr<const Upstream> upstream_;
  const CallContextPtr ctx_;
  const Operation op_;
  const Api api_;
  const HttpRequest request_;
  Accept accept_;
  Done done_;
  int attempts_ = 0;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_RETRY_LOOP_H_
