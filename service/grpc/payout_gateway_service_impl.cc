#include "grpc/payout_gateway_service_impl.h"

#include <utility>

#include "absl/time/clock.h"
#include "common/log.h"
#include "events/in_process_event_bus.h"
#include "grpc/alarm_timer.h"
#include "grpc/event_stream_call.h"

namespace payout_gateway {

namespace v1 = ::corefy::payout::v1;

namespace {

// The merchant reference id a request is about, for the call's log line.
template <typename Request>
std::string ReferenceIdOf(const Request&) {
  return "";
}
std::string ReferenceIdOf(const v1::CreatePayoutInvoiceRequest& r) {
  return r.reference_id();
}
std::string ReferenceIdOf(const v1::GetPayoutInvoiceRequest& r) {
  return r.reference_id();
}

std::shared_ptr<EventBus> OrInProcess(std::shared_ptr<EventBus> bus) {
  if (bus != nullptr) return bus;
  return std::make_shared<InProcessEventBus>();
}

std::shared_ptr<Timer> OrAlarms(std::shared_ptr<Timer> timer) {
  if (timer != nullptr) return timer;
  return std::make_shared<AlarmTimer>();
}

RpcAuthorizer OrAllowAll(RpcAuthorizer authorize) {
  if (authorize) return authorize;
  return [](const CallContext&, absl::string_view) { return absl::OkStatus(); };
}

}  // namespace

PayoutGatewayServiceImpl::PayoutGatewayServiceImpl(
    std::shared_ptr<PayoutConnection> connection, PayoutServiceOptions options)
    : connection_(std::move(connection)),
      metrics_(std::move(options.metrics)),
      limits_(options.limits),
      admission_(options.admission, metrics_.get()),
      deps_{metrics_.get(), &admission_, &registry_},
      events_(OrInProcess(std::move(options.events))),
      timer_(OrAlarms(std::move(options.timer))),
      hub_(events_),
      streams_(options.max_open_streams),
      stream_deps_{metrics_.get(), &streams_, timer_.get(),
                   OrAllowAll(std::move(options.authorize))},
      watch_deps_{connection_.get(), &hub_, options.watch, limits_} {}

// Every handler has the same shape: validate, then call the connection
// method of the same name. The request stays valid until the RPC finishes,
// which happens only after the connection reports, so it is passed by
// reference.
template <typename Request, typename Response>
grpc::ServerUnaryReactor* PayoutGatewayServiceImpl::Handle(
    absl::string_view method, grpc::CallbackServerContext* context,
    const Request* request, Response* response, Validator<Request> validate,
    ConnectionMethod<Request, Response> forward) {
  return UnaryCall<Response>::Run(
      context, response,
      {method, ReferenceIdOf(*request),
       static_cast<int64_t>(request->ByteSizeLong())},
      deps_, [this, request, validate] { return validate(*request, limits_); },
      [this, request, forward](CallContextPtr ctx,
                               ResultCallback<Response> done) {
        (connection_.get()->*forward)(std::move(ctx), *request,
                                      std::move(done));
      });
}

grpc::ServerUnaryReactor* PayoutGatewayServiceImpl::PayoutPrerequest(
    grpc::CallbackServerContext* context,
    const v1::PayoutPrerequestRequest* request,
    v1::PayoutPrerequestResponse* response) {
  return Handle("PayoutPrerequest", context, request, response,
                &ValidatePayoutPrerequest, &PayoutConnection::PayoutPrerequest);
}

grpc::ServerUnaryReactor* PayoutGatewayServiceImpl::ListPayoutServices(
    grpc::CallbackServerContext* context,
    const v1::ListPayoutServicesRequest* request,
    v1::ListPayoutServicesResponse* response) {
  return Handle("ListPayoutServices", context, request, response,
                &ValidateListPayoutServices,
                &PayoutConnection::ListPayoutServices);
}

grpc::ServerUnaryReactor* PayoutGatewayServiceImpl::GetPayoutService(
    grpc::CallbackServerContext* context,
    const v1::GetPayoutServiceRequest* request, v1::PayoutService* response) {
  return Handle("GetPayoutService", context, request, response,
                &ValidateGetPayoutService, &PayoutConnection::GetPayoutService);
}

grpc::ServerUnaryReactor* PayoutGatewayServiceImpl::CreatePayoutInvoice(
    grpc::CallbackServerContext* context,
    const v1::CreatePayoutInvoiceRequest* request,
    v1::PayoutInvoice* response) {
  return Handle("CreatePayoutInvoice", context, request, response,
                &ValidateCreatePayoutInvoice,
                &PayoutConnection::CreatePayoutInvoice);
}

grpc::ServerUnaryReactor* PayoutGatewayServiceImpl::ProcessPayoutInvoice(
    grpc::CallbackServerContext* context,
    const v1::ProcessPayoutInvoiceRequest* request,
    v1::PayoutInvoice* response) {
  return Handle("ProcessPayoutInvoice", context, request, response,
                &ValidateProcessPayoutInvoice,
                &PayoutConnection::ProcessPayoutInvoice);
}

grpc::ServerUnaryReactor* PayoutGatewayServiceImpl::GetPayoutInvoice(
    grpc::CallbackServerContext* context,
    const v1::GetPayoutInvoiceRequest* request, v1::PayoutInvoice* response) {
  return Handle("GetPayoutInvoice", context, request, response,
                &ValidateGetPayoutInvoice, &PayoutConnection::GetPayoutInvoice);
}

grpc::ServerUnaryReactor* PayoutGatewayServiceImpl::ListPayoutInvoices(
    grpc::CallbackServerContext* context,
    const v1::ListPayoutInvoicesRequest* request,
    v1::ListPayoutInvoicesResponse* response) {
  return Handle("ListPayoutInvoices", context, request, response,
                &ValidateListPayoutInvoices,
                &PayoutConnection::ListPayoutInvoices);
}

PayoutGatewayServiceImpl::~PayoutGatewayServiceImpl() {
  streams_.Drain();
  // Their pending timers fire at once and reads are cancelled: moments.
  if (!streams_.AwaitEmpty(absl::Now() + absl::Seconds(10))) {
    LogEvent(Severity::kError, "streams_outlive_service",
             {{"why", "stream reactors still alive after 10 s"}});
  }
}

grpc::ServerWriteReactor<v1::PayoutInvoiceEvent>*
PayoutGatewayServiceImpl::WatchPayoutInvoice(
    grpc::CallbackServerContext* context,
    const v1::WatchPayoutInvoiceRequest* request) {
  return WatchInvoiceCall::Start(context, *request, stream_deps_, watch_deps_);
}

grpc::ServerWriteReactor<v1::PayoutInvoiceEvent>*
PayoutGatewayServiceImpl::StreamPayoutEvents(
    grpc::CallbackServerContext* context,
    const v1::StreamPayoutEventsRequest* request) {
  return EventStreamCall::Start(context, *request, stream_deps_, events_.get());
}

}  // namespace payout_gateway
