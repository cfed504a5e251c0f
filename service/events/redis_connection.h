#ifndef PAYOUT_GATEWAY_EVENTS_REDIS_CONNECTION_H_
#define PAYOUT_GATEWAY_EVENTS_REDIS_CONNECTION_H_

#include <hiredis/hiredis.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace payout_gateway {

// Where the Redis of the event bus is, and how to log in.
struct RedisAddress {
  std::string host;
  int port = 6379;
  std::string user;      // "" : the default user
  std::string password;  // "" : no AUTH; a secret, never logged
};

// Parses `redis://[USER@]HOST:PORT`. A password in the URL is refused: it
// comes from a file, like every secret of the gateway.
absl::StatusOr<RedisAddress> ParseRedisUrl(absl::string_view url);

struct RedisReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using RedisReply = std::unique_ptr<redisReply, RedisReplyDeleter>;

// One blocking connection to Redis (hiredis), with a timeout on connect and
// on every reply, so that a Redis that stops answering costs a caller
// `timeout`, never a hung thread. Not thread-safe: one user at a time.
class RedisConnection {
 public:
  static absl::StatusOr<std::unique_ptr<RedisConnection>> Connect(
      const RedisAddress& address, absl::Duration timeout);
  ~RedisConnection();

  // Runs the commands in one round trip, in order; one reply each. A
  // connection error is UNAVAILABLE and leaves the connection unusable
  // (broken() is true); an error reply is returned as a reply.
  absl::StatusOr<std::vector<RedisReply>> Run(
      const std::vector<std::vector<std::string>>& commands);
  // One command; an error reply becomes an UNAVAILABLE status too.
  absl::StatusOr<RedisReply> Command(const std::vector<std::string>& args);

  // Changes the reply timeout (XREAD BLOCK waits longer than a command).
  void SetTimeout(absl::Duration timeout);
  bool broken() const { return context_->err != 0; }

 private:
  explicit RedisConnection(redisContext* context) : context_(context) {}
  redisContext* const context_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_EVENTS_REDIS_CONNECTION_H_
