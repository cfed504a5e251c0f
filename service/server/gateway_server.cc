#include "server/gateway_server.h"

#include <grpcpp/health_check_service_interface.h>
#include <poll.h>

#include <cerrno>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "connection/payout_connection_impl.h"

namespace payout_gateway {
namespace {

constexpr char kServiceName[] = "corefy.payout.v1.PayoutGatewayService";

int Millis(absl::Duration d) {
  return static_cast<int>(absl::ToInt64Milliseconds(d));
}

void ApplyConnectionSettings(const GatewayConfig& c, grpc::ServerBuilder& b) {
  b.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                       Millis(c.max_connection_age));
  b.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                       Millis(c.max_connection_age_grace));
  b.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, Millis(c.keepalive_time));
  b.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                       Millis(c.keepalive_timeout));
  // Let clients ping as often as every 10 s, also between calls, without
  // being told off (GOAWAY too_many_pings).
  b.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                       10000);
  b.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  b.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                       c.max_concurrent_streams);
  b.SetMaxReceiveMessageSize(c.max_message_bytes);
  b.SetMaxSendMessageSize(c.max_message_bytes);
}

}  // namespace

absl::StatusOr<std::unique_ptr<GatewayServer>> GatewayServer::Start(
    const GatewayConfig& config) {
  std::unique_ptr<GatewayServer> server(new GatewayServer);
  server->metrics_ = std::make_shared<PrometheusMetrics>();
  if (!config.metrics_listen.empty()) {
    auto endpoint = MetricsEndpoint::Listen(
        config.metrics_listen,
        [metrics = server->metrics_] { return metrics->Serialize(); });
    if (!endpoint.ok()) return endpoint.status();
    server->metrics_endpoint_ = *std::move(endpoint);
  }

  auto transport = CurlMultiTransport::Create(config.transport);
  if (!transport.ok()) return transport.status();
  server->transport_ = *std::move(transport);
  server->timer_ = std::make_shared<AlarmTimer>();

  UpstreamDeps deps;
  deps.transport = server->transport_;
  deps.timer = server->timer_;
  deps.clock = [] { return absl::Now(); };
  deps.jitter = [] {
    thread_local absl::BitGen gen;
    return absl::Uniform(gen, 0.0, 1.0);
  };
  deps.upstream = config.upstream;
  deps.retry = config.retry;
  deps.budget = std::make_shared<RetryBudget>(config.retry.budget_max_tokens,
                                              config.retry.budget_token_ratio);
  deps.metrics = server->metrics_;
  server->metrics_->RetryBudget(deps.budget->tokens());
  server->service_ = std::make_unique<PayoutGatewayServiceImpl>(
      std::make_shared<PayoutConnectionImpl>(std::move(deps)),
      server->metrics_);

  grpc::EnableDefaultHealthCheckService(true);
  server->reflection_ = std::make_unique<ReflectionService>(
      std::vector<std::string>{kServiceName, "grpc.health.v1.Health",
                               "grpc.reflection.v1alpha.ServerReflection"});
  grpc::ServerBuilder builder;
  builder.AddListeningPort(config.listen_address,
                           grpc::InsecureServerCredentials(), &server->port_);
  ApplyConnectionSettings(config, builder);
  builder.RegisterService(server->service_.get());
  builder.RegisterService(server->reflection_.get());
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", config.listen_address));
  }
  // Ready: the overall status and the payout service's.
  auto* health = server->server_->GetHealthCheckService();
  health->SetServingStatus(true);
  health->SetServingStatus(kServiceName, true);
  return server;
}

void GatewayServer::ServeMetricsUntilReadable(int stop_fd) {
  if (metrics_endpoint_ != nullptr) {
    metrics_endpoint_->ServeUntilReadable(stop_fd);
    return;
  }
  pollfd stop{stop_fd, POLLIN, 0};
  while (poll(&stop, 1, -1) < 0 && errno == EINTR) {
  }
}

GatewayServer::~GatewayServer() {
  Drain(absl::ZeroDuration(), absl::ZeroDuration());
}

void GatewayServer::Drain(absl::Duration delay, absl::Duration grace) {
  if (drained_) return;
  drained_ = true;
  if (server_ != nullptr) {
    server_->GetHealthCheckService()->SetServingStatus(false);
    if (delay > absl::ZeroDuration()) {
      LogEvent(
          Severity::kInfo, "drain",
          {{"phase", "not_serving"},
           {"delay_ms", std::to_string(absl::ToInt64Milliseconds(delay))}});
      absl::SleepFor(delay);
    }
    // New calls are refused from here; calls still running at the deadline
    // are cancelled, their upstream requests aborted through OnCancel.
    server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
    server_->Wait();
  }
  // Sleeping retries wake at once and finish; then in-flight transfers are
  // cancelled and the transport stops.
  timer_.reset();
  transport_.reset();
}

}  // namespace payout_gateway
