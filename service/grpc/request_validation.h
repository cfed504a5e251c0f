#ifndef PAYOUT_GATEWAY_GRPC_REQUEST_VALIDATION_H_
#define PAYOUT_GATEWAY_GRPC_REQUEST_VALIDATION_H_

#include <cstddef>

#include "absl/status/status.h"
#include "corefy/payout/v1/payout_gateway_service.pb.h"

namespace payout_gateway {

// Checks what the gateway can tell is wrong without asking the upstream, so
// a bad request never leaves the gateway. Each returns OK or
// INVALID_ARGUMENT with an ErrorInfo (reason INVALID_REQUEST) and one
// BadRequest violation per invalid field, named by its proto path
// (`amount`, `customer.email`, `fields.account`).
//
// Every string field is bounded: ids and codes by their format, free text,
// map keys and map values by `max_field_bytes`, maps by `max_map_entries`.

struct RequestLimits {
  std::size_t max_field_bytes = 2048;
  int max_map_entries = 64;
};

absl::Status ValidatePayoutPrerequest(
    const corefy::payout::v1::PayoutPrerequestRequest& request,
    const RequestLimits& limits = {});
absl::Status ValidateListPayoutServices(
    const corefy::payout::v1::ListPayoutServicesRequest& request,
    const RequestLimits& limits = {});
absl::Status ValidateGetPayoutService(
    const corefy::payout::v1::GetPayoutServiceRequest& request,
    const RequestLimits& limits = {});
absl::Status ValidateCreatePayoutInvoice(
    const corefy::payout::v1::CreatePayoutInvoiceRequest& request,
    const RequestLimits& limits = {});
absl::Status ValidateProcessPayoutInvoice(
    const corefy::payout::v1::ProcessPayoutInvoiceRequest& request,
    const RequestLimits& limits = {});
absl::Status ValidateGetPayoutInvoice(
    const corefy::payout::v1::GetPayoutInvoiceRequest& request,
    const RequestLimits& limits = {});
absl::Status ValidateListPayoutInvoices(
    const corefy::payout::v1::ListPayoutInvoicesRequest& request,
    const RequestLimits& limits = {});

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_GRPC_REQUEST_VALIDATION_H_
