#include "common/json_text.h"

#include <cstdint>

namespace payout_gateway {
namespace {

constexpr absl::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The length of the valid UTF-8 sequence at the start of `s` (2 to 4), or 0
// when it is not one: a stray continuation byte, a truncated sequence, an
// overlong form, a surrogate or a code point above U+10FFFF.
std::size_t Utf8SequenceLength(absl::string_view s) {
  const auto byte = [&](std::size_t i) { return static_cast<uint8_t>(s[i]); };
  const auto continuation = [&](std::size_t i) {
    return i < s.size() && (byte(i) & 0xC0) == 0x80;
  };
  const uint8_t lead = byte(0);
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (!continuation(1) || !continuation(2)) return 0;
    if (lead == 0xE0 && byte(1) < 0xA0) return 0;   // overlong
    if (lead == 0xED && byte(1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (!continuation(1) || !continuation(2) || !continuation(3)) return 0;
    if (lead == 0xF0 && byte(1) < 0x90) return 0;   // overlong
    if (lead == 0xF4 && byte(1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

void AppendJsonString(std::string* out, absl::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  std::size_t i = 0;
  while (i < value.size()) {
    const auto c = static_cast<uint8_t>(value[i]);
    if (c >= 0x80) {
      const std::size_t n = Utf8SequenceLength(value.substr(i));
      if (n == 0) {
        out->append(kReplacement.data(), kReplacement.size());
        ++i;
      } else {
        out->append(value.data() + i, n);
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
  out->push_back('"');
}

}  // namespace payout_gateway
