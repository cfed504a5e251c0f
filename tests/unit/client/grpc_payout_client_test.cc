// The client against a scripted gateway (a real gRPC server on a free
// loopback port): it follows the hints, and never re-sends a create or a
// process whose outcome is unknown without checking first.

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "common/error_details.h"
#include "corefy/payout/v1/payout_gateway_service.grpc.pb.h"
#include "grpc/grpc_status.h"
#include "payout_client/pagination.h"
#include "payout_client/payout_client.h"
#include "payout_client/payout_error.h"
#include "support/gateway_environment.h"
#include "support/requests.h"

namespace payout_client {
namespace {

namespace v1 = ::corefy::payout::v1;
namespace gw = ::payout_gateway;
using ::testing::ElementsAre;
using Hint = v1::RetryHint;

absl::Status Error(absl::StatusCode code, Hint::Action action,
                   absl::Duration delay = absl::Milliseconds(5)) {
  gw::ErrorBuilder b(code, "scripted");
  b.Reason("SCRIPTED").Hint(action, "", "r-1");
  if (action == Hint::ACTION_RETRY ||
      action == Hint::ACTION_CHECK_STATUS_THEN_RETRY) {
    b.RetryDelay(delay);
  }
  return b.Build();
}

v1::PayoutInvoice Invoice(v1::PayoutInvoiceStatus status) {
  v1::PayoutInvoice inv;
  inv.set_id("cpoi_1");
  inv.set_reference_id("r-1");
  inv.set_status(status);
  inv.mutable_payout_service()->set_id("test_usd");
  inv.set_currency("USD");
  inv.set_amount("10.1");
  return inv;
}

// Answers each RPC from a script, and records the calls in order.
class ScriptedGateway final : public v1::PayoutGatewayService::CallbackService {
 public:
  std::deque<absl::StatusOr<v1::PayoutInvoice>> creates, processes, gets;
  std::deque<absl::StatusOr<v1::PayoutService>> services;
  // ListPayoutInvoices: the page for each page token.
  std::map<std::string, absl::StatusOr<v1::ListPayoutInvoicesResponse>> pages;
  std::vector<std::string> calls;
  std::vector<std::string> request_ids;

  grpc::ServerUnaryReactor* CreatePayoutInvoice(
      grpc::CallbackServerContext* ctx, const v1::CreatePayoutInvoiceRequest*,
      v1::PayoutInvoice* out) override {
    return Answer(ctx, "create", creates, out);
  }
  grpc::ServerUnaryReactor* ProcessPayoutInvoice(
      grpc::CallbackServerContext* ctx, const v1::ProcessPayoutInvoiceRequest*,
      v1::PayoutInvoice* out) override {
    return Answer(ctx, "process", processes, out);
  }
  grpc::ServerUnaryReactor* GetPayoutInvoice(
      grpc::CallbackServerContext* ctx, const v1::GetPayoutInvoiceRequest* r,
      v1::PayoutInvoice* out) override {
    return Answer(ctx, r->has_reference_id() ? "get-by-reference" : "get", gets,
                  out);
  }
  grpc::ServerUnaryReactor* ListPayoutInvoices(
      grpc::CallbackServerContext* ctx, const v1::ListPayoutInvoicesRequest* r,
      v1::ListPayoutInvoicesResponse* out) override {
    std::deque<absl::StatusOr<v1::ListPayoutInvoicesResponse>> page;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = pages.find(r->page_token());
      page.push_back(it == pages.end() ? absl::InvalidArgumentError("token")
                                       : it->second);
    }
    return Answer(ctx, "list", page, out);
  }
  grpc::ServerUnaryReactor* GetPayoutService(grpc::CallbackServerContext* ctx,
                                             const v1::GetPayoutServiceRequest*,
                                             v1::PayoutService* out) override {
    return Answer(ctx, "get-service", services, out);
  }

 private:
  template <typename T>
  grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* ctx,
                                   const char* name,
                                   std::deque<absl::StatusOr<T>>& script,
                                   T* out) {
    absl::StatusOr<T> next = absl::InternalError("script ran out");
    {
      std::lock_guard<std::mutex> lock(mu_);
      calls.push_back(name);
      auto it = ctx->client_metadata().find("x-request-id");
      if (it != ctx->client_metadata().end()) {
        request_ids.emplace_back(it->second.data(), it->second.size());
      }
      if (!script.empty()) {
        next = script.front();
        script.pop_front();
      }
    }
    auto* reactor = ctx->DefaultReactor();
    if (next.ok()) *out = *next;
    reactor->Finish(gw::ToGrpcStatus(next.status()));
    return reactor;
  }

  std::mutex mu_;
};

class GrpcPayoutClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&gateway_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                   grpc::InsecureChannelCredentials());
    client_ = MakePayoutClient(channel_);
  }
  void TearDown() override { server_->Shutdown(); }

  v1::CreatePayoutInvoiceRequest Create() {
    return payout_gateway_testing::ValidCreate();
  }

  ScriptedGateway gateway_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::shared_ptr<PayoutClient> client_;
};

TEST_F(GrpcPayoutClientTest, ReadsAreRetriedWhenTheHintSaysSo) {
  v1::PayoutService service;
  service.set_id("comcpos_1");
  gateway_.services = {
      Error(absl::StatusCode::kUnavailable, Hint::ACTION_RETRY), service};
  auto out = client_->GetPayoutService(v1::GetPayoutServiceRequest());
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->id(), "comcpos_1");
  EXPECT_THAT(gateway_.calls, ElementsAre("get-service", "get-service"));
}

// The gateway already retried the read upstream (4 attempts there): the
// client returns the error instead of making it 12.
TEST_F(GrpcPayoutClientTest, WhatTheGatewayRetriedIsNotRetriedAgain) {
  absl::Status exhausted =
      Error(absl::StatusCode::kUnavailable, Hint::ACTION_RETRY);
  gw::SetErrorMetadata(exhausted, "retries_exhausted", "true");
  v1::PayoutService service;
  gateway_.services = {exhausted, service};
  auto out = client_->GetPayoutService(v1::GetPayoutServiceRequest());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(
      PayoutError::FromStatus(out.status()).gateway_retries_exhausted());
  EXPECT_THAT(gateway_.calls, ElementsAre("get-service"));
  // A create the gateway could not settle is not checked and re-sent by the
  // client either: the application decides, with the hint.
  gateway_.calls.clear();
  absl::Status unsettled = Error(absl::StatusCode::kUnavailable,
                                 Hint::ACTION_CHECK_STATUS_THEN_RETRY);
  gw::SetErrorMetadata(unsettled, "retries_exhausted", "true");
  gateway_.creates = {unsettled};
  auto created = client_->CreatePayoutInvoice(Create());
  EXPECT_EQ(PayoutError::FromStatus(created.status()).action(),
            RetryAction::kCheckStatusThenRetry);
  EXPECT_THAT(gateway_.calls, ElementsAre("create"));
}

TEST_F(GrpcPayoutClientTest, NothingIsRetriedThatTheHintForbids) {
  for (auto action : {Hint::ACTION_FIX_REQUEST, Hint::ACTION_FIX_CREDENTIALS,
                      Hint::ACTION_DO_NOT_RETRY}) {
    gateway_.calls.clear();
    gateway_.services = {Error(absl::StatusCode::kInvalidArgument, action)};
    auto out = client_->GetPayoutService(v1::GetPayoutServiceRequest());
    EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(gateway_.calls.size(), 1u);
  }
}

TEST_F(GrpcPayoutClientTest, AttemptsAreLimited) {
  gateway_.services = {
      Error(absl::StatusCode::kUnavailable, Hint::ACTION_RETRY),
      Error(absl::StatusCode::kUnavailable, Hint::ACTION_RETRY),
      Error(absl::StatusCode::kUnavailable, Hint::ACTION_RETRY),
      Error(absl::StatusCode::kUnavailable, Hint::ACTION_RETRY)};
  auto out = client_->GetPayoutService(v1::GetPayoutServiceRequest());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(gateway_.calls.size(), 3u);  // RetryOptions::max_attempts
}

TEST_F(GrpcPayoutClientTest, AWaitPastTheDeadlineIsNotWaited) {
  gateway_.services = {Error(absl::StatusCode::kUnavailable, Hint::ACTION_RETRY,
                             absl::Seconds(4))};
  CallOptions options;
  options.timeout = absl::Seconds(1);
  absl::Time start = absl::Now();
  auto out = client_->GetPayoutService(v1::GetPayoutServiceRequest(), options);
  EXPECT_EQ(out.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(gateway_.calls.size(), 1u);
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
}

TEST_F(GrpcPayoutClientTest, AnUnknownCreateThatHappenedIsNotSentAgain) {
  gateway_.creates = {Error(absl::StatusCode::kUnavailable,
                            Hint::ACTION_CHECK_STATUS_THEN_RETRY)};
  gateway_.gets = {Invoice(v1::PAYOUT_INVOICE_STATUS_CREATED)};
  auto out = client_->CreatePayoutInvoice(Create());
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->id(), "cpoi_1");
  EXPECT_THAT(gateway_.calls, ElementsAre("create", "get-by-reference"));
}

TEST_F(GrpcPayoutClientTest, AnUnknownCreateThatDidNotHappenIsSentAgain) {
  gateway_.creates = {Error(absl::StatusCode::kUnavailable,
                            Hint::ACTION_CHECK_STATUS_THEN_RETRY),
                      Invoice(v1::PAYOUT_INVOICE_STATUS_CREATED)};
  gateway_.gets = {absl::NotFoundError("no invoice")};
  auto out = client_->CreatePayoutInvoice(Create());
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_THAT(gateway_.calls,
              ElementsAre("create", "get-by-reference", "create"));
}

TEST_F(GrpcPayoutClientTest, AnUncheckableCreateIsNeverSentAgain) {
  gateway_.creates = {Error(absl::StatusCode::kUnavailable,
                            Hint::ACTION_CHECK_STATUS_THEN_RETRY),
                      Invoice(v1::PAYOUT_INVOICE_STATUS_CREATED)};
  gateway_.gets = {absl::UnavailableError("still down")};
  auto out = client_->CreatePayoutInvoice(Create());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(PayoutError::FromStatus(out.status()).action(),
            RetryAction::kCheckStatusThenRetry);
  EXPECT_THAT(gateway_.calls, ElementsAre("create", "get-by-reference"));
}

TEST_F(GrpcPayoutClientTest,
       AnotherPayoutUnderTheReferenceIsNotTakenForThisOne) {
  gateway_.creates = {Error(absl::StatusCode::kUnavailable,
                            Hint::ACTION_CHECK_STATUS_THEN_RETRY)};
  v1::PayoutInvoice other = Invoice(v1::PAYOUT_INVOICE_STATUS_CREATED);
  other.set_amount("99");
  gateway_.gets = {other};
  auto out = client_->CreatePayoutInvoice(Create());
  EXPECT_FALSE(out.ok());
  EXPECT_THAT(gateway_.calls, ElementsAre("create", "get-by-reference"));
}

TEST_F(GrpcPayoutClientTest, AnUnknownProcessIsCheckedByStatus) {
  gateway_.processes = {Error(absl::StatusCode::kUnavailable,
                              Hint::ACTION_CHECK_STATUS_THEN_RETRY)};
  gateway_.gets = {Invoice(v1::PAYOUT_INVOICE_STATUS_PROCESSING)};
  v1::ProcessPayoutInvoiceRequest request;
  request.set_id("cpoi_1");
  auto out = client_->ProcessPayoutInvoice(request);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->status(), v1::PAYOUT_INVOICE_STATUS_PROCESSING);
  EXPECT_THAT(gateway_.calls, ElementsAre("process", "get"));
}

TEST_F(GrpcPayoutClientTest, AnExistingInvoiceIsReportedNotRetried) {
  gateway_.creates = {Error(absl::StatusCode::kAlreadyExists,
                            Hint::ACTION_USE_EXISTING_INVOICE)};
  auto out = client_->CreatePayoutInvoice(Create());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(PayoutError::FromStatus(out.status()).action(),
            RetryAction::kUseExistingInvoice);
  EXPECT_EQ(gateway_.calls.size(), 1u);
}

// gRPC aborts the process on a header it cannot send: what cannot be sent
// is refused, naming the option, and nothing reaches the gateway.
TEST_F(GrpcPayoutClientTest, RefusesOptionsThatCannotBeSent) {
  const std::vector<CallOptions> bad = {
      {absl::Seconds(5), "a\r\nx-evil: 1", {}},
      {absl::Seconds(5), std::string(129, 'a'), {}},
      {absl::Seconds(5), "id with space", {}},
      {absl::Seconds(5), "", {{"X-Upper", "v"}}},
      {absl::Seconds(5), "", {{"", "v"}}},
      {absl::Seconds(5), "", {{"tenant", std::string("a\0b", 3)}}},
      {absl::Seconds(5), "", {{"tenant", "line\nbreak"}}},
  };
  for (const CallOptions& options : bad) {
    auto created = client_->CreatePayoutInvoice(Create(), options);
    EXPECT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(created.status().message()),
                ::testing::AnyOf(::testing::StartsWith("request_id:"),
                                 ::testing::StartsWith("metadata:")));
    EXPECT_THAT(std::string(created.status().message()),
                ::testing::Not(::testing::HasSubstr("evil")));
    auto stream = client_->WatchPayoutInvoice({}, options);
    v1::PayoutInvoiceEvent event;
    EXPECT_FALSE(stream->Next(event));
    EXPECT_EQ(stream->Finish().code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_TRUE(gateway_.calls.empty());
  // Binary metadata carries any bytes.
  gateway_.services.push_back(v1::PayoutService());
  CallOptions binary;
  binary.metadata = {{"trace-bin", std::string("\0\r\n", 3)}};
  EXPECT_TRUE(client_->GetPayoutService({}, binary).ok());
}

TEST_F(GrpcPayoutClientTest, SendsTheRequestIdEveryAttempt) {
  gateway_.services = {
      Error(absl::StatusCode::kUnavailable, Hint::ACTION_RETRY),
      v1::PayoutService()};
  CallOptions options;
  options.request_id = "trace-5";
  ASSERT_TRUE(
      client_->GetPayoutService(v1::GetPayoutServiceRequest(), options).ok());
  EXPECT_THAT(gateway_.request_ids, ElementsAre("trace-5", "trace-5"));
}

// The asynchronous calls run the same retries and checks without a thread
// of the caller's: many are in flight at once.
TEST_F(GrpcPayoutClientTest, AsyncCallsRetryAndCheckLikeTheBlockingOnes) {
  gateway_.creates = {Error(absl::StatusCode::kUnavailable,
                            Hint::ACTION_CHECK_STATUS_THEN_RETRY),
                      Invoice(v1::PAYOUT_INVOICE_STATUS_CREATED)};
  gateway_.gets = {absl::NotFoundError("no such invoice")};
  Future<v1::PayoutInvoice> created =
      client_->AsyncCreatePayoutInvoice(Create());
  auto invoice = created.get();
  ASSERT_TRUE(invoice.ok()) << invoice.status();
  EXPECT_EQ(invoice->id(), "cpoi_1");
  EXPECT_THAT(gateway_.calls,
              ElementsAre("create", "get-by-reference", "create"));
}

TEST_F(GrpcPayoutClientTest, ManyAsyncCallsAreInFlightTogether) {
  // Every call is answered "retry" once: the first kCalls answers are
  // errors, the next kCalls the service. (Attempts to spare: a retry may
  // overtake another call's first attempt.)
  constexpr int kCalls = 64;
  ClientOptions options;
  options.retry.max_attempts = kCalls;
  auto client = MakePayoutClient(channel_, options);
  v1::PayoutService service;
  service.set_id("comcpos_1");
  for (int i = 0; i < kCalls; ++i) {
    gateway_.services.push_back(
        Error(absl::StatusCode::kUnavailable, Hint::ACTION_RETRY));
  }
  for (int i = 0; i < kCalls; ++i) gateway_.services.push_back(service);
  std::vector<Future<v1::PayoutService>> futures;
  for (int i = 0; i < kCalls; ++i) {
    futures.push_back(client->AsyncGetPayoutService({}));
  }
  int ok = 0;
  for (auto& f : futures) ok += f.get().ok() ? 1 : 0;
  EXPECT_EQ(ok, kCalls);
  EXPECT_EQ(gateway_.calls.size(), 2u * kCalls);
}

v1::ListPayoutInvoicesResponse Page(std::vector<std::string> ids,
                                    std::string next) {
  v1::ListPayoutInvoicesResponse page;
  for (const auto& id : ids) page.add_payout_invoices()->set_id(id);
  page.set_next_page_token(next);
  return page;
}

std::vector<std::string> Walk(PagedRange<v1::PayoutInvoice> range,
                              absl::Status* error) {
  std::vector<std::string> ids;
  for (const auto& invoice : range) {
    if (!invoice.ok()) {
      *error = invoice.status();
      break;
    }
    ids.push_back(invoice->id());
  }
  return ids;
}

TEST_F(GrpcPayoutClientTest, PagingWalksEveryPage) {
  gateway_.pages = {{"", Page({"a", "b"}, "t1")},
                    {"t1", Page({}, "t2")},  // an empty page is not the end
                    {"t2", Page({"c"}, "")}};
  absl::Status error;
  EXPECT_THAT(Walk(ListAllPayoutInvoices(client_, {}), &error),
              ElementsAre("a", "b", "c"));
  EXPECT_TRUE(error.ok()) << error;
  EXPECT_THAT(gateway_.calls, ElementsAre("list", "list", "list"));
}

TEST_F(GrpcPayoutClientTest, PagingEndsWithTheErrorOfAFailedPage) {
  gateway_.pages = {{"", Page({"a"}, "t1")},
                    {"t1", absl::PermissionDeniedError("not yours")}};
  absl::Status error;
  EXPECT_THAT(Walk(ListAllPayoutInvoices(client_, {}), &error),
              ElementsAre("a"));
  EXPECT_EQ(error.code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(GrpcPayoutClientTest, PagingStopsAGatewayThatRepeatsItsToken) {
  gateway_.pages = {{"", Page({"a"}, "t1")}, {"t1", Page({"b"}, "t1")}};
  absl::Status error;
  EXPECT_THAT(Walk(ListAllPayoutInvoices(client_, {}), &error),
              ElementsAre("a"));
  EXPECT_EQ(error.code(), absl::StatusCode::kInternal);
}

// Against a real gateway and sandbox: a read that keeps failing costs the
// gateway's own attempts upstream, not the client's attempts times the
// gateway's.
TEST(PayoutClient, AFailingReadCostsOnlyTheGatewaysAttempts) {
  auto env = payout_gateway_testing::GatewayEnvironment::Start();
  ASSERT_TRUE(env.ok()) << env.status();
  (*env)->sandbox().AddFault({{"method", "GET"},
                              {"path", "/api/payout-services/*"},
                              {"action", "status"},
                              {"status", 503},
                              {"times", 0}});
  auto client = MakePayoutClient((*env)->gateway_address());
  v1::GetPayoutServiceRequest request;
  request.set_id("comcpos_TestUsd0000000001");
  auto out = client->GetPayoutService(request);
  EXPECT_EQ(out.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(
      PayoutError::FromStatus(out.status()).gateway_retries_exhausted());
  // --retry_max_attempts defaults to 4; the client adds none.
  EXPECT_EQ((*env)->sandbox().Requests().size(), 4u);
}

// A client destroyed while a call waits to retry ends the call at once,
// with the failure it was about to retry.
TEST(PayoutClient, DestroyingTheClientEndsTheCallsInFlight) {
  ClientOptions options;
  options.retry.default_delay = absl::Seconds(30);
  options.retry.max_delay = absl::Seconds(30);
  auto client = MakePayoutClient("127.0.0.1:1", options);
  CallOptions call;
  call.timeout = absl::Minutes(5);
  Future<v1::PayoutService> pending = client->AsyncGetPayoutService({}, call);
  absl::SleepFor(absl::Milliseconds(300));  // refused, now waiting 30 s
  const absl::Time destroyed = absl::Now();
  client.reset();
  ASSERT_EQ(pending.wait_for(std::chrono::seconds(5)),
            std::future_status::ready);
  EXPECT_LT(absl::Now() - destroyed, absl::Seconds(5));
  EXPECT_EQ(pending.get().status().code(), absl::StatusCode::kUnavailable);
}

TEST(PayoutClient, AnUnreachableGatewayEndsUnavailable) {
  ClientOptions options;
  options.retry.default_delay = absl::Milliseconds(1);
  auto client = MakePayoutClient("127.0.0.1:1", options);
  CallOptions call;
  call.timeout = absl::Seconds(2);
  v1::CreatePayoutInvoiceRequest r;
  r.set_reference_id("r-1");
  auto out = client->CreatePayoutInvoice(r, call);
  EXPECT_EQ(out.status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace payout_client
