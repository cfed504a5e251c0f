#ifndef PAYOUT_GATEWAY_SERVER_CONFIG_OPTIONS_H_
#define PAYOUT_GATEWAY_SERVER_CONFIG_OPTIONS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "server/gateway_config.h"

namespace payout_gateway {

// What a setting carries besides plain configuration.
enum class SecretKind {
  kNone,
  // The value is a secret: environment only, never a flag.
  kValue,
  // The value names a file whose content is the secret; the parser reads it.
  kFile,
  // The value names a private file read by another part (the TLS key).
  kPrivateFile,
};

// One configuration setting. `flag` is empty for the settings that may only
// come from the environment (secrets).
struct ConfigOption {
  using Setter = absl::Status (*)(GatewayConfig&, const std::string& value);

  const char* flag;
  const char* env;
  const char* default_text;
  const char* help;
  Setter set;
  SecretKind secret = SecretKind::kNone;
  // For secrets: its name ("API key"); one secret may be set only once.
  const char* secret_name = "";
  // A flag that stands alone for "true" (`--plaintext`).
  bool boolean = false;
};

// Every setting, in --help order.
const std::vector<ConfigOption>& ConfigOptions();

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_SERVER_CONFIG_OPTIONS_H_
