#include "rest/http_types.h"

namespace payout_gateway {

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
