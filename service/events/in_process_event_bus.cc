#include "events/in_process_event_bus.h"

#include <utility>

#include "absl/random/random.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "events/invoice_order.h"

namespace payout_gateway {
namespace {

// A random name for this bus's history.
std::string NewHistory() {
  absl::BitGen gen;
  return absl::StrCat(
      "in-process-", absl::Hex(absl::Uniform<uint64_t>(gen), absl::kZeroPad16));
}

}  // namespace

std::string PayoutEventIdentity(
    const corefy::payout::v1::PayoutInvoice& invoice) {
  return absl::StrCat(invoice.id(), "/", invoice.status(), "/",
                      invoice.update_time().seconds(), ".",
                      invoice.update_time().nanos());
}

InProcessEventBus::InProcessEventBus(std::size_t max_events)
    : max_events_(max_events == 0 ? 1 : max_events), history_(NewHistory()) {}

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
  const InvoicePosition position = PositionOf(invoice);
  auto [latest, first] = latest_.try_emplace(invoice.id(), position);
  PayoutEvent event;
  event.position = absl::StrCat(next_sequence_++);
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
    if (it != latest_.end() && it->second == PositionOf(oldest.invoice)) {
      latest_.erase(it);
    }
    events_.pop_front();
    ++dropped_through_;
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

absl::StatusOr<std::vector<PayoutEvent>> InProcessEventBus::ReadAfter(
    absl::string_view position, std::size_t limit) {
  uint64_t after = 0;
  const bool from_oldest = position.empty();
  if (!from_oldest &&
      (position.size() > 20 ||
       position.find_first_not_of("0123456789") != absl::string_view::npos ||
       !absl::SimpleAtoi(position, &after))) {
    return absl::InvalidArgumentError("not a position of this bus");
  }
  std::vector<PayoutEvent> out;
  absl::MutexLock lock(&mu_);
  if (after >= next_sequence_) {
    return absl::InvalidArgumentError("a position this bus has not reached");
  }
  if (from_oldest) after = dropped_through_;
  if (after < dropped_through_) {
    return absl::OutOfRangeError(absl::StrCat(
        "events after this position are no longer retained (the bus keeps ",
        max_events_, ")"));
  }
  // Events are numbered consecutively from dropped_through_ + 1.
  for (std::size_t i = after - dropped_through_;
       i < events_.size() && out.size() < limit; ++i) {
    out.push_back(events_[i]);
  }
  return out;
}

absl::StatusOr<std::string> InProcessEventBus::LastPosition() {
  absl::MutexLock lock(&mu_);
  if (events_.empty()) {
    return next_sequence_ == 1 ? std::string()
                               : absl::StrCat(next_sequence_ - 1);
  }
  return events_.back().position;
}

}  // namespace payout_gateway
