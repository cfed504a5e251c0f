#include "access/policy_connection.h"

#include <utility>

#include "common/error_details.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;

constexpr absl::string_view kCreate = "CreatePayoutInvoice";
constexpr absl::string_view kProcess = "ProcessPayoutInvoice";

}  // namespace

PolicyConnection::PolicyConnection(std::shared_ptr<PayoutConnection> inner,
                                   std::shared_ptr<const PolicyStore> store,
                                   std::shared_ptr<Metrics> metrics)
    : ForwardingConnection(std::move(inner)),
      store_(std::move(store)),
      metrics_(std::move(metrics)) {}

absl::Status PolicyConnection::Count(absl::Status status) {
  if (!status.ok()) {
    auto info = GetErrorInfo(status);
    metrics_->PolicyDenied(info.has_value() ? info->reason() : "");
  }
  return status;
}

absl::StatusOr<PolicyConnection::Admitted> PolicyConnection::Admit(
    const CallContext& ctx, absl::string_view rpc) {
  Admitted admitted{store_->Current(), nullptr};
  admitted.caller = admitted.policy->Find(ctx.caller());
  if (auto s = Count(CheckCaller(admitted.caller, ctx.caller(), rpc));
      !s.ok()) {
    return s;
  }
  return admitted;
}

// Reads need only the right to call them.
#define PAYOUT_GATEWAY_READ(Method, Request, Response)                      \
  void PolicyConnection::Method(CallContextPtr ctx, const Request& request, \
                                ResultCallback<Response> done) {            \
    if (auto admitted = Admit(*ctx, #Method); !admitted.ok()) {             \
      return done(admitted.status());                                       \
    }                                                                       \
    ForwardingConnection::Method(std::move(ctx), request, std::move(done)); \
  }

PAYOUT_GATEWAY_READ(PayoutPrerequest, v1::PayoutPrerequestRequest,
                    v1::PayoutPrerequestResponse)
PAYOUT_GATEWAY_READ(ListPayoutServices, v1::ListPayoutServicesRequest,
                    v1::ListPayoutServicesResponse)
PAYOUT_GATEWAY_READ(GetPayoutService, v1::GetPayoutServiceRequest,
                    v1::PayoutService)
PAYOUT_GATEWAY_READ(GetPayoutInvoice, v1::GetPayoutInvoiceRequest,
                    v1::PayoutInvoice)
PAYOUT_GATEWAY_READ(ListPayoutInvoices, v1::ListPayoutInvoicesRequest,
                    v1::ListPayoutInvoicesResponse)

#undef PAYOUT_GATEWAY_READ

void PolicyConnection::CreatePayoutInvoice(
    CallContextPtr ctx, const v1::CreatePayoutInvoiceRequest& request,
    ResultCallback<v1::PayoutInvoice> done) {
  auto admitted = Admit(*ctx, kCreate);
  if (!admitted.ok()) return done(admitted.status());
  const std::string& caller = ctx->caller();
  // A create that processes itself moves money: it needs both rights.
  if (request.options().auto_process()) {
    if (auto s = Count(CheckCaller(admitted->caller, caller, kProcess));
        !s.ok()) {
      return done(std::move(s));
    }
  }
  PayoutFacts payout{request.service(), request.currency(), request.amount(),
                     request.has_test_mode() && request.test_mode()};
  if (auto s = Count(CheckPayout(*admitted->caller, caller, kCreate, payout));
      !s.ok()) {
    return done(std::move(s));
  }
  ForwardingConnection::CreatePayoutInvoice(std::move(ctx), request,
                                            std::move(done));
}

void PolicyConnection::ProcessPayoutInvoice(
    CallContextPtr ctx, const v1::ProcessPayoutInvoiceRequest& request,
    ResultCallback<v1::PayoutInvoice> done) {
  auto admitted = Admit(*ctx, kProcess);
  if (!admitted.ok()) return done(admitted.status());
  if (!RestrictsPayouts(*admitted->caller)) {
    return ForwardingConnection::ProcessPayoutInvoice(std::move(ctx), request,
                                                      std::move(done));
  }
  // Processing moves the money of an invoice someone else may have created:
  // read it, and hold the caller to its limits before asking for that.
  v1::GetPayoutInvoiceRequest lookup;
  lookup.set_id(request.id());
  ForwardingConnection::GetPayoutInvoice(
      ctx, lookup,
      [self = shared_from_this(), ctx, admitted = *std::move(admitted),
       id = request.id(), done = std::move(done)](
          absl::StatusOr<v1::PayoutInvoice> invoice) mutable {
        self->ProcessChecked(std::move(ctx), admitted, std::move(id),
                             std::move(invoice), std::move(done));
      });
}

void PolicyConnection::ProcessChecked(CallContextPtr ctx,
                                      const Admitted& admitted,
                                      std::string invoice_id,
                                      absl::StatusOr<v1::PayoutInvoice> invoice,
                                      ResultCallback<v1::PayoutInvoice> done) {
  // Nothing was processed yet: a failed read is this call's answer, and
  // its hint (retry, fix the id) is true of the process too.
  if (!invoice.ok()) return done(invoice.status());
  PayoutFacts payout{invoice->payout_service().id(), invoice->currency(),
                     invoice->amount(), invoice->test_mode()};
  if (auto s =
          Count(CheckPayout(*admitted.caller, ctx->caller(), kProcess, payout));
      !s.ok()) {
    return done(std::move(s));
  }
  auto request = std::make_shared<v1::ProcessPayoutInvoiceRequest>();
  request->set_id(std::move(invoice_id));
  ForwardingConnection::ProcessPayoutInvoice(
      std::move(ctx), *request,
      [request, done = std::move(done)](
          absl::StatusOr<v1::PayoutInvoice> result) mutable {
        done(std::move(result));
      });
}

}  // namespace payout_gateway
