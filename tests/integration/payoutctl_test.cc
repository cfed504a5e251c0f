// payoutctl end to end: the real binary against a real gateway and sandbox.

#include <gmock/gmock.h>

#include <csignal>
#include <fstream>

#include "callback_fixture.h"
#include "support/test_data.h"

namespace payout_gateway_testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct CliRun {
  int exit_code;
  std::string out;
  std::string err;
};

// Starts payoutctl against `gateway`; it runs on while the test goes on.
std::unique_ptr<ChildProcess> StartPayoutctl(const std::string& gateway,
                                             std::vector<std::string> args) {
  args.insert(args.begin(), "--gateway=" + gateway);
  auto process = ChildProcess::Start({PAYOUTCTL_BINARY, args, {}, ""});
  EXPECT_TRUE(process.ok()) << process.status();
  return process.ok() ? *std::move(process) : nullptr;
}

CliRun RunPayoutctl(const std::string& gateway, std::vector<std::string> args) {
  auto process = StartPayoutctl(gateway, std::move(args));
  int code = process->Wait(absl::Seconds(60));
  return {code, process->Stdout(), process->Stderr()};
}

class PayoutctlTest : public GatewayTest {
 protected:
  CliRun Payoutctl(std::vector<std::string> args) {
    return RunPayoutctl(env_->gateway_address(), std::move(args));
  }

  // Creates an invoice and returns its id (first line: "invoice ID").
  std::string CreateWithCli(const std::string& reference) {
    CliRun r = Payoutctl({"invoices", "create", "--reference-id=" + reference,
                          "--service=test_usd", "--currency=USD",
                          "--amount=10.50", "--field", "account=4000123456"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out.substr(8, r.out.find('\n') - 8);
  }
};

TEST_F(PayoutctlTest, WalksAPayoutWithTables) {
  CliRun pre = Payoutctl({"prerequest", "--currency=USD", "--amount=10.50"});
  EXPECT_EQ(pre.exit_code, 0) << pre.err;
  EXPECT_THAT(pre.out, HasSubstr("SERVICE"));
  EXPECT_THAT(pre.out, HasSubstr("test_usd"));
  EXPECT_THAT(pre.out, HasSubstr("account*"));

  CliRun services = Payoutctl({"services", "list", "--page-size=3"});
  EXPECT_EQ(services.exit_code, 0);
  EXPECT_THAT(services.out, HasSubstr("3 of 7 services"));
  EXPECT_THAT(services.out, HasSubstr("next page: --page-token="));

  std::string id = CreateWithCli("cli-1");
  EXPECT_THAT(id, HasSubstr("cpoi_"));
  CliRun process = Payoutctl({"invoices", "process", id});
  EXPECT_EQ(process.exit_code, 0) << process.err;
  EXPECT_THAT(process.out, HasSubstr("processing"));

  CliRun get = Payoutctl({"invoices", "get", "--reference-id=cli-1"});
  EXPECT_EQ(get.exit_code, 0);
  EXPECT_THAT(get.out, HasSubstr("status         processed (ok)"));
  // The sandbox, like Corefy, answers 10.5: a table shows the currency's
  // minor units.
  EXPECT_THAT(get.out, HasSubstr("amount         10.50 USD"));
  // The sandbox, like Corefy, answers 10.5: a table shows the currency's
  // minor units.
  EXPECT_THAT(get.out, HasSubstr("amount         10.50 USD"));

  CliRun list = Payoutctl({"invoices", "list"});
  EXPECT_THAT(list.out, HasSubstr("REFERENCE ID"));
  EXPECT_THAT(list.out, HasSubstr(id));
}

// --all walks every page (the client's paging helper) into one table.
TEST_F(PayoutctlTest, ListsEveryPageWithAll) {
  const std::string first = CreateWithCli("cli-page-1");
  CreateWithCli("cli-page-2");
  const std::string third = CreateWithCli("cli-page-3");
  CliRun page = Payoutctl({"invoices", "list", "--page-size=2"});
  EXPECT_THAT(page.out, Not(HasSubstr(first)));
  EXPECT_THAT(page.out, HasSubstr("next page: --page-token="));
  CliRun all = Payoutctl({"invoices", "list", "--page-size=2", "--all"});
  EXPECT_EQ(all.exit_code, 0) << all.err;
  EXPECT_THAT(all.out, HasSubstr(first));
  EXPECT_THAT(all.out, HasSubstr(third));
  EXPECT_THAT(all.out, Not(HasSubstr("next page")));
}

TEST_F(PayoutctlTest, JsonOutputIsTheProtoWithTheExactDigits) {
  std::string id = CreateWithCli("cli-json");
  CliRun get = Payoutctl({"--output=json", "invoices", "get", id});
  ASSERT_EQ(get.exit_code, 0);
  nlohmann::json invoice = nlohmann::json::parse(get.out);
  EXPECT_EQ(invoice["id"], id);
  EXPECT_EQ(invoice["reference_id"], "cli-json");
  EXPECT_EQ(invoice["status"], "PAYOUT_INVOICE_STATUS_CREATED");
  EXPECT_EQ(invoice["amount"], "10.5");  // as the gateway returned it
}

// A YAML reader (Python's) gets the same document as the JSON output, with
// amounts still strings.
TEST_F(PayoutctlTest, YamlOutputIsTheSameDocument) {
  std::string id = CreateWithCli("cli-yaml");
  CliRun json = Payoutctl({"invoices", "get", id, "-o", "json"});
  CliRun yaml = Payoutctl({"invoices", "get", id, "--output", "yaml"});
  ASSERT_EQ(yaml.exit_code, 0) << yaml.err;
  const std::string path = ::testing::TempDir() + "/invoice.yaml";
  std::ofstream(path) << yaml.out;
  auto python = ChildProcess::Start(
      {"/usr/bin/python3",
       {"-c",
        "import json, sys, yaml; "
        "print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
        path},
       {},
       ""});
  ASSERT_TRUE(python.ok());
  ASSERT_EQ((*python)->Wait(absl::Seconds(30)), 0) << (*python)->Stderr();
  EXPECT_EQ(nlohmann::json::parse((*python)->Stdout()),
            nlohmann::json::parse(json.out));
}

TEST_F(PayoutctlTest, CreatesFromAJsonFile) {
  std::string path = ::testing::TempDir() + "/create.json";
  {
    std::ofstream f(path);
    f << R"({"reference_id": "cli-file", "service": "test_usd", "currency": "USD",
             "amount": "7.25", "fields": {"account": "1234"},
             "metadata": {"batch": "9"}})";
  }
  CliRun r = Payoutctl({"invoices", "create", "--from-file=" + path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("cli-file"));
  EXPECT_THAT(r.out, HasSubstr("7.25 USD"));
}

// A failed call exits 64 + its gRPC code.
TEST_F(PayoutctlTest, ErrorsExitWithTheirCodeAndSayWhatToDo) {
  CliRun bad =
      Payoutctl({"invoices", "create", "--reference-id=cli-bad",
                 "--service=test_usd", "--currency=USD", "--amount=0"});
  EXPECT_EQ(bad.exit_code, 64 + 3);  // INVALID_ARGUMENT
  EXPECT_THAT(bad.err, HasSubstr("field amount: must be a positive decimal"));
  EXPECT_THAT(bad.err, HasSubstr("what to do: the request is wrong"));

  CliRun missing = Payoutctl({"invoices", "get", "cpoi_Nope"});
  EXPECT_EQ(missing.exit_code, 64 + 5);  // NOT_FOUND
  CliRun as_json = Payoutctl({"invoices", "get", "cpoi_Nope", "-o", "json"});
  EXPECT_EQ(as_json.exit_code, 64 + 5);
  nlohmann::json error = nlohmann::json::parse(as_json.err)["error"];
  EXPECT_EQ(error["code"], "NOT_FOUND");
  EXPECT_EQ(error["metadata"]["http_status"], "404");

  CreateWithCli("cli-dup");
  CliRun dup = Payoutctl({"invoices", "create", "--reference-id=cli-dup",
                          "--service=test_usd", "--currency=USD", "--amount=99",
                          "--field", "account=1"});
  EXPECT_EQ(dup.exit_code, 64 + 6);  // ALREADY_EXISTS
  EXPECT_THAT(dup.err, HasSubstr("invoice: cpoi_"));

  env_->sandbox().AddFault({{"method", "GET"},
                            {"path", "/api/payout-services/*"},
                            {"status", 429},
                            {"headers", {{"Retry-After", "2"}}},
                            {"times", 0}});
  // The gateway itself retries once after Retry-After; a second wait would
  // pass the 3 s deadline, so it answers with the advice.
  CliRun limited = Payoutctl({"--no-retry", "--timeout=3s", "services", "get",
                              "comcpos_TestUsd0000000001"});
  EXPECT_EQ(limited.exit_code, 64 + 8);  // RESOURCE_EXHAUSTED
  EXPECT_THAT(limited.err, HasSubstr("retry after 2s"));
}

TEST_F(PayoutctlTest, HealthSaysServing) {
  CliRun health = Payoutctl({"health"});
  EXPECT_EQ(health.exit_code, 0) << health.err;
  EXPECT_EQ(health.out, "SERVING\n");
  CliRun service =
      Payoutctl({"health", "--service=corefy.payout.v1.PayoutGatewayService"});
  EXPECT_EQ(service.exit_code, 0);
  CliRun unknown = Payoutctl({"health", "--service=nope"});
  EXPECT_EQ(unknown.exit_code, 64 + 5);  // NOT_FOUND
}

// Every flag, command or value payoutctl does not understand is an error
// (exit 2) that says what was meant, and nothing reaches the gateway.
TEST_F(PayoutctlTest, RejectsWhatItDoesNotUnderstand) {
  const std::vector<std::string> create = {"invoices",
                                           "create",
                                           "--reference-id=cli-unknown",
                                           "--service=test_usd",
                                           "--currency=USD",
                                           "--amount=10.50",
                                           "--field",
                                           "account=1"};
  struct Case {
    std::vector<std::string> extra;  // appended to `create`
    std::string says;
  };
  const std::vector<Case> cases = {
      {{"--callback_url=https://example.com/cb"},
       "unknown flag --callback_url (did you mean --callback-url?)"},
      {{"--callback_url", "https://example.com/cb"},
       "unknown flag --callback_url (did you mean --callback-url?)"},
      {{"--refrence-id=x"}, "did you mean --reference-id?"},
      {{"--json"}, "unknown flag --json (did you mean --output=json?)"},
      {{"--interval=5s"}, "unknown flag --interval"},
      {{"-x"}, "unknown flag -x"},
      {{"--amount=10,50"}, "--amount: takes a decimal amount such as 10.50"},
      {{"--amount=1e3"}, "--amount: takes a decimal amount"},
      {{"--currency=usd"}, "--currency: takes an ISO 4217 code"},
      {{"--field", "account"}, "--field: takes KEY=VALUE"},
      {{"--field", "a=1", "b=2"}, "unexpected argument 'b=2'"},
      {{"--callback-url=ftp://x"}, "--callback-url: takes an http(s) URL"},
      {{"--timeout=5"}, "--timeout: takes a duration"},
      {{"--output=xml"}, "--output: takes table, json, yaml"},
      {{"--from-file=/nonexistent.json"}, "--from-file"},
      {{"extra"}, "unexpected argument 'extra'"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = create;
    args.insert(args.end(), c.extra.begin(), c.extra.end());
    CliRun r = Payoutctl(args);
    EXPECT_EQ(r.exit_code, 2) << c.says << "\n" << r.out << r.err;
    EXPECT_THAT(r.err, HasSubstr(c.says));
    EXPECT_THAT(r.err,
                HasSubstr("Run 'payoutctl invoices create --help' for usage."));
    EXPECT_EQ(r.out, "");
  }
  // None of them created the payout.
  EXPECT_EQ(
      Payoutctl({"invoices", "get", "--reference-id=cli-unknown"}).exit_code,
      64 + 5);

  const std::vector<Case> commands = {
      {{"invoice", "get", "x"},
       "unknown command 'invoice' for 'payoutctl' (did you mean invoices?)"},
      {{"invoices", "gte", "x"}, "(did you mean get?)"},
      {{"invoices", "frobnicate"}, "unknown command 'frobnicate'"},
      {{"services", "lst"}, "(did you mean list?)"},
      {{"invoices"}, "'payoutctl invoices' needs a command: create, process"},
      {{}, "'payoutctl' needs a command"},
      {{"invoices", "get"}, "takes an ID or --reference-id"},
      {{"invoices", "get", "cpoi_1", "--reference-id=r"},
       "takes an ID or --reference-id (one of them)"},
      {{"invoices", "list", "--page-size=abc"}, "--page-size: takes a whole"},
      {{"invoices", "list", "--page-size=0"}, "--page-size: takes a whole"},
      {{"events", "tail", "--from=c", "--from-oldest"}, "excludes"},
      {{"prerequest", "--currency=USD"}, "--amount is required"},
      {{"--gatway=x", "health"}, "(did you mean --gateway?)"},
      {{"health", "--tls-ca=/nonexistent.pem"}, "--tls-ca"},
      {{"--request-id=a\r\nx-evil: 1", "invoices", "get", "cpoi_1"},
       "--request-id: takes 1 to 128 of"},
  };
  for (const Case& c : commands) {
    CliRun r = Payoutctl(c.extra);
    EXPECT_EQ(r.exit_code, 2) << c.says << "\n" << r.err;
    EXPECT_THAT(r.err, HasSubstr(c.says));
  }
}

TEST_F(PayoutctlTest, EveryCommandHasHelp) {
  for (const std::vector<std::string>& command :
       std::vector<std::vector<std::string>>{{},
                                             {"prerequest"},
                                             {"services", "list"},
                                             {"services", "get"},
                                             {"invoices"},
                                             {"invoices", "create"},
                                             {"invoices", "process"},
                                             {"invoices", "get"},
                                             {"invoices", "list"},
                                             {"invoices", "watch"},
                                             {"events", "tail"},
                                             {"health"},
                                             {"completion", "bash"}}) {
    std::vector<std::string> args = command;
    args.push_back("--help");
    CliRun r = Payoutctl(args);
    std::string path = "payoutctl";
    for (const auto& word : command) path += " " + word;
    EXPECT_EQ(r.exit_code, 0) << path;
    EXPECT_THAT(r.out, HasSubstr("Usage: " + path)) << r.out;
  }
  EXPECT_THAT(Payoutctl({"invoices", "create", "--help"}).out,
              HasSubstr("--callback-url"));
}

// `source <(payoutctl completion bash)`, then TAB: bash's own completion
// machinery runs the script's function.
TEST_F(PayoutctlTest, CompletesCommandsAndFlagsInBash) {
  CliRun script = Payoutctl({"completion", "bash"});
  ASSERT_EQ(script.exit_code, 0) << script.err;
  const std::string path = ::testing::TempDir() + "/payoutctl-completion.bash";
  std::ofstream(path) << script.out;
  auto complete = [&](const std::string& line) {
    auto bash = ChildProcess::Start(
        {"/bin/bash",
         {"-c",
          "source \"$0\"; read -ra COMP_WORDS <<<\"$1\"; "
          "[[ $1 == *' ' ]] && COMP_WORDS+=(''); "
          "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _payoutctl; "
          "echo \"${COMPREPLY[*]}\"",
          path, line},
         {},
         ""});
    EXPECT_TRUE(bash.ok());
    EXPECT_EQ((*bash)->Wait(absl::Seconds(10)), 0) << (*bash)->Stderr();
    return (*bash)->Stdout();
  };
  EXPECT_EQ(complete("payoutctl inv"), "invoices\n");
  EXPECT_EQ(complete("payoutctl invoices "),
            "create process get list watch "
            "--help --gateway --timeout "
            "--output --request-id "
            "--no-retry --tls-ca --tls-cert "
            "--tls-key --tls-server-name\n");
  EXPECT_EQ(complete("payoutctl invoices create --callb"), "--callback-url\n");
  EXPECT_EQ(complete("payoutctl --gateway=x:1 invoices cr"), "create\n");
  EXPECT_EQ(complete("payoutctl events tail --from-o"), "--from-oldest\n");
  EXPECT_EQ(complete("payoutctl health -o y"), "yaml\n");
}

TEST_F(PayoutctlTest, WatchFollowsAPayoutToTheEnd) {
  std::string id = CreateWithCli("cli-watch");
  ASSERT_EQ(Payoutctl({"invoices", "process", id}).exit_code, 0);
  CliRun watch = Payoutctl({"invoices", "watch", id});
  EXPECT_EQ(watch.exit_code, 0) << watch.err;
  EXPECT_THAT(watch.out, HasSubstr("processed (ok)  now"));
}

TEST_F(PayoutctlTest, WatchSaysWhenAPayoutFailed) {
  CliRun created = Payoutctl({"invoices", "create", "--reference-id=cli-fail",
                              "--service=test_usd", "--currency=USD",
                              "--amount=1", "--field", "account=1", "--field",
                              "test_details_payout_status=Process Failed"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  std::string id = created.out.substr(8, created.out.find('\n') - 8);
  ASSERT_EQ(Payoutctl({"invoices", "process", id}).exit_code, 0);
  CliRun watch = Payoutctl({"invoices", "watch", id});
  EXPECT_EQ(watch.exit_code, 3);  // final, not paid
  EXPECT_THAT(watch.out, HasSubstr("process_failed"));
}

// The gateway hears Corefy's callbacks: the CLI shows them as they come.
class PayoutctlPushTest : public CallbackGatewayTest {
 protected:
  std::vector<std::string> ExtraGatewayArgs() override {
    return {"--watch_poll_after=60s"};  // nothing but pushes
  }

  std::string CreatePushed(const std::string& reference) {
    CliRun r = RunPayoutctl(
        env_->gateway_address(),
        {"invoices", "create", "--reference-id=" + reference,
         "--service=test_usd", "--currency=USD", "--amount=10.50", "--field",
         "account=4000123456", "--callback-url=" + CallbackUrl()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out.substr(8, r.out.find('\n') - 8);
  }
};

TEST_F(PayoutctlPushTest, WatchPrintsEachPushedChange) {
  const std::string id = CreatePushed("cli-push");
  auto watch =
      StartPayoutctl(env_->gateway_address(), {"invoices", "watch", id});
  ASSERT_TRUE(Eventually([&] { return !watch->Stdout().empty(); }));
  ASSERT_EQ(RunPayoutctl(env_->gateway_address(), {"invoices", "process", id})
                .exit_code,
            0);
  EXPECT_EQ(watch->Wait(absl::Seconds(10)), 0) << watch->Stderr();
  const std::string out = watch->Stdout();
  EXPECT_THAT(out, HasSubstr(id + "  created (ok)  now"));
  EXPECT_THAT(out, HasSubstr(id + "  processing (ok)  pushed"));
  EXPECT_THAT(out, HasSubstr(id + "  processed (ok)  pushed"));
}

TEST_F(PayoutctlPushTest, EventsTailPrintsCursorsToResumeFrom) {
  auto tail = StartPayoutctl(env_->gateway_address(), {"events", "tail"});
  absl::SleepFor(absl::Milliseconds(200));  // the stream is open
  const std::string id = CreatePushed("cli-tail");
  ASSERT_EQ(RunPayoutctl(env_->gateway_address(), {"invoices", "process", id})
                .exit_code,
            0);
  ASSERT_TRUE(Eventually(
      [&] {
        const std::string out = tail->Stdout();
        return std::count(out.begin(), out.end(), '\n') >= 2;
      },
      absl::Seconds(10)))
      << tail->Stdout() << tail->Stderr();
  tail->Stop(SIGINT);
  const std::string out = tail->Stdout();
  // (The sandbox, like Corefy, writes the amount back as 10.5; the line
  // shows USD's minor units.)
  EXPECT_THAT(out, HasSubstr(id + "  cli-tail  processing (ok)  10.50 USD"));
  EXPECT_THAT(out, HasSubstr(id + "  cli-tail  processed (ok)  10.50 USD"));

  // Resuming after the first event prints the second, and only it.
  const std::size_t at = out.find("cursor=") + 7;
  const std::string cursor = out.substr(at, out.find('\n', at) - at);
  auto resumed =
      StartPayoutctl(env_->gateway_address(),
                     {"-o", "json", "events", "tail", "--from=" + cursor});
  ASSERT_TRUE(Eventually([&] { return !resumed->Stdout().empty(); }));
  absl::SleepFor(absl::Milliseconds(200));  // nothing more comes
  resumed->Stop(SIGINT);
  const std::string json = resumed->Stdout();
  ASSERT_EQ(std::count(json.begin(), json.end(), '\n'), 1) << json;
  EXPECT_EQ(nlohmann::json::parse(json)["invoice"]["status"],
            "PAYOUT_INVOICE_STATUS_PROCESSED");

  CliRun bad = RunPayoutctl(env_->gateway_address(),
                            {"events", "tail", "--from=garbage!"});
  EXPECT_EQ(bad.exit_code, 64 + 3);  // INVALID_ARGUMENT
  EXPECT_THAT(bad.err, HasSubstr("cursor"));
}

}  // namespace
}  // namespace payout_gateway_testing
