#include "common/error_details.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"

namespace payout_gateway {
namespace {

template <typename Proto>
std::optional<Proto> GetDetail(const absl::Status& status) {
  Proto proto;
  auto payload = status.GetPayload(TypeUrlOf(proto));
  if (!payload.has_value()) return std::nullopt;
  if (!proto.ParseFromString(std::string(*payload))) return std::nullopt;
  return proto;
}

void SetDetail(absl::Status& status, const google::protobuf::Message& proto) {
  status.SetPayload(TypeUrlOf(proto), absl::Cord(proto.SerializeAsString()));
}

}  // namespace

std::string TypeUrlOf(const google::protobuf::Message& message) {
  return absl::StrCat("type.googleapis.com/", message.GetTypeName());
}

ErrorBuilder::ErrorBuilder(absl::StatusCode code, std::string message)
    : code_(code), message_(std::move(message)) {
  info_.set_domain(std::string(kErrorDomain));
}

ErrorBuilder& ErrorBuilder::Reason(absl::string_view reason) {
  info_.set_reason(std::string(reason));
  return *this;
}

ErrorBuilder& ErrorBuilder::Metadata(absl::string_view key,
                                     absl::string_view value) {
  (*info_.mutable_metadata())[std::string(key)] = std::string(value);
  return *this;
}

ErrorBuilder& ErrorBuilder::Violations(std::vector<FieldViolation> violations) {
  violations_ = std::move(violations);
  return *this;
}

ErrorBuilder& ErrorBuilder::RetryDelay(absl::Duration delay) {
  retry_delay_ = delay;
  return *this;
}

absl::Status ErrorBuilder::Build() const {
  absl::Status status(code_, message_);
  SetDetail(status, info_);
  if (!violations_.empty()) {
    google::rpc::BadRequest bad_request;
    for (const auto& v : violations_) {
      auto* fv = bad_request.add_field_violations();
      fv->set_field(v.field);
      fv->set_description(v.description);
    }
    SetDetail(status, bad_request);
  }
  if (retry_delay_.has_value()) {
    google::rpc::RetryInfo retry;
    absl::Duration d = *retry_delay_;
    int64_t seconds = absl::IDivDuration(d, absl::Seconds(1), &d);
    retry.mutable_retry_delay()->set_seconds(seconds);
    retry.mutable_retry_delay()->set_nanos(
        static_cast<int32_t>(absl::ToInt64Nanoseconds(d)));
    SetDetail(status, retry);
  }
  return status;
}

std::optional<google::rpc::ErrorInfo> GetErrorInfo(const absl::Status& status) {
  return GetDetail<google::rpc::ErrorInfo>(status);
}

std::optional<google::rpc::BadRequest> GetBadRequest(
    const absl::Status& status) {
  return GetDetail<google::rpc::BadRequest>(status);
}

std::optional<google::rpc::RetryInfo> GetRetryInfo(const absl::Status& status) {
  return GetDetail<google::rpc::RetryInfo>(status);
}

void SetErrorMetadata(absl::Status& status, absl::string_view key,
                      absl::string_view value) {
  auto info = GetErrorInfo(status);
  if (!info.has_value()) {
    info.emplace();
    info->set_domain(std::string(kErrorDomain));
  }
  (*info->mutable_metadata())[std::string(key)] = std::string(value);
  SetDetail(status, *info);
}

}  // namespace payout_gateway
