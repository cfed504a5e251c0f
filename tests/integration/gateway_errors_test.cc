// The contract's error cases (401, 404, 405, 409, 422) and the gateway's own
// validation, through a real gateway and sandbox.

#include <gmock/gmock.h>

#include <cstdio>
#include <functional>

#include "absl/time/clock.h"
#include "gateway_test_fixture.h"
#include "support/test_data.h"

namespace payout_gateway_testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

class GatewayErrorsTest : public GatewayTest {};

TEST_F(GatewayErrorsTest, WrongCredentialsAre401Unauthenticated) {
  auto gateway =
      env_->StartGateway({}, {{"PAYOUT_GATEWAY_API_KEY", "wrong-key-0000"},
                              {"PAYOUT_GATEWAY_PUBLIC_KEY", "pk_test_wrong"}});
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  auto stub = v1::PayoutGatewayService::NewStub(grpc::CreateChannel(
      (*gateway)->address(), grpc::InsecureChannelCredentials()));

  v1::GetPayoutServiceRequest request;
  request.set_id("comcpos_TestUsd0000000001");
  v1::PayoutService out;
  grpc::Status status = stub->GetPayoutService(Context().get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  auto info = DetailOf<google::rpc::ErrorInfo>(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "GATEWAY_CREDENTIALS_REJECTED");
  EXPECT_EQ(DetailOf<v1::RetryHint>(status)->action(),
            v1::RetryHint::ACTION_FIX_CREDENTIALS);
  EXPECT_EQ(info->metadata().at("http_status"), "401");
  EXPECT_EQ(info->metadata().at("upstream_status"), "Unauthorized");
  EXPECT_THAT(status.error_message(), Not(HasSubstr("wrong-key-0000")));

  v1::PayoutPrerequestRequest pre;
  pre.set_currency("USD");
  pre.set_amount("1");
  v1::PayoutPrerequestResponse pre_out;
  status = stub->PayoutPrerequest(Context().get(), pre, &pre_out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  // Neither key is in anything the gateway wrote.
  // Drop the channel first: an idle client notices the server's GOAWAY only
  // at its next poll, which would hold the drain for seconds.
  stub.reset();
  EXPECT_EQ((*gateway)->Stop(SIGTERM), 0);
  EXPECT_THAT((*gateway)->Stderr(), Not(HasSubstr("wrong-key-0000")));
  EXPECT_THAT((*gateway)->Stderr(), Not(HasSubstr("pk_test_wrong")));
}

TEST_F(GatewayErrorsTest, UnknownInvoiceIs404NotFound) {
  v1::GetPayoutInvoiceRequest request;
  request.set_id("cpoi_DoesNotExist000");
  v1::PayoutInvoice out;
  grpc::Status status = stub_->GetPayoutInvoice(Context().get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("HTTP 404"));
  EXPECT_EQ(
      DetailOf<google::rpc::ErrorInfo>(status)->metadata().at("upstream_code"),
      "404");

  v1::GetPayoutInvoiceRequest by_ref;
  by_ref.set_reference_id("never-created");
  status = stub_->GetPayoutInvoice(Context().get(), by_ref, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(
      DetailOf<google::rpc::ErrorInfo>(status)->metadata().at("reference_id"),
      "never-created");
}

TEST_F(GatewayErrorsTest, DisabledOperationIs405Unimplemented) {
  v1::PayoutInvoice created = CreateOrFail(TestUsdCreate("r-405"));
  // The account has API processing switched off: Corefy answers 405 with
  // the contract's body.
  env_->sandbox().AddFault({{"method", "POST"},
                            {"path", "/api/payout-invoices/*/process"},
                            {"status", 405},
                            {"body", ReadTestData("error_405.json")}});
  v1::ProcessPayoutInvoiceRequest request;
  request.set_id(created.id());
  v1::PayoutInvoice out;
  grpc::Status status =
      stub_->ProcessPayoutInvoice(Context().get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  auto info = DetailOf<google::rpc::ErrorInfo>(status);
  EXPECT_EQ(info->reason(), "OPERATION_NOT_ALLOWED");
  EXPECT_EQ(info->metadata().at("upstream_status"), "Method Not Allowed");
}

TEST_F(GatewayErrorsTest,
       DuplicateReferenceForAnotherPayoutIs409AlreadyExists) {
  v1::PayoutInvoice first = CreateOrFail(TestUsdCreate("dup-1", "10"));
  // The same reference id for a different payout.
  v1::PayoutInvoice out;
  grpc::Status status = stub_->CreatePayoutInvoice(
      Context().get(), TestUsdCreate("dup-1", "99"), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  auto info = DetailOf<google::rpc::ErrorInfo>(status);
  EXPECT_EQ(info->reason(), "DUPLICATE_REFERENCE_ID");
  EXPECT_EQ(info->metadata().at("reference_id"), "dup-1");
  EXPECT_EQ(info->metadata().at("http_status"), "409");
  EXPECT_EQ(info->metadata().at("invoice_id"), first.id());
  auto hint = DetailOf<v1::RetryHint>(status);
  EXPECT_EQ(hint->action(), v1::RetryHint::ACTION_USE_EXISTING_INVOICE);
  EXPECT_EQ(hint->invoice_id(), first.id());
  EXPECT_EQ(env_->sandbox().Invoices()["count"], 1);
}

TEST_F(GatewayErrorsTest, RepeatedCreateOfTheSamePayoutReturnsIt) {
  v1::PayoutInvoice first = CreateOrFail(TestUsdCreate("again-1", "10.10"));
  // A caller retrying after a lost answer: same reference id, same payout.
  v1::PayoutInvoice second = CreateOrFail(TestUsdCreate("again-1", "10.1"));
  EXPECT_EQ(second.id(), first.id());
  EXPECT_EQ(env_->sandbox().Invoices()["count"], 1);
}

TEST_F(GatewayErrorsTest, UpstreamValidationIs422InvalidArgumentPerField) {
  v1::CreatePayoutInvoiceRequest request = TestUsdCreate("r-422");
  (*request.mutable_fields())["account"] = "not-digits";
  v1::PayoutInvoice out;
  grpc::Status status =
      stub_->CreatePayoutInvoice(Context().get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(DetailOf<google::rpc::ErrorInfo>(status)->reason(),
            "UPSTREAM_VALIDATION_FAILED");
  EXPECT_EQ(ViolatedFields(status), std::set<std::string>{"fields.account"});
  EXPECT_THAT(status.error_message(), HasSubstr("HTTP 422"));
}

TEST_F(GatewayErrorsTest, ProcessingTwiceReturnsTheInvoice) {
  v1::PayoutInvoice created = CreateOrFail(TestUsdCreate("twice"));
  v1::ProcessPayoutInvoiceRequest request;
  request.set_id(created.id());
  v1::PayoutInvoice first, second;
  ASSERT_TRUE(
      stub_->ProcessPayoutInvoice(Context().get(), request, &first).ok());
  // Corefy refuses the second process (409); the gateway sees the invoice
  // was processed and answers with it.
  grpc::Status status =
      stub_->ProcessPayoutInvoice(Context().get(), request, &second);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(second.id(), created.id());
  EXPECT_EQ(second.status(), v1::PAYOUT_INVOICE_STATUS_PROCESSED);
  int processes = 0;
  for (const auto& r : UpstreamRequests()) {
    processes +=
        r["path"] == "/api/payout-invoices/" + created.id() + "/process";
  }
  EXPECT_EQ(processes, 2);
}

TEST_F(GatewayErrorsTest, InvalidRequestsNeverReachTheUpstream) {
  v1::CreatePayoutInvoiceRequest bad;
  bad.set_service("test_usd");
  bad.set_currency("usd");
  bad.set_amount("1e3");
  v1::PayoutInvoice out;
  grpc::Status status = stub_->CreatePayoutInvoice(Context().get(), bad, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status),
            (std::set<std::string>{"reference_id", "currency", "amount"}));

  v1::ProcessPayoutInvoiceRequest process;
  process.set_id("../../admin");
  status = stub_->ProcessPayoutInvoice(Context().get(), process, &out);
  EXPECT_EQ(ViolatedFields(status), std::set<std::string>{"id"});

  v1::ListPayoutInvoicesRequest list;
  list.set_page_token("forged");
  v1::ListPayoutInvoicesResponse list_out;
  status = stub_->ListPayoutInvoices(Context().get(), list, &list_out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::set<std::string>{"page_token"});

  EXPECT_THAT(UpstreamRequests(), IsEmpty());
}

class CallerDeadlineTest : public GatewayTest,
                           public ::testing::WithParamInterface<const char*> {};

TEST_P(CallerDeadlineTest, BoundsTheCallAndAbortsTheUpstreamRequest) {
  v1::PayoutInvoice invoice = CreateOrFail(TestUsdCreate("slow-1"));
  // The upstream never answers this operation.
  env_->sandbox().AddFault(
      {{"path", GetParam()}, {"action", "hang_before"}, {"times", 0}});
  constexpr auto kDeadline = std::chrono::milliseconds(300);
  absl::Time start = absl::Now();
  grpc::Status status;
  auto context = Context(kDeadline);
  v1::PayoutInvoice out;
  if (std::string(GetParam()).find("process") != std::string::npos) {
    v1::ProcessPayoutInvoiceRequest request;
    request.set_id(invoice.id());
    status = stub_->ProcessPayoutInvoice(context.get(), request, &out);
  } else if (std::string(GetParam()) == "/api/payout-invoices") {
    status = stub_->CreatePayoutInvoice(context.get(), TestUsdCreate("slow-2"),
                                        &out);
  } else {
    v1::GetPayoutInvoiceRequest request;
    request.set_id(invoice.id());
    status = stub_->GetPayoutInvoice(context.get(), request, &out);
  }
  absl::Duration overshoot = absl::Now() - start - absl::FromChrono(kDeadline);
  std::printf("%s: the call ended %s after its deadline\n", GetParam(),
              absl::FormatDuration(overshoot).c_str());
  EXPECT_LT(overshoot, absl::Milliseconds(200));
  if (std::string(GetParam()).find("process") == std::string::npos) {
    // The gateway answers at the deadline, as the caller's own gRPC library
    // gives up: the code is DEADLINE_EXCEEDED either way, with the
    // gateway's details when its answer won the race.
    EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
    if (auto hint = DetailOf<v1::RetryHint>(status)) {
      EXPECT_EQ(hint->action(),
                std::string(GetParam()) == "/api/payout-invoices"
                    ? v1::RetryHint::ACTION_CHECK_STATUS_THEN_RETRY
                    : v1::RetryHint::ACTION_RETRY);
    }
  } else {
    // Only the process stalls: the gateway keeps the last third of the
    // deadline to look the invoice up and answers before the deadline. It
    // finds the invoice still `created`, but its own process request was
    // abandoned unanswered and may still land: the deadline ended the call,
    // and the caller must check before retrying.
    EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
    EXPECT_EQ(DetailOf<v1::RetryHint>(status)->action(),
              v1::RetryHint::ACTION_CHECK_STATUS_THEN_RETRY);
    EXPECT_LE(overshoot, absl::ZeroDuration());
  }

  // The gateway hung up on the stalled requests: none is left open upstream.
  EXPECT_TRUE(Eventually([&] {
    return env_->sandbox().Stats()["hanging_connections"].get<int>() == 0;
  }));
  // And it is still fine.
  v1::GetPayoutServiceRequest service;
  service.set_id("comcpos_TestUsd0000000001");
  v1::PayoutService service_out;
  EXPECT_TRUE(
      stub_->GetPayoutService(Context().get(), service, &service_out).ok());
}

// The case: a create slower than the caller's 1 s deadline. The
// gateway gives its attempt two thirds of the time, finds nothing when it
// looks, may not create again, and answers before the deadline: the
// caller's deadline is what ended the call, and the create may still land.
class DeadlineCodeTest : public GatewayTest {
 protected:
  GatewayEnvironment::Options EnvironmentOptions() override {
    GatewayEnvironment::Options o;
    o.gateway_args = {"--retry_max_attempts=1"};
    return o;
  }
};

TEST_F(DeadlineCodeTest, ACreateOutOfTimeIsDeadlineExceededWithCheckFirst) {
  env_->sandbox().AddFault({{"method", "POST"},
                            {"path", "/api/payout-invoices"},
                            {"action", "hang_before"},
                            {"times", 0}});
  const absl::Time start = absl::Now();
  v1::PayoutInvoice out;
  grpc::Status status = stub_->CreatePayoutInvoice(
      Context(std::chrono::seconds(1)).get(), TestUsdCreate("slow-3"), &out);
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(950));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  auto info = DetailOf<google::rpc::ErrorInfo>(status);
  ASSERT_TRUE(info.has_value()) << "the gateway's own answer, with details";
  EXPECT_EQ(info->reason(), "DEADLINE_EXCEEDED");
  EXPECT_EQ(DetailOf<v1::RetryHint>(status)->action(),
            v1::RetryHint::ACTION_CHECK_STATUS_THEN_RETRY);
}

INSTANTIATE_TEST_SUITE_P(Operations, CallerDeadlineTest,
                         ::testing::Values("/api/payout-invoices/*",
                                           "/api/payout-invoices",
                                           "/api/payout-invoices/*/process"),
                         [](const auto& info) {
                           return std::string(info.index == 0   ? "Get"
                                              : info.index == 1 ? "Create"
                                                                : "Process");
                         });

TEST_F(GatewayErrorsTest, UnreachableUpstreamIsUnavailable) {
  // A gateway pointed at a port where nothing listens.
  auto gateway = ChildProcess::Start(
      {GatewayBinary(),
       {"--listen=127.0.0.1:0", "--plaintext", "--health_listen=127.0.0.1:0",
        "--metrics_listen=127.0.0.1:0", "--upstream_url=http://127.0.0.1:1",
        "--account_id=coma_x", "--upstream_connect_timeout=500ms"},
       {{"PAYOUT_GATEWAY_API_KEY", "k"}},
       "payout-gateway listening on "});
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  auto stub = v1::PayoutGatewayService::NewStub(grpc::CreateChannel(
      (*gateway)->address(), grpc::InsecureChannelCredentials()));
  v1::PayoutInvoice out;
  grpc::Status status =
      stub->CreatePayoutInvoice(Context().get(), TestUsdCreate("r-down"), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  auto info = DetailOf<google::rpc::ErrorInfo>(status);
  EXPECT_EQ(info->reason(), "UPSTREAM_UNREACHABLE");
  EXPECT_EQ(info->metadata().at("transfer"), "not_sent");
}

}  // namespace
}  // namespace payout_gateway_testing
