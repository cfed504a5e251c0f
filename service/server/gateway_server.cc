#include "server/gateway_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include <utility>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "connection/payout_connection_impl.h"

namespace payout_gateway {

absl::StatusOr<std::unique_ptr<GatewayServer>> GatewayServer::Start(
    const GatewayConfig& config) {
  auto transport = CurlMultiTransport::Create(config.transport);
  if (!transport.ok()) return transport.status();

  std::unique_ptr<GatewayServer> server(new GatewayServer);
  server->transport_ = *std::move(transport);
  server->timer_ = std::make_shared<ThreadTimer>();

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
  server->service_ = std::make_unique<PayoutGatewayServiceImpl>(
      std::make_shared<PayoutConnectionImpl>(std::move(deps)));

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(config.listen_address,
                           grpc::InsecureServerCredentials(), &server->port_);
  builder.RegisterService(server->service_.get());
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", config.listen_address));
  }
  return server;
}

GatewayServer::~GatewayServer() { Shutdown(absl::ZeroDuration()); }

void GatewayServer::Shutdown(absl::Duration grace) {
  if (shut_down_) return;
  shut_down_ = true;
  if (server_ != nullptr) {
    // Calls still running at the deadline are cancelled; their upstream
    // requests are aborted through OnCancel, so this returns promptly.
    server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
    server_->Wait();
  }
  // Sleeping retries wake at once and finish; then in-flight transfers are
  // cancelled and the transport stops.
  timer_.reset();
  transport_.reset();
}

}  // namespace payout_gateway
