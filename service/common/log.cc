#include "common/log.h"

#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/json_text.h"
#include "common/log_buffer.h"
#include "common/redaction.h"

namespace payout_gateway {
namespace {

std::atomic<Severity> min_severity{Severity::kInfo};
// Set once the process-wide buffer exists, for the fatal signal handler.
std::atomic<LogBuffer*> process_buffer{nullptr};

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

// "2026-12-01T10:00:00.123Z". The part up to the second is formatted once a
// second per thread: absl::FormatTime costs more than the rest of a line.
void AppendTime(std::string* out, absl::Time now) {
  thread_local int64_t cached_second = -1;
  thread_local std::string cached_prefix;
  const int64_t millis = absl::ToUnixMillis(now);
  const int64_t second = millis / 1000;
  if (second != cached_second) {
    cached_second = second;
    cached_prefix =
        absl::FormatTime("%Y-%m-%d%ET%H:%M:%S.", absl::FromUnixSeconds(second),
                         absl::UTCTimeZone());
  }
  out->append(cached_prefix);
  const auto ms = static_cast<int>(millis % 1000);
  out->push_back(static_cast<char>('0' + ms / 100));
  out->push_back(static_cast<char>('0' + ms / 10 % 10));
  out->push_back(static_cast<char>('0' + ms % 10));
  out->push_back('Z');
}

void AppendMember(std::string* line, absl::string_view key,
                  absl::string_view value) {
  line->push_back(',');
  AppendJsonString(line, key);
  line->push_back(':');
  AppendJsonString(line, value);
}

std::string LineStart(Severity severity, absl::string_view event) {
  std::string line = "{\"time\":\"";
  AppendTime(&line, absl::Now());
  line.push_back('"');
  AppendMember(&line, "severity", SeverityName(severity));
  AppendMember(&line, "event", event);
  return line;
}

std::string DroppedLine(uint64_t count) {
  std::string line = LineStart(Severity::kWarning, "log_lines_dropped");
  AppendMember(&line, "count", absl::StrCat(count));
  line += "}\n";
  return line;
}

void FlushOnExit() { ProcessLogBuffer().Flush(); }

void OnFatalSignal(int signal_number) {
  if (LogBuffer* buffer = process_buffer.load()) {
    buffer->WriteFromSignalHandler();
  }
  // SA_RESETHAND restored the default action: die as the signal says.
  raise(signal_number);
}

}  // namespace

void SetMinLogSeverity(Severity severity) { min_severity = severity; }

LogBuffer& ProcessLogBuffer() {
  // Never destroyed: threads may log while the process exits.
  static LogBuffer* const buffer = [] {
    LogBuffer::Options options;
    options.dropped_line = &DroppedLine;
    auto* b = new LogBuffer(std::move(options));
    process_buffer = b;
    std::atexit(&FlushOnExit);
    return b;
  }();
  return *buffer;
}

void FlushLogs() { ProcessLogBuffer().Flush(); }

void InstallFatalSignalFlush() {
  ProcessLogBuffer();
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_handler = &OnFatalSignal;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  for (int signal_number : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) {
    sigaction(signal_number, &action, nullptr);
  }
}

void LogEvent(
    Severity severity, absl::string_view event,
    std::initializer_list<std::pair<absl::string_view, std::string>> fields) {
  if (severity < min_severity.load(std::memory_order_relaxed)) return;
  std::string line = LineStart(severity, event);
  for (const auto& [key, value] : fields) {
    AppendMember(&line, key, RedactCardNumbers(value));
  }
  line += "}\n";
  ProcessLogBuffer().Append(line, /*urgent=*/severity >= Severity::kError);
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
