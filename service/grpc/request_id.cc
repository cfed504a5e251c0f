#include "grpc/request_id.h"

#include <random>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "common/log.h"

namespace payout_gateway {
namespace {

constexpr std::size_t kMaxRequestIdLength = 128;
// How much of a refused value the log line shows.
constexpr std::size_t kMaxLoggedBytes = 64;

bool IsRequestIdChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' ||
         c == '_' || c == ':' || c == '-';
}

}  // namespace

bool IsSafeRequestId(absl::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (char c : id) {
    if (!IsRequestIdChar(c)) return false;
  }
  return true;
}

std::string NewRequestId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return absl::StrFormat("%016x%016x", rng(), rng());
}

RequestIdChoice ChooseRequestId(const grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("x-request-id");
  if (it == metadata.end()) return {NewRequestId(), std::nullopt};
  absl::string_view offered(it->second.data(), it->second.size());
  if (IsSafeRequestId(offered)) return {std::string(offered), std::nullopt};
  return {NewRequestId(), EscapeUntrusted(offered, kMaxLoggedBytes)};
}

}  // namespace payout_gateway
