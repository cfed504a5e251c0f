#ifndef PAYOUT_GATEWAY_EVENTS_EVENT_BUS_H_
#define PAYOUT_GATEWAY_EVENTS_EVENT_BUS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "corefy/payout/v1/payout_invoice.pb.h"

namespace payout_gateway {

// One change of a payout invoice, as Corefy reported it in a callback.
struct PayoutEvent {
  // Position in the bus: increases with every event the bus keeps.
  uint64_t sequence = 0;
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

// Where verified callbacks go, so that every replica's watchers see them.
class EventBus {
 public:
  virtual ~EventBus() = default;

  // Keeps `invoice`'s change unless the bus already has one with the same
  // identity (then it is a duplicate, and still OK). OK means the event is
  // safely kept: the receiver may answer Corefy 200. An error means it is
  // not, and Corefy must deliver it again.
  virtual absl::Status Publish(const corefy::payout::v1::PayoutInvoice& invoice,
                               absl::Time received) = 0;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_EVENTS_EVENT_BUS_H_
