#include "grpc/call_start.h"

#include "common/log.h"
#include "grpc/caller_identity.h"
#include "grpc/request_id.h"

namespace payout_gateway {

CallContextPtr StartCallContext(const grpc::CallbackServerContext& context,
                                absl::string_view method,
                                std::string reference_id) {
  RequestIdChoice request_id = ChooseRequestId(context);
  if (request_id.replaced.has_value()) {
    LogEvent(Severity::kWarning, "request_id_replaced",
             {{"method", std::string(method)},
              {"offered", *request_id.replaced},
              {"request_id", request_id.id}});
  }
  return std::make_shared<CallContext>(
      absl::FromChrono(context.deadline()), std::move(request_id.id),
      std::move(reference_id), CallerIdentityOf(context.auth_context().get()));
}

}  // namespace payout_gateway
