#include "payoutctl/money.h"

#include <gtest/gtest.h>

namespace payoutctl {
namespace {

TEST(MinorUnitDigits, FollowsIso4217) {
  EXPECT_EQ(MinorUnitDigits("USD"), 2);
  EXPECT_EQ(MinorUnitDigits("EUR"), 2);
  EXPECT_EQ(MinorUnitDigits("JPY"), 0);
  EXPECT_EQ(MinorUnitDigits("KRW"), 0);
  EXPECT_EQ(MinorUnitDigits("KWD"), 3);
  EXPECT_EQ(MinorUnitDigits("CLF"), 4);
  EXPECT_EQ(MinorUnitDigits("BTC"), std::nullopt);  // not ISO 4217
  EXPECT_EQ(MinorUnitDigits("usd"), std::nullopt);
  EXPECT_EQ(MinorUnitDigits("USDT"), std::nullopt);
  EXPECT_EQ(MinorUnitDigits(""), std::nullopt);
}

TEST(DisplayAmount, PadsToTheMinorUnits) {
  EXPECT_EQ(DisplayAmount("10.5", "USD"), "10.50 USD");
  EXPECT_EQ(DisplayAmount("10", "USD"), "10.00 USD");
  EXPECT_EQ(DisplayAmount("10.50", "USD"), "10.50 USD");
  EXPECT_EQ(DisplayAmount("1000", "JPY"), "1000 JPY");
  EXPECT_EQ(DisplayAmount("1000.00", "JPY"), "1000 JPY");
  EXPECT_EQ(DisplayAmount("1.5", "KWD"), "1.500 KWD");
  EXPECT_EQ(DisplayAmount("0.01", "EUR"), "0.01 EUR");
}

TEST(DisplayAmount, NeverRounds) {
  EXPECT_EQ(DisplayAmount("10.505", "USD"), "10.505 USD");
  EXPECT_EQ(DisplayAmount("1000.5", "JPY"), "1000.5 JPY");
  EXPECT_EQ(DisplayAmount("10.5050", "USD"), "10.505 USD");
}

TEST(DisplayAmount, ShowsWhatItCannotReadAsSent) {
  EXPECT_EQ(DisplayAmount("0.00012", "BTC"), "0.00012 BTC");
  EXPECT_EQ(DisplayAmount("1e3", "USD"), "1e3 USD");
  EXPECT_EQ(DisplayAmount("-5", "USD"), "-5 USD");
  EXPECT_EQ(DisplayAmount("5.", "USD"), "5. USD");
  EXPECT_EQ(DisplayAmount(".5", "USD"), ".5 USD");
  EXPECT_EQ(DisplayAmount("", "USD"), "-");
}

TEST(AmountDigits, LeavesTheCurrencyOut) {
  EXPECT_EQ(AmountDigits("9999999", "USD"), "9999999.00");
  EXPECT_EQ(AmountDigits("", "USD"), "-");
}

}  // namespace
}  // namespace payoutctl
