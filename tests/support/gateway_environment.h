#ifndef PAYOUT_GATEWAY_TESTS_SUPPORT_GATEWAY_ENVIRONMENT_H_
#define PAYOUT_GATEWAY_TESTS_SUPPORT_GATEWAY_ENVIRONMENT_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "corefy/payout/v1/payout_gateway_service.grpc.pb.h"
#include "support/child_process.h"
#include "support/sandbox_control.h"

namespace payout_gateway_testing {

// The sandbox's default credentials, which the gateway is configured with.
inline constexpr char kAccountId[] = "coma_sandbox";
inline constexpr char kApiKey[] = "sandbox-api-key";
inline constexpr char kPublicKey[] = "pk_test_sandbox";

// A real sandbox process and a real gateway process pointed at it, both on
// OS-chosen loopback ports.
class GatewayEnvironment {
 public:
  struct Options {
    std::vector<std::string> sandbox_args;
    std::vector<std::string> gateway_args;
    // Environment of the gateway; defaults give it the sandbox's keys.
    std::vector<std::pair<std::string, std::string>> gateway_env = {
        {"PAYOUT_GATEWAY_API_KEY", kApiKey},
        {"PAYOUT_GATEWAY_PUBLIC_KEY", kPublicKey}};
  };

  static absl::StatusOr<std::unique_ptr<GatewayEnvironment>> Start(
      Options options);
  static absl::StatusOr<std::unique_ptr<GatewayEnvironment>> Start() {
    return Start(Options());
  }

  // Starts another gateway against the same sandbox (e.g. with wrong keys).
  absl::StatusOr<std::unique_ptr<ChildProcess>> StartGateway(
      const std::vector<std::string>& args,
      const std::vector<std::pair<std::string, std::string>>& env) const;

  const std::string& gateway_address() const { return gateway_->address(); }
  const std::string& sandbox_url() const { return sandbox_url_; }
  const SandboxControl& sandbox() const { return control_; }
  ChildProcess& gateway_process() { return *gateway_; }
  ChildProcess& sandbox_process() { return *sandbox_; }

  std::unique_ptr<corefy::payout::v1::PayoutGatewayService::Stub> NewStub()
      const;

 private:
  GatewayEnvironment() : control_("") {}

  std::unique_ptr<ChildProcess> sandbox_;
  std::unique_ptr<ChildProcess> gateway_;
  std::string sandbox_url_;
  SandboxControl control_;
};

// Paths of the binaries under test (set by CMake).
std::string SandboxBinary();
std::string GatewayBinary();

}  // namespace payout_gateway_testing

#endif  // PAYOUT_GATEWAY_TESTS_SUPPORT_GATEWAY_ENVIRONMENT_H_
