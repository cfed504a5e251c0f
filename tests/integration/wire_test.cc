// What goes on the wire to Corefy: no request the gateway did not decide
// to send (libcurl re-sends a request by itself on a reused connection that
// dies before the answer), and the headers every request carries.

#include <gmock/gmock.h>

#include <regex>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "gateway_test_fixture.h"

namespace payout_gateway_testing {
namespace {

using ::testing::HasSubstr;

class WireTest : public GatewayTest {
 protected:
  // Reads that leave keep-alive connections in the gateway's pool, so a
  // later request could be sent on a reused one.
  void WarmThePool() {
    for (int i = 0; i < 3; ++i) {
      v1::GetPayoutServiceRequest request;
      request.set_id("comcpos_TestUsd0000000001");
      v1::PayoutService out;
      ASSERT_TRUE(stub_->GetPayoutService(Context().get(), request, &out).ok());
    }
  }

  int Count(const std::string& method, const std::string& path_part) const {
    int n = 0;
    for (const auto& r : UpstreamRequests()) {
      n += r["method"] == method &&
           r["path"].get<std::string>().find(path_part) != std::string::npos;
    }
    return n;
  }

  // The upstream_attempts of the last "rpc" log line of `method`.
  int LoggedAttempts(const std::string& method) {
    int attempts = -1;
    const std::string log = env_->gateway_process().StderrOnceItHas(
        R"("event":"rpc","method":")" + method + '"');
    for (absl::string_view line : absl::StrSplit(log, '\n')) {
      auto json = nlohmann::json::parse(line, nullptr, false);
      if (json.is_object() && json.value("event", "") == "rpc" &&
          json.value("method", "") == method) {
        absl::SimpleAtoi(json.value("upstream_attempts", ""), &attempts);
      }
    }
    return attempts;
  }
};

// The process commits, then the connection dies before the answer. On a
// reused keep-alive connection libcurl would send the same POST again by
// itself; the gateway sends it on a fresh connection, so exactly one
// process reaches Corefy, and the gateway settles the lost answer itself.
TEST_F(WireTest, AProcessIsSentOnceWhenItsConnectionDiesAfterCommitting) {
  v1::PayoutInvoice invoice = CreateOrFail(TestUsdCreate("wire-1"));
  WarmThePool();
  env_->sandbox().ClearRequests();
  env_->sandbox().AddFault({{"method", "POST"},
                            {"path", "/api/payout-invoices/*/process"},
                            {"action", "reset_after"},
                            {"times", 1}});
  v1::ProcessPayoutInvoiceRequest request;
  request.set_id(invoice.id());
  v1::PayoutInvoice out;
  grpc::Status status =
      stub_->ProcessPayoutInvoice(Context().get(), request, &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_NE(out.status(), v1::PAYOUT_INVOICE_STATUS_CREATED);
  EXPECT_EQ(Count("POST", "/process"), 1);
  // The process and the lookup that settled it: every request that left
  // is counted, and no other left.
  EXPECT_EQ(LoggedAttempts("ProcessPayoutInvoice"),
            static_cast<int>(UpstreamRequests().size()));
}

TEST_F(WireTest, ACreateIsSentOnceWhenItsConnectionDiesAfterCommitting) {
  WarmThePool();
  env_->sandbox().ClearRequests();
  env_->sandbox().AddFault({{"method", "POST"},
                            {"path", "/api/payout-invoices"},
                            {"action", "reset_after"},
                            {"times", 1}});
  v1::PayoutInvoice out;
  grpc::Status status = stub_->CreatePayoutInvoice(
      Context().get(), TestUsdCreate("wire-2"), &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Count("POST", "/payout-invoices"), 1);
  EXPECT_EQ(LoggedAttempts("CreatePayoutInvoice"),
            static_cast<int>(UpstreamRequests().size()));
}

// When the lost answer cannot be settled either, the hint says to check,
// and the attempts in the error are the requests the upstream received.
TEST_F(WireTest, AnUnsettledProcessCountsEveryRequestThatLeft) {
  v1::PayoutInvoice invoice = CreateOrFail(TestUsdCreate("wire-3"));
  WarmThePool();
  env_->sandbox().ClearRequests();
  env_->sandbox().AddFault({{"method", "POST"},
                            {"path", "/api/payout-invoices/*/process"},
                            {"action", "reset_after"},
                            {"times", 0}});
  env_->sandbox().AddFault({{"method", "GET"},
                            {"path", "/api/payout-invoices/*"},
                            {"action", "status"},
                            {"status", 503},
                            {"times", 0}});
  v1::ProcessPayoutInvoiceRequest request;
  request.set_id(invoice.id());
  v1::PayoutInvoice out;
  grpc::Status status =
      stub_->ProcessPayoutInvoice(Context().get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(DetailOf<v1::RetryHint>(status)->action(),
            v1::RetryHint::ACTION_CHECK_STATUS_THEN_RETRY);
  EXPECT_EQ(Count("POST", "/process"), 1);
  int attempts = 0;
  ASSERT_TRUE(absl::SimpleAtoi(
      DetailOf<google::rpc::ErrorInfo>(status)->metadata().at("attempts"),
      &attempts));
  EXPECT_EQ(attempts, static_cast<int>(UpstreamRequests().size()));
}

// The upstream is slower than the gateway waits: it commits ~400 ms after
// the gateway gave up on the request. A lookup right after finds nothing,
// which proves nothing: the caller is told to check, never "retry".
class LateCommitTest : public WireTest {
 protected:
  GatewayEnvironment::Options EnvironmentOptions() override {
    GatewayEnvironment::Options o;
    o.gateway_args = {"--upstream_timeout=300ms", "--retry_max_attempts=1"};
    return o;
  }
};

TEST_F(LateCommitTest, ACreateThatLandsLateIsNeverReportedAsNotHappened) {
  env_->sandbox().AddFault({{"method", "POST"},
                            {"path", "/api/payout-invoices"},
                            {"action", "delay"},
                            {"delay_ms", 700},
                            {"times", 1}});
  v1::PayoutInvoice out;
  grpc::Status status = stub_->CreatePayoutInvoice(
      Context().get(), TestUsdCreate("late-1"), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(DetailOf<v1::RetryHint>(status)->action(),
            v1::RetryHint::ACTION_CHECK_STATUS_THEN_RETRY);
  // And indeed it landed.
  EXPECT_TRUE(Eventually(
      [&] { return env_->sandbox().Invoices()["count"].get<int>() == 1; }));
}

TEST_F(LateCommitTest, AProcessThatLandsLateIsNeitherResentNorNotHappened) {
  v1::PayoutInvoice invoice = CreateOrFail(TestUsdCreate("late-2"));
  env_->sandbox().AddFault({{"method", "POST"},
                            {"path", "/api/payout-invoices/*/process"},
                            {"action", "delay"},
                            {"delay_ms", 700},
                            {"times", 1}});
  v1::ProcessPayoutInvoiceRequest request;
  request.set_id(invoice.id());
  v1::PayoutInvoice out;
  grpc::Status status =
      stub_->ProcessPayoutInvoice(Context().get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(DetailOf<v1::RetryHint>(status)->action(),
            v1::RetryHint::ACTION_CHECK_STATUS_THEN_RETRY);
  EXPECT_EQ(Count("POST", "/process"), 1);
  // It landed: the invoice left `created`.
  EXPECT_TRUE(Eventually([&] {
    v1::GetPayoutInvoiceRequest get;
    get.set_id(invoice.id());
    v1::PayoutInvoice now;
    return stub_->GetPayoutInvoice(Context().get(), get, &now).ok() &&
           now.status() != v1::PAYOUT_INVOICE_STATUS_CREATED;
  }));
}

// Every request: JSON accepted, the gateway's user agent and request id,
// HTTP Basic on the private API; a JSON content type exactly when there is
// a body. The process call has none: no form content type either.
TEST_F(WireTest, EveryRequestCarriesTheHeadersItShould) {
  auto context = Context();
  context->AddMetadata("x-request-id", "wire-headers-1");
  v1::PayoutInvoice invoice;
  ASSERT_TRUE(stub_
                  ->CreatePayoutInvoice(context.get(), TestUsdCreate("wire-4"),
                                        &invoice)
                  .ok());
  v1::ProcessPayoutInvoiceRequest process;
  process.set_id(invoice.id());
  v1::PayoutInvoice out;
  ASSERT_TRUE(stub_->ProcessPayoutInvoice(Context().get(), process, &out).ok());
  v1::GetPayoutInvoiceRequest get;
  get.set_reference_id("wire-4");
  ASSERT_TRUE(stub_->GetPayoutInvoice(Context().get(), get, &out).ok());
  v1::PayoutPrerequestRequest pre;
  pre.set_currency("USD");
  pre.set_amount("10");
  v1::PayoutPrerequestResponse pre_out;
  ASSERT_TRUE(stub_->PayoutPrerequest(Context().get(), pre, &pre_out).ok());

  const std::regex safe_id("^[A-Za-z0-9._:-]{1,128}$");
  auto requests = UpstreamRequests();
  ASSERT_EQ(requests.size(), 4u);
  for (const auto& r : requests) {
    const auto& h = r["headers"];
    const std::string what =
        r["method"].get<std::string>() + " " + r["path"].get<std::string>();
    EXPECT_EQ(h.value("accept", ""), "application/json") << what;
    EXPECT_EQ(h.value("user-agent", ""), "corefy-payout-gateway") << what;
    EXPECT_TRUE(std::regex_match(h.value("x-request-id", ""), safe_id)) << what;
    EXPECT_FALSE(h.contains("expect")) << what;
    const bool has_body = !r["body"].get<std::string>().empty();
    if (has_body) {
      EXPECT_EQ(h.value("content-type", ""), "application/json") << what;
    } else {
      EXPECT_FALSE(h.contains("content-type")) << what;
    }
    const bool public_api =
        r["path"].get<std::string>().rfind("/public-api/", 0) == 0;
    EXPECT_EQ(h.contains("authorization"), !public_api) << what;
    if (!public_api) {
      EXPECT_THAT(h.value("authorization", ""), HasSubstr("Basic ")) << what;
    }
  }
  EXPECT_EQ(requests[0]["headers"]["x-request-id"], "wire-headers-1");
  EXPECT_EQ(requests[1]["method"], "POST");
  EXPECT_THAT(requests[1]["path"].get<std::string>(), HasSubstr("/process"));
  EXPECT_EQ(requests[1]["body"], "");
  EXPECT_EQ(requests[1]["headers"].value("content-length", "0"), "0");
}

}  // namespace
}  // namespace payout_gateway_testing
