#include "call_checks.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace payout_client {
namespace internal {
namespace {

constexpr std::size_t kMaxRequestIdLength = 128;

bool IsRequestIdChar(char c) {
  return absl::ascii_isalnum(c) || c == '.' || c == '_' || c == ':' || c == '-';
}

bool IsMetadataKeyChar(char c) {
  return absl::ascii_isdigit(c) || (c >= 'a' && c <= 'z') || c == '_' ||
         c == '.' || c == '-';
}

bool IsPrintableAscii(char c) { return c >= 0x20 && c <= 0x7e; }

}  // namespace

absl::Status CheckCallOptions(const CallOptions& options) {
  const std::string& id = options.request_id;
  if (!id.empty() && (id.size() > kMaxRequestIdLength ||
                      !std::all_of(id.begin(), id.end(), IsRequestIdChar))) {
    return absl::InvalidArgumentError(
        "request_id: must be 1 to 128 of A-Z a-z 0-9 . _ : -");
  }
  for (const auto& [key, value] : options.metadata) {
    if (key.empty() ||
        !std::all_of(key.begin(), key.end(), IsMetadataKeyChar)) {
      return absl::InvalidArgumentError(
          "metadata: a key is not lower-case [0-9a-z_.-]");
    }
    if (!absl::EndsWith(key, "-bin") &&
        !std::all_of(value.begin(), value.end(), IsPrintableAscii)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "metadata: the value of ", key, " is not printable ASCII"));
    }
  }
  return absl::OkStatus();
}

}  // namespace internal
}  // namespace payout_client
