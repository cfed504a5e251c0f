#ifndef PAYOUT_GATEWAY_CONNECTION_INVOICE_MATCH_H_
#define PAYOUT_GATEWAY_CONNECTION_INVOICE_MATCH_H_

#include "absl/strings/string_view.h"
#include "corefy/payout/v1/payout_gateway_service.pb.h"

namespace payout_gateway {

// Whether an existing invoice is the payout `request` asks for: same
// service, currency, amount (by value: "10" == "10.00"), fields, and the
// same initiator when both carry one. Fields
// Corefy masks (card numbers) are compared on the digits it shows. This is
// what makes a repeated create idempotent (AIP-155): same reference_id and
// same payout -> the existing invoice; same reference_id, different payout
// -> ALREADY_EXISTS.
bool InvoiceMatchesRequest(
    const corefy::payout::v1::PayoutInvoice& invoice,
    const corefy::payout::v1::CreatePayoutInvoiceRequest& request);

// `masked` as Corefy shows a value (`512381******0000`) fits `value`:
// same length, equal wherever the mask shows a character.
bool MaskedValueMatches(absl::string_view masked, absl::string_view value);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_INVOICE_MATCH_H_
