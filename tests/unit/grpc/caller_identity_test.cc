#include "grpc/caller_identity.h"

#include <grpc/grpc_security_constants.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace payout_gateway {
namespace {

// The iterator's constructors are for gRPC's own contexts; the checks under
// test never iterate.
struct NoProperties : grpc::AuthPropertyIterator {
  NoProperties() = default;
};

// An AuthContext with the properties gRPC sets after a TLS handshake.
class FakeAuthContext : public grpc::AuthContext {
 public:
  FakeAuthContext(bool authenticated,
                  std::multimap<std::string, std::string> properties)
      : authenticated_(authenticated), properties_(std::move(properties)) {}

  bool IsPeerAuthenticated() const override { return authenticated_; }
  std::vector<grpc::string_ref> GetPeerIdentity() const override { return {}; }
  std::string GetPeerIdentityPropertyName() const override { return ""; }
  std::vector<grpc::string_ref> FindPropertyValues(
      const std::string& name) const override {
    std::vector<grpc::string_ref> values;
    auto range = properties_.equal_range(name);
    for (auto it = range.first; it != range.second; ++it) {
      values.emplace_back(it->second);
    }
    return values;
  }
  grpc::AuthPropertyIterator begin() const override { return NoProperties(); }
  grpc::AuthPropertyIterator end() const override { return NoProperties(); }
  void AddProperty(const std::string&, const grpc::string_ref&) override {}
  bool SetPeerIdentityPropertyName(const std::string&) override {
    return false;
  }

 private:
  bool authenticated_;
  std::multimap<std::string, std::string> properties_;
};

constexpr char kSpiffe[] = "spiffe://cluster.local/ns/payroll/sa/api";

TEST(CallerIdentityOf, TakesTheSpiffeIdFirst) {
  FakeAuthContext auth(true, {{GRPC_PEER_SPIFFE_ID_PROPERTY_NAME, kSpiffe},
                              {GRPC_PEER_URI_PROPERTY_NAME, kSpiffe},
                              {GRPC_PEER_DNS_PROPERTY_NAME, "api.payroll"}});
  EXPECT_EQ(CallerIdentityOf(&auth), kSpiffe);
}

TEST(CallerIdentityOf, ElseTheFirstDnsName) {
  FakeAuthContext auth(true, {{GRPC_PEER_DNS_PROPERTY_NAME, "api.payroll"},
                              {GRPC_PEER_URI_PROPERTY_NAME, "https://x"}});
  EXPECT_EQ(CallerIdentityOf(&auth), "api.payroll");
}

TEST(CallerIdentityOf, AnonymousWithoutAVerifiedCertificate) {
  EXPECT_EQ(CallerIdentityOf(nullptr), "");
  FakeAuthContext unauthenticated(
      false, {{GRPC_PEER_SPIFFE_ID_PROPERTY_NAME, kSpiffe}});
  EXPECT_EQ(CallerIdentityOf(&unauthenticated), "");
}

// Two SPIFFE ids: gRPC sets no peer_spiffe_id, and the gateway must not
// fall back to a DNS name the certificate also carries.
TEST(CallerIdentityOf, AnonymousWhenAmbiguousOrNotPrintable) {
  FakeAuthContext two(true, {{GRPC_PEER_URI_PROPERTY_NAME, kSpiffe},
                             {GRPC_PEER_URI_PROPERTY_NAME, "spiffe://other"},
                             {GRPC_PEER_DNS_PROPERTY_NAME, "api.payroll"}});
  EXPECT_EQ(CallerIdentityOf(&two), "");
  FakeAuthContext spaces(true, {{GRPC_PEER_DNS_PROPERTY_NAME, "a b\r\n"}});
  EXPECT_EQ(CallerIdentityOf(&spaces), "");
}

}  // namespace
}  // namespace payout_gateway
