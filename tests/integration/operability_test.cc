// What operators see and rely on: health, request ids, one log line per
// call, Prometheus metrics, no secrets in logs, and a clean drain on SIGTERM.

#include <gmock/gmock.h>
#include <google/protobuf/descriptor.pb.h>
#include <grpcpp/grpcpp.h>

#include <regex>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gateway_test_fixture.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace payout_gateway_testing {
namespace {

using ::grpc::health::v1::Health;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kService[] = "corefy.payout.v1.PayoutGatewayService";

HealthCheckResponse::ServingStatus HealthOf(const std::string& address,
                                            const std::string& service,
                                            grpc::Status* status = nullptr) {
  auto stub = Health::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(2));
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  grpc::Status s = stub->Check(&context, request, &response);
  if (status != nullptr) *status = s;
  return s.ok() ? response.status() : HealthCheckResponse::UNKNOWN;
}

// The gateway's metrics port, from its "metrics on HOST:PORT" line.
int MetricsPort(ChildProcess& gateway) {
  std::smatch m;
  std::string out = gateway.Stdout();
  if (!std::regex_search(out, m, std::regex(R"(metrics on \S+:(\d+))")))
    return 0;
  return std::stoi(m[1]);
}

// The JSON log lines of `event` the gateway wrote, once it wrote at least
// `expected` of them.
std::vector<nlohmann::json> LogLines(ChildProcess& gateway,
                                     const std::string& event,
                                     int expected = 1) {
  std::vector<nlohmann::json> lines;
  const std::string needle = R"("event":")" + event + '"';
  for (absl::string_view line :
       absl::StrSplit(gateway.StderrOnceItHas(needle, expected), '\n')) {
    auto json = nlohmann::json::parse(line, nullptr, false);
    if (json.is_object() && json.value("event", "") == event)
      lines.push_back(json);
  }
  return lines;
}

class OperabilityTest : public GatewayTest {
 protected:
  std::string Scrape() {
    SandboxControl metrics("http://127.0.0.1:" + std::to_string(MetricsPort(
                                                     env_->gateway_process())));
    std::string body;
    EXPECT_EQ(metrics.Send("GET", "/metrics", "", body), 200);
    return body;
  }
};

TEST_F(OperabilityTest, HealthIsServingOverallAndPerService) {
  EXPECT_EQ(HealthOf(env_->gateway_address(), ""),
            HealthCheckResponse::SERVING);
  EXPECT_EQ(HealthOf(env_->gateway_address(), kService),
            HealthCheckResponse::SERVING);
  grpc::Status status;
  HealthOf(env_->gateway_address(), "no.such.Service", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

// Reflection tells anyone who can connect what the gateway serves: off
// unless asked for (docs/security.md).
TEST_F(OperabilityTest, ReflectionIsOffByDefault) {
  namespace reflection = ::grpc::reflection::v1alpha;
  auto stub = reflection::ServerReflection::NewStub(grpc::CreateChannel(
      env_->gateway_address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(5));
  auto stream = stub->ServerReflectionInfo(&context);
  reflection::ServerReflectionRequest request;
  request.set_list_services("*");
  stream->Write(request);
  reflection::ServerReflectionResponse response;
  EXPECT_FALSE(stream->Read(&response));
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::UNIMPLEMENTED);
}

class ReflectionOnTest : public OperabilityTest {
 protected:
  GatewayEnvironment::Options EnvironmentOptions() override {
    GatewayEnvironment::Options options;
    options.gateway_args = {"--reflection"};
    return options;
  }
};

// What grpcurl does: list the services, then fetch the file defining one
// (with its imports) and ask again on the same stream.
TEST_F(ReflectionOnTest, ReflectionListsAndDescribesTheServices) {
  namespace reflection = ::grpc::reflection::v1alpha;
  auto stub = reflection::ServerReflection::NewStub(grpc::CreateChannel(
      env_->gateway_address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(5));
  auto stream = stub->ServerReflectionInfo(&context);
  reflection::ServerReflectionRequest request;
  reflection::ServerReflectionResponse response;

  request.set_list_services("*");
  ASSERT_TRUE(stream->Write(request));
  ASSERT_TRUE(stream->Read(&response));
  std::vector<std::string> services;
  for (const auto& s : response.list_services_response().service())
    services.push_back(s.name());
  EXPECT_THAT(services, ::testing::UnorderedElementsAre(
                            kService, "grpc.health.v1.Health",
                            "grpc.reflection.v1alpha.ServerReflection"));

  request.set_file_containing_symbol(std::string(kService) +
                                     ".CreatePayoutInvoice");
  ASSERT_TRUE(stream->Write(request));
  ASSERT_TRUE(stream->Read(&response));
  std::vector<std::string> files;
  for (const auto& bytes :
       response.file_descriptor_response().file_descriptor_proto()) {
    google::protobuf::FileDescriptorProto file;
    ASSERT_TRUE(file.ParseFromString(bytes));
    files.push_back(file.name());
  }
  ASSERT_FALSE(files.empty()) << response.DebugString();
  EXPECT_EQ(files.front(), "corefy/payout/v1/payout_gateway_service.proto");
  EXPECT_THAT(files,
              ::testing::Contains("corefy/payout/v1/payout_invoice.proto"));

  request.set_file_by_filename("corefy/payout/v1/payout_invoice.proto");
  ASSERT_TRUE(stream->Write(request));
  ASSERT_TRUE(stream->Read(&response));
  google::protobuf::FileDescriptorProto first;
  ASSERT_GT(response.file_descriptor_response().file_descriptor_proto_size(),
            0);
  ASSERT_TRUE(first.ParseFromString(
      response.file_descriptor_response().file_descriptor_proto(0)));
  EXPECT_EQ(first.name(), "corefy/payout/v1/payout_invoice.proto");
  EXPECT_GT(first.message_type_size(), 0);

  request.set_file_containing_symbol("no.such.Symbol");
  ASSERT_TRUE(stream->Write(request));
  ASSERT_TRUE(stream->Read(&response));
  EXPECT_EQ(response.error_response().error_code(),
            static_cast<int>(grpc::StatusCode::NOT_FOUND));
  EXPECT_THAT(response.error_response().error_message(),
              HasSubstr("no.such.Symbol"));

  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(OperabilityTest, RequestIdsAreKeptOrMadeAndReturned) {
  v1::GetPayoutServiceRequest request;
  request.set_id("comcpos_TestUsd0000000001");
  v1::PayoutService out;
  auto given = Context();
  given->AddMetadata("x-request-id", "caller-id-1");
  ASSERT_TRUE(stub_->GetPayoutService(given.get(), request, &out).ok());
  auto it = given->GetServerTrailingMetadata().find("x-request-id");
  ASSERT_NE(it, given->GetServerTrailingMetadata().end());
  EXPECT_EQ(std::string(it->second.data(), it->second.size()), "caller-id-1");

  auto made = Context();
  ASSERT_TRUE(stub_->GetPayoutService(made.get(), request, &out).ok());
  it = made->GetServerTrailingMetadata().find("x-request-id");
  ASSERT_NE(it, made->GetServerTrailingMetadata().end());
  std::string id(it->second.data(), it->second.size());
  EXPECT_EQ(id.size(), 32u);
  // The same id went upstream.
  EXPECT_EQ(UpstreamRequests().back()["headers"]["x-request-id"], id);
}

TEST_F(OperabilityTest, OneLogLinePerCallWithItsFields) {
  CreateOrFail(TestUsdCreate("log-1"));
  v1::PayoutInvoice out;
  auto context = Context();
  context->AddMetadata("x-request-id", "log-request");
  stub_->CreatePayoutInvoice(context.get(), TestUsdCreate("log-2", "-1"), &out);
  std::vector<nlohmann::json> calls =
      LogLines(env_->gateway_process(), "rpc", 2);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0]["method"], "CreatePayoutInvoice");
  EXPECT_EQ(calls[0]["code"], "OK");
  EXPECT_EQ(calls[0]["reference_id"], "log-1");
  EXPECT_EQ(calls[0]["upstream_attempts"], "1");
  EXPECT_EQ(calls[0]["severity"], "INFO");
  double ms = 0;
  EXPECT_TRUE(
      absl::SimpleAtod(calls[0]["duration_ms"].get<std::string>(), &ms));
  EXPECT_GT(ms, 0);
  EXPECT_EQ(calls[1]["code"], "INVALID_ARGUMENT");
  EXPECT_EQ(calls[1]["request_id"], "log-request");
  EXPECT_EQ(calls[1]["upstream_attempts"], "0");
  EXPECT_EQ(calls[1]["severity"], "WARNING");
}

TEST_F(OperabilityTest, MetricsCountCallsUpstreamRequestsRetriesAndBudget) {
  v1::PayoutInvoice created = CreateOrFail(TestUsdCreate("metrics-1"));
  env_->sandbox().AddFault(
      {{"method", "GET"}, {"path", "/api/payout-invoices/*"}, {"status", 503}});
  v1::GetPayoutInvoiceRequest get;
  get.set_id(created.id());
  v1::PayoutInvoice out;
  ASSERT_TRUE(stub_->GetPayoutInvoice(Context().get(), get, &out).ok());
  v1::PayoutInvoice ignored;
  stub_->CreatePayoutInvoice(Context().get(), TestUsdCreate("metrics-bad", "0"),
                             &ignored);
  // The answer to this create is lost: the gateway reconciles. (libcurl
  // may first re-send it on a fresh connection, which Corefy refuses with a
  // 409; either way the lookup finds the invoice.)
  env_->sandbox().AddFault({{"method", "POST"},
                            {"path", "/api/payout-invoices"},
                            {"action", "reset_after"}});
  CreateOrFail(TestUsdCreate("metrics-2"));

  std::string m = Scrape();
  EXPECT_THAT(
      m,
      HasSubstr(
          R"(payout_gateway_rpc_total{code="OK",method="CreatePayoutInvoice"} 2)"));
  EXPECT_THAT(
      m,
      HasSubstr(
          R"(payout_gateway_rpc_total{code="INVALID_ARGUMENT",method="CreatePayoutInvoice"} 1)"));
  EXPECT_THAT(
      m,
      HasSubstr(
          R"(payout_gateway_rpc_duration_seconds_count{method="GetPayoutInvoice"} 1)"));
  EXPECT_THAT(
      m, HasSubstr(
             R"(payout_gateway_rpc_in_flight{method="GetPayoutInvoice"} 0)"));
  EXPECT_THAT(
      m,
      HasSubstr(
          R"(payout_gateway_upstream_requests_total{method="GET",outcome="503",route="/payout-invoices/{id}"} 1)"));
  EXPECT_THAT(
      m,
      HasSubstr(
          R"(payout_gateway_upstream_requests_total{method="GET",outcome="200",route="/payout-invoices/{id}"} 1)"));
  EXPECT_THAT(
      m,
      HasSubstr(
          R"(payout_gateway_retries_total{operation="GetPayoutInvoice"} 1)"));
  EXPECT_THAT(
      m,
      HasSubstr(
          R"(payout_gateway_reconciliations_total{operation="CreatePayoutInvoice",result="happened"} 1)"));
  EXPECT_THAT(m, HasSubstr("payout_gateway_retry_budget_tokens "));
  EXPECT_THAT(m, HasSubstr(R"(payout_gateway_build_info{version=")"));
  // Never an invoice id in a label.
  EXPECT_THAT(m, Not(HasSubstr(created.id())));
}

TEST_F(OperabilityTest, SecretsAndCardNumbersNeverReachTheLogs) {
  const std::string card = "5123817234060000";
  // A full run: a card payout, a process, errors with the card echoed back
  // by the upstream, and a gateway with rejected credentials.
  v1::CreatePayoutInvoiceRequest create;
  create.set_reference_id("secret-run-1");
  create.set_service("payment_card_usd");
  create.set_currency("USD");
  create.set_amount("20");
  (*create.mutable_fields())["card_number"] = card;
  v1::PayoutInvoice invoice = CreateOrFail(create);
  v1::ProcessPayoutInvoiceRequest process;
  process.set_id(invoice.id());
  v1::PayoutInvoice out;
  ASSERT_TRUE(stub_->ProcessPayoutInvoice(Context().get(), process, &out).ok());
  env_->sandbox().AddFault(
      {{"method", "POST"},
       {"path", "/api/payout-invoices"},
       {"status", 422},
       {"body", R"({"errors": {"fields.card_number": "Card )" + card +
                    R"( is blocked."}})"}});
  create.set_reference_id("secret-run-2");
  grpc::Status rejected =
      stub_->CreatePayoutInvoice(Context().get(), create, &out);
  EXPECT_EQ(rejected.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(rejected.error_message(), Not(HasSubstr(card)));
  EXPECT_THAT(rejected.error_message(), HasSubstr("512381******0000"));

  auto bad =
      env_->StartGateway({"--metrics_listen="},
                         {{"PAYOUT_GATEWAY_API_KEY", "wrong-api-key-1234"},
                          {"PAYOUT_GATEWAY_PUBLIC_KEY", "pk_test_wrong_5678"}});
  ASSERT_TRUE(bad.ok());
  {
    auto stub = v1::PayoutGatewayService::NewStub(grpc::CreateChannel(
        (*bad)->address(), grpc::InsecureChannelCredentials()));
    v1::PayoutPrerequestRequest pre;
    pre.set_currency("USD");
    pre.set_amount("1");
    v1::PayoutPrerequestResponse pre_out;
    stub->PayoutPrerequest(Context().get(), pre, &pre_out);
    stub->CreatePayoutInvoice(Context().get(), create, &out);
  }
  stub_.reset();  // an idle channel would hold the drain for seconds
  (*bad)->Stop(SIGTERM);
  env_->gateway_process().Stop(SIGTERM);

  std::string logs = env_->gateway_process().Stderr() + (*bad)->Stderr();
  EXPECT_GT(logs.size(), 500u);
  for (const std::string& secret :
       {std::string(kApiKey), std::string(kPublicKey),
        std::string("wrong-api-key-1234"), std::string("pk_test_wrong_5678")}) {
    EXPECT_THAT(logs, Not(HasSubstr(secret)));
  }
  // No run of 12 to 19 digits that is not masked.
  std::smatch m;
  EXPECT_FALSE(std::regex_search(logs, m, std::regex(R"(\d{12,19})")))
      << "unmasked number in the logs: " << m.str();
  EXPECT_THAT(logs, HasSubstr("512381******0000"));
}

class DrainTest : public GatewayTest {
 protected:
  GatewayEnvironment::Options EnvironmentOptions() override {
    GatewayEnvironment::Options o;
    o.gateway_args = {"--drain_delay=600ms", "--shutdown_grace=5s"};
    return o;
  }
};

TEST_F(DrainTest, SigtermDrainsAndExitsZero) {
  // Calls in flight: the upstream takes 1.5 s to answer each.
  env_->sandbox().AddFault({{"method", "GET"},
                            {"path", "/api/payout-services/*"},
                            {"action", "delay"},
                            {"delay_ms", 1500},
                            {"times", 0}});
  constexpr int kInFlight = 5;
  std::vector<grpc::Status> statuses(kInFlight);
  std::vector<std::thread> callers;
  for (int i = 0; i < kInFlight; ++i) {
    callers.emplace_back([&, i] {
      v1::GetPayoutServiceRequest request;
      request.set_id("comcpos_TestUsd0000000001");
      v1::PayoutService out;
      statuses[i] = stub_->GetPayoutService(Context().get(), request, &out);
    });
  }
  absl::SleepFor(absl::Milliseconds(300));  // let them reach the upstream
  ChildProcess& gateway = env_->gateway_process();
  absl::Time sigterm = absl::Now();
  kill(gateway.pid(), SIGTERM);
  absl::SleepFor(absl::Milliseconds(100));
  // Draining: health says NOT_SERVING at once...
  EXPECT_EQ(HealthOf(env_->gateway_address(), ""),
            HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(HealthOf(env_->gateway_address(), kService),
            HealthCheckResponse::NOT_SERVING);
  // ...and after the drain delay new calls are refused.
  absl::SleepFor(absl::Milliseconds(700));
  v1::GetPayoutServiceRequest request;
  request.set_id("comcpos_TestUsd0000000001");
  v1::PayoutService out;
  auto stub = v1::PayoutGatewayService::NewStub(grpc::CreateChannel(
      env_->gateway_address(), grpc::InsecureChannelCredentials()));
  grpc::Status late = stub->GetPayoutService(
      Context(std::chrono::milliseconds(500)).get(), request, &out);
  EXPECT_FALSE(late.ok());

  // The calls in flight finished normally, and the process exits 0.
  for (auto& t : callers) t.join();
  for (const auto& s : statuses) EXPECT_TRUE(s.ok()) << s.error_message();
  stub_.reset();
  stub.reset();
  EXPECT_EQ(gateway.Wait(absl::Seconds(10)), 0);
  std::printf("drain: exited %s after SIGTERM\n",
              absl::FormatDuration(absl::Now() - sigterm).c_str());
  auto drains = LogLines(gateway, "stopped");
  EXPECT_EQ(drains.size(), 1u);
}

class GraceTest : public GatewayTest {
 protected:
  GatewayEnvironment::Options EnvironmentOptions() override {
    GatewayEnvironment::Options o;
    o.gateway_args = {"--shutdown_grace=300ms"};
    return o;
  }
};

// Calls still running when the grace period ends are ended by the gateway
// itself, each with the details and hint of how far it got: a read may be
// sent again, a create that reached Corefy must be checked first.
TEST_F(GraceTest, CallsOutlivingTheGraceEndWithTheirHintAndTheProcessExits) {
  env_->sandbox().AddFault({{"method", "GET"},
                            {"path", "/api/payout-services/*"},
                            {"action", "hang_before"},
                            {"times", 0}});
  env_->sandbox().AddFault({{"method", "POST"},
                            {"path", "/api/payout-invoices"},
                            {"action", "hang_before"},
                            {"times", 0}});
  grpc::Status read;
  grpc::Status create;
  std::thread reader([&] {
    v1::GetPayoutServiceRequest request;
    request.set_id("comcpos_TestUsd0000000001");
    v1::PayoutService out;
    read = stub_->GetPayoutService(Context(std::chrono::seconds(30)).get(),
                                   request, &out);
  });
  std::thread creator([&] {
    v1::PayoutInvoice out;
    create = stub_->CreatePayoutInvoice(Context(std::chrono::seconds(30)).get(),
                                        TestUsdCreate("drained-1"), &out);
  });
  absl::SleepFor(absl::Milliseconds(300));
  absl::Time sigterm = absl::Now();
  kill(env_->gateway_process().pid(), SIGTERM);
  reader.join();
  creator.join();
  for (const grpc::Status* s : {&read, &create}) {
    EXPECT_EQ(s->error_code(), grpc::StatusCode::UNAVAILABLE);
    auto info = DetailOf<google::rpc::ErrorInfo>(*s);
    ASSERT_TRUE(info.has_value()) << s->error_message();
    EXPECT_EQ(info->reason(), "GATEWAY_DRAINING");
  }
  EXPECT_EQ(DetailOf<v1::RetryHint>(read)->action(),
            v1::RetryHint::ACTION_RETRY);
  EXPECT_EQ(DetailOf<v1::RetryHint>(create)->action(),
            v1::RetryHint::ACTION_CHECK_STATUS_THEN_RETRY);
  EXPECT_EQ(DetailOf<v1::RetryHint>(create)->reference_id(), "drained-1");
  stub_.reset();
  EXPECT_EQ(env_->gateway_process().Wait(absl::Seconds(10)), 0);
  EXPECT_LT(absl::Now() - sigterm, absl::Seconds(8));
  // The stalled upstream request was abandoned, not left open.
  EXPECT_EQ(env_->sandbox().Stats()["hanging_connections"].get<int>(), 0);
}

}  // namespace
}  // namespace payout_gateway_testing
