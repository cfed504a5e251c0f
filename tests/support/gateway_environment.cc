#include "support/gateway_environment.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace payout_gateway_testing {

std::string SandboxBinary() { return PAYOUT_SANDBOX_BINARY; }
std::string GatewayBinary() { return PAYOUT_GATEWAY_BINARY; }

absl::StatusOr<std::unique_ptr<GatewayEnvironment>> GatewayEnvironment::Start(
    Options options) {
  std::unique_ptr<GatewayEnvironment> env(new GatewayEnvironment);
  auto sandbox = ChildProcess::Start({SandboxBinary(),
                                      options.sandbox_args,
                                      {},
                                      "corefy-sandbox listening on "});
  if (!sandbox.ok()) return sandbox.status();
  env->sandbox_ = *std::move(sandbox);
  env->sandbox_url_ = absl::StrCat("http://", env->sandbox_->address());
  env->control_ = SandboxControl(env->sandbox_url_);

  auto gateway = env->StartGateway(options.gateway_args, options.gateway_env);
  if (!gateway.ok()) return gateway.status();
  env->gateway_ = *std::move(gateway);
  return env;
}

absl::StatusOr<std::unique_ptr<ChildProcess>> GatewayEnvironment::StartGateway(
    const std::vector<std::string>& args,
    const std::vector<std::pair<std::string, std::string>>& env) const {
  std::vector<std::string> all = {"--listen=127.0.0.1:0",
                                  "--health_listen=127.0.0.1:0",
                                  "--metrics_listen=127.0.0.1:0",
                                  absl::StrCat("--upstream_url=", sandbox_url_),
                                  absl::StrCat("--account_id=", kAccountId)};
  // Plaintext on loopback unless the test sets up TLS itself.
  const bool tls = std::any_of(args.begin(), args.end(), [](const auto& a) {
    return absl::StartsWith(a, "--tls_cert_file");
  });
  if (!tls) all.push_back("--plaintext");
  all.insert(all.end(), args.begin(), args.end());
  return ChildProcess::Start(
      {GatewayBinary(), all, env, "payout-gateway listening on "});
}

std::unique_ptr<corefy::payout::v1::PayoutGatewayService::Stub>
GatewayEnvironment::NewStub() const {
  return corefy::payout::v1::PayoutGatewayService::NewStub(grpc::CreateChannel(
      gateway_address(), grpc::InsecureChannelCredentials()));
}

}  // namespace payout_gateway_testing
