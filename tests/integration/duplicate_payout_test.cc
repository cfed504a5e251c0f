// Thousands of creates -- distinct and repeated reference ids, many at once,
// some repeating a reference id with another amount -- while the sandbox
// randomly resets, stalls, truncates, garbles and fails requests, and
// sometimes commits a create only after the gateway has stopped waiting for
// it. Then the sandbox's store is counted: one invoice per reference id,
// every call either returned that very invoice or an error whose hint is
// right, and no call was told "retry" (nothing happened) while a request of
// its own later created an invoice.

#include <gmock/gmock.h>

#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/decimal.h"
#include "gateway_test_fixture.h"

namespace payout_gateway_testing {
namespace {

using Hint = v1::RetryHint;

constexpr int kReferences = 400;
constexpr int kCalls = 2000;
constexpr int kInFlight = 64;

struct Call {
  grpc::ClientContext context;
  v1::CreatePayoutInvoiceRequest request;
  v1::PayoutInvoice response;
  grpc::Status status;
};

class DuplicatePayoutTest : public GatewayTest {
 protected:
  GatewayEnvironment::Options EnvironmentOptions() override {
    GatewayEnvironment::Options o;
    o.gateway_args = {"--upstream_timeout=300ms", "--retry_max_attempts=2",
                      "--log_level=error"};
    return o;
  }

  void AddRandomFaults() {
    auto fault = [&](const char* method, const char* path, nlohmann::json spec,
                     double p) {
      spec["method"] = method;
      spec["path"] = path;
      spec["probability"] = p;
      spec["times"] = 0;
      spec["seed"] = 20261123;
      env_->sandbox().AddFault(spec);
    };
    const char* invoices = "/api/payout-invoices";
    // The answer to a committed create is lost.
    fault("POST", invoices, {{"action", "reset_after"}}, 0.05);
    fault("POST", invoices, {{"action", "truncate_after"}}, 0.02);
    fault("POST", invoices, {{"action", "malformed_after"}}, 0.02);
    fault("POST", invoices, {{"action", "hang_after"}}, 0.005);
    // The upstream is slower than the gateway waits (300 ms): the create
    // lands about 400 ms after the gateway gave up on it.
    fault("POST", invoices, {{"action", "delay"}, {"delay_ms", 700}}, 0.02);
    // The create never happens.
    fault("POST", invoices, {{"action", "reset_before"}}, 0.03);
    fault("POST", invoices, {{"action", "status"}, {"status", 503}}, 0.03);
    fault("POST", invoices,
          {{"action", "status"},
           {"status", 502},
           {"body", "<html>Bad Gateway</html>"}},
          0.02);
    // Lookups fail too.
    // Lookups fail often enough that some reconciliations cannot finish
    // and the caller is told to check first.
    fault("GET", invoices, {{"action", "status"}, {"status", 503}}, 0.25);
    fault("GET", invoices, {{"action", "reset_before"}}, 0.15);
  }
};

TEST_F(DuplicatePayoutTest, NoReferenceIdIsEverPaidTwice) {
  AddRandomFaults();
  std::mt19937 rng(7);
  std::vector<std::unique_ptr<Call>> calls;
  absl::Mutex mu;
  int in_flight = 0;
  int finished = 0;
  for (int i = 0; i < kCalls; ++i) {
    auto call = std::make_unique<Call>();
    int ref = static_cast<int>(rng() % kReferences);
    // Each reference id has one true amount; one call in ten asks for
    // another amount under the same reference id (a different payout).
    int amount = ref % 97 + 1 + (rng() % 10 == 0 ? 1000 : 0);
    call->request = TestUsdCreate("dup-" + std::to_string(ref),
                                  std::to_string(amount) + ".25");
    call->context.set_deadline(std::chrono::system_clock::now() +
                               std::chrono::seconds(30));
    // Every request of this call carries it upstream: the sandbox records
    // which call's request made each invoice.
    call->context.AddMetadata("x-request-id", "dup-call-" + std::to_string(i));
    {
      absl::MutexLock lock(&mu);
      mu.Await(absl::Condition(
          +[](int* n) { return *n < kInFlight; }, &in_flight));
      ++in_flight;
    }
    Call* c = call.get();
    stub_->async()->CreatePayoutInvoice(&c->context, &c->request, &c->response,
                                        [&, c](grpc::Status s) {
                                          c->status = std::move(s);
                                          absl::MutexLock lock(&mu);
                                          --in_flight;
                                          ++finished;
                                        });
    calls.push_back(std::move(call));
  }
  {
    absl::MutexLock lock(&mu);
    mu.Await(absl::Condition(
        +[](int* n) { return *n == kCalls; }, &finished));
  }

  // Creates the gateway gave up on land up to 700 ms after they were sent.
  absl::SleepFor(absl::Seconds(1));
  // The store: reference id -> (invoice id, amount), and which call's
  // request made each invoice.
  nlohmann::json store = env_->sandbox().Invoices();
  std::map<std::string, std::pair<std::string, std::string>> stored;
  std::set<std::string> landed_calls;
  for (const auto& inv : store["invoices"]) {
    std::string ref = inv["reference_id"];
    EXPECT_EQ(stored.count(ref), 0u) << "second invoice for " << ref;
    stored[ref] = {inv["id"], inv["amount"].dump()};
    landed_calls.insert(inv["created_by_request"].get<std::string>());
  }
  int false_retry_hints = 0;

  std::map<std::string, int> outcomes;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const auto& c = calls[i];
    const std::string& ref = c->request.reference_id();
    auto hint = DetailOf<Hint>(c->status);
    std::string outcome =
        c->status.ok()
            ? "OK"
            : std::to_string(c->status.error_code()) + "/" +
                  (hint ? Hint::Action_Name(hint->action()) : "none");
    ++outcomes[outcome];
    if (c->status.ok()) {
      // The caller got the one invoice of its reference id, and it is the
      // payout it asked for.
      ASSERT_EQ(stored.count(ref), 1u) << ref;
      EXPECT_EQ(c->response.id(), stored[ref].first) << ref;
      EXPECT_EQ(payout_gateway::CompareDecimals(c->response.amount(),
                                                c->request.amount()),
                std::optional<int>(0))
          << ref;
      continue;
    }
    ASSERT_TRUE(hint.has_value()) << ref << ": " << c->status.error_message();
    EXPECT_EQ(hint->reference_id(), ref);
    switch (hint->action()) {
      case Hint::ACTION_USE_EXISTING_INVOICE:
        // Another payout holds the reference id: the hint names it.
        EXPECT_EQ(c->status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
        ASSERT_EQ(stored.count(ref), 1u) << ref;
        EXPECT_EQ(hint->invoice_id(), stored[ref].first) << ref;
        EXPECT_NE(payout_gateway::CompareDecimals(stored[ref].second,
                                                  c->request.amount()),
                  std::optional<int>(0))
            << ref;
        break;
      case Hint::ACTION_RETRY:
        // "Nothing happened": false if a request of this very call made an
        // invoice, even after the call ended.
        if (landed_calls.count("dup-call-" + std::to_string(i)) > 0) {
          ++false_retry_hints;
          ADD_FAILURE() << ref << ": told to retry, but its create landed: "
                        << c->status.error_message();
        }
        [[fallthrough]];
      case Hint::ACTION_CHECK_STATUS_THEN_RETRY:
        // Never ALREADY_EXISTS: a conflict the gateway could not compare
        // may be the caller's own payout (AIP-155).
        EXPECT_THAT(c->status.error_code(),
                    ::testing::AnyOf(grpc::StatusCode::UNAVAILABLE,
                                     grpc::StatusCode::RESOURCE_EXHAUSTED,
                                     grpc::StatusCode::DEADLINE_EXCEEDED))
            << c->status.error_message();
        EXPECT_TRUE(DetailOf<google::rpc::RetryInfo>(c->status).has_value());
        break;
      default:
        ADD_FAILURE() << ref << ": unexpected hint "
                      << Hint::Action_Name(hint->action()) << " with "
                      << c->status.error_message();
    }
  }

  nlohmann::json stats = env_->sandbox().Stats();
  int faults_fired = 0;
  for (const auto& f : env_->sandbox().Faults())
    faults_fired += f["fired"].get<int>();
  std::printf(
      "duplicate-payout run: %d create calls over %d reference ids, "
      "%d create requests upstream, %d faults injected, %zu invoices "
      "stored (max 1 per reference id), %d false retry hints\n",
      kCalls, kReferences, stats["create_requests"].get<int>(), faults_fired,
      stored.size(), false_retry_hints);
  for (const auto& [outcome, n] : outcomes) {
    std::printf("  %-40s %d\n", outcome.c_str(), n);
  }
  EXPECT_GT(faults_fired, 100);
  EXPECT_EQ(false_retry_hints, 0);
  EXPECT_GT(outcomes["OK"], kCalls / 2);
}

}  // namespace
}  // namespace payout_gateway_testing
