#include "payout_client/payout_error.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "corefy/payout/v1/error_details.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace payout_client {
namespace {

using Hint = corefy::payout::v1::RetryHint;

template <typename Proto>
bool Unpack(const absl::Status& status, Proto& out) {
  auto payload = status.GetPayload(
      absl::StrCat("type.googleapis.com/", Proto::descriptor()->full_name()));
  return payload.has_value() && out.ParseFromString(std::string(*payload));
}

RetryAction ActionOf(Hint::Action action) {
  switch (action) {
    case Hint::ACTION_RETRY:
      return RetryAction::kRetry;
    case Hint::ACTION_CHECK_STATUS_THEN_RETRY:
      return RetryAction::kCheckStatusThenRetry;
    case Hint::ACTION_FIX_REQUEST:
      return RetryAction::kFixRequest;
    case Hint::ACTION_FIX_CREDENTIALS:
      return RetryAction::kFixCredentials;
    case Hint::ACTION_USE_EXISTING_INVOICE:
      return RetryAction::kUseExistingInvoice;
    case Hint::ACTION_DO_NOT_RETRY:
      return RetryAction::kDoNotRetry;
    default:
      return RetryAction::kUnspecified;
  }
}

}  // namespace

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()),
                   status.error_message());
  google::rpc::Status details;
  if (!status.error_details().empty() &&
      details.ParseFromString(status.error_details())) {
    for (const auto& any : details.details()) {
      out.SetPayload(any.type_url(), absl::Cord(any.value()));
    }
  }
  return out;
}

PayoutError PayoutError::FromGrpcStatus(const grpc::Status& status) {
  return FromStatus(payout_client::FromGrpcStatus(status));
}

PayoutError PayoutError::FromStatus(const absl::Status& status) {
  PayoutError e;
  e.code_ = status.code();
  e.message_ = std::string(status.message());
  google::rpc::ErrorInfo info;
  if (Unpack(status, info)) {
    e.reason_ = info.reason();
    e.domain_ = info.domain();
    e.metadata_.insert(info.metadata().begin(), info.metadata().end());
  }
  google::rpc::BadRequest bad;
  if (Unpack(status, bad)) {
    for (const auto& v : bad.field_violations()) {
      e.violations_.push_back({v.field(), v.description()});
    }
  }
  google::rpc::RetryInfo retry;
  if (Unpack(status, retry)) {
    e.retry_delay_ = absl::Seconds(retry.retry_delay().seconds()) +
                     absl::Nanoseconds(retry.retry_delay().nanos());
  }
  Hint hint;
  if (Unpack(status, hint)) {
    e.action_ = ActionOf(hint.action());
    e.action_description_ = hint.description();
    e.invoice_id_ = hint.invoice_id();
    e.reference_id_ = hint.reference_id();
  }
  return e;
}

bool PayoutError::gateway_retries_exhausted() const {
  auto it = metadata_.find("retries_exhausted");
  return it != metadata_.end() && it->second == "true";
}

std::string PayoutError::ToString() const {
  std::string out =
      absl::StrCat(absl::StatusCodeToString(code_), ": ", message_);
  switch (action_) {
    case RetryAction::kRetry:
      absl::StrAppend(
          &out, " -- retry",
          retry_delay_
              ? absl::StrCat(" after ", absl::FormatDuration(*retry_delay_))
              : "");
      break;
    case RetryAction::kCheckStatusThenRetry:
      absl::StrAppend(&out, " -- check status first",
                      reference_id_.empty() ? "" : " (reference_id ",
                      reference_id_, reference_id_.empty() ? "" : ")");
      break;
    case RetryAction::kFixRequest:
      absl::StrAppend(&out, " -- fix the request");
      break;
    case RetryAction::kFixCredentials:
      absl::StrAppend(&out, " -- the gateway's credentials need fixing");
      break;
    case RetryAction::kUseExistingInvoice:
      absl::StrAppend(&out, " -- use the existing invoice ", invoice_id_);
      break;
    case RetryAction::kDoNotRetry:
      absl::StrAppend(&out, " -- do not retry");
      break;
    case RetryAction::kUnspecified:
      break;
  }
  for (const auto& v : violations_) {
    absl::StrAppend(&out, "; field ", v.field, ": ", v.description);
  }
  return out;
}

}  // namespace payout_client
