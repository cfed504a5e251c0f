#include "events/event_cursor.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/error_details.h"

namespace payout_gateway {
namespace {

constexpr absl::string_view kVersion = "ev1";
// Far above any real cursor (a history name and a stream position), far
// below anything that could cost the gateway.
constexpr std::size_t kMaxCursorBytes = 512;

absl::Status InvalidCursor() {
  constexpr absl::string_view kProblem =
      "not a cursor from an event of StreamPayoutEvents";
  return ErrorBuilder(absl::StatusCode::kInvalidArgument,
                      absl::StrCat("cursor: ", kProblem))
      .Reason(reason::kInvalidCursor)
      .Violations({{"cursor", std::string(kProblem)}})
      .Hint(corefy::payout::v1::RetryHint::ACTION_FIX_REQUEST)
      .Build();
}

bool Printable(absl::string_view text) {
  for (char c : text) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return !text.empty();
}

}  // namespace

std::string EncodeEventCursor(absl::string_view history,
                              absl::string_view position) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(kVersion, "\n", history, "\n", position));
}

absl::StatusOr<std::string> DecodeEventCursor(absl::string_view cursor,
                                              absl::string_view history) {
  std::string record;
  if (cursor.size() > kMaxCursorBytes ||
      !absl::WebSafeBase64Unescape(cursor, &record)) {
    return InvalidCursor();
  }
  std::vector<std::string> parts = absl::StrSplit(record, '\n');
  if (parts.size() != 3 || parts[0] != kVersion || !Printable(parts[1]) ||
      !Printable(parts[2])) {
    return InvalidCursor();
  }
  if (parts[1] != history) {
    return EventsExpiredError(
        "the cursor is from an event history this gateway no longer has "
        "(an in-process event bus before a restart, or another bus)");
  }
  return parts[2];
}

absl::Status EventsExpiredError(absl::string_view why) {
  return ErrorBuilder(
             absl::StatusCode::kOutOfRange,
             absl::StrCat(why,
                          ": events after it cannot be delivered; reconcile "
                          "with ListPayoutInvoices, then stream without a "
                          "cursor"))
      .Reason(reason::kEventsExpired)
      .Hint(corefy::payout::v1::RetryHint::ACTION_DO_NOT_RETRY)
      .Build();
}

}  // namespace payout_gateway
