#include "json/exact_json.h"

#include <gtest/gtest.h>

#include <string>

namespace payout_gateway {
namespace {

TEST(ParseJsonExact, KeepsFractionsAsTheirText) {
  auto doc = ParseJsonExact(R"({"a": 10.10, "b": 0.1, "c": 1e-2, "d": 10})");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ((*doc)["a"], "10.10");
  EXPECT_EQ((*doc)["b"], "0.1");
  EXPECT_EQ((*doc)["c"], "1e-2");
  EXPECT_TRUE((*doc)["d"].is_number_integer());
  EXPECT_EQ((*doc)["d"], 10);
}

TEST(ParseJsonExact, KeepsIntegersTooBigForSixtyFourBitsAsText) {
  auto doc = ParseJsonExact(R"([123456789012345678901234567890])");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ((*doc)[0], "123456789012345678901234567890");
}

TEST(ParseJsonExact, BuildsNestedDocuments) {
  auto doc = ParseJsonExact(
      R"({"data": [{"id": "x", "v": [1, 2.5, null, true]}, {}], "e": {}})");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ((*doc)["data"][0]["v"][1], "2.5");
  EXPECT_TRUE((*doc)["data"][0]["v"][2].is_null());
  EXPECT_TRUE((*doc)["data"][1].is_object());
  EXPECT_TRUE((*doc)["e"].empty());
}

TEST(ParseJsonExact, FailsWithoutThrowingOnMalformedInput) {
  for (const char* bad : {"", "{", "{\"a\":}", "[1,]", "{\"a\": 1} trailing",
                          "\"\\xff\"", "nul", "{\"a\": 01}"}) {
    auto doc = ParseJsonExact(bad);
    EXPECT_EQ(doc.status().code(), absl::StatusCode::kDataLoss) << bad;
  }
}

TEST(ParseJsonExact, RefusesDeepNesting) {
  std::string deep(100, '[');
  deep += std::string(100, ']');
  EXPECT_EQ(ParseJsonExact(deep).status().code(), absl::StatusCode::kDataLoss);
  std::string fine(60, '[');
  fine += std::string(60, ']');
  EXPECT_TRUE(ParseJsonExact(fine).ok());
}

TEST(DumpWithRawNumber, AppendsTheDigitsUnchanged) {
  nlohmann::json object = {{"currency", "USD"}};
  EXPECT_EQ(DumpWithRawNumber(object, "amount", "10.10"),
            R"({"currency":"USD","amount":10.10})");
  EXPECT_EQ(
      DumpWithRawNumber(nlohmann::json::object(), "amount", "0.000000001"),
      R"({"amount":0.000000001})");
}

}  // namespace
}  // namespace payout_gateway
