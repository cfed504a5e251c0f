#ifndef PAYOUT_GATEWAY_EVENTS_CALLBACK_SIGNATURE_H_
#define PAYOUT_GATEWAY_EVENTS_CALLBACK_SIGNATURE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace payout_gateway {

// Corefy's callback signature: base64(SHA-1(secret + raw body + secret)), a
// plain digest (not an HMAC), sent in the X-Signature header.
std::string CallbackSignature(absl::string_view secret, absl::string_view body);

// Whether `offered` is the signature of `body` under `secret`. Compares in
// constant time, so the time it takes says nothing about how much of a
// forged signature was right.
bool VerifyCallbackSignature(absl::string_view secret, absl::string_view body,
                             absl::string_view offered);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_EVENTS_CALLBACK_SIGNATURE_H_
