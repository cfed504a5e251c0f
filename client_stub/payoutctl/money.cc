#include "payoutctl/money.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace payoutctl {
namespace {

// ISO 4217's active currencies and their minor units (the list maintained
// by SIX). Codes outside it (crypto assets, funds, metals) have no digits
// to pad to: their amounts are shown as sent.
constexpr std::array<std::pair<absl::string_view, int>, 26> kNotTwoDigits = {{
    {"BHD", 3}, {"BIF", 0}, {"CLF", 4}, {"CLP", 0}, {"DJF", 0}, {"GNF", 0},
    {"IQD", 3}, {"ISK", 0}, {"JOD", 3}, {"JPY", 0}, {"KMF", 0}, {"KRW", 0},
    {"KWD", 3}, {"LYD", 3}, {"OMR", 3}, {"PYG", 0}, {"RWF", 0}, {"TND", 3},
    {"UGX", 0}, {"UYI", 0}, {"UYW", 4}, {"VND", 0}, {"VUV", 0}, {"XAF", 0},
    {"XOF", 0}, {"XPF", 0},
}};
constexpr absl::string_view kTwoDigits =
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV "
    "BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK "
    "DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL "
    "HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL "
    "MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO "
    "NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK "
    "SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD "
    "TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG ZWL";

bool IsCurrencyCode(absl::string_view code) {
  return code.size() == 3 && std::all_of(code.begin(), code.end(), [](char c) {
           return c >= 'A' && c <= 'Z';
         });
}

bool AllDigits(absl::string_view s) {
  return std::all_of(s.begin(), s.end(), absl::ascii_isdigit);
}

}  // namespace

std::optional<int> MinorUnitDigits(absl::string_view currency) {
  if (!IsCurrencyCode(currency)) return std::nullopt;
  for (const auto& [code, digits] : kNotTwoDigits) {
    if (code == currency) return digits;
  }
  for (std::size_t at = 0; at < kTwoDigits.size(); at += 4) {
    if (kTwoDigits.substr(at, 3) == currency) return 2;
  }
  return std::nullopt;
}

std::string AmountDigits(absl::string_view amount, absl::string_view currency) {
  if (amount.empty()) return "-";
  const auto digits = MinorUnitDigits(currency);
  const std::size_t dot = amount.find('.');
  absl::string_view whole = amount.substr(0, dot);
  absl::string_view fraction =
      dot == absl::string_view::npos ? "" : amount.substr(dot + 1);
  if (!digits.has_value() || whole.empty() || !AllDigits(whole) ||
      !AllDigits(fraction) ||
      (dot != absl::string_view::npos && fraction.empty())) {
    return std::string(amount);
  }
  // Trailing zeros carry no value; the currency's minor units decide how
  // many digits are shown, unless the amount itself has more.
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  std::string shown(fraction);
  if (shown.size() < static_cast<std::size_t>(*digits))
    shown.resize(*digits, '0');
  return shown.empty() ? std::string(whole) : absl::StrCat(whole, ".", shown);
}

std::string DisplayAmount(absl::string_view amount,
                          absl::string_view currency) {
  if (amount.empty()) return "-";
  return absl::StrCat(AmountDigits(amount, currency), " ", currency);
}

}  // namespace payoutctl
