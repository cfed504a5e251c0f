#include "common/decimal.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace payout_gateway {
namespace {

using ::testing::Optional;

struct PositiveCase {
  const char* text;
  bool valid;
};

class IsPositiveDecimalTest : public ::testing::TestWithParam<PositiveCase> {};

TEST_P(IsPositiveDecimalTest, AcceptsOnlyPlainPositiveDecimals) {
  EXPECT_EQ(IsPositiveDecimal(GetParam().text), GetParam().valid)
      << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Table, IsPositiveDecimalTest,
    ::testing::Values(PositiveCase{"10", true}, PositiveCase{"100.55", true},
                      PositiveCase{"0.01", true}, PositiveCase{"10.10", true},
                      PositiveCase{"999999999999999999", true},
                      PositiveCase{"0.000000000000000001", true},
                      PositiveCase{"", false}, PositiveCase{"0", false},
                      PositiveCase{"0.00", false}, PositiveCase{"-1", false},
                      PositiveCase{"+1", false}, PositiveCase{"1e3", false},
                      PositiveCase{"10.", false}, PositiveCase{".5", false},
                      PositiveCase{"01", false}, PositiveCase{"1,5", false},
                      PositiveCase{" 1", false}, PositiveCase{"1.2.3", false},
                      PositiveCase{"NaN", false}, PositiveCase{"ten", false},
                      PositiveCase{"1000000000000000000", false},
                      PositiveCase{"1.0000000000000000001", false}));

struct JsonNumberCase {
  const char* json;
  const char* decimal;
};

class JsonNumberToDecimalTest
    : public ::testing::TestWithParam<JsonNumberCase> {};

TEST_P(JsonNumberToDecimalTest, KeepsEveryDigit) {
  EXPECT_THAT(JsonNumberToDecimal(GetParam().json),
              Optional(std::string(GetParam().decimal)));
}

INSTANTIATE_TEST_SUITE_P(
    Table, JsonNumberToDecimalTest,
    ::testing::Values(
        JsonNumberCase{"10", "10"}, JsonNumberCase{"10.50", "10.50"},
        JsonNumberCase{"-0.5", "-0.5"}, JsonNumberCase{"1e-2", "0.01"},
        JsonNumberCase{"1.5E3", "1500"}, JsonNumberCase{"1.5e+1", "15"},
        JsonNumberCase{"12.345e-1", "1.2345"}, JsonNumberCase{"0.1e1", "1"},
        JsonNumberCase{"123456789012345678901234567890.25",
                       "123456789012345678901234567890.25"}));

TEST(JsonNumberToDecimal, RejectsWhatIsNotANumber) {
  EXPECT_EQ(JsonNumberToDecimal(""), std::nullopt);
  EXPECT_EQ(JsonNumberToDecimal("abc"), std::nullopt);
  EXPECT_EQ(JsonNumberToDecimal("1."), std::nullopt);
  EXPECT_EQ(JsonNumberToDecimal("1e"), std::nullopt);
  EXPECT_EQ(JsonNumberToDecimal("1e999"), std::nullopt);
}

TEST(CompareDecimals, ComparesByValueNotText) {
  EXPECT_THAT(CompareDecimals("10", "10.00"), Optional(0));
  EXPECT_THAT(CompareDecimals("10.1", "10.10"), Optional(0));
  EXPECT_THAT(CompareDecimals("9.99", "10"), Optional(-1));
  EXPECT_THAT(CompareDecimals("100", "99.999"), Optional(1));
  EXPECT_THAT(CompareDecimals("-1", "0"), Optional(-1));
  EXPECT_THAT(CompareDecimals("-2", "-1"), Optional(-1));
  EXPECT_THAT(CompareDecimals("-0", "0.0"), Optional(0));
  EXPECT_THAT(CompareDecimals("007", "7"), Optional(0));
  EXPECT_EQ(CompareDecimals("x", "1"), std::nullopt);
}

}  // namespace
}  // namespace payout_gateway
