#include "server/gateway_config.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "events/redis_connection.h"
#include "server/config_options.h"
#include "server/upstream_url.h"

namespace payout_gateway {
namespace {

std::string NameOf(const ConfigOption& o) {
  return *o.flag != '\0' ? absl::StrCat("--", o.flag) : std::string(o.env);
}

absl::Status Invalid(const ConfigOption& o, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(NameOf(o), ": ", problem));
}

const ConfigOption* FindFlag(absl::string_view name) {
  for (const auto& o : ConfigOptions()) {
    if (*o.flag != '\0' && name == o.flag) return &o;
  }
  return nullptr;
}

// Collects `--name=value` / `--name value` pairs; a boolean flag alone
// means true.
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
    const ConfigOption* option = FindFlag(name);
    if (option == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag --", name, "; see --help"));
    }
    if (auto eq = arg.find('='); eq != absl::string_view::npos) {
      flags[name] = std::string(arg.substr(eq + 1));
    } else if (option->boolean) {
      flags[name] = "true";
    } else if (i + 1 < args.size()) {
      flags[name] = args[++i];
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("--", name, ": missing value"));
    }
  }
  return flags;
}

// A file that holds a secret must be private, the way ssh treats keys:
// readable by other users is refused; readable by the group is accepted
// with a warning, because Kubernetes mounts Secrets group-readable when the
// pod sets an fsGroup. Never names the file: a misplaced secret could be
// the "name".
absl::Status CheckPrivateFile(const ConfigOption& o, const std::string& path,
                              const ConfigSources& sources,
                              std::vector<std::string>& warnings) {
  auto mode = sources.file_mode(path);
  if (!mode.ok()) {
    return Invalid(o, absl::StrCat("cannot read the file it names (",
                                   mode.status().message(), ")"));
  }
  if (*mode & 0007) {
    return Invalid(
        o, absl::StrFormat("the file it names is open to other users (mode "
                           "%04o); make it 0600 or 0400",
                           *mode & 0777));
  }
  if (*mode & 0070) {
    warnings.push_back(absl::StrCat(
        NameOf(o),
        absl::StrFormat(": the file it names is readable by its group (mode "
                        "%04o); expected for a Kubernetes Secret mounted with "
                        "an fsGroup, otherwise make it 0600",
                        *mode & 0777)));
  }
  return absl::OkStatus();
}

// Reads a secret file: the content without trailing white space.
absl::StatusOr<std::string> ReadSecretFile(const ConfigOption& o,
                                           const std::string& path,
                                           const ConfigSources& sources,
                                           std::vector<std::string>& warnings) {
  if (auto s = CheckPrivateFile(o, path, sources, warnings); !s.ok()) return s;
  auto content = sources.read_file(path);
  if (!content.ok()) return Invalid(o, "cannot read the file it names");
  std::string value(absl::StripTrailingAsciiWhitespace(*content));
  if (value.empty()) return Invalid(o, "the file it names is empty");
  return value;
}

// A secret goes into an HTTP header or a JSON body: it must be one line of
// printable text. The error never shows it.
absl::Status CheckSecretText(const std::string& secret,
                             absl::string_view name) {
  for (unsigned char c : secret) {
    if (c < 0x21 || c == 0x7F) {
      return absl::InvalidArgumentError(
          absl::StrCat("the ", name, " contains spaces or control characters"));
    }
  }
  return absl::OkStatus();
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
  if (!c.callback_listen.empty() && c.callback_secret.empty()) {
    return absl::InvalidArgumentError(
        "--callback_listen needs the callback secret: set "
        "PAYOUT_GATEWAY_CALLBACK_SECRET or --callback_secret_file "
        "(PAYOUT_GATEWAY_CALLBACK_SECRET_FILE)");
  }
  if (!c.event_bus.empty()) {
    if (auto url = ParseRedisUrl(c.event_bus); !url.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--event_bus: ", url.status().message()));
    }
  }
  if (c.watch.max_poll_interval < c.watch.poll_after) {
    return absl::InvalidArgumentError(
        "--watch_max_poll_interval must not be shorter than "
        "--watch_poll_after");
  }
  return absl::OkStatus();
}

absl::Status CheckUpstream(GatewayConfig& c) {
  auto url = CheckUpstreamUrl(c.upstream.base_url, c.allow_insecure_upstream);
  if (!url.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--upstream_url: ", url.status().message()));
  }
  c.upstream.base_url = *std::move(url);
  for (char ch : c.upstream.account_id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(ch)) && ch != '_' &&
        ch != '-') {
      return absl::InvalidArgumentError(
          "--account_id: may contain only letters, digits, '_' and '-'");
    }
  }
  if (auto s = CheckSecretText(c.upstream.api_key, "API key"); !s.ok()) {
    return s;
  }
  if (auto s = CheckSecretText(c.upstream.public_key, "public key"); !s.ok()) {
    return s;
  }
  if (!c.signing_key.empty() && c.signing_key.size() < 16) {
    return absl::InvalidArgumentError(
        "--signing_key_file: the key must be at least 16 bytes");
  }
  if (!c.transport.proxy.empty() &&
      !CheckUpstreamUrl(c.transport.proxy, /*allow_insecure=*/true).ok()) {
    return absl::InvalidArgumentError(
        "--upstream_proxy: must be a URL such as http://proxy:3128, "
        "without credentials");
  }
  return absl::OkStatus();
}

bool IsLoopbackListen(const std::string& address) {
  absl::string_view host = address;
  host = host.substr(0, host.rfind(':'));
  return IsLoopbackHost(host);
}

absl::Status CheckListener(GatewayConfig& c) {
  const ListenerSecurity& tls = c.tls;
  if (tls.cert_file.empty() != tls.key_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_cert_file and --tls_key_file go together");
  }
  const bool has_tls = !tls.cert_file.empty();
  if (has_tls && tls.plaintext) {
    return absl::InvalidArgumentError(
        "--plaintext and --tls_cert_file exclude each other");
  }
  if (!has_tls && !tls.plaintext) {
    return absl::InvalidArgumentError(
        "the gRPC listener needs TLS: set --tls_cert_file and --tls_key_file "
        "(and --tls_client_ca_file for mTLS), or --plaintext to serve "
        "without TLS on loopback");
  }
  if (!has_tls && !tls.client_ca_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_client_ca_file needs --tls_cert_file and --tls_key_file");
  }
  if (tls.plaintext && !IsLoopbackListen(c.listen_address)) {
    c.warnings.push_back(
        "--plaintext on an address other than loopback: callers are "
        "anonymous and their traffic is readable on the network");
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
  sources.file_mode = [](const std::string& path) -> absl::StatusOr<uint32_t> {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) {
      return absl::NotFoundError(std::strerror(errno));
    }
    return static_cast<uint32_t>(st.st_mode & 07777);
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
  for (const auto& o : ConfigOptions()) {
    std::optional<std::string> value;
    if (*o.flag != '\0') {
      if (auto it = flags->find(o.flag); it != flags->end()) value = it->second;
    }
    if (!value.has_value()) value = sources.getenv(o.env);
    if (!value.has_value()) continue;
    if (o.secret == SecretKind::kFile) {
      auto secret = ReadSecretFile(o, *value, sources, config.warnings);
      if (!secret.ok()) return secret.status();
      value = *std::move(secret);
    } else if (o.secret == SecretKind::kPrivateFile && !value->empty()) {
      auto s = CheckPrivateFile(o, *value, sources, config.warnings);
      if (!s.ok()) return s;
    }
    // A secret from both a variable and a file is a mistake worth stopping.
    if (o.secret != SecretKind::kNone) {
      if (auto it = secret_origin.find(o.secret_name);
          it != secret_origin.end()) {
        return absl::InvalidArgumentError(
            absl::StrCat("the ", o.secret_name, " is set twice, by ",
                         it->second, " and by ", o.env, "; keep one"));
      }
      secret_origin[o.secret_name] = o.env;
    }
    if (absl::Status s = o.set(config, *value); !s.ok()) {
      return Invalid(o, s.message());
    }
  }
  if (absl::Status s = CheckRequired(config); !s.ok()) return s;
  if (absl::Status s = CheckUpstream(config); !s.ok()) return s;
  if (absl::Status s = CheckListener(config); !s.ok()) return s;
  return config;
}

std::string GatewayConfigUsage() {
  std::string out =
      "payout-gateway: a gRPC gateway to Corefy's payout API.\n\n"
      "Every flag has an environment variable; the flag wins.\n\n";
  for (const auto& o : ConfigOptions()) {
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
