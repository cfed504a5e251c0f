#ifndef PAYOUT_GATEWAY_SERVER_METRICS_ENDPOINT_H_
#define PAYOUT_GATEWAY_SERVER_METRICS_ENDPOINT_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace payout_gateway {

// Serves GET /metrics (the Prometheus text exposition) from a poll loop that
// runs on the caller's thread. The gateway's main thread has nothing else to
// do until SIGTERM, so it runs this loop: /metrics costs no thread of its
// own, where an embedded web server would add two.
//
// Deliberately small: one request per connection (`Connection: close`), at
// most kMaxClients connections at a time, and a connection that has not been
// answered within `client_timeout` is dropped, so a stuck scraper cannot
// hold the endpoint.
class MetricsEndpoint {
 public:
  using Render = std::function<std::string()>;
  static constexpr int kMaxClients = 16;

  // Binds `listen_address` ("host:port"; port 0 picks one).
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Listen(
      const std::string& listen_address, Render render,
      absl::Duration client_timeout = absl::Seconds(10));

  ~MetricsEndpoint();
  MetricsEndpoint(const MetricsEndpoint&) = delete;
  MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;

  int port() const { return port_; }

  // Serves until `stop_fd` is readable (a signalfd, an eventfd); does not
  // read it. Connections still open then are closed.
  void ServeUntilReadable(int stop_fd);

 private:
  struct Client;

  MetricsEndpoint(int listen_fd, int port, Render render,
                  absl::Duration client_timeout);
  // The full response to one request head ("GET /metrics HTTP/1.1...").
  std::string Respond(const std::string& head) const;

  const int listen_fd_;
  const int port_;
  const Render render_;
  const absl::Duration client_timeout_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_SERVER_METRICS_ENDPOINT_H_
