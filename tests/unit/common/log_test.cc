#include "common/log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace payout_gateway {
namespace {

TEST(EscapeUntrusted, KeepsPrintableAsciiAndEscapesTheRest) {
  EXPECT_EQ(EscapeUntrusted("order-17", 64), "order-17");
  EXPECT_EQ(EscapeUntrusted("a\r\nb\tc", 64), "a\\x0d\\x0ab\\x09c");
  EXPECT_EQ(EscapeUntrusted(std::string("a\0b", 3), 64), "a\\x00b");
  EXPECT_EQ(EscapeUntrusted("\xd0\xb7", 64), "\\xd0\\xb7");
  EXPECT_EQ(EscapeUntrusted("back\\slash", 64), "back\\x5cslash");
}

TEST(EscapeUntrusted, ShowsOnlyTheFirstBytesOfALongValue) {
  EXPECT_EQ(EscapeUntrusted(std::string(10240, 'x'), 4),
            "xxxx...(10240 bytes)");
}

// A line still in the buffer when the process dies of a fatal signal is
// written by the handler (the flush thread waits 50 ms; abort() does not).
TEST(LogEventDeathTest, AFatalSignalWritesTheBufferedLines) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        InstallFatalSignalFlush();
        LogEvent(Severity::kInfo, "last_words", {{"detail", "kept"}});
        std::abort();
      },
      "\"event\":\"last_words\",\"detail\":\"kept\"");
}

TEST(LogEvent, WritesOneJsonObjectPerLine) {
  testing::internal::CaptureStderr();
  LogEvent(Severity::kWarning, "shape", {{"card", "4111111111111111"}});
  FlushLogs();
  const std::string out = testing::internal::GetCapturedStderr();
  EXPECT_THAT(out,
              ::testing::MatchesRegex(
                  "\\{\"time\":\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\\."
                  "[0-9]{3}Z\",\"severity\":\"WARNING\",\"event\":"
                  "\"shape\",\"card\":\"411111\\*\\*\\*\\*\\*\\*1111\"\\}\n"));
}

}  // namespace
}  // namespace payout_gateway
