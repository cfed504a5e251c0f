#include "support/redis_server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "events/redis_connection.h"

namespace payout_gateway_testing {
namespace {

constexpr char kRedisServer[] = "/usr/bin/redis-server";

// A loopback port nobody listens on now (the OS's choice).
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RedisServer>> RedisServer::Start(
    std::string password) {
  std::unique_ptr<RedisServer> server(new RedisServer);
  server->password_ = std::move(password);
  absl::Status launched;
  // Another process may take the port between the choice and the start.
  for (int attempt = 0; attempt < 3; ++attempt) {
    server->port_ = FreePort();
    launched = server->Launch();
    if (launched.ok()) return server;
  }
  return launched;
}

std::string RedisServer::url() const {
  return absl::StrCat("redis://127.0.0.1:", port_);
}

absl::Status RedisServer::Launch() {
  ChildProcess::Options options;
  options.path = kRedisServer;
  options.args = {
      "--port", absl::StrCat(port_), "--bind", "127.0.0.1",   "--save",
      "",       "--appendonly",      "no",     "--daemonize", "no"};
  if (!password_.empty()) {
    options.args.insert(options.args.end(), {"--requirepass", password_});
  }
  auto process = ChildProcess::Start(options);
  if (!process.ok()) return process.status();
  process_ = *std::move(process);
  payout_gateway::RedisAddress address;
  address.host = "127.0.0.1";
  address.port = port_;
  address.password = password_;
  for (absl::Time end = absl::Now() + absl::Seconds(10); absl::Now() < end;) {
    auto connection =
        payout_gateway::RedisConnection::Connect(address, absl::Seconds(1));
    if (connection.ok() && (*connection)->Command({"PING"}).ok()) {
      return absl::OkStatus();
    }
    if (process_->Wait(absl::Milliseconds(1)) >= 0) break;  // it exited
    absl::SleepFor(absl::Milliseconds(20));
  }
  process_.reset();
  return absl::UnavailableError(
      absl::StrCat("redis-server did not start on port ", port_));
}

void RedisServer::Stop() {
  if (process_ != nullptr) process_->Stop(SIGKILL);
  process_.reset();
}

absl::Status RedisServer::Restart() {
  Stop();
  return Launch();
}

}  // namespace payout_gateway_testing
