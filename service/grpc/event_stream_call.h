#ifndef PAYOUT_GATEWAY_GRPC_EVENT_STREAM_CALL_H_
#define PAYOUT_GATEWAY_GRPC_EVENT_STREAM_CALL_H_

#include <memory>
#include <string>

#include "corefy/payout/v1/payout_gateway_service.pb.h"
#include "events/event_bus.h"
#include "grpc/stream_call.h"

namespace payout_gateway {

// One StreamPayoutEvents stream. Every event comes from reading the bus
// after the last position sent (EventBus::ReadAfter), a page at a time,
// so a consumer that resumes from its cursor gets each later event exactly
// once; the bus subscription only says "there is more". Stale events are
// sent too, marked `superseded`: the stream is the account's record.
// One page is queued at a time, so a slow consumer costs memory for one
// page, and one that falls behind the retention is told so
// (OUT_OF_RANGE, EVENTS_EXPIRED) instead of missing events silently.
class EventStreamCall final : public StreamCall {
 public:
  static grpc::ServerWriteReactor<corefy::payout::v1::PayoutInvoiceEvent>*
  Start(grpc::CallbackServerContext* context,
        const corefy::payout::v1::StreamPayoutEventsRequest& request,
        const StreamDeps& deps, EventBus* bus);

 private:
  EventStreamCall(grpc::CallbackServerContext* context, const StreamDeps& deps,
                  EventBus* bus);
  ~EventStreamCall() override;

  void Begin(const corefy::payout::v1::StreamPayoutEventsRequest& request);
  // Reads the next page on a timer thread (never on the bus's thread, and
  // never under mu_).
  void ScheduleRead() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ReadPage();
  void OnQueueDrained() override;

  EventBus* const bus_;
  const std::string history_;
  std::unique_ptr<EventBus::Subscription> subscription_;
  std::string position_ ABSL_GUARDED_BY(mu_);
  bool reading_ ABSL_GUARDED_BY(mu_) = false;
  // The bus has kept an event since the last read began.
  bool more_ ABSL_GUARDED_BY(mu_) = true;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_GRPC_EVENT_STREAM_CALL_H_
