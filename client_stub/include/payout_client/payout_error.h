#ifndef PAYOUT_CLIENT_PAYOUT_ERROR_H_
#define PAYOUT_CLIENT_PAYOUT_ERROR_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/support/status.h"

namespace payout_client {

// What the caller should do about a failed call (the gateway's RetryHint).
enum class RetryAction {
  kUnspecified,           // no hint: the gateway was not reached or the
                          // call's own deadline passed
  kRetry,                 // send the same request again after retry_delay()
  kCheckStatusThenRetry,  // look the invoice up; re-send only if it did not
                          // happen
  kFixRequest,            // change the request (see violations())
  kFixCredentials,        // the gateway's Corefy credentials: page its owners
  kUseExistingInvoice,    // the reference_id is another payout: invoice_id()
  kDoNotRetry,            // final
};

struct FieldViolation {
  std::string field;  // proto path, e.g. "amount", "fields.account"
  std::string description;
};

// A failed call, decoded: the gRPC code and message, and the google.rpc
// details the gateway sends (ErrorInfo, BadRequest, RetryInfo) together with
// its RetryHint.
class PayoutError {
 public:
  // Decodes a status returned by PayoutClient (details in its payloads).
  static PayoutError FromStatus(const absl::Status& status);
  // Decodes a raw gRPC status (details in error_details()).
  static PayoutError FromGrpcStatus(const grpc::Status& status);

  absl::StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // ErrorInfo: e.g. "UPSTREAM_UNAVAILABLE", "payout-gateway.corefy.io", and
  // metadata such as http_status, attempts, reference_id, invoice_id.
  const std::string& reason() const { return reason_; }
  const std::string& domain() const { return domain_; }
  const std::map<std::string, std::string>& metadata() const {
    return metadata_;
  }

  // BadRequest: one entry per invalid field.
  const std::vector<FieldViolation>& violations() const { return violations_; }

  // RetryInfo: how long to wait before retrying, when retrying is right.
  std::optional<absl::Duration> retry_delay() const { return retry_delay_; }

  // The gateway already retried this call upstream as far as its retry
  // policy allows (ErrorInfo metadata `retries_exhausted`): retrying it
  // again at once only multiplies the load (gRFC A6 retries at one layer).
  bool gateway_retries_exhausted() const;

  // RetryHint.
  RetryAction action() const { return action_; }
  const std::string& action_description() const { return action_description_; }
  const std::string& invoice_id() const { return invoice_id_; }
  const std::string& reference_id() const { return reference_id_; }

  // One line for people: code, message and what to do, e.g.
  // "UNAVAILABLE: upstream answered HTTP 503 -- retry after 2s".
  std::string ToString() const;

 private:
  absl::StatusCode code_ = absl::StatusCode::kUnknown;
  std::string message_;
  std::string reason_;
  std::string domain_;
  std::map<std::string, std::string> metadata_;
  std::vector<FieldViolation> violations_;
  std::optional<absl::Duration> retry_delay_;
  RetryAction action_ = RetryAction::kUnspecified;
  std::string action_description_;
  std::string invoice_id_;
  std::string reference_id_;
};

// Converts a gRPC status to an absl::Status, unpacking the details of the
// `grpc-status-details-bin` trailer into payloads keyed by type URL.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace payout_client

#endif  // PAYOUT_CLIENT_PAYOUT_ERROR_H_
