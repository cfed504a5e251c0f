#include "connection/invoice_lookup.h"

#include <utility>

#include "common/error_details.h"
#include "connection/retry_loop.h"
#include "connection/upstream_requests.h"
#include "json/payout_invoice_json.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;

UpstreamFailure NotFoundByReference() {
  UpstreamFailure f;
  f.code = absl::StatusCode::kNotFound;
  f.reason = reason::kNotFound;
  f.message = "no payout invoice has this reference_id";
  f.action = f.action_if_not_acted = v1::RetryHint::ACTION_FIX_REQUEST;
  f.transfer = TransferOutcome::kResponse;
  f.http_status = 200;
  return f;
}

// Runs a lookup read; `accept` fills `*found` from a 2xx response.
void RunLookup(std::shared_ptr<const Upstream> upstream, CallContextPtr ctx,
               Operation op, HttpRequest request,
               const std::shared_ptr<InvoiceLookup>& lookup,
               RetryLoop::Accept accept, LookupDone done) {
  RetryLoop::Run(
      std::move(upstream), std::move(ctx), op, Api::kPrivate,
      std::move(request), std::move(accept),
      [lookup, done = std::move(done)](RetryLoop::Outcome outcome) mutable {
        lookup->attempts = outcome.attempts;
        lookup->retry_delay = outcome.retry_delay;
        if (!outcome.failure.has_value()) {
          lookup->result = InvoiceLookup::Result::kFound;
        } else {
          lookup->result = outcome.failure->code == absl::StatusCode::kNotFound
                               ? InvoiceLookup::Result::kNotFound
                               : InvoiceLookup::Result::kFailed;
          lookup->failure = std::move(outcome.failure);
        }
        done(std::move(*lookup));
      });
}

}  // namespace

void LookupInvoiceByReference(std::shared_ptr<const Upstream> upstream,
                              CallContextPtr ctx, Operation op,
                              const std::string& reference_id,
                              LookupDone done) {
  auto lookup = std::make_shared<InvoiceLookup>();
  auto accept =
      [lookup, op, reference_id](
          const HttpResponse& response) -> std::optional<UpstreamFailure> {
    google::protobuf::RepeatedPtrField<v1::PayoutInvoice> found;
    auto links = ParsePayoutInvoiceListDocument(response.body, &found);
    if (!links.ok()) {
      return ClassifyMalformedResponse(op, response, links.status());
    }
    // The filter is exact and reference ids are unique; still, never take
    // an invoice with another reference id for this one.
    for (auto& invoice : found) {
      if (invoice.reference_id() == reference_id) {
        lookup->invoice = std::move(invoice);
        return std::nullopt;
      }
    }
    return NotFoundByReference();
  };
  RunLookup(std::move(upstream), std::move(ctx), op,
            FindPayoutInvoiceByReferenceRequest(reference_id), lookup,
            std::move(accept), std::move(done));
}

std::optional<UpstreamFailure> ReadInvoiceResponse(
    Operation op, const HttpResponse& response,
    corefy::payout::v1::PayoutInvoice* out) {
  absl::Status parsed = ParsePayoutInvoiceDocument(response.body, out);
  if (!parsed.ok()) return ClassifyMalformedResponse(op, response, parsed);
  return std::nullopt;
}

void LookupInvoiceById(std::shared_ptr<const Upstream> upstream,
                       CallContextPtr ctx, Operation op, const std::string& id,
                       LookupDone done) {
  auto lookup = std::make_shared<InvoiceLookup>();
  auto accept =
      [lookup,
       op](const HttpResponse& response) -> std::optional<UpstreamFailure> {
    lookup->invoice.Clear();
    return ReadInvoiceResponse(op, response, &lookup->invoice);
  };
  RunLookup(std::move(upstream), std::move(ctx), op,
            GetPayoutInvoiceRequest(id), lookup, std::move(accept),
            std::move(done));
}

}  // namespace payout_gateway
