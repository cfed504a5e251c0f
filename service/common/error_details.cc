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

absl::string_view DescribeRetryAction(
    corefy::payout::v1::RetryHint::Action action) {
  switch (action) {
    case corefy::payout::v1::RetryHint::ACTION_RETRY:
      return "retry the same request after the retry delay";
    case corefy::payout::v1::RetryHint::ACTION_CHECK_STATUS_THEN_RETRY:
      return "the upstream may have acted: get the invoice (by reference_id "
             "for a create, by id for a process) and retry only if it did not";
    case corefy::payout::v1::RetryHint::ACTION_FIX_REQUEST:
      return "the request is wrong: fix it before sending it again";
    case corefy::payout::v1::RetryHint::ACTION_FIX_CREDENTIALS:
      return "the gateway's Corefy credentials were refused: its operators "
             "must fix them; retrying will not help";
    case corefy::payout::v1::RetryHint::ACTION_USE_EXISTING_INVOICE:
      return "an invoice with this reference_id already exists and differs "
             "from the request: use it, or create with a new reference_id";
    case corefy::payout::v1::RetryHint::ACTION_DO_NOT_RETRY:
      return "the operation cannot succeed as asked: do not retry";
    default:
      return "";
  }
}

ErrorBuilder& ErrorBuilder::Hint(corefy::payout::v1::RetryHint::Action action,
                                 absl::string_view invoice_id,
                                 absl::string_view reference_id) {
  hint_.emplace();
  hint_->set_action(action);
  hint_->set_description(std::string(DescribeRetryAction(action)));
  hint_->set_invoice_id(std::string(invoice_id));
  hint_->set_reference_id(std::string(reference_id));
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
  if (retry_delay_.has_value()) SetRetryDelay(status, *retry_delay_);
  if (hint_.has_value()) SetDetail(status, *hint_);
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

std::optional<corefy::payout::v1::RetryHint> GetRetryHint(
    const absl::Status& status) {
  return GetDetail<corefy::payout::v1::RetryHint>(status);
}

void SetRetryHint(absl::Status& status,
                  const corefy::payout::v1::RetryHint& hint) {
  SetDetail(status, hint);
}

void SetRetryDelay(absl::Status& status, absl::Duration delay) {
  google::rpc::RetryInfo retry;
  int64_t seconds = absl::IDivDuration(delay, absl::Seconds(1), &delay);
  retry.mutable_retry_delay()->set_seconds(seconds);
  retry.mutable_retry_delay()->set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(delay)));
  SetDetail(status, retry);
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
