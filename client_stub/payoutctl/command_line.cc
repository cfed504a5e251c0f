#include "payoutctl/command_line.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "payoutctl/completion.h"
#include "payoutctl/exit_codes.h"
#include "payoutctl/suggest.h"
#include "payoutctl/validators.h"

namespace payoutctl {
namespace {

constexpr char kFooter[] = R"(
Flags take --name=value or --name value, spelled with dashes; global flags
may also follow the command. Calls follow the gateway's retry hints
(--no-retry: one attempt).

Exit status: 0 success; 2 usage error; 3 `invoices watch` saw the payout end
unpaid; 64 + the gRPC code when a call failed (69 NOT_FOUND, 78 UNAVAILABLE).

Environment: PAYOUTCTL_GATEWAY, PAYOUTCTL_TIMEOUT, PAYOUTCTL_TLS_CA,
PAYOUTCTL_TLS_CERT, PAYOUTCTL_TLS_KEY stand for the flags of the same name.)";

// Flags of older releases, and what to write instead.
const std::map<std::string, std::string>& RenamedFlags() {
  static const auto* renamed =
      new std::map<std::string, std::string>{{"--json", "--output=json"}};
  return *renamed;
}

void AddGlobalFlags(CLI::App& app, ConnectionFlags& c, OutputFormat& format) {
  app.add_option("--gateway", c.gateway, "gateway address")
      ->envname("PAYOUTCTL_GATEWAY")
      ->type_name("HOST:PORT")
      ->capture_default_str();
  app.add_option("--timeout", c.timeout,
                 "deadline of a call, retries included (default 30s; "
                 "streams: none)")
      ->envname("PAYOUTCTL_TIMEOUT")
      ->check(DurationValidator());
  const std::vector<std::string> names(std::begin(kOutputFormatNames),
                                       std::end(kOutputFormatNames));
  app.add_option_function<std::string>(
         "-o,--output",
         [&format, names](const std::string& name) {
           const auto at = std::find(names.begin(), names.end(), name);
           format = static_cast<OutputFormat>(at - names.begin());
         },
         "table (default), json or yaml")
      ->check(OneOfValidator(names));
  app.add_option("--request-id", c.request_id,
                 "sent as x-request-id, logged by the gateway")
      ->check(RequestIdValidator());
  app.add_flag("--no-retry", c.no_retry, "one attempt per call");
  app.add_option("--tls-ca", c.tls_ca, "CA that verifies the gateway (TLS)")
      ->envname("PAYOUTCTL_TLS_CA")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-cert", c.tls_cert, "client certificate (mTLS)")
      ->envname("PAYOUTCTL_TLS_CERT")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-key", c.tls_key, "its private key (mTLS)")
      ->envname("PAYOUTCTL_TLS_KEY")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-server-name", c.tls_server_name,
                 "name the gateway's certificate must carry, when not the "
                 "address's");
}

// The commands the parse went down, deepest last.
std::vector<const CLI::App*> ChosenPath(const CLI::App& app) {
  std::vector<const CLI::App*> path = {&app};
  while (!path.back()->get_subcommands().empty()) {
    path.push_back(path.back()->get_subcommands().front());
  }
  return path;
}

std::string PathName(const std::vector<const CLI::App*>& path) {
  return absl::StrJoin(path, " ", [](std::string* out, const CLI::App* app) {
    out->append(app->get_name());
  });
}

// Every flag a command takes: its own and those of the commands above.
std::vector<std::string> FlagsOf(const std::vector<const CLI::App*>& path) {
  std::vector<std::string> flags;
  for (const CLI::App* app : path) {
    for (const CLI::Option* option : app->get_options()) {
      for (const std::string& name : option->get_lnames()) {
        flags.push_back("--" + name);
      }
    }
  }
  return flags;
}

std::vector<std::string> CommandsOf(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub :
       app.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  return names;
}

std::string DidYouMean(const std::optional<std::string>& suggestion) {
  return suggestion ? absl::StrCat(" (did you mean ", *suggestion, "?)") : "";
}

// What is wrong with the words CLI11 could not place.
std::string Unexpected(const std::vector<const CLI::App*>& path,
                       const std::vector<std::string>& words) {
  std::vector<std::string> problems;
  for (const std::string& word : words) {
    if (word.size() > 1 && word[0] == '-') {
      const std::string flag = word.substr(0, word.find('='));
      auto renamed = RenamedFlags().find(flag);
      problems.push_back(
          absl::StrCat("unknown flag ", flag,
                       renamed != RenamedFlags().end()
                           ? DidYouMean(renamed->second)
                           : DidYouMean(Suggest(flag, FlagsOf(path)))));
    } else if (!CommandsOf(*path.back()).empty()) {
      problems.push_back(absl::StrCat(
          "unknown command '", word, "' for '", PathName(path), "'",
          DidYouMean(Suggest(word, CommandsOf(*path.back())))));
    } else {
      problems.push_back(absl::StrCat("unexpected argument '", word, "'"));
    }
    break;  // the first one explains the rest
  }
  return absl::StrJoin(problems, "; ");
}

}  // namespace

CommandLine::CommandLine()
    : app_("the command line of the payout gateway", "payoutctl") {
  app_.require_subcommand(1);
  app_.fallthrough();
  app_.footer(kFooter);
  AddGlobalFlags(app_, connection_, format_);
  AddServiceCommands(app_, chosen_);
  AddInvoiceCommands(app_, chosen_);
  AddEventCommands(app_, chosen_);
  auto* completion =
      app_.add_subcommand("completion", "print a shell completion script");
  completion->require_subcommand(1);
  completion->add_subcommand("bash", "source <(payoutctl completion bash)")
      ->callback([this] {
        chosen_ = [this](Session&) {
          std::fputs(BashCompletion(app_).c_str(), stdout);
          return 0;
        };
      });
}

int CommandLine::UsageError(const CLI::ParseError& error) {
  const std::vector<const CLI::App*> path = ChosenPath(app_);
  std::string message = error.what();
  const std::vector<std::string> left = app_.remaining();
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr ||
      (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr &&
       !left.empty())) {
    message = Unexpected(path, left);
  } else if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr &&
             message == "A subcommand is required") {
    message = absl::StrCat("'", PathName(path), "' needs a command: ",
                           absl::StrJoin(CommandsOf(*path.back()), ", "));
  }
  std::fprintf(stderr, "payoutctl: %s\nRun '%s --help' for usage.\n",
               message.c_str(), PathName(path).c_str());
  return kExitUsage;
}

int CommandLine::Run(int argc, const char* const* argv) {
  try {
    app_.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app_.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app_.exit(help);
  } catch (const CLI::ParseError& error) {
    return UsageError(error);
  }
  // The completion script needs no gateway; every other command does.
  auto session = OpenSession(connection_, format_);
  if (!session.ok()) {
    std::fprintf(stderr, "payoutctl: %s\n",
                 std::string(session.status().message()).c_str());
    return kExitUsage;
  }
  return chosen_(*session);
}

}  // namespace payoutctl
