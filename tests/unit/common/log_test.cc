#include "common/log.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace payout_gateway
