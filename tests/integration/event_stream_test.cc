// StreamPayoutEvents against a real gateway process and the sandbox: every
// change of the account, each with a cursor to resume from; resuming loses
// nothing and repeats nothing; cursors the gateway cannot honour are
// refused, never silently skipped past.

#include <gmock/gmock.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "callback_fixture.h"

namespace payout_gateway_testing {
namespace {

using ::testing::HasSubstr;

// Reads a StreamPayoutEvents stream on its own thread until told to stop
// or `wanted` events are in.
class EventConsumer {
 public:
  EventConsumer(v1::PayoutGatewayService::Stub& stub,
                const v1::StreamPayoutEventsRequest& request)
      : context_(std::make_unique<grpc::ClientContext>()) {
    context_->set_deadline(std::chrono::system_clock::now() +
                           std::chrono::seconds(120));
    reader_ = stub.StreamPayoutEvents(context_.get(), request);
  }

  // Reads until `wanted` events in all, or the stream ends.
  grpc::Status ReadUntil(std::size_t wanted) {
    v1::PayoutInvoiceEvent event;
    while (events.size() < wanted) {
      if (!reader_->Read(&event)) return reader_->Finish();
      events.push_back(event);
    }
    return grpc::Status::OK;
  }

  // Hangs up, as a consumer that crashed would.
  void Disconnect() {
    context_->TryCancel();
    v1::PayoutInvoiceEvent ignored;
    while (reader_->Read(&ignored)) {
    }
    (void)reader_->Finish();
  }

  std::vector<v1::PayoutInvoiceEvent> events;

 private:
  std::unique_ptr<grpc::ClientContext> context_;
  std::unique_ptr<grpc::ClientReader<v1::PayoutInvoiceEvent>> reader_;
};

std::string IdentityOf(const v1::PayoutInvoiceEvent& e) {
  return absl::StrCat(e.invoice().id(), "/",
                      v1::PayoutInvoiceStatus_Name(e.invoice().status()));
}

class EventStreamTest : public CallbackGatewayTest {
 protected:
  // Creates and processes `count` payouts (four at a time) whose callbacks
  // go to this gateway; `between` runs before each.
  void PayOut(
      int count, const std::string& prefix,
      const std::function<void(int)>& between = [](int) {}) {
    std::vector<std::thread> workers;
    workers.reserve(4);
    std::atomic<int> next{0};
    std::mutex between_mu;
    for (int w = 0; w < 4; ++w) {
      workers.emplace_back([&] {
        auto stub = env_->NewStub();
        for (int i = next++; i < count; i = next++) {
          {
            std::lock_guard<std::mutex> lock(between_mu);
            between(i);
          }
          v1::CreatePayoutInvoiceRequest create =
              TestUsdCreate(absl::StrCat(prefix, i));
          create.set_callback_url(CallbackUrl());
          v1::PayoutInvoice invoice;
          ASSERT_TRUE(
              stub->CreatePayoutInvoice(Context().get(), create, &invoice)
                  .ok());
          v1::ProcessPayoutInvoiceRequest process;
          process.set_id(invoice.id());
          ASSERT_TRUE(
              stub->ProcessPayoutInvoice(Context().get(), process, &invoice)
                  .ok());
        }
      });
    }
    for (auto& w : workers) w.join();
  }

  void ResumeOverAThousandInvoices();
};

// Pays out 1,000 invoices with random callback faults while a consumer
// reads a third of the events, hangs up, and resumes from its last cursor;
// counts what was lost and what was delivered twice.
void EventStreamTest::ResumeOverAThousandInvoices() {
  constexpr int kInvoices = 1000;
  // Two changes each (processing, then processed), whatever the faults.
  constexpr std::size_t kEvents = std::size_t{2} * kInvoices;
  const unsigned seed = std::random_device()();
  std::printf("fault seed %u\n", seed);
  std::mt19937 random(seed);
  const std::vector<std::string> faults = {
      R"({"action": "duplicate", "copies": 2, "times": 3})",
      R"({"action": "reorder", "times": 2})",
      R"({"action": "bad_signature", "times": 3})",
      R"({"action": "delay", "ms": 300, "times": 2})"};

  v1::StreamPayoutEventsRequest from_now;
  auto first = std::make_unique<EventConsumer>(*stub_, from_now);
  // The consumer reads a third of the run, then goes away mid-run.
  std::thread consumer([&] {
    grpc::Status s = first->ReadUntil(kEvents / 3);
    EXPECT_TRUE(s.ok()) << s.error_message();
    first->Disconnect();
  });
  int faults_added = 0;
  PayOut(kInvoices, "ledger-", [&](int) {
    if (random() % 20 == 0) {
      AddCallbackFault(faults[random() % faults.size()]);
      ++faults_added;
    }
  });
  consumer.join();
  ASSERT_EQ(first->events.size(), kEvents / 3);

  // Resumes from the last cursor it processed.
  v1::StreamPayoutEventsRequest resume;
  resume.set_cursor(first->events.back().cursor());
  EventConsumer second(*stub_, resume);
  grpc::Status s = second.ReadUntil(kEvents - first->events.size());
  ASSERT_TRUE(s.ok()) << s.error_message();

  std::map<std::string, int> seen;
  int superseded = 0;
  for (const auto* run : {&first->events, &second.events}) {
    for (const auto& e : *run) {
      ++seen[IdentityOf(e)];
      superseded += e.superseded() ? 1 : 0;
      EXPECT_FALSE(e.cursor().empty());
    }
  }
  int repeated = 0;
  for (const auto& [identity, times] : seen) repeated += times > 1 ? 1 : 0;
  std::printf(
      "%d invoices, %d random callback faults: %zu events before the "
      "disconnect, %zu after the resume, %zu distinct, %d repeated, %d "
      "superseded\n",
      kInvoices, faults_added, first->events.size(), second.events.size(),
      seen.size(), repeated, superseded);
  EXPECT_EQ(seen.size(), kEvents);  // nothing lost
  EXPECT_EQ(repeated, 0);           // nothing delivered twice

  // And nothing more: the bus has no event the consumer did not get.
  const std::string metrics = Metrics();
  const std::string published = "payout_gateway_events_published_total";
  EXPECT_EQ(Counter(metrics, published + R"({outcome="new"})") +
                Counter(metrics, published + R"({outcome="stale"})"),
            static_cast<int>(kEvents));
}

TEST_F(EventStreamTest, AConsumerThatResumesFromItsCursorMissesNothing) {
  ResumeOverAThousandInvoices();
}

// The same over the shared bus: a real redis-server.
class RedisEventStreamTest : public WithRedisBus<EventStreamTest> {};

TEST_F(RedisEventStreamTest, AConsumerThatResumesFromItsCursorMissesNothing) {
  ResumeOverAThousandInvoices();
}

TEST_F(EventStreamTest, FromOldestReplaysWhatTheBusStillHolds) {
  PayOut(3, "replay-");
  ASSERT_TRUE(Eventually(
      [&] { return env_->sandbox().Callbacks()["delivered"] >= 6; }));
  v1::StreamPayoutEventsRequest request;
  request.set_from_oldest(true);
  EventConsumer consumer(*stub_, request);
  ASSERT_TRUE(consumer.ReadUntil(6).ok());
  std::set<std::string> identities;
  for (const auto& e : consumer.events) identities.insert(IdentityOf(e));
  EXPECT_EQ(identities.size(), 6u);
}

TEST_F(EventStreamTest, CursorsItCannotHonourAreRefused) {
  v1::StreamPayoutEventsRequest request;
  request.set_cursor("not a cursor\r\n");
  EventConsumer garbage(*stub_, request);
  grpc::Status s = garbage.ReadUntil(1);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), testing::ElementsAre("cursor"));

  // Well formed, but from an event history this gateway never had (an
  // in-process bus before a restart).
  request.set_cursor(
      absl::WebSafeBase64Escape("ev1\nin-process-0123456789abcdef\n5"));
  EventConsumer other_history(*stub_, request);
  s = other_history.ReadUntil(1);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  auto info = DetailOf<google::rpc::ErrorInfo>(s);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "EVENTS_EXPIRED");
}

class ShortRetentionTest : public EventStreamTest {
 protected:
  std::vector<std::string> ExtraGatewayArgs() override {
    return {"--event_retention=100"};
  }
};

TEST_F(ShortRetentionTest, AConsumerBehindTheRetentionIsToldSo) {
  v1::StreamPayoutEventsRequest from_now;
  EventConsumer early(*stub_, from_now);
  PayOut(1, "early-");
  ASSERT_TRUE(early.ReadUntil(1).ok());
  const std::string cursor = early.events.front().cursor();
  early.Disconnect();

  // 120 more events push the cursor's successor out of the retention.
  PayOut(60, "flood-");
  ASSERT_TRUE(Eventually(
      [&] { return env_->sandbox().Callbacks()["delivered"] >= 122; },
      absl::Seconds(20)));
  v1::StreamPayoutEventsRequest resume;
  resume.set_cursor(cursor);
  EventConsumer late(*stub_, resume);
  grpc::Status s = late.ReadUntil(1);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_THAT(s.error_message(), HasSubstr("no longer retained"));
  EXPECT_TRUE(late.events.empty());
}

}  // namespace
}  // namespace payout_gateway_testing
