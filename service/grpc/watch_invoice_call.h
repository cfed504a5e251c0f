#ifndef PAYOUT_GATEWAY_GRPC_WATCH_INVOICE_CALL_H_
#define PAYOUT_GATEWAY_GRPC_WATCH_INVOICE_CALL_H_

#include <memory>
#include <optional>
#include <vector>

#include "absl/time/time.h"
#include "connection/payout_connection.h"
#include "corefy/payout/v1/payout_gateway_service.pb.h"
#include "events/invoice_order.h"
#include "events/watch_hub.h"
#include "grpc/request_validation.h"
#include "grpc/stream_call.h"
#include "grpc/watch_options.h"

namespace payout_gateway {

// What a watch needs besides StreamDeps.
struct WatchDeps {
  PayoutConnection* connection;  // reads the invoice (policy included)
  WatchHub* hub;                 // the bus's changes, by invoice
  WatchOptions options;
  RequestLimits limits;
};

// One WatchPayoutInvoice stream: registers with the hub first (so no
// change slips between the read and the registration), reads the invoice's
// current state from Corefy, sends it, then sends each newer change --
// from callbacks through the hub, or from its own reads when callbacks go
// quiet -- and ends after a status that ends a watch (EndsWatch). A change
// is sent only if it is newer than the last one sent (InvoicePosition), so
// duplicates and late, older changes never reach the caller. It holds no
// thread: waiting is a hub entry and a timer.
class WatchInvoiceCall final : public StreamCall {
 public:
  static grpc::ServerWriteReactor<corefy::payout::v1::PayoutInvoiceEvent>*
  Start(grpc::CallbackServerContext* context,
        const corefy::payout::v1::WatchPayoutInvoiceRequest& request,
        const StreamDeps& deps, const WatchDeps& watch);

 private:
  WatchInvoiceCall(grpc::CallbackServerContext* context,
                   const corefy::payout::v1::WatchPayoutInvoiceRequest& request,
                   const StreamDeps& deps, const WatchDeps& watch);
  ~WatchInvoiceCall() override;

  void Begin();
  void OnBusEvent(const PayoutEvent& event);
  // Reads the invoice from Corefy (for the first state, or a poll).
  void Read(corefy::payout::v1::PayoutEventSource source)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void OnRead(corefy::payout::v1::PayoutEventSource source,
              absl::StatusOr<corefy::payout::v1::PayoutInvoice> invoice);
  void OnPollTimer();
  // Sends `invoice` if it is newer than what was sent; ends the stream
  // after a status that ends a watch.
  void Offer(const corefy::payout::v1::PayoutInvoice& invoice,
             corefy::payout::v1::PayoutEventSource source, absl::Time received)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ArmPollTimer() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void StopWork() override;

  const WatchDeps watch_;
  corefy::payout::v1::GetPayoutInvoiceRequest lookup_;
  std::unique_ptr<WatchHub::Registration> registration_;
  bool have_first_state_ ABSL_GUARDED_BY(mu_) = false;
  // Changes heard before the first state was read, offered after it.
  std::vector<PayoutEvent> early_ ABSL_GUARDED_BY(mu_);
  std::optional<InvoicePosition> last_sent_ ABSL_GUARDED_BY(mu_);
  bool heard_since_poll_ ABSL_GUARDED_BY(mu_) = false;
  absl::Duration poll_interval_ ABSL_GUARDED_BY(mu_);
  std::optional<Timer::TimerId> poll_timer_ ABSL_GUARDED_BY(mu_);
  CallContextPtr read_ctx_ ABSL_GUARDED_BY(mu_);  // the read in flight
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_GRPC_WATCH_INVOICE_CALL_H_
