// The PayoutClient over a gRPC channel, following the gateway's retry hints.

#include <string>
#include <utility>

#include "absl/time/clock.h"
#include "call_checks.h"
#include "corefy/payout/v1/payout_gateway_service.grpc.pb.h"
#include "hint_policy.h"
#include "payout_client/payout_client.h"
#include "payout_client/payout_error.h"
#include "retrying_call.h"

namespace payout_client {
namespace {

namespace v1 = ::corefy::payout::v1;
using internal::CallKind;
using internal::NextStep;

using internal::OutcomeCheck;
using internal::PrepareMethod;
using internal::RetryingCall;
using internal::Stub;
using Verdict = OutcomeCheck<v1::PayoutInvoice>::Verdict;

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

// Did the create happen? The invoice under its reference id says: the same
// payout (service, currency, amount) means yes; NOT_FOUND means no; another
// payout under the reference id, or no answer, leaves it unknown.
OutcomeCheck<v1::PayoutInvoice> CreateCheck(
    const v1::CreatePayoutInvoiceRequest& request) {
  OutcomeCheck<v1::PayoutInvoice> check;
  check.lookup.set_reference_id(request.reference_id());
  check.judge = [request](absl::StatusOr<v1::PayoutInvoice> found) {
    Verdict v;
    if (found.ok() && found->payout_service().id() == request.service() &&
        found->currency() == request.currency() &&
        SameAmount(found->amount(), request.amount())) {
      v.happened = true;
      v.result = *std::move(found);
    } else if (found.status().code() != absl::StatusCode::kNotFound) {
      v.unknown = true;
    }
    return v;
  };
  return check;
}

// Did the process happen? An invoice no longer `created` says yes.
OutcomeCheck<v1::PayoutInvoice> ProcessCheck(
    const v1::ProcessPayoutInvoiceRequest& request) {
  OutcomeCheck<v1::PayoutInvoice> check;
  check.lookup.set_id(request.id());
  check.judge = [](absl::StatusOr<v1::PayoutInvoice> found) {
    Verdict v;
    if (!found.ok()) {
      v.unknown = true;
    } else if (found->status() != v1::PAYOUT_INVOICE_STATUS_CREATED) {
      v.happened = true;
      v.result = *std::move(found);
    }
    return v;
  };
  return check;
}

// A server stream over gRPC: the context and the reader live together.
// Options that cannot be sent end it before it starts (Next false, Finish
// the error).
class GrpcEventStream final : public EventStream {
 public:
  template <typename Request, typename Open>
  GrpcEventStream(const Request& request, const CallOptions& options, Open open)
      : refused_(internal::CheckCallOptions(options)) {
    if (!refused_.ok()) return;
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
    return refused_.ok() && reader_->Read(&event);
  }
  absl::Status Finish() override {
    if (!refused_.ok()) return refused_;
    return FromGrpcStatus(reader_->Finish());
  }
  void Cancel() override { context_.TryCancel(); }

 private:
  const absl::Status refused_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::PayoutInvoiceEvent>> reader_;
};

// The blocking calls wait for the asynchronous ones: one implementation of
// the retries, on the client's own completion queue.
class GrpcPayoutClient final : public PayoutClient {
 public:
  GrpcPayoutClient(std::shared_ptr<grpc::Channel> channel,
                   ClientOptions options)
      : stub_(v1::PayoutGatewayService::NewStub(std::move(channel))),
        options_(std::move(options)) {}

  Future<v1::PayoutPrerequestResponse> AsyncPayoutPrerequest(
      const v1::PayoutPrerequestRequest& request,
      const CallOptions& options) override {
    return Read(&Stub::PrepareAsyncPayoutPrerequest, request, options);
  }
  Future<v1::ListPayoutServicesResponse> AsyncListPayoutServices(
      const v1::ListPayoutServicesRequest& request,
      const CallOptions& options) override {
    return Read(&Stub::PrepareAsyncListPayoutServices, request, options);
  }
  Future<v1::PayoutService> AsyncGetPayoutService(
      const v1::GetPayoutServiceRequest& request,
      const CallOptions& options) override {
    return Read(&Stub::PrepareAsyncGetPayoutService, request, options);
  }
  Future<v1::PayoutInvoice> AsyncGetPayoutInvoice(
      const v1::GetPayoutInvoiceRequest& request,
      const CallOptions& options) override {
    return Read(&Stub::PrepareAsyncGetPayoutInvoice, request, options);
  }
  Future<v1::ListPayoutInvoicesResponse> AsyncListPayoutInvoices(
      const v1::ListPayoutInvoicesRequest& request,
      const CallOptions& options) override {
    return Read(&Stub::PrepareAsyncListPayoutInvoices, request, options);
  }
  Future<v1::PayoutInvoice> AsyncCreatePayoutInvoice(
      const v1::CreatePayoutInvoiceRequest& request,
      const CallOptions& options) override {
    return RetryingCall<v1::CreatePayoutInvoiceRequest, v1::PayoutInvoice>::
        Start(Transport(), &Stub::PrepareAsyncCreatePayoutInvoice,
              CallKind::kCreate, request, options, options_.retry,
              CreateCheck(request));
  }
  Future<v1::PayoutInvoice> AsyncProcessPayoutInvoice(
      const v1::ProcessPayoutInvoiceRequest& request,
      const CallOptions& options) override {
    return RetryingCall<v1::ProcessPayoutInvoiceRequest, v1::PayoutInvoice>::
        Start(Transport(), &Stub::PrepareAsyncProcessPayoutInvoice,
              CallKind::kProcess, request, options, options_.retry,
              ProcessCheck(request));
  }

  absl::StatusOr<v1::PayoutPrerequestResponse> PayoutPrerequest(
      const v1::PayoutPrerequestRequest& request,
      const CallOptions& options) override {
    return AsyncPayoutPrerequest(request, options).get();
  }
  absl::StatusOr<v1::ListPayoutServicesResponse> ListPayoutServices(
      const v1::ListPayoutServicesRequest& request,
      const CallOptions& options) override {
    return AsyncListPayoutServices(request, options).get();
  }
  absl::StatusOr<v1::PayoutService> GetPayoutService(
      const v1::GetPayoutServiceRequest& request,
      const CallOptions& options) override {
    return AsyncGetPayoutService(request, options).get();
  }
  absl::StatusOr<v1::PayoutInvoice> GetPayoutInvoice(
      const v1::GetPayoutInvoiceRequest& request,
      const CallOptions& options) override {
    return AsyncGetPayoutInvoice(request, options).get();
  }
  absl::StatusOr<v1::ListPayoutInvoicesResponse> ListPayoutInvoices(
      const v1::ListPayoutInvoicesRequest& request,
      const CallOptions& options) override {
    return AsyncListPayoutInvoices(request, options).get();
  }
  absl::StatusOr<v1::PayoutInvoice> CreatePayoutInvoice(
      const v1::CreatePayoutInvoiceRequest& request,
      const CallOptions& options) override {
    return AsyncCreatePayoutInvoice(request, options).get();
  }
  absl::StatusOr<v1::PayoutInvoice> ProcessPayoutInvoice(
      const v1::ProcessPayoutInvoiceRequest& request,
      const CallOptions& options) override {
    return AsyncProcessPayoutInvoice(request, options).get();
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
  // A read: retried on the hint, never checked first.
  template <typename Request, typename Response>
  Future<Response> Read(PrepareMethod<Request, Response> method,
                        const Request& request, const CallOptions& options) {
    return RetryingCall<Request, Response>::Start(
        Transport(), method, CallKind::kRead, request, options, options_.retry);
  }

  internal::Transport Transport() { return {*stub_, queue_}; }

  std::unique_ptr<Stub> stub_;
  ClientOptions options_;
  // Destroyed first: it cancels and drains the calls that use the stub.
  internal::BackgroundQueue queue_;
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
