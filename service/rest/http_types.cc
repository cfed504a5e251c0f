#include "rest/http_types.h"

#include "absl/strings/ascii.h"

namespace payout_gateway {

bool IsSafeHeader(absl::string_view name, absl::string_view value) {
  if (name.empty()) return false;
  for (unsigned char c : name) {
    // RFC 9110 token characters.
    if (!absl::ascii_isalnum(c) &&
        absl::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) ==
            absl::string_view::npos) {
      return false;
    }
  }
  for (unsigned char c : value) {
    if ((c < 0x20 && c != '\t') || c == 0x7F) return false;
  }
  return true;
}

absl::string_view HttpMethodName(HttpMethod method) {
  switch (method) {
    case HttpMethod::kGet:
      return "GET";
    case HttpMethod::kPost:
      return "POST";
  }
  return "GET";
}

absl::string_view HttpResponse::Header(absl::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return {};
}

bool MayHaveBeenSent(const HttpResult& result) {
  switch (result.outcome) {
    case TransferOutcome::kResponse:
    case TransferOutcome::kOutcomeUnknown:
      return true;
    case TransferOutcome::kNotSent:
      return false;
    case TransferOutcome::kCancelled:
      return result.sent_before_cancel;
  }
  return true;
}

absl::string_view TransferOutcomeName(TransferOutcome outcome) {
  switch (outcome) {
    case TransferOutcome::kResponse:
      return "response";
    case TransferOutcome::kNotSent:
      return "not_sent";
    case TransferOutcome::kOutcomeUnknown:
      return "outcome_unknown";
    case TransferOutcome::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

}  // namespace payout_gateway
