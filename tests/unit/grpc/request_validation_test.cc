#include "grpc/request_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "common/error_details.h"
#include "support/requests.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;

using ::payout_gateway_testing::ValidCreate;

std::set<std::string> ViolatedFields(const absl::Status& s) {
  std::set<std::string> fields;
  if (auto bad = GetBadRequest(s)) {
    for (const auto& v : bad->field_violations()) fields.insert(v.field());
  }
  return fields;
}

TEST(ValidateCreatePayoutInvoice, AcceptsAValidRequest) {
  EXPECT_TRUE(ValidateCreatePayoutInvoice(ValidCreate()).ok());
}

struct CreateCase {
  const char* name;
  std::function<void(v1::CreatePayoutInvoiceRequest&)> mutate;
  std::string field;
};

class CreateValidationTest : public ::testing::TestWithParam<CreateCase> {};

TEST_P(CreateValidationTest, NamesTheField) {
  v1::CreatePayoutInvoiceRequest r = ValidCreate();
  GetParam().mutate(r);
  absl::Status s = ValidateCreatePayoutInvoice(r);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ViolatedFields(s), std::set<std::string>{GetParam().field});
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr(GetParam().field));
  EXPECT_EQ(GetErrorInfo(s)->reason(), "INVALID_REQUEST");
}

INSTANTIATE_TEST_SUITE_P(
    Table, CreateValidationTest,
    ::testing::Values(
        CreateCase{"MissingReference", [](auto& r) { r.clear_reference_id(); },
                   "reference_id"},
        CreateCase{"ControlCharInReference",
                   [](auto& r) { r.set_reference_id("a\nb"); }, "reference_id"},
        CreateCase{"LongReference",
                   [](auto& r) { r.set_reference_id(std::string(256, 'x')); },
                   "reference_id"},
        CreateCase{"MissingService", [](auto& r) { r.clear_service(); },
                   "service"},
        CreateCase{"ServiceWithSlash", [](auto& r) { r.set_service("a/b"); },
                   "service"},
        CreateCase{"MissingCurrency", [](auto& r) { r.clear_currency(); },
                   "currency"},
        CreateCase{"LowerCurrency", [](auto& r) { r.set_currency("usd"); },
                   "currency"},
        CreateCase{"LongCurrency", [](auto& r) { r.set_currency("USDT"); },
                   "currency"},
        CreateCase{"MissingAmount", [](auto& r) { r.clear_amount(); },
                   "amount"},
        CreateCase{"ZeroAmount", [](auto& r) { r.set_amount("0.00"); },
                   "amount"},
        CreateCase{"NegativeAmount", [](auto& r) { r.set_amount("-5"); },
                   "amount"},
        CreateCase{"ExponentAmount", [](auto& r) { r.set_amount("1e3"); },
                   "amount"},
        CreateCase{"CommaAmount", [](auto& r) { r.set_amount("1,5"); },
                   "amount"},
        CreateCase{"EmptyFieldKey",
                   [](auto& r) { (*r.mutable_fields())[""] = "x"; }, "fields"},
        CreateCase{"CallbackNotHttp",
                   [](auto& r) { r.set_callback_url("ftp://x"); },
                   "callback_url"},
        CreateCase{"CallbackWithSpace",
                   [](auto& r) { r.set_callback_url("https://a b"); },
                   "callback_url"},
        CreateCase{"CustomerWithoutReference",
                   [](auto& r) { r.mutable_customer()->set_name("Ann"); },
                   "customer.reference_id"},
        CreateCase{"CustomerEmail",
                   [](auto& r) {
                     r.mutable_customer()->set_reference_id("c1");
                     r.mutable_customer()->set_email("not-an-email");
                   },
                   "customer.email"},
        CreateCase{"CustomerBirthDate",
                   [](auto& r) {
                     r.mutable_customer()->set_reference_id("c1");
                     r.mutable_customer()->set_date_of_birth("1990-13-40");
                   },
                   "customer.date_of_birth"},
        CreateCase{"CustomerCountry",
                   [](auto& r) {
                     r.mutable_customer()->set_reference_id("c1");
                     r.mutable_customer()->mutable_address()->set_country(
                         "usa");
                   },
                   "customer.address.country"},
        CreateCase{"LongDescription",
                   [](auto& r) { r.set_description(std::string(5000, 'd')); },
                   "description"},
        // Every string field is bounded, not only the free text.
        CreateCase{"LongService",
                   [](auto& r) { r.set_service(std::string(129, 's')); },
                   "service"},
        CreateCase{"LongFieldValue",
                   [](auto& r) {
                     (*r.mutable_fields())["account"] = std::string(2049, '1');
                   },
                   "fields.account"},
        CreateCase{"LongMetadataKey",
                   [](auto& r) {
                     (*r.mutable_metadata())[std::string(2049, 'k')] = "v";
                   },
                   "metadata." + std::string(64, 'k') + "...(2049 bytes)"},
        CreateCase{"TooManyMetadataEntries",
                   [](auto& r) {
                     for (int i = 0; i < 65; ++i) {
                       (*r.mutable_metadata())["k" + std::to_string(i)] = "v";
                     }
                   },
                   "metadata"},
        CreateCase{"TooManyContextEntries",
                   [](auto& r) {
                     for (int i = 0; i < 65; ++i) {
                       (*r.mutable_context())["k" + std::to_string(i)] = "v";
                     }
                   },
                   "context"},
        CreateCase{"LongCustomerPhone",
                   [](auto& r) {
                     r.mutable_customer()->set_reference_id("c1");
                     r.mutable_customer()->set_phone(std::string(2049, '1'));
                   },
                   "customer.phone"},
        CreateCase{"LongCity",
                   [](auto& r) {
                     r.mutable_customer()->set_reference_id("c1");
                     r.mutable_customer()->mutable_address()->set_city(
                         std::string(2049, 'c'));
                   },
                   "customer.address.city"},
        CreateCase{"ReservedMetadataKey",
                   [](auto& r) {
                     (*r.mutable_metadata())["payout_gateway_initiator"] = "x";
                   },
                   "metadata.payout_gateway_initiator"},
        CreateCase{
            "ControlCharacterInKey",
            [](auto& r) {
              (*r.mutable_fields())[std::string("a\r\nb", 4) +
                                    std::string(2049, 'x')] = "v";
            },
            "fields.a\\x0d\\x0ab" + std::string(60, 'x') + "...(2053 bytes)"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ValidateCreatePayoutInvoice, ReportsEveryInvalidFieldAtOnce) {
  v1::CreatePayoutInvoiceRequest r;
  absl::Status s = ValidateCreatePayoutInvoice(r);
  EXPECT_EQ(ViolatedFields(s), (std::set<std::string>{"reference_id", "service",
                                                      "currency", "amount"}));
}

TEST(ValidatePayoutPrerequest, ChecksCurrencyAndAmount) {
  v1::PayoutPrerequestRequest r;
  r.set_currency("USD");
  r.set_amount("10");
  EXPECT_TRUE(ValidatePayoutPrerequest(r).ok());
  r.set_amount("ten");
  r.set_currency("US");
  EXPECT_EQ(ViolatedFields(ValidatePayoutPrerequest(r)),
            (std::set<std::string>{"amount", "currency"}));
}

TEST(ValidateIds, RequireSafeIds) {
  v1::ProcessPayoutInvoiceRequest process;
  EXPECT_EQ(ViolatedFields(ValidateProcessPayoutInvoice(process)),
            std::set<std::string>{"id"});
  process.set_id("../admin");
  EXPECT_EQ(ViolatedFields(ValidateProcessPayoutInvoice(process)),
            std::set<std::string>{"id"});
  process.set_id("cpoi_VdHYVxq4RsLEebAQ");
  EXPECT_TRUE(ValidateProcessPayoutInvoice(process).ok());

  v1::GetPayoutServiceRequest service;
  service.set_id("comcpos_1?x=1");
  EXPECT_FALSE(ValidateGetPayoutService(service).ok());
}

TEST(ValidateGetPayoutInvoice, NeedsExactlyOneLookup) {
  v1::GetPayoutInvoiceRequest r;
  EXPECT_EQ(ViolatedFields(ValidateGetPayoutInvoice(r)),
            std::set<std::string>{"lookup"});
  r.set_reference_id("any text, even with spaces / slashes");
  EXPECT_TRUE(ValidateGetPayoutInvoice(r).ok());
  r.set_id("cpoi_1");
  EXPECT_TRUE(ValidateGetPayoutInvoice(r).ok());
}

TEST(ValidateLists, RejectNegativePageSize) {
  v1::ListPayoutInvoicesRequest invoices;
  invoices.set_page_size(-1);
  EXPECT_EQ(ViolatedFields(ValidateListPayoutInvoices(invoices)),
            std::set<std::string>{"page_size"});
  v1::ListPayoutServicesRequest services;
  services.set_page_size(20);
  EXPECT_TRUE(ValidateListPayoutServices(services).ok());
}

TEST(ValidateCreatePayoutInvoice, LimitsAreConfigurable) {
  RequestLimits tight;
  tight.max_field_bytes = 16;
  tight.max_map_entries = 1;
  v1::CreatePayoutInvoiceRequest r = ValidCreate();
  r.set_description(std::string(17, 'd'));
  (*r.mutable_metadata())["a"] = "1";
  (*r.mutable_metadata())["b"] = "2";
  EXPECT_EQ(ViolatedFields(ValidateCreatePayoutInvoice(r, tight)),
            (std::set<std::string>{"description", "metadata"}));
  EXPECT_TRUE(ValidateCreatePayoutInvoice(r).ok());
}

TEST(ValidateLists, RejectOversizedPageTokens) {
  v1::ListPayoutInvoicesRequest invoices;
  invoices.set_page_token(std::string(513, 'A'));
  EXPECT_EQ(ViolatedFields(ValidateListPayoutInvoices(invoices)),
            std::set<std::string>{"page_token"});
  v1::ListPayoutServicesRequest services;
  services.set_page_token(std::string(513, 'A'));
  EXPECT_EQ(ViolatedFields(ValidateListPayoutServices(services)),
            std::set<std::string>{"page_token"});
}

}  // namespace
}  // namespace payout_gateway
