#ifndef PAYOUT_GATEWAY_CONNECTION_INVOICE_MATCH_H_
#define PAYOUT_GATEWAY_CONNECTION_INVOICE_MATCH_H_

#include "absl/strings/string_view.h"
#include "corefy/payout/v1/payout_gateway_service.pb.h"

namespace payout_gateway {

// Whether an existing invoice is exactly the payout `request` asks for.
// This is what makes a repeated create idempotent (AIP-155): same
// reference_id and same payout -> the existing invoice; same reference_id,
// different payout -> ALREADY_EXISTS.
//
// Service, currency and amount (by value: "10" == "10.00") must be equal,
// and the initiator when both carry one. Then, if the invoice carries the
// gateway's fingerprint (kFingerprintMetadataKey), it must equal the
// request's (RequestFingerprint, which `request` carries in its metadata):
// that covers what Corefy masks or does not show. An invoice without one
// (made outside the gateway) matches only if everything the request asks
// for is shown in full and equal: a masked card number can never be proven
// equal, so it is a conflict, never a match.
bool InvoiceMatchesRequest(
    const corefy::payout::v1::PayoutInvoice& invoice,
    const corefy::payout::v1::CreatePayoutInvoiceRequest& request);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_INVOICE_MATCH_H_
