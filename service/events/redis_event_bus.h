#ifndef PAYOUT_GATEWAY_EVENTS_REDIS_EVENT_BUS_H_
#define PAYOUT_GATEWAY_EVENTS_REDIS_EVENT_BUS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "events/event_bus.h"
#include "events/redis_connection.h"

namespace payout_gateway {

struct RedisEventBusOptions {
  RedisAddress address;
  // Names this account's keys; every replica of one account uses the same.
  std::string account_id;
  // Events kept in the stream (exact trimming on every append).
  std::size_t max_events = 100000;
  // How long an event's identity is remembered to absorb a repeat of its
  // callback (Corefy retries for hours, not days).
  absl::Duration identity_ttl = absl::Hours(7 * 24);
  // Connect and reply timeout of every command: a Redis that stops
  // answering costs a callback this long, then a 503.
  absl::Duration timeout = absl::Seconds(2);
};

// The event bus of several replicas: one Redis stream per account.
//
// Publish is one Lua script, atomic in Redis: it drops a repeat (an
// identity key with a TTL), marks a change older than the invoice's latest
// as stale (a per-invoice latest-position key), and appends the event
// (XADD, trimmed to `max_events`). Each replica has one reader thread that
// follows the stream (XREAD BLOCK) and hands every event to the
// subscribers, so a callback received by any replica reaches the watches
// of all. ReadAfter is XRANGE. Events are numbered consecutively (stream
// ids "<n>-0" from a counter the script increments), so a gap before the
// oldest kept event says exactly whether the retention dropped an event
// after a position.
//
// A position is "<epoch>/<n>". The epoch is a random value kept in
// Redis beside the stream and made anew when Redis lost its data (restarted
// without persistence): positions of a lost epoch are OUT_OF_RANGE, never
// read as if nothing had been lost. All keys share one Redis Cluster hash
// slot ({payout-gateway:<account>}), which the script needs.
class RedisEventBus final : public EventBus {
 public:
  // Connects (Redis must be reachable at start) and starts the reader.
  static absl::StatusOr<std::shared_ptr<RedisEventBus>> Connect(
      RedisEventBusOptions options);
  ~RedisEventBus() override;

  absl::StatusOr<PublishOutcome> Publish(
      const corefy::payout::v1::PayoutInvoice& invoice,
      absl::Time received) override;
  std::unique_ptr<Subscription> Subscribe(Listener listener) override;
  std::string History() const override;
  absl::StatusOr<std::vector<PayoutEvent>> ReadAfter(
      absl::string_view position, std::size_t limit) override;
  absl::StatusOr<std::string> LastPosition() override;

 private:
  explicit RedisEventBus(RedisEventBusOptions options);

  // The shared connection of Publish, ReadAfter and LastPosition, made
  // again after an error.
  absl::StatusOr<std::vector<RedisReply>> Run(
      const std::vector<std::vector<std::string>>& commands);
  // The epoch, made if Redis has none yet.
  absl::StatusOr<std::string> Epoch(RedisConnection& connection);
  void FollowStream(std::string followed_epoch, std::string last_id);
  bool FollowOnce(RedisConnection& connection, const std::string& epoch,
                  std::string& last_id);
  void Dispatch(const PayoutEvent& event);

  const RedisEventBusOptions options_;
  const std::string slot_;  // "{payout-gateway:<account>}"
  const std::string stream_key_;
  const std::string epoch_key_;
  const std::string sequence_key_;

  absl::Mutex connection_mu_;
  std::unique_ptr<RedisConnection> connection_ ABSL_GUARDED_BY(connection_mu_);

  absl::Mutex listeners_mu_;
  absl::flat_hash_map<uint64_t, Listener> listeners_
      ABSL_GUARDED_BY(listeners_mu_);
  uint64_t next_listener_ ABSL_GUARDED_BY(listeners_mu_) = 1;

  absl::Notification stopping_;
  std::thread reader_;

  class RedisSubscription;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_EVENTS_REDIS_EVENT_BUS_H_
