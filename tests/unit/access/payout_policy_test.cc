#include "access/payout_policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error_details.h"

namespace payout_gateway {
namespace {

using ::testing::HasSubstr;

constexpr char kPayroll[] = "spiffe://cluster.local/ns/payroll/sa/api";

constexpr char kPolicy[] = R"({"callers": {
  "spiffe://cluster.local/ns/payroll/sa/api": {
    "rpcs": ["CreatePayoutInvoice", "ProcessPayoutInvoice", "GetPayoutInvoice"],
    "services": ["test_usd", "payment_card_usd"], "currencies": ["USD", "EUR"],
    "modes": ["test"], "max_amount": {"USD": "1000.00"}},
  "reports.internal": {"rpcs": ["*"], "services": ["*"],
    "currencies": ["*"], "modes": ["test", "live"]},
  "spiffe://cluster.local/ns/reports/sa/reader": {
    "rpcs": ["GetPayoutInvoice", "ListPayoutInvoices"]}}})";

PayoutPolicy Parsed() {
  auto policy = ParsePayoutPolicy(kPolicy);
  EXPECT_TRUE(policy.ok()) << policy.status();
  return *policy;
}

std::string ReasonOf(const absl::Status& s) {
  auto info = GetErrorInfo(s);
  return info.has_value() ? info->reason() : "";
}

PayoutFacts Payout(std::string amount, std::string currency = "USD",
                   std::string service = "test_usd", bool test_mode = true) {
  return PayoutFacts{std::move(service), std::move(currency), std::move(amount),
                     test_mode};
}

TEST(ParsePayoutPolicy, ReadsEveryCaller) {
  PayoutPolicy policy = Parsed();
  ASSERT_EQ(policy.callers.size(), 3u);
  const CallerPolicy* payroll = policy.Find(kPayroll);
  ASSERT_NE(payroll, nullptr);
  EXPECT_TRUE(payroll->AllowsRpc("CreatePayoutInvoice"));
  EXPECT_FALSE(payroll->AllowsRpc("ListPayoutInvoices"));
  EXPECT_TRUE(payroll->test_mode);
  EXPECT_FALSE(payroll->live_mode);
  EXPECT_EQ(payroll->max_amount.at("USD"), "1000.00");
  EXPECT_TRUE(policy.Find("reports.internal")->AllowsRpc("ListPayoutServices"));
  EXPECT_EQ(policy.Find(""), nullptr);
  EXPECT_EQ(policy.Find("someone.else"), nullptr);
}

struct BadPolicy {
  const char* name;
  const char* text;
  const char* says;
};

class BadPolicyTest : public ::testing::TestWithParam<BadPolicy> {};

TEST_P(BadPolicyTest, IsRefusedSayingWhere) {
  auto policy = ParsePayoutPolicy(GetParam().text);
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(policy.status().message()),
              HasSubstr(GetParam().says));
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadPolicyTest,
    ::testing::Values(
        BadPolicy{"NotJson", "{", "not valid JSON"},
        BadPolicy{"NotAnObject", "[]", "JSON object"},
        BadPolicy{"NoCallers", "{}", "callers"},
        BadPolicy{"UnknownTopLevelKey", R"({"callers": {}, "caller": {}})",
                  "caller: is not a policy setting"},
        BadPolicy{"UnknownRpc", R"({"callers": {"a": {"rpcs": ["Pay"]}}})",
                  R"(callers["a"].rpcs: "Pay" is not a valid entry)"},
        BadPolicy{"MissingRpcs", R"({"callers": {"a": {}}})",
                  R"(callers["a"].rpcs: is required)"},
        BadPolicy{"TypoInAKey",
                  R"({"callers": {"a": {"rpcs": ["GetPayoutInvoice"],
                     "max_ammount": {}}}})",
                  "max_ammount: is not a policy setting"},
        BadPolicy{"PayerWithoutServices",
                  R"({"callers": {"a": {"rpcs": ["CreatePayoutInvoice"],
                     "currencies": ["USD"], "modes": ["test"]}}})",
                  "needs services, currencies and modes"},
        BadPolicy{"AmountAsANumber",
                  R"({"callers": {"a": {"rpcs": ["*"], "services": ["*"],
                     "currencies": ["USD"], "modes": ["live"],
                     "max_amount": {"USD": 100}}}})",
                  "max_amount.USD: must be a positive decimal"},
        BadPolicy{"LimitOfAnotherCurrency",
                  R"({"callers": {"a": {"rpcs": ["*"], "services": ["*"],
                     "currencies": ["USD"], "modes": ["live"],
                     "max_amount": {"EUR": "100"}}}})",
                  "not one of the caller's currencies"},
        BadPolicy{"BadMode",
                  R"({"callers": {"a": {"rpcs": ["*"], "services": ["*"],
                     "currencies": ["USD"], "modes": ["prod"]}}})",
                  "modes"},
        BadPolicy{"EmptyIdentity", R"({"callers": {"": {"rpcs": ["*"]}}})",
                  "must not be empty"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(CheckCaller, DeniesUnknownAndAnonymousCallers) {
  PayoutPolicy policy = Parsed();
  absl::Status unknown =
      CheckCaller(policy.Find("x.internal"), "x.internal", "GetPayoutInvoice");
  EXPECT_EQ(unknown.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReasonOf(unknown), "CALLER_NOT_ALLOWED");
  EXPECT_EQ(GetRetryHint(unknown)->action(),
            corefy::payout::v1::RetryHint::ACTION_DO_NOT_RETRY);
  absl::Status anonymous = CheckCaller(policy.Find(""), "", "GetPayoutInvoice");
  EXPECT_EQ(ReasonOf(anonymous), "CALLER_NOT_ALLOWED");
  EXPECT_THAT(std::string(anonymous.message()), HasSubstr("anonymous"));
}

TEST(CheckCaller, AllowsOnlyTheCallersRpcs) {
  PayoutPolicy policy = Parsed();
  const CallerPolicy* payroll = policy.Find(kPayroll);
  EXPECT_TRUE(CheckCaller(payroll, kPayroll, "GetPayoutInvoice").ok());
  absl::Status list = CheckCaller(payroll, kPayroll, "ListPayoutInvoices");
  EXPECT_EQ(ReasonOf(list), "RPC_NOT_ALLOWED");
  EXPECT_EQ(GetErrorInfo(list)->metadata().at("caller"), kPayroll);
  EXPECT_EQ(GetErrorInfo(list)->metadata().at("rpc"), "ListPayoutInvoices");
}

TEST(CheckPayout, HoldsTheCallerToItsLimits) {
  PayoutPolicy policy = Parsed();
  const CallerPolicy& payroll = *policy.Find(kPayroll);
  auto check = [&](const PayoutFacts& payout) {
    return ReasonOf(
        CheckPayout(payroll, kPayroll, "CreatePayoutInvoice", payout));
  };
  EXPECT_EQ(check(Payout("1000")), "");  // exact decimals: 1000 == 1000.00
  EXPECT_EQ(check(Payout("999.999999")), "");
  EXPECT_EQ(check(Payout("1000.000001")), "AMOUNT_ABOVE_CALLER_LIMIT");
  EXPECT_EQ(check(Payout("100000", "EUR")), "");  // no EUR limit
  EXPECT_EQ(check(Payout("1", "JPY")), "CURRENCY_NOT_ALLOWED");
  EXPECT_EQ(check(Payout("1", "USD", "swift_jpy")), "SERVICE_NOT_ALLOWED");
  // Not saying test_mode counts as live: the gateway's key may be live.
  EXPECT_EQ(check(Payout("1", "USD", "test_usd", false)), "MODE_NOT_ALLOWED");
}

TEST(RestrictsPayouts, OnlyWhenSomethingIsLimited) {
  PayoutPolicy policy = Parsed();
  EXPECT_TRUE(RestrictsPayouts(*policy.Find(kPayroll)));
  EXPECT_FALSE(RestrictsPayouts(*policy.Find("reports.internal")));
}

}  // namespace
}  // namespace payout_gateway
