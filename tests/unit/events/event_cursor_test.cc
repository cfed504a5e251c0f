#include "events/event_cursor.h"

#include <string>

#include "absl/strings/escaping.h"
#include "common/error_details.h"
#include "gtest/gtest.h"

namespace payout_gateway {
namespace {

TEST(EventCursor, RoundTripsWithinItsHistory) {
  const std::string cursor = EncodeEventCursor("in-process-1", "42");
  auto position = DecodeEventCursor(cursor, "in-process-1");
  ASSERT_TRUE(position.ok()) << position.status();
  EXPECT_EQ(*position, "42");
  // URL-safe and free of separators a caller might trip on.
  EXPECT_EQ(cursor.find_first_of("+/\n "), std::string::npos);
}

TEST(EventCursor, AnotherHistoryIsOutOfRange) {
  auto position =
      DecodeEventCursor(EncodeEventCursor("redis-a", "1-0"), "in-process-1");
  ASSERT_EQ(position.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(GetErrorInfo(position.status())->reason(), "EVENTS_EXPIRED");
}

TEST(EventCursor, AnythingElseIsAnInvalidCursor) {
  for (const std::string& bad :
       {std::string("not base64!"), std::string(""),
        absl::WebSafeBase64Escape("ev2\nh\n1"),
        absl::WebSafeBase64Escape("ev1\nh"),
        absl::WebSafeBase64Escape("ev1\nh\n1\nextra"),
        absl::WebSafeBase64Escape("ev1\nh\n\x01"),
        absl::WebSafeBase64Escape("ev1\nh\n"), std::string(600, 'A')}) {
    auto position = DecodeEventCursor(bad, "h");
    ASSERT_EQ(position.status().code(), absl::StatusCode::kInvalidArgument)
        << bad;
    EXPECT_EQ(GetErrorInfo(position.status())->reason(), "INVALID_CURSOR");
    EXPECT_EQ(GetBadRequest(position.status())->field_violations(0).field(),
              "cursor");
  }
}

}  // namespace
}  // namespace payout_gateway
