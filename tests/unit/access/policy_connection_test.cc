#include "access/policy_connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>

#include "absl/time/clock.h"
#include "access/attribution_connection.h"
#include "common/error_details.h"
#include "support/capture.h"
#include "support/mock_payout_connection.h"
#include "support/requests.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;
using ::payout_gateway_testing::MockPayoutConnection;
using ::testing::_;
using ::testing::Invoke;

constexpr char kPayroll[] = "spiffe://cluster.local/ns/payroll/sa/api";
constexpr char kSettle[] = "spiffe://cluster.local/ns/ops/sa/settle";
constexpr char kAnyone[] = "spiffe://cluster.local/ns/ops/sa/anyone";

constexpr char kPolicy[] = R"({"callers": {
  "spiffe://cluster.local/ns/payroll/sa/api": {
    "rpcs": ["CreatePayoutInvoice", "GetPayoutInvoice"],
    "services": ["test_usd"], "currencies": ["USD"],
    "modes": ["test", "live"], "max_amount": {"USD": "100"}},
  "spiffe://cluster.local/ns/ops/sa/settle": {
    "rpcs": ["ProcessPayoutInvoice"], "services": ["*"],
    "currencies": ["*"], "modes": ["*"], "max_amount": {"USD": "5"}},
  "spiffe://cluster.local/ns/ops/sa/anyone": {
    "rpcs": ["*"], "services": ["*"], "currencies": ["*"], "modes": ["*"]}}})";

class CountingMetrics : public Metrics {
 public:
  void PolicyDenied(absl::string_view reason) override {
    denied.emplace_back(reason);
  }
  std::vector<std::string> denied;
};

using ::payout_gateway_testing::Capture;

template <typename T>
std::string ReasonOf(const Capture<T>& capture) {
  auto info = GetErrorInfo(capture.status());
  return info.has_value() ? info->reason() : "";
}

class PolicyConnectionTest : public ::testing::Test {
 protected:
  PolicyConnectionTest() {
    auto policy = ParsePayoutPolicy(kPolicy);
    EXPECT_TRUE(policy.ok()) << policy.status();
    store_ = std::make_shared<PolicyStore>(*std::move(policy));
    connection_ = std::make_shared<PolicyConnection>(inner_, store_, metrics_);
  }

  static CallContextPtr As(const std::string& caller) {
    return std::make_shared<CallContext>(absl::Now() + absl::Seconds(10),
                                         "req-1", "", caller);
  }

  static v1::CreatePayoutInvoiceRequest Create(const std::string& amount) {
    return payout_gateway_testing::ValidCreate("r-1", amount);
  }

  static v1::PayoutInvoice Invoice(const std::string& amount) {
    v1::PayoutInvoice invoice;
    invoice.set_id("cpoi_1");
    invoice.set_amount(amount);
    invoice.set_currency("USD");
    invoice.mutable_payout_service()->set_id("test_usd");
    return invoice;
  }

  std::shared_ptr<MockPayoutConnection> inner_ =
      std::make_shared<MockPayoutConnection>();
  std::shared_ptr<CountingMetrics> metrics_ =
      std::make_shared<CountingMetrics>();
  std::shared_ptr<PolicyStore> store_;
  std::shared_ptr<PolicyConnection> connection_;
};

TEST_F(PolicyConnectionTest, AnAllowedCreateReachesTheConnection) {
  EXPECT_CALL(*inner_, CreatePayoutInvoice(_, _, _))
      .WillOnce(Invoke([](CallContextPtr, const v1::CreatePayoutInvoiceRequest&,
                          ResultCallback<v1::PayoutInvoice> done) {
        done(v1::PayoutInvoice());
      }));
  Capture<v1::PayoutInvoice> out;
  connection_->CreatePayoutInvoice(As(kPayroll), Create("100.00"),
                                   out.Callback());
  EXPECT_TRUE(out.result().ok());
  EXPECT_TRUE(metrics_->denied.empty());
}

TEST_F(PolicyConnectionTest, DenialsNeverReachTheConnection) {
  EXPECT_CALL(*inner_, CreatePayoutInvoice(_, _, _)).Times(0);
  EXPECT_CALL(*inner_, ListPayoutInvoices(_, _, _)).Times(0);
  Capture<v1::PayoutInvoice> over;
  connection_->CreatePayoutInvoice(As(kPayroll), Create("100.01"),
                                   over.Callback());
  EXPECT_EQ(over.result().status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReasonOf(over), "AMOUNT_ABOVE_CALLER_LIMIT");

  Capture<v1::PayoutInvoice> anonymous;
  connection_->CreatePayoutInvoice(As(""), Create("1"), anonymous.Callback());
  EXPECT_EQ(ReasonOf(anonymous), "CALLER_NOT_ALLOWED");

  Capture<v1::ListPayoutInvoicesResponse> list;
  connection_->ListPayoutInvoices(As(kPayroll), {}, list.Callback());
  EXPECT_EQ(ReasonOf(list), "RPC_NOT_ALLOWED");
  EXPECT_EQ(metrics_->denied, (std::vector<std::string>{
                                  "AMOUNT_ABOVE_CALLER_LIMIT",
                                  "CALLER_NOT_ALLOWED", "RPC_NOT_ALLOWED"}));
}

// A create that processes itself moves money: it needs the right to
// process as well.
TEST_F(PolicyConnectionTest, AutoProcessNeedsTheRightToProcess) {
  EXPECT_CALL(*inner_, CreatePayoutInvoice(_, _, _)).Times(0);
  v1::CreatePayoutInvoiceRequest request = Create("1");
  request.mutable_options()->set_auto_process(true);
  Capture<v1::PayoutInvoice> out;
  connection_->CreatePayoutInvoice(As(kPayroll), request, out.Callback());
  EXPECT_EQ(ReasonOf(out), "RPC_NOT_ALLOWED");
}

TEST_F(PolicyConnectionTest, AProcessIsCheckedAgainstTheInvoiceFirst) {
  EXPECT_CALL(*inner_, GetPayoutInvoice(_, _, _))
      .WillOnce(Invoke([](CallContextPtr, const v1::GetPayoutInvoiceRequest& r,
                          ResultCallback<v1::PayoutInvoice> done) {
        EXPECT_EQ(r.id(), "cpoi_1");
        done(Invoice("50.00"));
      }))
      .WillOnce(Invoke(
          [](CallContextPtr, const v1::GetPayoutInvoiceRequest&,
             ResultCallback<v1::PayoutInvoice> done) { done(Invoice("5")); }));
  EXPECT_CALL(*inner_, ProcessPayoutInvoice(_, _, _))
      .WillOnce(
          Invoke([](CallContextPtr, const v1::ProcessPayoutInvoiceRequest& r,
                    ResultCallback<v1::PayoutInvoice> done) {
            EXPECT_EQ(r.id(), "cpoi_1");
            done(Invoice("5"));
          }));
  v1::ProcessPayoutInvoiceRequest request;
  request.set_id("cpoi_1");
  Capture<v1::PayoutInvoice> big;
  connection_->ProcessPayoutInvoice(As(kSettle), request, big.Callback());
  EXPECT_EQ(ReasonOf(big), "AMOUNT_ABOVE_CALLER_LIMIT");
  Capture<v1::PayoutInvoice> small;
  connection_->ProcessPayoutInvoice(As(kSettle), request, small.Callback());
  EXPECT_TRUE(small.result().ok());
}

TEST_F(PolicyConnectionTest,
       AFailedInvoiceReadIsTheAnswerAndNothingIsProcessed) {
  EXPECT_CALL(*inner_, GetPayoutInvoice(_, _, _))
      .WillOnce(Invoke([](CallContextPtr, const v1::GetPayoutInvoiceRequest&,
                          ResultCallback<v1::PayoutInvoice> done) {
        done(absl::NotFoundError("no such invoice"));
      }));
  EXPECT_CALL(*inner_, ProcessPayoutInvoice(_, _, _)).Times(0);
  v1::ProcessPayoutInvoiceRequest request;
  request.set_id("cpoi_x");
  Capture<v1::PayoutInvoice> out;
  connection_->ProcessPayoutInvoice(As(kSettle), request, out.Callback());
  EXPECT_EQ(out.result().status().code(), absl::StatusCode::kNotFound);
}

TEST_F(PolicyConnectionTest, AnUnrestrictedCallerProcessesWithoutARead) {
  EXPECT_CALL(*inner_, GetPayoutInvoice(_, _, _)).Times(0);
  EXPECT_CALL(*inner_, ProcessPayoutInvoice(_, _, _))
      .WillOnce(
          Invoke([](CallContextPtr, const v1::ProcessPayoutInvoiceRequest&,
                    ResultCallback<v1::PayoutInvoice> done) {
            done(Invoice("5000"));
          }));
  v1::ProcessPayoutInvoiceRequest request;
  request.set_id("cpoi_1");
  Capture<v1::PayoutInvoice> out;
  connection_->ProcessPayoutInvoice(As(kAnyone), request, out.Callback());
  EXPECT_TRUE(out.result().ok());
}

TEST_F(PolicyConnectionTest, AReplacedPolicyAppliesToTheNextCall) {
  EXPECT_CALL(*inner_, GetPayoutInvoice(_, _, _)).Times(0);
  Capture<v1::PayoutInvoice> before;
  connection_->GetPayoutInvoice(As("new.caller"), {}, before.Callback());
  EXPECT_EQ(ReasonOf(before), "CALLER_NOT_ALLOWED");
  ASSERT_TRUE(store_
                  ->Replace(R"({"callers": {"new.caller": {
                      "rpcs": ["GetPayoutInvoice"]}}})")
                  .ok());
  EXPECT_CALL(*inner_, GetPayoutInvoice(_, _, _))
      .WillOnce(Invoke([](CallContextPtr, const v1::GetPayoutInvoiceRequest&,
                          ResultCallback<v1::PayoutInvoice> done) {
        done(v1::PayoutInvoice());
      }));
  Capture<v1::PayoutInvoice> after;
  connection_->GetPayoutInvoice(As("new.caller"), {}, after.Callback());
  EXPECT_TRUE(after.result().ok());
  // A broken replacement changes nothing.
  EXPECT_FALSE(store_->Replace("{").ok());
  EXPECT_NE(store_->Current()->Find("new.caller"), nullptr);
}

TEST(AttributionConnection, WritesTheCallerIntoTheInvoiceMetadata) {
  auto inner = std::make_shared<MockPayoutConnection>();
  AttributionConnection connection(inner);
  std::vector<std::string> initiators;
  EXPECT_CALL(*inner, CreatePayoutInvoice(_, _, _))
      .Times(2)
      .WillRepeatedly(Invoke([&](CallContextPtr,
                                 const v1::CreatePayoutInvoiceRequest& r,
                                 ResultCallback<v1::PayoutInvoice> done) {
        auto it = r.metadata().find("payout_gateway_initiator");
        initiators.push_back(it == r.metadata().end() ? "(none)" : it->second);
        EXPECT_EQ(r.metadata().at("order"), "17");
        done(v1::PayoutInvoice());
      }));
  v1::CreatePayoutInvoiceRequest request;
  (*request.mutable_metadata())["order"] = "17";
  auto ctx = [](const std::string& caller) {
    return std::make_shared<CallContext>(absl::InfiniteFuture(), "r", "",
                                         caller);
  };
  connection.CreatePayoutInvoice(ctx(kPayroll), request,
                                 [](absl::StatusOr<v1::PayoutInvoice>) {});
  connection.CreatePayoutInvoice(ctx(""), request,
                                 [](absl::StatusOr<v1::PayoutInvoice>) {});
  EXPECT_EQ(initiators, (std::vector<std::string>{kPayroll, "(none)"}));
}

}  // namespace
}  // namespace payout_gateway
