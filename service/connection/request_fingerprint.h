#ifndef PAYOUT_GATEWAY_CONNECTION_REQUEST_FINGERPRINT_H_
#define PAYOUT_GATEWAY_CONNECTION_REQUEST_FINGERPRINT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "corefy/payout/v1/payout_gateway_service.pb.h"

namespace payout_gateway {

// A keyed fingerprint of everything a create asks Corefy to do -- service,
// currency, amount (by value: "10.50" and "10.5" are one payout), fields
// with card numbers in full, callback URL, options, customer, context,
// description, metadata (the fingerprint itself aside) and test mode. The
// gateway stores it in the invoice's metadata at create
// (kFingerprintMetadataKey) and compares it when a create is repeated, so
// two requests that differ in what Corefy masks (the middle digits of a
// card) or does not show (options) are never taken for one payout.
//
// Keyed (HMAC-SHA256 under `key`, a key derived from the gateway's signing
// secret), because an unkeyed digest in Corefy's metadata would let anyone
// who reads it try the million card numbers that fit the masked one.
// URL-safe base64 of 128 bits, prefixed with its version ("v1.").
std::string RequestFingerprint(
    const corefy::payout::v1::CreatePayoutInvoiceRequest& request,
    absl::string_view key);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_REQUEST_FINGERPRINT_H_
