#ifndef PAYOUT_GATEWAY_GRPC_REQUEST_ID_H_
#define PAYOUT_GATEWAY_GRPC_REQUEST_ID_H_

#include <grpcpp/grpcpp.h>

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace payout_gateway {

// Whether a caller's `x-request-id` may be used as it is: 1 to 128 of
// [A-Za-z0-9._:-]. Only such a value is sent upstream as `X-Request-Id`,
// logged and returned in the trailing metadata; anything else (non-ASCII,
// TAB, CR, LF, NUL, a value of kilobytes) could break a header or a log line,
// and gRPC aborts the process on such a trailer value.
bool IsSafeRequestId(absl::string_view id);

// The request id of a call, and what the caller offered when it was not
// safe and a new id replaced it (escaped for a log line).
struct RequestIdChoice {
  std::string id;
  std::optional<std::string> replaced;
};

RequestIdChoice ChooseRequestId(const grpc::CallbackServerContext& context);

// A new random request id: 32 characters of a-z and 2-7.
std::string NewRequestId();

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_GRPC_REQUEST_ID_H_
