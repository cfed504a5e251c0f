// Who may call the gateway, and what each caller may do: TLS and mTLS on
// the gRPC listener (certificates made by openssl for the test), the
// caller's identity from its certificate, the payout policy, its reload,
// attribution upstream and the audit records.

#include <gmock/gmock.h>
#include <grpc/grpc_security_constants.h>
#include <grpcpp/grpcpp.h>

#include <fstream>
#include <regex>
#include <thread>

#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gateway_test_fixture.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "support/test_pki.h"

namespace payout_gateway_testing {
namespace {

using ::testing::HasSubstr;

constexpr char kPayroll[] = "spiffe://cluster.local/ns/payroll/sa/payroll-api";
constexpr char kReports[] = "spiffe://cluster.local/ns/reports/sa/reports";
constexpr char kSettle[] = "spiffe://cluster.local/ns/ops/sa/settlement";
constexpr char kBatch[] = "batch.payouts.internal";

// Payroll may create and process up to 100.00 USD through test_usd;
// reports may only read (and watch); settlement may process up to 5 USD.
std::string Policy(const std::string& extra_caller = "") {
  return std::string(R"({"callers": {
    ")") +
         kPayroll + R"(": {
      "rpcs": ["CreatePayoutInvoice", "ProcessPayoutInvoice",
               "GetPayoutInvoice", "ListPayoutInvoices"],
      "services": ["test_usd"], "currencies": ["USD"],
      "modes": ["test", "live"], "max_amount": {"USD": "100.00"}},
    ")" + kReports +
         R"(": {
      "rpcs": ["GetPayoutInvoice", "ListPayoutInvoices",
               "WatchPayoutInvoice"]},
    ")" + kSettle +
         R"(": {
      "rpcs": ["ProcessPayoutInvoice"], "services": ["*"],
      "currencies": ["*"], "modes": ["*"], "max_amount": {"USD": "5"}})" +
         extra_caller + "}}";
}

class IdentityTest : public GatewayTest {
 protected:
  void SetUp() override {
    auto pki = TestPki::Make();
    ASSERT_TRUE(pki.ok()) << pki.status();
    pki_ = *std::move(pki);
    ASSERT_TRUE(
        pki_->MakeClient("payroll", std::string("URI:") + kPayroll).ok());
    ASSERT_TRUE(
        pki_->MakeClient("reports", std::string("URI:") + kReports).ok());
    ASSERT_TRUE(pki_->MakeClient("settle", std::string("URI:") + kSettle).ok());
    ASSERT_TRUE(pki_->MakeClient("batch", std::string("DNS:") + kBatch).ok());
    ASSERT_TRUE(pki_->MakeClient("stranger", std::string("URI:") + kPayroll,
                                 /*other_ca=*/true)
                    .ok());
    pki_->dir().Write("policy.json", Policy(), 0644);
    GatewayTest::SetUp();
  }

  GatewayEnvironment::Options EnvironmentOptions() override {
    GatewayEnvironment::Options options;
    options.gateway_args = {"--tls_cert_file=" + pki_->Path("server.pem"),
                            "--tls_key_file=" + pki_->Path("server.key"),
                            "--tls_client_ca_file=" + pki_->Path("ca.pem"),
                            "--payout_policy_file=" + pki_->Path("policy.json"),
                            "--audit_log=" + pki_->Path("audit.jsonl"),
                            "--reload_interval=1s"};
    return options;
  }

  // A channel that trusts the test CA and presents `client`'s certificate
  // ("" for none). A new connection every time.
  std::shared_ptr<grpc::Channel> ChannelAs(const std::string& client) const {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = pki_->Read("ca.pem");
    if (!client.empty()) {
      ssl.pem_private_key = pki_->Read(client + ".key");
      ssl.pem_cert_chain = pki_->Read(client + ".pem");
    }
    grpc::ChannelArguments args;
    args.SetSslTargetNameOverride("localhost");
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    return grpc::CreateCustomChannel(env_->gateway_address(),
                                     grpc::SslCredentials(ssl), args);
  }

  std::unique_ptr<v1::PayoutGatewayService::Stub> StubAs(
      const std::string& client) const {
    return v1::PayoutGatewayService::NewStub(ChannelAs(client));
  }

  grpc::Status Create(const std::string& client,
                      const v1::CreatePayoutInvoiceRequest& request,
                      v1::PayoutInvoice* out = nullptr) {
    v1::PayoutInvoice ignored;
    return StubAs(client)->CreatePayoutInvoice(Context().get(), request,
                                               out != nullptr ? out : &ignored);
  }

  int UpstreamPosts() const {
    int posts = 0;
    for (const auto& r : UpstreamRequests()) posts += r["method"] == "POST";
    return posts;
  }

  std::vector<nlohmann::json> AuditRecords() const {
    std::vector<nlohmann::json> records;
    for (absl::string_view line :
         absl::StrSplit(pki_->Read("audit.jsonl"), '\n', absl::SkipEmpty())) {
      records.push_back(nlohmann::json::parse(line));
    }
    return records;
  }

  std::unique_ptr<TestPki> pki_;
};

std::string ReasonOf(const grpc::Status& status) {
  auto info = DetailOf<google::rpc::ErrorInfo>(status);
  return info.has_value() ? info->reason() : "";
}

v1::RetryHint::Action HintOf(const grpc::Status& status) {
  auto hint = DetailOf<v1::RetryHint>(status);
  return hint.has_value() ? hint->action() : v1::RetryHint::ACTION_UNSPECIFIED;
}

TEST_F(IdentityTest, PlaintextClientIsRefused) {
  v1::PayoutInvoice out;
  grpc::Status status =
      stub_->CreatePayoutInvoice(Context().get(), TestUsdCreate("plain"), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(UpstreamRequests().size(), 0u);
}

TEST_F(IdentityTest, MtlsWithoutACertificateIsRefused) {
  grpc::Status status = Create("", TestUsdCreate("no-cert"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(UpstreamRequests().size(), 0u);
}

TEST_F(IdentityTest, ACertificateFromAnotherCaIsRefused) {
  grpc::Status status = Create("stranger", TestUsdCreate("stranger"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(UpstreamRequests().size(), 0u);
}

TEST_F(IdentityTest, CallerMayCreateUpToItsLimitAndNoFurther) {
  v1::PayoutInvoice invoice;
  ASSERT_TRUE(
      Create("payroll", TestUsdCreate("at-limit", "100.00"), &invoice).ok());
  EXPECT_EQ(invoice.initiator(), kPayroll);
  // The identity reached Corefy's own record of the invoice.
  nlohmann::json sent = UpstreamRequests().back();
  EXPECT_EQ(
      nlohmann::json::parse(
          sent["body"].get<std::string>())["data"]["attributes"]["metadata"]
                                          ["payout_gateway_initiator"],
      kPayroll);

  grpc::Status status = Create("payroll", TestUsdCreate("over", "100.01"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(status), "AMOUNT_ABOVE_CALLER_LIMIT");
  EXPECT_EQ(HintOf(status), v1::RetryHint::ACTION_DO_NOT_RETRY);
  v1::CreatePayoutInvoiceRequest eur = TestUsdCreate("eur");
  eur.set_currency("EUR");
  EXPECT_EQ(ReasonOf(Create("payroll", eur)), "CURRENCY_NOT_ALLOWED");
  v1::CreatePayoutInvoiceRequest card = TestUsdCreate("card");
  card.set_service("payment_card_usd");
  EXPECT_EQ(ReasonOf(Create("payroll", card)), "SERVICE_NOT_ALLOWED");
  v1::CreatePayoutInvoiceRequest auto_process = TestUsdCreate("auto");
  auto_process.mutable_options()->set_auto_process(true);
  EXPECT_TRUE(Create("payroll", auto_process).ok());
  // Only the two allowed creates went upstream.
  EXPECT_EQ(UpstreamPosts(), 2);
}

TEST_F(IdentityTest, ReadOnlyCallerCanReadButNotPay) {
  v1::PayoutInvoice invoice;
  ASSERT_TRUE(Create("payroll", TestUsdCreate("to-read"), &invoice).ok());
  env_->sandbox().ClearRequests();

  auto reports = StubAs("reports");
  v1::GetPayoutInvoiceRequest get;
  get.set_id(invoice.id());
  v1::PayoutInvoice read;
  ASSERT_TRUE(reports->GetPayoutInvoice(Context().get(), get, &read).ok());
  EXPECT_EQ(read.initiator(), kPayroll);

  grpc::Status create = Create("reports", TestUsdCreate("by-reports"));
  EXPECT_EQ(create.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(create), "RPC_NOT_ALLOWED");
  v1::ProcessPayoutInvoiceRequest process;
  process.set_id(invoice.id());
  grpc::Status processed =
      reports->ProcessPayoutInvoice(Context().get(), process, &read);
  EXPECT_EQ(ReasonOf(processed), "RPC_NOT_ALLOWED");
  v1::ListPayoutServicesRequest services;
  v1::ListPayoutServicesResponse listed;
  EXPECT_EQ(
      ReasonOf(reports->ListPayoutServices(Context().get(), services, &listed)),
      "RPC_NOT_ALLOWED");
  EXPECT_EQ(UpstreamPosts(), 0);
}

TEST_F(IdentityTest, StreamsAreRpcsThePolicyMustName) {
  v1::PayoutInvoice invoice;
  ASSERT_TRUE(Create("payroll", TestUsdCreate("to-watch"), &invoice).ok());
  v1::WatchPayoutInvoiceRequest watch;
  watch.set_id(invoice.id());
  v1::PayoutInvoiceEvent event;
  {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    auto reader = StubAs("reports")->WatchPayoutInvoice(&context, watch);
    ASSERT_TRUE(reader->Read(&event));  // reports may watch
    EXPECT_EQ(event.invoice().id(), invoice.id());
    context.TryCancel();
    (void)reader->Finish();
  }
  {
    grpc::ClientContext context;
    auto reader = StubAs("payroll")->WatchPayoutInvoice(&context, watch);
    EXPECT_FALSE(reader->Read(&event));
    grpc::Status denied = reader->Finish();
    EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(ReasonOf(denied), "RPC_NOT_ALLOWED");
  }
  {
    grpc::ClientContext context;
    auto reader = StubAs("reports")->StreamPayoutEvents(&context, {});
    EXPECT_FALSE(reader->Read(&event));
    EXPECT_EQ(ReasonOf(reader->Finish()), "RPC_NOT_ALLOWED");
  }
}

TEST_F(IdentityTest, CallersThePolicyDoesNotNameAreDenied) {
  // A valid certificate of the right CA, identified by its DNS SAN.
  grpc::Status status = Create("batch", TestUsdCreate("batch"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(status), "CALLER_NOT_ALLOWED");
  EXPECT_THAT(status.error_message(), HasSubstr(kBatch));
  EXPECT_EQ(UpstreamRequests().size(), 0u);
}

// Processing moves the money of an invoice someone else created: the
// processing caller's limits apply to it, checked before the process call.
TEST_F(IdentityTest, AProcessIsHeldToTheProcessingCallersLimits) {
  v1::PayoutInvoice big;
  ASSERT_TRUE(Create("payroll", TestUsdCreate("big", "50.00"), &big).ok());
  v1::PayoutInvoice small;
  ASSERT_TRUE(Create("payroll", TestUsdCreate("small", "5.00"), &small).ok());
  env_->sandbox().ClearRequests();

  auto settle = StubAs("settle");
  v1::ProcessPayoutInvoiceRequest process;
  process.set_id(big.id());
  v1::PayoutInvoice out;
  grpc::Status status =
      settle->ProcessPayoutInvoice(Context().get(), process, &out);
  EXPECT_EQ(ReasonOf(status), "AMOUNT_ABOVE_CALLER_LIMIT");
  EXPECT_EQ(UpstreamPosts(), 0);

  process.set_id(small.id());
  ASSERT_TRUE(
      settle->ProcessPayoutInvoice(Context().get(), process, &out).ok());
  EXPECT_EQ(out.status(), v1::PAYOUT_INVOICE_STATUS_PROCESSING);
  EXPECT_EQ(UpstreamPosts(), 1);
}

TEST_F(IdentityTest, CallersMayNotSetTheReservedMetadataKeys) {
  v1::CreatePayoutInvoiceRequest request = TestUsdCreate("forged-initiator");
  (*request.mutable_metadata())["payout_gateway_initiator"] = kReports;
  grpc::Status status = Create("payroll", request);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              ::testing::Contains("metadata.payout_gateway_initiator"));
  EXPECT_EQ(UpstreamRequests().size(), 0u);
}

// Polls `call` until it returns OK or `timeout` passes; how long it took.
template <typename Call>
absl::Duration TimeUntilOk(Call call, absl::Duration timeout) {
  const absl::Time start = absl::Now();
  while (absl::Now() - start < timeout) {
    if (call().ok()) return absl::Now() - start;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return absl::InfiniteDuration();
}

TEST_F(IdentityTest, APolicyChangeTakesEffectWithoutARestart) {
  ASSERT_EQ(ReasonOf(Create("batch", TestUsdCreate("before"))),
            "CALLER_NOT_ALLOWED");
  pki_->dir().Write("policy.json",
                    Policy(std::string(R"(, ")") + kBatch + R"(": {
      "rpcs": ["*"], "services": ["test_usd"], "currencies": ["USD"],
      "modes": ["test", "live"]})"),
                    0644);
  int n = 0;
  const absl::Duration latency = TimeUntilOk(
      [&] {
        return Create("batch", TestUsdCreate("after-" + std::to_string(++n)));
      },
      absl::Seconds(10));
  EXPECT_LT(latency, absl::Seconds(3));
  std::printf("policy reload latency: %.0f ms\n",
              absl::ToDoubleMilliseconds(latency));
  EXPECT_EQ(env_->gateway_process().pid() > 0, true);
}

TEST_F(IdentityTest, ABrokenPolicyIsRefusedAndTheLastGoodOneStays) {
  pki_->dir().Write("policy.json", R"({"callers": {"x": {"rpcs": ["Nope"]}}})",
                    0644);
  // Until the gateway has read it (a 1 s reload interval).
  EXPECT_THAT(env_->gateway_process().StderrOnceItHas(
                  R"("event":"policy_rejected")", 1, absl::Seconds(15)),
              HasSubstr(R"("event":"policy_rejected")"));
  EXPECT_TRUE(Create("payroll", TestUsdCreate("still-allowed")).ok());
  EXPECT_EQ(ReasonOf(Create("reports", TestUsdCreate("still-denied"))),
            "RPC_NOT_ALLOWED");
  std::smatch m;
  std::string out = env_->gateway_process().Stdout();
  ASSERT_TRUE(std::regex_search(out, m, std::regex(R"(metrics on \S+:(\d+))")));
  SandboxControl metrics("http://127.0.0.1:" + m[1].str());
  std::string body;
  ASSERT_EQ(metrics.Send("GET", "/metrics", "", body), 200);
  EXPECT_THAT(
      body, HasSubstr(R"(payout_gateway_policy_rejected{policy="payout"} 1)"));
  EXPECT_THAT(body, HasSubstr(R"(result="rejected")"));
}

// The server certificate a new connection is shown.
std::string ServerCertificate(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = v1::PayoutGatewayService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(5));
  v1::GetPayoutInvoiceRequest request;
  request.set_id("cpoi_none");
  v1::PayoutInvoice out;
  stub->GetPayoutInvoice(&context, request, &out);
  auto auth = context.auth_context();
  if (auth == nullptr) return "";
  auto pem = auth->FindPropertyValues(GRPC_X509_PEM_CERT_PROPERTY_NAME);
  return pem.empty() ? "" : std::string(pem.front().data(), pem.front().size());
}

TEST_F(IdentityTest, ARotatedCertificateIsServedWithoutARestart) {
  const std::string before = ServerCertificate(ChannelAs("payroll"));
  ASSERT_FALSE(before.empty());
  ASSERT_TRUE(pki_->RotateServer().ok());
  const std::string rotated = pki_->Read("server.pem");
  ASSERT_NE(before, rotated);
  const absl::Time start = absl::Now();
  std::string now;
  while (absl::Now() - start < absl::Seconds(10)) {
    now = ServerCertificate(ChannelAs("payroll"));
    if (now == rotated) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(now, rotated);
  std::printf("certificate rotation picked up after %.0f ms\n",
              absl::ToDoubleMilliseconds(absl::Now() - start));
}

TEST_F(IdentityTest, HealthIsOnAPlaintextPortThatServesNothingElse) {
  std::smatch m;
  std::string out = env_->gateway_process().Stdout();
  ASSERT_TRUE(std::regex_search(out, m, std::regex(R"(health on \S+:(\d+))")));
  auto channel = grpc::CreateChannel("127.0.0.1:" + m[1].str(),
                                     grpc::InsecureChannelCredentials());
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckRequest request;
  request.set_service("corefy.payout.v1.PayoutGatewayService");
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(health->Check(&context, request, &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  auto payouts = v1::PayoutGatewayService::NewStub(channel);
  v1::PayoutInvoice invoice;
  grpc::Status status = payouts->CreatePayoutInvoice(
      Context().get(), TestUsdCreate("via-health"), &invoice);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(UpstreamRequests().size(), 0u);
}

TEST_F(IdentityTest, EveryCreateAndProcessIsAudited) {
  v1::PayoutInvoice invoice;
  auto context = Context();
  context->AddMetadata("x-request-id", "audit-create-1");
  ASSERT_TRUE(StubAs("payroll")
                  ->CreatePayoutInvoice(context.get(),
                                        TestUsdCreate("audited", "12.50"),
                                        &invoice)
                  .ok());
  v1::ProcessPayoutInvoiceRequest process;
  process.set_id(invoice.id());
  v1::PayoutInvoice processed;
  ASSERT_TRUE(StubAs("payroll")
                  ->ProcessPayoutInvoice(Context().get(), process, &processed)
                  .ok());
  Create("reports", TestUsdCreate("denied"));
  v1::GetPayoutInvoiceRequest get;
  get.set_id(invoice.id());
  StubAs("reports")->GetPayoutInvoice(Context().get(), get, &processed);

  std::vector<nlohmann::json> records = AuditRecords();
  ASSERT_EQ(records.size(), 3u);  // reads are not audited
  EXPECT_EQ(records[0]["rpc"], "CreatePayoutInvoice");
  EXPECT_EQ(records[0]["caller"], kPayroll);
  EXPECT_EQ(records[0]["request_id"], "audit-create-1");
  EXPECT_EQ(records[0]["reference_id"], "audited");
  EXPECT_EQ(records[0]["invoice_id"], invoice.id());
  EXPECT_EQ(records[0]["amount"], "12.50");
  EXPECT_EQ(records[0]["currency"], "USD");
  EXPECT_EQ(records[0]["service"], "test_usd");
  EXPECT_EQ(records[0]["outcome"]["code"], "OK");
  EXPECT_EQ(records[1]["rpc"], "ProcessPayoutInvoice");
  EXPECT_EQ(records[1]["caller"], kPayroll);
  EXPECT_EQ(records[1]["invoice_id"], invoice.id());
  EXPECT_EQ(records[1]["reference_id"], "audited");
  EXPECT_EQ(records[1]["outcome"]["code"], "OK");
  EXPECT_EQ(records[2]["caller"], kReports);
  EXPECT_EQ(records[2]["outcome"]["code"], "PERMISSION_DENIED");
  EXPECT_EQ(records[2]["outcome"]["reason"], "RPC_NOT_ALLOWED");
  EXPECT_EQ(records[2]["outcome"]["hint"], "ACTION_DO_NOT_RETRY");
  for (const auto& record : records) {
    EXPECT_TRUE(record.contains("time"));
  }
}

// The operator's tool speaks mTLS too, and is held to the same policy.
TEST_F(IdentityTest, PayoutctlPresentsAClientCertificate) {
  auto payoutctl = [&](const std::string& client,
                       std::vector<std::string> args) {
    std::vector<std::string> all = {"--gateway=" + env_->gateway_address(),
                                    "--tls-ca=" + pki_->Path("ca.pem"),
                                    "--tls-server-name=localhost"};
    if (!client.empty()) {
      all.push_back("--tls-cert=" + pki_->Path(client + ".pem"));
      all.push_back("--tls-key=" + pki_->Path(client + ".key"));
    }
    all.insert(all.end(), args.begin(), args.end());
    auto process = ChildProcess::Start({PAYOUTCTL_BINARY, all, {}, ""});
    EXPECT_TRUE(process.ok());
    int code = (*process)->Wait(absl::Seconds(30));
    return std::make_pair(code, (*process)->Stdout() + (*process)->Stderr());
  };
  const std::vector<std::string> create = {"invoices",
                                           "create",
                                           "--reference-id=cli-mtls",
                                           "--service=test_usd",
                                           "--currency=USD",
                                           "--amount=10.50",
                                           "--field",
                                           "account=4000123456"};
  auto paid = payoutctl("payroll", create);
  EXPECT_EQ(paid.first, 0) << paid.second;
  EXPECT_THAT(paid.second, HasSubstr("cpoi_"));
  EXPECT_THAT(paid.second,
              HasSubstr(std::string("initiator      ") + kPayroll));
  auto denied = payoutctl("reports", create);
  // payoutctl exits 64 + the gRPC code of a failed call.
  EXPECT_EQ(denied.first,
            64 + static_cast<int>(grpc::StatusCode::PERMISSION_DENIED))
      << denied.second;
  EXPECT_THAT(denied.second, HasSubstr("RPC_NOT_ALLOWED"));
  auto no_cert = payoutctl("", create);
  EXPECT_EQ(no_cert.first,
            64 + static_cast<int>(grpc::StatusCode::UNAVAILABLE));
}

}  // namespace
}  // namespace payout_gateway_testing
