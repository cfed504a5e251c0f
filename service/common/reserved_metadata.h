#ifndef PAYOUT_GATEWAY_COMMON_RESERVED_METADATA_H_
#define PAYOUT_GATEWAY_COMMON_RESERVED_METADATA_H_

#include "absl/strings/string_view.h"

namespace payout_gateway {

// Invoice metadata keys the gateway writes itself. Callers may not set keys
// with this prefix, so what Corefy's records show under them is the
// gateway's word, not a caller's.
inline constexpr absl::string_view kReservedMetadataPrefix = "payout_gateway_";

// Who started the payout: the caller identity of the create
// (`spiffe://...`), written into the invoice's metadata upstream and read
// back into `PayoutInvoice.initiator`.
inline constexpr absl::string_view kInitiatorMetadataKey =
    "payout_gateway_initiator";

// A keyed fingerprint of everything a create asked for, card numbers in
// full included (RequestFingerprint): what makes a repeated create exact
// where Corefy shows only masked values.
inline constexpr absl::string_view kFingerprintMetadataKey =
    "payout_gateway_fingerprint";

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_COMMON_RESERVED_METADATA_H_
