// Every fault the sandbox can inject, against every operation: the code, the
// ErrorInfo reason, the retry hint and the other details the caller gets --
// or success where the gateway can recover without risking a second payout.
//
// Faults here are persistent (every matching upstream request fails the
// same way); the gateway runs with a 300 ms upstream timeout and two
// attempts per step, so every case ends quickly.

#include <gmock/gmock.h>

#include <array>
#include <functional>

#include "gateway_test_fixture.h"
#include "support/test_data.h"

namespace payout_gateway_testing {
namespace {

using Hint = v1::RetryHint;
using grpc::StatusCode;

enum Kind { kRead = 0, kCreate = 1, kProcess = 2 };

struct Expect {
  bool ok;
  StatusCode code;
  const char* reason;
  Hint::Action action;
};

constexpr Expect Ok() {
  return {true, StatusCode::OK, "", Hint::ACTION_UNSPECIFIED};
}
constexpr Expect Err(StatusCode code, const char* reason, Hint::Action action) {
  return {false, code, reason, action};
}

constexpr auto kRetry = Hint::ACTION_RETRY;
constexpr auto kCheck = Hint::ACTION_CHECK_STATUS_THEN_RETRY;
constexpr auto kFix = Hint::ACTION_FIX_REQUEST;
constexpr auto kCreds = Hint::ACTION_FIX_CREDENTIALS;
constexpr auto kNever = Hint::ACTION_DO_NOT_RETRY;

struct Fault {
  const char* name;
  // The fault (method and path are added per operation).
  std::function<nlohmann::json()> spec;
  // The outcome for a read, a create and a process.
  std::array<Expect, 3> expect;
};

nlohmann::json Status(int status, std::string body,
                      nlohmann::json headers = nlohmann::json::object()) {
  return {{"action", "status"},
          {"status", status},
          {"body", std::move(body)},
          {"headers", std::move(headers)}};
}
nlohmann::json Action(const char* action) { return {{"action", action}}; }

std::string ErrorList(const char* status, const char* code) {
  return nlohmann::json({{"errors", {{{"status", status}, {"code", code}}}}})
      .dump();
}

const std::vector<Fault>& Faults() {
  static const std::vector<Fault> faults = {
      {"Http400",
       [] { return Status(400, ErrorList("Bad Request", "400")); },
       {Err(StatusCode::INVALID_ARGUMENT, "UPSTREAM_BAD_REQUEST", kFix),
        Err(StatusCode::INVALID_ARGUMENT, "UPSTREAM_BAD_REQUEST", kFix),
        Err(StatusCode::INVALID_ARGUMENT, "UPSTREAM_BAD_REQUEST", kFix)}},
      {"Http401",
       [] { return Status(401, ReadTestData("error_401.json")); },
       {Err(StatusCode::UNAUTHENTICATED, "GATEWAY_CREDENTIALS_REJECTED",
            kCreds),
        Err(StatusCode::UNAUTHENTICATED, "GATEWAY_CREDENTIALS_REJECTED",
            kCreds),
        Err(StatusCode::UNAUTHENTICATED, "GATEWAY_CREDENTIALS_REJECTED",
            kCreds)}},
      {"Http403",
       [] { return Status(403, ErrorList("Forbidden", "403")); },
       {Err(StatusCode::PERMISSION_DENIED, "UPSTREAM_PERMISSION_DENIED",
            kCreds),
        Err(StatusCode::PERMISSION_DENIED, "UPSTREAM_PERMISSION_DENIED",
            kCreds),
        Err(StatusCode::PERMISSION_DENIED, "UPSTREAM_PERMISSION_DENIED",
            kCreds)}},
      {"Http404",
       [] { return Status(404, ReadTestData("error_404.json")); },
       {Err(StatusCode::NOT_FOUND, "NOT_FOUND", kFix),
        Err(StatusCode::NOT_FOUND, "NOT_FOUND", kFix),
        Err(StatusCode::NOT_FOUND, "NOT_FOUND", kFix)}},
      {"Http405",
       [] { return Status(405, ReadTestData("error_405.json")); },
       {Err(StatusCode::UNIMPLEMENTED, "OPERATION_NOT_ALLOWED", kNever),
        Err(StatusCode::UNIMPLEMENTED, "OPERATION_NOT_ALLOWED", kNever),
        Err(StatusCode::UNIMPLEMENTED, "OPERATION_NOT_ALLOWED", kNever)}},
      {"Http409",
       [] { return Status(409, ErrorList("Conflict", "409")); },
       {Err(StatusCode::ABORTED, "UPSTREAM_UNEXPECTED_STATUS", kRetry),
        // A 409 the lookup cannot explain: it may be the caller's own
        // payout, so not a conflict (AIP-155); the caller must look.
        Err(StatusCode::UNAVAILABLE, "RECONCILIATION_FAILED", kCheck),
        Err(StatusCode::FAILED_PRECONDITION, "INVALID_INVOICE_STATE", kNever)}},
      {"Http422",
       [] { return Status(422, ReadTestData("error_422.json")); },
       {Err(StatusCode::INVALID_ARGUMENT, "UPSTREAM_VALIDATION_FAILED", kFix),
        Err(StatusCode::INVALID_ARGUMENT, "UPSTREAM_VALIDATION_FAILED", kFix),
        Err(StatusCode::INVALID_ARGUMENT, "UPSTREAM_VALIDATION_FAILED", kFix)}},
      {"Http429",
       [] {
         return Status(429, ErrorList("Too Many Requests", "429"),
                       {{"Retry-After", "1"}});
       },
       {Err(StatusCode::RESOURCE_EXHAUSTED, "UPSTREAM_RATE_LIMITED", kRetry),
        Err(StatusCode::RESOURCE_EXHAUSTED, "UPSTREAM_RATE_LIMITED", kRetry),
        Err(StatusCode::RESOURCE_EXHAUSTED, "UPSTREAM_RATE_LIMITED", kRetry)}},
      {"Http500",
       [] { return Status(500, ReadTestData("error_500.json")); },
       {Err(StatusCode::UNAVAILABLE, "UPSTREAM_UNAVAILABLE", kRetry),
        Err(StatusCode::UNAVAILABLE, "UPSTREAM_UNAVAILABLE", kRetry),
        Err(StatusCode::UNAVAILABLE, "UPSTREAM_UNAVAILABLE", kRetry)}},
      {"Http502",
       [] { return Status(502, "<html>502 Bad Gateway</html>"); },
       {Err(StatusCode::UNAVAILABLE, "UPSTREAM_UNAVAILABLE", kRetry),
        Err(StatusCode::UNAVAILABLE, "UPSTREAM_UNAVAILABLE", kRetry),
        Err(StatusCode::UNAVAILABLE, "UPSTREAM_UNAVAILABLE", kRetry)}},
      {"Http503",
       [] { return Status(503, ""); },
       {Err(StatusCode::UNAVAILABLE, "UPSTREAM_UNAVAILABLE", kRetry),
        Err(StatusCode::UNAVAILABLE, "UPSTREAM_UNAVAILABLE", kRetry),
        Err(StatusCode::UNAVAILABLE, "UPSTREAM_UNAVAILABLE", kRetry)}},
      {"Http504",
       [] { return Status(504, ErrorList("Gateway Timeout", "504")); },
       {Err(StatusCode::UNAVAILABLE, "UPSTREAM_TIMEOUT", kRetry),
        Err(StatusCode::UNAVAILABLE, "UPSTREAM_TIMEOUT", kRetry),
        Err(StatusCode::UNAVAILABLE, "UPSTREAM_TIMEOUT", kRetry)}},
      // Connection reset before the upstream handled the request. The
      // gateway cannot tell this from a reset after: for create and process
      // a lookup that finds nothing proves nothing (the request may still
      // land), so the caller must check.
      {"ResetBefore",
       [] { return Action("reset_before"); },
       {Err(StatusCode::UNAVAILABLE, "UPSTREAM_UNAVAILABLE", kRetry),
        Err(StatusCode::UNAVAILABLE, "UPSTREAM_UNAVAILABLE", kCheck),
        Err(StatusCode::UNAVAILABLE, "UPSTREAM_UNAVAILABLE", kCheck)}},
      {"HangBefore",
       [] { return Action("hang_before"); },
       {Err(StatusCode::UNAVAILABLE, "UPSTREAM_TIMEOUT", kRetry),
        Err(StatusCode::UNAVAILABLE, "UPSTREAM_TIMEOUT", kCheck),
        Err(StatusCode::UNAVAILABLE, "UPSTREAM_TIMEOUT", kCheck)}},
      // Handled and committed upstream, then the answer is lost: create and
      // process find out by reconciling and succeed.
      {"ResetAfter",
       [] { return Action("reset_after"); },
       {Err(StatusCode::UNAVAILABLE, "UPSTREAM_UNAVAILABLE", kRetry), Ok(),
        Ok()}},
      {"HangAfter",
       [] { return Action("hang_after"); },
       {Err(StatusCode::UNAVAILABLE, "UPSTREAM_TIMEOUT", kRetry), Ok(), Ok()}},
      {"TruncateAfter",
       [] { return Action("truncate_after"); },
       {Err(StatusCode::UNAVAILABLE, "UPSTREAM_UNAVAILABLE", kRetry), Ok(),
        Ok()}},
      {"MalformedAfter",
       [] { return Action("malformed_after"); },
       {Err(StatusCode::UNAVAILABLE, "UPSTREAM_MALFORMED_RESPONSE", kRetry),
        Ok(), Ok()}},
      {"Latency",
       [] {
         return nlohmann::json({{"action", "delay"}, {"delay_ms", 100}});
       },
       {Ok(), Ok(), Ok()}},
  };
  return faults;
}

// An invoice the operations under test can refer to.
struct Existing {
  std::string id;
  std::string reference_id;
};

struct Op {
  const char* name;
  Kind kind;
  const char* method;
  const char* path;  // fault glob
  std::function<grpc::Status(v1::PayoutGatewayService::Stub&,
                             grpc::ClientContext*, const Existing&)>
      call;
};

const std::vector<Op>& Ops() {
  static const std::vector<Op> ops = {
      {"Prerequest", kRead, "POST", "/public-api/payout-prerequest",
       [](auto& stub, auto* ctx, const Existing&) {
         v1::PayoutPrerequestRequest r;
         r.set_currency("USD");
         r.set_amount("10");
         v1::PayoutPrerequestResponse out;
         return stub.PayoutPrerequest(ctx, r, &out);
       }},
      {"ListServices", kRead, "GET", "/api/payout-services",
       [](auto& stub, auto* ctx, const Existing&) {
         v1::ListPayoutServicesResponse out;
         return stub.ListPayoutServices(ctx, v1::ListPayoutServicesRequest(),
                                        &out);
       }},
      {"GetService", kRead, "GET", "/api/payout-services/*",
       [](auto& stub, auto* ctx, const Existing&) {
         v1::GetPayoutServiceRequest r;
         r.set_id("comcpos_TestUsd0000000001");
         v1::PayoutService out;
         return stub.GetPayoutService(ctx, r, &out);
       }},
      {"Create", kCreate, "POST", "/api/payout-invoices",
       [](auto& stub, auto* ctx, const Existing&) {
         v1::CreatePayoutInvoiceRequest r = ValidCreate("matrix-new", "10.00");
         v1::PayoutInvoice out;
         grpc::Status s = stub.CreatePayoutInvoice(ctx, r, &out);
         if (s.ok()) {
           EXPECT_EQ(out.reference_id(), "matrix-new");
         }
         return s;
       }},
      {"Process", kProcess, "POST", "/api/payout-invoices/*/process",
       [](auto& stub, auto* ctx, const Existing& e) {
         v1::ProcessPayoutInvoiceRequest r;
         r.set_id(e.id);
         v1::PayoutInvoice out;
         grpc::Status s = stub.ProcessPayoutInvoice(ctx, r, &out);
         if (s.ok()) {
           EXPECT_EQ(out.id(), e.id);
           EXPECT_NE(out.status(), v1::PAYOUT_INVOICE_STATUS_CREATED);
         }
         return s;
       }},
      {"GetInvoice", kRead, "GET", "/api/payout-invoices/*",
       [](auto& stub, auto* ctx, const Existing& e) {
         v1::GetPayoutInvoiceRequest r;
         r.set_id(e.id);
         v1::PayoutInvoice out;
         return stub.GetPayoutInvoice(ctx, r, &out);
       }},
      {"GetInvoiceByReference", kRead, "GET", "/api/payout-invoices",
       [](auto& stub, auto* ctx, const Existing& e) {
         v1::GetPayoutInvoiceRequest r;
         r.set_reference_id(e.reference_id);
         v1::PayoutInvoice out;
         return stub.GetPayoutInvoice(ctx, r, &out);
       }},
      {"ListInvoices", kRead, "GET", "/api/payout-invoices",
       [](auto& stub, auto* ctx, const Existing&) {
         v1::ListPayoutInvoicesResponse out;
         return stub.ListPayoutInvoices(ctx, v1::ListPayoutInvoicesRequest(),
                                        &out);
       }},
  };
  return ops;
}

int CountDetails(const grpc::Status& status, const std::string& type) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return -1;
  int n = 0;
  for (const auto& any : details.details()) {
    n += any.type_url() == "type.googleapis.com/" + type;
  }
  return n;
}

class FaultMatrixTest : public GatewayTest,
                        public ::testing::WithParamInterface<
                            std::tuple<std::size_t, std::size_t>> {
 protected:
  GatewayEnvironment::Options EnvironmentOptions() override {
    GatewayEnvironment::Options o;
    o.gateway_args = {"--upstream_timeout=300ms", "--retry_max_attempts=2",
                      "--retry_initial_backoff=10ms",
                      "--retry_max_backoff=50ms"};
    return o;
  }
};

TEST_P(FaultMatrixTest, CodeDetailsAndHint) {
  const Op& op = Ops()[std::get<0>(GetParam())];
  const Fault& fault = Faults()[std::get<1>(GetParam())];
  const Expect& expect = fault.expect[op.kind];

  v1::PayoutInvoice existing = CreateOrFail(TestUsdCreate("matrix-existing"));
  nlohmann::json spec = fault.spec();
  spec["method"] = op.method;
  spec["path"] = op.path;
  spec["times"] = 0;  // every matching request
  env_->sandbox().AddFault(spec);

  grpc::Status status = op.call(*stub_, Context(std::chrono::seconds(10)).get(),
                                {existing.id(), existing.reference_id()});
  if (expect.ok) {
    EXPECT_TRUE(status.ok())
        << status.error_code() << ": " << status.error_message();
  } else {
    EXPECT_EQ(status.error_code(), expect.code) << status.error_message();
    auto info = DetailOf<google::rpc::ErrorInfo>(status);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->reason(), expect.reason);
    EXPECT_EQ(info->domain(), "payout-gateway.corefy.io");
    EXPECT_EQ(CountDetails(status, "google.rpc.ErrorInfo"), 1);
    EXPECT_EQ(info->metadata().at("operation").empty(), false);
    EXPECT_GE(std::stoi(info->metadata().at("attempts")), 1);
    auto hint = DetailOf<v1::RetryHint>(status);
    ASSERT_TRUE(hint.has_value());
    EXPECT_EQ(hint->action(), expect.action)
        << Hint::Action_Name(hint->action());
    const bool retrying = expect.action == kRetry || expect.action == kCheck;
    EXPECT_EQ(DetailOf<google::rpc::RetryInfo>(status).has_value(), retrying);
    if (std::string(fault.name) == "Http429") {
      EXPECT_EQ(
          DetailOf<google::rpc::RetryInfo>(status)->retry_delay().seconds(), 1);
    }
    if (std::string(fault.name) == "Http422") {
      EXPECT_EQ(ViolatedFields(status), std::set<std::string>{"amount"});
    }
    if (op.kind == kCreate) {
      EXPECT_EQ(hint->reference_id(), "matrix-new");
    }
    if (op.kind == kProcess) {
      EXPECT_EQ(hint->invoice_id(), existing.id());
    }
  }
  // Never a second invoice for one reference id.
  nlohmann::json counts = env_->sandbox().Invoices()["by_reference_id"];
  for (const auto& [reference, n] : counts.items()) {
    EXPECT_EQ(n, 1) << reference;
  }
  if (op.kind == kCreate) {
    EXPECT_EQ(counts.contains("matrix-new"), expect.ok);
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllFaults, FaultMatrixTest,
    ::testing::Combine(::testing::Range<std::size_t>(0, 8),
                       ::testing::Range<std::size_t>(0, 19)),
    [](const auto& info) {
      return std::string(Ops()[std::get<0>(info.param)].name) + "_" +
             Faults()[std::get<1>(info.param)].name;
    });

TEST(FaultMatrix, CoversEveryOperationAndFault) {
  EXPECT_EQ(Ops().size(), 8u);
  EXPECT_EQ(Faults().size(), 19u);
}

}  // namespace
}  // namespace payout_gateway_testing
