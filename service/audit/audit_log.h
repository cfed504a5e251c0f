#ifndef PAYOUT_GATEWAY_AUDIT_AUDIT_LOG_H_
#define PAYOUT_GATEWAY_AUDIT_AUDIT_LOG_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/metrics.h"

namespace payout_gateway {

// Who did what to which payout, and how it ended: one record per create and
// per process, denied ones included.
struct AuditRecord {
  absl::Time time;
  std::string caller;  // "" for an anonymous caller
  std::string request_id;
  std::string rpc;
  std::string reference_id;
  std::string invoice_id;
  std::string amount;
  std::string currency;
  std::string service;
  std::optional<bool> test_mode;
  // The call's outcome: its gRPC code, and for a failure the ErrorInfo
  // reason and the RetryHint action.
  absl::StatusCode code = absl::StatusCode::kOk;
  std::string reason;
  std::string hint;
};

// Writes audit records as JSON lines to their own stream, apart from the
// operational log on stderr: standard output ("-") or a file opened for
// appending (created 0600). Each record is one write(2), so concurrent
// records never interleave. Strings pass through RedactCardNumbers.
// Thread-safe.
class AuditLog {
 public:
  static absl::StatusOr<std::unique_ptr<AuditLog>> Open(
      const std::string& destination, std::shared_ptr<Metrics> metrics);
  ~AuditLog();

  // A failed write is logged and counted; the call it records has
  // happened either way.
  void Write(const AuditRecord& record);

  // The JSON line of a record (without the newline).
  static std::string Format(const AuditRecord& record);

 private:
  AuditLog(int fd, bool owns_fd, std::shared_ptr<Metrics> metrics)
      : fd_(fd), owns_fd_(owns_fd), metrics_(std::move(metrics)) {}

  const int fd_;
  const bool owns_fd_;
  const std::shared_ptr<Metrics> metrics_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_AUDIT_AUDIT_LOG_H_
