#ifndef PAYOUT_GATEWAY_CONNECTION_UPSTREAM_STATUS_H_
#define PAYOUT_GATEWAY_CONNECTION_UPSTREAM_STATUS_H_

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "connection/operation.h"
#include "rest/http_types.h"

namespace payout_gateway {

// The one place that decides what a failed upstream exchange means to the
// caller: gRPC code, message and details (ErrorInfo with the HTTP status and
// the upstream's code/title/detail, BadRequest for field errors, RetryInfo
// from Retry-After). Pure: the same inputs always give the same status.
//
// `result` is a transport failure or a response with a non-2xx status.
// `deadline_passed` tells a timeout caused by the caller's deadline from the
// gateway's own upstream timeout; `now` dates a Retry-After HTTP-date.
absl::Status UpstreamFailureToStatus(Operation op, const HttpResult& result,
                                     bool deadline_passed, absl::Time now);

// A 2xx response whose body could not be read. For reads the call may simply
// be retried; for create and process the upstream may have acted.
absl::Status MalformedResponseToStatus(Operation op,
                                       const HttpResponse& response,
                                       const absl::Status& parse_error);

// `Retry-After` as delta-seconds or an HTTP-date (RFC 9110 10.2.3);
// nullopt when absent or unreadable. Never negative.
std::optional<absl::Duration> ParseRetryAfter(absl::string_view value,
                                              absl::Time now);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_UPSTREAM_STATUS_H_
