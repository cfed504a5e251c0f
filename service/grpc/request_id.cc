#include "grpc/request_id.h"

#include <cstdint>
#include <random>

#include "absl/strings/ascii.h"
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

// Base32 letters (RFC 4648, lower case): 160 random bits in 32 characters.
// Few digits, so an id never holds the 12-digit run that log masking would
// take for a card number and mangle.
std::string NewRequestId() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string id(32, ' ');
  uint64_t bits = 0;
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (i % 12 == 0) bits = rng();
    id[i] = kAlphabet[bits & 31];
    bits >>= 5;
  }
  return id;
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
