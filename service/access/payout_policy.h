#ifndef PAYOUT_GATEWAY_ACCESS_PAYOUT_POLICY_H_
#define PAYOUT_GATEWAY_ACCESS_PAYOUT_POLICY_H_

#include <map>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace payout_gateway {

// What one caller may do. A set holding "*" allows everything of its kind.
struct CallerPolicy {
  std::set<std::string> rpcs;        // e.g. "CreatePayoutInvoice"
  std::set<std::string> services;    // payout service codes, e.g. "test_usd"
  std::set<std::string> currencies;  // ISO 4217 codes
  bool test_mode = false;            // may pay out in test mode
  bool live_mode = false;            // may pay out in live mode
  // The largest amount of one payout, per currency, as an exact decimal. A
  // currency without an entry has no limit of its own.
  std::map<std::string, std::string> max_amount;

  bool AllowsRpc(absl::string_view rpc) const;
};

// The payout policy: what each caller (by the identity of its client
// certificate) may do. A caller it does not name may do nothing. Written as
// JSON, e.g.:
//
//   {"callers": {
//     "spiffe://cluster.local/ns/payroll/sa/payroll-api": {
//       "rpcs": ["CreatePayoutInvoice", "ProcessPayoutInvoice",
//                "GetPayoutInvoice"],
//       "services": ["test_usd"], "currencies": ["USD"],
//       "modes": ["test", "live"], "max_amount": {"USD": "1000.00"}},
//     "spiffe://cluster.local/ns/reports/sa/reports": {
//       "rpcs": ["GetPayoutInvoice", "ListPayoutInvoices"]}}}
//
// A caller that may create or process must say which services, currencies
// and modes it may use ("*" for any). Unknown keys are errors, so a typo
// (`max_ammount`) never silently lifts a limit.
struct PayoutPolicy {
  std::map<std::string, CallerPolicy> callers;

  // The caller's policy, or nullptr for a caller the policy does not name
  // (anonymous callers included).
  const CallerPolicy* Find(absl::string_view caller) const;
};

// Parses and validates a policy document. Errors say where the problem is
// (`callers["spiffe://..."].max_amount.USD: must be a positive decimal`).
absl::StatusOr<PayoutPolicy> ParsePayoutPolicy(absl::string_view text);

// What a payout is, for the checks below.
struct PayoutFacts {
  std::string service;
  std::string currency;
  std::string amount;
  // Test mode, live mode, or not said (which counts as live: the mode then
  // follows the gateway's key, which may be a live one).
  bool test_mode = false;
};

// PERMISSION_DENIED with an ErrorInfo reason and the hint
// ACTION_DO_NOT_RETRY, or OK. `caller` is who asks, `rpc` what it asks.
absl::Status CheckCaller(const CallerPolicy* policy, absl::string_view caller,
                         absl::string_view rpc);
absl::Status CheckPayout(const CallerPolicy& policy, absl::string_view caller,
                         absl::string_view rpc, const PayoutFacts& payout);

// Whether checking a process needs the invoice (its service, currency,
// amount or mode is restricted for this caller).
bool RestrictsPayouts(const CallerPolicy& policy);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_ACCESS_PAYOUT_POLICY_H_
