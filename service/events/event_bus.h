#ifndef PAYOUT_GATEWAY_EVENTS_EVENT_BUS_H_
#define PAYOUT_GATEWAY_EVENTS_EVENT_BUS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "corefy/payout/v1/payout_invoice.pb.h"

namespace payout_gateway {

// One change of a payout invoice, as Corefy reported it in a callback.
struct PayoutEvent {
  // The bus's position of the event, later for every later event it keeps.
  // Opaque outside the bus: ReadAfter takes it back.
  std::string position;
  corefy::payout::v1::PayoutInvoice invoice;
  absl::Time received;
  // Older than a change of the same invoice the bus already had: kept for
  // the record, never the invoice's current state.
  bool stale = false;
};

// What an event is: invoice id + status + update time. The same callback
// delivered twice has the same identity.
std::string PayoutEventIdentity(
    const corefy::payout::v1::PayoutInvoice& invoice);

// What Publish did with a change.
enum class PublishOutcome {
  kNew,        // kept, the invoice's newest known state
  kStale,      // kept for the record, older than a known change
  kDuplicate,  // already kept: nothing new
};
absl::string_view PublishOutcomeName(PublishOutcome outcome);

// Where verified callbacks go, so that every replica's watchers see them.
class EventBus {
 public:
  virtual ~EventBus() = default;

  // Keeps `invoice`'s change unless the bus already has one with the same
  // identity (then it is a duplicate, and still OK). OK means the event is
  // safely kept: the receiver may answer Corefy 200. An error means it is
  // not, and Corefy must deliver it again.
  virtual absl::StatusOr<PublishOutcome> Publish(
      const corefy::payout::v1::PayoutInvoice& invoice,
      absl::Time received) = 0;

  // Ends a subscription when destroyed: no call of its listener starts
  // after that, and none is still running.
  class Subscription {
   public:
    virtual ~Subscription() = default;
  };
  using Listener = std::function<void(const PayoutEvent&)>;

  // Calls `listener` with every event the bus keeps from now on, in the
  // bus's order (sequence), duplicates never. It runs on whichever thread
  // published, so it must be quick and must not call into the bus.
  virtual std::unique_ptr<Subscription> Subscribe(Listener listener) = 0;

  // Names the history positions belong to: a position made by another bus
  // (or by an in-process bus before a restart) means nothing to this one.
  virtual std::string History() const = 0;

  // The events kept after `position`, oldest first, at most `limit`;
  // `position` "" reads from the oldest event kept. OUT_OF_RANGE when the
  // retention has already dropped an event after `position` (reading on
  // would silently skip it); INVALID_ARGUMENT for a position this bus never
  // made; UNAVAILABLE when the bus cannot be read now.
  virtual absl::StatusOr<std::vector<PayoutEvent>> ReadAfter(
      absl::string_view position, std::size_t limit) = 0;

  // The position of the newest event kept ("" when there is none), for a
  // reader that starts with the next event.
  virtual absl::StatusOr<std::string> LastPosition() = 0;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_EVENTS_EVENT_BUS_H_
