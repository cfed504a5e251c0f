#include "events/invoice_order.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;

int StatusRank(v1::PayoutInvoiceStatus status) {
  switch (status) {
    case v1::PAYOUT_INVOICE_STATUS_UNSPECIFIED:
    case v1::PAYOUT_INVOICE_STATUS_CREATED:
      return 0;
    case v1::PAYOUT_INVOICE_STATUS_PROCESSING:
    case v1::PAYOUT_INVOICE_STATUS_PROCESS_PENDING:
    case v1::PAYOUT_INVOICE_STATUS_PROCESS_ERROR:
      return 1;
    case v1::PAYOUT_INVOICE_STATUS_CANCELING:
    case v1::PAYOUT_INVOICE_STATUS_CANCEL_PENDING:
    case v1::PAYOUT_INVOICE_STATUS_CANCEL_ERROR:
      return 3;
    case v1::PAYOUT_INVOICE_STATUS_CANCELED:
    case v1::PAYOUT_INVOICE_STATUS_PARTIALLY_CANCELED:
    case v1::PAYOUT_INVOICE_STATUS_CANCEL_FAILED:
      return 4;
    default:  // processed, partially processed, failed, expired, terminated
      return 2;
  }
}

}  // namespace

absl::Time UpdateTimeOf(const v1::PayoutInvoice& invoice) {
  return absl::FromUnixSeconds(invoice.update_time().seconds()) +
         absl::Nanoseconds(invoice.update_time().nanos());
}

InvoicePosition PositionOf(const v1::PayoutInvoice& invoice) {
  return {UpdateTimeOf(invoice), StatusRank(invoice.status())};
}

bool EndsWatch(v1::PayoutInvoiceStatus status) {
  switch (status) {
    case v1::PAYOUT_INVOICE_STATUS_PROCESSED:
    case v1::PAYOUT_INVOICE_STATUS_PARTIALLY_PROCESSED:
    case v1::PAYOUT_INVOICE_STATUS_PROCESS_FAILED:
    case v1::PAYOUT_INVOICE_STATUS_EXPIRED:
    case v1::PAYOUT_INVOICE_STATUS_TERMINATED:
    case v1::PAYOUT_INVOICE_STATUS_CANCELED:
    case v1::PAYOUT_INVOICE_STATUS_PARTIALLY_CANCELED:
    case v1::PAYOUT_INVOICE_STATUS_CANCEL_FAILED:
      return true;
    default:
      return false;
  }
}

}  // namespace payout_gateway
