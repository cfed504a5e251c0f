#include "json/create_payout_invoice_json.h"

#include <gtest/gtest.h>

#include "support/json_compare.h"
#include "support/test_data.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;
using ::payout_gateway_testing::CanonicalJson;
using ::payout_gateway_testing::ReadTestData;

v1::CreatePayoutInvoiceRequest ContractSampleRequest() {
  v1::CreatePayoutInvoiceRequest r;
  r.set_service("card");
  r.set_currency("USD");
  r.set_amount("10");
  r.set_reference_id("a5c22bfb-04c1-4dbf-8b46-9753bf1f6570");
  r.set_test_mode(true);
  (*r.mutable_fields())["card_number"] = "5123817234060000";
  r.set_callback_url(
      "https://webhook.site/1192f6ef-71c9-4b80-b43b-133d8fe14677");
  r.mutable_options()->set_split_mode(false);
  r.mutable_options()->set_parallel_mode(false);
  r.mutable_options()->set_allow_partially(false);
  r.mutable_options()->set_auto_process(false);
  auto* c = r.mutable_customer();
  c->set_reference_id("1203515");
  c->set_email("somename@domain.com");
  c->set_name("John Wick");
  (*c->mutable_metadata())["key1"] = "value1";
  (*c->mutable_metadata())["key2"] = "value2";
  (*r.mutable_metadata())["key"] = "value";
  return r;
}

TEST(CreatePayoutInvoiceBody, EqualsTheContractSample) {
  EXPECT_EQ(CanonicalJson(CreatePayoutInvoiceBody(ContractSampleRequest())),
            CanonicalJson(ReadTestData("create_invoice_request.json")));
}

TEST(CreatePayoutInvoiceBody, SendsTheCallersDigitsAsANumber) {
  v1::CreatePayoutInvoiceRequest r = ContractSampleRequest();
  r.set_amount("100.50");
  std::string body = CreatePayoutInvoiceBody(r);
  EXPECT_NE(body.find("\"amount\":100.50"), std::string::npos) << body;
  r.set_amount("12345678901234.000000000001");
  body = CreatePayoutInvoiceBody(r);
  EXPECT_NE(body.find("\"amount\":12345678901234.000000000001"),
            std::string::npos);
}

TEST(CreatePayoutInvoiceBody, OmitsWhatTheCallerDidNotSet) {
  v1::CreatePayoutInvoiceRequest r;
  r.set_reference_id("r-1");
  r.set_service("test_usd");
  r.set_currency("USD");
  r.set_amount("1");
  nlohmann::json body = CanonicalJson(CreatePayoutInvoiceBody(r));
  EXPECT_EQ(body, nlohmann::json::parse(R"({"data": {"type": "payout-invoice",
      "attributes": {"reference_id": "r-1", "service": "test_usd",
                     "currency": "USD", "amount": "1"}}})"));
}

TEST(CreatePayoutInvoiceBody, SendsOnlyTheOptionsThatAreSet) {
  v1::CreatePayoutInvoiceRequest r = ContractSampleRequest();
  r.clear_options();
  r.mutable_options()->set_auto_process(true);
  nlohmann::json body = CanonicalJson(CreatePayoutInvoiceBody(r));
  EXPECT_EQ(body["data"]["attributes"]["options"],
            nlohmann::json::parse(R"({"auto_process": true})"));
}

TEST(CreatePayoutInvoiceBody, EscapesTextSafely) {
  v1::CreatePayoutInvoiceRequest r = ContractSampleRequest();
  r.set_description("quote \" backslash \\ newline \n ünïcode");
  nlohmann::json body = CanonicalJson(CreatePayoutInvoiceBody(r));
  EXPECT_EQ(body["data"]["attributes"]["description"],
            "quote \" backslash \\ newline \n ünïcode");
}

}  // namespace
}  // namespace payout_gateway
