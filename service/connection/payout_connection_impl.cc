#include "connection/payout_connection_impl.h"

#include <utility>

#include "common/error_details.h"
#include "connection/create_flow.h"
#include "connection/hmac.h"
#include "connection/invoice_lookup.h"
#include "connection/metered_upstream_stub.h"
#include "connection/page_links.h"
#include "connection/page_token.h"
#include "connection/process_flow.h"
#include "connection/rest_upstream_stub.h"
#include "connection/retry_loop.h"
#include "connection/upstream_requests.h"
#include "json/payout_invoice_json.h"
#include "json/payout_prerequest_json.h"
#include "json/payout_service_json.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;

absl::Status FromOutcome(Operation op, const RetryLoop::Outcome& outcome) {
  FailureContext context;
  context.attempts = outcome.attempts;
  context.retry_delay = outcome.retry_delay;
  return ToStatus(op, *outcome.failure, context);
}

}  // namespace

namespace {

UpstreamDeps WithFingerprintKey(UpstreamDeps deps,
                                absl::string_view signing_key) {
  deps.fingerprint_key =
      DeriveKey(signing_key, "payout-gateway request fingerprints");
  return deps;
}

// The stub stack (innermost first: HTTP, then its metrics) and the
// policies, from the same dependencies.
std::shared_ptr<const Upstream> MakeUpstream(UpstreamDeps deps,
                                             absl::string_view signing_key) {
  auto rest = std::make_shared<RestUpstreamStub>(deps.transport, deps.upstream);
  auto stub =
      std::make_shared<MeteredUpstreamStub>(std::move(rest), deps.metrics);
  auto policies = std::make_shared<ConnectionPolicies>(
      WithFingerprintKey(std::move(deps), signing_key));
  return std::make_shared<Upstream>(std::move(stub), std::move(policies));
}

}  // namespace

PayoutConnectionImpl::PayoutConnectionImpl(UpstreamDeps deps,
                                           absl::string_view signing_key)
    : upstream_(MakeUpstream(std::move(deps), signing_key)),
      page_tokens_(signing_key) {}

// clang-tidy 14 does not see the moves of `ctx` and `request` in this
// template and calls them copies.
template <typename T, typename Parse>
void PayoutConnectionImpl::Read(
    CallContextPtr ctx,  // NOLINT(performance-unnecessary-value-param)
    Operation op, Api api,
    HttpRequest request,  // NOLINT(performance-unnecessary-value-param)
    Parse parse, ResultCallback<T> done) {
  auto out = std::make_shared<T>();
  auto accept =
      [out, op, parse = std::move(parse)](
          const HttpResponse& response) -> std::optional<UpstreamFailure> {
    out->Clear();
    absl::Status parsed = parse(response, out.get());
    if (parsed.ok()) return std::nullopt;
    return ClassifyMalformedResponse(op, response, parsed);
  };
  RetryLoop::Run(
      upstream_, std::move(ctx), op, api, std::move(request), std::move(accept),
      [out, op, done = std::move(done)](const RetryLoop::Outcome& o) mutable {
        if (o.failure.has_value()) return done(FromOutcome(op, o));
        done(std::move(*out));
      });
}

void PayoutConnectionImpl::PayoutPrerequest(
    CallContextPtr ctx, const v1::PayoutPrerequestRequest& request,
    ResultCallback<v1::PayoutPrerequestResponse> done) {
  const std::string& public_key = upstream_->policies().public_key();
  if (public_key.empty()) {
    done(ErrorBuilder(absl::StatusCode::kFailedPrecondition,
                      "the gateway has no public key configured")
             .Reason(reason::kGatewayMisconfigured)
             .Metadata("operation", OperationName(Operation::kPayoutPrerequest))
             .Hint(v1::RetryHint::ACTION_FIX_CREDENTIALS)
             .Build());
    return;
  }
  Read<v1::PayoutPrerequestResponse>(
      std::move(ctx), Operation::kPayoutPrerequest, Api::kPublic,
      PayoutPrerequestRequest(request, public_key),
      [](const HttpResponse& r, v1::PayoutPrerequestResponse* out) {
        return ParsePayoutPrerequestDocument(r.body, out);
      },
      std::move(done));
}

void PayoutConnectionImpl::ListPayoutServices(
    CallContextPtr ctx, const v1::ListPayoutServicesRequest& request,
    ResultCallback<v1::ListPayoutServicesResponse> done) {
  auto page =
      page_tokens_.ResolveServices(request.page_size(), request.page_token());
  if (!page.ok()) return done(page.status());
  Read<v1::ListPayoutServicesResponse>(
      std::move(ctx), Operation::kListPayoutServices, Api::kPrivate,
      ListPayoutServicesRequest(*page),
      [tokens = page_tokens_, page = *page](
          const HttpResponse& r, v1::ListPayoutServicesResponse* out) {
        auto info = ParsePayoutServiceListDocument(
            r.body, out->mutable_payout_services());
        if (!info.ok()) return info.status();
        out->set_total_size(static_cast<int32_t>(info->total));
        if (info->has_next) {
          out->set_next_page_token(
              tokens.Encode(ServicesPage{info->page + 1, page.size}));
        }
        return absl::OkStatus();
      },
      std::move(done));
}

void PayoutConnectionImpl::GetPayoutService(
    CallContextPtr ctx, const v1::GetPayoutServiceRequest& request,
    ResultCallback<v1::PayoutService> done) {
  Read<v1::PayoutService>(
      std::move(ctx), Operation::kGetPayoutService, Api::kPrivate,
      GetPayoutServiceRequest(request.id()),
      [](const HttpResponse& r, v1::PayoutService* out) {
        return ParsePayoutServiceDocument(r.body, out);
      },
      std::move(done));
}

void PayoutConnectionImpl::CreatePayoutInvoice(
    CallContextPtr ctx, const v1::CreatePayoutInvoiceRequest& request,
    ResultCallback<v1::PayoutInvoice> done) {
  CreateFlow::Run(upstream_, std::move(ctx), request, std::move(done));
}

void PayoutConnectionImpl::ProcessPayoutInvoice(
    CallContextPtr ctx, const v1::ProcessPayoutInvoiceRequest& request,
    ResultCallback<v1::PayoutInvoice> done) {
  ProcessFlow::Run(upstream_, std::move(ctx), request.id(), std::move(done));
}

void PayoutConnectionImpl::GetPayoutInvoice(
    CallContextPtr ctx, const v1::GetPayoutInvoiceRequest& request,
    ResultCallback<v1::PayoutInvoice> done) {
  const bool by_id = request.lookup_case() == v1::GetPayoutInvoiceRequest::kId;
  auto report = [reference_id = request.reference_id(), id = request.id(),
                 done = std::move(done)](InvoiceLookup lookup) mutable {
    if (lookup.result == InvoiceLookup::Result::kFound) {
      return done(std::move(lookup.invoice));
    }
    FailureContext context;
    context.attempts = lookup.attempts;
    context.retry_delay = lookup.retry_delay;
    context.reference_id = reference_id;
    context.invoice_id = id;
    done(ToStatus(Operation::kGetPayoutInvoice, *lookup.failure, context));
  };
  if (by_id) {
    LookupInvoiceById(upstream_, std::move(ctx), Operation::kGetPayoutInvoice,
                      request.id(), std::move(report));
  } else {
    LookupInvoiceByReference(upstream_, std::move(ctx),
                             Operation::kGetPayoutInvoice,
                             request.reference_id(), std::move(report));
  }
}

void PayoutConnectionImpl::ListPayoutInvoices(
    CallContextPtr ctx, const v1::ListPayoutInvoicesRequest& request,
    ResultCallback<v1::ListPayoutInvoicesResponse> done) {
  auto page =
      page_tokens_.ResolveInvoices(request.page_size(), request.page_token());
  if (!page.ok()) return done(page.status());
  Read<v1::ListPayoutInvoicesResponse>(
      std::move(ctx), Operation::kListPayoutInvoices, Api::kPrivate,
      ListPayoutInvoicesRequest(*page),
      [tokens = page_tokens_, size = page->size](
          const HttpResponse& r, v1::ListPayoutInvoicesResponse* out) {
        auto links = ParsePayoutInvoiceListDocument(
            r.body, out->mutable_payout_invoices());
        if (!links.ok()) return links.status();
        if (links->next.empty()) return absl::OkStatus();  // the last page
        auto next = NextPageQuery(links->next);
        if (!next.ok()) return next.status();
        out->set_next_page_token(tokens.Encode(InvoicesPage{*next, size}));
        return absl::OkStatus();
      },
      std::move(done));
}

}  // namespace payout_gateway
