#include "events/in_process_event_bus.h"

#include <string>
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

TEST(InProcessEventBus, KeepsEachChangeOnceInArrivalOrder) {
  InProcessEventBus bus;
  const auto created = Change("cpoi_1", v1::PAYOUT_INVOICE_STATUS_CREATED, 100);
  const auto processed =
      Change("cpoi_1", v1::PAYOUT_INVOICE_STATUS_PROCESSED, 200);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(bus.Publish(created, absl::Now()).ok());
  }
  ASSERT_TRUE(bus.Publish(processed, absl::Now()).ok());
  ASSERT_TRUE(bus.Publish(processed, absl::Now()).ok());

  std::vector<PayoutEvent> events = bus.ReadAfter(0, 100);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].invoice.status(), v1::PAYOUT_INVOICE_STATUS_CREATED);
  EXPECT_EQ(events[1].invoice.status(), v1::PAYOUT_INVOICE_STATUS_PROCESSED);
  EXPECT_LT(events[0].sequence, events[1].sequence);
  EXPECT_FALSE(events[0].stale);
  EXPECT_FALSE(events[1].stale);
  EXPECT_EQ(bus.ReadAfter(events[0].sequence, 100).size(), 1u);
}

TEST(InProcessEventBus, AnOlderChangeArrivingLateIsKeptAsStale) {
  InProcessEventBus bus;
  ASSERT_TRUE(
      bus.Publish(Change("cpoi_1", v1::PAYOUT_INVOICE_STATUS_PROCESSED, 200),
                  absl::Now())
          .ok());
  ASSERT_TRUE(
      bus.Publish(Change("cpoi_1", v1::PAYOUT_INVOICE_STATUS_PROCESSING, 150),
                  absl::Now())
          .ok());
  ASSERT_TRUE(
      bus.Publish(Change("cpoi_2", v1::PAYOUT_INVOICE_STATUS_PROCESSING, 10),
                  absl::Now())
          .ok());
  std::vector<PayoutEvent> events = bus.ReadAfter(0, 100);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_FALSE(events[0].stale);
  EXPECT_TRUE(events[1].stale);   // older than cpoi_1's known state
  EXPECT_FALSE(events[2].stale);  // another invoice
}

TEST(InProcessEventBus, KeepsOnlyTheNewestEventsWithinItsRetention) {
  InProcessEventBus bus(/*max_events=*/3);
  for (int i = 1; i <= 5; ++i) {
    ASSERT_TRUE(bus.Publish(Change("cpoi_" + std::to_string(i),
                                   v1::PAYOUT_INVOICE_STATUS_CREATED, i),
                            absl::Now())
                    .ok());
  }
  std::vector<PayoutEvent> events = bus.ReadAfter(0, 100);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].invoice.id(), "cpoi_3");
  EXPECT_EQ(events[2].invoice.id(), "cpoi_5");
  EXPECT_EQ(bus.ReadAfter(0, 2).size(), 2u);
}

}  // namespace
}  // namespace payout_gateway
