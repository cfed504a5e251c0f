#include "events/redis_connection.h"

#include <sys/time.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace payout_gateway {
namespace {

absl::Status Unavailable(absl::string_view what, absl::string_view why) {
  return absl::UnavailableError(absl::StrCat("event bus: ", what, ": ", why));
}

}  // namespace

absl::StatusOr<RedisAddress> ParseRedisUrl(absl::string_view url) {
  absl::string_view rest = url;
  if (!absl::ConsumePrefix(&rest, "redis://")) {
    return absl::InvalidArgumentError("must be redis://[USER@]HOST:PORT");
  }
  RedisAddress address;
  if (const auto at = rest.find('@'); at != absl::string_view::npos) {
    address.user = std::string(rest.substr(0, at));
    rest.remove_prefix(at + 1);
    if (address.user.find(':') != std::string::npos) {
      return absl::InvalidArgumentError(
          "no password in the URL: put it in --event_bus_password_file");
    }
  }
  const auto colon = rest.rfind(':');
  if (colon == absl::string_view::npos || colon == 0 ||
      !absl::SimpleAtoi(rest.substr(colon + 1), &address.port) ||
      address.port < 1 || address.port > 65535) {
    return absl::InvalidArgumentError("must be redis://[USER@]HOST:PORT");
  }
  address.host = std::string(rest.substr(0, colon));
  for (char c : address.host + address.user) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    if (!ok) {
      return absl::InvalidArgumentError(
          "host and user may hold letters, digits, '.', '-' and '_' only");
    }
  }
  return address;
}

absl::StatusOr<std::unique_ptr<RedisConnection>> RedisConnection::Connect(
    const RedisAddress& address, absl::Duration timeout) {
  redisContext* context = redisConnectWithTimeout(
      address.host.c_str(), address.port, absl::ToTimeval(timeout));
  if (context == nullptr) return Unavailable("connect", "out of memory");
  std::unique_ptr<RedisConnection> connection(new RedisConnection(context));
  if (context->err != 0) {
    return Unavailable(
        absl::StrCat("connect to ", address.host, ":", address.port),
        context->errstr);
  }
  connection->SetTimeout(timeout);
  if (!address.password.empty()) {
    std::vector<std::string> auth = {"AUTH"};
    if (!address.user.empty()) auth.push_back(address.user);
    auth.push_back(address.password);
    // The reply never holds the password; Redis says WRONGPASS or OK.
    if (auto reply = connection->Command(auth); !reply.ok()) {
      return reply.status();
    }
  }
  return connection;
}

RedisConnection::~RedisConnection() { redisFree(context_); }

void RedisConnection::SetTimeout(absl::Duration timeout) {
  redisSetTimeout(context_, absl::ToTimeval(timeout));
}

absl::StatusOr<std::vector<RedisReply>> RedisConnection::Run(
    const std::vector<std::vector<std::string>>& commands) {
  if (broken()) return Unavailable("connection", context_->errstr);
  for (const auto& args : commands) {
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    argv.reserve(args.size());
    lengths.reserve(args.size());
    for (const std::string& a : args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
    if (redisAppendCommandArgv(context_, static_cast<int>(argv.size()),
                               argv.data(), lengths.data()) != REDIS_OK) {
      return Unavailable("send", context_->errstr);
    }
  }
  std::vector<RedisReply> replies;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) {
      return Unavailable("reply", context_->errstr);
    }
    replies.emplace_back(static_cast<redisReply*>(raw));
  }
  return replies;
}

absl::StatusOr<RedisReply> RedisConnection::Command(
    const std::vector<std::string>& args) {
  auto replies = Run({args});
  if (!replies.ok()) return replies.status();
  RedisReply reply = std::move(replies->front());
  if (reply->type == REDIS_REPLY_ERROR) {
    return Unavailable(args.front(), std::string(reply->str, reply->len));
  }
  return reply;
}

}  // namespace payout_gateway
