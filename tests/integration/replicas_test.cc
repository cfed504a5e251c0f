// Two gateway replicas sharing one real Redis (Debian's redis-server on a
// free loopback port): a callback received by one reaches a watcher on
// the other; an event stream resumes on the other replica; and while the
// bus is down callbacks get 503 and are delivered again once it is back,
// while watchers poll Corefy and still see the final status.

#include <gmock/gmock.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "callback_fixture.h"

namespace payout_gateway_testing {
namespace {

constexpr char kBusPassword[] = "bus-password-for-tests";

class ReplicasTest : public CallbackGatewayTest {
 protected:
  void SetUp() override {
    auto redis = RedisServer::Start(kBusPassword);
    ASSERT_TRUE(redis.ok()) << redis.status();
    redis_ = *std::move(redis);
    password_file_ = absl::StrCat(::testing::TempDir(), "bus-password-",
                                  getpid(), "-", redis_->port());
    std::ofstream(password_file_) << kBusPassword;
    chmod(password_file_.c_str(), 0600);  // secrets files must be private
    CallbackGatewayTest::SetUp();
    if (HasFatalFailure()) return;
    // Replica B: same bus, no callback port of its own.
    auto b = env_->StartGateway(BusArgs(),
                                GatewayEnvironment::Options().gateway_env);
    ASSERT_TRUE(b.ok()) << b.status();
    replica_b_ = *std::move(b);
    stub_b_ = v1::PayoutGatewayService::NewStub(grpc::CreateChannel(
        replica_b_->address(), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override { std::remove(password_file_.c_str()); }

  std::vector<std::string> BusArgs() {
    return {"--event_bus=" + redis_->url(),
            "--event_bus_password_file=" + password_file_,
            "--watch_poll_after=" + PollAfter()};
  }
  virtual std::string PollAfter() { return "60s"; }
  std::vector<std::string> ExtraGatewayArgs() override { return BusArgs(); }

  std::unique_ptr<RedisServer> redis_;
  std::string password_file_;
  std::unique_ptr<ChildProcess> replica_b_;
  std::unique_ptr<v1::PayoutGatewayService::Stub> stub_b_;
};

absl::Time TimeOf(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

TEST_F(ReplicasTest, ACallbackOnReplicaAReachesAWatcherOnReplicaB) {
  constexpr int kPayouts = 20;
  std::vector<absl::Duration> latencies;
  for (int i = 0; i < kPayouts; ++i) {
    const v1::PayoutInvoice invoice =
        CreateWithCallbacks(absl::StrCat("replicas-", i));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    v1::WatchPayoutInvoiceRequest request;
    request.set_id(invoice.id());
    auto reader = stub_b_->WatchPayoutInvoice(&context, request);
    v1::PayoutInvoiceEvent event;
    ASSERT_TRUE(reader->Read(&event));  // the current state, from Corefy
    EXPECT_EQ(event.source(), v1::PAYOUT_EVENT_SOURCE_INITIAL_READ);
    Process(invoice.id());  // through replica A; callbacks go to A
    std::vector<v1::PayoutEventSource> sources;
    while (reader->Read(&event)) {
      sources.push_back(event.source());
      // receive_time: when replica A verified the callback.
      latencies.push_back(absl::Now() - TimeOf(event.receive_time()));
    }
    ASSERT_TRUE(reader->Finish().ok());
    EXPECT_EQ(event.invoice().status(), v1::PAYOUT_INVOICE_STATUS_PROCESSED);
    EXPECT_THAT(sources, testing::Each(v1::PAYOUT_EVENT_SOURCE_CALLBACK));
  }
  std::sort(latencies.begin(), latencies.end());
  ASSERT_FALSE(latencies.empty());
  std::printf(
      "callback verified on replica A -> event on replica B's watch, %zu "
      "events: p50 %s, p90 %s, max %s\n",
      latencies.size(),
      absl::FormatDuration(latencies[latencies.size() / 2]).c_str(),
      absl::FormatDuration(latencies[latencies.size() * 9 / 10]).c_str(),
      absl::FormatDuration(latencies.back()).c_str());
}

TEST_F(ReplicasTest, AnEventStreamResumesOnTheOtherReplica) {
  v1::StreamPayoutEventsRequest from_now;
  grpc::ClientContext on_a;
  auto reader_a = stub_->StreamPayoutEvents(&on_a, from_now);
  for (int i = 0; i < 3; ++i)
    Process(CreateWithCallbacks(absl::StrCat("resume-", i)).id());
  std::vector<v1::PayoutInvoiceEvent> events;
  v1::PayoutInvoiceEvent event;
  while (events.size() < 2 && reader_a->Read(&event)) events.push_back(event);
  on_a.TryCancel();
  (void)reader_a->Finish();
  ASSERT_EQ(events.size(), 2u);

  v1::StreamPayoutEventsRequest resume;
  resume.set_cursor(events.back().cursor());
  grpc::ClientContext on_b;
  on_b.set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(10));
  auto reader_b = stub_b_->StreamPayoutEvents(&on_b, resume);
  while (events.size() < 6 && reader_b->Read(&event)) events.push_back(event);
  ASSERT_EQ(events.size(), 6u);
  std::set<std::string> identities;
  for (const auto& e : events) {
    identities.insert(
        absl::StrCat(e.invoice().id(), "/", e.invoice().status()));
  }
  EXPECT_EQ(identities.size(), 6u);  // nothing repeated, nothing lost
}

class BusDownTest : public ReplicasTest {
 protected:
  std::string PollAfter() override { return "300ms"; }
};

TEST_F(BusDownTest, CallbacksWaitForTheBusAndWatchersPollMeanwhile) {
  const v1::PayoutInvoice invoice = CreateWithCallbacks("bus-down");
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(20));
  v1::WatchPayoutInvoiceRequest request;
  request.set_id(invoice.id());
  auto reader = stub_b_->WatchPayoutInvoice(&context, request);
  v1::PayoutInvoiceEvent event;
  ASSERT_TRUE(reader->Read(&event));

  redis_->Stop();
  Process(invoice.id());
  // The watcher on B hears nothing from the bus: it reads Corefy.
  std::vector<v1::PayoutInvoiceEvent> seen;
  while (reader->Read(&event)) seen.push_back(event);
  ASSERT_TRUE(reader->Finish().ok());
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().invoice().status(),
            v1::PAYOUT_INVOICE_STATUS_PROCESSED);
  EXPECT_EQ(seen.back().source(), v1::PAYOUT_EVENT_SOURCE_POLL);

  // Meanwhile replica A refused the callbacks with 503...
  ASSERT_TRUE(Eventually(
      [&] {
        return Counter(
                   Metrics(),
                   R"(payout_gateway_callbacks_total{result="bus_unavailable"})") >=
               1;
      },
      absl::Seconds(10)));
  EXPECT_EQ(env_->sandbox().Callbacks()["delivered"], 0);
  // ...and once the bus is back, the sandbox's retries get them in.
  ASSERT_TRUE(redis_->Restart().ok());
  ASSERT_TRUE(
      Eventually([&] { return env_->sandbox().Callbacks()["delivered"] >= 2; },
                 absl::Seconds(20)))
      << env_->sandbox().Callbacks().dump();
  EXPECT_EQ(Counter(Metrics(),
                    R"(payout_gateway_callbacks_total{result="accepted"})"),
            2);
}

}  // namespace
}  // namespace payout_gateway_testing
