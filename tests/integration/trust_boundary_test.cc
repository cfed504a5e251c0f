// Hostile input at the edge, against real processes: oversized and
// over-many requests, card numbers in every place they can hide, page
// tokens written by a caller, and the gateway's own settings (upstream URL,
// proxy, secret files, Retry-After). Each test is a finding the gateway
// once failed.

#include <gmock/gmock.h>
#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <regex>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gateway_test_fixture.h"
#include "support/test_pki.h"

namespace payout_gateway_testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The pod's memory limit in k8s/base/deployment.yaml.
constexpr int64_t kPodMemoryLimitKb = 512 * 1024;

int64_t ProcStatusKb(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) != 0) continue;
    int64_t kb = 0;
    std::vector<std::string> parts =
        absl::StrSplit(line, ' ', absl::SkipWhitespace());
    if (parts.size() >= 2 && absl::SimpleAtoi(parts[1], &kb)) return kb;
  }
  return -1;
}

// Runs `calls` at once, each on its own thread; the codes they ended with.
std::vector<grpc::Status> RunConcurrently(
    int calls, const std::function<grpc::Status(int)>& call) {
  std::vector<grpc::Status> statuses(calls);
  std::vector<std::thread> threads;
  for (int i = 0; i < calls; ++i) {
    threads.emplace_back([&, i] { statuses[i] = call(i); });
  }
  for (auto& t : threads) t.join();
  return statuses;
}

int CountCode(const std::vector<grpc::Status>& statuses, grpc::StatusCode c) {
  int n = 0;
  for (const auto& s : statuses) n += s.error_code() == c;
  return n;
}

class TrustBoundaryTest : public GatewayTest {
 protected:
  // Creates never answered: every create that reaches the upstream waits
  // until its deadline.
  void StallCreates() {
    env_->sandbox().AddFault({{"method", "POST"},
                              {"path", "/api/payout-invoices"},
                              {"action", "hang_before"},
                              {"times", 0}});
  }

  // A valid create that weighs `kilobytes` KB, in maps.
  static v1::CreatePayoutInvoiceRequest Heavy(const std::string& reference_id,
                                              int entries, int value_bytes) {
    v1::CreatePayoutInvoiceRequest r = TestUsdCreate(reference_id);
    for (int i = 0; i < entries; ++i) {
      (*r.mutable_metadata())["k" + std::to_string(i)] =
          std::string(value_bytes, 'v');
    }
    return r;
  }

  // Whether any upstream request (a create's body, a lookup's query) named
  // `reference_id`.
  bool ReachedUpstream(const std::string& reference_id) const {
    for (const auto& r : UpstreamRequests()) {
      const std::string& body = r["body"].get<std::string>();
      if (body.find('"' + reference_id + '"') != std::string::npos ||
          r["query"].value("filter[reference_id]", "") == reference_id) {
        return true;
      }
    }
    return false;
  }
};

// 60 creates of 4 MB and 300 creates just under the request limit, all at
// once, against an upstream that never answers: the gateway stays under
// the pod's memory limit, refuses the giants before anything is sent, and
// keeps serving.
TEST_F(TrustBoundaryTest, MemoryStaysBoundedUnderOversizedConcurrentCreates) {
  StallCreates();
  const pid_t pid = env_->gateway_process().pid();
  const int64_t idle_kb = ProcStatusKb(pid, "VmRSS");
  auto channel = grpc::CreateChannel(env_->gateway_address(),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::PayoutGatewayService::NewStub(channel);

  auto giants = RunConcurrently(60, [&](int i) {
    v1::PayoutInvoice out;
    // 2,000 entries of 2 KB: 4 MB, as the attack sent.
    return stub->CreatePayoutInvoice(
        Context(std::chrono::seconds(30)).get(),
        Heavy("giant-" + std::to_string(i), 2000, 2048), &out);
  });
  EXPECT_EQ(CountCode(giants, grpc::StatusCode::RESOURCE_EXHAUSTED), 60);
  EXPECT_EQ(UpstreamRequests().size(), 0u);

  // 60 entries of 1 KB: about 62 KB, under the 64 KiB request limit.
  auto heavy = RunConcurrently(300, [&](int i) {
    v1::PayoutInvoice out;
    return stub->CreatePayoutInvoice(
        Context(std::chrono::seconds(4)).get(),
        Heavy("heavy-" + std::to_string(i), 60, 1000), &out);
  });
  EXPECT_EQ(CountCode(heavy, grpc::StatusCode::DEADLINE_EXCEEDED) +
                CountCode(heavy, grpc::StatusCode::UNAVAILABLE),
            300);
  const int64_t peak_kb = ProcStatusKb(pid, "VmHWM");
  std::printf("RSS idle %lld kB, peak %lld kB under 360 oversized creates\n",
              static_cast<long long>(idle_kb), static_cast<long long>(peak_kb));
  EXPECT_GT(peak_kb, 0);
  EXPECT_LT(peak_kb, kPodMemoryLimitKb);
  EXPECT_EQ(env_->gateway_process().Wait(absl::ZeroDuration()), -1);  // alive
}

class TightLimitsTest : public TrustBoundaryTest {
 protected:
  GatewayEnvironment::Options EnvironmentOptions() override {
    GatewayEnvironment::Options options;
    options.gateway_args = {"--max_calls_in_flight=4",
                            "--max_request_bytes_in_flight=200000"};
    return options;
  }
};

TEST_F(TightLimitsTest, CallsBeyondTheLimitAreRefusedAndNeverSent) {
  StallCreates();
  auto statuses = RunConcurrently(12, [&](int i) {
    v1::PayoutInvoice out;
    return stub_->CreatePayoutInvoice(Context(std::chrono::seconds(3)).get(),
                                      TestUsdCreate("c-" + std::to_string(i)),
                                      &out);
  });
  const int refused = CountCode(statuses, grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_GE(refused, 8);
  for (int i = 0; i < 12; ++i) {
    const grpc::Status& s = statuses[i];
    if (s.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED) continue;
    EXPECT_FALSE(ReachedUpstream("c-" + std::to_string(i)));
    auto info = DetailOf<google::rpc::ErrorInfo>(s);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->reason(), "GATEWAY_OVERLOADED");
    EXPECT_EQ(info->metadata().at("limit"), "calls_in_flight");
    EXPECT_TRUE(DetailOf<google::rpc::RetryInfo>(s).has_value());
    EXPECT_EQ(DetailOf<v1::RetryHint>(s)->action(),
              v1::RetryHint::ACTION_RETRY);
  }
}

TEST_F(TightLimitsTest, RequestBytesBeyondTheLimitAreRefused) {
  StallCreates();
  // Four calls of ~62 KB each: the fourth would pass 200,000 bytes.
  auto statuses = RunConcurrently(4, [&](int i) {
    v1::PayoutInvoice out;
    return stub_->CreatePayoutInvoice(Context(std::chrono::seconds(3)).get(),
                                      Heavy("b-" + std::to_string(i), 60, 1000),
                                      &out);
  });
  const int refused = CountCode(statuses, grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_GE(refused, 1);
  for (int i = 0; i < 4; ++i) {
    const grpc::Status& s = statuses[i];
    if (s.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED) continue;
    EXPECT_EQ(DetailOf<google::rpc::ErrorInfo>(s)->metadata().at("limit"),
              "request_bytes_in_flight");
    EXPECT_FALSE(ReachedUpstream("b-" + std::to_string(i)));
  }
}

// Runs of 12 or more digits, grouped by single spaces, dots or dashes: a
// card number that escaped masking.
bool HasCardNumber(const std::string& text) {
  static const std::regex card(R"(\d(?:[ .-]?\d){11,})");
  return std::regex_search(text, card);
}

std::vector<std::string> StringsOf(const grpc::Status& status) {
  std::vector<std::string> out = {status.error_message()};
  if (auto info = DetailOf<google::rpc::ErrorInfo>(status)) {
    for (const auto& [k, v] : info->metadata()) out.push_back(k + "=" + v);
  }
  if (auto bad = DetailOf<google::rpc::BadRequest>(status)) {
    for (const auto& v : bad->field_violations()) {
      out.push_back(v.field() + ": " + v.description());
    }
  }
  if (auto hint = DetailOf<v1::RetryHint>(status)) {
    out.push_back(hint->reference_id() + " " + hint->invoice_id());
  }
  return out;
}

// Corefy's error texts may echo the card number they rejected, in any
// field; the gateway's own texts may echo a caller's reference id. Every
// error returned and every log line written is scanned.
TEST_F(TrustBoundaryTest, CardNumbersAreMaskedInEveryErrorAndLogLine) {
  const std::string card = "4111111111111111";
  env_->sandbox().AddFault(
      {{"method", "POST"},
       {"path", "/api/payout-invoices"},
       {"action", "status"},
       {"status", 422},
       {"times", 1},
       {"body",
        nlohmann::json(
            {{"errors",
              {{{"status", "422"},
                {"code", "E" + card},
                {"title", "card 4111.1111.1111.1111"},
                {"detail", card + " 1228 is not valid"},
                {"source",
                 {{"pointer", "/data/attributes/fields/card_number"}}}}}},
             {"request_id", card}})
            .dump()}});
  env_->sandbox().AddFault(
      {{"method", "POST"},
       {"path", "/api/payout-invoices"},
       {"action", "status"},
       {"status", 422},
       {"times", 1},  // the first fault answered the first create
       {"body", nlohmann::json({{"errors",
                                 {{"fields.card_number",
                                   "4111-1111-1111-1111 is not a card"}}}})
                    .dump()}});
  std::vector<grpc::Status> statuses;
  // A card followed by its expiry, and one written with dots: both were
  // logged in full once.
  for (const std::string& reference :
       {"order " + card + " 1228", std::string("order-4111.1111.1111.1111")}) {
    v1::CreatePayoutInvoiceRequest request = TestUsdCreate(reference);
    (*request.mutable_fields())["card_number"] = card;
    request.set_description("pay 4111 1111 1111 1111");
    v1::PayoutInvoice out;
    statuses.push_back(
        stub_->CreatePayoutInvoice(Context().get(), request, &out));
  }
  // A violation that names the field by a key holding a card number.
  v1::CreatePayoutInvoiceRequest bad_key = TestUsdCreate("order-x");
  (*bad_key.mutable_fields())[card] = std::string(5000, 'x');
  v1::PayoutInvoice out;
  statuses.push_back(
      stub_->CreatePayoutInvoice(Context().get(), bad_key, &out));
  v1::GetPayoutInvoiceRequest lookup;
  lookup.set_reference_id("missing-" + card);
  statuses.push_back(stub_->GetPayoutInvoice(Context().get(), lookup, &out));

  ASSERT_EQ(statuses.size(), 4u);
  EXPECT_EQ(statuses[0].error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(statuses[1].error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(statuses[2].error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(statuses[3].error_code(), grpc::StatusCode::NOT_FOUND);
  int strings = 0;
  for (const auto& status : statuses) {
    for (const std::string& s : StringsOf(status)) {
      EXPECT_FALSE(HasCardNumber(s)) << s;
      ++strings;
    }
  }
  // The texts were there to be masked: the upstream's detail came through.
  EXPECT_THAT(StringsOf(statuses[0]),
              ::testing::Contains(HasSubstr("411111**********1228")));
  int lines = 0;
  // One "rpc" line per call above.
  const std::string log = env_->gateway_process().StderrOnceItHas(
      R"("event":"rpc")", static_cast<int>(statuses.size()));
  for (absl::string_view line : absl::StrSplit(log, '\n')) {
    if (line.empty()) continue;
    EXPECT_FALSE(HasCardNumber(std::string(line))) << line;
    ++lines;
  }
  std::printf("scanned %d error strings and %d log lines\n", strings, lines);
  EXPECT_GE(lines, 5);
}

TEST_F(TrustBoundaryTest, ForgedPageTokensAreRefusedBeforeTheUpstream) {
  v1::ListPayoutInvoicesRequest request;
  // What a caller who decoded an old-style token would write to steer the
  // upstream cursor.
  for (const std::string& token :
       {std::string("aW52MXwyMHxjcG9pX290aGVy"), std::string(600, 'A'),
        std::string("not a token")}) {
    request.set_page_token(token);
    v1::ListPayoutInvoicesResponse out;
    grpc::Status status =
        stub_->ListPayoutInvoices(Context().get(), request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(ViolatedFields(status), std::set<std::string>{"page_token"});
  }
  EXPECT_EQ(UpstreamRequests().size(), 0u);
}

// Replicas that share the key read each other's tokens: a caller may land
// on another replica for its next page.
TEST_F(TrustBoundaryTest, ReplicasSharingTheKeyAcceptEachOthersTokens) {
  auto dir = TempDir::Make();
  ASSERT_TRUE(dir.ok());
  (*dir)->Write("signing_key", "a-key-shared-by-every-replica", 0600);
  const std::string key_flag =
      "--signing_key_file=" + (*dir)->File("signing_key");
  auto a =
      env_->StartGateway({key_flag}, {{"PAYOUT_GATEWAY_API_KEY", kApiKey}});
  auto b =
      env_->StartGateway({key_flag}, {{"PAYOUT_GATEWAY_API_KEY", kApiKey}});
  ASSERT_TRUE(a.ok() && b.ok());
  for (int i = 0; i < 3; ++i)
    CreateOrFail(TestUsdCreate("p-" + std::to_string(i)));
  auto stub_a = v1::PayoutGatewayService::NewStub(
      grpc::CreateChannel((*a)->address(), grpc::InsecureChannelCredentials()));
  auto stub_b = v1::PayoutGatewayService::NewStub(
      grpc::CreateChannel((*b)->address(), grpc::InsecureChannelCredentials()));
  v1::ListPayoutInvoicesRequest request;
  request.set_page_size(1);
  v1::ListPayoutInvoicesResponse first;
  ASSERT_TRUE(
      stub_a->ListPayoutInvoices(Context().get(), request, &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  request.set_page_token(first.next_page_token());
  v1::ListPayoutInvoicesResponse second;
  EXPECT_TRUE(
      stub_b->ListPayoutInvoices(Context().get(), request, &second).ok());
  // A replica with its own key refuses it.
  v1::ListPayoutInvoicesResponse refused;
  EXPECT_EQ(stub_->ListPayoutInvoices(Context().get(), request, &refused)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// An upstream may ask for an hour. A call without a deadline waits at most
// --max_retry_after per retry instead.
TEST_F(TrustBoundaryTest, RetryAfterIsCappedForCallsWithoutADeadline) {
  auto gateway =
      env_->StartGateway({"--max_retry_after=1s", "--retry_max_attempts=2"},
                         {{"PAYOUT_GATEWAY_API_KEY", kApiKey}});
  ASSERT_TRUE(gateway.ok());
  env_->sandbox().AddFault({{"method", "GET"},
                            {"path", "/api/payout-invoices/*"},
                            {"action", "status"},
                            {"status", 429},
                            {"headers", {{"Retry-After", "3600"}}},
                            {"times", 0}});
  auto stub = v1::PayoutGatewayService::NewStub(grpc::CreateChannel(
      (*gateway)->address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext no_deadline;
  v1::GetPayoutInvoiceRequest request;
  request.set_id("cpoi_busy");
  v1::PayoutInvoice out;
  const absl::Time start = absl::Now();
  grpc::Status status = stub->GetPayoutInvoice(&no_deadline, request, &out);
  const absl::Duration took = absl::Now() - start;
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_LT(took, absl::Seconds(5));
  EXPECT_GE(took, absl::Seconds(1));
  auto retry = DetailOf<google::rpc::RetryInfo>(status);
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(retry->retry_delay().seconds(), 1);
}

// The gateway's own settings: each mistake is refused at start, and its
// message shows no secret.
class SettingsTest : public GatewayTest {
 protected:
  // Starts a gateway that is expected to refuse to start; its stderr.
  std::string RefusedStart(
      const std::vector<std::string>& args,
      std::vector<std::pair<std::string, std::string>> env = {
          {"PAYOUT_GATEWAY_API_KEY", kApiKey}}) {
    auto gateway = env_->StartGateway(args, env);
    EXPECT_FALSE(gateway.ok()) << "started with a bad setting";
    return gateway.ok() ? "" : std::string(gateway.status().message());
  }
};

TEST_F(SettingsTest, ACleartextUpstreamOffLoopbackIsRefused) {
  std::string out = RefusedStart({"--upstream_url=http://corefy.example.com"});
  EXPECT_THAT(out, HasSubstr("cleartext"));
}

TEST_F(SettingsTest, APasswordInTheUpstreamUrlIsNeverLogged) {
  std::string out =
      RefusedStart({"--upstream_url=http://coma_sandbox:hunter2secret@" +
                    env_->sandbox_url().substr(7)});
  EXPECT_THAT(out, HasSubstr("user name or password"));
  EXPECT_THAT(out, Not(HasSubstr("hunter2secret")));
}

TEST_F(SettingsTest, ASecretWhereItsFileNameBelongsIsNeverEchoed) {
  std::string out = RefusedStart(
      {}, {{"PAYOUT_GATEWAY_API_KEY_FILE", "sandbox-api-key-as-a-path"}});
  EXPECT_THAT(out, HasSubstr("--api_key_file"));
  EXPECT_THAT(out, Not(HasSubstr("sandbox-api-key-as-a-path")));
}

TEST_F(SettingsTest, AKeyFileOthersMayReadIsRefused) {
  auto dir = TempDir::Make();
  ASSERT_TRUE(dir.ok());
  (*dir)->Write("api_key", kApiKey, 0644);
  std::string out = RefusedStart(
      {}, {{"PAYOUT_GATEWAY_API_KEY_FILE", (*dir)->File("api_key")}});
  EXPECT_THAT(out, HasSubstr("mode 0644"));
  EXPECT_THAT(out, Not(HasSubstr(kApiKey)));

  (*dir)->Write("api_key", kApiKey, 0640);
  auto warned = env_->StartGateway(
      {}, {{"PAYOUT_GATEWAY_API_KEY_FILE", (*dir)->File("api_key")}});
  ASSERT_TRUE(warned.ok()) << warned.status();
  EXPECT_THAT((*warned)->StderrOnceItHas("readable by its group"),
              HasSubstr("readable by its group"));
}

TEST_F(SettingsTest, ABrokenPayoutPolicyIsAStartUpError) {
  auto dir = TempDir::Make();
  ASSERT_TRUE(dir.ok());
  (*dir)->Write("policy.json", R"({"callers": {"a": {"rpcs": ["Pay"]}}})",
                0644);
  std::string out =
      RefusedStart({"--payout_policy_file=" + (*dir)->File("policy.json")});
  EXPECT_THAT(out, HasSubstr("--payout_policy_file"));
  EXPECT_THAT(out, HasSubstr(R"(callers["a"].rpcs)"));
}

TEST_F(SettingsTest, TheStartLineShowsTheUpstreamWithoutCredentials) {
  const std::string log =
      env_->gateway_process().StderrOnceItHas(R"("event":"started")");
  EXPECT_THAT(log, HasSubstr(R"("event":"started")"));
  EXPECT_THAT(log, HasSubstr(R"("transport_security":"plaintext")"));
  EXPECT_THAT(log, Not(HasSubstr(kApiKey)));
}

}  // namespace
}  // namespace payout_gateway_testing
