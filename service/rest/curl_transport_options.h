#ifndef PAYOUT_GATEWAY_REST_CURL_TRANSPORT_OPTIONS_H_
#define PAYOUT_GATEWAY_REST_CURL_TRANSPORT_OPTIONS_H_

#include <cstddef>
#include <string>

#include "absl/time/time.h"

namespace payout_gateway {

struct CurlTransportOptions {
  // Event loops, each a thread with its own libcurl multi handle and
  // connection pool. 0: one per CPU the process may use (UsableCpus()).
  int event_loops = 0;
  // Upper bound on open upstream connections (HTTP/1.1 keep-alive or HTTP/2)
  // for the whole process, split evenly over the loops (at least one each).
  // Requests beyond what they can carry wait in their loop's queue; their
  // deadline keeps running while they wait.
  long max_connections = 32;
  absl::Duration connect_timeout = absl::Seconds(5);
  // Cap on one request when the caller's deadline is later (or absent).
  absl::Duration request_timeout = absl::Seconds(30);
  // CA bundle for TLS verification; empty: the system's. Verification of the
  // peer and host name is always on.
  std::string ca_file;
  // HTTP proxy for every request; "" means none. Proxy variables in the
  // environment (http_proxy, https_proxy, ALL_PROXY) are always ignored: a
  // proxy must be chosen, not inherited, since it sees the Authorization
  // header of plain-HTTP requests.
  std::string proxy;
  // Responses larger than this are cut off (outcome unknown).
  std::size_t max_response_bytes = std::size_t{8} << 20;
  std::string user_agent = "corefy-payout-gateway";
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_REST_CURL_TRANSPORT_OPTIONS_H_
