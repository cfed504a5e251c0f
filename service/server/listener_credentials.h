#ifndef PAYOUT_GATEWAY_SERVER_LISTENER_CREDENTIALS_H_
#define PAYOUT_GATEWAY_SERVER_LISTENER_CREDENTIALS_H_

#include <grpcpp/security/server_credentials.h>

#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/gateway_config.h"

namespace payout_gateway {

// The credentials of the gRPC listener: gRPC's own TLS with a
// FileWatcherCertificateProvider, so a rotated certificate (cert-manager, a
// Secret update) is served without a restart, and with a client CA, mTLS
// that requires and verifies a client certificate. Plaintext only when the
// configuration asks for it. The files are checked first (PEM that parses,
// a key that matches its certificate), so a mistake is a clear start-up
// error instead of failing handshakes; errors name the setting, never a
// key's content.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ListenerCredentials(
    const ListenerSecurity& tls, absl::Duration reload_interval);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_SERVER_LISTENER_CREDENTIALS_H_
