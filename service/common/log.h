#ifndef PAYOUT_GATEWAY_COMMON_LOG_H_
#define PAYOUT_GATEWAY_COMMON_LOG_H_

#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"

namespace payout_gateway {

enum class Severity { kDebug, kInfo, kWarning, kError };

// Sets the least severe level that is written. Default: kInfo.
void SetMinLogSeverity(Severity severity);

// Writes one JSON object per line to stderr:
//   {"time":"...","severity":"INFO","event":"call","method":"...",...}
// String values pass through RedactCardNumbers. Credentials must never be
// passed here; the layers that hold them do not log them.
//
// Lines go through the process's LogBuffer (common/log_buffer.h): written by
// its own thread within 50 ms, errors at once, everything on exit; what can
// be lost and when is written there.
void LogEvent(Severity severity, absl::string_view event,
              std::initializer_list<std::pair<absl::string_view, std::string>>
                  fields = {});

// Writes every line logged so far before returning.
void FlushLogs();

// Writes the buffered lines before the process dies of SIGSEGV, SIGBUS,
// SIGFPE, SIGILL or SIGABRT; the signal then takes its default course (core
// dump, exit status). For a program's main().
void InstallFatalSignalFlush();

class LogBuffer;
// The buffer LogEvent writes to; created on first use.
LogBuffer& ProcessLogBuffer();

// A value from outside (a metadata value, an upstream text) made safe to
// show in a log line: printable ASCII stays, every other byte becomes
// `\xNN`, and at most `max_bytes` of the input are shown, followed by
// `...(N bytes)` when cut.
std::string EscapeUntrusted(absl::string_view value, std::size_t max_bytes);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_COMMON_LOG_H_
