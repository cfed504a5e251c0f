#ifndef PAYOUT_GATEWAY_GRPC_REQUEST_VALIDATION_H_
#define PAYOUT_GATEWAY_GRPC_REQUEST_VALIDATION_H_

#include "absl/status/status.h"
#include "corefy/payout/v1/payout_gateway_service.pb.h"

namespace payout_gateway {

// Checks what the gateway can tell is wrong without asking the upstream, so
// a bad request never leaves the gateway. Each returns OK or
// INVALID_ARGUMENT with an ErrorInfo (reason INVALID_REQUEST) and one
// BadRequest violation per invalid field, named by its proto path
// (`amount`, `customer.email`, `fields.account`).

absl::Status ValidatePayoutPrerequest(
    const corefy::payout::v1::PayoutPrerequestRequest& request);
absl::Status ValidateListPayoutServices(
    const corefy::payout::v1::ListPayoutServicesRequest& request);
absl::Status ValidateGetPayoutService(
    const corefy::payout::v1::GetPayoutServiceRequest& request);
absl::Status ValidateCreatePayoutInvoice(
    const corefy::payout::v1::CreatePayoutInvoiceRequest& request);
absl::Status ValidateProcessPayoutInvoice(
    const corefy::payout::v1::ProcessPayoutInvoiceRequest& request);
absl::Status ValidateGetPayoutInvoice(
    const corefy::payout::v1::GetPayoutInvoiceRequest& request);
absl::Status ValidateListPayoutInvoices(
    const corefy::payout::v1::ListPayoutInvoicesRequest& request);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_GRPC_REQUEST_VALIDATION_H_
