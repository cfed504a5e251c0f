#include "server/gateway_server.h"

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/health_check_service_interface.h>
#include <poll.h>
#include <pthread.h>

#include <algorithm>
#include <cerrno>
#include <thread>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "access/attribution_connection.h"
#include "access/policy_connection.h"
#include "audit/auditing_connection.h"
#include "common/error_details.h"
#include "common/log.h"
#include "connection/page_token.h"
#include "connection/payout_connection_impl.h"
#include "events/callback_receiver.h"
#include "events/in_process_event_bus.h"
#include "events/redis_event_bus.h"
#include "server/listener_credentials.h"

namespace payout_gateway {
namespace {

constexpr char kServiceName[] = "corefy.payout.v1.PayoutGatewayService";

int Millis(absl::Duration d) {
  return static_cast<int>(absl::ToInt64Milliseconds(d));
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  return SystemConfigSources().read_file(path);
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
  // Requests are small; a message of megabytes is refused by gRPC before
  // it is parsed, and never reaches the gateway's memory accounting.
  b.SetMaxReceiveMessageSize(c.max_request_bytes);
  b.SetMaxSendMessageSize(c.max_message_bytes);
}

// Reports a policy file read again after a change: metric and log line.
// `error` is why it was refused (the last good one stays in force).
void ReportReload(PrometheusMetrics& metrics, absl::string_view policy,
                  const absl::Status& error) {
  metrics.PolicyReload(policy, error.ok());
  if (error.ok()) {
    LogEvent(Severity::kInfo, "policy_reloaded",
             {{"policy", std::string(policy)}});
  } else {
    LogEvent(Severity::kError, "policy_rejected",
             {{"policy", std::string(policy)},
              {"error", std::string(error.message())},
              {"in_force", "the last good policy"}});
  }
}

}  // namespace

// Without callbacks the bus stays empty and watches read Corefy.
absl::Status GatewayServer::StartEventBus(const GatewayConfig& config) {
  if (config.event_bus.empty()) {
    event_bus_ = std::make_shared<InProcessEventBus>(config.event_retention);
    return absl::OkStatus();
  }
  RedisEventBusOptions options;
  options.address = *ParseRedisUrl(config.event_bus);  // checked in config
  options.address.password = config.event_bus_password;
  options.account_id = config.upstream.account_id;
  options.max_events = config.event_retention;
  auto bus = RedisEventBus::Connect(std::move(options));
  if (!bus.ok()) {
    return absl::UnavailableError(
        absl::StrCat("--event_bus: ", bus.status().message()));
  }
  event_bus_ = *std::move(bus);
  return absl::OkStatus();
}

absl::Status GatewayServer::StartHttp(const GatewayConfig& config) {
  if (!config.metrics_listen.empty()) {
    HttpEndpoint::Options options;
    options.listen = config.metrics_listen;
    options.threads = 1;  // one scraper at a time is plenty
    auto endpoint = HttpEndpoint::Start(
        options, {{"/metrics",
                   [metrics = metrics_](const HttpEndpoint::Request& request) {
                     HttpEndpoint::Response response;
                     if (request.method != "GET") {
                       response.status = 405;
                       return response;
                     }
                     response.content_type =
                         "text/plain; version=0.0.4; charset=utf-8";
                     response.body = metrics->Serialize();
                     return response;
                   }}});
    if (!endpoint.ok()) {
      return absl::Status(
          endpoint.status().code(),
          absl::StrCat("--metrics_listen: ", endpoint.status().message()));
    }
    metrics_endpoint_ = *std::move(endpoint);
  }
  if (config.callback_listen.empty()) return absl::OkStatus();
  auto receiver = std::make_shared<CallbackReceiver>(
      config.callback_secret, event_bus_, metrics_, [] { return absl::Now(); });
  HttpEndpoint::Options options;
  options.listen = config.callback_listen;
  options.threads = 4;
  options.max_body_bytes = config.callback_max_body_bytes;
  auto endpoint = HttpEndpoint::Start(
      options,
      {{"/corefy/callbacks", [receiver](const HttpEndpoint::Request& request) {
          HttpEndpoint::Response response;
          if (request.method != "POST") {
            response.status = 405;
            return response;
          }
          CallbackRequest callback;
          callback.content_type = request.Header("Content-Type");
          callback.signature = request.Header("X-Signature");
          callback.body = request.body;
          callback.too_large = request.too_large;
          CallbackAnswer answer = receiver->Receive(callback);
          response.status = answer.status;
          response.body = std::move(answer.body);
          return response;
        }}});
  if (!endpoint.ok()) {
    return absl::Status(
        endpoint.status().code(),
        absl::StrCat("--callback_listen: ", endpoint.status().message()));
  }
  callback_endpoint_ = *std::move(endpoint);
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<GatewayServer>> GatewayServer::Start(
    const GatewayConfig& config) {
  std::unique_ptr<GatewayServer> server(new GatewayServer);
  server->metrics_ = std::make_shared<PrometheusMetrics>();
  if (auto s = server->StartEventBus(config); !s.ok()) return s;
  if (auto s = server->StartHttp(config); !s.ok()) return s;
  server->watcher_ =
      std::make_unique<FileWatcher>(config.reload_interval, ReadFile);
  if (auto s = server->StartService(config); !s.ok()) return s;
  if (auto s = server->StartGrpc(config); !s.ok()) return s;
  if (auto s = server->StartHealth(config); !s.ok()) return s;
  server->watcher_->Start();
  server->SetServing(true);
  return server;
}

absl::Status GatewayServer::StartService(const GatewayConfig& config) {
  auto transport = CurlMultiTransport::Create(config.transport);
  if (!transport.ok()) return transport.status();
  transport_ = *std::move(transport);
  timer_ = std::make_shared<AlarmTimer>();

  UpstreamDeps deps;
  deps.transport = transport_;
  deps.timer = timer_;
  deps.clock = [] { return absl::Now(); };
  deps.jitter = [] {
    thread_local absl::BitGen gen;
    return absl::Uniform(gen, 0.0, 1.0);
  };
  deps.upstream = config.upstream;
  deps.request_timeout = config.transport.request_timeout;
  deps.retry = config.retry;
  deps.budget = std::make_shared<RetryBudget>(config.retry.budget_max_tokens,
                                              config.retry.budget_token_ratio);
  deps.metrics = metrics_;
  metrics_->RetryBudget(deps.budget->tokens());

  // Without a signing key of its own the gateway keys its page tokens and
  // request fingerprints with the API key, which every replica shares and
  // which outlives restarts.
  const std::string& signing_key =
      config.signing_key.empty() ? config.upstream.api_key : config.signing_key;
  // Outermost first: audit sees what the caller sees, the policy decides
  // before anything is attributed or sent.
  std::shared_ptr<PayoutConnection> connection =
      std::make_shared<AttributionConnection>(
          std::make_shared<PayoutConnectionImpl>(std::move(deps), signing_key));
  auto with_policy = WithPolicy(config, std::move(connection));
  if (!with_policy.ok()) return with_policy.status();
  auto audit_log = AuditLog::Open(config.access.audit_log, metrics_);
  if (!audit_log.ok()) return audit_log.status();
  connection = std::make_shared<AuditingConnection>(
      *std::move(with_policy),
      std::shared_ptr<AuditLog>(*std::move(audit_log)));

  PayoutServiceOptions options;
  options.metrics = metrics_;
  options.limits = config.request_limits;
  options.admission = config.admission;
  options.events = event_bus_;
  options.timer = timer_;
  options.authorize = StreamAuthorizer();
  options.watch = config.watch;
  options.max_open_streams = config.max_open_streams;
  service_ = std::make_unique<PayoutGatewayServiceImpl>(std::move(connection),
                                                        std::move(options));
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<PayoutConnection>> GatewayServer::WithPolicy(
    const GatewayConfig& config, std::shared_ptr<PayoutConnection> inner) {
  const std::string& path = config.access.payout_policy_file;
  if (path.empty()) return inner;
  auto text = ReadFile(path);
  if (!text.ok()) {
    return absl::InvalidArgumentError(
        "--payout_policy_file: cannot read the file");
  }
  auto policy = ParsePayoutPolicy(*text);
  if (!policy.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--payout_policy_file: ", policy.status().message()));
  }
  policy_ = std::make_shared<PolicyStore>(*std::move(policy));
  watcher_->Watch(path, *text,
                  [store = policy_, metrics = metrics_](
                      const absl::StatusOr<std::string>& content) {
                    ReportReload(*metrics, "payout",
                                 content.ok() ? store->Replace(*content)
                                              : content.status());
                  });
  return std::make_shared<PolicyConnection>(std::move(inner), policy_,
                                            metrics_);
}

RpcAuthorizer GatewayServer::StreamAuthorizer() const {
  if (policy_ == nullptr) return nullptr;  // everyone, as for unary calls
  return [store = policy_, metrics = metrics_](const CallContext& ctx,
                                               absl::string_view rpc) {
    std::shared_ptr<const PayoutPolicy> policy = store->Current();
    absl::Status status =
        CheckCaller(policy->Find(ctx.caller()), ctx.caller(), rpc);
    if (!status.ok()) {
      auto info = GetErrorInfo(status);
      metrics->PolicyDenied(info.has_value() ? info->reason() : "");
    }
    return status;
  };
}

absl::Status GatewayServer::StartGrpc(const GatewayConfig& config) {
  auto credentials = ListenerCredentials(config.tls, config.reload_interval);
  if (!credentials.ok()) return credentials.status();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(config.listen_address, *credentials, &port_);
  ApplyConnectionSettings(config, builder);
  builder.RegisterService(service_.get());
  if (config.reflection) {
    reflection_ = std::make_unique<ReflectionService>(
        std::vector<std::string>{kServiceName, "grpc.health.v1.Health",
                                 "grpc.reflection.v1alpha.ServerReflection"});
    builder.RegisterService(reflection_.get());
  }
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", config.listen_address));
  }
  return absl::OkStatus();
}

// Kubernetes' gRPC probes present no client certificate (and on many
// versions speak no TLS): a second server, plaintext, with nothing but
// grpc.health.v1.Health.
absl::Status GatewayServer::StartHealth(const GatewayConfig& config) {
  if (config.health_listen.empty()) return absl::OkStatus();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(config.health_listen,
                           grpc::InsecureServerCredentials(), &health_port_);
  builder.SetMaxReceiveMessageSize(4096);
  // gRPC will not start a server without a callback method to poll for; the
  // generic service answers UNIMPLEMENTED to any method but the health
  // service's.
  builder.RegisterCallbackGenericService(&unimplemented_);
  health_server_ = builder.BuildAndStart();
  if (health_server_ == nullptr || health_port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", config.health_listen));
  }
  return absl::OkStatus();
}

void GatewayServer::SetServing(bool serving) {
  for (grpc::Server* s : {server_.get(), health_server_.get()}) {
    if (s == nullptr) continue;
    // The overall status and the payout service's.
    s->GetHealthCheckService()->SetServingStatus(serving);
    s->GetHealthCheckService()->SetServingStatus(kServiceName, serving);
  }
}

GatewayServer::~GatewayServer() {
  Drain(absl::ZeroDuration(), absl::ZeroDuration());
}

// New calls are refused from here: gRPC sends GOAWAY (clients move to
// another replica), and a call that still arrives gets GATEWAY_DRAINING with
// ACTION_RETRY. Calls in flight get the grace period to finish; shortly
// before it ends the gateway cancels the rest itself, so each finishes with
// the details and hint of how far it got (a create that may have reached
// Corefy says CHECK_STATUS_THEN_RETRY) instead of gRPC's bare UNAVAILABLE.
void GatewayServer::EndCalls(absl::Duration grace) {
  const absl::Time end = absl::Now() + grace;
  service_->StartDraining();
  std::thread shutdown([this, end] {
    pthread_setname_np(pthread_self(), "grpc-shutdown");
    server_->Shutdown(absl::ToChronoTime(end));
  });
  // What the cancelled calls need to finish: abort, classify, reply.
  const absl::Duration margin = std::min(grace / 4, absl::Seconds(1));
  if (!service_->AwaitCalls(end - margin)) {
    const int cancelled = service_->CancelCalls();
    LogEvent(Severity::kWarning, "drain",
             {{"phase", "cancelling"}, {"calls", std::to_string(cancelled)}});
  }
  shutdown.join();
  server_->Wait();
}

void GatewayServer::Drain(absl::Duration delay, absl::Duration grace) {
  if (drained_) return;
  drained_ = true;
  SetServing(false);
  if (server_ != nullptr) {
    if (delay > absl::ZeroDuration()) {
      LogEvent(
          Severity::kInfo, "drain",
          {{"phase", "not_serving"},
           {"delay_ms", std::to_string(absl::ToInt64Milliseconds(delay))}});
      absl::SleepFor(delay);
    }
    EndCalls(grace);
  }
  // Probes keep their answer (NOT_SERVING) until the end.
  if (health_server_ != nullptr) {
    health_server_->Shutdown(absl::ToChronoTime(absl::Now()));
    health_server_->Wait();
  }
  // Sleeping retries wake at once and finish; then in-flight transfers are
  // cancelled and the transport stops.
  timer_.reset();
  transport_.reset();
}

}  // namespace payout_gateway
