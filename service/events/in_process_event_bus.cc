#include "events/in_process_event_bus.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace payout_gateway {
namespace {

absl::Time UpdateTime(const corefy::payout::v1::PayoutInvoice& invoice) {
  return absl::FromUnixSeconds(invoice.update_time().seconds()) +
         absl::Nanoseconds(invoice.update_time().nanos());
}

// How far along the payout lifecycle a status is. Corefy's `updated` has
// whole seconds, so two changes often share it: then the later stage is the
// newer change.
int StatusRank(corefy::payout::v1::PayoutInvoiceStatus status) {
  namespace v1 = ::corefy::payout::v1;
  switch (status) {
    case v1::PAYOUT_INVOICE_STATUS_UNSPECIFIED:
    case v1::PAYOUT_INVOICE_STATUS_CREATED:
      return 0;
    case v1::PAYOUT_INVOICE_STATUS_PROCESSING:
    case v1::PAYOUT_INVOICE_STATUS_PROCESS_PENDING:
    case v1::PAYOUT_INVOICE_STATUS_PROCESS_ERROR:
      return 1;
    case v1::PAYOUT_INVOICE_STATUS_CANCELING:
    case v1::PAYOUT_INVOICE_STATUS_CANCEL_PENDING:
    case v1::PAYOUT_INVOICE_STATUS_CANCEL_ERROR:
      return 3;
    case v1::PAYOUT_INVOICE_STATUS_CANCELED:
    case v1::PAYOUT_INVOICE_STATUS_PARTIALLY_CANCELED:
    case v1::PAYOUT_INVOICE_STATUS_CANCEL_FAILED:
      return 4;
    default:  // processed, partially processed, failed, expired, terminated
      return 2;
  }
}

// The order of an invoice's changes: update time, then lifecycle stage.
std::pair<absl::Time, int> Position(
    const corefy::payout::v1::PayoutInvoice& invoice) {
  return {UpdateTime(invoice), StatusRank(invoice.status())};
}

}  // namespace

std::string PayoutEventIdentity(
    const corefy::payout::v1::PayoutInvoice& invoice) {
  return absl::StrCat(invoice.id(), "/", invoice.status(), "/",
                      invoice.update_time().seconds(), ".",
                      invoice.update_time().nanos());
}

InProcessEventBus::InProcessEventBus(std::size_t max_events)
    : max_events_(max_events == 0 ? 1 : max_events) {}

absl::string_view PublishOutcomeName(PublishOutcome outcome) {
  switch (outcome) {
    case PublishOutcome::kNew:
      return "new";
    case PublishOutcome::kStale:
      return "stale";
    case PublishOutcome::kDuplicate:
      return "duplicate";
  }
  return "new";
}

absl::StatusOr<PublishOutcome> InProcessEventBus::Publish(
    const corefy::payout::v1::PayoutInvoice& invoice, absl::Time received) {
  std::string identity = PayoutEventIdentity(invoice);
  absl::MutexLock lock(&mu_);
  if (!identities_.insert(identity).second) return PublishOutcome::kDuplicate;
  const std::pair<absl::Time, int> position = Position(invoice);
  auto [latest, first] = latest_.try_emplace(invoice.id(), position);
  PayoutEvent event;
  event.sequence = next_sequence_++;
  event.invoice = invoice;
  event.received = received;
  event.stale = !first && position < latest->second;
  if (position > latest->second) latest->second = position;
  for (const auto& [id, listener] : listeners_) listener(event);
  const PublishOutcome outcome =
      event.stale ? PublishOutcome::kStale : PublishOutcome::kNew;
  events_.push_back(std::move(event));
  while (events_.size() > max_events_) {
    const PayoutEvent& oldest = events_.front();
    identities_.erase(PayoutEventIdentity(oldest.invoice));
    // Forget the invoice's latest time with its latest event, so the map
    // stays as bounded as the events.
    auto it = latest_.find(oldest.invoice.id());
    if (it != latest_.end() && it->second == Position(oldest.invoice)) {
      latest_.erase(it);
    }
    events_.pop_front();
  }
  return outcome;
}

class InProcessEventBus::InProcessSubscription final : public Subscription {
 public:
  InProcessSubscription(InProcessEventBus* bus, uint64_t id)
      : bus_(bus), id_(id) {}
  ~InProcessSubscription() override {
    absl::MutexLock lock(&bus_->mu_);
    bus_->listeners_.erase(id_);
  }

 private:
  InProcessEventBus* const bus_;
  const uint64_t id_;
};

std::unique_ptr<EventBus::Subscription> InProcessEventBus::Subscribe(
    Listener listener) {
  absl::MutexLock lock(&mu_);
  const uint64_t id = next_listener_++;
  listeners_.emplace(id, std::move(listener));
  return std::make_unique<InProcessSubscription>(this, id);
}

std::vector<PayoutEvent> InProcessEventBus::ReadAfter(uint64_t sequence,
                                                      std::size_t limit) const {
  std::vector<PayoutEvent> out;
  absl::MutexLock lock(&mu_);
  for (const PayoutEvent& event : events_) {
    if (out.size() >= limit) break;
    if (event.sequence > sequence) out.push_back(event);
  }
  return out;
}

}  // namespace payout_gateway
