#include "grpc/payout_gateway_service_impl.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <thread>

#include "absl/synchronization/notification.h"
#include "common/error_details.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/request_id.h"
#include "support/mock_payout_connection.h"
#include "support/requests.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;
using ::testing::_;
using ::testing::Invoke;

using payout_gateway_testing::MockPayoutConnection;

// A real gRPC server on a free loopback port serving the handlers over a
// mocked connection.
class ServiceImplTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(PayoutServiceOptions()); }

  void Start(PayoutServiceOptions options) {
    if (server_ != nullptr) server_->Shutdown();
    service_ = std::make_unique<PayoutGatewayServiceImpl>(connection_, options);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    stub_ = v1::PayoutGatewayService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                            grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { server_->Shutdown(); }

  std::shared_ptr<MockPayoutConnection> connection_ =
      std::make_shared<MockPayoutConnection>();
  std::unique_ptr<PayoutGatewayServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::PayoutGatewayService::Stub> stub_;
};

using ::payout_gateway_testing::ValidCreate;

TEST_F(ServiceImplTest, PassesValidRequestsAndReturnsTheResult) {
  EXPECT_CALL(*connection_, CreatePayoutInvoice(_, _, _))
      .WillOnce(
          Invoke([](CallContextPtr ctx, const v1::CreatePayoutInvoiceRequest& r,
                    ResultCallback<v1::PayoutInvoice> done) {
            EXPECT_EQ(r.reference_id(), "r-1");
            EXPECT_EQ(ctx->request_id(), "trace-7");
            EXPECT_LT(ctx->deadline(), absl::Now() + absl::Seconds(6));
            v1::PayoutInvoice invoice;
            invoice.set_id("cpoi_1");
            done(invoice);
          }));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(5));
  context.AddMetadata("x-request-id", "trace-7");
  v1::PayoutInvoice out;
  grpc::Status status =
      stub_->CreatePayoutInvoice(&context, ValidCreate(), &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.id(), "cpoi_1");
}

TEST_F(ServiceImplTest, InvalidRequestsNeverReachTheConnection) {
  EXPECT_CALL(*connection_, CreatePayoutInvoice(_, _, _)).Times(0);
  v1::CreatePayoutInvoiceRequest request = ValidCreate();
  request.set_amount("-1");
  grpc::ClientContext context;
  v1::PayoutInvoice out;
  grpc::Status status = stub_->CreatePayoutInvoice(&context, request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  bool found = false;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&bad)) {
      ASSERT_EQ(bad.field_violations_size(), 1);
      EXPECT_EQ(bad.field_violations(0).field(), "amount");
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(ServiceImplTest, ErrorsCarryTheirDetails) {
  EXPECT_CALL(*connection_, GetPayoutInvoice(_, _, _))
      .WillOnce(Invoke([](CallContextPtr, const v1::GetPayoutInvoiceRequest&,
                          ResultCallback<v1::PayoutInvoice> done) {
        done(ErrorBuilder(absl::StatusCode::kNotFound, "no such invoice")
                 .Reason(reason::kNotFound)
                 .Metadata("http_status", "404")
                 .Build());
      }));
  v1::GetPayoutInvoiceRequest request;
  request.set_id("cpoi_404");
  grpc::ClientContext context;
  v1::PayoutInvoice out;
  grpc::Status status = stub_->GetPayoutInvoice(&context, request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "no such invoice");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.metadata().at("http_status"), "404");
}

TEST_F(ServiceImplTest, ClientCancellationReachesTheConnection) {
  absl::Notification started;
  absl::Notification cancelled;
  ResultCallback<v1::PayoutInvoice> pending;
  CallContextPtr call;
  EXPECT_CALL(*connection_, ProcessPayoutInvoice(_, _, _))
      .WillOnce(
          Invoke([&](CallContextPtr ctx, const v1::ProcessPayoutInvoiceRequest&,
                     ResultCallback<v1::PayoutInvoice> done) {
            call = ctx;
            pending = std::move(done);
            uint64_t ticket = ctx->BeginUpstream();
            ctx->ArmCancel(ticket, [&] { cancelled.Notify(); });
            started.Notify();
          }));
  grpc::ClientContext context;
  std::thread caller([&] {
    v1::ProcessPayoutInvoiceRequest request;
    request.set_id("cpoi_1");
    v1::PayoutInvoice out;
    grpc::Status status = stub_->ProcessPayoutInvoice(&context, request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::CANCELLED);
  });
  started.WaitForNotification();
  context.TryCancel();
  EXPECT_TRUE(cancelled.WaitForNotificationWithTimeout(absl::Seconds(5)));
  pending(absl::CancelledError("cancelled"));  // the upstream reports back
  caller.join();
}

TEST_F(ServiceImplTest, UnsafeRequestIdsAreReplacedAndNeverEchoed) {
  std::string seen;
  EXPECT_CALL(*connection_, GetPayoutInvoice(_, _, _))
      .WillOnce(
          Invoke([&](CallContextPtr ctx, const v1::GetPayoutInvoiceRequest&,
                     ResultCallback<v1::PayoutInvoice> done) {
            seen = ctx->request_id();
            done(v1::PayoutInvoice());
          }));
  grpc::ClientContext context;
  context.AddMetadata("x-request-id", "order 17/../a");
  v1::GetPayoutInvoiceRequest request;
  request.set_id("cpoi_1");
  v1::PayoutInvoice out;
  ASSERT_TRUE(stub_->GetPayoutInvoice(&context, request, &out).ok());
  EXPECT_EQ(seen.size(), 32u);
  EXPECT_TRUE(IsSafeRequestId(seen));
  auto it = context.GetServerTrailingMetadata().find("x-request-id");
  ASSERT_NE(it, context.GetServerTrailingMetadata().end());
  EXPECT_EQ(std::string(it->second.data(), it->second.size()), seen);
}

// Calls beyond the limit are refused before the connection sees them, with
// the advice to come back later; the limit frees up as calls finish.
TEST_F(ServiceImplTest, CallsBeyondTheLimitAreRefusedWithRetryInfo) {
  PayoutServiceOptions options;
  options.admission.max_calls_in_flight = 1;
  Start(options);
  ResultCallback<v1::PayoutInvoice> parked;
  absl::Notification started;
  EXPECT_CALL(*connection_, GetPayoutInvoice(_, _, _))
      .WillOnce(Invoke([&](CallContextPtr, const v1::GetPayoutInvoiceRequest&,
                           ResultCallback<v1::PayoutInvoice> done) {
        parked = std::move(done);
        started.Notify();
      }))
      .WillOnce(Invoke([](CallContextPtr, const v1::GetPayoutInvoiceRequest&,
                          ResultCallback<v1::PayoutInvoice> done) {
        done(v1::PayoutInvoice());
      }));
  v1::GetPayoutInvoiceRequest request;
  request.set_id("cpoi_1");
  std::thread first([&] {
    grpc::ClientContext context;
    v1::PayoutInvoice out;
    EXPECT_TRUE(stub_->GetPayoutInvoice(&context, request, &out).ok());
  });
  started.WaitForNotification();
  EXPECT_EQ(service_->admission().calls_in_flight(), 1);

  grpc::ClientContext refused_context;
  v1::PayoutInvoice out;
  grpc::Status refused =
      stub_->GetPayoutInvoice(&refused_context, request, &out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(refused.error_details()));
  bool retry_info = false, overloaded = false;
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) {
      overloaded = info.reason() == "GATEWAY_OVERLOADED" &&
                   info.metadata().at("limit") == "calls_in_flight";
    }
    retry_info |= any.Is<google::rpc::RetryInfo>();
  }
  EXPECT_TRUE(overloaded);
  EXPECT_TRUE(retry_info);

  parked(v1::PayoutInvoice());
  first.join();
  grpc::ClientContext again;
  EXPECT_TRUE(stub_->GetPayoutInvoice(&again, request, &out).ok());
  EXPECT_EQ(service_->admission().calls_in_flight(), 0);
}

// Once a drain has begun, a call that still arrives is refused with the
// advice to call again: nothing was sent upstream.
TEST_F(ServiceImplTest, CallsArrivingDuringADrainAreRefusedWithRetry) {
  EXPECT_CALL(*connection_, GetPayoutInvoice(_, _, _)).Times(0);
  service_->StartDraining();
  grpc::ClientContext context;
  v1::GetPayoutInvoiceRequest request;
  request.set_id("cpoi_1");
  v1::PayoutInvoice out;
  grpc::Status status = stub_->GetPayoutInvoice(&context, request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  bool draining = false, retry = false;
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) draining = info.reason() == "GATEWAY_DRAINING";
    v1::RetryHint hint;
    if (any.UnpackTo(&hint))
      retry = hint.action() == v1::RetryHint::ACTION_RETRY;
  }
  EXPECT_TRUE(draining);
  EXPECT_TRUE(retry);
}

// Calls in flight at the end of the grace period are cancelled by the
// gateway: the connection sees a cancel marked as the gateway's own.
TEST_F(ServiceImplTest, ADrainCancelsTheCallsInFlight) {
  absl::Notification started;
  CallContextPtr seen;
  ResultCallback<v1::PayoutInvoice> parked;
  EXPECT_CALL(*connection_, GetPayoutInvoice(_, _, _))
      .WillOnce(
          Invoke([&](CallContextPtr ctx, const v1::GetPayoutInvoiceRequest&,
                     ResultCallback<v1::PayoutInvoice> done) {
            seen = ctx;
            parked = std::move(done);
            started.Notify();
          }));
  std::thread caller([&] {
    grpc::ClientContext context;
    v1::GetPayoutInvoiceRequest request;
    request.set_id("cpoi_1");
    v1::PayoutInvoice out;
    stub_->GetPayoutInvoice(&context, request, &out);
  });
  started.WaitForNotification();
  EXPECT_FALSE(service_->AwaitCalls(absl::Now() + absl::Milliseconds(50)));
  EXPECT_EQ(service_->CancelCalls(), 1);
  EXPECT_TRUE(seen->IsCancelled());
  EXPECT_TRUE(seen->IsDraining());
  parked(absl::UnavailableError("drained"));
  caller.join();
  EXPECT_TRUE(service_->AwaitCalls(absl::Now() + absl::Seconds(5)));
}

TEST_F(ServiceImplTest, RequestBytesBeyondTheLimitAreRefused) {
  PayoutServiceOptions options;
  options.admission.max_request_bytes_in_flight = 2000;
  Start(options);
  EXPECT_CALL(*connection_, CreatePayoutInvoice(_, _, _)).Times(0);
  v1::CreatePayoutInvoiceRequest request = ValidCreate();
  request.set_description(std::string(1900, 'd'));
  (*request.mutable_metadata())["k"] = std::string(200, 'v');
  grpc::ClientContext context;
  v1::PayoutInvoice out;
  grpc::Status status = stub_->CreatePayoutInvoice(&context, request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(service_->admission().request_bytes_in_flight(), 0);
}

}  // namespace
}  // namespace payout_gateway
