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
void LogEvent(Severity severity, absl::string_view event,
              std::initializer_list<std::pair<absl::string_view, std::string>>
                  fields = {});

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_COMMON_LOG_H_
