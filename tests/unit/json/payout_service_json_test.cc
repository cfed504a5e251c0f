#include "json/payout_service_json.h"

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

TEST(PayoutServiceJson, ServiceSampleRoundTrips) {
  std::string text = ReadTestData("payout_service.json");
  v1::PayoutService service;
  ASSERT_TRUE(ParsePayoutServiceDocument(text, &service).ok());
  EXPECT_EQ(JsonSubsetDifference(CanonicalJson(text)["data"],
                                 Canonical(PayoutServiceToJson(service))),
            "");
  EXPECT_EQ(service.id(), "comcpos_RHUGUgEnmmedR7h3");
  EXPECT_EQ(service.service(), "swift_jpy");
  EXPECT_EQ(service.service_method(), "swift");
  EXPECT_EQ(service.service_currency(), "JPY");
  EXPECT_TRUE(service.available());
  EXPECT_FALSE(service.active());
  EXPECT_TRUE(service.enabled());
  EXPECT_EQ(service.amount_min(), "1");
  EXPECT_EQ(service.amount_max(), "999999");
  EXPECT_EQ(service.fee_rate(), "0");
  EXPECT_EQ(service.currency(), "GBP");
  EXPECT_TRUE(service.test_mode());
  EXPECT_EQ(service.payout_method().id(), "swift");
  EXPECT_EQ(service.payout_service().id(), "swift_jpy");
  EXPECT_EQ(service.self_link(),
            "/api/payout-services/comcpos_RHUGUgEnmmedR7h3");
}

TEST(PayoutServiceJson, ListSampleMapsItemsAndPageInfo) {
  std::string text = ReadTestData("payout_services_list.json");
  google::protobuf::RepeatedPtrField<v1::PayoutService> services;
  auto info = ParsePayoutServiceListDocument(text, &services);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->total, 168);
  EXPECT_EQ(info->page, 1);
  EXPECT_EQ(info->pages, 9);
  EXPECT_TRUE(info->has_next);
  nlohmann::json expected = CanonicalJson(text)["data"];
  ASSERT_EQ(services.size(), 2);
  for (int i = 0; i < services.size(); ++i) {
    EXPECT_EQ(JsonSubsetDifference(expected[i],
                                   Canonical(PayoutServiceToJson(services[i]))),
              "");
  }
  // The second sample item has no payout-service relationship and no links.
  EXPECT_FALSE(services[1].has_payout_service());
  EXPECT_EQ(services[1].amount_min(), "0.01");
}

TEST(PayoutServiceJson, LastPageHasNoNext) {
  google::protobuf::RepeatedPtrField<v1::PayoutService> services;
  auto info = ParsePayoutServiceListDocument(
      R"({"meta": {"total": 3, "pages": 2, "page": 2}, "links": {}, "data": []})",
      &services);
  ASSERT_TRUE(info.ok());
  EXPECT_FALSE(info->has_next);
}

TEST(PayoutServiceJson, RejectsAListWithoutData) {
  google::protobuf::RepeatedPtrField<v1::PayoutService> services;
  EXPECT_EQ(ParsePayoutServiceListDocument(R"({"meta": {}})", &services)
                .status()
                .code(),
            absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace payout_gateway
