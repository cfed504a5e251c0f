#ifndef PAYOUT_GATEWAY_EVENTS_WATCH_HUB_H_
#define PAYOUT_GATEWAY_EVENTS_WATCH_HUB_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "events/event_bus.h"

namespace payout_gateway {

// Hands each event of the bus to the watches of its invoice. One bus
// subscription and one map serve every watch, so a thousand watches cost a
// thousand map entries, not a thousand listeners. Stale events (older than
// a change already known) go to nobody: a watch shows current states only.
class WatchHub {
 public:
  explicit WatchHub(const std::shared_ptr<EventBus>& bus);
  ~WatchHub();

  // Which invoice a watch is about.
  struct Key {
    enum class Kind { kId, kReferenceId };
    Kind kind = Kind::kId;
    std::string value;
  };
  // Called with each new change of the watched invoice, on the publishing
  // thread and under the hub's lock: it must be quick and must not call
  // into the hub or the bus.
  using Sink = std::function<void(const PayoutEvent&)>;

  // Ends a watch when destroyed: its sink is not running then and is never
  // called again.
  class Registration {
   public:
    Registration(WatchHub* hub, std::string key, uint64_t id)
        : hub_(hub), key_(std::move(key)), id_(id) {}
    ~Registration();
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;

   private:
    WatchHub* const hub_;
    const std::string key_;
    const uint64_t id_;
  };

  std::unique_ptr<Registration> Watch(const Key& key, const Sink& sink);

  // Watches registered now (for tests and metrics).
  int watches() const;

 private:
  void Dispatch(const PayoutEvent& event);
  void DispatchTo(const std::string& key, const PayoutEvent& event)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  int watches_ ABSL_GUARDED_BY(mu_) = 0;
  // "id:<invoice id>" or "ref:<reference id>" -> the sinks of its watches.
  absl::flat_hash_map<std::string, absl::flat_hash_map<uint64_t, Sink>> sinks_
      ABSL_GUARDED_BY(mu_);
  // Last, so it ends (and Dispatch stops being called) first.
  std::unique_ptr<EventBus::Subscription> subscription_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_EVENTS_WATCH_HUB_H_
