#ifndef PAYOUT_CLIENT_PAYOUT_CLIENT_H_
#define PAYOUT_CLIENT_PAYOUT_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "corefy/payout/v1/payout_gateway_service.grpc.pb.h"

namespace payout_client {

// Per-call settings.
struct CallOptions {
  // How long the call may take; the gateway bounds its upstream work by it.
  absl::Duration timeout = absl::Seconds(30);
  // Extra request metadata, e.g. {"x-request-id", "..."}.
  std::vector<std::pair<std::string, std::string>> metadata;
};

// A typed, blocking client of the payout gateway. Every method returns the
// response or an absl::Status whose payloads carry the gateway's
// google.rpc error details (ErrorInfo, BadRequest, RetryInfo) keyed by type
// URL. Thread-safe; share one per process.
class PayoutClient {
 public:
  // Connects to `target` (e.g. "localhost:50051") without TLS.
  static PayoutClient Connect(const std::string& target);

  explicit PayoutClient(std::shared_ptr<grpc::Channel> channel);

  absl::StatusOr<corefy::payout::v1::PayoutPrerequestResponse> PayoutPrerequest(
      const corefy::payout::v1::PayoutPrerequestRequest& request,
      const CallOptions& options = {});
  absl::StatusOr<corefy::payout::v1::ListPayoutServicesResponse>
  ListPayoutServices(
      const corefy::payout::v1::ListPayoutServicesRequest& request,
      const CallOptions& options = {});
  absl::StatusOr<corefy::payout::v1::PayoutService> GetPayoutService(
      const corefy::payout::v1::GetPayoutServiceRequest& request,
      const CallOptions& options = {});
  absl::StatusOr<corefy::payout::v1::PayoutInvoice> CreatePayoutInvoice(
      const corefy::payout::v1::CreatePayoutInvoiceRequest& request,
      const CallOptions& options = {});
  absl::StatusOr<corefy::payout::v1::PayoutInvoice> ProcessPayoutInvoice(
      const corefy::payout::v1::ProcessPayoutInvoiceRequest& request,
      const CallOptions& options = {});
  absl::StatusOr<corefy::payout::v1::PayoutInvoice> GetPayoutInvoice(
      const corefy::payout::v1::GetPayoutInvoiceRequest& request,
      const CallOptions& options = {});
  absl::StatusOr<corefy::payout::v1::ListPayoutInvoicesResponse>
  ListPayoutInvoices(
      const corefy::payout::v1::ListPayoutInvoicesRequest& request,
      const CallOptions& options = {});

 private:
  std::unique_ptr<corefy::payout::v1::PayoutGatewayService::Stub> stub_;
};

// Converts a gRPC status to an absl::Status, unpacking the details of the
// `grpc-status-details-bin` trailer into payloads keyed by type URL.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace payout_client

#endif  // PAYOUT_CLIENT_PAYOUT_CLIENT_H_
