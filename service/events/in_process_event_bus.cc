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

}  // namespace

std::string PayoutEventIdentity(
    const corefy::payout::v1::PayoutInvoice& invoice) {
  return absl::StrCat(invoice.id(), "/", invoice.status(), "/",
                      invoice.update_time().seconds(), ".",
                      invoice.update_time().nanos());
}

InProcessEventBus::InProcessEventBus(std::size_t max_events)
    : max_events_(max_events == 0 ? 1 : max_events) {}

absl::Status InProcessEventBus::Publish(
    const corefy::payout::v1::PayoutInvoice& invoice, absl::Time received) {
  std::string identity = PayoutEventIdentity(invoice);
  absl::MutexLock lock(&mu_);
  if (!identities_.insert(identity).second) return absl::OkStatus();
  const absl::Time updated = UpdateTime(invoice);
  auto [latest, first] = latest_.try_emplace(invoice.id(), updated);
  PayoutEvent event;
  event.sequence = next_sequence_++;
  event.invoice = invoice;
  event.received = received;
  event.stale = !first && updated < latest->second;
  if (updated > latest->second) latest->second = updated;
  events_.push_back(std::move(event));
  while (events_.size() > max_events_) {
    const PayoutEvent& oldest = events_.front();
    identities_.erase(PayoutEventIdentity(oldest.invoice));
    // Forget the invoice's latest time with its latest event, so the map
    // stays as bounded as the events.
    auto it = latest_.find(oldest.invoice.id());
    if (it != latest_.end() && it->second == UpdateTime(oldest.invoice)) {
      latest_.erase(it);
    }
    events_.pop_front();
  }
  return absl::OkStatus();
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
