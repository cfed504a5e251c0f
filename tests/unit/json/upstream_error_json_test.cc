#include "json/upstream_error_json.h"

#include <gtest/gtest.h>

#include "support/test_data.h"

namespace payout_gateway {
namespace {

using ::payout_gateway_testing::ReadTestData;

TEST(ParseUpstreamError, ReadsTheContractsErrorList) {
  UpstreamError e = ParseUpstreamError(ReadTestData("error_404.json"));
  EXPECT_EQ(e.status, "Not Found");
  EXPECT_EQ(e.code, "404");
  EXPECT_EQ(e.Summary(), "Not Found");
  EXPECT_TRUE(e.violations.empty());

  UpstreamError e500 = ParseUpstreamError(ReadTestData("error_500.json"));
  EXPECT_EQ(e500.code, "500");
  EXPECT_EQ(e500.title, "internal_error");
  EXPECT_EQ(e500.detail, "Internal server error.");
  EXPECT_EQ(e500.Summary(), "Internal server error.");

  EXPECT_EQ(ParseUpstreamError(ReadTestData("error_401.json")).status,
            "Unauthorized");
  EXPECT_EQ(ParseUpstreamError(ReadTestData("error_405.json")).code, "405");
}

TEST(ParseUpstreamError, ReadsTheContractsFieldMap) {
  UpstreamError e = ParseUpstreamError(ReadTestData("error_422.json"));
  ASSERT_EQ(e.violations.size(), 1u);
  EXPECT_EQ(e.violations[0].field, "amount");
  EXPECT_EQ(e.violations[0].description,
            "This value should be greater than 0.");
  EXPECT_EQ(e.Summary(), "amount: This value should be greater than 0.");
}

TEST(ParseUpstreamError, ReadsFieldErrorsFromAJsonApiList) {
  UpstreamError e = ParseUpstreamError(R"({"errors": [
      {"status": "422", "title": "Invalid value", "detail": "must be digits",
       "source": {"pointer": "/data/attributes/fields/account"}},
      {"status": "422", "detail": "too long", "field": "customer.email"}]})");
  ASSERT_EQ(e.violations.size(), 2u);
  EXPECT_EQ(e.violations[0].field, "fields.account");
  EXPECT_EQ(e.violations[0].description, "must be digits");
  EXPECT_EQ(e.violations[1].field, "customer.email");
}

TEST(ParseUpstreamError, ReadsTheOlderDraftShape) {
  UpstreamError e = ParseUpstreamError(
      R"({"request_id": "req-9", "error_type": "validation_error",
          "error_codes": ["amount_invalid", "currency_invalid"]})");
  EXPECT_EQ(e.request_id, "req-9");
  EXPECT_EQ(e.title, "validation_error");
  EXPECT_EQ(e.detail, "amount_invalid; currency_invalid");
}

TEST(ParseUpstreamError, MasksCardNumbersInMessages) {
  UpstreamError e = ParseUpstreamError(
      R"({"errors": {"fields.card_number": "Card 4111111111111111 is not valid."}})");
  ASSERT_EQ(e.violations.size(), 1u);
  EXPECT_EQ(e.violations[0].description, "Card 411111******1111 is not valid.");
}

TEST(ParseUpstreamError, KeepsTheResourceOfAConflict) {
  UpstreamError e = ParseUpstreamError(
      R"({"errors": [{"status": "Conflict", "code": "409"}],
          "data": {"type": "payout-invoices", "id": "cpoi_x"}})");
  EXPECT_EQ(e.data["id"], "cpoi_x");
}

TEST(ParseUpstreamError, NeverFailsOnGarbage) {
  for (const char* body :
       {"", "<html>502 Bad Gateway</html>", "[]", "{\"errors\": 3}",
        "{\"errors\": [1, \"x\", null]}"}) {
    UpstreamError e = ParseUpstreamError(body);
    EXPECT_TRUE(e.violations.empty()) << body;
  }
}

TEST(UpstreamFieldToProtoPath, NormalisesPointersAndBrackets) {
  EXPECT_EQ(UpstreamFieldToProtoPath("amount"), "amount");
  EXPECT_EQ(UpstreamFieldToProtoPath("/data/attributes/amount"), "amount");
  EXPECT_EQ(UpstreamFieldToProtoPath("data.attributes.fields[account]"),
            "fields.account");
  EXPECT_EQ(UpstreamFieldToProtoPath("customer[address][city]"),
            "customer.address.city");
}

}  // namespace
}  // namespace payout_gateway
