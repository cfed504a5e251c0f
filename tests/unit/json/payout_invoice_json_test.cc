#include "json/payout_invoice_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "nlohmann/json.hpp"
#include "support/json_compare.h"
#include "support/test_data.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;
using ::payout_gateway_testing::Canonical;
using ::payout_gateway_testing::CanonicalJson;
using ::payout_gateway_testing::JsonSubsetDifference;
using ::payout_gateway_testing::ReadTestData;
using ::testing::HasSubstr;

// The contract's single-invoice documents map into the proto and back
// without losing a member.
class InvoiceSampleTest : public ::testing::TestWithParam<const char*> {};

TEST_P(InvoiceSampleTest, RoundTripsEveryMember) {
  std::string text = ReadTestData(GetParam());
  v1::PayoutInvoice invoice;
  ASSERT_TRUE(ParsePayoutInvoiceDocument(text, &invoice).ok());
  nlohmann::json expected = CanonicalJson(text)["data"];
  nlohmann::json actual = Canonical(PayoutInvoiceToJson(invoice));
  EXPECT_EQ(JsonSubsetDifference(expected, actual), "");
}

INSTANTIATE_TEST_SUITE_P(Contract, InvoiceSampleTest,
                         ::testing::Values("create_invoice_response.json",
                                           "process_invoice_response.json",
                                           "invoice_private.json"));

TEST(PayoutInvoiceJson, MapsThePrivateSampleFieldByField) {
  v1::PayoutInvoice inv;
  ASSERT_TRUE(
      ParsePayoutInvoiceDocument(ReadTestData("invoice_private.json"), &inv)
          .ok());
  EXPECT_EQ(inv.id(), "cpoi_VdHYVxq4RsLEebAQ");
  EXPECT_EQ(inv.serial_number(), "VdHYVxq4RsLEebAQ");
  EXPECT_EQ(inv.status(), v1::PAYOUT_INVOICE_STATUS_PROCESSED);
  EXPECT_EQ(inv.upstream_status(), "processed");
  EXPECT_EQ(inv.resolution(), "ok");
  EXPECT_EQ(inv.amount(), "10");
  EXPECT_EQ(inv.payout_amount(), "10");
  EXPECT_EQ(inv.currency(), "USD");
  EXPECT_EQ(inv.service_currency(), "USD");
  EXPECT_EQ(inv.service_amount(), "10");
  EXPECT_EQ(inv.service_payout_amount(), "10");
  EXPECT_EQ(inv.reference_id(), "ada8c01f-f5d4-4037-88f1-d222ee6497ad");
  EXPECT_TRUE(inv.test_mode());
  EXPECT_EQ(inv.description(), "");
  EXPECT_EQ(inv.fee(), "0");
  EXPECT_EQ(inv.writeoff(), "10");
  EXPECT_EQ(inv.exchange_rate(), "1");
  EXPECT_EQ(inv.process_time().seconds(), 1597835933);
  EXPECT_EQ(inv.processed_amount(), "10");
  EXPECT_EQ(inv.processed_fee(), "0");
  EXPECT_EQ(inv.processed_writeoff(), "10");
  EXPECT_EQ(inv.metadata().at("key"), "value");
  EXPECT_EQ(inv.create_time().seconds(), 1597835735);
  EXPECT_EQ(inv.update_time().seconds(), 1597835933);
  EXPECT_EQ(inv.masked_fields().at("card_number"), "512381******0000");
  EXPECT_EQ(inv.callback_url(),
            "https://webhook.site/1192f6ef-71c9-4b80-b43b-133d8fe14677");
  EXPECT_EQ(inv.source(), "merchant_api");
  EXPECT_EQ(inv.callback_logs_size(), 0);
  EXPECT_EQ(inv.payout_service().type(), "payout-services");
  EXPECT_EQ(inv.payout_service().id(), "card");
  EXPECT_EQ(inv.payout_method().id(), "payment_card");
  EXPECT_EQ(inv.customer().type(), "customers");
  EXPECT_EQ(inv.customer().id(), "cus_Tjhe1ufEB3kRrgWy");
  EXPECT_EQ(inv.self_link(), "/api/payout-invoices/cpoi_VdHYVxq4RsLEebAQ");
  EXPECT_EQ(inv.initiator(), "");
}

TEST(PayoutInvoiceJson, ReadsTheInitiatorFromTheReservedMetadataKey) {
  nlohmann::json doc =
      nlohmann::json::parse(ReadTestData("invoice_private.json"));
  doc["data"]["attributes"]["metadata"]["payout_gateway_initiator"] =
      "spiffe://cluster.local/ns/payroll/sa/api";
  v1::PayoutInvoice inv;
  ASSERT_TRUE(ParsePayoutInvoiceDocument(doc.dump(), &inv).ok());
  EXPECT_EQ(inv.initiator(), "spiffe://cluster.local/ns/payroll/sa/api");
  EXPECT_EQ(inv.metadata().at("key"), "value");
}

TEST(PayoutInvoiceJson, NullTimesAndAmountsStayUnset) {
  v1::PayoutInvoice inv;
  ASSERT_TRUE(ParsePayoutInvoiceDocument(
                  ReadTestData("create_invoice_response.json"), &inv)
                  .ok());
  EXPECT_FALSE(inv.has_process_time());
  EXPECT_EQ(inv.processed_amount(), "");
  EXPECT_EQ(inv.processed_writeoff(), "");
  EXPECT_EQ(inv.status(), v1::PAYOUT_INVOICE_STATUS_CREATED);
}

TEST(PayoutInvoiceJson, MapsThePublicApiFlatShape) {
  std::string text = ReadTestData("invoice_public.json");
  v1::PayoutInvoice inv;
  ASSERT_TRUE(ParsePayoutInvoiceDocument(text, &inv).ok());
  // Every member of the flat sample lands somewhere in the proto: compare
  // with the private rendering, renaming the two members that are
  // relationships in the private shape.
  nlohmann::json flat = CanonicalJson(text)["data"];
  nlohmann::json out = Canonical(PayoutInvoiceToJson(inv));
  for (const auto& [key, value] : flat.items()) {
    nlohmann::json actual;
    if (key == "id") {
      actual = out["id"];
    } else if (key == "service") {
      actual = out["relationships"]["payout-service"]["data"]["id"];
    } else if (key == "service_method") {
      actual = out["relationships"]["payout-method"]["data"]["id"];
    } else {
      actual = out["attributes"][key];
    }
    EXPECT_EQ(actual, value) << key;
  }
}

TEST(PayoutInvoiceJson, ListSampleMapsEveryInvoiceAndTheCursors) {
  std::string text = ReadTestData("invoice_list.json");
  google::protobuf::RepeatedPtrField<v1::PayoutInvoice> invoices;
  auto cursors = ParsePayoutInvoiceListDocument(text, &invoices);
  ASSERT_TRUE(cursors.ok()) << cursors.status();
  nlohmann::json expected = CanonicalJson(text)["data"];
  ASSERT_EQ(invoices.size(), 2);
  for (int i = 0; i < invoices.size(); ++i) {
    EXPECT_EQ(JsonSubsetDifference(expected[i],
                                   Canonical(PayoutInvoiceToJson(invoices[i]))),
              "");
  }
  // The sample's `links.next` is empty: it is the last page.
  EXPECT_EQ(cursors->next, "");
  EXPECT_EQ(cursors->previous, "");
}

TEST(PayoutInvoiceJson, KeepsThePaginationLinks) {
  google::protobuf::RepeatedPtrField<v1::PayoutInvoice> invoices;
  auto cursors = ParsePayoutInvoiceListDocument(
      R"({"meta": {"before": "cpoi_a", "after": "cpoi_b"},
          "links": {"prev": "", "next": "/api/payout-invoices?page[after]=cpoi_b"},
          "data": [{"id": "cpoi_a", "attributes": {}}, {"id": "cpoi_b", "attributes": {}}]})",
      &invoices);
  ASSERT_TRUE(cursors.ok());
  EXPECT_EQ(cursors->next, "/api/payout-invoices?page[after]=cpoi_b");
}

TEST(PayoutInvoiceJson, KeepsUnknownStatusesRaw) {
  v1::PayoutInvoice inv;
  ASSERT_TRUE(ParsePayoutInvoiceDocument(
                  R"({"data": {"id": "x", "attributes": {"status": "on_hold",
                      "resolution": "brand_new_reason"}}})",
                  &inv)
                  .ok());
  EXPECT_EQ(inv.status(), v1::PAYOUT_INVOICE_STATUS_UNSPECIFIED);
  EXPECT_EQ(inv.upstream_status(), "on_hold");
  EXPECT_EQ(inv.resolution(), "brand_new_reason");
}

TEST(PayoutInvoiceJson, ReadsAmountsAsStringsAndNumbersAlike) {
  v1::PayoutInvoice inv;
  ASSERT_TRUE(ParsePayoutInvoiceDocument(
                  R"({"data": {"id": "x", "attributes": {"amount": "10.00",
                      "fee": 0.5, "exchange_rate": "1.2345", "created": "1597835735"}}})",
                  &inv)
                  .ok());
  EXPECT_EQ(inv.amount(), "10.00");
  EXPECT_EQ(inv.fee(), "0.5");
  EXPECT_EQ(inv.exchange_rate(), "1.2345");
  EXPECT_EQ(inv.create_time().seconds(), 1597835735);
}

TEST(PayoutInvoiceJson, RejectsMalformedDocuments) {
  v1::PayoutInvoice inv;
  EXPECT_EQ(ParsePayoutInvoiceDocument("{\"data\":", &inv).code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(ParsePayoutInvoiceDocument("[]", &inv).code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(ParsePayoutInvoiceDocument("{}", &inv).code(),
            absl::StatusCode::kDataLoss);
  auto bad_amount = ParsePayoutInvoiceDocument(
      R"({"data": {"id": "x", "attributes": {"amount": "ten"}}})", &inv);
  EXPECT_THAT(bad_amount.message(), HasSubstr("data.attributes.amount"));
}

struct StatusCase {
  const char* text;
  v1::PayoutInvoiceStatus status;
};

class InvoiceStatusTest : public ::testing::TestWithParam<StatusCase> {};

TEST_P(InvoiceStatusTest, MapsEveryCorefyStatusBothWays) {
  EXPECT_EQ(PayoutInvoiceStatusFromString(GetParam().text), GetParam().status);
  EXPECT_EQ(PayoutInvoiceStatusToString(GetParam().status), GetParam().text);
}

INSTANTIATE_TEST_SUITE_P(
    NotesMd, InvoiceStatusTest,
    ::testing::Values(
        StatusCase{"created", v1::PAYOUT_INVOICE_STATUS_CREATED},
        StatusCase{"processing", v1::PAYOUT_INVOICE_STATUS_PROCESSING},
        StatusCase{"process_pending",
                   v1::PAYOUT_INVOICE_STATUS_PROCESS_PENDING},
        StatusCase{"processed", v1::PAYOUT_INVOICE_STATUS_PROCESSED},
        StatusCase{"partially_processed",
                   v1::PAYOUT_INVOICE_STATUS_PARTIALLY_PROCESSED},
        StatusCase{"process_error", v1::PAYOUT_INVOICE_STATUS_PROCESS_ERROR},
        StatusCase{"process_failed", v1::PAYOUT_INVOICE_STATUS_PROCESS_FAILED},
        StatusCase{"expired", v1::PAYOUT_INVOICE_STATUS_EXPIRED},
        StatusCase{"terminated", v1::PAYOUT_INVOICE_STATUS_TERMINATED},
        StatusCase{"canceling", v1::PAYOUT_INVOICE_STATUS_CANCELING},
        StatusCase{"cancel_pending", v1::PAYOUT_INVOICE_STATUS_CANCEL_PENDING},
        StatusCase{"cancel_error", v1::PAYOUT_INVOICE_STATUS_CANCEL_ERROR},
        StatusCase{"canceled", v1::PAYOUT_INVOICE_STATUS_CANCELED},
        StatusCase{"partially_canceled",
                   v1::PAYOUT_INVOICE_STATUS_PARTIALLY_CANCELED},
        StatusCase{"cancel_failed", v1::PAYOUT_INVOICE_STATUS_CANCEL_FAILED}));

TEST(PayoutInvoiceStatus, EnumHasNoValueTheMappingMisses) {
  const auto* descriptor = v1::PayoutInvoiceStatus_descriptor();
  for (int i = 0; i < descriptor->value_count(); ++i) {
    auto status =
        static_cast<v1::PayoutInvoiceStatus>(descriptor->value(i)->number());
    if (status == v1::PAYOUT_INVOICE_STATUS_UNSPECIFIED) continue;
    EXPECT_NE(PayoutInvoiceStatusToString(status), "")
        << descriptor->value(i)->name();
  }
}

}  // namespace
}  // namespace payout_gateway
