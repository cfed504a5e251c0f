#ifndef PAYOUT_GATEWAY_GRPC_CALL_START_H_
#define PAYOUT_GATEWAY_GRPC_CALL_START_H_

#include <grpcpp/grpcpp.h>

#include <string>

#include "absl/strings/string_view.h"
#include "common/call_context.h"

namespace payout_gateway {

// The CallContext of a call that starts: its deadline, its request id (the
// caller's when safe, else a new one, logged as replaced), the reference
// id it is about, and the caller's verified identity.
CallContextPtr StartCallContext(const grpc::CallbackServerContext& context,
                                absl::string_view method,
                                std::string reference_id);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_GRPC_CALL_START_H_
