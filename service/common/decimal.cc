#include "common/decimal.h"

#include <algorithm>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace payout_gateway {
namespace {

constexpr std::size_t kMaxIntegerDigits = 18;
constexpr std::size_t kMaxFractionDigits = 18;
constexpr int kMaxExpandedDigits = 64;

bool AllDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// A decimal split into sign, integer digits and fraction digits.
struct DecimalParts {
  bool negative = false;
  absl::string_view integer;
  absl::string_view fraction;
};

std::optional<DecimalParts> SplitPlainDecimal(absl::string_view s) {
  DecimalParts parts;
  if (!s.empty() && s.front() == '-') {
    parts.negative = true;
    s.remove_prefix(1);
  }
  auto dot = s.find('.');
  parts.integer = s.substr(0, dot);
  if (!AllDigits(parts.integer)) return std::nullopt;
  if (dot != absl::string_view::npos) {
    parts.fraction = s.substr(dot + 1);
    if (!AllDigits(parts.fraction)) return std::nullopt;
  }
  return parts;
}

absl::string_view StripLeadingZeros(absl::string_view s) {
  while (s.size() > 1 && s.front() == '0') s.remove_prefix(1);
  return s;
}

absl::string_view StripTrailingZeros(absl::string_view s) {
  while (!s.empty() && s.back() == '0') s.remove_suffix(1);
  return s;
}

// Compares magnitudes of two split decimals.
int CompareMagnitude(const DecimalParts& a, const DecimalParts& b) {
  absl::string_view ai = StripLeadingZeros(a.integer);
  absl::string_view bi = StripLeadingZeros(b.integer);
  if (ai.size() != bi.size()) return ai.size() < bi.size() ? -1 : 1;
  if (int c = ai.compare(bi); c != 0) return c < 0 ? -1 : 1;
  absl::string_view af = StripTrailingZeros(a.fraction);
  absl::string_view bf = StripTrailingZeros(b.fraction);
  std::size_t n = std::max(af.size(), bf.size());
  for (std::size_t i = 0; i < n; ++i) {
    char ca = i < af.size() ? af[i] : '0';
    char cb = i < bf.size() ? bf[i] : '0';
    if (ca != cb) return ca < cb ? -1 : 1;
  }
  return 0;
}

bool IsZero(const DecimalParts& p) {
  return StripLeadingZeros(p.integer) == "0" &&
         StripTrailingZeros(p.fraction).empty();
}

}  // namespace

bool IsPositiveDecimal(absl::string_view text) {
  if (text.empty() || text.front() == '-') return false;
  auto parts = SplitPlainDecimal(text);
  if (!parts) return false;
  if (parts->integer.size() > kMaxIntegerDigits) return false;
  if (parts->fraction.size() > kMaxFractionDigits) return false;
  if (text.find('.') != absl::string_view::npos && parts->fraction.empty()) {
    return false;  // "10." is not a decimal a caller means.
  }
  if (parts->integer.size() > 1 && parts->integer.front() == '0') return false;
  return !IsZero(*parts);
}

std::optional<std::string> JsonNumberToDecimal(absl::string_view text) {
  auto e = text.find_first_of("eE");
  absl::string_view mantissa = text.substr(0, e);
  auto parts = SplitPlainDecimal(mantissa);
  if (!parts) return std::nullopt;
  if (mantissa.find('.') != absl::string_view::npos &&
      parts->fraction.empty()) {
    return std::nullopt;
  }
  if (e == absl::string_view::npos) return std::string(mantissa);

  absl::string_view exp_text = text.substr(e + 1);
  if (!exp_text.empty() && exp_text.front() == '+') exp_text.remove_prefix(1);
  int exponent = 0;
  if (exp_text.empty() || !absl::SimpleAtoi(exp_text, &exponent)) {
    return std::nullopt;
  }
  if (std::abs(exponent) > kMaxExpandedDigits) return std::nullopt;

  // Shift the decimal point of integer.fraction by `exponent` places.
  std::string digits = absl::StrCat(parts->integer, parts->fraction);
  int point = static_cast<int>(parts->integer.size()) + exponent;
  if (point <= 0) {
    digits.insert(0, std::string(-point, '0'));
    point = 0;
  } else if (point > static_cast<int>(digits.size())) {
    digits.append(point - digits.size(), '0');
  }
  std::string integer(StripLeadingZeros(
      absl::string_view(digits).substr(0, static_cast<std::size_t>(point))));
  if (integer.empty()) integer = "0";
  std::string fraction = digits.substr(static_cast<std::size_t>(point));
  std::string out = parts->negative ? "-" : "";
  absl::StrAppend(&out, integer);
  if (!fraction.empty()) absl::StrAppend(&out, ".", fraction);
  return out;
}

std::optional<std::string> CanonicalDecimal(absl::string_view text) {
  auto parts = SplitPlainDecimal(text);
  if (!parts) return std::nullopt;
  std::string out(StripLeadingZeros(parts->integer));
  absl::string_view fraction = StripTrailingZeros(parts->fraction);
  if (!fraction.empty()) absl::StrAppend(&out, ".", fraction);
  if (parts->negative && out != "0") out.insert(0, "-");
  return out;
}

std::optional<int> CompareDecimals(absl::string_view a, absl::string_view b) {
  auto pa = SplitPlainDecimal(a);
  auto pb = SplitPlainDecimal(b);
  if (!pa || !pb) return std::nullopt;
  bool a_negative = pa->negative && !IsZero(*pa);
  bool b_negative = pb->negative && !IsZero(*pb);
  if (a_negative != b_negative) return a_negative ? -1 : 1;
  int magnitude = CompareMagnitude(*pa, *pb);
  return a_negative ? -magnitude : magnitude;
}

}  // namespace payout_gateway
