#ifndef PAYOUT_GATEWAY_SERVER_GATEWAY_SERVER_H_
#define PAYOUT_GATEWAY_SERVER_GATEWAY_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpc/alarm_timer.h"
#include "grpc/payout_gateway_service_impl.h"
#include "rest/curl_multi_transport.h"
#include "server/gateway_config.h"
#include "server/metrics_endpoint.h"
#include "server/prometheus_metrics.h"
#include "server/reflection_service.h"

namespace payout_gateway {

// Wires the layers together -- transport, connection, gRPC service -- and
// runs the gRPC server with health checking, reflection, Prometheus metrics,
// keepalive and connection-age limits.
class GatewayServer {
 public:
  static absl::StatusOr<std::unique_ptr<GatewayServer>> Start(
      const GatewayConfig& config);

  ~GatewayServer();

  // The port the gRPC server listens on (the chosen one when configured as
  // 0), and the metrics port (0 when metrics are off).
  int port() const { return port_; }
  int metrics_port() const {
    return metrics_endpoint_ == nullptr ? 0 : metrics_endpoint_->port();
  }

  // Serves /metrics on the calling thread until `stop_fd` is readable (the
  // gateway's main thread, with a signalfd for SIGTERM); without a metrics
  // address it only waits.
  void ServeMetricsUntilReadable(int stop_fd);

  // The graceful stop: health goes NOT_SERVING at once; after `delay` new
  // calls are refused and calls in flight get `grace` to finish; the rest
  // are cancelled, and the upstream transport stops.
  void Drain(absl::Duration delay, absl::Duration grace);

 private:
  GatewayServer() = default;

  std::shared_ptr<PrometheusMetrics> metrics_;
  std::unique_ptr<MetricsEndpoint> metrics_endpoint_;
  std::shared_ptr<CurlMultiTransport> transport_;
  std::shared_ptr<AlarmTimer> timer_;
  std::unique_ptr<PayoutGatewayServiceImpl> service_;
  std::unique_ptr<ReflectionService> reflection_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  bool drained_ = false;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_SERVER_GATEWAY_SERVER_H_
