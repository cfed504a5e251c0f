#include "events/watch_hub.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "events/in_process_event_bus.h"
#include "gtest/gtest.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;

v1::PayoutInvoice Change(const std::string& id, const std::string& reference,
                         v1::PayoutInvoiceStatus status, int64_t updated) {
  v1::PayoutInvoice invoice;
  invoice.set_id(id);
  invoice.set_reference_id(reference);
  invoice.set_status(status);
  invoice.mutable_update_time()->set_seconds(updated);
  return invoice;
}

WatchHub::Key ById(const std::string& id) {
  return {WatchHub::Key::Kind::kId, id};
}

TEST(WatchHub, EachWatchSeesOnlyItsInvoiceByIdOrReference) {
  auto bus = std::make_shared<InProcessEventBus>();
  WatchHub hub(bus);
  std::vector<std::string> by_id, by_reference;
  auto a = hub.Watch(ById("cpoi_a"), [&](const PayoutEvent& e) {
    by_id.push_back(e.invoice.id());
  });
  auto b = hub.Watch(
      {WatchHub::Key::Kind::kReferenceId, "ref-b"},
      [&](const PayoutEvent& e) { by_reference.push_back(e.invoice.id()); });
  EXPECT_EQ(hub.watches(), 2);
  ASSERT_TRUE(bus->Publish(Change("cpoi_a", "ref-a",
                                  v1::PAYOUT_INVOICE_STATUS_PROCESSING, 1),
                           absl::Now())
                  .ok());
  ASSERT_TRUE(bus->Publish(Change("cpoi_b", "ref-b",
                                  v1::PAYOUT_INVOICE_STATUS_PROCESSING, 1),
                           absl::Now())
                  .ok());
  ASSERT_TRUE(bus->Publish(Change("cpoi_c", "ref-c",
                                  v1::PAYOUT_INVOICE_STATUS_PROCESSING, 1),
                           absl::Now())
                  .ok());
  EXPECT_EQ(by_id, std::vector<std::string>{"cpoi_a"});
  EXPECT_EQ(by_reference, std::vector<std::string>{"cpoi_b"});
}

TEST(WatchHub, StaleChangesAndEndedWatchesGetNothing) {
  auto bus = std::make_shared<InProcessEventBus>();
  WatchHub hub(bus);
  std::vector<v1::PayoutInvoiceStatus> seen;
  auto watch = hub.Watch(ById("cpoi_a"), [&](const PayoutEvent& e) {
    seen.push_back(e.invoice.status());
  });
  ASSERT_TRUE(bus->Publish(Change("cpoi_a", "r",
                                  v1::PAYOUT_INVOICE_STATUS_PROCESSED, 5),
                           absl::Now())
                  .ok());
  // Older than what the bus has: kept as stale, shown to no watch.
  ASSERT_TRUE(bus->Publish(Change("cpoi_a", "r",
                                  v1::PAYOUT_INVOICE_STATUS_PROCESSING, 4),
                           absl::Now())
                  .ok());
  watch.reset();
  EXPECT_EQ(hub.watches(), 0);
  ASSERT_TRUE(bus->Publish(Change("cpoi_a", "r",
                                  v1::PAYOUT_INVOICE_STATUS_CANCELING, 9),
                           absl::Now())
                  .ok());
  EXPECT_EQ(seen, std::vector<v1::PayoutInvoiceStatus>{
                      v1::PAYOUT_INVOICE_STATUS_PROCESSED});
}

}  // namespace
}  // namespace payout_gateway
