#ifndef PAYOUT_GATEWAY_EVENTS_EVENT_CURSOR_H_
#define PAYOUT_GATEWAY_EVENTS_EVENT_CURSOR_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace payout_gateway {

// The resume cursor of StreamPayoutEvents: the bus's history and the
// event's position in it, opaque to callers (URL-safe base64 of a
// versioned record).
std::string EncodeEventCursor(absl::string_view history,
                              absl::string_view position);

// The position a caller's `cursor` names in the bus history `history`.
// INVALID_ARGUMENT (INVALID_CURSOR, a violation of `cursor`) for anything
// that is not a cursor the gateway made; OUT_OF_RANGE (EVENTS_EXPIRED)
// for a cursor of another history (an in-process bus before a restart, or
// another bus), whose later events the gateway cannot know.
absl::StatusOr<std::string> DecodeEventCursor(absl::string_view cursor,
                                              absl::string_view history);

// The status a stream ends with when its bus reports OUT_OF_RANGE.
absl::Status EventsExpiredError(absl::string_view why);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_EVENTS_EVENT_CURSOR_H_
