#include "events/in_process_event_bus.h"

#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;

v1::PayoutInvoice Change(const std::string& id, v1::PayoutInvoiceStatus status,
                         int64_t updated) {
  v1::PayoutInvoice invoice;
  invoice.set_id(id);
  invoice.set_status(status);
  invoice.mutable_update_time()->set_seconds(updated);
  return invoice;
}

uint64_t Number(const std::string& position) { return std::stoull(position); }

TEST(InProcessEventBus, KeepsEachChangeOnceInArrivalOrder) {
  InProcessEventBus bus;
  const auto created = Change("cpoi_1", v1::PAYOUT_INVOICE_STATUS_CREATED, 100);
  const auto processed =
      Change("cpoi_1", v1::PAYOUT_INVOICE_STATUS_PROCESSED, 200);
  EXPECT_EQ(*bus.Publish(created, absl::Now()), PublishOutcome::kNew);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(*bus.Publish(created, absl::Now()), PublishOutcome::kDuplicate);
  }
  ASSERT_TRUE(bus.Publish(processed, absl::Now()).ok());
  ASSERT_TRUE(bus.Publish(processed, absl::Now()).ok());

  std::vector<PayoutEvent> events = *bus.ReadAfter("", 100);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].invoice.status(), v1::PAYOUT_INVOICE_STATUS_CREATED);
  EXPECT_EQ(events[1].invoice.status(), v1::PAYOUT_INVOICE_STATUS_PROCESSED);
  EXPECT_EQ(Number(events[1].position), Number(events[0].position) + 1);
  EXPECT_FALSE(events[0].stale);
  EXPECT_FALSE(events[1].stale);
  EXPECT_EQ(bus.ReadAfter(events[0].position, 100)->size(), 1u);
}

TEST(InProcessEventBus, AnOlderChangeArrivingLateIsKeptAsStale) {
  InProcessEventBus bus;
  ASSERT_TRUE(
      bus.Publish(Change("cpoi_1", v1::PAYOUT_INVOICE_STATUS_PROCESSED, 200),
                  absl::Now())
          .ok());
  EXPECT_EQ(
      *bus.Publish(Change("cpoi_1", v1::PAYOUT_INVOICE_STATUS_PROCESSING, 150),
                   absl::Now()),
      PublishOutcome::kStale);
  ASSERT_TRUE(
      bus.Publish(Change("cpoi_2", v1::PAYOUT_INVOICE_STATUS_PROCESSING, 10),
                  absl::Now())
          .ok());
  std::vector<PayoutEvent> events = *bus.ReadAfter("", 100);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_FALSE(events[0].stale);
  EXPECT_TRUE(events[1].stale);   // older than cpoi_1's known state
  EXPECT_FALSE(events[2].stale);  // another invoice
}

// Corefy's `updated` has whole seconds: within one, the later stage of the
// lifecycle is the newer change.
TEST(InProcessEventBus, WithinOneSecondTheLaterStageIsTheNewerChange) {
  InProcessEventBus bus;
  EXPECT_EQ(
      *bus.Publish(Change("cpoi_1", v1::PAYOUT_INVOICE_STATUS_PROCESSED, 200),
                   absl::Now()),
      PublishOutcome::kNew);
  EXPECT_EQ(
      *bus.Publish(Change("cpoi_1", v1::PAYOUT_INVOICE_STATUS_PROCESSING, 200),
                   absl::Now()),
      PublishOutcome::kStale);
  EXPECT_EQ(
      *bus.Publish(Change("cpoi_1", v1::PAYOUT_INVOICE_STATUS_CANCELED, 200),
                   absl::Now()),
      PublishOutcome::kNew);
}

TEST(InProcessEventBus, KeepsOnlyTheNewestEventsWithinItsRetention) {
  InProcessEventBus bus(/*max_events=*/3);
  for (int i = 1; i <= 5; ++i) {
    ASSERT_TRUE(bus.Publish(Change("cpoi_" + std::to_string(i),
                                   v1::PAYOUT_INVOICE_STATUS_CREATED, i),
                            absl::Now())
                    .ok());
  }
  std::vector<PayoutEvent> events = *bus.ReadAfter("", 100);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].invoice.id(), "cpoi_3");
  EXPECT_EQ(events[2].invoice.id(), "cpoi_5");
  EXPECT_EQ(bus.ReadAfter("", 2)->size(), 2u);
  EXPECT_EQ(*bus.LastPosition(), events[2].position);

  // Reading on after a dropped event would skip one: refused.
  EXPECT_EQ(bus.ReadAfter("1", 100).status().code(),
            absl::StatusCode::kOutOfRange);
  // Right after the last dropped one, nothing is missed.
  EXPECT_EQ(bus.ReadAfter("2", 100)->size(), 3u);
  EXPECT_EQ(bus.ReadAfter("5", 100)->size(), 0u);
  for (const char* bad : {"6", "x", "-1", "99999999999999999999999"}) {
    EXPECT_EQ(bus.ReadAfter(bad, 100).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

TEST(InProcessEventBus, EachBusHasAHistoryOfItsOwn) {
  InProcessEventBus first;
  InProcessEventBus second;
  EXPECT_NE(first.History(), second.History());
  EXPECT_EQ(*first.LastPosition(), "");
}

TEST(InProcessEventBus, ASubscriberSeesEachNewEventOnceUntilItUnsubscribes) {
  InProcessEventBus bus;
  ASSERT_TRUE(
      bus.Publish(Change("cpoi_0", v1::PAYOUT_INVOICE_STATUS_CREATED, 1),
                  absl::Now())
          .ok());
  std::vector<std::string> seen;
  auto subscription = bus.Subscribe([&](const PayoutEvent& e) {
    seen.push_back(e.invoice.id() + "/" + std::to_string(e.invoice.status()));
  });
  const auto created = Change("cpoi_1", v1::PAYOUT_INVOICE_STATUS_CREATED, 100);
  ASSERT_TRUE(bus.Publish(created, absl::Now()).ok());
  ASSERT_TRUE(bus.Publish(created, absl::Now()).ok());  // a duplicate
  ASSERT_TRUE(
      bus.Publish(Change("cpoi_1", v1::PAYOUT_INVOICE_STATUS_PROCESSED, 200),
                  absl::Now())
          .ok());
  subscription.reset();
  ASSERT_TRUE(
      bus.Publish(Change("cpoi_2", v1::PAYOUT_INVOICE_STATUS_CREATED, 300),
                  absl::Now())
          .ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"cpoi_1/1", "cpoi_1/4"}));
}

TEST(InProcessEventBus, SubscribersSeeConcurrentPublishersInSequenceOrder) {
  InProcessEventBus bus;
  std::vector<uint64_t> sequences;
  auto subscription = bus.Subscribe(
      [&](const PayoutEvent& e) { sequences.push_back(Number(e.position)); });
  std::vector<std::thread> publishers;
  for (int t = 0; t < 4; ++t) {
    publishers.emplace_back([&bus, t] {
      for (int i = 0; i < 500; ++i) {
        (void)bus.Publish(
            Change("cpoi_" + std::to_string(t) + "_" + std::to_string(i),
                   v1::PAYOUT_INVOICE_STATUS_CREATED, i),
            absl::Now());
      }
    });
  }
  for (auto& p : publishers) p.join();
  ASSERT_EQ(sequences.size(), 2000u);
  for (std::size_t i = 1; i < sequences.size(); ++i) {
    ASSERT_EQ(sequences[i], sequences[i - 1] + 1);
  }
}

}  // namespace
}  // namespace payout_gateway
