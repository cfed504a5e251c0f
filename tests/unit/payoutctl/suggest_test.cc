#include "payoutctl/suggest.h"

#include <gtest/gtest.h>

namespace payoutctl {
namespace {

const std::vector<std::string> kFlags = {
    "--callback-url", "--currency",  "--customer-name", "--customer-email",
    "--reference-id", "--page-size", "--page-token",    "--gateway"};

TEST(Suggest, ReadsUnderscoresAsDashes) {
  EXPECT_EQ(Suggest("--callback_url", kFlags), "--callback-url");
  EXPECT_EQ(Suggest("--PAGE_SIZE", kFlags), "--page-size");
}

TEST(Suggest, FindsSmallTypos) {
  EXPECT_EQ(Suggest("--refrence-id", kFlags), "--reference-id");  // deletion
  EXPECT_EQ(Suggest("--gatway", kFlags), "--gateway");
  EXPECT_EQ(Suggest("--curency", kFlags), "--currency");
  EXPECT_EQ(Suggest("--page-szie", kFlags), "--page-size");  // swap
  EXPECT_EQ(Suggest("invocies", {"invoices", "services"}), "invoices");
  EXPECT_EQ(Suggest("gte", {"get", "list", "watch"}), "get");
}

TEST(Suggest, FindsAUniquePrefix) {
  EXPECT_EQ(Suggest("--callback", kFlags), "--callback-url");
  // Two flags start with --customer: nothing is guessed.
  EXPECT_EQ(Suggest("--customer", kFlags), std::nullopt);
}

TEST(Suggest, GuessesNothingFarAway) {
  EXPECT_EQ(Suggest("--json", kFlags), std::nullopt);
  EXPECT_EQ(Suggest("frobnicate", {"get", "list", "watch"}), std::nullopt);
  EXPECT_EQ(Suggest("--", kFlags), std::nullopt);
  EXPECT_EQ(Suggest("", kFlags), std::nullopt);
  EXPECT_EQ(Suggest(std::string(10000, 'x'), kFlags), std::nullopt);
}

}  // namespace
}  // namespace payoutctl
