// payout-noop-server: a PayoutGatewayService that answers at once with the
// same messages the gateway would return for the benchmark's upstream
// documents -- the gRPC half of the gateway's work, without the HTTP half.
// Its throughput is the "gRPC baseline" of bench/run.
//
// With --upstream=URL, GetPayoutInvoice first fetches URL through the
// gateway's own HTTP transport and ignores what it gets: the floor of a
// gateway (a gRPC call plus an HTTP hop) without any translation, logging
// or metrics. bench/run reports it to show where the gateway's time goes.
//
//   payout-noop-server --listen=127.0.0.1:0 --data=tests/data [--upstream=URL]
// Prints "payout-noop-server listening on HOST:PORT".

#include <grpcpp/grpcpp.h>
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "corefy/payout/v1/payout_gateway_service.grpc.pb.h"
#include "json/payout_invoice_json.h"
#include "json/payout_service_json.h"
#include "rest/curl_multi_transport.h"

namespace {

namespace v1 = ::corefy::payout::v1;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class NoopService final : public v1::PayoutGatewayService::CallbackService {
 public:
  NoopService(const std::string& data, std::string upstream)
      : upstream_(std::move(upstream)) {
    if (!upstream_.empty()) {
      payout_gateway::CurlTransportOptions options;
      options.max_connections = 64;
      transport_ = *payout_gateway::CurlMultiTransport::Create(options);
    }
    (void)payout_gateway::ParsePayoutInvoiceDocument(
        Read(data + "/invoice_private.json"), &invoice_);
    (void)payout_gateway::ParsePayoutServiceDocument(
        Read(data + "/payout_service.json"), &service_);
    (void)payout_gateway::ParsePayoutInvoiceListDocument(
        Read(data + "/invoice_list.json"), list_.mutable_payout_invoices());
  }

  grpc::ServerUnaryReactor* GetPayoutInvoice(grpc::CallbackServerContext* ctx,
                                             const v1::GetPayoutInvoiceRequest*,
                                             v1::PayoutInvoice* out) override {
    if (transport_ == nullptr) {
      *out = invoice_;
      return Done(ctx);
    }
    auto* reactor = ctx->DefaultReactor();
    payout_gateway::HttpRequest request;
    request.url = upstream_;
    transport_->Send(
        std::move(request),
        [this, reactor, out](payout_gateway::HttpResult result) {
          if (result.outcome != payout_gateway::TransferOutcome::kResponse) {
            reactor->Finish(
                grpc::Status(grpc::StatusCode::UNAVAILABLE, result.error));
            return;
          }
          *out = invoice_;
          reactor->Finish(grpc::Status::OK);
        });
    return reactor;
  }
  grpc::ServerUnaryReactor* CreatePayoutInvoice(
      grpc::CallbackServerContext* ctx, const v1::CreatePayoutInvoiceRequest*,
      v1::PayoutInvoice* out) override {
    *out = invoice_;
    return Done(ctx);
  }
  grpc::ServerUnaryReactor* GetPayoutService(grpc::CallbackServerContext* ctx,
                                             const v1::GetPayoutServiceRequest*,
                                             v1::PayoutService* out) override {
    *out = service_;
    return Done(ctx);
  }
  grpc::ServerUnaryReactor* ListPayoutInvoices(
      grpc::CallbackServerContext* ctx, const v1::ListPayoutInvoicesRequest*,
      v1::ListPayoutInvoicesResponse* out) override {
    *out = list_;
    return Done(ctx);
  }

 private:
  static grpc::ServerUnaryReactor* Done(grpc::CallbackServerContext* ctx) {
    auto* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  const std::string upstream_;
  std::unique_ptr<payout_gateway::CurlMultiTransport> transport_;
  v1::PayoutInvoice invoice_;
  v1::PayoutService service_;
  v1::ListPayoutInvoicesResponse list_;
};

}  // namespace

int main(int argc, char** argv) {
  std::string listen = "127.0.0.1:0", data = "tests/data", upstream;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--listen=", 0) == 0) listen = arg.substr(9);
    if (arg.rfind("--data=", 0) == 0) data = arg.substr(7);
    if (arg.rfind("--upstream=", 0) == 0) upstream = arg.substr(11);
  }
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  NoopService service(data, upstream);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  auto server = builder.BuildAndStart();
  if (!server || port == 0) return 1;
  std::printf("payout-noop-server listening on %s:%d\n",
              listen.substr(0, listen.rfind(':')).c_str(), port);
  std::fflush(stdout);
  int sig = 0;
  sigwait(&stop, &sig);
  server->Shutdown();
  return 0;
}
