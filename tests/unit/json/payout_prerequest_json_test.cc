#include "json/payout_prerequest_json.h"

#include <gtest/gtest.h>

#include "support/json_compare.h"
#include "support/test_data.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;
using ::payout_gateway_testing::Canonical;
using ::payout_gateway_testing::CanonicalJson;
using ::payout_gateway_testing::JsonSubsetDifference;
using ::payout_gateway_testing::ReadTestData;

TEST(PayoutPrerequestJson, BodyMatchesTheContractSample) {
  v1::PayoutPrerequestRequest request;
  request.set_currency("USD");
  request.set_amount("10");
  std::string body = PayoutPrerequestBody(
      request, "pk_live_NM6Rpg6A29zNlSQHiCsprOJyT9WXuFa76WcwwBB69cS");
  EXPECT_EQ(CanonicalJson(body),
            CanonicalJson(ReadTestData("prerequest_request.json")));
}

TEST(PayoutPrerequestJson, BodyCarriesTheCallersDigits) {
  v1::PayoutPrerequestRequest request;
  request.set_currency("USD");
  request.set_amount("10.50");
  EXPECT_NE(PayoutPrerequestBody(request, "pk").find("\"amount\":10.50"),
            std::string::npos);
}

TEST(PayoutPrerequestJson, ResponseSampleRoundTrips) {
  std::string text = ReadTestData("prerequest_response.json");
  v1::PayoutPrerequestResponse response;
  ASSERT_TRUE(ParsePayoutPrerequestDocument(text, &response).ok());
  // The contract's sample nests `methods` and `account` inside `services`;
  // the gateway writes them beside it, where Corefy's documentation has them.
  nlohmann::json expected = CanonicalJson(text)["data"];
  ASSERT_TRUE(expected["services"].contains("methods"));
  expected["methods"] = expected["services"]["methods"];
  expected["account"] = expected["services"]["account"];
  expected["services"].erase("methods");
  expected["services"].erase("account");
  EXPECT_EQ(JsonSubsetDifference(expected,
                                 Canonical(PayoutPrerequestToJson(response))),
            "");
}

TEST(PayoutPrerequestJson, ReadsMethodsAndAccountBesideServicesToo) {
  v1::PayoutPrerequestResponse r;
  ASSERT_TRUE(ParsePayoutPrerequestDocument(
                  R"({"data": {"currency": "EUR", "amount": "5.5",
                      "services": {"sepa_eur": {"code": "sepa_eur", "method": "sepa",
                                                "fields": []}},
                      "methods": {"sepa": {"code": "sepa", "category": "bank_transfer"}},
                      "account": {"name": "Shop"}}})",
                  &r)
                  .ok());
  ASSERT_EQ(r.services_size(), 1);
  ASSERT_EQ(r.methods_size(), 1);
  EXPECT_EQ(r.methods(0).category(), "bank_transfer");
  EXPECT_EQ(r.account().name(), "Shop");
  EXPECT_EQ(r.amount(), "5.5");
}

TEST(PayoutPrerequestJson, MapsTheSampleFieldByField) {
  v1::PayoutPrerequestResponse r;
  ASSERT_TRUE(ParsePayoutPrerequestDocument(
                  ReadTestData("prerequest_response.json"), &r)
                  .ok());
  EXPECT_EQ(r.currency(), "USD");
  EXPECT_EQ(r.amount(), "10");
  EXPECT_TRUE(r.test_mode());
  ASSERT_EQ(r.services_size(), 1);
  const auto& s = r.services(0);
  EXPECT_EQ(s.code(), "test_usd");
  EXPECT_EQ(s.method(), "test");
  EXPECT_EQ(s.amount_min(), "0.01");
  EXPECT_EQ(s.amount_max(), "9999999");
  EXPECT_EQ(s.exchange_rate(), "1");
  EXPECT_EQ(s.amount(), "10.00");
  ASSERT_EQ(s.fields_size(), 4);
  const auto& account = s.fields(0);
  EXPECT_EQ(account.key(), "account");
  EXPECT_EQ(account.label().at("en"), "Account");
  EXPECT_EQ(account.label().at("uk"), "Акаунт");
  EXPECT_EQ(account.hint().at("ru"), "Аккаунт");
  EXPECT_FALSE(account.has_example());
  EXPECT_EQ(account.regexp(), "^\\\\d{1,15}$");
  EXPECT_EQ(account.pattern(), "^\\d{1,15}$");
  EXPECT_TRUE(account.required());
  EXPECT_EQ(s.fields(2).pattern(), "^[A-Z\\-\\sa-z]{2,64}$");
  ASSERT_EQ(r.methods_size(), 1);
  EXPECT_EQ(r.methods(0).code(), "test");
  EXPECT_EQ(r.methods(0).category(), "alternative");
  EXPECT_EQ(r.methods(0).name().at("en"), "Test");
  EXPECT_FALSE(r.methods(0).has_position());
  EXPECT_FALSE(r.methods(0).has_hide());
  EXPECT_EQ(r.account().name(), "4Docs");
  EXPECT_EQ(r.account().website(), "https://lets.doc.it");
}

struct PatternCase {
  const char* raw;
  const char* normalized;
};

class NormalizeFieldPatternTest : public ::testing::TestWithParam<PatternCase> {
};

TEST_P(NormalizeFieldPatternTest, MakesAUsablePattern) {
  EXPECT_EQ(NormalizeFieldPattern(GetParam().raw), GetParam().normalized);
}

INSTANTIATE_TEST_SUITE_P(
    Table, NormalizeFieldPatternTest,
    ::testing::Values(PatternCase{R"(^\\d{1,15}$)", R"(^\d{1,15}$)"},
                      PatternCase{R"(^\d{1,15}$)", R"(^\d{1,15}$)"},
                      PatternCase{R"(/^\d{1,15}$/)", R"(^\d{1,15}$)"},
                      PatternCase{R"(/^[a-z]+$/i)", R"(^[a-z]+$)"},
                      PatternCase{R"(/^\\d+$/)", R"(^\d+$)"},
                      PatternCase{R"(^[A-Z\\-\\sa-z]{2,64}$)",
                                  R"(^[A-Z\-\sa-z]{2,64}$)"},
                      PatternCase{R"(^a\\b\d$)", R"(^a\\b\d$)"},
                      PatternCase{"", ""}, PatternCase{"/", "/"}));

}  // namespace
}  // namespace payout_gateway
