#ifndef PAYOUT_GATEWAY_COMMON_ERROR_DETAILS_H_
#define PAYOUT_GATEWAY_COMMON_ERROR_DETAILS_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "corefy/payout/v1/error_details.pb.h"
#include "google/rpc/error_details.pb.h"

namespace payout_gateway {

// The ErrorInfo domain of every error the gateway returns (AIP-193).
inline constexpr absl::string_view kErrorDomain = "payout-gateway.corefy.io";

// ErrorInfo reasons. UPPER_SNAKE, stable: callers switch on them.
namespace reason {
inline constexpr absl::string_view kInvalidRequest = "INVALID_REQUEST";
inline constexpr absl::string_view kInvalidPageToken = "INVALID_PAGE_TOKEN";
inline constexpr absl::string_view kGatewayMisconfigured =
    "GATEWAY_MISCONFIGURED";
inline constexpr absl::string_view kUpstreamValidationFailed =
    "UPSTREAM_VALIDATION_FAILED";
inline constexpr absl::string_view kUpstreamBadRequest = "UPSTREAM_BAD_REQUEST";
inline constexpr absl::string_view kGatewayCredentialsRejected =
    "GATEWAY_CREDENTIALS_REJECTED";
inline constexpr absl::string_view kUpstreamPermissionDenied =
    "UPSTREAM_PERMISSION_DENIED";
inline constexpr absl::string_view kNotFound = "NOT_FOUND";
inline constexpr absl::string_view kOperationNotAllowed =
    "OPERATION_NOT_ALLOWED";
inline constexpr absl::string_view kDuplicateReferenceId =
    "DUPLICATE_REFERENCE_ID";
inline constexpr absl::string_view kInvalidInvoiceState =
    "INVALID_INVOICE_STATE";
inline constexpr absl::string_view kUpstreamRateLimited =
    "UPSTREAM_RATE_LIMITED";
inline constexpr absl::string_view kUpstreamUnavailable =
    "UPSTREAM_UNAVAILABLE";
inline constexpr absl::string_view kUpstreamTimeout = "UPSTREAM_TIMEOUT";
inline constexpr absl::string_view kUpstreamUnreachable =
    "UPSTREAM_UNREACHABLE";
inline constexpr absl::string_view kUpstreamMalformedResponse =
    "UPSTREAM_MALFORMED_RESPONSE";
inline constexpr absl::string_view kUpstreamUnexpectedStatus =
    "UPSTREAM_UNEXPECTED_STATUS";
inline constexpr absl::string_view kCancelled = "CANCELLED";
// A conflict the gateway could not compare with the request.
inline constexpr absl::string_view kReconciliationFailed =
    "RECONCILIATION_FAILED";
inline constexpr absl::string_view kDeadlineExceeded = "DEADLINE_EXCEEDED";
// The gateway's own limits on work in flight.
inline constexpr absl::string_view kGatewayOverloaded = "GATEWAY_OVERLOADED";
// The gateway is stopping (SIGTERM): the call was refused, or cut short.
inline constexpr absl::string_view kGatewayDraining = "GATEWAY_DRAINING";
// The caller's payout policy (docs/security.md).
inline constexpr absl::string_view kCallerNotAllowed = "CALLER_NOT_ALLOWED";
inline constexpr absl::string_view kRpcNotAllowed = "RPC_NOT_ALLOWED";
inline constexpr absl::string_view kServiceNotAllowed = "SERVICE_NOT_ALLOWED";
inline constexpr absl::string_view kCurrencyNotAllowed = "CURRENCY_NOT_ALLOWED";
inline constexpr absl::string_view kModeNotAllowed = "MODE_NOT_ALLOWED";
inline constexpr absl::string_view kAmountAboveCallerLimit =
    "AMOUNT_ABOVE_CALLER_LIMIT";
// Payout events (docs/events.md).
inline constexpr absl::string_view kInvalidCursor = "INVALID_CURSOR";
// Events after the cursor are no longer retained, or the cursor is from an
// event history the gateway no longer has: resuming would skip events.
inline constexpr absl::string_view kEventsExpired = "EVENTS_EXPIRED";
inline constexpr absl::string_view kEventBusUnavailable =
    "EVENT_BUS_UNAVAILABLE";
}  // namespace reason

// One invalid field of a request; `field` is the proto field path
// (e.g. `customer.email`, `fields.account`).
struct FieldViolation {
  std::string field;
  std::string description;
};

// Builds an absl::Status that carries google.rpc error details as payloads,
// keyed by their type URL. The gRPC layer turns the payloads into the
// `grpc-status-details-bin` trailer; layers below only ever see absl::Status.
class ErrorBuilder {
 public:
  ErrorBuilder(absl::StatusCode code, std::string message);

  ErrorBuilder& Reason(absl::string_view reason);
  ErrorBuilder& Metadata(absl::string_view key, absl::string_view value);
  ErrorBuilder& Violations(std::vector<FieldViolation> violations);
  ErrorBuilder& RetryDelay(absl::Duration delay);
  // Adds the RetryHint; its description is DescribeRetryAction(action).
  ErrorBuilder& Hint(corefy::payout::v1::RetryHint::Action action,
                     absl::string_view invoice_id = "",
                     absl::string_view reference_id = "");

  absl::Status Build() const;

 private:
  absl::StatusCode code_;
  std::string message_;
  google::rpc::ErrorInfo info_;
  std::vector<FieldViolation> violations_;
  std::optional<absl::Duration> retry_delay_;
  std::optional<corefy::payout::v1::RetryHint> hint_;
};

// The words of each action, as RetryHint.description says them.
absl::string_view DescribeRetryAction(
    corefy::payout::v1::RetryHint::Action action);

// Type URLs of the payloads ErrorBuilder attaches.
std::string TypeUrlOf(const google::protobuf::Message& message);

// Reads a detail back from a status built by ErrorBuilder.
std::optional<google::rpc::ErrorInfo> GetErrorInfo(const absl::Status& status);
std::optional<google::rpc::BadRequest> GetBadRequest(
    const absl::Status& status);
std::optional<google::rpc::RetryInfo> GetRetryInfo(const absl::Status& status);
std::optional<corefy::payout::v1::RetryHint> GetRetryHint(
    const absl::Status& status);

// Adds or replaces one ErrorInfo metadata entry of `status` (e.g. the number
// of upstream attempts, known only once the connection layer is done).
void SetErrorMetadata(absl::Status& status, absl::string_view key,
                      absl::string_view value);

// Adds or replaces the RetryHint / RetryInfo of `status`.
void SetRetryHint(absl::Status& status,
                  const corefy::payout::v1::RetryHint& hint);
void SetRetryDelay(absl::Status& status, absl::Duration delay);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_COMMON_ERROR_DETAILS_H_
