// Every RPC through a real gateway to the sandbox, checked field by field,
// together with the HTTP requests the sandbox received.

#include <gmock/gmock.h>

#include "absl/strings/escaping.h"
#include "common/decimal.h"
#include "gateway_test_fixture.h"

namespace payout_gateway_testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;
using ::testing::SizeIs;

const std::string kBasicAuth =
    "Basic " + absl::Base64Escape(std::string(kAccountId) + ":" + kApiKey);

bool SameDecimal(const std::string& a, const std::string& b) {
  return payout_gateway::CompareDecimals(a, b) == std::optional<int>(0);
}

class GatewayOperationsTest : public GatewayTest {};

TEST_F(GatewayOperationsTest, PrerequestListsServicesForTheAmount) {
  v1::PayoutPrerequestRequest request;
  request.set_currency("USD");
  request.set_amount("10.50");
  v1::PayoutPrerequestResponse response;
  grpc::Status status =
      stub_->PayoutPrerequest(Context().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();

  EXPECT_EQ(response.currency(), "USD");
  EXPECT_EQ(response.amount(), "10.5");
  EXPECT_TRUE(response.test_mode());
  std::vector<std::string> codes;
  for (const auto& s : response.services()) codes.push_back(s.code());
  EXPECT_THAT(codes,
              ElementsAre("bank_transfer_zar", "payment_card_usd", "test_usd"));
  const v1::AvailablePayoutService& test_usd = response.services(2);
  EXPECT_EQ(test_usd.method(), "test");
  EXPECT_EQ(test_usd.amount(), "10.50");
  EXPECT_EQ(test_usd.amount_min(), "0.01");
  ASSERT_THAT(test_usd.fields(), SizeIs(4));
  EXPECT_EQ(test_usd.fields(0).key(), "account");
  EXPECT_TRUE(test_usd.fields(0).required());
  EXPECT_EQ(test_usd.fields(0).pattern(), "^\\d{1,15}$");
  EXPECT_EQ(test_usd.fields(0).label().at("en"), "Account");
  EXPECT_EQ(response.services(0).exchange_rate(), "18.25");
  EXPECT_EQ(response.services(0).amount(), "191.62");
  ASSERT_THAT(response.methods(), SizeIs(3));
  EXPECT_EQ(response.account().name(), "Sandbox");

  nlohmann::json sent = UpstreamRequests();
  ASSERT_THAT(sent, SizeIs(1));
  EXPECT_EQ(sent[0]["method"], "POST");
  EXPECT_EQ(sent[0]["path"], "/public-api/payout-prerequest");
  EXPECT_FALSE(sent[0]["headers"].contains("authorization"));
  EXPECT_EQ(sent[0]["headers"]["content-type"], "application/json");
  // The caller's digits, not a float's.
  EXPECT_THAT(sent[0]["body"].get<std::string>(),
              HasSubstr("\"amount\":10.50"));
  nlohmann::json body =
      nlohmann::json::parse(sent[0]["body"].get<std::string>());
  EXPECT_EQ(body["public_key"], kPublicKey);
  EXPECT_EQ(body["currency"], "USD");
}

TEST_F(GatewayOperationsTest, ListServicesPagesThroughEverything) {
  v1::ListPayoutServicesRequest request;
  request.set_page_size(3);
  std::vector<std::string> ids;
  std::vector<int> page_sizes;
  for (int page = 0; page < 10; ++page) {
    v1::ListPayoutServicesResponse response;
    grpc::Status status =
        stub_->ListPayoutServices(Context().get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.total_size(), 7);
    page_sizes.push_back(response.payout_services_size());
    for (const auto& s : response.payout_services()) ids.push_back(s.id());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_THAT(page_sizes, ElementsAre(3, 3, 1));
  EXPECT_THAT(ids, SizeIs(7));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 7u);

  nlohmann::json sent = UpstreamRequests();
  ASSERT_THAT(sent, SizeIs(3));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(sent[i]["method"], "GET");
    EXPECT_EQ(sent[i]["path"], "/api/payout-services");
    EXPECT_EQ(sent[i]["query"]["page[number]"], std::to_string(i + 1));
    EXPECT_EQ(sent[i]["query"]["page[size]"], "3");
    EXPECT_EQ(sent[i]["headers"]["authorization"], kBasicAuth);
    EXPECT_EQ(sent[i]["headers"]["accept"], "application/json");
  }
}

TEST_F(GatewayOperationsTest, GetServiceReturnsEveryField) {
  v1::GetPayoutServiceRequest request;
  request.set_id("comcpos_RHUGUgEnmmedR7h3");
  v1::PayoutService service;
  grpc::Status status =
      stub_->GetPayoutService(Context().get(), request, &service);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(service.id(), "comcpos_RHUGUgEnmmedR7h3");
  EXPECT_EQ(service.service(), "swift_jpy");
  EXPECT_EQ(service.service_method(), "swift");
  EXPECT_EQ(service.service_currency(), "JPY");
  EXPECT_EQ(service.currency(), "GBP");
  EXPECT_TRUE(service.available());
  EXPECT_FALSE(service.active());
  EXPECT_EQ(service.amount_min(), "1");
  EXPECT_EQ(service.amount_max(), "999999");
  EXPECT_EQ(service.payout_method().id(), "swift");
  EXPECT_EQ(service.payout_service().id(), "swift_jpy");
  EXPECT_EQ(service.self_link(),
            "/api/payout-services/comcpos_RHUGUgEnmmedR7h3");
  EXPECT_EQ(UpstreamRequests()[0]["path"],
            "/api/payout-services/comcpos_RHUGUgEnmmedR7h3");
}

TEST_F(GatewayOperationsTest, WalksAPayoutFromCreateToProcessed) {
  v1::CreatePayoutInvoiceRequest create = TestUsdCreate("order-1001", "10.10");
  create.set_callback_url("https://merchant.test/callbacks");
  create.set_description("June payout");
  (*create.mutable_metadata())["batch"] = "42";
  create.mutable_customer()->set_reference_id("cust-7");
  create.mutable_customer()->set_email("ann@example.com");
  v1::PayoutInvoice created = CreateOrFail(create);
  EXPECT_THAT(created.id(), HasSubstr("cpoi_"));
  EXPECT_EQ(created.status(), v1::PAYOUT_INVOICE_STATUS_CREATED);
  EXPECT_EQ(created.upstream_status(), "created");
  EXPECT_EQ(created.reference_id(), "order-1001");
  EXPECT_TRUE(SameDecimal(created.amount(), "10.10")) << created.amount();
  EXPECT_EQ(created.currency(), "USD");
  EXPECT_EQ(created.payout_service().id(), "test_usd");
  EXPECT_EQ(created.payout_method().id(), "test");
  EXPECT_EQ(created.customer().id(), "cus_cust-7");
  EXPECT_EQ(created.masked_fields().at("account"), "12345678");
  EXPECT_EQ(created.metadata().at("batch"), "42");
  EXPECT_EQ(created.description(), "June payout");
  EXPECT_EQ(created.callback_url(), "https://merchant.test/callbacks");
  EXPECT_TRUE(created.has_create_time());
  EXPECT_FALSE(created.has_process_time());

  nlohmann::json sent = UpstreamRequests();
  ASSERT_THAT(sent, SizeIs(1));
  EXPECT_EQ(sent[0]["path"], "/api/payout-invoices");
  EXPECT_EQ(sent[0]["headers"]["authorization"], kBasicAuth);
  std::string raw = sent[0]["body"];
  EXPECT_THAT(raw, HasSubstr("\"amount\":10.10"));
  nlohmann::json body = nlohmann::json::parse(raw);
  EXPECT_EQ(body["data"]["type"], "payout-invoice");
  const nlohmann::json& a = body["data"]["attributes"];
  EXPECT_EQ(a["reference_id"], "order-1001");
  EXPECT_EQ(a["service"], "test_usd");
  EXPECT_EQ(a["currency"], "USD");
  EXPECT_EQ(a["fields"]["account"], "12345678");
  EXPECT_EQ(a["customer"]["reference_id"], "cust-7");
  EXPECT_EQ(a["metadata"]["batch"], "42");

  v1::ProcessPayoutInvoiceRequest process;
  process.set_id(created.id());
  v1::PayoutInvoice processing;
  grpc::Status status =
      stub_->ProcessPayoutInvoice(Context().get(), process, &processing);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(processing.id(), created.id());
  EXPECT_EQ(processing.status(), v1::PAYOUT_INVOICE_STATUS_PROCESSING);
  EXPECT_EQ(UpstreamRequests()[1]["path"],
            "/api/payout-invoices/" + created.id() + "/process");

  v1::GetPayoutInvoiceRequest by_id;
  by_id.set_id(created.id());
  v1::PayoutInvoice processed;
  status = stub_->GetPayoutInvoice(Context().get(), by_id, &processed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(processed.status(), v1::PAYOUT_INVOICE_STATUS_PROCESSED);
  EXPECT_EQ(processed.resolution(), "ok");
  EXPECT_TRUE(processed.has_process_time());
  EXPECT_TRUE(SameDecimal(processed.processed_amount(), "10.10"));

  v1::GetPayoutInvoiceRequest by_reference;
  by_reference.set_reference_id("order-1001");
  v1::PayoutInvoice found;
  status = stub_->GetPayoutInvoice(Context().get(), by_reference, &found);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(found.id(), created.id());
  EXPECT_EQ(found.status(), v1::PAYOUT_INVOICE_STATUS_PROCESSED);
  nlohmann::json last = UpstreamRequests().back();
  EXPECT_EQ(last["path"], "/api/payout-invoices");
  EXPECT_EQ(last["query"]["filter[reference_id]"], "order-1001");
}

TEST_F(GatewayOperationsTest, TestCardsDecideTheOutcomeAndAreMasked) {
  v1::CreatePayoutInvoiceRequest create;
  create.set_reference_id("card-fail-1");
  create.set_service("payment_card_usd");
  create.set_currency("USD");
  create.set_amount("25");
  (*create.mutable_fields())["card_number"] = "4412397212080000";
  v1::PayoutInvoice created = CreateOrFail(create);
  EXPECT_EQ(created.masked_fields().at("card_number"), "441239******0000");

  v1::ProcessPayoutInvoiceRequest process;
  process.set_id(created.id());
  v1::PayoutInvoice out;
  ASSERT_TRUE(stub_->ProcessPayoutInvoice(Context().get(), process, &out).ok());
  v1::GetPayoutInvoiceRequest get;
  get.set_id(created.id());
  ASSERT_TRUE(stub_->GetPayoutInvoice(Context().get(), get, &out).ok());
  EXPECT_EQ(out.status(), v1::PAYOUT_INVOICE_STATUS_PROCESS_FAILED);
  EXPECT_EQ(out.resolution(), "declined");
  EXPECT_FALSE(out.has_process_time());
}

TEST_F(GatewayOperationsTest, ListInvoicesPagesNewestFirst) {
  std::vector<std::string> created;
  for (int i = 0; i < 5; ++i) {
    created.insert(
        created.begin(),
        CreateOrFail(TestUsdCreate("list-" + std::to_string(i))).id());
  }
  v1::ListPayoutInvoicesRequest request;
  request.set_page_size(2);
  std::vector<std::string> listed;
  std::vector<int> sizes;
  for (int page = 0; page < 10; ++page) {
    v1::ListPayoutInvoicesResponse response;
    grpc::Status status =
        stub_->ListPayoutInvoices(Context().get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    sizes.push_back(response.payout_invoices_size());
    for (const auto& inv : response.payout_invoices())
      listed.push_back(inv.id());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(listed, created);
  EXPECT_THAT(sizes, ElementsAre(2, 2, 1));
  nlohmann::json sent = UpstreamRequests();
  nlohmann::json last = sent.back();
  EXPECT_EQ(last["query"]["page[size]"], "2");
  // The walk followed the sandbox's links.next: the invoices before the
  // oldest of the page.
  EXPECT_EQ(last["query"]["page[before]"], created[3]);
}

TEST_F(GatewayOperationsTest, RequestIdTravelsUpstream) {
  auto context = Context();
  context->AddMetadata("x-request-id", "trace-abc-123");
  v1::GetPayoutServiceRequest request;
  request.set_id("comcpos_TestUsd0000000001");
  v1::PayoutService service;
  ASSERT_TRUE(stub_->GetPayoutService(context.get(), request, &service).ok());
  EXPECT_EQ(UpstreamRequests()[0]["headers"]["x-request-id"], "trace-abc-123");
}

}  // namespace
}  // namespace payout_gateway_testing
