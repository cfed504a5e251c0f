// payoutctl: the command line of the payout gateway.
//
//   payoutctl [--gateway=HOST:PORT] [--timeout=30s] [--json] COMMAND ...
//
// Exit status: 0 on success, the gRPC status code of a failed call (1-16),
// 64 for a usage error, 65 when `invoices watch` sees the payout end
// without being paid.

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/util/json_util.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "payout_client/payout_client.h"
#include "payout_client/payout_error.h"
#include "payoutctl/args.h"
#include "payoutctl/output.h"
#include "payoutctl/streams.h"

namespace {

namespace v1 = ::corefy::payout::v1;
using payoutctl::Args;

constexpr int kUsageError = 64;

constexpr char kUsage[] =
    R"(usage: payoutctl [--gateway=HOST:PORT] [--timeout=30s] [--json] COMMAND

commands:
  prerequest --currency=USD --amount=10.00
  services list [--page-size=N] [--page-token=T]
  services get ID
  invoices create --reference-id=R --service=S --currency=C --amount=A
                  [--field KEY=VALUE]... [--callback-url=URL] [--description=TEXT]
                  [--metadata KEY=VALUE]... [--customer-reference-id=ID]
                  [--customer-name=NAME] [--customer-email=EMAIL]
                  [--from-file=REQUEST.json]
  invoices process ID
  invoices get ID | invoices get --reference-id=R
  invoices list [--page-size=N] [--page-token=T]
  invoices watch ID | invoices watch --reference-id=R
                                      each change as the gateway pushes it,
                                      until the payout is final
  events tail [--from=CURSOR | --from-oldest]
                                      the account's payout events as they
                                      come, each with the cursor to resume at
  health [--service=NAME]             grpc.health.v1 status (exit 0 if SERVING)

TLS: --tls-ca=CA.pem verifies the gateway's certificate; --tls-cert=C.pem
and --tls-key=C.key present a client certificate (mTLS); --tls-server-name
checks the gateway's certificate for another name. Without them: plaintext.

Calls follow the gateway's retry hints (--no-retry: one attempt). Exit
status: 0, the gRPC code of a failed call, 64 usage, 65 payout not paid.
environment: PAYOUTCTL_GATEWAY (default localhost:50051), PAYOUTCTL_TIMEOUT,
PAYOUTCTL_TLS_CA, PAYOUTCTL_TLS_CERT, PAYOUTCTL_TLS_KEY
)";

const std::vector<std::string> kValueFlags = {"gateway",
                                              "timeout",
                                              "currency",
                                              "amount",
                                              "page-size",
                                              "page-token",
                                              "reference-id",
                                              "service",
                                              "field",
                                              "callback-url",
                                              "description",
                                              "metadata",
                                              "customer-reference-id",
                                              "customer-name",
                                              "customer-email",
                                              "from-file",
                                              "tls-ca",
                                              "tls-cert",
                                              "tls-key",
                                              "tls-server-name",
                                              "from"};

std::string Env(const char* name, const char* fallback);

absl::StatusOr<std::string> ReadPem(const std::string& flag,
                                    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return absl::InvalidArgumentError("--" + flag + ": cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The channel to the gateway: TLS (and mTLS) when a CA or client
// certificate is given, else plaintext.
absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(
    const std::string& target, const Args& args) {
  const std::string ca = args.GetOr("tls-ca", Env("PAYOUTCTL_TLS_CA", ""));
  const std::string cert =
      args.GetOr("tls-cert", Env("PAYOUTCTL_TLS_CERT", ""));
  const std::string key = args.GetOr("tls-key", Env("PAYOUTCTL_TLS_KEY", ""));
  if (ca.empty() && cert.empty() && key.empty()) {
    return grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  }
  if (cert.empty() != key.empty()) {
    return absl::InvalidArgumentError("--tls-cert and --tls-key go together");
  }
  grpc::SslCredentialsOptions ssl;
  for (auto [flag, path, pem] :
       {std::tuple{"tls-ca", ca, &ssl.pem_root_certs},
        std::tuple{"tls-cert", cert, &ssl.pem_cert_chain},
        std::tuple{"tls-key", key, &ssl.pem_private_key}}) {
    if (path.empty()) continue;
    auto text = ReadPem(flag, path);
    if (!text.ok()) return text.status();
    *pem = *std::move(text);
  }
  grpc::ChannelArguments channel_args;
  if (auto name = args.Get("tls-server-name")) {
    channel_args.SetSslTargetNameOverride(*name);
  }
  return grpc::CreateCustomChannel(target, grpc::SslCredentials(ssl),
                                   channel_args);
}

// grpc.health.v1 Check; the whole server by default.
int Health(std::shared_ptr<grpc::Channel> channel, const Args& args,
           absl::Duration timeout) {
  auto stub = grpc::health::v1::Health::NewStub(std::move(channel));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(args.GetOr("service", ""));
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) {
    std::fputs(
        payoutctl::FormatError(payout_client::FromGrpcStatus(status)).c_str(),
        stderr);
    return static_cast<int>(status.error_code());
  }
  std::printf("%s\n", grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
                          response.status())
                          .c_str());
  return response.status() == grpc::health::v1::HealthCheckResponse::SERVING
             ? 0
             : static_cast<int>(grpc::StatusCode::UNAVAILABLE);
}

struct Context {
  std::shared_ptr<payout_client::PayoutClient> client;
  payout_client::CallOptions options;
  bool json = false;
};

int UsageError(const std::string& message) {
  std::fprintf(stderr, "payoutctl: %s\n\n%s", message.c_str(), kUsage);
  return kUsageError;
}

// Prints the response (human or JSON) or the error; returns the exit code.
template <typename T>
int Report(const Context& ctx, const absl::StatusOr<T>& result,
           std::string (*format)(const T&)) {
  if (!result.ok()) {
    std::fputs(payoutctl::FormatError(result.status()).c_str(), stderr);
    return static_cast<int>(result.status().code());
  }
  std::string text =
      ctx.json ? payoutctl::Json(*result) + "\n" : format(*result);
  std::fputs(text.c_str(), stdout);
  return 0;
}

bool SplitPair(const std::string& kv, std::string& key, std::string& value) {
  auto eq = kv.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  key = kv.substr(0, eq);
  value = kv.substr(eq + 1);
  return true;
}

int PageSize(const Args& args) {
  return std::atoi(args.GetOr("page-size", "0").c_str());
}

int Prerequest(Context& ctx, const Args& args) {
  v1::PayoutPrerequestRequest request;
  request.set_currency(args.GetOr("currency", ""));
  request.set_amount(args.GetOr("amount", ""));
  return Report(ctx, ctx.client->PayoutPrerequest(request, ctx.options),
                &payoutctl::FormatPrerequest);
}

int Services(Context& ctx, const Args& args) {
  const auto& pos = args.positional();
  if (pos.size() >= 2 && pos[1] == "list") {
    v1::ListPayoutServicesRequest request;
    request.set_page_size(PageSize(args));
    request.set_page_token(args.GetOr("page-token", ""));
    return Report(ctx, ctx.client->ListPayoutServices(request, ctx.options),
                  &payoutctl::FormatServiceList);
  }
  if (pos.size() == 3 && pos[1] == "get") {
    v1::GetPayoutServiceRequest request;
    request.set_id(pos[2]);
    return Report(ctx, ctx.client->GetPayoutService(request, ctx.options),
                  &payoutctl::FormatService);
  }
  return UsageError("services needs 'list' or 'get ID'");
}

// Builds a create request from --from-file (JSON of the proto) and flags;
// flags win over the file.
absl::StatusOr<v1::CreatePayoutInvoiceRequest> CreateRequest(const Args& args) {
  v1::CreatePayoutInvoiceRequest request;
  if (auto file = args.Get("from-file")) {
    std::ifstream in(*file);
    if (!in)
      return absl::InvalidArgumentError(absl::StrCat("cannot read ", *file));
    std::stringstream text;
    text << in.rdbuf();
    auto parsed =
        google::protobuf::util::JsonStringToMessage(text.str(), &request);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(*file, ": ", std::string(parsed.message())));
    }
  }
  if (auto v = args.Get("reference-id")) request.set_reference_id(*v);
  if (auto v = args.Get("service")) request.set_service(*v);
  if (auto v = args.Get("currency")) request.set_currency(*v);
  if (auto v = args.Get("amount")) request.set_amount(*v);
  if (auto v = args.Get("callback-url")) request.set_callback_url(*v);
  if (auto v = args.Get("description")) request.set_description(*v);
  std::string key, value;
  for (const auto& kv : args.GetAll("field")) {
    if (!SplitPair(kv, key, value)) {
      return absl::InvalidArgumentError("--field takes KEY=VALUE");
    }
    (*request.mutable_fields())[key] = value;
  }
  for (const auto& kv : args.GetAll("metadata")) {
    if (!SplitPair(kv, key, value)) {
      return absl::InvalidArgumentError("--metadata takes KEY=VALUE");
    }
    (*request.mutable_metadata())[key] = value;
  }
  if (auto v = args.Get("customer-reference-id")) {
    request.mutable_customer()->set_reference_id(*v);
  }
  if (auto v = args.Get("customer-name"))
    request.mutable_customer()->set_name(*v);
  if (auto v = args.Get("customer-email"))
    request.mutable_customer()->set_email(*v);
  return request;
}

// Streams have no deadline unless --timeout (or PAYOUTCTL_TIMEOUT) asks.
payoutctl::StreamSettings StreamSettingsOf(const Context& ctx,
                                           const Args& args) {
  payoutctl::StreamSettings settings{ctx.options, ctx.json};
  if (!args.Has("timeout") && Env("PAYOUTCTL_TIMEOUT", "").empty()) {
    settings.options.timeout = absl::InfiniteDuration();
  }
  return settings;
}

int Events(Context& ctx, const Args& args) {
  const auto& pos = args.positional();
  if (pos.size() != 2 || pos[1] != "tail") {
    return UsageError("events needs tail [--from=CURSOR] [--from-oldest]");
  }
  v1::StreamPayoutEventsRequest request;
  request.set_cursor(args.GetOr("from", ""));
  request.set_from_oldest(args.Has("from-oldest"));
  return payoutctl::TailEvents(*ctx.client, request,
                               StreamSettingsOf(ctx, args));
}

int Invoices(Context& ctx, const Args& args) {
  const auto& pos = args.positional();
  std::string verb = pos.size() >= 2 ? pos[1] : "";
  if (verb == "create") {
    auto request = CreateRequest(args);
    if (!request.ok())
      return UsageError(std::string(request.status().message()));
    return Report(ctx, ctx.client->CreatePayoutInvoice(*request, ctx.options),
                  &payoutctl::FormatInvoice);
  }
  if (verb == "process" && pos.size() == 3) {
    v1::ProcessPayoutInvoiceRequest request;
    request.set_id(pos[2]);
    return Report(ctx, ctx.client->ProcessPayoutInvoice(request, ctx.options),
                  &payoutctl::FormatInvoice);
  }
  if (verb == "get") {
    v1::GetPayoutInvoiceRequest request;
    if (pos.size() == 3) {
      request.set_id(pos[2]);
    } else if (auto ref = args.Get("reference-id")) {
      request.set_reference_id(*ref);
    } else {
      return UsageError("invoices get needs an ID or --reference-id");
    }
    return Report(ctx, ctx.client->GetPayoutInvoice(request, ctx.options),
                  &payoutctl::FormatInvoice);
  }
  if (verb == "watch") {
    v1::WatchPayoutInvoiceRequest request;
    if (pos.size() == 3) {
      request.set_id(pos[2]);
    } else if (auto ref = args.Get("reference-id")) {
      request.set_reference_id(*ref);
    } else {
      return UsageError("invoices watch needs an ID or --reference-id");
    }
    return payoutctl::WatchInvoice(*ctx.client, request,
                                   StreamSettingsOf(ctx, args));
  }
  if (verb == "list") {
    v1::ListPayoutInvoicesRequest request;
    request.set_page_size(PageSize(args));
    request.set_page_token(args.GetOr("page-token", ""));
    return Report(ctx, ctx.client->ListPayoutInvoices(request, ctx.options),
                  &payoutctl::FormatInvoiceList);
  }
  return UsageError("invoices needs create, process ID, get, list or watch");
}

std::string Env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  auto parsed = Args::Parse(std::vector<std::string>(argv + 1, argv + argc),
                            kValueFlags, args);
  if (!parsed.ok()) return UsageError(std::string(parsed.message()));
  if (args.Has("help") || args.positional().empty()) {
    std::fputs(kUsage, args.Has("help") ? stdout : stderr);
    return args.Has("help") ? 0 : kUsageError;
  }
  absl::Duration timeout;
  if (!absl::ParseDuration(
          args.GetOr("timeout", Env("PAYOUTCTL_TIMEOUT", "30s")), &timeout)) {
    return UsageError("--timeout takes a duration such as 5s");
  }
  const std::string target =
      args.GetOr("gateway", Env("PAYOUTCTL_GATEWAY", "localhost:50051"));
  auto channel = OpenChannel(target, args);
  if (!channel.ok()) return UsageError(std::string(channel.status().message()));
  if (args.positional()[0] == "health") {
    return Health(*channel, args, timeout);
  }
  payout_client::ClientOptions client_options;
  if (args.Has("no-retry")) client_options.retry.max_attempts = 1;
  Context ctx{payout_client::MakePayoutClient(*channel, client_options),
              {},
              args.Has("json")};
  ctx.options.timeout = timeout;
  ctx.options.request_id = args.GetOr("request-id", "");

  const std::map<std::string, std::function<int(Context&, const Args&)>>
      commands = {{"prerequest", Prerequest},
                  {"services", Services},
                  {"invoices", Invoices},
                  {"events", Events}};
  auto it = commands.find(args.positional()[0]);
  if (it == commands.end()) {
    return UsageError(
        absl::StrCat("unknown command '", args.positional()[0], "'"));
  }
  return it->second(ctx, args);
}
