#include "audit/audit_log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "audit/auditing_connection.h"
#include "common/error_details.h"
#include "nlohmann/json.hpp"
#include "support/mock_payout_connection.h"
#include "support/requests.h"
#include "support/test_pki.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;
using ::payout_gateway_testing::MockPayoutConnection;
using ::payout_gateway_testing::TempDir;
using ::testing::_;
using ::testing::Invoke;

std::vector<nlohmann::json> Records(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  std::vector<nlohmann::json> records;
  for (absl::string_view line :
       absl::StrSplit(text.str(), '\n', absl::SkipEmpty())) {
    records.push_back(nlohmann::json::parse(line));
  }
  return records;
}

TEST(AuditLog, FormatsOneJsonLineWithEveryFieldAndMasksCardNumbers) {
  AuditRecord r;
  r.time = absl::FromUnixSeconds(1764633600);
  r.caller = "spiffe://cluster.local/ns/payroll/sa/api";
  r.request_id = "req-1";
  r.rpc = "CreatePayoutInvoice";
  r.reference_id = "order 4111111111111111";
  r.amount = "123456789012.50";
  r.currency = "USD";
  r.service = "test_usd";
  r.test_mode = true;
  r.code = absl::StatusCode::kPermissionDenied;
  r.reason = "AMOUNT_ABOVE_CALLER_LIMIT";
  r.hint = "ACTION_DO_NOT_RETRY";
  std::string line = AuditLog::Format(r);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  nlohmann::json j = nlohmann::json::parse(line);
  EXPECT_EQ(j["time"], "2025-12-02T00:00:00.000000Z");
  EXPECT_EQ(j["caller"], "spiffe://cluster.local/ns/payroll/sa/api");
  EXPECT_EQ(j["reference_id"], "order 411111******1111");
  // An amount is a checked decimal and is kept whole.
  EXPECT_EQ(j["amount"], "123456789012.50");
  EXPECT_EQ(j["test_mode"], true);
  EXPECT_EQ(j["outcome"]["code"], "PERMISSION_DENIED");
  EXPECT_EQ(j["outcome"]["reason"], "AMOUNT_ABOVE_CALLER_LIMIT");
  EXPECT_EQ(j["outcome"]["hint"], "ACTION_DO_NOT_RETRY");
}

TEST(AuditLog, AppendsToAPrivateFileFromManyThreadsWithoutTornLines) {
  auto dir = TempDir::Make();
  ASSERT_TRUE(dir.ok());
  const std::string path = (*dir)->File("audit.jsonl");
  auto log = AuditLog::Open(path, NoMetrics());
  ASSERT_TRUE(log.ok()) << log.status();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 250; ++i) {
        AuditRecord r;
        r.rpc = "ProcessPayoutInvoice";
        r.invoice_id = "cpoi_" + std::to_string(t) + "_" + std::to_string(i);
        r.reference_id = std::string(300, 'r');
        (*log)->Write(r);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(Records(path).size(), 1000u);
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(AuditLog, NamesTheSettingWhenTheFileCannotBeOpened) {
  auto log = AuditLog::Open("/nonexistent/dir/audit.jsonl", NoMetrics());
  EXPECT_FALSE(log.ok());
  EXPECT_THAT(std::string(log.status().message()),
              ::testing::HasSubstr("--audit_log"));
}

class AuditingConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = TempDir::Make();
    ASSERT_TRUE(dir.ok());
    dir_ = *std::move(dir);
    auto log = AuditLog::Open(dir_->File("audit.jsonl"), NoMetrics());
    ASSERT_TRUE(log.ok());
    connection_ = std::make_unique<AuditingConnection>(
        inner_, std::shared_ptr<AuditLog>(*std::move(log)));
  }

  CallContextPtr ctx_ = std::make_shared<CallContext>(
      absl::InfiniteFuture(), "req-9", "r-1", "caller.internal");
  std::shared_ptr<MockPayoutConnection> inner_ =
      std::make_shared<MockPayoutConnection>();
  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<AuditingConnection> connection_;
};

TEST_F(AuditingConnectionTest, RecordsACreateWithTheCallersDigits) {
  EXPECT_CALL(*inner_, CreatePayoutInvoice(_, _, _))
      .WillOnce(Invoke([](CallContextPtr, const v1::CreatePayoutInvoiceRequest&,
                          ResultCallback<v1::PayoutInvoice> done) {
        v1::PayoutInvoice invoice;
        invoice.set_id("cpoi_1");
        invoice.set_amount("10.5");
        invoice.set_test_mode(true);
        done(invoice);
      }));
  v1::CreatePayoutInvoiceRequest request =
      payout_gateway_testing::ValidCreate("r-1", "10.50");
  bool done = false;
  connection_->CreatePayoutInvoice(
      ctx_, request,
      [&](absl::StatusOr<v1::PayoutInvoice> r) { done = r.ok(); });
  EXPECT_TRUE(done);
  auto records = Records(dir_->File("audit.jsonl"));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["caller"], "caller.internal");
  EXPECT_EQ(records[0]["request_id"], "req-9");
  EXPECT_EQ(records[0]["rpc"], "CreatePayoutInvoice");
  EXPECT_EQ(records[0]["invoice_id"], "cpoi_1");
  EXPECT_EQ(records[0]["amount"], "10.50");
  EXPECT_EQ(records[0]["test_mode"], true);
  EXPECT_EQ(records[0]["outcome"]["code"], "OK");
}

TEST_F(AuditingConnectionTest, RecordsAFailedProcessWithReasonAndHint) {
  EXPECT_CALL(*inner_, ProcessPayoutInvoice(_, _, _))
      .WillOnce(
          Invoke([](CallContextPtr, const v1::ProcessPayoutInvoiceRequest&,
                    ResultCallback<v1::PayoutInvoice> done) {
            done(ErrorBuilder(absl::StatusCode::kUnavailable, "lost")
                     .Reason(reason::kUpstreamUnavailable)
                     .Hint(v1::RetryHint::ACTION_CHECK_STATUS_THEN_RETRY)
                     .Build());
          }));
  v1::ProcessPayoutInvoiceRequest request;
  request.set_id("cpoi_7");
  connection_->ProcessPayoutInvoice(ctx_, request,
                                    [](absl::StatusOr<v1::PayoutInvoice>) {});
  auto records = Records(dir_->File("audit.jsonl"));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["invoice_id"], "cpoi_7");
  EXPECT_EQ(records[0]["outcome"]["code"], "UNAVAILABLE");
  EXPECT_EQ(records[0]["outcome"]["reason"], "UPSTREAM_UNAVAILABLE");
  EXPECT_EQ(records[0]["outcome"]["hint"], "ACTION_CHECK_STATUS_THEN_RETRY");
}

TEST_F(AuditingConnectionTest, ReadsAreNotRecorded) {
  EXPECT_CALL(*inner_, GetPayoutInvoice(_, _, _))
      .WillOnce(Invoke([](CallContextPtr, const v1::GetPayoutInvoiceRequest&,
                          ResultCallback<v1::PayoutInvoice> done) {
        done(v1::PayoutInvoice());
      }));
  connection_->GetPayoutInvoice(ctx_, {},
                                [](absl::StatusOr<v1::PayoutInvoice>) {});
  EXPECT_TRUE(Records(dir_->File("audit.jsonl")).empty());
}

}  // namespace
}  // namespace payout_gateway
