#include "access/payout_policy.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/decimal.h"
#include "common/error_details.h"
#include "common/log.h"
#include "nlohmann/json.hpp"

namespace payout_gateway {
namespace {

using json = nlohmann::json;
namespace v1 = ::corefy::payout::v1;

constexpr absl::string_view kAny = "*";
constexpr absl::string_view kCreate = "CreatePayoutInvoice";
constexpr absl::string_view kProcess = "ProcessPayoutInvoice";

const std::set<std::string>& KnownRpcs() {
  static const std::set<std::string> rpcs = {
      "PayoutPrerequest",    "ListPayoutServices",   "GetPayoutService",
      "CreatePayoutInvoice", "ProcessPayoutInvoice", "GetPayoutInvoice",
      "ListPayoutInvoices",  "WatchPayoutInvoice",   "StreamPayoutEvents"};
  return rpcs;
}

bool AllowsAny(const std::set<std::string>& set) {
  return set.count(std::string(kAny)) > 0;
}

bool Allows(const std::set<std::string>& set, absl::string_view value) {
  return AllowsAny(set) || set.count(std::string(value)) > 0;
}

bool IsCurrencyCode(absl::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (!absl::ascii_isupper(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::Status Bad(absl::string_view where, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", problem));
}

// A list of strings; each must pass `valid` (or be "*").
absl::Status ReadSet(const json& value, const std::string& where,
                     bool (*valid)(absl::string_view),
                     std::set<std::string>& out) {
  if (!value.is_array() || value.empty()) {
    return Bad(where, "must be a non-empty list of strings");
  }
  for (const json& item : value) {
    if (!item.is_string()) return Bad(where, "must hold strings only");
    const std::string text = item.get<std::string>();
    if (text != kAny && !valid(text)) {
      return Bad(where, absl::StrCat("\"", EscapeUntrusted(text, 64),
                                     "\" is not a valid entry"));
    }
    out.insert(text);
  }
  return absl::OkStatus();
}

bool IsKnownRpc(absl::string_view rpc) {
  return KnownRpcs().count(std::string(rpc)) > 0;
}

bool IsServiceCode(absl::string_view code) {
  if (code.empty() || code.size() > 128) return false;
  for (char c : code) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' &&
        c != '-' && c != '.') {
      return false;
    }
  }
  return true;
}

bool IsMode(absl::string_view mode) { return mode == "test" || mode == "live"; }

absl::Status ReadMaxAmount(const json& value, const std::string& where,
                           CallerPolicy& out) {
  if (!value.is_object()) return Bad(where, "must be an object");
  for (const auto& [currency, amount] : value.items()) {
    const std::string at =
        absl::StrCat(where, ".", EscapeUntrusted(currency, 8));
    if (!IsCurrencyCode(currency)) {
      return Bad(at, "keys must be ISO 4217 codes such as USD");
    }
    if (!amount.is_string() || !IsPositiveDecimal(amount.get<std::string>())) {
      return Bad(at,
                 "must be a positive decimal written as a string, "
                 "such as \"1000.00\"");
    }
    if (!Allows(out.currencies, currency)) {
      return Bad(at, "is not one of the caller's currencies");
    }
    out.max_amount[currency] = amount.get<std::string>();
  }
  return absl::OkStatus();
}

absl::Status ReadCaller(const json& entry, const std::string& where,
                        CallerPolicy& out) {
  if (!entry.is_object()) return Bad(where, "must be an object");
  for (const auto& [key, value] : entry.items()) {
    const std::string at = absl::StrCat(where, ".", EscapeUntrusted(key, 32));
    absl::Status s;
    if (key == "rpcs") {
      s = ReadSet(value, at, IsKnownRpc, out.rpcs);
    } else if (key == "services") {
      s = ReadSet(value, at, IsServiceCode, out.services);
    } else if (key == "currencies") {
      s = ReadSet(value, at, IsCurrencyCode, out.currencies);
    } else if (key == "modes") {
      std::set<std::string> modes;
      s = ReadSet(value, at, IsMode, modes);
      out.test_mode = Allows(modes, "test");
      out.live_mode = Allows(modes, "live");
    } else if (key != "max_amount") {
      s = Bad(at,
              "is not a policy setting (rpcs, services, currencies, "
              "modes, max_amount)");
    }
    if (!s.ok()) return s;
  }
  if (out.rpcs.empty()) return Bad(where + ".rpcs", "is required");
  const bool pays = out.AllowsRpc(kCreate) || out.AllowsRpc(kProcess);
  if (pays && (out.services.empty() || out.currencies.empty() ||
               (!out.test_mode && !out.live_mode))) {
    return Bad(where,
               "a caller that may create or process payouts needs services, "
               "currencies and modes (\"*\" for any)");
  }
  if (auto it = entry.find("max_amount"); it != entry.end()) {
    return ReadMaxAmount(*it, where + ".max_amount", out);
  }
  return absl::OkStatus();
}

absl::Status Denied(absl::string_view reason, std::string message,
                    absl::string_view caller, absl::string_view rpc) {
  return ErrorBuilder(absl::StatusCode::kPermissionDenied, std::move(message))
      .Reason(reason)
      .Metadata("caller", caller.empty() ? "(anonymous)" : caller)
      .Metadata("rpc", rpc)
      .Hint(v1::RetryHint::ACTION_DO_NOT_RETRY)
      .Build();
}

}  // namespace

bool CallerPolicy::AllowsRpc(absl::string_view rpc) const {
  return Allows(rpcs, rpc);
}

const CallerPolicy* PayoutPolicy::Find(absl::string_view caller) const {
  if (caller.empty()) return nullptr;
  auto it = callers.find(std::string(caller));
  return it == callers.end() ? nullptr : &it->second;
}

absl::StatusOr<PayoutPolicy> ParsePayoutPolicy(absl::string_view text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Bad("policy", "is not valid JSON");
  if (!doc.is_object()) return Bad("policy", "must be a JSON object");
  for (const auto& [key, value] : doc.items()) {
    if (key != "callers") {
      return Bad(EscapeUntrusted(key, 32), "is not a policy setting");
    }
  }
  auto callers = doc.find("callers");
  if (callers == doc.end() || !callers->is_object()) {
    return Bad("callers", "must be an object of caller identities");
  }
  PayoutPolicy policy;
  for (const auto& [caller, entry] : callers->items()) {
    const std::string where =
        absl::StrCat("callers[\"", EscapeUntrusted(caller, 255), "\"]");
    if (caller.empty()) return Bad(where, "an identity must not be empty");
    CallerPolicy parsed;
    if (absl::Status s = ReadCaller(entry, where, parsed); !s.ok()) return s;
    policy.callers.emplace(caller, std::move(parsed));
  }
  return policy;
}

absl::Status CheckCaller(const CallerPolicy* policy, absl::string_view caller,
                         absl::string_view rpc) {
  if (policy == nullptr) {
    return Denied(reason::kCallerNotAllowed,
                  caller.empty()
                      ? "the payout policy admits no anonymous caller: "
                        "present a client certificate"
                      : absl::StrCat("the payout policy does not name the "
                                     "caller ",
                                     caller),
                  caller, rpc);
  }
  if (!policy->AllowsRpc(rpc)) {
    return Denied(reason::kRpcNotAllowed,
                  absl::StrCat("the caller ", caller, " may not call ", rpc),
                  caller, rpc);
  }
  return absl::OkStatus();
}

absl::Status CheckPayout(const CallerPolicy& policy, absl::string_view caller,
                         absl::string_view rpc, const PayoutFacts& payout) {
  if (!Allows(policy.services, payout.service)) {
    return Denied(
        reason::kServiceNotAllowed,
        absl::StrCat("the caller ", caller,
                     " may not pay out through the service ", payout.service),
        caller, rpc);
  }
  if (!Allows(policy.currencies, payout.currency)) {
    return Denied(reason::kCurrencyNotAllowed,
                  absl::StrCat("the caller ", caller, " may not pay out in ",
                               payout.currency),
                  caller, rpc);
  }
  if (payout.test_mode ? !policy.test_mode : !policy.live_mode) {
    return Denied(reason::kModeNotAllowed,
                  absl::StrCat("the caller ", caller, " may not pay out in ",
                               payout.test_mode ? "test" : "live", " mode",
                               policy.test_mode ? " (set test_mode)" : ""),
                  caller, rpc);
  }
  auto limit = policy.max_amount.find(payout.currency);
  if (limit != policy.max_amount.end() &&
      CompareDecimals(payout.amount, limit->second).value_or(1) > 0) {
    return Denied(reason::kAmountAboveCallerLimit,
                  absl::StrCat("the caller ", caller, " may pay out at most ",
                               limit->second, " ", payout.currency,
                               " at once, not ", payout.amount),
                  caller, rpc);
  }
  return absl::OkStatus();
}

bool RestrictsPayouts(const CallerPolicy& policy) {
  return !AllowsAny(policy.services) || !AllowsAny(policy.currencies) ||
         !policy.test_mode || !policy.live_mode || !policy.max_amount.empty();
}

}  // namespace payout_gateway
