#include "audit/auditing_connection.h"

#include <utility>

#include "absl/time/clock.h"
#include "common/error_details.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;

AuditRecord RecordOf(const CallContext& ctx, absl::string_view rpc) {
  AuditRecord record;
  record.caller = ctx.caller();
  record.request_id = ctx.request_id();
  record.rpc = std::string(rpc);
  return record;
}

void AddOutcome(AuditRecord& record,
                const absl::StatusOr<v1::PayoutInvoice>& result) {
  record.time = absl::Now();
  record.code = result.status().code();
  if (result.ok()) {
    // The invoice as the upstream holds it fills what the request left out
    // (a process names only the invoice); a create keeps the caller's digits.
    const v1::PayoutInvoice& invoice = *result;
    record.invoice_id = invoice.id();
    auto fill = [](std::string& field, const std::string& value) {
      if (field.empty()) field = value;
    };
    fill(record.reference_id, invoice.reference_id());
    fill(record.amount, invoice.amount());
    fill(record.currency, invoice.currency());
    fill(record.service, invoice.payout_service().id());
    record.test_mode = invoice.test_mode();
    return;
  }
  if (auto info = GetErrorInfo(result.status())) {
    record.reason = info->reason();
    if (record.invoice_id.empty()) {
      auto it = info->metadata().find("invoice_id");
      if (it != info->metadata().end()) record.invoice_id = it->second;
    }
  }
  if (auto hint = GetRetryHint(result.status())) {
    record.hint = v1::RetryHint::Action_Name(hint->action());
  }
}

}  // namespace

AuditingConnection::AuditingConnection(std::shared_ptr<PayoutConnection> inner,
                                       std::shared_ptr<AuditLog> log)
    : ForwardingConnection(std::move(inner)), log_(std::move(log)) {}

ResultCallback<v1::PayoutInvoice> AuditingConnection::Recording(
    AuditRecord record, ResultCallback<v1::PayoutInvoice> done) {
  return [log = log_, record = std::move(record), done = std::move(done)](
             absl::StatusOr<v1::PayoutInvoice> result) mutable {
    AddOutcome(record, result);
    log->Write(record);
    done(std::move(result));
  };
}

void AuditingConnection::CreatePayoutInvoice(
    CallContextPtr ctx, const v1::CreatePayoutInvoiceRequest& request,
    ResultCallback<v1::PayoutInvoice> done) {
  AuditRecord record = RecordOf(*ctx, "CreatePayoutInvoice");
  record.reference_id = request.reference_id();
  record.amount = request.amount();
  record.currency = request.currency();
  record.service = request.service();
  if (request.has_test_mode()) record.test_mode = request.test_mode();
  ForwardingConnection::CreatePayoutInvoice(
      std::move(ctx), request, Recording(std::move(record), std::move(done)));
}

void AuditingConnection::ProcessPayoutInvoice(
    CallContextPtr ctx, const v1::ProcessPayoutInvoiceRequest& request,
    ResultCallback<v1::PayoutInvoice> done) {
  AuditRecord record = RecordOf(*ctx, "ProcessPayoutInvoice");
  record.invoice_id = request.id();
  ForwardingConnection::ProcessPayoutInvoice(
      std::move(ctx), request, Recording(std::move(record), std::move(done)));
}

}  // namespace payout_gateway
