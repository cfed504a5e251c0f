#include "common/log.h"

#include <atomic>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/redaction.h"
#include "nlohmann/json.hpp"

namespace payout_gateway {
namespace {

std::atomic<Severity> min_severity{Severity::kInfo};

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kDebug:
      return "DEBUG";
    case Severity::kInfo:
      return "INFO";
    case Severity::kWarning:
      return "WARNING";
    case Severity::kError:
      return "ERROR";
  }
  return "INFO";
}

}  // namespace

void SetMinLogSeverity(Severity severity) { min_severity = severity; }

void LogEvent(
    Severity severity, absl::string_view event,
    std::initializer_list<std::pair<absl::string_view, std::string>> fields) {
  if (severity < min_severity.load(std::memory_order_relaxed)) return;
  nlohmann::ordered_json line;
  line["time"] = absl::FormatTime("%Y-%m-%d%ET%H:%M:%E3SZ", absl::Now(),
                                  absl::UTCTimeZone());
  line["severity"] = SeverityName(severity);
  line["event"] = std::string(event);
  for (const auto& [key, value] : fields) {
    line[std::string(key)] = RedactCardNumbers(value);
  }
  // One fwrite per line keeps concurrent lines whole.
  std::string text =
      line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text.push_back('\n');
  std::fwrite(text.data(), 1, text.size(), stderr);
}

std::string EscapeUntrusted(absl::string_view value, std::size_t max_bytes) {
  std::string out;
  const absl::string_view shown = value.substr(0, max_bytes);
  for (unsigned char c : shown) {
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppend(&out, "\\x", absl::Hex(c, absl::kZeroPad2));
    }
  }
  if (shown.size() < value.size()) {
    absl::StrAppend(&out, "...(", value.size(), " bytes)");
  }
  return out;
}

}  // namespace payout_gateway
