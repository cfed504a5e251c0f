#include "connection/operation.h"

namespace payout_gateway {

absl::string_view OperationName(Operation op) {
  switch (op) {
    case Operation::kPayoutPrerequest:
      return "PayoutPrerequest";
    case Operation::kListPayoutServices:
      return "ListPayoutServices";
    case Operation::kGetPayoutService:
      return "GetPayoutService";
    case Operation::kCreatePayoutInvoice:
      return "CreatePayoutInvoice";
    case Operation::kProcessPayoutInvoice:
      return "ProcessPayoutInvoice";
    case Operation::kGetPayoutInvoice:
      return "GetPayoutInvoice";
    case Operation::kListPayoutInvoices:
      return "ListPayoutInvoices";
  }
  return "Unknown";
}

bool IsStateChanging(Operation op) {
  return op == Operation::kCreatePayoutInvoice ||
         op == Operation::kProcessPayoutInvoice;
}

}  // namespace payout_gateway
