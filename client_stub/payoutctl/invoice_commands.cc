// invoices create|process|get|list|watch.

#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "payout_client/pagination.h"
#include "payoutctl/commands.h"
#include "payoutctl/streams.h"
#include "payoutctl/validators.h"

namespace payoutctl {
namespace {

namespace v1 = ::corefy::payout::v1;

// What `invoices create` collects: the flags, written into a request that
// is merged over the --from-file one (set flags win; map entries add up).
struct CreateFlags {
  std::string from_file;
  v1::CreatePayoutInvoiceRequest overrides;
  std::vector<std::string> fields;
  std::vector<std::string> metadata;
};

void PutPairs(const std::vector<std::string>& pairs,
              google::protobuf::Map<std::string, std::string>& into) {
  for (const std::string& pair : pairs) {
    const std::size_t eq = pair.find('=');  // KeyValueValidator checked it
    into[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
}

// The request: the --from-file JSON (the proto's JSON form), then the flags.
v1::CreatePayoutInvoiceRequest CreateRequest(const CreateFlags& flags) {
  v1::CreatePayoutInvoiceRequest request;
  if (!flags.from_file.empty()) {
    std::ifstream in(flags.from_file);
    std::stringstream text;
    text << in.rdbuf();
    auto parsed =
        google::protobuf::util::JsonStringToMessage(text.str(), &request);
    if (!in || !parsed.ok()) {
      throw CLI::ValidationError(
          "--from-file", absl::StrCat(flags.from_file, ": ",
                                      in ? std::string(parsed.message())
                                         : std::string("cannot read it")));
    }
  }
  request.MergeFrom(flags.overrides);
  PutPairs(flags.fields, *request.mutable_fields());
  PutPairs(flags.metadata, *request.mutable_metadata());
  return request;
}

void AddCreate(CLI::App& invoices, Command& chosen) {
  auto* cmd = invoices.add_subcommand(
      "create", "create a payout invoice (nothing is paid until process)");
  auto flags = std::make_shared<CreateFlags>();
  v1::CreatePayoutInvoiceRequest& r = flags->overrides;
  cmd->add_option("--from-file", flags->from_file,
                  "the request as the proto's JSON; flags override it")
      ->check(CLI::ExistingFile);
  cmd->add_option("--reference-id", *r.mutable_reference_id(),
                  "your unique id of this payout; creating it again is safe");
  cmd->add_option("--service", *r.mutable_service(),
                  "payout service code, from prerequest");
  cmd->add_option("--currency", *r.mutable_currency(), "ISO 4217 code")
      ->check(CurrencyValidator());
  cmd->add_option("--amount", *r.mutable_amount(), "e.g. 10.50")
      ->check(AmountValidator());
  cmd->add_option("--field", flags->fields,
                  "a field the service requires (repeat the flag)")
      ->check(KeyValueValidator())
      ->allow_extra_args(false);
  cmd->add_option("--callback-url", *r.mutable_callback_url(),
                  "where Corefy posts this payout's changes")
      ->check(HttpUrlValidator());
  cmd->add_option("--description", *r.mutable_description(), "free text");
  cmd->add_option("--metadata", flags->metadata, "your own data (repeat)")
      ->check(KeyValueValidator())
      ->allow_extra_args(false);
  // Setters, not bindings: binding would create an empty customer that
  // the gateway would then check.
  cmd->add_option_function<std::string>(
      "--customer-reference-id",
      [&r](const std::string& v) { r.mutable_customer()->set_reference_id(v); },
      "your id of the customer paid");
  cmd->add_option_function<std::string>(
      "--customer-name",
      [&r](const std::string& v) { r.mutable_customer()->set_name(v); },
      "the customer's name");
  cmd->add_option_function<std::string>(
      "--customer-email",
      [&r](const std::string& v) { r.mutable_customer()->set_email(v); },
      "the customer's email");
  cmd->callback([&chosen, flags] {
    auto request =
        std::make_shared<v1::CreatePayoutInvoiceRequest>(CreateRequest(*flags));
    chosen = [request](Session& s) {
      return Report(s, s.client->CreatePayoutInvoice(*request, s.call),
                    &FormatInvoice);
    };
  });
}

void AddProcess(CLI::App& invoices, Command& chosen) {
  auto* cmd = invoices.add_subcommand(
      "process", "process a created invoice: this moves the money");
  auto request = std::make_shared<v1::ProcessPayoutInvoiceRequest>();
  cmd->add_option("id", *request->mutable_id(), "invoice id (cpoi_...)")
      ->required();
  cmd->callback([&chosen, request] {
    chosen = [request](Session& s) {
      return Report(s, s.client->ProcessPayoutInvoice(*request, s.call),
                    &FormatInvoice);
    };
  });
}

// An invoice named by its id (positional) or by --reference-id: exactly
// one of them. Returns the command so the caller can set its callback.
struct InvoiceKey {
  std::string id;
  std::string reference_id;
};

CLI::App* AddKeyedCommand(CLI::App& invoices, const std::string& name,
                          const std::string& description,
                          const std::shared_ptr<InvoiceKey>& key) {
  auto* cmd = invoices.add_subcommand(name, description);
  cmd->add_option("id", key->id, "invoice id (cpoi_...)");
  cmd->add_option("--reference-id", key->reference_id,
                  "the merchant reference id instead of the invoice id");
  return cmd;
}

void RequireOneKey(const std::string& command, const InvoiceKey& key) {
  if (key.id.empty() == key.reference_id.empty()) {
    throw CLI::ValidationError(command,
                               "takes an ID or --reference-id (one of them)");
  }
}

// The requests hold the id and the reference id in a oneof: set the one
// given, or setting the other (empty) one would clear it.
template <typename Request>
void SetKey(const InvoiceKey& key, Request& request) {
  if (!key.id.empty()) {
    request.set_id(key.id);
  } else {
    request.set_reference_id(key.reference_id);
  }
}

void AddGet(CLI::App& invoices, Command& chosen) {
  auto key = std::make_shared<InvoiceKey>();
  auto* cmd = AddKeyedCommand(invoices, "get",
                              "one invoice, by id or reference id", key);
  cmd->callback([&chosen, key] {
    RequireOneKey("invoices get", *key);
    chosen = [key](Session& s) {
      v1::GetPayoutInvoiceRequest request;
      SetKey(*key, request);
      return Report(s, s.client->GetPayoutInvoice(request, s.call),
                    &FormatInvoice);
    };
  });
}

void AddWatch(CLI::App& invoices, Command& chosen) {
  auto key = std::make_shared<InvoiceKey>();
  auto* cmd = AddKeyedCommand(
      invoices, "watch",
      "each change as the gateway pushes it, until the payout is final "
      "(exit 0 paid, 3 not paid)",
      key);
  cmd->callback([&chosen, key] {
    RequireOneKey("invoices watch", *key);
    chosen = [key](Session& s) {
      v1::WatchPayoutInvoiceRequest request;
      SetKey(*key, request);
      return WatchInvoice(*s.client, request, {s.stream, s.format});
    };
  });
}

// `invoices list`: one page, or with --all every page (one table).
struct ListFlags {
  v1::ListPayoutInvoicesRequest request;
  bool all = false;
};

int ListInvoices(Session& s, const ListFlags& flags) {
  if (!flags.all) {
    return Report(s, s.client->ListPayoutInvoices(flags.request, s.call),
                  &FormatInvoiceList);
  }
  v1::ListPayoutInvoicesResponse every;
  for (auto& invoice :
       payout_client::ListAllPayoutInvoices(s.client, flags.request, s.call)) {
    if (!invoice.ok()) {
      return Report(
          s, absl::StatusOr<v1::ListPayoutInvoicesResponse>(invoice.status()),
          &FormatInvoiceList);
    }
    *every.add_payout_invoices() = *invoice;
  }
  return Report(s, absl::StatusOr<v1::ListPayoutInvoicesResponse>(every),
                &FormatInvoiceList);
}

void AddList(CLI::App& invoices, Command& chosen) {
  auto* cmd = invoices.add_subcommand(
      "list", "the account's invoices, a page at a time");
  auto flags = std::make_shared<ListFlags>();
  cmd->add_option_function<int>(
         "--page-size", [flags](int n) { flags->request.set_page_size(n); },
         "invoices per page (the gateway's default when unset)")
      ->check(PositiveCountValidator());
  auto* token =
      cmd->add_option("--page-token", *flags->request.mutable_page_token(),
                      "the next page, as the previous one printed it");
  cmd->add_flag("--all", flags->all, "every page, fetched one after another")
      ->excludes(token);
  cmd->callback([&chosen, flags] {
    chosen = [flags](Session& s) { return ListInvoices(s, *flags); };
  });
}

}  // namespace

void AddInvoiceCommands(CLI::App& app, Command& chosen) {
  auto* invoices = app.add_subcommand(
      "invoices", "create, process, reconcile and watch payout invoices");
  invoices->require_subcommand(1);
  AddCreate(*invoices, chosen);
  AddProcess(*invoices, chosen);
  AddGet(*invoices, chosen);
  AddList(*invoices, chosen);
  AddWatch(*invoices, chosen);
}

void AddEventCommands(CLI::App& app, Command& chosen) {
  auto* events = app.add_subcommand("events", "the account's payout events");
  events->require_subcommand(1);
  auto* tail = events->add_subcommand(
      "tail",
      "events as they come, each with the cursor to resume after it, until "
      "interrupted");
  auto request = std::make_shared<v1::StreamPayoutEventsRequest>();
  auto* from = tail->add_option("--from", *request->mutable_cursor(),
                                "resume after this event's cursor");
  tail->add_flag_function(
          "--from-oldest",
          [request](std::int64_t) { request->set_from_oldest(true); },
          "start at the oldest event the gateway keeps")
      ->excludes(from);
  tail->callback([&chosen, request] {
    chosen = [request](Session& s) {
      return TailEvents(*s.client, *request, {s.stream, s.format});
    };
  });
}

}  // namespace payoutctl
