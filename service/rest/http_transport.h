#ifndef PAYOUT_GATEWAY_REST_HTTP_TRANSPORT_H_
#define PAYOUT_GATEWAY_REST_HTTP_TRANSPORT_H_

#include <cstdint>

#include "absl/functional/any_invocable.h"
#include "rest/http_types.h"

namespace payout_gateway {

// Sends HTTP requests without blocking the caller. A completed transfer is a
// kResponse whatever its status code: deciding what a 4xx or 5xx means is the
// connection layer's job, not the transport's.
class HttpTransport {
 public:
  using RequestId = uint64_t;
  using Done = absl::AnyInvocable<void(HttpResult)>;

  virtual ~HttpTransport() = default;

  // Starts `request`; `done` runs exactly once, on a transport thread, and
  // must not block.
  virtual RequestId Send(HttpRequest request, Done done) = 0;

  // Aborts a request started by Send(): its `done` runs with kCancelled (or
  // with its real result if it had already finished). Safe to call from any
  // thread, any number of times, also after completion.
  virtual void Cancel(RequestId id) = 0;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_REST_HTTP_TRANSPORT_H_
