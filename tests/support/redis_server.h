#ifndef PAYOUT_GATEWAY_TESTS_SUPPORT_REDIS_SERVER_H_
#define PAYOUT_GATEWAY_TESTS_SUPPORT_REDIS_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "support/child_process.h"

namespace payout_gateway_testing {

// A real redis-server (Debian's) for one test: loopback, a free port, no
// persistence -- so a restart loses everything, like a Redis without AOF.
class RedisServer {
 public:
  // `password` "": no AUTH.
  static absl::StatusOr<std::unique_ptr<RedisServer>> Start(
      std::string password = "");

  int port() const { return port_; }
  // redis://127.0.0.1:PORT, for --event_bus.
  std::string url() const;

  // Kills it (SIGKILL: whatever it held is gone).
  void Stop();
  // Starts it again on the same port, empty.
  absl::Status Restart();

 private:
  RedisServer() = default;
  absl::Status Launch();

  int port_ = 0;
  std::string password_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace payout_gateway_testing

#endif  // PAYOUT_GATEWAY_TESTS_SUPPORT_REDIS_SERVER_H_
