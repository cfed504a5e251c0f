#include "common/redaction.h"

#include <gtest/gtest.h>

namespace payout_gateway {
namespace {

TEST(RedactCardNumbers, MasksCardNumbersLikeCorefy) {
  EXPECT_EQ(RedactCardNumbers("5123817234060000"), "512381******0000");
  EXPECT_EQ(RedactCardNumbers("card 4111111111111111 declined"),
            "card 411111******1111 declined");
  EXPECT_EQ(RedactCardNumbers("4111 1111 1111 1111"), "411111******1111");
  EXPECT_EQ(RedactCardNumbers("4111-1111-1111-1111."), "411111******1111.");
}

TEST(RedactCardNumbers, LeavesOtherNumbersAlone) {
  EXPECT_EQ(RedactCardNumbers("amount 100.55, account 12345678901"),
            "amount 100.55, account 12345678901");
  EXPECT_EQ(RedactCardNumbers("ts 1597835735"), "ts 1597835735");
  EXPECT_EQ(RedactCardNumbers("12345678901234567890"), "12345678901234567890");
  EXPECT_EQ(RedactCardNumbers(""), "");
}

}  // namespace
}  // namespace payout_gateway
