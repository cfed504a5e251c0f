#ifndef PAYOUT_GATEWAY_CONNECTION_OPERATION_H_
#define PAYOUT_GATEWAY_CONNECTION_OPERATION_H_

#include "absl/strings/string_view.h"

namespace payout_gateway {

// The operations of Corefy's payout API. How a failure is mapped and whether
// it may be retried depends on which one failed.
enum class Operation {
  kPayoutPrerequest,
  kListPayoutServices,
  kGetPayoutService,
  kCreatePayoutInvoice,
  kProcessPayoutInvoice,
  kGetPayoutInvoice,
  kListPayoutInvoices,
};

// The RPC name, e.g. "CreatePayoutInvoice".
absl::string_view OperationName(Operation op);

// True for the operations that move money or create state upstream (create
// and process): a request whose outcome is unknown must never be re-sent
// blindly.
bool IsStateChanging(Operation op);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_OPERATION_H_
