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

  CliRun list = Payoutctl({"invoices", "list"});
  EXPECT_THAT(list.out, HasSubstr("REFERENCE ID"));
  EXPECT_THAT(list.out, HasSubstr(id));
}

TEST_F(PayoutctlTest, JsonOutputIsTheProto) {
  std::string id = CreateWithCli("cli-json");
  CliRun get = Payoutctl({"--json", "invoices", "get", id});
  ASSERT_EQ(get.exit_code, 0);
  nlohmann::json invoice = nlohmann::json::parse(get.out);
  EXPECT_EQ(invoice["id"], id);
  EXPECT_EQ(invoice["reference_id"], "cli-json");
  EXPECT_EQ(invoice["status"], "PAYOUT_INVOICE_STATUS_CREATED");
  EXPECT_EQ(invoice["amount"], "10.5");
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

TEST_F(PayoutctlTest, ErrorsExitWithTheirCodeAndSayWhatToDo) {
  CliRun bad =
      Payoutctl({"invoices", "create", "--reference-id=cli-bad",
                 "--service=test_usd", "--currency=USD", "--amount=-1"});
  EXPECT_EQ(bad.exit_code, 3);  // INVALID_ARGUMENT
  EXPECT_THAT(bad.err, HasSubstr("field amount: must be a positive decimal"));
  EXPECT_THAT(bad.err, HasSubstr("what to do: the request is wrong"));

  CliRun missing = Payoutctl({"invoices", "get", "cpoi_Nope"});
  EXPECT_EQ(missing.exit_code, 5);  // NOT_FOUND

  CreateWithCli("cli-dup");
  CliRun dup = Payoutctl({"invoices", "create", "--reference-id=cli-dup",
                          "--service=test_usd", "--currency=USD", "--amount=99",
                          "--field", "account=1"});
  EXPECT_EQ(dup.exit_code, 6);  // ALREADY_EXISTS
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
  EXPECT_EQ(limited.exit_code, 8);  // RESOURCE_EXHAUSTED
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
  EXPECT_EQ(unknown.exit_code, 5);  // NOT_FOUND
}

TEST_F(PayoutctlTest, UsageErrorsExit64) {
  EXPECT_EQ(Payoutctl({"invoices", "frobnicate"}).exit_code, 64);
  EXPECT_EQ(Payoutctl({}).exit_code, 64);
  CliRun help = Payoutctl({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("invoices watch ID"));
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
  EXPECT_EQ(watch.exit_code, 65);
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
  // (The sandbox, like Corefy, writes the amount back as 10.5.)
  EXPECT_THAT(out, HasSubstr(id + "  cli-tail  processing (ok)  10.5 USD"));
  EXPECT_THAT(out, HasSubstr(id + "  cli-tail  processed (ok)  10.5 USD"));

  // Resuming after the first event prints the second, and only it.
  const std::size_t at = out.find("cursor=") + 7;
  const std::string cursor = out.substr(at, out.find('\n', at) - at);
  auto resumed =
      StartPayoutctl(env_->gateway_address(),
                     {"--json", "events", "tail", "--from=" + cursor});
  ASSERT_TRUE(Eventually([&] { return !resumed->Stdout().empty(); }));
  absl::SleepFor(absl::Milliseconds(200));  // nothing more comes
  resumed->Stop(SIGINT);
  const std::string json = resumed->Stdout();
  ASSERT_EQ(std::count(json.begin(), json.end(), '\n'), 1) << json;
  EXPECT_EQ(nlohmann::json::parse(json)["invoice"]["status"],
            "PAYOUT_INVOICE_STATUS_PROCESSED");

  CliRun bad = RunPayoutctl(env_->gateway_address(),
                            {"events", "tail", "--from=garbage!"});
  EXPECT_EQ(bad.exit_code, 3);  // INVALID_ARGUMENT
  EXPECT_THAT(bad.err, HasSubstr("cursor"));
}

}  // namespace
}  // namespace payout_gateway_testing
