#include "grpc/admission_control.h"

#include "absl/strings/str_cat.h"
#include "common/error_details.h"

namespace payout_gateway {
absl::Status AdmissionControl::Refuse(absl::string_view limit, int64_t value) {
  metrics_->CallRefused(limit);
  return ErrorBuilder(absl::StatusCode::kResourceExhausted,
                      absl::StrCat("the gateway is at its limit of ", value,
                                   " ", limit, "; nothing was sent upstream"))
      .Reason(reason::kGatewayOverloaded)
      .Metadata("limit", limit)
      .Metadata("limit_value", std::to_string(value))
      .RetryDelay(limits_.retry_delay)
      .Hint(corefy::payout::v1::RetryHint::ACTION_RETRY)
      .Build();
}

AdmissionControl::Ticket& AdmissionControl::Ticket::operator=(
    Ticket&& other) noexcept {
  if (this != &other) {
    Release();
    owner_ = other.owner_;
    bytes_ = other.bytes_;
    other.owner_ = nullptr;
  }
  return *this;
}

void AdmissionControl::Ticket::Release() {
  if (owner_ == nullptr) return;
  owner_->Return(bytes_);
  owner_ = nullptr;
}

absl::StatusOr<AdmissionControl::Ticket> AdmissionControl::Admit(
    int64_t request_bytes) {
  // Take first, then check: two racing calls can never both slip under.
  if (calls_.fetch_add(1) + 1 > limits_.max_calls_in_flight) {
    calls_.fetch_sub(1);
    return Refuse("calls_in_flight", limits_.max_calls_in_flight);
  }
  if (bytes_.fetch_add(request_bytes) + request_bytes >
      limits_.max_request_bytes_in_flight) {
    bytes_.fetch_sub(request_bytes);
    calls_.fetch_sub(1);
    return Refuse("request_bytes_in_flight",
                  limits_.max_request_bytes_in_flight);
  }
  return Ticket(this, request_bytes);
}

void AdmissionControl::Return(int64_t bytes) {
  bytes_.fetch_sub(bytes);
  calls_.fetch_sub(1);
}

}  // namespace payout_gateway
