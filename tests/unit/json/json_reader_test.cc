#include "json/json_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "json/exact_json.h"

namespace payout_gateway {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

nlohmann::json Doc(const char* text) { return *ParseJsonExact(text); }

TEST(JsonReader, ReadsDecimalsFromNumbersAndStrings) {
  auto doc = Doc(
      R"({"a": 10, "b": "10.00", "c": 0.01, "d": null, "e": "", "f": 1e2})");
  JsonReader r(&doc, "");
  EXPECT_EQ(r.Decimal("a"), "10");
  EXPECT_EQ(r.Decimal("b"), "10.00");
  EXPECT_EQ(r.Decimal("c"), "0.01");
  EXPECT_EQ(r.Decimal("d"), "");
  EXPECT_EQ(r.Decimal("e"), "");
  EXPECT_EQ(r.Decimal("f"), "100");
  EXPECT_EQ(r.Decimal("absent"), "");
  EXPECT_TRUE(r.status().ok());
}

TEST(JsonReader, NamesThePathOfAMismatch) {
  auto doc = Doc(R"({"data": {"attributes": {"amount": "ten"}}})");
  JsonReader root(&doc, "");
  JsonReader a = root.Object("data").Object("attributes");
  EXPECT_EQ(a.Decimal("amount"), "");
  EXPECT_EQ(root.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(root.status().message(),
              HasSubstr("data.attributes.amount: expected a decimal"));
}

TEST(JsonReader, ToleratesScalarsInTheirOtherSpellings) {
  auto doc =
      Doc(R"({"b1": "true", "b2": 0, "i": "42", "s": 12, "t": "1597835735",
                     "t2": "2020-08-19T11:15:35Z", "t0": 0})");
  JsonReader r(&doc, "");
  EXPECT_THAT(r.OptionalBool("b1"), Optional(true));
  EXPECT_THAT(r.OptionalBool("b2"), Optional(false));
  EXPECT_THAT(r.OptionalInt("i"), Optional(42));
  EXPECT_EQ(r.String("s"), "12");
  ASSERT_TRUE(r.Time("t").has_value());
  EXPECT_EQ(r.Time("t")->seconds(), 1597835735);
  ASSERT_TRUE(r.Time("t2").has_value());
  EXPECT_EQ(r.Time("t2")->seconds(), 1597835735);
  EXPECT_FALSE(r.Time("t0").has_value());
  EXPECT_TRUE(r.status().ok());
}

TEST(JsonReader, ReadsMapsKeepingNonStringsAsJsonText) {
  auto doc = Doc(
      R"({"m": {"a": "x", "b": 2, "c": true, "d": {"e": 1}}, "empty": []})");
  JsonReader r(&doc, "");
  google::protobuf::Map<std::string, std::string> m, empty;
  r.StringMap("m", &m);
  r.StringMap("empty", &empty);
  EXPECT_EQ(m["a"], "x");
  EXPECT_EQ(m["b"], "2");
  EXPECT_EQ(m["c"], "true");
  EXPECT_EQ(m["d"], R"({"e":1})");
  EXPECT_TRUE(empty.empty());
  EXPECT_TRUE(r.status().ok());
}

TEST(JsonReader, RejectsObjectsWhereScalarsBelong) {
  auto doc = Doc(R"({"s": {"x": 1}})");
  JsonReader r(&doc, "");
  EXPECT_EQ(r.String("s"), "");
  EXPECT_THAT(r.status().message(), HasSubstr("s: expected a string"));
}

TEST(JsonReader, ReadsNothingFromNullOrAbsentObjects) {
  JsonReader r(nullptr, "data");
  EXPECT_FALSE(r.IsObject());
  EXPECT_EQ(r.String("id"), "");
  EXPECT_EQ(r.Object("attributes").Decimal("amount"), "");
  EXPECT_TRUE(r.status().ok());
}

TEST(JsonReader, FlagsANonObjectWhereAnObjectBelongs) {
  auto doc = Doc(R"({"data": [1, 2]})");
  JsonReader root(&doc, "");
  root.Object("data");
  EXPECT_THAT(root.status().message(), HasSubstr("data: expected an object"));
}

}  // namespace
}  // namespace payout_gateway
