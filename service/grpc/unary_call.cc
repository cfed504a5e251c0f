#include "grpc/unary_call.h"

#include <random>

#include "absl/strings/str_format.h"

namespace payout_gateway {

std::string RequestIdOf(const grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("x-request-id");
  if (it != metadata.end() && it->second.size() > 0 &&
      it->second.size() <= 128) {
    return std::string(it->second.data(), it->second.size());
  }
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return absl::StrFormat("%016x%016x", rng(), rng());
}

}  // namespace payout_gateway
