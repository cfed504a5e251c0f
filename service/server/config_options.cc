#include "server/config_options.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "rest/curl_multi_transport.h"

namespace payout_gateway {
namespace {

absl::Status SetDuration(absl::Duration& out, const std::string& v,
                         bool allow_zero = false) {
  absl::Duration d;
  if (!absl::ParseDuration(v, &d) || d < absl::ZeroDuration() ||
      (d == absl::ZeroDuration() && !allow_zero)) {
    return absl::InvalidArgumentError(
        "must be a positive duration such as 500ms, 5s or 1m");
  }
  out = d;
  return absl::OkStatus();
}

template <typename Int>
absl::Status SetInt(Int& out, const std::string& v, Int min, Int max) {
  Int n = 0;
  if (!absl::SimpleAtoi(v, &n) || n < min || n > max) {
    return absl::InvalidArgumentError(
        absl::StrCat("must be an integer from ", min, " to ", max));
  }
  out = n;
  return absl::OkStatus();
}

absl::Status SetBool(bool& out, const std::string& v) {
  const std::string b = absl::AsciiStrToLower(v);
  if (b == "true" || b == "1" || b == "yes") {
    out = true;
  } else if (b == "false" || b == "0" || b == "no") {
    out = false;
  } else {
    return absl::InvalidArgumentError("must be true or false");
  }
  return absl::OkStatus();
}

// A path prefix such as /api: it is pasted into every upstream URL.
absl::Status SetPrefix(std::string& out, const std::string& v) {
  const absl::string_view prefix = absl::StripSuffix(v, "/");
  if (!prefix.empty() && prefix.front() != '/') {
    return absl::InvalidArgumentError("must start with /");
  }
  for (char c : prefix) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '/' &&
        c != '-' && c != '_' && c != '.') {
      return absl::InvalidArgumentError(
          "may contain only letters, digits, '/', '-', '_' and '.'");
    }
  }
  out = std::string(prefix);
  return absl::OkStatus();
}

#define STRING_SETTER(field)                                   \
  [](GatewayConfig& c, const std::string& v) -> absl::Status { \
    c.field = v;                                               \
    return absl::OkStatus();                                   \
  }

}  // namespace

const std::vector<ConfigOption>& ConfigOptions() {
  static const std::vector<ConfigOption> options = {
      // The gRPC listener and what it serves.
      {"listen", "PAYOUT_GATEWAY_LISTEN", "0.0.0.0:50051",
       "gRPC listen address host:port; port 0 picks a free port",
       STRING_SETTER(listen_address)},
      {"tls_cert_file", "PAYOUT_GATEWAY_TLS_CERT_FILE", "",
       "PEM certificate chain of the gRPC listener (TLS); reloaded when it "
       "changes",
       STRING_SETTER(tls.cert_file)},
      {"tls_key_file", "PAYOUT_GATEWAY_TLS_KEY_FILE", "",
       "PEM private key of that certificate; must not be readable by others",
       STRING_SETTER(tls.key_file), SecretKind::kPrivateFile, "TLS key"},
      {"tls_client_ca_file", "PAYOUT_GATEWAY_TLS_CLIENT_CA_FILE", "",
       "CA bundle that client certificates must chain to; set: mTLS, every "
       "caller must present a certificate",
       STRING_SETTER(tls.client_ca_file)},
      {"plaintext", "PAYOUT_GATEWAY_PLAINTEXT", "false",
       "serve gRPC without TLS (development on loopback only); needed when "
       "no TLS certificate is set",
       [](GatewayConfig& c, const std::string& v) {
         return SetBool(c.tls.plaintext, v);
       },
       SecretKind::kNone, "", /*boolean=*/true},
      {"health_listen", "PAYOUT_GATEWAY_HEALTH_LISTEN", "0.0.0.0:8081",
       "plaintext port serving only grpc.health.v1.Health, for kubelet "
       "probes (port 0 picks one; empty: off)",
       STRING_SETTER(health_listen)},
      {"reflection", "PAYOUT_GATEWAY_REFLECTION", "false",
       "serve gRPC server reflection on the gRPC listener",
       [](GatewayConfig& c, const std::string& v) {
         return SetBool(c.reflection, v);
       },
       SecretKind::kNone, "", /*boolean=*/true},
      // Who may do what.
      {"payout_policy_file", "PAYOUT_GATEWAY_PAYOUT_POLICY_FILE", "",
       "payout policy per caller (RPCs, services, currencies, modes, largest "
       "amounts), reloaded when it changes; set: unknown callers are denied",
       STRING_SETTER(access.payout_policy_file)},
      {"audit_log", "PAYOUT_GATEWAY_AUDIT_LOG", "-",
       "where the audit records of creates and processes go: - for standard "
       "output, or a file to append to",
       STRING_SETTER(access.audit_log)},
      {"reload_interval", "PAYOUT_GATEWAY_RELOAD_INTERVAL", "10s",
       "how often certificate and policy files are checked for changes",
       [](GatewayConfig& c, const std::string& v) {
         absl::Status s = SetDuration(c.reload_interval, v);
         if (s.ok() && c.reload_interval < absl::Seconds(1)) {
           return absl::InvalidArgumentError("must be at least 1s");
         }
         return s;
       }},
      // The upstream.
      {"upstream_url", "PAYOUT_GATEWAY_UPSTREAM_URL", "(required)",
       "Corefy base URL, scheme and host, e.g. https://api.corefy.com",
       STRING_SETTER(upstream.base_url)},
      {"allow_insecure_upstream", "PAYOUT_GATEWAY_ALLOW_INSECURE_UPSTREAM",
       "false",
       "accept an http:// upstream on a host other than loopback (the API "
       "key would cross the network in cleartext)",
       [](GatewayConfig& c, const std::string& v) {
         return SetBool(c.allow_insecure_upstream, v);
       },
       SecretKind::kNone, "", /*boolean=*/true},
      {"upstream_proxy", "PAYOUT_GATEWAY_UPSTREAM_PROXY", "(none)",
       "HTTP proxy for upstream requests, e.g. http://proxy:3128; the "
       "http_proxy/https_proxy variables are ignored",
       STRING_SETTER(transport.proxy)},
      {"private_api_prefix", "PAYOUT_GATEWAY_PRIVATE_API_PREFIX", "/api",
       "path prefix of the private API (HTTP Basic)",
       [](GatewayConfig& c, const std::string& v) {
         return SetPrefix(c.upstream.private_api_prefix, v);
       }},
      {"public_api_prefix", "PAYOUT_GATEWAY_PUBLIC_API_PREFIX", "/public-api",
       "path prefix of the public API (public key in the body)",
       [](GatewayConfig& c, const std::string& v) {
         return SetPrefix(c.upstream.public_api_prefix, v);
       }},
      {"account_id", "PAYOUT_GATEWAY_ACCOUNT_ID", "(required)",
       "commerce account id (coma_...), the private API user name",
       STRING_SETTER(upstream.account_id)},
      {"", "PAYOUT_GATEWAY_API_KEY", "(required, or the _FILE form)",
       "private API key; environment only, never a flag",
       STRING_SETTER(upstream.api_key), SecretKind::kValue, "API key"},
      {"api_key_file", "PAYOUT_GATEWAY_API_KEY_FILE", "",
       "file holding the private API key (e.g. a mounted Secret)",
       STRING_SETTER(upstream.api_key), SecretKind::kFile, "API key"},
      {"", "PAYOUT_GATEWAY_PUBLIC_KEY", "(none: PayoutPrerequest disabled)",
       "public API key pk_...; environment only, never a flag",
       STRING_SETTER(upstream.public_key), SecretKind::kValue, "public key"},
      {"public_key_file", "PAYOUT_GATEWAY_PUBLIC_KEY_FILE", "",
       "file holding the public API key", STRING_SETTER(upstream.public_key),
       SecretKind::kFile, "public key"},
      {"upstream_timeout", "PAYOUT_GATEWAY_UPSTREAM_TIMEOUT", "30s",
       "longest one upstream request may take (the caller's deadline, if "
       "shorter, wins)",
       [](GatewayConfig& c, const std::string& v) {
         return SetDuration(c.transport.request_timeout, v);
       }},
      {"upstream_connect_timeout", "PAYOUT_GATEWAY_UPSTREAM_CONNECT_TIMEOUT",
       "5s", "longest a TCP + TLS connect to the upstream may take",
       [](GatewayConfig& c, const std::string& v) {
         return SetDuration(c.transport.connect_timeout, v);
       }},
      {"upstream_max_connections", "PAYOUT_GATEWAY_UPSTREAM_MAX_CONNECTIONS",
       "32",
       "upstream connections the process may open, split evenly over the "
       "event loops",
       [](GatewayConfig& c, const std::string& v) {
         return SetInt<long>(c.transport.max_connections, v, 1, 65536);
       }},
      {"event_loops", "PAYOUT_GATEWAY_EVENT_LOOPS", "0",
       "upstream event loops (threads, each with its own connection pool); 0: "
       "one per CPU the process may use, CPU quota included",
       [](GatewayConfig& c, const std::string& v) {
         return SetInt(c.transport.event_loops, v, 0,
                       CurlMultiTransport::kMaxEventLoops);
       }},
      {"upstream_ca_file", "PAYOUT_GATEWAY_UPSTREAM_CA_FILE", "(system store)",
       "CA bundle to verify the upstream's certificate",
       STRING_SETTER(transport.ca_file)},
      {"retry_max_attempts", "PAYOUT_GATEWAY_RETRY_MAX_ATTEMPTS", "4",
       "upstream attempts per step of a call, first one included (1: no "
       "retries)",
       [](GatewayConfig& c, const std::string& v) {
         return SetInt(c.retry.max_attempts, v, 1, 10);
       }},
      {"retry_initial_backoff", "PAYOUT_GATEWAY_RETRY_INITIAL_BACKOFF", "100ms",
       "upper bound of the first wait between attempts (full jitter)",
       [](GatewayConfig& c, const std::string& v) {
         return SetDuration(c.retry.initial_backoff, v);
       }},
      {"retry_max_backoff", "PAYOUT_GATEWAY_RETRY_MAX_BACKOFF", "2s",
       "cap of the exponentially growing wait between attempts",
       [](GatewayConfig& c, const std::string& v) {
         return SetDuration(c.retry.max_backoff, v);
       }},
      {"max_retry_after", "PAYOUT_GATEWAY_MAX_RETRY_AFTER", "10s",
       "longest wait an upstream Retry-After can ask of the gateway and of "
       "its callers",
       [](GatewayConfig& c, const std::string& v) {
         return SetDuration(c.retry.max_retry_after, v);
       }},
      {"retry_budget_tokens", "PAYOUT_GATEWAY_RETRY_BUDGET_TOKENS", "100",
       "retry throttling (gRFC A6): bucket size; retries stop below half",
       [](GatewayConfig& c, const std::string& v) {
         int n = 0;
         absl::Status s = SetInt(n, v, 1, 100000);
         c.retry.budget_max_tokens = n;
         return s;
       }},
      {"retry_budget_ratio", "PAYOUT_GATEWAY_RETRY_BUDGET_RATIO", "0.1",
       "retry throttling: tokens a successful attempt gives back",
       [](GatewayConfig& c, const std::string& v) {
         double r = 0;
         if (!absl::SimpleAtod(v, &r) || r <= 0 || r > 1) {
           return absl::InvalidArgumentError("must be a number in (0, 1]");
         }
         c.retry.budget_token_ratio = r;
         return absl::OkStatus();
       }},
      {"signing_key_file", "PAYOUT_GATEWAY_SIGNING_KEY_FILE",
       "(derived from the API key)",
       "file holding the secret the gateway keys its page tokens and create "
       "fingerprints with; every replica needs the same one, and it must "
       "outlive API key rotations",
       STRING_SETTER(signing_key), SecretKind::kFile, "signing key"},
      // Limits.
      {"max_calls_in_flight", "PAYOUT_GATEWAY_MAX_CALLS_IN_FLIGHT", "10000",
       "calls the gateway works on at once; more are refused with "
       "RESOURCE_EXHAUSTED",
       [](GatewayConfig& c, const std::string& v) {
         return SetInt<int64_t>(c.admission.max_calls_in_flight, v, 1, 1000000);
       }},
      {"max_request_bytes_in_flight",
       "PAYOUT_GATEWAY_MAX_REQUEST_BYTES_IN_FLIGHT", "67108864",
       "bytes of request messages held by the calls in flight; more are "
       "refused with RESOURCE_EXHAUSTED",
       [](GatewayConfig& c, const std::string& v) {
         return SetInt<int64_t>(c.admission.max_request_bytes_in_flight, v,
                                1024, int64_t{1} << 34);
       }},
      {"max_request_bytes", "PAYOUT_GATEWAY_MAX_REQUEST_BYTES", "65536",
       "largest request message",
       [](GatewayConfig& c, const std::string& v) {
         return SetInt(c.max_request_bytes, v, 1024, 4 << 20);
       }},
      {"max_field_bytes", "PAYOUT_GATEWAY_MAX_FIELD_BYTES", "2048",
       "longest free-text field, map key or map value of a request",
       [](GatewayConfig& c, const std::string& v) {
         return SetInt<std::size_t>(c.request_limits.max_field_bytes, v, 16,
                                    65536);
       }},
      {"max_map_entries", "PAYOUT_GATEWAY_MAX_MAP_ENTRIES", "64",
       "most entries in one map of a request (fields, metadata, ...)",
       [](GatewayConfig& c, const std::string& v) {
         return SetInt(c.request_limits.max_map_entries, v, 1, 10000);
       }},
      {"max_message_bytes", "PAYOUT_GATEWAY_MAX_MESSAGE_BYTES", "4194304",
       "largest response message",
       [](GatewayConfig& c, const std::string& v) {
         return SetInt(c.max_message_bytes, v, 1024, 64 << 20);
       }},
      {"max_concurrent_streams", "PAYOUT_GATEWAY_MAX_CONCURRENT_STREAMS",
       "1000", "calls one client connection may have open at once",
       [](GatewayConfig& c, const std::string& v) {
         return SetInt(c.max_concurrent_streams, v, 1, 100000);
       }},
      // Operations.
      {"metrics_listen", "PAYOUT_GATEWAY_METRICS_LISTEN", "0.0.0.0:9090",
       "Prometheus /metrics address host:port (port 0 picks one; empty: off)",
       STRING_SETTER(metrics_listen)},
      {"callback_listen", "PAYOUT_GATEWAY_CALLBACK_LISTEN", "(off)",
       "HOST:PORT where Corefy POSTs its signed status callbacks "
       "(/corefy/callbacks); needs the callback secret",
       STRING_SETTER(callback_listen)},
      {"", "PAYOUT_GATEWAY_CALLBACK_SECRET", "(none)",
       "the secret Corefy signs callbacks with; environment only, never a "
       "flag",
       STRING_SETTER(callback_secret), SecretKind::kValue, "callback secret"},
      {"callback_secret_file", "PAYOUT_GATEWAY_CALLBACK_SECRET_FILE", "",
       "file holding the callback secret", STRING_SETTER(callback_secret),
       SecretKind::kFile, "callback secret"},
      {"callback_max_body_bytes", "PAYOUT_GATEWAY_CALLBACK_MAX_BODY_BYTES",
       "1048576", "largest callback body read; larger ones are refused (413)",
       [](GatewayConfig& c, const std::string& v) {
         return SetInt<std::size_t>(c.callback_max_body_bytes, v, 1024,
                                    std::size_t{16} << 20);
       }},
      {"event_bus", "PAYOUT_GATEWAY_EVENT_BUS", "(in-process)",
       "the event bus replicas share: redis://[USER@]HOST:PORT (Redis 7); "
       "unset: in memory, for a single replica",
       STRING_SETTER(event_bus)},
      {"event_bus_password_file", "PAYOUT_GATEWAY_EVENT_BUS_PASSWORD_FILE", "",
       "file holding the event bus's password",
       STRING_SETTER(event_bus_password), SecretKind::kFile,
       "event bus password"},
      {"event_retention", "PAYOUT_GATEWAY_EVENT_RETENTION", "100000",
       "how many payout events the event bus keeps for StreamPayoutEvents "
       "consumers that resume",
       [](GatewayConfig& c, const std::string& v) {
         return SetInt<std::size_t>(c.event_retention, v, 100, 10000000);
       }},
      {"watch_poll_after", "PAYOUT_GATEWAY_WATCH_POLL_AFTER", "30s",
       "a WatchPayoutInvoice stream that hears no change for this long reads "
       "the invoice from Corefy, then at doubling intervals",
       [](GatewayConfig& c, const std::string& v) {
         return SetDuration(c.watch.poll_after, v);
       }},
      {"max_open_streams", "PAYOUT_GATEWAY_MAX_OPEN_STREAMS", "10000",
       "watches and event streams open at once (about 24 kB each); more are "
       "refused with RESOURCE_EXHAUSTED",
       [](GatewayConfig& c, const std::string& v) {
         return SetInt(c.max_open_streams, v, 1, 1000000);
       }},
      {"watch_max_poll_interval", "PAYOUT_GATEWAY_WATCH_MAX_POLL_INTERVAL",
       "5m", "the longest interval between a watch's reads from Corefy",
       [](GatewayConfig& c, const std::string& v) {
         return SetDuration(c.watch.max_poll_interval, v);
       }},
      {"drain_delay", "PAYOUT_GATEWAY_DRAIN_DELAY", "0s",
       "on SIGTERM, how long to report NOT_SERVING while still serving, so "
       "load balancers move away before new calls are refused",
       [](GatewayConfig& c, const std::string& v) {
         return SetDuration(c.drain_delay, v, /*allow_zero=*/true);
       }},
      {"shutdown_grace", "PAYOUT_GATEWAY_SHUTDOWN_GRACE", "10s",
       "after the drain delay, how long calls in flight may take to finish",
       [](GatewayConfig& c, const std::string& v) {
         return SetDuration(c.shutdown_grace, v);
       }},
      {"max_connection_age", "PAYOUT_GATEWAY_MAX_CONNECTION_AGE", "5m",
       "close client connections after this age so clients rebalance "
       "(gRFC A9)",
       [](GatewayConfig& c, const std::string& v) {
         return SetDuration(c.max_connection_age, v);
       }},
      {"max_connection_age_grace", "PAYOUT_GATEWAY_MAX_CONNECTION_AGE_GRACE",
       "1m", "time calls on an aged connection get to finish",
       [](GatewayConfig& c, const std::string& v) {
         return SetDuration(c.max_connection_age_grace, v);
       }},
      {"keepalive_time", "PAYOUT_GATEWAY_KEEPALIVE_TIME", "1m",
       "interval of the server's HTTP/2 keepalive pings",
       [](GatewayConfig& c, const std::string& v) {
         return SetDuration(c.keepalive_time, v);
       }},
      {"keepalive_timeout", "PAYOUT_GATEWAY_KEEPALIVE_TIMEOUT", "20s",
       "how long a keepalive ping may go unanswered before the connection "
       "is closed",
       [](GatewayConfig& c, const std::string& v) {
         return SetDuration(c.keepalive_timeout, v);
       }},
      {"log_level", "PAYOUT_GATEWAY_LOG_LEVEL", "info",
       "least severe log level written: debug, info, warning or error",
       [](GatewayConfig& c, const std::string& v) {
         std::string level = absl::AsciiStrToLower(v);
         if (level != "debug" && level != "info" && level != "warning" &&
             level != "error") {
           return absl::InvalidArgumentError(
               "must be debug, info, warning or error");
         }
         c.log_level = level;
         return absl::OkStatus();
       }},
  };
  return options;
}

#undef STRING_SETTER

}  // namespace payout_gateway
