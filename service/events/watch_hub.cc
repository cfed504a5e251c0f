#include "events/watch_hub.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace payout_gateway {
namespace {

std::string MapKey(WatchHub::Key::Kind kind, absl::string_view value) {
  return absl::StrCat(kind == WatchHub::Key::Kind::kId ? "id:" : "ref:", value);
}

}  // namespace

WatchHub::WatchHub(const std::shared_ptr<EventBus>& bus)
    : subscription_(bus->Subscribe(
          [this](const PayoutEvent& event) { Dispatch(event); })) {}

WatchHub::~WatchHub() { subscription_.reset(); }

std::unique_ptr<WatchHub::Registration> WatchHub::Watch(const Key& key,
                                                        const Sink& sink) {
  std::string map_key = MapKey(key.kind, key.value);
  absl::MutexLock lock(&mu_);
  const uint64_t id = next_id_++;
  sinks_[map_key].try_emplace(id, sink);
  ++watches_;
  return std::make_unique<Registration>(this, std::move(map_key), id);
}

WatchHub::Registration::~Registration() {
  absl::MutexLock lock(&hub_->mu_);
  auto it = hub_->sinks_.find(key_);
  if (it == hub_->sinks_.end()) return;
  if (it->second.erase(id_) > 0) --hub_->watches_;
  if (it->second.empty()) hub_->sinks_.erase(it);
}

int WatchHub::watches() const {
  absl::MutexLock lock(&mu_);
  return watches_;
}

void WatchHub::Dispatch(const PayoutEvent& event) {
  if (event.stale) return;
  absl::MutexLock lock(&mu_);
  DispatchTo(MapKey(Key::Kind::kId, event.invoice.id()), event);
  if (!event.invoice.reference_id().empty()) {
    DispatchTo(MapKey(Key::Kind::kReferenceId, event.invoice.reference_id()),
               event);
  }
}

void WatchHub::DispatchTo(const std::string& key, const PayoutEvent& event) {
  auto it = sinks_.find(key);
  if (it == sinks_.end()) return;
  for (const auto& [id, sink] : it->second) sink(event);
}

}  // namespace payout_gateway
