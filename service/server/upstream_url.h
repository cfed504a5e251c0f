#ifndef PAYOUT_GATEWAY_SERVER_UPSTREAM_URL_H_
#define PAYOUT_GATEWAY_SERVER_UPSTREAM_URL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace payout_gateway {

// Checks the upstream base URL and returns it without a trailing slash:
// https (or http to a loopback host, or anywhere with `allow_insecure`), a
// host, no user name or password (the API key has its own setting), no
// query or fragment. Errors never echo the URL: it may carry a password.
absl::StatusOr<std::string> CheckUpstreamUrl(const std::string& url,
                                             bool allow_insecure);

// Whether `host` (as a URL writes it) is this machine: localhost,
// 127.0.0.0/8 or [::1].
bool IsLoopbackHost(absl::string_view host);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_SERVER_UPSTREAM_URL_H_
