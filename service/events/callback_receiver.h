#ifndef PAYOUT_GATEWAY_EVENTS_CALLBACK_RECEIVER_H_
#define PAYOUT_GATEWAY_EVENTS_CALLBACK_RECEIVER_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "common/metrics.h"
#include "common/timer.h"
#include "events/event_bus.h"

namespace payout_gateway {

// One POST Corefy made to the callback endpoint, as the HTTP server read it.
struct CallbackRequest {
  absl::string_view content_type;
  // The X-Signature header; empty when absent.
  absl::string_view signature;
  absl::string_view body;
  // The body was larger than the limit and was not read whole.
  bool too_large = false;
};

struct CallbackAnswer {
  int status = 200;
  std::string body;  // a short text for Corefy's delivery log
};

// Turns Corefy's status-change callbacks into events on the bus. It checks,
// in this order and before anything is published: the size, the content
// type, the signature (over the raw bytes, in constant time), then that the
// body is an invoice document. It answers 200 only once the bus has kept
// the event (a duplicate is kept already), 503 when the bus cannot take it
// so that Corefy delivers it again, and a 4xx for what no retry can fix.
// Each outcome is counted (Metrics::CallbackReceived) and logged without
// the body.
class CallbackReceiver {
 public:
  CallbackReceiver(std::string secret, std::shared_ptr<EventBus> bus,
                   std::shared_ptr<Metrics> metrics, Clock clock);

  CallbackAnswer Receive(const CallbackRequest& request) const;

 private:
  CallbackAnswer Refuse(int status, absl::string_view result,
                        absl::string_view why) const;

  const std::string secret_;
  const std::shared_ptr<EventBus> bus_;
  const std::shared_ptr<Metrics> metrics_;
  const Clock clock_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_EVENTS_CALLBACK_RECEIVER_H_
