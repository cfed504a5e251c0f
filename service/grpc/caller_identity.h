#ifndef PAYOUT_GATEWAY_GRPC_CALLER_IDENTITY_H_
#define PAYOUT_GATEWAY_GRPC_CALLER_IDENTITY_H_

#include <grpcpp/security/auth_context.h>

#include <string>

namespace payout_gateway {

// Who is calling, from the client certificate the TLS handshake verified:
// its SPIFFE id (the one `spiffe://` URI SAN, e.g.
// `spiffe://cluster.local/ns/payroll/sa/payroll-api`), else its first DNS
// SAN. "" for an anonymous caller: plaintext, TLS without a client
// certificate, a certificate with several SPIFFE ids (ambiguous), or an
// identity that is not 1-255 printable ASCII characters without spaces.
std::string CallerIdentityOf(const grpc::AuthContext* auth);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_GRPC_CALLER_IDENTITY_H_
