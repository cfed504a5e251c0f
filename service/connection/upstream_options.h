#ifndef PAYOUT_GATEWAY_CONNECTION_UPSTREAM_OPTIONS_H_
#define PAYOUT_GATEWAY_CONNECTION_UPSTREAM_OPTIONS_H_

#include <string>

namespace payout_gateway {

// Where the upstream is and who the gateway is to it.
struct UpstreamOptions {
  // Scheme and host (and port), e.g. `https://api.corefy.com`.
  std::string base_url;
  // Path prefix of the private API (HTTP Basic), e.g. `/api`.
  std::string private_api_prefix = "/api";
  // Path prefix of the public API (public key in the body).
  std::string public_api_prefix = "/public-api";
  // Private API user name: the commerce account id (`coma_...`).
  std::string account_id;
  // Private API password. Secret.
  std::string api_key;
  // Public API key (`pk_test_...`, `pk_live_...`); may be empty, which
  // disables PayoutPrerequest.
  std::string public_key;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_UPSTREAM_OPTIONS_H_
