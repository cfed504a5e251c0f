// The Redis event bus against a real redis-server (Debian's), started on a
// free loopback port for each test.

#include "events/redis_event_bus.h"

#include <atomic>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "support/redis_server.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;
using payout_gateway_testing::RedisServer;

v1::PayoutInvoice Change(const std::string& id, v1::PayoutInvoiceStatus status,
                         int64_t updated) {
  v1::PayoutInvoice invoice;
  invoice.set_id(id);
  invoice.set_reference_id("ref-" + id);
  invoice.set_amount("10.50");
  invoice.set_status(status);
  invoice.mutable_update_time()->set_seconds(updated);
  return invoice;
}

// What a subscriber saw, safe to read from the test thread.
class Seen {
 public:
  EventBus::Listener Listener() {
    return [this](const PayoutEvent& e) {
      absl::MutexLock lock(&mu_);
      ids_.push_back(e.invoice.id() + "/" +
                     v1::PayoutInvoiceStatus_Name(e.invoice.status()));
    };
  }
  std::vector<std::string> WaitFor(std::size_t n) {
    absl::MutexLock lock(&mu_);
    auto enough = [&]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      return ids_.size() >= n;
    };
    mu_.AwaitWithTimeout(absl::Condition(&enough), absl::Seconds(10));
    return ids_;
  }

 private:
  absl::Mutex mu_;
  std::vector<std::string> ids_ ABSL_GUARDED_BY(mu_);
};

class RedisEventBusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto redis = RedisServer::Start("bus-password");
    ASSERT_TRUE(redis.ok()) << redis.status();
    redis_ = *std::move(redis);
  }

  RedisEventBusOptions Options(std::size_t max_events = 1000) {
    RedisEventBusOptions options;
    options.address = *ParseRedisUrl(redis_->url());
    options.address.password = "bus-password";
    options.account_id = "acct-1";
    options.max_events = max_events;
    options.timeout = absl::Milliseconds(500);
    return options;
  }

  std::shared_ptr<RedisEventBus> Bus(std::size_t max_events = 1000) {
    auto bus = RedisEventBus::Connect(Options(max_events));
    EXPECT_TRUE(bus.ok()) << bus.status();
    return bus.ok() ? *bus : nullptr;
  }

  std::unique_ptr<RedisServer> redis_;
};

TEST_F(RedisEventBusTest, KeepsEachChangeOnceAndMarksLateOnesStale) {
  auto bus = Bus();
  ASSERT_NE(bus, nullptr);
  const auto processing =
      Change("cpoi_1", v1::PAYOUT_INVOICE_STATUS_PROCESSING, 100);
  const auto processed =
      Change("cpoi_1", v1::PAYOUT_INVOICE_STATUS_PROCESSED, 100);
  EXPECT_EQ(*bus->Publish(processed, absl::Now()), PublishOutcome::kNew);
  EXPECT_EQ(*bus->Publish(processed, absl::Now()), PublishOutcome::kDuplicate);
  // Same second, earlier stage: older.
  EXPECT_EQ(*bus->Publish(processing, absl::Now()), PublishOutcome::kStale);
  EXPECT_EQ(*bus->Publish(processing, absl::Now()), PublishOutcome::kDuplicate);

  auto events = bus->ReadAfter("", 100);
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].invoice.amount(), "10.50");  // exact, as sent
  EXPECT_FALSE((*events)[0].stale);
  EXPECT_TRUE((*events)[1].stale);
  auto rest = bus->ReadAfter((*events)[0].position, 100);
  ASSERT_TRUE(rest.ok()) << rest.status();
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].position, (*events)[1].position);
  EXPECT_EQ(*bus->LastPosition(), (*events)[1].position);
}

TEST_F(RedisEventBusTest, ReplicasSeeEachOthersEventsAndShareOneHistory) {
  auto a = Bus();
  auto b = Bus();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(a->History(), b->History());
  Seen seen_on_b;
  auto subscription = b->Subscribe(seen_on_b.Listener());
  ASSERT_TRUE(
      a->Publish(Change("cpoi_x", v1::PAYOUT_INVOICE_STATUS_PROCESSING, 5),
                 absl::Now())
          .ok());
  ASSERT_TRUE(
      a->Publish(Change("cpoi_x", v1::PAYOUT_INVOICE_STATUS_PROCESSED, 6),
                 absl::Now())
          .ok());
  EXPECT_EQ(
      seen_on_b.WaitFor(2),
      (std::vector<std::string>{"cpoi_x/PAYOUT_INVOICE_STATUS_PROCESSING",
                                "cpoi_x/PAYOUT_INVOICE_STATUS_PROCESSED"}));
  // A position from one replica reads on the other.
  auto first = a->ReadAfter("", 1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(b->ReadAfter((*first)[0].position, 10)->size(), 1u);
}

TEST_F(RedisEventBusTest, APositionTheRetentionPassedIsOutOfRange) {
  auto bus = Bus(/*max_events=*/10);
  ASSERT_NE(bus, nullptr);
  for (int i = 0; i < 25; ++i) {
    ASSERT_TRUE(bus->Publish(Change("cpoi_" + std::to_string(i),
                                    v1::PAYOUT_INVOICE_STATUS_PROCESSING, i),
                             absl::Now())
                    .ok());
  }
  auto kept = bus->ReadAfter("", 100);
  ASSERT_TRUE(kept.ok());
  ASSERT_EQ(kept->size(), 10u);
  EXPECT_EQ(kept->front().invoice.id(), "cpoi_15");
  // Right before the oldest kept: complete. Anything older: events lost.
  auto from_oldest = bus->ReadAfter(kept->front().position, 100);
  ASSERT_TRUE(from_oldest.ok());
  EXPECT_EQ(from_oldest->size(), 9u);
  const std::string epoch = kept->front().position.substr(0, 16);
  EXPECT_EQ(bus->ReadAfter(epoch + "/1", 100).status().code(),
            absl::StatusCode::kOutOfRange);
  for (const std::string& bad :
       {epoch + "/26", std::string("garbage"), epoch + "/x", epoch + "/-1",
        std::string("0123/1"), epoch + "/99999999999999999999999"}) {
    EXPECT_EQ(bus->ReadAfter(bad, 100).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

TEST_F(RedisEventBusTest, ALostRedisIsUnavailableThenANewEpoch) {
  auto bus = Bus();
  ASSERT_NE(bus, nullptr);
  Seen seen;
  auto subscription = bus->Subscribe(seen.Listener());
  ASSERT_TRUE(
      bus->Publish(Change("cpoi_1", v1::PAYOUT_INVOICE_STATUS_PROCESSING, 1),
                   absl::Now())
          .ok());
  const std::string before = *bus->LastPosition();
  ASSERT_EQ(seen.WaitFor(1).size(), 1u);

  redis_->Stop();
  EXPECT_EQ(
      bus->Publish(Change("cpoi_1", v1::PAYOUT_INVOICE_STATUS_PROCESSED, 2),
                   absl::Now())
          .status()
          .code(),
      absl::StatusCode::kUnavailable);
  EXPECT_EQ(bus->ReadAfter(before, 10).status().code(),
            absl::StatusCode::kUnavailable);

  ASSERT_TRUE(redis_->Restart().ok());
  // The delivery Corefy retries after the 503 is kept now...
  EXPECT_EQ(
      *bus->Publish(Change("cpoi_1", v1::PAYOUT_INVOICE_STATUS_PROCESSED, 2),
                    absl::Now()),
      PublishOutcome::kNew);
  // ...and reaches the subscriber through the reconnected reader.
  EXPECT_EQ(seen.WaitFor(2).size(), 2u);
  // Redis came back empty: positions from before are refused, not read as
  // if nothing had happened in between.
  EXPECT_EQ(bus->ReadAfter(before, 10).status().code(),
            absl::StatusCode::kOutOfRange);
}

TEST_F(RedisEventBusTest, AWrongPasswordIsRefusedAtStartWithoutEchoingIt) {
  RedisEventBusOptions options = Options();
  options.address.password = "not-the-password";
  auto bus = RedisEventBus::Connect(options);
  ASSERT_FALSE(bus.ok());
  EXPECT_EQ(bus.status().message().find("not-the-password"),
            absl::string_view::npos);
}

TEST(RedisUrl, OnlyHostPortAndAUserAreAccepted) {
  auto plain = ParseRedisUrl("redis://redis.payments.svc:6379");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->host, "redis.payments.svc");
  EXPECT_EQ(plain->port, 6379);
  auto user = ParseRedisUrl("redis://gateway@10.0.0.5:7000");
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->user, "gateway");
  for (const char* bad :
       {"http://h:1", "redis://h", "redis://h:0", "redis://h:70000",
        "redis://u:secret@h:1", "redis://h\r\n:1", "redis://:1"}) {
    EXPECT_FALSE(ParseRedisUrl(bad).ok()) << bad;
  }
  EXPECT_EQ(
      ParseRedisUrl("redis://u:secret@h:1").status().message().find("secret"),
      absl::string_view::npos);
}

}  // namespace
}  // namespace payout_gateway
