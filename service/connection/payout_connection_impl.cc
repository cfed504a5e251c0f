#include "connection/payout_connection_impl.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/error_details.h"
#include "connection/page_token.h"
#include "connection/upstream_requests.h"
#include "connection/upstream_status.h"
#include "json/payout_invoice_json.h"
#include "json/payout_prerequest_json.h"
#include "json/payout_service_json.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;

constexpr absl::Duration kTimerSlack = absl::Milliseconds(5);

// Parses `{"data": <resource>}` into a fresh T with `parse_document`.
template <typename T>
auto ResourceParser(absl::Status (*parse_document)(absl::string_view, T*)) {
  return [parse_document](const HttpResponse& response) -> absl::StatusOr<T> {
    T value;
    absl::Status status = parse_document(response.body, &value);
    if (!status.ok()) return status;
    return value;
  };
}

absl::Status NotFoundByReference(absl::string_view reference_id) {
  return ErrorBuilder(absl::StatusCode::kNotFound,
                      "no payout invoice has this reference_id")
      .Reason(reason::kNotFound)
      .Metadata("operation", OperationName(Operation::kGetPayoutInvoice))
      .Metadata("reference_id", reference_id)
      .Build();
}

}  // namespace

PayoutConnectionImpl::PayoutConnectionImpl(
    std::shared_ptr<HttpTransport> transport, UpstreamOptions options)
    : transport_(std::move(transport)),
      options_(std::move(options)),
      authorization_(absl::StrCat(
          "Basic ", absl::Base64Escape(absl::StrCat(options_.account_id, ":",
                                                    options_.api_key)))) {}

HttpRequest PayoutConnectionImpl::Prepare(Api api, HttpRequest request,
                                          const CallContext& ctx) const {
  const std::string& prefix = api == Api::kPrivate ? options_.private_api_prefix
                                                   : options_.public_api_prefix;
  request.url = absl::StrCat(options_.base_url, prefix, request.url);
  if (api == Api::kPrivate) {
    request.headers.emplace_back("Authorization", authorization_);
  }
  if (!ctx.request_id().empty()) {
    request.headers.emplace_back("X-Request-Id", ctx.request_id());
  }
  request.deadline = ctx.deadline();
  return request;
}

template <typename T, typename Parse>
void PayoutConnectionImpl::Execute(CallContextPtr ctx, Operation op,
                                   HttpRequest request, Parse parse,
                                   ResultCallback<T> done) {
  uint64_t ticket = ctx->BeginUpstream();
  auto on_result = [ctx, op, ticket, parse = std::move(parse),
                    done = std::move(done)](HttpResult result) mutable {
    ctx->EndUpstream(ticket);
    const bool answered = result.outcome == TransferOutcome::kResponse;
    if (answered && result.response.status_code / 100 == 2) {
      absl::StatusOr<T> value = parse(result.response);
      // Parsers report an unreadable document as kDataLoss; any other
      // status (e.g. no invoice with a reference id) is their answer.
      if (value.status().code() == absl::StatusCode::kDataLoss) {
        done(MalformedResponseToStatus(op, result.response, value.status()));
        return;
      }
      done(std::move(value));
      return;
    }
    // libcurl's timers tick in milliseconds: a timeout within a few of the
    // caller's deadline is that deadline.
    const absl::Time now = absl::Now();
    const bool deadline_passed = now + kTimerSlack >= ctx->deadline();
    done(UpstreamFailureToStatus(op, result, deadline_passed, now));
  };
  HttpTransport::RequestId id =
      transport_->Send(std::move(request), std::move(on_result));
  ctx->ArmCancel(ticket,
                 [transport = transport_, id] { transport->Cancel(id); });
}

void PayoutConnectionImpl::PayoutPrerequest(
    CallContextPtr ctx, const v1::PayoutPrerequestRequest& request,
    ResultCallback<v1::PayoutPrerequestResponse> done) {
  if (options_.public_key.empty()) {
    done(ErrorBuilder(absl::StatusCode::kFailedPrecondition,
                      "the gateway has no public key configured")
             .Reason(reason::kGatewayMisconfigured)
             .Metadata("operation", OperationName(Operation::kPayoutPrerequest))
             .Build());
    return;
  }
  HttpRequest http =
      Prepare(Api::kPublic,
              PayoutPrerequestRequest(request, options_.public_key), *ctx);
  Execute<v1::PayoutPrerequestResponse>(
      std::move(ctx), Operation::kPayoutPrerequest, std::move(http),
      ResourceParser(&ParsePayoutPrerequestDocument), std::move(done));
}

void PayoutConnectionImpl::ListPayoutServices(
    CallContextPtr ctx, const v1::ListPayoutServicesRequest& request,
    ResultCallback<v1::ListPayoutServicesResponse> done) {
  auto page = ResolveServicesPage(request.page_size(), request.page_token());
  if (!page.ok()) {
    done(page.status());
    return;
  }
  HttpRequest http =
      Prepare(Api::kPrivate, ListPayoutServicesRequest(*page), *ctx);
  auto parse = [page = *page](const HttpResponse& response)
      -> absl::StatusOr<v1::ListPayoutServicesResponse> {
    v1::ListPayoutServicesResponse out;
    auto info = ParsePayoutServiceListDocument(response.body,
                                               out.mutable_payout_services());
    if (!info.ok()) return info.status();
    out.set_total_size(static_cast<int32_t>(info->total));
    if (info->has_next) {
      out.set_next_page_token(
          EncodeServicesPageToken({info->page + 1, page.size}));
    }
    return out;
  };
  Execute<v1::ListPayoutServicesResponse>(
      std::move(ctx), Operation::kListPayoutServices, std::move(http),
      std::move(parse), std::move(done));
}

void PayoutConnectionImpl::GetPayoutService(
    CallContextPtr ctx, const v1::GetPayoutServiceRequest& request,
    ResultCallback<v1::PayoutService> done) {
  HttpRequest http =
      Prepare(Api::kPrivate, GetPayoutServiceRequest(request.id()), *ctx);
  Execute<v1::PayoutService>(
      std::move(ctx), Operation::kGetPayoutService, std::move(http),
      ResourceParser(&ParsePayoutServiceDocument), std::move(done));
}

void PayoutConnectionImpl::CreatePayoutInvoice(
    CallContextPtr ctx, const v1::CreatePayoutInvoiceRequest& request,
    ResultCallback<v1::PayoutInvoice> done) {
  HttpRequest http =
      Prepare(Api::kPrivate, CreatePayoutInvoiceRequest(request), *ctx);
  auto with_reference = [reference_id = request.reference_id(),
                         done = std::move(done)](
                            absl::StatusOr<v1::PayoutInvoice> result) mutable {
    if (!result.ok()) {
      absl::Status status = result.status();
      SetErrorMetadata(status, "reference_id", reference_id);
      done(std::move(status));
      return;
    }
    done(std::move(result));
  };
  Execute<v1::PayoutInvoice>(
      std::move(ctx), Operation::kCreatePayoutInvoice, std::move(http),
      ResourceParser(&ParsePayoutInvoiceDocument),
      ResultCallback<v1::PayoutInvoice>(std::move(with_reference)));
}

void PayoutConnectionImpl::ProcessPayoutInvoice(
    CallContextPtr ctx, const v1::ProcessPayoutInvoiceRequest& request,
    ResultCallback<v1::PayoutInvoice> done) {
  HttpRequest http =
      Prepare(Api::kPrivate, ProcessPayoutInvoiceRequest(request.id()), *ctx);
  Execute<v1::PayoutInvoice>(
      std::move(ctx), Operation::kProcessPayoutInvoice, std::move(http),
      ResourceParser(&ParsePayoutInvoiceDocument), std::move(done));
}

void PayoutConnectionImpl::GetPayoutInvoice(
    CallContextPtr ctx, const v1::GetPayoutInvoiceRequest& request,
    ResultCallback<v1::PayoutInvoice> done) {
  if (request.lookup_case() == v1::GetPayoutInvoiceRequest::kId) {
    HttpRequest http =
        Prepare(Api::kPrivate, GetPayoutInvoiceRequest(request.id()), *ctx);
    Execute<v1::PayoutInvoice>(
        std::move(ctx), Operation::kGetPayoutInvoice, std::move(http),
        ResourceParser(&ParsePayoutInvoiceDocument), std::move(done));
    return;
  }
  HttpRequest http = Prepare(
      Api::kPrivate,
      FindPayoutInvoiceByReferenceRequest(request.reference_id()), *ctx);
  auto parse =
      [reference_id = request.reference_id()](
          const HttpResponse& response) -> absl::StatusOr<v1::PayoutInvoice> {
    google::protobuf::RepeatedPtrField<v1::PayoutInvoice> found;
    auto cursors = ParsePayoutInvoiceListDocument(response.body, &found);
    if (!cursors.ok()) return cursors.status();
    // The filter is exact and reference ids are unique; still, never hand
    // back an invoice with another reference id.
    for (auto& invoice : found) {
      if (invoice.reference_id() == reference_id) return std::move(invoice);
    }
    return NotFoundByReference(reference_id);
  };
  Execute<v1::PayoutInvoice>(std::move(ctx), Operation::kGetPayoutInvoice,
                             std::move(http), std::move(parse),
                             std::move(done));
}

void PayoutConnectionImpl::ListPayoutInvoices(
    CallContextPtr ctx, const v1::ListPayoutInvoicesRequest& request,
    ResultCallback<v1::ListPayoutInvoicesResponse> done) {
  auto page = ResolveInvoicesPage(request.page_size(), request.page_token());
  if (!page.ok()) {
    done(page.status());
    return;
  }
  HttpRequest http =
      Prepare(Api::kPrivate, ListPayoutInvoicesRequest(*page), *ctx);
  auto parse = [size = page->size](const HttpResponse& response)
      -> absl::StatusOr<v1::ListPayoutInvoicesResponse> {
    v1::ListPayoutInvoicesResponse out;
    auto cursors = ParsePayoutInvoiceListDocument(
        response.body, out.mutable_payout_invoices());
    if (!cursors.ok()) return cursors.status();
    if (!cursors->next_cursor.empty()) {
      out.set_next_page_token(
          EncodeInvoicesPageToken({cursors->next_cursor, size}));
    }
    return out;
  };
  Execute<v1::ListPayoutInvoicesResponse>(
      std::move(ctx), Operation::kListPayoutInvoices, std::move(http),
      std::move(parse), std::move(done));
}

}  // namespace payout_gateway
