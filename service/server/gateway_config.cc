#include "server/gateway_config.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace payout_gateway {
namespace {

using Setter = absl::Status (*)(GatewayConfig&, const std::string& value);

// One configuration setting. `flag` is empty for the settings that may only
// come from the environment (secrets).
struct Option {
  const char* flag;
  const char* env;
  const char* default_text;
  const char* help;
  Setter set;
  // For the settings that carry a secret: its name ("API key"). A `_file`
  // flag of a secret names a file to read the secret from.
  const char* secret = "";
};

absl::Status Invalid(const Option& o, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(
      *o.flag != '\0' ? absl::StrCat("--", o.flag) : std::string(o.env), ": ",
      problem));
}

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

absl::Status SetInt(int& out, const std::string& v, int min, int max) {
  int n = 0;
  if (!absl::SimpleAtoi(v, &n) || n < min || n > max) {
    return absl::InvalidArgumentError(
        absl::StrCat("must be an integer from ", min, " to ", max));
  }
  out = n;
  return absl::OkStatus();
}

// The table of every setting, in --help order.
const std::vector<Option>& Options() {
  static const std::vector<Option> options = {
      {"listen", "PAYOUT_GATEWAY_LISTEN", "0.0.0.0:50051",
       "gRPC listen address host:port; port 0 picks a free port",
       [](GatewayConfig& c, const std::string& v) {
         c.listen_address = v;
         return absl::OkStatus();
       }},
      {"upstream_url", "PAYOUT_GATEWAY_UPSTREAM_URL", "(required)",
       "Corefy base URL, scheme and host, e.g. https://api.corefy.com",
       [](GatewayConfig& c, const std::string& v) {
         if (!absl::StartsWith(v, "https://") &&
             !absl::StartsWith(v, "http://")) {
           return absl::InvalidArgumentError(
               "must start with https:// (or http:// for a local sandbox)");
         }
         c.upstream.base_url = std::string(absl::StripSuffix(v, "/"));
         return absl::OkStatus();
       }},
      {"private_api_prefix", "PAYOUT_GATEWAY_PRIVATE_API_PREFIX", "/api",
       "path prefix of the private API (HTTP Basic)",
       [](GatewayConfig& c, const std::string& v) {
         c.upstream.private_api_prefix = std::string(absl::StripSuffix(v, "/"));
         return absl::OkStatus();
       }},
      {"public_api_prefix", "PAYOUT_GATEWAY_PUBLIC_API_PREFIX", "/public-api",
       "path prefix of the public API (public key in the body)",
       [](GatewayConfig& c, const std::string& v) {
         c.upstream.public_api_prefix = std::string(absl::StripSuffix(v, "/"));
         return absl::OkStatus();
       }},
      {"account_id", "PAYOUT_GATEWAY_ACCOUNT_ID", "(required)",
       "commerce account id (coma_...), the private API user name",
       [](GatewayConfig& c, const std::string& v) {
         c.upstream.account_id = v;
         return absl::OkStatus();
       }},
      {"", "PAYOUT_GATEWAY_API_KEY", "(required, or the _FILE form)",
       "private API key; environment only, never a flag",
       [](GatewayConfig& c, const std::string& v) {
         c.upstream.api_key = v;
         return absl::OkStatus();
       },
       "API key"},
      {"api_key_file", "PAYOUT_GATEWAY_API_KEY_FILE", "",
       "file holding the private API key (e.g. a mounted Secret)",
       [](GatewayConfig& c, const std::string& v) {
         c.upstream.api_key = v;  // the file's content
         return absl::OkStatus();
       },
       "API key"},
      {"", "PAYOUT_GATEWAY_PUBLIC_KEY", "(none: PayoutPrerequest disabled)",
       "public API key pk_...; environment only, never a flag",
       [](GatewayConfig& c, const std::string& v) {
         c.upstream.public_key = v;
         return absl::OkStatus();
       },
       "public key"},
      {"public_key_file", "PAYOUT_GATEWAY_PUBLIC_KEY_FILE", "",
       "file holding the public API key",
       [](GatewayConfig& c, const std::string& v) {
         c.upstream.public_key = v;  // the file's content
         return absl::OkStatus();
       },
       "public key"},
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
       "32", "size of the upstream connection pool",
       [](GatewayConfig& c, const std::string& v) {
         long n = 0;
         if (!absl::SimpleAtoi(v, &n) || n < 1 || n > 65536) {
           return absl::InvalidArgumentError(
               "must be an integer from 1 to 65536");
         }
         c.transport.max_connections = n;
         return absl::OkStatus();
       }},
      {"upstream_ca_file", "PAYOUT_GATEWAY_UPSTREAM_CA_FILE", "(system store)",
       "CA bundle to verify the upstream's certificate",
       [](GatewayConfig& c, const std::string& v) {
         c.transport.ca_file = v;
         return absl::OkStatus();
       }},
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
      {"metrics_listen", "PAYOUT_GATEWAY_METRICS_LISTEN", "0.0.0.0:9090",
       "Prometheus /metrics address host:port (port 0 picks one; empty: off)",
       [](GatewayConfig& c, const std::string& v) {
         c.metrics_listen = v;
         return absl::OkStatus();
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
      {"max_message_bytes", "PAYOUT_GATEWAY_MAX_MESSAGE_BYTES", "4194304",
       "largest request or response message",
       [](GatewayConfig& c, const std::string& v) {
         return SetInt(c.max_message_bytes, v, 1024, 64 << 20);
       }},
      {"max_concurrent_streams", "PAYOUT_GATEWAY_MAX_CONCURRENT_STREAMS",
       "1000", "calls one client connection may have open at once",
       [](GatewayConfig& c, const std::string& v) {
         return SetInt(c.max_concurrent_streams, v, 1, 100000);
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

bool IsSecretFileOption(const Option& o) {
  return *o.secret != '\0' && absl::EndsWith(o.flag, "_file");
}

// Collects `--name=value` / `--name value` pairs.
absl::StatusOr<std::map<std::string, std::string>> ParseFlags(
    const std::vector<std::string>& args, bool& help) {
  std::map<std::string, std::string> flags;
  for (std::size_t i = 0; i < args.size(); ++i) {
    absl::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      help = true;
      continue;
    }
    if (!absl::ConsumePrefix(&arg, "--")) {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected argument '", arg, "'; see --help"));
    }
    std::string name(arg.substr(0, arg.find('=')));
    bool known = false;
    for (const auto& o : Options()) known |= *o.flag != '\0' && name == o.flag;
    if (!known) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag --", name, "; see --help"));
    }
    if (auto eq = arg.find('='); eq != absl::string_view::npos) {
      flags[name] = std::string(arg.substr(eq + 1));
    } else if (i + 1 < args.size()) {
      flags[name] = args[++i];
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("--", name, ": missing value"));
    }
  }
  return flags;
}

// Reads a secret file: the content without trailing white space.
absl::StatusOr<std::string> ReadSecretFile(const Option& o,
                                           const std::string& path,
                                           const ConfigSources& sources) {
  auto content = sources.read_file(path);
  if (!content.ok()) {
    return Invalid(o, absl::StrCat("cannot read '", path, "'"));
  }
  std::string value(absl::StripTrailingAsciiWhitespace(*content));
  if (value.empty()) return Invalid(o, absl::StrCat("'", path, "' is empty"));
  return value;
}

absl::Status CheckRequired(const GatewayConfig& c) {
  if (c.upstream.base_url.empty()) {
    return absl::InvalidArgumentError(
        "--upstream_url (PAYOUT_GATEWAY_UPSTREAM_URL) is required");
  }
  if (c.upstream.account_id.empty()) {
    return absl::InvalidArgumentError(
        "--account_id (PAYOUT_GATEWAY_ACCOUNT_ID) is required");
  }
  if (c.upstream.api_key.empty()) {
    return absl::InvalidArgumentError(
        "the API key is required: set PAYOUT_GATEWAY_API_KEY or "
        "--api_key_file (PAYOUT_GATEWAY_API_KEY_FILE)");
  }
  if (c.listen_address.empty()) {
    return absl::InvalidArgumentError("--listen must not be empty");
  }
  return absl::OkStatus();
}

}  // namespace

ConfigSources SystemConfigSources() {
  ConfigSources sources;
  sources.getenv = [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
  sources.read_file =
      [](const std::string& path) -> absl::StatusOr<std::string> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return absl::NotFoundError("cannot open");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  };
  return sources;
}

absl::StatusOr<GatewayConfig> ParseGatewayConfig(
    const std::vector<std::string>& args, const ConfigSources& sources) {
  GatewayConfig config;
  auto flags = ParseFlags(args, config.help);
  if (!flags.ok()) return flags.status();
  if (config.help) return config;

  std::map<std::string, std::string> secret_origin;  // secret -> who set it
  for (const auto& o : Options()) {
    std::optional<std::string> value;
    if (*o.flag != '\0') {
      if (auto it = flags->find(o.flag); it != flags->end()) value = it->second;
    }
    if (!value.has_value()) value = sources.getenv(o.env);
    if (!value.has_value()) continue;
    if (IsSecretFileOption(o)) {
      auto secret = ReadSecretFile(o, *value, sources);
      if (!secret.ok()) return secret.status();
      value = *std::move(secret);
    }
    // A secret from both a variable and a file is a mistake worth stopping.
    if (*o.secret != '\0') {
      if (auto it = secret_origin.find(o.secret); it != secret_origin.end()) {
        return absl::InvalidArgumentError(
            absl::StrCat("the ", o.secret, " is set twice, by ", it->second,
                         " and by ", o.env, "; keep one"));
      }
      secret_origin[o.secret] = o.env;
    }
    if (absl::Status s = o.set(config, *value); !s.ok()) {
      return Invalid(o, s.message());
    }
  }
  if (absl::Status s = CheckRequired(config); !s.ok()) return s;
  return config;
}

std::string GatewayConfigUsage() {
  std::string out =
      "payout-gateway: a gRPC gateway to Corefy's payout API.\n\n"
      "Every flag has an environment variable; the flag wins.\n\n";
  for (const auto& o : Options()) {
    absl::StrAppend(
        &out, "  ",
        *o.flag != '\0' ? absl::StrCat("--", o.flag) : std::string("(no flag)"),
        "  [", o.env, "]\n      ", o.help);
    if (*o.default_text != '\0') {
      absl::StrAppend(&out, " (default: ", o.default_text, ")");
    }
    absl::StrAppend(&out, "\n");
  }
  return out;
}

}  // namespace payout_gateway
