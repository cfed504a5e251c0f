#include "common/json_text.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "nlohmann/json.hpp"

namespace payout_gateway {
namespace {

std::string Quoted(absl::string_view value) {
  std::string out;
  AppendJsonString(&out, value);
  return out;
}

TEST(AppendJsonString, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(Quoted("plain"), R"("plain")");
  EXPECT_EQ(Quoted("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(Quoted("l1\nl2\r\t"), R"("l1\nl2\r\t")");
  EXPECT_EQ(Quoted(std::string("\0\x1f\x7f", 3)), R"("\u0000\u001f\u007f")");
}

TEST(AppendJsonString, KeepsValidUtf8) {
  EXPECT_EQ(Quoted("з €😀"), "\"з €😀\"");
}

TEST(AppendJsonString, ReplacesEveryInvalidByte) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(Quoted("a\xFF"
                   "b"),
            "\"a" + r + "b\"");
  EXPECT_EQ(Quoted("\xC0\xAF"), "\"" + r + r + "\"");          // overlong
  EXPECT_EQ(Quoted("\xED\xA0\x80"), "\"" + r + r + r + "\"");  // surrogate
  EXPECT_EQ(Quoted("\xF4\x90\x80\x80"),
            "\"" + r + r + r + r + "\"");              // > U+10FFFF
  EXPECT_EQ(Quoted("\xE2\x82"), "\"" + r + r + "\"");  // cut short
}

// Whatever the bytes, the result is one JSON string a strict parser
// accepts, and valid text comes back unchanged.
TEST(AppendJsonString, AnyBytesMakeValidJson) {
  std::mt19937 gen(7);
  std::uniform_int_distribution<int> byte(0, 255), length(0, 40);
  for (int i = 0; i < 20000; ++i) {
    std::string value(static_cast<std::size_t>(length(gen)), '\0');
    for (char& c : value) c = static_cast<char>(byte(gen));
    const std::string text = Quoted(value);
    const auto parsed = nlohmann::json::parse(text, nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << text;
    ASSERT_TRUE(parsed.is_string());
    // nlohmann's dump() refuses invalid UTF-8; what it accepts must come
    // back unchanged.
    bool valid_utf8 = true;
    try {
      (void)nlohmann::json(value).dump();
    } catch (const nlohmann::json::exception&) {
      valid_utf8 = false;
    }
    if (valid_utf8) {
      EXPECT_EQ(parsed.get<std::string>(), value);
    }
  }
}

}  // namespace
}  // namespace payout_gateway
