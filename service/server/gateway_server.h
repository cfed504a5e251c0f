#ifndef PAYOUT_GATEWAY_SERVER_GATEWAY_SERVER_H_
#define PAYOUT_GATEWAY_SERVER_GATEWAY_SERVER_H_

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/grpcpp.h>

#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "access/policy_store.h"
#include "audit/audit_log.h"
#include "events/event_bus.h"
#include "grpc/alarm_timer.h"
#include "grpc/payout_gateway_service_impl.h"
#include "rest/curl_multi_transport.h"
#include "server/file_watcher.h"
#include "server/gateway_config.h"
#include "server/http_endpoint.h"
#include "server/prometheus_metrics.h"
#include "server/reflection_service.h"

namespace payout_gateway {

// Wires the layers together -- transport, connection, the policy, audit and
// attribution decorators, the gRPC service -- and runs the gRPC server (TLS
// or mTLS, keepalive and connection-age limits), a plaintext health port,
// reflection when asked for, and Prometheus metrics. Certificate and policy
// files are watched for changes.
class GatewayServer {
 public:
  static absl::StatusOr<std::unique_ptr<GatewayServer>> Start(
      const GatewayConfig& config);

  ~GatewayServer();

  // The ports the servers listen on (the chosen ones when configured as 0);
  // 0 for a server that is off.
  int port() const { return port_; }
  int health_port() const { return health_port_; }
  int metrics_port() const {
    return metrics_endpoint_ == nullptr ? 0 : metrics_endpoint_->port();
  }
  int callback_port() const {
    return callback_endpoint_ == nullptr ? 0 : callback_endpoint_->port();
  }
  // The upstream event loops running (see --event_loops).
  int event_loops() const { return transport_->event_loops(); }

  // The graceful stop: health goes NOT_SERVING at once; after `delay` new
  // calls are refused and calls in flight get `grace` to finish; the rest
  // are ended by the gateway with the hint their state calls for, and the
  // upstream transport stops.
  void Drain(absl::Duration delay, absl::Duration grace);

 private:
  GatewayServer() = default;

  // The event bus: Redis when configured, else in memory.
  absl::Status StartEventBus(const GatewayConfig& config);
  // The transport, the connection and its decorators, and the service.
  absl::Status StartService(const GatewayConfig& config);
  // The payout policy (when configured), loaded and watched.
  // /metrics, and the callback endpoint when configured.
  absl::Status StartHttp(const GatewayConfig& config);
  absl::StatusOr<std::shared_ptr<PayoutConnection>> WithPolicy(
      const GatewayConfig& config, std::shared_ptr<PayoutConnection> inner);
  // Who may open a stream: the payout policy's RPC lists, when there is a
  // policy.
  RpcAuthorizer StreamAuthorizer() const;
  absl::Status StartGrpc(const GatewayConfig& config);
  absl::Status StartHealth(const GatewayConfig& config);
  void SetServing(bool serving);
  void EndCalls(absl::Duration grace);

  std::shared_ptr<PrometheusMetrics> metrics_;
  std::unique_ptr<HttpEndpoint> metrics_endpoint_;
  // Verified callbacks go to the bus; a single replica's is in memory.
  std::shared_ptr<EventBus> event_bus_;
  std::unique_ptr<HttpEndpoint> callback_endpoint_;
  std::shared_ptr<CurlMultiTransport> transport_;
  std::shared_ptr<AlarmTimer> timer_;
  std::shared_ptr<PolicyStore> policy_;
  std::unique_ptr<FileWatcher> watcher_;
  std::unique_ptr<PayoutGatewayServiceImpl> service_;
  std::unique_ptr<ReflectionService> reflection_;
  std::unique_ptr<grpc::Server> server_;
  grpc::CallbackGenericService unimplemented_;
  std::unique_ptr<grpc::Server> health_server_;
  int port_ = 0;
  int health_port_ = 0;
  bool drained_ = false;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_SERVER_GATEWAY_SERVER_H_
