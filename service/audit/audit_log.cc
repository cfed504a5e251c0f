#include "audit/audit_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/redaction.h"
#include "nlohmann/json.hpp"

namespace payout_gateway {

absl::StatusOr<std::unique_ptr<AuditLog>> AuditLog::Open(
    const std::string& destination, std::shared_ptr<Metrics> metrics) {
  if (destination == "-") {
    return std::unique_ptr<AuditLog>(
        new AuditLog(STDOUT_FILENO, /*owns_fd=*/false, std::move(metrics)));
  }
  int fd = open(destination.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
                0600);
  if (fd < 0) {
    return absl::InvalidArgumentError(absl::StrCat("--audit_log: cannot open ",
                                                   destination, " (",
                                                   std::strerror(errno), ")"));
  }
  return std::unique_ptr<AuditLog>(
      new AuditLog(fd, /*owns_fd=*/true, std::move(metrics)));
}

AuditLog::~AuditLog() {
  if (owns_fd_) close(fd_);
}

std::string AuditLog::Format(const AuditRecord& r) {
  nlohmann::ordered_json line;
  line["time"] =
      absl::FormatTime("%Y-%m-%d%ET%H:%M:%E6SZ", r.time, absl::UTCTimeZone());
  line["kind"] = "payout_audit";
  line["caller"] = RedactCardNumbers(r.caller);
  line["request_id"] = RedactCardNumbers(r.request_id);
  line["rpc"] = r.rpc;
  line["reference_id"] = RedactCardNumbers(r.reference_id);
  line["invoice_id"] = RedactCardNumbers(r.invoice_id);
  // Amounts are checked decimals: no card number hides in one, and masking
  // a large amount would falsify the record.
  line["amount"] = r.amount;
  line["currency"] = RedactCardNumbers(r.currency);
  line["service"] = RedactCardNumbers(r.service);
  if (r.test_mode.has_value()) {
    line["test_mode"] = *r.test_mode;
  } else {
    line["test_mode"] = nullptr;
  }
  line["outcome"] = {{"code", absl::StatusCodeToString(r.code)},
                     {"reason", r.reason},
                     {"hint", r.hint}};
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void AuditLog::Write(const AuditRecord& record) {
  std::string text = Format(record);
  text.push_back('\n');
  ssize_t written;
  do {
    written = write(fd_, text.data(), text.size());
  } while (written < 0 && errno == EINTR);
  if (written == static_cast<ssize_t>(text.size())) return;
  metrics_->AuditWriteFailed();
  LogEvent(Severity::kError, "audit_write_failed",
           {{"error", written < 0 ? std::strerror(errno) : "short write"},
            {"record", text}});
}

}  // namespace payout_gateway
