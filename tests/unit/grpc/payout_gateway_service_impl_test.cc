#include "grpc/payout_gateway_service_impl.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <thread>

#include "absl/synchronization/notification.h"
#include "common/error_details.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;
using ::testing::_;
using ::testing::Invoke;

class MockPayoutConnection : public PayoutConnection {
 public:
  MOCK_METHOD(void, PayoutPrerequest,
              (CallContextPtr, const v1::PayoutPrerequestRequest&,
               ResultCallback<v1::PayoutPrerequestResponse>),
              (override));
  MOCK_METHOD(void, ListPayoutServices,
              (CallContextPtr, const v1::ListPayoutServicesRequest&,
               ResultCallback<v1::ListPayoutServicesResponse>),
              (override));
  MOCK_METHOD(void, GetPayoutService,
              (CallContextPtr, const v1::GetPayoutServiceRequest&,
               ResultCallback<v1::PayoutService>),
              (override));
  MOCK_METHOD(void, CreatePayoutInvoice,
              (CallContextPtr, const v1::CreatePayoutInvoiceRequest&,
               ResultCallback<v1::PayoutInvoice>),
              (override));
  MOCK_METHOD(void, ProcessPayoutInvoice,
              (CallContextPtr, const v1::ProcessPayoutInvoiceRequest&,
               ResultCallback<v1::PayoutInvoice>),
              (override));
  MOCK_METHOD(void, GetPayoutInvoice,
              (CallContextPtr, const v1::GetPayoutInvoiceRequest&,
               ResultCallback<v1::PayoutInvoice>),
              (override));
  MOCK_METHOD(void, ListPayoutInvoices,
              (CallContextPtr, const v1::ListPayoutInvoicesRequest&,
               ResultCallback<v1::ListPayoutInvoicesResponse>),
              (override));
};

// A real gRPC server on a free loopback port serving the handlers over a
// mocked connection.
class ServiceImplTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service_ = std::make_unique<PayoutGatewayServiceImpl>(connection_);
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

v1::CreatePayoutInvoiceRequest ValidCreate() {
  v1::CreatePayoutInvoiceRequest r;
  r.set_reference_id("r-1");
  r.set_service("test_usd");
  r.set_currency("USD");
  r.set_amount("10.00");
  return r;
}

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

}  // namespace
}  // namespace payout_gateway
