#include "common/redaction.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "absl/strings/str_replace.h"

namespace payout_gateway {
namespace {

TEST(RedactCardNumbers, MasksCardNumbersLikeCorefy) {
  EXPECT_EQ(RedactCardNumbers("5123817234060000"), "512381******0000");
  EXPECT_EQ(RedactCardNumbers("card 4111111111111111 declined"),
            "card 411111******1111 declined");
  EXPECT_EQ(RedactCardNumbers("4111 1111 1111 1111"), "411111******1111");
  EXPECT_EQ(RedactCardNumbers("4111-1111-1111-1111."), "411111******1111.");
  EXPECT_EQ(RedactCardNumbers("4111.1111.1111.1111"), "411111******1111");
}

TEST(RedactCardNumbers, MasksCardsInsideLongerDigitRuns) {
  // A card followed by its expiry, or glued to other digits: the whole run
  // is masked, so the card shows no more than its first six and last four.
  EXPECT_EQ(RedactCardNumbers("4111111111111111 1228"), "411111**********1228");
  EXPECT_EQ(RedactCardNumbers("ref-00004111111111111111"),
            "ref-000041**********1111");
  EXPECT_EQ(RedactCardNumbers("12345678901234567890"), "123456**********7890");
}

TEST(RedactCardNumbers, LeavesOtherNumbersAlone) {
  EXPECT_EQ(RedactCardNumbers("amount 100.55, account 12345678901"),
            "amount 100.55, account 12345678901");
  EXPECT_EQ(RedactCardNumbers("ts 1597835735"), "ts 1597835735");
  EXPECT_EQ(RedactCardNumbers("2020-08-19T11:15:35.000000Z"),
            "2020-08-19T11:15:35.000000Z");
  EXPECT_EQ(RedactCardNumbers("connect to 192.168.100.200 port 443"),
            "connect to 192.168.100.200 port 443");
  EXPECT_EQ(RedactCardNumbers("a  4111 1111  1111"), "a  4111 1111  1111");
  EXPECT_EQ(RedactCardNumbers(""), "");
}

// Whether more than ten digits of a number are in view: separators are
// skipped, anything else (a mask star included) ends the run.
bool HasUnmaskedCard(const std::string& text) {
  std::string digits_only;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digits_only.push_back(c);
    } else if (c != ' ' && c != '.' && c != '-') {
      digits_only.push_back('|');
    }
  }
  return std::regex_search(digits_only, std::regex("[0-9]{11}"));
}

// Every way a card number was seen written, in every position: none may
// survive with more than ten of its digits in view.
TEST(RedactCardNumbers, CorpusOfCardLikeStrings) {
  const std::vector<std::string> cards = {
      "4111111111111111", "5123817234060000",    "378282246310005",
      "6011000990139424", "3530111333300000",    "4222222222222",
      "6759649826438453", "4111111111111111111",
  };
  const std::vector<std::string> shapes = {
      "{}",   "{} 1228",          "0{}",       "card={}", "x{}y",
      "{}{}", "pan:{};exp:12/28", "ref-{}-01", "{}.",     "\"{}\"",
  };
  int checked = 0;
  for (const std::string& card : cards) {
    for (const char sep : {'\0', ' ', '.', '-'}) {
      std::string written;
      for (std::size_t i = 0; i < card.size(); ++i) {
        if (sep != '\0' && i > 0 && i % 4 == 0) written.push_back(sep);
        written.push_back(card[i]);
      }
      for (const std::string& shape : shapes) {
        const std::string text = absl::StrReplaceAll(shape, {{"{}", written}});
        const std::string masked = RedactCardNumbers(text);
        EXPECT_FALSE(HasUnmaskedCard(masked)) << text << " -> " << masked;
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 8 * 4 * 10);
}

}  // namespace
}  // namespace payout_gateway
