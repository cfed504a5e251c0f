#ifndef PAYOUT_GATEWAY_SERVER_GATEWAY_CONFIG_H_
#define PAYOUT_GATEWAY_SERVER_GATEWAY_CONFIG_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "connection/retry_options.h"
#include "connection/upstream_options.h"
#include "rest/curl_multi_transport.h"

namespace payout_gateway {

// Everything the gateway process is configured with.
struct GatewayConfig {
  std::string listen_address = "0.0.0.0:50051";
  UpstreamOptions upstream;
  CurlTransportOptions transport;
  RetryOptions retry;
  // Prometheus text metrics on http://<metrics_listen>/metrics; "" disables.
  std::string metrics_listen = "0.0.0.0:9090";
  // On SIGTERM: NOT_SERVING for drain_delay while still serving (callers and
  // load balancers move away), then refuse new calls and give the calls in
  // flight shutdown_grace to finish.
  absl::Duration drain_delay = absl::ZeroDuration();
  absl::Duration shutdown_grace = absl::Seconds(10);
  // gRFC A9: close connections after this age (plus grace for calls on
  // them), so clients reconnect and spread over new replicas.
  absl::Duration max_connection_age = absl::Minutes(5);
  absl::Duration max_connection_age_grace = absl::Minutes(1);
  // Server-side HTTP/2 keepalive pings.
  absl::Duration keepalive_time = absl::Minutes(1);
  absl::Duration keepalive_timeout = absl::Seconds(20);
  int max_message_bytes = 4 << 20;
  int max_concurrent_streams = 1000;
  std::string log_level = "info";
  bool help = false;
};

// Where configuration comes from besides the command line; injectable so the
// parser is a pure function in tests.
struct ConfigSources {
  std::function<std::optional<std::string>(const std::string& name)> getenv;
  std::function<absl::StatusOr<std::string>(const std::string& path)> read_file;
};

// The process environment and file system.
ConfigSources SystemConfigSources();

// Parses `args` (without the program name). Every setting is a flag
// `--name=value` (or `--name value`) with an environment variable
// `PAYOUT_GATEWAY_NAME`; the flag wins. Secrets (the API key and public key)
// are never flags, because command lines are visible to every local user:
// they come from an environment variable or from a file named by a flag, the
// way a Kubernetes Secret is mounted. Errors name the flag or variable and
// never echo a secret.
absl::StatusOr<GatewayConfig> ParseGatewayConfig(
    const std::vector<std::string>& args, const ConfigSources& sources);

// The --help text: every flag, its variable, default and meaning.
std::string GatewayConfigUsage();

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_SERVER_GATEWAY_CONFIG_H_
