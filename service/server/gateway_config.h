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
  absl::Duration shutdown_grace = absl::Seconds(10);
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
