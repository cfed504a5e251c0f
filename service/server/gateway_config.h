#ifndef PAYOUT_GATEWAY_SERVER_GATEWAY_CONFIG_H_
#define PAYOUT_GATEWAY_SERVER_GATEWAY_CONFIG_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "connection/retry_options.h"
#include "connection/upstream_options.h"
#include "grpc/admission_control.h"
#include "grpc/request_validation.h"
#include "grpc/watch_options.h"
#include "rest/curl_multi_transport.h"

namespace payout_gateway {

// How the gRPC listener is secured. TLS (with certificates reloaded from
// the files as they change), mTLS when a client CA is set, or plaintext only
// when asked for explicitly.
struct ListenerSecurity {
  bool plaintext = false;
  std::string cert_file;       // PEM certificate chain
  std::string key_file;        // PEM private key
  std::string client_ca_file;  // set: client certificates are required
};

// Who may do what, and the record of who did.
struct AccessControl {
  // The payout policy per caller (services, currencies, modes, amounts).
  std::string payout_policy_file;
  // Where audit records go: "-" for standard output, or a file appended to.
  std::string audit_log = "-";
};

// Everything the gateway process is configured with.
struct GatewayConfig {
  std::string listen_address = "0.0.0.0:50051";
  // A plaintext port serving only grpc.health.v1.Health, for the kubelet's
  // probes (which present no client certificate); "" turns it off.
  std::string health_listen = "0.0.0.0:8081";
  bool reflection = false;
  ListenerSecurity tls;
  AccessControl access;
  // How often certificate and policy files are checked for changes.
  absl::Duration reload_interval = absl::Seconds(10);
  UpstreamOptions upstream;
  // A plain http:// upstream on a host other than loopback.
  bool allow_insecure_upstream = false;
  CurlTransportOptions transport;
  RetryOptions retry;
  RequestLimits request_limits;
  AdmissionLimits admission;
  // Largest request message gRPC accepts; larger ones are refused before
  // they reach the gateway.
  int max_request_bytes = 64 << 10;
  // The secret the gateway keys its HMACs with (page tokens, create
  // fingerprints); "" uses the API key, which every replica shares.
  std::string signing_key;
  // Prometheus text metrics on http://<metrics_listen>/metrics; "" disables.
  std::string metrics_listen = "0.0.0.0:9090";
  // Corefy's status callbacks, POSTed to
  // http://<callback_listen>/corefy/callbacks; "" disables. Needs
  // callback_secret, the key Corefy signs them with.
  std::string callback_listen;
  std::string callback_secret;
  std::size_t callback_max_body_bytes = std::size_t{1} << 20;
  // The bus the replicas share payout events on: "" keeps them in memory
  // (one replica); redis://[USER@]HOST:PORT a Redis stream.
  std::string event_bus;
  std::string event_bus_password;
  // Events the bus keeps for StreamPayoutEvents resumes.
  std::size_t event_retention = 100000;
  // When a WatchPayoutInvoice stream reads Corefy itself.
  WatchOptions watch;
  // Watches and event streams open at once.
  int max_open_streams = 10000;
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
  // Largest response message.
  int max_message_bytes = 4 << 20;
  int max_concurrent_streams = 1000;
  std::string log_level = "info";
  bool help = false;
  // Things that are allowed but worth an operator's look (a group-readable
  // key file, plaintext on a non-loopback address); main() logs them.
  std::vector<std::string> warnings;
};

// Where configuration comes from besides the command line; injectable so the
// parser is a pure function in tests.
struct ConfigSources {
  std::function<std::optional<std::string>(const std::string& name)> getenv;
  std::function<absl::StatusOr<std::string>(const std::string& path)> read_file;
  // The permission bits of a file (e.g. 0600).
  std::function<absl::StatusOr<uint32_t>(const std::string& path)> file_mode;
};

// The process environment and file system.
ConfigSources SystemConfigSources();

// Parses `args` (without the program name). Every setting is a flag
// `--name=value` (or `--name value`; a boolean flag alone means true) with
// an environment variable `PAYOUT_GATEWAY_NAME`; the flag wins. Secrets (the
// API key, the public key, the signing key) are never flags, because
// command lines are visible to every local user: they come from an
// environment variable or from a file named by a flag, the way a Kubernetes
// Secret is mounted. Such files must not be readable by other users. Errors
// name the flag or variable and never echo a secret, a secret file's name or
// its content.
absl::StatusOr<GatewayConfig> ParseGatewayConfig(
    const std::vector<std::string>& args, const ConfigSources& sources);

// The --help text: every flag, its variable, default and meaning.
std::string GatewayConfigUsage();

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_SERVER_GATEWAY_CONFIG_H_
