#ifndef PAYOUT_GATEWAY_CONNECTION_IDEMPOTENCY_POLICY_H_
#define PAYOUT_GATEWAY_CONNECTION_IDEMPOTENCY_POLICY_H_

#include "connection/operation.h"
#include "connection/upstream_failure.h"

namespace payout_gateway {

// Which requests may be sent again exactly as they were.
//
// Reads are idempotent: sending one twice changes nothing. Create and
// process are not: a second copy of a request the upstream already acted on
// would be a second payout if Corefy did not refuse it. They may be re-sent
// only when the first copy provably never reached the upstream; otherwise
// the connection reconciles first (see create_flow.h, process_flow.h).
class IdempotencyPolicy {
 public:
  static bool IsIdempotent(Operation op) { return !IsStateChanging(op); }

  // True when `failure` is transient and re-sending the same request cannot
  // act twice. `idempotent` is IsIdempotent() of the request re-sent -- a
  // lookup made for a create is a read.
  static bool MayResendAsIs(bool idempotent, const UpstreamFailure& failure) {
    return failure.transient && (idempotent || !failure.may_have_acted);
  }
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_IDEMPOTENCY_POLICY_H_
