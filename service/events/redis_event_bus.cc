#include "events/redis_event_bus.h"

#include <pthread.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "common/log.h"
#include "events/invoice_order.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;

// KEYS: epoch, identity, the invoice's latest position, stream, sequence.
// ARGV: an epoch for a Redis that has none, identity TTL (s), the event's
// position (fixed-width, so strings compare like positions), max events,
// invoice bytes, received (unix ns).
// Events get consecutive stream ids "<n>-0" from the sequence, so that a
// gap before the oldest kept event shows what the retention dropped.
// Returns {outcome, epoch, stream id}.
constexpr char kPublishScript[] = R"lua(
redis.call('SET', KEYS[1], ARGV[1], 'NX')
local epoch = redis.call('GET', KEYS[1])
if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[2]) then
  return {'duplicate', epoch, ''}
end
local latest = redis.call('GET', KEYS[3])
local stale = '0'
if latest and ARGV[3] < latest then stale = '1' end
if (not latest) or ARGV[3] > latest then
  redis.call('SET', KEYS[3], ARGV[3], 'EX', ARGV[2])
end
local n = redis.call('INCR', KEYS[5])
local id = redis.call('XADD', KEYS[4], 'MAXLEN', '=', ARGV[4], n .. '-0',
                      'invoice', ARGV[5], 'received', ARGV[6], 'stale', stale)
if stale == '1' then return {'stale', epoch, id} end
return {'new', epoch, id}
)lua";

// The event number of a stream id "<n>-0"; also reads a bare "<n>".
std::optional<uint64_t> EventNumber(absl::string_view text) {
  absl::ConsumeSuffix(&text, "-0");
  uint64_t n = 0;
  if (text.empty() || text.size() > 19 ||
      text.find_first_not_of("0123456789") != absl::string_view::npos ||
      !absl::SimpleAtoi(text, &n)) {
    return std::nullopt;
  }
  return n;
}

std::string Text(const redisReply* reply) {
  if (reply == nullptr || (reply->type != REDIS_REPLY_STRING &&
                           reply->type != REDIS_REPLY_STATUS)) {
    return "";
  }
  return std::string(reply->str, reply->len);
}

bool IsArray(const redisReply* reply, std::size_t at_least = 0) {
  return reply != nullptr && reply->type == REDIS_REPLY_ARRAY &&
         reply->elements >= at_least;
}

std::string NewEpoch() {
  absl::BitGen gen;
  return absl::StrCat(
      absl::Hex(absl::Uniform<uint64_t>(gen), absl::kZeroPad16));
}

std::string PositionKey(const v1::PayoutInvoice& invoice) {
  const InvoicePosition p = PositionOf(invoice);
  return absl::StrFormat(
      "%020d:%d", std::max<int64_t>(0, absl::ToUnixNanos(p.first)), p.second);
}

// One stream entry ([id, [field, value, ...]]) as an event; nullopt for an
// entry this gateway cannot read (logged, skipped).
std::optional<PayoutEvent> ParseEntry(const redisReply* entry,
                                      absl::string_view epoch) {
  if (!IsArray(entry, 2) || !IsArray(entry->element[1])) return std::nullopt;
  const std::string id = Text(entry->element[0]);
  const std::optional<uint64_t> number = EventNumber(id);
  PayoutEvent event;
  event.position = absl::StrCat(epoch, "/", number.value_or(0));
  bool have_invoice = false;
  const redisReply* fields = entry->element[1];
  for (std::size_t i = 0; i + 1 < fields->elements; i += 2) {
    const std::string name = Text(fields->element[i]);
    const std::string value = Text(fields->element[i + 1]);
    int64_t nanos = 0;
    if (name == "invoice") {
      have_invoice = event.invoice.ParseFromString(value);
    } else if (name == "received" && absl::SimpleAtoi(value, &nanos)) {
      event.received = absl::FromUnixNanos(nanos);
    } else if (name == "stale") {
      event.stale = value == "1";
    }
  }
  if (!have_invoice || !number.has_value()) {
    LogEvent(Severity::kError, "event_unreadable",
             {{"stream_id", id.substr(0, 48)},
              {"why", "not an event this gateway wrote; skipped"}});
    return std::nullopt;
  }
  return event;
}

std::vector<PayoutEvent> ParseEntries(const redisReply* entries,
                                      absl::string_view epoch) {
  std::vector<PayoutEvent> events;
  if (!IsArray(entries)) return events;
  for (std::size_t i = 0; i < entries->elements; ++i) {
    if (auto event = ParseEntry(entries->element[i], epoch)) {
      events.push_back(*std::move(event));
    }
  }
  return events;
}

}  // namespace

class RedisEventBus::RedisSubscription final : public Subscription {
 public:
  RedisSubscription(RedisEventBus* bus, uint64_t id) : bus_(bus), id_(id) {}
  ~RedisSubscription() override {
    absl::MutexLock lock(&bus_->listeners_mu_);
    bus_->listeners_.erase(id_);
  }

 private:
  RedisEventBus* const bus_;
  const uint64_t id_;
};

RedisEventBus::RedisEventBus(RedisEventBusOptions options)
    : options_(std::move(options)),
      slot_(absl::StrCat("{payout-gateway:", options_.account_id, "}")),
      stream_key_(absl::StrCat(slot_, ":events")),
      epoch_key_(absl::StrCat(slot_, ":epoch")),
      sequence_key_(absl::StrCat(slot_, ":sequence")) {}

absl::StatusOr<std::shared_ptr<RedisEventBus>> RedisEventBus::Connect(
    RedisEventBusOptions options) {
  std::shared_ptr<RedisEventBus> bus(new RedisEventBus(std::move(options)));
  // Reachable, logged in, and on a Redis with streams: checked at start.
  auto last = bus->LastPosition();
  if (!last.ok()) return last.status();
  // The reader hands on every event from here, however late it starts.
  const std::size_t slash = last->find('/');
  std::string epoch = last->substr(0, slash);
  std::string from =
      absl::StrCat(EventNumber(last->substr(slash + 1)).value_or(0), "-0");
  bus->reader_ = std::thread(
      [raw = bus.get(), epoch, from] { raw->FollowStream(epoch, from); });
  return bus;
}

RedisEventBus::~RedisEventBus() {
  stopping_.Notify();
  if (reader_.joinable()) reader_.join();
}

std::string RedisEventBus::History() const {
  return absl::StrCat("redis-", slot_);
}

absl::StatusOr<std::vector<RedisReply>> RedisEventBus::Run(
    const std::vector<std::vector<std::string>>& commands) {
  absl::MutexLock lock(&connection_mu_);
  if (connection_ == nullptr || connection_->broken()) {
    auto fresh = RedisConnection::Connect(options_.address, options_.timeout);
    if (!fresh.ok()) {
      connection_.reset();
      return fresh.status();
    }
    connection_ = *std::move(fresh);
  }
  return connection_->Run(commands);
}

absl::StatusOr<std::string> RedisEventBus::Epoch(RedisConnection& connection) {
  auto replies = connection.Run(
      {{"SET", epoch_key_, NewEpoch(), "NX"}, {"GET", epoch_key_}});
  if (!replies.ok()) return replies.status();
  std::string epoch = Text((*replies)[1].get());
  if (epoch.empty()) return absl::UnavailableError("event bus: no epoch");
  return epoch;
}

absl::StatusOr<PublishOutcome> RedisEventBus::Publish(
    const v1::PayoutInvoice& invoice, absl::Time received) {
  std::string bytes;
  invoice.SerializeToString(&bytes);
  auto replies =
      Run({{"EVAL", kPublishScript, "5", epoch_key_,
            absl::StrCat(slot_, ":seen:", PayoutEventIdentity(invoice)),
            absl::StrCat(slot_, ":latest:", invoice.id()), stream_key_,
            sequence_key_, NewEpoch(),
            absl::StrCat(absl::ToInt64Seconds(options_.identity_ttl)),
            PositionKey(invoice), absl::StrCat(options_.max_events), bytes,
            absl::StrCat(absl::ToUnixNanos(received))}});
  if (!replies.ok()) return replies.status();
  const redisReply* reply = replies->front().get();
  if (!IsArray(reply, 1)) {
    return absl::UnavailableError(absl::StrCat(
        "event bus: publish: ", reply->type == REDIS_REPLY_ERROR
                                    ? std::string(reply->str, reply->len)
                                    : "unexpected reply"));
  }
  const std::string outcome = Text(reply->element[0]);
  if (outcome == "duplicate") return PublishOutcome::kDuplicate;
  return outcome == "stale" ? PublishOutcome::kStale : PublishOutcome::kNew;
}

std::unique_ptr<EventBus::Subscription> RedisEventBus::Subscribe(
    Listener listener) {
  absl::MutexLock lock(&listeners_mu_);
  const uint64_t id = next_listener_++;
  listeners_.emplace(id, std::move(listener));
  return std::make_unique<RedisSubscription>(this, id);
}

absl::StatusOr<std::string> RedisEventBus::LastPosition() {
  auto replies = Run({{"SET", epoch_key_, NewEpoch(), "NX"},
                      {"GET", epoch_key_},
                      {"GET", sequence_key_}});
  if (!replies.ok()) return replies.status();
  const std::string epoch = Text((*replies)[1].get());
  if (epoch.empty()) return absl::UnavailableError("event bus: no epoch");
  const std::string last = Text((*replies)[2].get());
  return absl::StrCat(epoch, "/", last.empty() ? "0" : last);
}

absl::StatusOr<std::vector<PayoutEvent>> RedisEventBus::ReadAfter(
    absl::string_view position, std::size_t limit) {
  const std::string count = absl::StrCat(std::max<std::size_t>(1, limit));
  if (position.empty()) {
    auto replies = Run({{"GET", epoch_key_},
                        {"XRANGE", stream_key_, "-", "+", "COUNT", count}});
    if (!replies.ok()) return replies.status();
    const std::string epoch = Text((*replies)[0].get());
    if (epoch.empty()) return std::vector<PayoutEvent>();
    return ParseEntries((*replies)[1].get(), epoch);
  }
  const auto slash = position.find('/');
  std::optional<uint64_t> after;
  if (slash == 16) after = EventNumber(position.substr(slash + 1));
  if (!after.has_value()) {
    return absl::InvalidArgumentError("not a position of this bus");
  }
  const absl::string_view epoch = position.substr(0, slash);
  // The events after the position, then the oldest kept: read in this
  // order, an event trimmed in between is reported as lost (a needless
  // OUT_OF_RANGE at worst), never skipped unseen.
  auto replies = Run({{"GET", epoch_key_},
                      {"GET", sequence_key_},
                      {"XRANGE", stream_key_, absl::StrCat("(", *after, "-0"),
                       "+", "COUNT", count},
                      {"XRANGE", stream_key_, "-", "+", "COUNT", "1"}});
  if (!replies.ok()) return replies.status();
  if (Text((*replies)[0].get()) != epoch) {
    return absl::OutOfRangeError(
        "the event bus lost its events since this position (Redis was "
        "emptied or replaced)");
  }
  const uint64_t last = EventNumber(Text((*replies)[1].get())).value_or(0);
  if (*after > last) {
    return absl::InvalidArgumentError("a position this bus has not reached");
  }
  const redisReply* oldest = (*replies)[3].get();
  const uint64_t oldest_kept =
      IsArray(oldest, 1) && IsArray(oldest->element[0], 1)
          ? EventNumber(Text(oldest->element[0]->element[0])).value_or(0)
          : last + 1;  // none kept: every event up to `last` is gone
  if (*after < last && oldest_kept > *after + 1) {
    return absl::OutOfRangeError(absl::StrCat(
        "events after this position are no longer retained (the bus keeps ",
        options_.max_events, ")"));
  }
  return ParseEntries((*replies)[2].get(), epoch);
}

// The reader thread: follows the stream from `last_id` (its end when the
// bus started), and after a lost connection from the last event it handed
// on, so subscribers miss nothing the retention still holds -- or from the
// start of a new epoch, when Redis came back empty.
void RedisEventBus::FollowStream(std::string followed_epoch,
                                 std::string last_id) {
  absl::Duration backoff = absl::Milliseconds(100);
  while (!stopping_.HasBeenNotified()) {
    auto connection =
        RedisConnection::Connect(options_.address, options_.timeout);
    absl::StatusOr<std::string> epoch =
        connection.ok() ? Epoch(**connection) : connection.status();
    if (!epoch.ok()) {
      LogEvent(
          Severity::kWarning, "event_bus_unreachable",
          {{"error", std::string(epoch.status().message())},
           {"retry_in_ms", absl::StrCat(absl::ToInt64Milliseconds(backoff))}});
      stopping_.WaitForNotificationWithTimeout(backoff);
      backoff = std::min(backoff * 2, absl::Seconds(5));
      continue;
    }
    backoff = absl::Milliseconds(100);
    if (*epoch != followed_epoch) {
      // Redis came back empty: its events are numbered from 1 again.
      followed_epoch = *epoch;
      last_id = "0-0";
    }
    // One block at a time, short enough that a stop is noticed soon.
    (*connection)->SetTimeout(options_.timeout + absl::Milliseconds(500));
    while (!stopping_.HasBeenNotified() &&
           FollowOnce(**connection, *epoch, last_id)) {
    }
  }
}

bool RedisEventBus::FollowOnce(RedisConnection& connection,
                               const std::string& epoch, std::string& last_id) {
  auto reply = connection.Command({"XREAD", "COUNT", "256", "BLOCK", "500",
                                   "STREAMS", stream_key_, last_id});
  if (!reply.ok()) return false;
  const redisReply* streams = reply->get();
  if (!IsArray(streams, 1) || !IsArray(streams->element[0], 2)) {
    return true;  // nil: nothing new within the block
  }
  const redisReply* entries = streams->element[0]->element[1];
  for (const PayoutEvent& event : ParseEntries(entries, epoch)) {
    Dispatch(event);
  }
  if (IsArray(entries, 1)) {
    const redisReply* newest = entries->element[entries->elements - 1];
    if (IsArray(newest, 1)) last_id = Text(newest->element[0]);
  }
  return true;
}

void RedisEventBus::Dispatch(const PayoutEvent& event) {
  absl::MutexLock lock(&listeners_mu_);
  for (const auto& [id, listener] : listeners_) listener(event);
}

}  // namespace payout_gateway
