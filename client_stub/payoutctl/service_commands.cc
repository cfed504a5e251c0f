// prerequest, services list|get and health.

#include <memory>

#include "grpc/health/v1/health.grpc.pb.h"
#include "payout_client/payout_error.h"
#include "payoutctl/commands.h"
#include "payoutctl/validators.h"

namespace payoutctl {
namespace {

namespace v1 = ::corefy::payout::v1;

void AddPrerequest(CLI::App& app, Command& chosen) {
  auto* cmd = app.add_subcommand("prerequest",
                                 "which payout services can pay out an amount");
  auto request = std::make_shared<v1::PayoutPrerequestRequest>();
  cmd->add_option("--currency", *request->mutable_currency(),
                  "ISO 4217 currency of the amount")
      ->required()
      ->check(CurrencyValidator());
  cmd->add_option("--amount", *request->mutable_amount(), "e.g. 10.50")
      ->required()
      ->check(AmountValidator());
  cmd->callback([&chosen, request] {
    chosen = [request](Session& s) {
      return Report(s, s.client->PayoutPrerequest(*request, s.call),
                    &FormatPrerequest);
    };
  });
}

void AddServices(CLI::App& app, Command& chosen) {
  auto* services =
      app.add_subcommand("services", "the payout services of the account");
  services->require_subcommand(1);

  auto* list = services->add_subcommand("list", "one page of services");
  auto list_request = std::make_shared<v1::ListPayoutServicesRequest>();
  list->add_option_function<int>(
          "--page-size",
          [list_request](int n) { list_request->set_page_size(n); },
          "services per page (the gateway's default when unset)")
      ->check(PositiveCountValidator());
  list->add_option("--page-token", *list_request->mutable_page_token(),
                   "the next page, as the previous one printed it");
  list->callback([&chosen, list_request] {
    chosen = [list_request](Session& s) {
      return Report(s, s.client->ListPayoutServices(*list_request, s.call),
                    &FormatServiceList);
    };
  });

  auto* get = services->add_subcommand("get", "one service by id");
  auto get_request = std::make_shared<v1::GetPayoutServiceRequest>();
  get->add_option("id", *get_request->mutable_id(), "payout service id")
      ->required();
  get->callback([&chosen, get_request] {
    chosen = [get_request](Session& s) {
      return Report(s, s.client->GetPayoutService(*get_request, s.call),
                    &FormatService);
    };
  });
}

// grpc.health.v1 Check: exit 0 when SERVING.
int CheckHealth(Session& s, const std::string& service) {
  auto stub = grpc::health::v1::Health::NewStub(s.channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + s.call.timeout));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  const absl::Status status =
      payout_client::FromGrpcStatus(stub->Check(&context, request, &response));
  if (!status.ok()) {
    std::fputs(FormatError(status, s.format).c_str(), stderr);
    return ExitCodeOf(status);
  }
  if (s.format == OutputFormat::kTable) {
    std::printf("%s\n",
                grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
                    response.status())
                    .c_str());
  } else {
    std::fputs(Document(response, s.format).c_str(), stdout);
  }
  return response.status() == grpc::health::v1::HealthCheckResponse::SERVING
             ? 0
             : ExitCodeOf(absl::UnavailableError("not serving"));
}

void AddHealth(CLI::App& app, Command& chosen) {
  auto* cmd = app.add_subcommand(
      "health", "the gateway's grpc.health.v1 status (exit 0 if SERVING)");
  auto service = std::make_shared<std::string>();
  cmd->add_option("--service", *service,
                  "a service's status instead of the whole server's");
  cmd->callback([&chosen, service] {
    chosen = [service](Session& s) { return CheckHealth(s, *service); };
  });
}

}  // namespace

void AddServiceCommands(CLI::App& app, Command& chosen) {
  AddPrerequest(app, chosen);
  AddServices(app, chosen);
  AddHealth(app, chosen);
}

}  // namespace payoutctl
