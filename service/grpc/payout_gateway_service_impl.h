#ifndef PAYOUT_GATEWAY_GRPC_PAYOUT_GATEWAY_SERVICE_IMPL_H_
#define PAYOUT_GATEWAY_GRPC_PAYOUT_GATEWAY_SERVICE_IMPL_H_

#include <memory>

#include "common/metrics.h"
#include "common/timer.h"
#include "connection/payout_connection.h"
#include "corefy/payout/v1/payout_gateway_service.grpc.pb.h"
#include "events/event_bus.h"
#include "events/watch_hub.h"
#include "grpc/admission_control.h"
#include "grpc/open_streams.h"
#include "grpc/request_validation.h"
#include "grpc/stream_call.h"
#include "grpc/unary_call.h"
#include "grpc/watch_invoice_call.h"

namespace payout_gateway {

struct PayoutServiceOptions {
  std::shared_ptr<Metrics> metrics = NoMetrics();
  RequestLimits limits;
  AdmissionLimits admission;
  // The payout events the streams serve; an in-process bus when unset.
  std::shared_ptr<EventBus> events;
  // Runs the streams' polls and reads; gRPC's alarms when unset.
  std::shared_ptr<Timer> timer;
  // Who may open a stream; everyone when unset (no payout policy).
  RpcAuthorizer authorize;
  WatchOptions watch;
  // Streams open at once (WatchPayoutInvoice and StreamPayoutEvents).
  int max_open_streams = 10000;
};

// The gRPC face of the gateway. Each handler validates its request and hands
// it to the PayoutConnection; it translates nothing itself and holds no
// thread while the upstream works (callback API).
class PayoutGatewayServiceImpl final
    : public corefy::payout::v1::PayoutGatewayService::CallbackService {
 public:
  explicit PayoutGatewayServiceImpl(
      std::shared_ptr<PayoutConnection> connection,
      PayoutServiceOptions options = PayoutServiceOptions());

  // Ends the streams still open and waits for their reactors, which use
  // the hub and the stream registry until they are deleted.
  ~PayoutGatewayServiceImpl() override;

  const AdmissionControl& admission() const { return admission_; }

  // The drain: StartDraining() refuses new calls (UNAVAILABLE,
  // GATEWAY_DRAINING, ACTION_RETRY) and ends the open streams at once (their
  // callers reconnect and lose nothing); AwaitCalls() waits for the unary
  // calls in flight; CancelCalls() ends the rest as the gateway's own doing,
  // each with the hint its state calls for.
  void StartDraining() {
    registry_.StartDraining();
    streams_.Drain();
  }
  bool AwaitCalls(absl::Time deadline) {
    return registry_.AwaitEmpty(deadline);
  }
  int CancelCalls() { return registry_.CancelAll(); }

  grpc::ServerUnaryReactor* PayoutPrerequest(
      grpc::CallbackServerContext* context,
      const corefy::payout::v1::PayoutPrerequestRequest* request,
      corefy::payout::v1::PayoutPrerequestResponse* response) override;

  grpc::ServerUnaryReactor* ListPayoutServices(
      grpc::CallbackServerContext* context,
      const corefy::payout::v1::ListPayoutServicesRequest* request,
      corefy::payout::v1::ListPayoutServicesResponse* response) override;

  grpc::ServerUnaryReactor* GetPayoutService(
      grpc::CallbackServerContext* context,
      const corefy::payout::v1::GetPayoutServiceRequest* request,
      corefy::payout::v1::PayoutService* response) override;

  grpc::ServerUnaryReactor* CreatePayoutInvoice(
      grpc::CallbackServerContext* context,
      const corefy::payout::v1::CreatePayoutInvoiceRequest* request,
      corefy::payout::v1::PayoutInvoice* response) override;

  grpc::ServerUnaryReactor* ProcessPayoutInvoice(
      grpc::CallbackServerContext* context,
      const corefy::payout::v1::ProcessPayoutInvoiceRequest* request,
      corefy::payout::v1::PayoutInvoice* response) override;

  grpc::ServerUnaryReactor* GetPayoutInvoice(
      grpc::CallbackServerContext* context,
      const corefy::payout::v1::GetPayoutInvoiceRequest* request,
      corefy::payout::v1::PayoutInvoice* response) override;

  grpc::ServerUnaryReactor* ListPayoutInvoices(
      grpc::CallbackServerContext* context,
      const corefy::payout::v1::ListPayoutInvoicesRequest* request,
      corefy::payout::v1::ListPayoutInvoicesResponse* response) override;

  grpc::ServerWriteReactor<corefy::payout::v1::PayoutInvoiceEvent>*
  WatchPayoutInvoice(
      grpc::CallbackServerContext* context,
      const corefy::payout::v1::WatchPayoutInvoiceRequest* request) override;

  grpc::ServerWriteReactor<corefy::payout::v1::PayoutInvoiceEvent>*
  StreamPayoutEvents(
      grpc::CallbackServerContext* context,
      const corefy::payout::v1::StreamPayoutEventsRequest* request) override;

 private:
  template <typename Request>
  using Validator = absl::Status (*)(const Request&, const RequestLimits&);
  template <typename Request, typename Response>
  using ConnectionMethod = void (PayoutConnection::*)(CallContextPtr,
                                                      const Request&,
                                                      ResultCallback<Response>);

  // Runs one call: `validate`, then `forward` to the connection.
  template <typename Request, typename Response>
  grpc::ServerUnaryReactor* Handle(absl::string_view method,
                                   grpc::CallbackServerContext* context,
                                   const Request* request, Response* response,
                                   Validator<Request> validate,
                                   ConnectionMethod<Request, Response> forward);

  std::shared_ptr<PayoutConnection> connection_;
  std::shared_ptr<Metrics> metrics_;
  const RequestLimits limits_;
  AdmissionControl admission_;
  CallRegistry registry_;
  const CallDeps deps_;
  std::shared_ptr<EventBus> events_;
  std::shared_ptr<Timer> timer_;
  WatchHub hub_;
  OpenStreams streams_;
  const StreamDeps stream_deps_;
  const WatchDeps watch_deps_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_GRPC_PAYOUT_GATEWAY_SERVICE_IMPL_H_
