#ifndef PAYOUT_GATEWAY_GRPC_GRPC_STATUS_H_
#define PAYOUT_GATEWAY_GRPC_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace payout_gateway {

// Converts a status of the lower layers to what goes on the wire: same code
// and message, and every detail payload (ErrorInfo, BadRequest, RetryInfo,
// ...) packed as google.protobuf.Any into a google.rpc.Status, which gRPC
// sends in the `grpc-status-details-bin` trailer. Every string of it, the
// message included, passes through RedactCardNumbers on the way: this is
// the one door every error leaves by.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_GRPC_GRPC_STATUS_H_
