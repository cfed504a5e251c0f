#ifndef PAYOUT_GATEWAY_SERVER_GATEWAY_SERVER_H_
#define PAYOUT_GATEWAY_SERVER_GATEWAY_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/thread_timer.h"
#include "grpc/payout_gateway_service_impl.h"
#include "rest/curl_multi_transport.h"
#include "server/gateway_config.h"

namespace payout_gateway {

// Wires the layers together -- transport, connection, gRPC service -- and
// runs the gRPC server with health checking and reflection.
class GatewayServer {
 public:
  static absl::StatusOr<std::unique_ptr<GatewayServer>> Start(
      const GatewayConfig& config);

  ~GatewayServer();

  // The port the server listens on (the chosen one when configured as 0).
  int port() const { return port_; }

  // Stops taking new calls, lets calls in flight finish for up to `grace`,
  // cancels the rest, then stops the upstream transport.
  void Shutdown(absl::Duration grace);

 private:
  GatewayServer() = default;

  std::shared_ptr<CurlMultiTransport> transport_;
  std::shared_ptr<ThreadTimer> timer_;
  std::unique_ptr<PayoutGatewayServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  bool shut_down_ = false;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_SERVER_GATEWAY_SERVER_H_
