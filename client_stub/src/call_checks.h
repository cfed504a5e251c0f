#ifndef PAYOUT_CLIENT_SRC_CALL_CHECKS_H_
#define PAYOUT_CLIENT_SRC_CALL_CHECKS_H_

#include "absl/status/status.h"
#include "payout_client/payout_client.h"

namespace payout_client {
namespace internal {

// Whether the call options can be sent at all: the request id must follow
// the gateway's rule (1 to 128 of [A-Za-z0-9._:-]) and every metadata key
// be lower-case [0-9a-z_.-] with a printable-ASCII value (any bytes for a
// "-bin" key). gRPC aborts the whole process on a header it cannot send
// (CR, LF, NUL...), so a bad value must never reach it: INVALID_ARGUMENT
// naming the option instead, without echoing the value.
absl::Status CheckCallOptions(const CallOptions& options);

}  // namespace internal
}  // namespace payout_client

#endif  // PAYOUT_CLIENT_SRC_CALL_CHECKS_H_
