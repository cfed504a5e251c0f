#ifndef PAYOUT_GATEWAY_CONNECTION_HMAC_H_
#define PAYOUT_GATEWAY_CONNECTION_HMAC_H_

#include <string>

#include "absl/strings/string_view.h"

namespace payout_gateway {

// HMAC-SHA256 of `data` under `key`: 32 raw bytes.
std::string HmacSha256(absl::string_view key, absl::string_view data);

// A key for one purpose, derived from the gateway's signing secret, so the
// tags of one use (page tokens) can never pass for another's (request
// fingerprints).
std::string DeriveKey(absl::string_view secret, absl::string_view purpose);

// Whether two tags are equal, in time that does not depend on where they
// differ.
bool TagsEqual(absl::string_view a, absl::string_view b);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_HMAC_H_
