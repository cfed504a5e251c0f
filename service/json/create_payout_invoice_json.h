#ifndef PAYOUT_GATEWAY_JSON_CREATE_PAYOUT_INVOICE_JSON_H_
#define PAYOUT_GATEWAY_JSON_CREATE_PAYOUT_INVOICE_JSON_H_

#include <string>

#include "corefy/payout/v1/payout_gateway_service.pb.h"
#include "nlohmann/json.hpp"

namespace payout_gateway {

// The JSON:API body of `POST /payout-invoices`:
//   {"data":{"type":"payout-invoice","attributes":{...}}}
// Only fields the caller set are sent; `amount` is written as a JSON number
// with exactly the caller's digits. The request must have passed
// ValidateCreatePayoutInvoiceRequest() (the amount is trusted to be a
// decimal).
std::string CreatePayoutInvoiceBody(
    const corefy::payout::v1::CreatePayoutInvoiceRequest& request);

// The attributes of that body except `amount` (which nlohmann::json cannot
// write exactly), keys sorted.
nlohmann::json CreatePayoutInvoiceAttributes(
    const corefy::payout::v1::CreatePayoutInvoiceRequest& request);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_JSON_CREATE_PAYOUT_INVOICE_JSON_H_
