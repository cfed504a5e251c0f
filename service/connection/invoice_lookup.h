#ifndef PAYOUT_GATEWAY_CONNECTION_INVOICE_LOOKUP_H_
#define PAYOUT_GATEWAY_CONNECTION_INVOICE_LOOKUP_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/functional/any_invocable.h"
#include "connection/upstream.h"
#include "corefy/payout/v1/payout_invoice.pb.h"

namespace payout_gateway {

// The answer of a lookup: the invoice, a certain "there is none", or a
// failure that leaves it unknown.
struct InvoiceLookup {
  enum class Result { kFound, kNotFound, kFailed };
  Result result = Result::kFailed;
  corefy::payout::v1::PayoutInvoice invoice;
  std::optional<UpstreamFailure> failure;  // for kNotFound and kFailed
  int attempts = 0;
  absl::Duration retry_delay;  // advice when kFailed
};

using LookupDone = absl::AnyInvocable<void(InvoiceLookup)>;

// Reads a 2xx response carrying one invoice document into `out`; a body
// that does not read is a failure (ClassifyMalformedResponse).
std::optional<UpstreamFailure> ReadInvoiceResponse(
    Operation op, const HttpResponse& response,
    corefy::payout::v1::PayoutInvoice* out);

// `GET /payout-invoices?filter[reference_id]=...`, retried like any read.
// `op` is the operation the lookup serves (for error reports).
void LookupInvoiceByReference(std::shared_ptr<const Upstream> upstream,
                              CallContextPtr ctx, Operation op,
                              const std::string& reference_id, LookupDone done);

// `GET /payout-invoices/{id}`, retried like any read; 404 is kNotFound.
void LookupInvoiceById(std::shared_ptr<const Upstream> upstream,
                       CallContextPtr ctx, Operation op, const std::string& id,
                       LookupDone done);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_INVOICE_LOOKUP_H_
