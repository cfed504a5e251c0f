#ifndef PAYOUT_GATEWAY_EVENTS_IN_PROCESS_EVENT_BUS_H_
#define PAYOUT_GATEWAY_EVENTS_IN_PROCESS_EVENT_BUS_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "events/event_bus.h"

namespace payout_gateway {

// The bus of a single replica, in memory: the default when no external bus
// is configured. Keeps the last `max_events` events (older ones, and their
// identities, are forgotten: a duplicate of a forgotten event is kept
// again). Events are numbered in the order they arrived: the position is
// the number in decimal, and the history is new with every bus, so no
// position outlives the process. Subscriptions must end before the bus
// does.
class InProcessEventBus final : public EventBus {
 public:
  explicit InProcessEventBus(std::size_t max_events = 100000);

  absl::StatusOr<PublishOutcome> Publish(
      const corefy::payout::v1::PayoutInvoice& invoice,
      absl::Time received) override;
  std::unique_ptr<Subscription> Subscribe(Listener listener) override;
  std::string History() const override { return history_; }
  absl::StatusOr<std::vector<PayoutEvent>> ReadAfter(
      absl::string_view position, std::size_t limit) override;
  absl::StatusOr<std::string> LastPosition() override;

 private:
  const std::size_t max_events_;
  const std::string history_;
  mutable absl::Mutex mu_;
  std::deque<PayoutEvent> events_ ABSL_GUARDED_BY(mu_);
  // The number of the last event the retention dropped (0: none yet); the
  // events kept are numbered from this + 1 on.
  uint64_t dropped_through_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_set<std::string> identities_ ABSL_GUARDED_BY(mu_);
  // The newest position (update time, lifecycle stage) seen per invoice
  // id, to tell a late, older change from the current state.
  absl::flat_hash_map<std::string, std::pair<absl::Time, int>> latest_
      ABSL_GUARDED_BY(mu_);
  uint64_t next_sequence_ ABSL_GUARDED_BY(mu_) = 1;
  // Called under mu_, so every listener sees the events in sequence order
  // and an unsubscribed listener is never running.
  absl::flat_hash_map<uint64_t, Listener> listeners_ ABSL_GUARDED_BY(mu_);
  uint64_t next_listener_ ABSL_GUARDED_BY(mu_) = 1;

  class InProcessSubscription;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_EVENTS_IN_PROCESS_EVENT_BUS_H_
