#ifndef PAYOUT_GATEWAY_REST_HTTP_TYPES_H_
#define PAYOUT_GATEWAY_REST_HTTP_TYPES_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace payout_gateway {

enum class HttpMethod { kGet, kPost };

absl::string_view HttpMethodName(HttpMethod method);

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// Whether a header may go on the wire as it is: a token for a name, and a
// value without CR, LF, NUL or other control characters (TAB aside), so no
// value can end its header early and start another -- or another request
// on the same keep-alive connection.
bool IsSafeHeader(absl::string_view name, absl::string_view value);

struct HttpRequest {
  HttpMethod method = HttpMethod::kGet;
  std::string url;  // absolute, query included
  // The path template, e.g. "/payout-invoices/{id}": a label for metrics
  // that does not grow with every invoice id.
  std::string route;
  HttpHeaders headers;
  std::string body;
  // The transfer is abandoned at this time (the caller's gRPC deadline).
  absl::Time deadline = absl::InfiniteFuture();
  // Send on a new connection, never a pooled one. libcurl silently sends a
  // request again when a reused keep-alive connection dies before the first
  // response byte; on a new connection it never does. For a request that
  // moves money, only the gateway may decide to send it twice.
  bool fresh_connection = false;
};

struct HttpResponse {
  int status_code = 0;
  HttpHeaders headers;  // names in lower case
  std::string body;

  // The first value of header `name` (lower case), or "" when absent.
  absl::string_view Header(absl::string_view name) const;
};

// How far a transfer got. The difference between kNotSent and
// kOutcomeUnknown is what makes a retry of a payout safe or not.
enum class TransferOutcome {
  // A complete HTTP response arrived (any status code).
  kResponse,
  // Failed before any byte of the request left: DNS, connect, TLS handshake.
  // The upstream cannot have acted on it.
  kNotSent,
  // The request was (or may have been) sent, then the connection failed or
  // timed out, or the response was cut short: the upstream may have acted.
  kOutcomeUnknown,
  // Aborted because the caller went away.
  kCancelled,
};

absl::string_view TransferOutcomeName(TransferOutcome outcome);

struct HttpResult;
// Whether the upstream may have received the request (see above).
bool MayHaveBeenSent(const HttpResult& result);

struct HttpResult {
  TransferOutcome outcome = TransferOutcome::kNotSent;
  // The failure was a timeout (the request's deadline or the transport's
  // own limit).
  bool timed_out = false;
  // For kCancelled: whether any of the request may have left before the
  // abort (a queued request never started cannot have). kResponse and
  // kOutcomeUnknown always may have; kNotSent never has.
  bool sent_before_cancel = false;
  // What went wrong, for humans; never carries credentials.
  std::string error;
  // Valid when outcome == kResponse.
  HttpResponse response;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_REST_HTTP_TYPES_H_
