#include "payout_client.h"

#include "absl/strings/cord.h"
#include "google/rpc/status.pb.h"

namespace payout_client {
namespace {

namespace v1 = ::corefy::payout::v1;

void Configure(grpc::ClientContext& context, const CallOptions& options) {
  context.set_deadline(absl::ToChronoTime(absl::Now() + options.timeout));
  for (const auto& [key, value] : options.metadata) {
    context.AddMetadata(key, value);
  }
}

// Runs one blocking unary call of `Stub`.
template <typename Response, typename Request, typename Method>
absl::StatusOr<Response> Call(Method method, const Request& request,
                              const CallOptions& options) {
  grpc::ClientContext context;
  Configure(context, options);
  Response response;
  grpc::Status status = method(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

}  // namespace

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()),
                   status.error_message());
  google::rpc::Status details;
  if (!status.error_details().empty() &&
      details.ParseFromString(status.error_details())) {
    for (const auto& any : details.details()) {
      out.SetPayload(any.type_url(), absl::Cord(any.value()));
    }
  }
  return out;
}

PayoutClient PayoutClient::Connect(const std::string& target) {
  return PayoutClient(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
}

PayoutClient::PayoutClient(std::shared_ptr<grpc::Channel> channel)
    : stub_(v1::PayoutGatewayService::NewStub(std::move(channel))) {}

#define PAYOUT_CLIENT_METHOD(Method, Request, Response)                       \
  absl::StatusOr<Response> PayoutClient::Method(const Request& request,       \
                                                const CallOptions& options) { \
    return Call<Response>(                                                    \
        [this](grpc::ClientContext* c, const Request& r, Response* out) {     \
          return stub_->Method(c, r, out);                                    \
        },                                                                    \
        request, options);                                                    \
  }

PAYOUT_CLIENT_METHOD(PayoutPrerequest, v1::PayoutPrerequestRequest,
                     v1::PayoutPrerequestResponse)
PAYOUT_CLIENT_METHOD(ListPayoutServices, v1::ListPayoutServicesRequest,
                     v1::ListPayoutServicesResponse)
PAYOUT_CLIENT_METHOD(GetPayoutService, v1::GetPayoutServiceRequest,
                     v1::PayoutService)
PAYOUT_CLIENT_METHOD(CreatePayoutInvoice, v1::CreatePayoutInvoiceRequest,
                     v1::PayoutInvoice)
PAYOUT_CLIENT_METHOD(ProcessPayoutInvoice, v1::ProcessPayoutInvoiceRequest,
                     v1::PayoutInvoice)
PAYOUT_CLIENT_METHOD(GetPayoutInvoice, v1::GetPayoutInvoiceRequest,
                     v1::PayoutInvoice)
PAYOUT_CLIENT_METHOD(ListPayoutInvoices, v1::ListPayoutInvoicesRequest,
                     v1::ListPayoutInvoicesResponse)

#undef PAYOUT_CLIENT_METHOD

}  // namespace payout_client
