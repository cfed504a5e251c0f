// The PayoutClient over a gRPC channel, following the gateway's retry hints.

#include <functional>
#include <optional>

#include "absl/time/clock.h"
#include "corefy/payout/v1/payout_gateway_service.grpc.pb.h"
#include "hint_policy.h"
#include "payout_client/payout_client.h"
#include "payout_client/payout_error.h"

namespace payout_client {
namespace {

namespace v1 = ::corefy::payout::v1;
using internal::CallKind;
using internal::NextStep;

// The outcome of checking, after an unknown outcome, whether a create or a
// process happened.
template <typename T>
struct Check {
  bool happened = false;  // then `result` is the answer to return
  bool unknown = false;   // the check failed: give up with the error
  absl::StatusOr<T> result = absl::UnknownError("not checked");  // if happened
};

bool SameAmount(const std::string& a, const std::string& b) {
  // Both are plain decimals; compare without trailing fraction zeros.
  auto trim = [](std::string s) {
    if (s.find('.') == std::string::npos) return s;
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  };
  return trim(a) == trim(b);
}

// A server stream over gRPC: the context and the reader live together.
class GrpcEventStream final : public EventStream {
 public:
  template <typename Request, typename Open>
  GrpcEventStream(const Request& request, const CallOptions& options,
                  Open open) {
    if (options.timeout != absl::InfiniteDuration()) {
      context_.set_deadline(absl::ToChronoTime(absl::Now() + options.timeout));
    }
    if (!options.request_id.empty()) {
      context_.AddMetadata("x-request-id", options.request_id);
    }
    for (const auto& [key, value] : options.metadata) {
      context_.AddMetadata(key, value);
    }
    reader_ = open(&context_, request);
  }

  bool Next(v1::PayoutInvoiceEvent& event) override {
    return reader_->Read(&event);
  }
  absl::Status Finish() override { return FromGrpcStatus(reader_->Finish()); }
  void Cancel() override { context_.TryCancel(); }

 private:
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::PayoutInvoiceEvent>> reader_;
};

class GrpcPayoutClient final : public PayoutClient {
 public:
  GrpcPayoutClient(std::shared_ptr<grpc::Channel> channel,
                   ClientOptions options)
      : stub_(v1::PayoutGatewayService::NewStub(std::move(channel))),
        options_(std::move(options)) {}

  absl::StatusOr<v1::PayoutPrerequestResponse> PayoutPrerequest(
      const v1::PayoutPrerequestRequest& request,
      const CallOptions& options) override {
    return Read<v1::PayoutPrerequestResponse>(
        request, options, &v1::PayoutGatewayService::Stub::PayoutPrerequest);
  }

  absl::StatusOr<v1::ListPayoutServicesResponse> ListPayoutServices(
      const v1::ListPayoutServicesRequest& request,
      const CallOptions& options) override {
    return Read<v1::ListPayoutServicesResponse>(
        request, options, &v1::PayoutGatewayService::Stub::ListPayoutServices);
  }

  absl::StatusOr<v1::PayoutService> GetPayoutService(
      const v1::GetPayoutServiceRequest& request,
      const CallOptions& options) override {
    return Read<v1::PayoutService>(
        request, options, &v1::PayoutGatewayService::Stub::GetPayoutService);
  }

  absl::StatusOr<v1::PayoutInvoice> GetPayoutInvoice(
      const v1::GetPayoutInvoiceRequest& request,
      const CallOptions& options) override {
    return Read<v1::PayoutInvoice>(
        request, options, &v1::PayoutGatewayService::Stub::GetPayoutInvoice);
  }

  absl::StatusOr<v1::ListPayoutInvoicesResponse> ListPayoutInvoices(
      const v1::ListPayoutInvoicesRequest& request,
      const CallOptions& options) override {
    return Read<v1::ListPayoutInvoicesResponse>(
        request, options, &v1::PayoutGatewayService::Stub::ListPayoutInvoices);
  }

  absl::StatusOr<v1::PayoutInvoice> CreatePayoutInvoice(
      const v1::CreatePayoutInvoiceRequest& request,
      const CallOptions& options) override {
    // Did the create happen? Look the reference id up.
    auto check = [this, &request, &options](absl::Time deadline) {
      v1::GetPayoutInvoiceRequest get;
      get.set_reference_id(request.reference_id());
      auto found = Once<v1::PayoutInvoice>(
          get, options, deadline,
          &v1::PayoutGatewayService::Stub::GetPayoutInvoice);
      Check<v1::PayoutInvoice> c;
      if (found.ok() && found->payout_service().id() == request.service() &&
          found->currency() == request.currency() &&
          SameAmount(found->amount(), request.amount())) {
        c.happened = true;
        c.result = *std::move(found);
      } else if (found.status().code() != absl::StatusCode::kNotFound) {
        c.unknown =
            true;  // another payout under the reference id, or no answer
      }
      return c;
    };
    return Run<v1::PayoutInvoice>(
        CallKind::kCreate, request, options,
        &v1::PayoutGatewayService::Stub::CreatePayoutInvoice, check);
  }

  absl::StatusOr<v1::PayoutInvoice> ProcessPayoutInvoice(
      const v1::ProcessPayoutInvoiceRequest& request,
      const CallOptions& options) override {
    // Did the process happen? Look at the invoice's status.
    auto check = [this, &request, &options](absl::Time deadline) {
      v1::GetPayoutInvoiceRequest get;
      get.set_id(request.id());
      auto found = Once<v1::PayoutInvoice>(
          get, options, deadline,
          &v1::PayoutGatewayService::Stub::GetPayoutInvoice);
      Check<v1::PayoutInvoice> c;
      if (!found.ok()) {
        c.unknown = true;
      } else if (found->status() != v1::PAYOUT_INVOICE_STATUS_CREATED) {
        c.happened = true;
        c.result = *std::move(found);
      }
      return c;
    };
    return Run<v1::PayoutInvoice>(
        CallKind::kProcess, request, options,
        &v1::PayoutGatewayService::Stub::ProcessPayoutInvoice, check);
  }

  std::unique_ptr<EventStream> WatchPayoutInvoice(
      const v1::WatchPayoutInvoiceRequest& request,
      const CallOptions& options) override {
    return std::make_unique<GrpcEventStream>(
        request, options, [this](grpc::ClientContext* context, const auto& r) {
          return stub_->WatchPayoutInvoice(context, r);
        });
  }

  std::unique_ptr<EventStream> StreamPayoutEvents(
      const v1::StreamPayoutEventsRequest& request,
      const CallOptions& options) override {
    return std::make_unique<GrpcEventStream>(
        request, options, [this](grpc::ClientContext* context, const auto& r) {
          return stub_->StreamPayoutEvents(context, r);
        });
  }

 private:
  template <typename Response, typename Request>
  using Method = grpc::Status (v1::PayoutGatewayService::Stub::*)(
      grpc::ClientContext*, const Request&, Response*);

  // One call to the gateway, bounded by `deadline`.
  template <typename Response, typename Request>
  absl::StatusOr<Response> Once(const Request& request,
                                const CallOptions& options, absl::Time deadline,
                                Method<Response, Request> method) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(deadline));
    if (!options.request_id.empty()) {
      context.AddMetadata("x-request-id", options.request_id);
    }
    for (const auto& [key, value] : options.metadata)
      context.AddMetadata(key, value);
    Response response;
    grpc::Status status = ((*stub_).*method)(&context, request, &response);
    if (!status.ok()) return FromGrpcStatus(status);
    return response;
  }

  template <typename Response, typename Request>
  absl::StatusOr<Response> Read(const Request& request,
                                const CallOptions& options,
                                Method<Response, Request> method) {
    return Run<Response>(CallKind::kRead, request, options, method,
                         [](absl::Time) { return Check<Response>{}; });
  }

  // Calls until success, or until the hint, the attempts, or the deadline
  // say stop. A create or process with an unknown outcome is re-sent only
  // after `check` found that it did not happen.
  template <typename Response, typename Request, typename CheckFn>
  absl::StatusOr<Response> Run(CallKind kind, const Request& request,
                               const CallOptions& options,
                               Method<Response, Request> method,
                               CheckFn check) {
    const absl::Time deadline = absl::Now() + options.timeout;
    const RetryOptions& retry = options_.retry;
    for (int attempt = 1;; ++attempt) {
      absl::StatusOr<Response> result =
          Once(request, options, deadline, method);
      if (result.ok() || attempt >= retry.max_attempts) return result;
      PayoutError error = PayoutError::FromStatus(result.status());
      NextStep step = internal::DecideNextStep(kind, error);
      if (step == NextStep::kStop) return result;
      if (step == NextStep::kCheckThenRetry) {
        Check<Response> c = check(deadline);
        if (c.happened) return std::move(c.result);
        if (c.unknown) return result;
      }
      absl::Duration delay = internal::DelayBeforeRetry(error, retry);
      if (absl::Now() + delay >= deadline) return result;
      absl::SleepFor(delay);
    }
  }

  std::unique_ptr<v1::PayoutGatewayService::Stub> stub_;
  ClientOptions options_;
};

}  // namespace

std::shared_ptr<PayoutClient> MakePayoutClient(
    std::shared_ptr<grpc::Channel> channel, ClientOptions options) {
  return std::make_shared<GrpcPayoutClient>(std::move(channel),
                                            std::move(options));
}

std::shared_ptr<PayoutClient> MakePayoutClient(const std::string& target,
                                               ClientOptions options) {
  auto credentials = options.credentials ? options.credentials
                                         : grpc::InsecureChannelCredentials();
  return MakePayoutClient(grpc::CreateChannel(target, credentials),
                          std::move(options));
}

}  // namespace payout_client
