#include "common/redaction.h"

#include "absl/strings/ascii.h"

namespace payout_gateway {
namespace {

constexpr int kMinCardDigits = 12;
constexpr int kMaxCardDigits = 19;
constexpr int kKeepFirst = 6;
constexpr int kKeepLast = 4;

bool IsDigit(char c) {
  return absl::ascii_isdigit(static_cast<unsigned char>(c));
}

}  // namespace

std::string RedactCardNumbers(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (!IsDigit(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    // Extend over digits and single separators that sit between digits.
    std::string digits;
    std::size_t end = i;
    while (end < text.size()) {
      if (IsDigit(text[end])) {
        digits.push_back(text[end++]);
      } else if ((text[end] == ' ' || text[end] == '-') &&
                 end + 1 < text.size() && IsDigit(text[end + 1])) {
        ++end;
      } else {
        break;
      }
    }
    const int n = static_cast<int>(digits.size());
    if (n >= kMinCardDigits && n <= kMaxCardDigits) {
      out.append(digits, 0, kKeepFirst);
      out.append(n - kKeepFirst - kKeepLast, '*');
      out.append(digits, n - kKeepLast, kKeepLast);
    } else {
      out.append(text.data() + i, end - i);
    }
    i = end;
  }
  return out;
}

}  // namespace payout_gateway
