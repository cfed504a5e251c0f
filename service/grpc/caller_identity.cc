#include "grpc/caller_identity.h"

#include <grpc/grpc_security_constants.h>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace payout_gateway {
namespace {

constexpr std::size_t kMaxIdentityLength = 255;

bool IsPrintableIdentity(absl::string_view id) {
  if (id.empty() || id.size() > kMaxIdentityLength) return false;
  for (unsigned char c : id) {
    if (c <= 0x20 || c >= 0x7F) return false;
  }
  return true;
}

absl::string_view View(const grpc::string_ref& ref) {
  return absl::string_view(ref.data(), ref.size());
}

std::string Checked(absl::string_view id) {
  return IsPrintableIdentity(id) ? std::string(id) : std::string();
}

}  // namespace

std::string CallerIdentityOf(const grpc::AuthContext* auth) {
  if (auth == nullptr || !auth->IsPeerAuthenticated()) return "";
  // gRPC sets peer_spiffe_id only when the certificate has exactly one
  // SPIFFE URI SAN.
  auto spiffe = auth->FindPropertyValues(GRPC_PEER_SPIFFE_ID_PROPERTY_NAME);
  if (!spiffe.empty()) return Checked(View(spiffe.front()));
  for (const auto& uri :
       auth->FindPropertyValues(GRPC_PEER_URI_PROPERTY_NAME)) {
    if (absl::StartsWithIgnoreCase(View(uri), "spiffe://")) return "";
  }
  auto dns = auth->FindPropertyValues(GRPC_PEER_DNS_PROPERTY_NAME);
  if (!dns.empty()) return Checked(View(dns.front()));
  return "";
}

}  // namespace payout_gateway
