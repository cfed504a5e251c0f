#include "common/redaction.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"

namespace payout_gateway {
namespace {

constexpr std::size_t kMinCardDigits = 12;
constexpr std::size_t kKeepFirst = 6;
constexpr std::size_t kKeepLast = 4;

bool IsDigit(char c) {
  return absl::ascii_isdigit(static_cast<unsigned char>(c));
}

bool IsSeparator(char c) { return c == ' ' || c == '.' || c == '-'; }

// A run of digits in which single separators may sit between two digits:
// "4111 1111 1111 1111", "4111.1111.1111.1111", "4111111111111111 1228".
struct DigitRun {
  std::size_t end = 0;  // one past the run's last digit
  std::string digits;
  bool dots_only = true;  // every separator is a '.'
  int groups = 1;
  std::size_t longest_group = 0;
};

DigitRun ScanRun(absl::string_view text, std::size_t begin) {
  DigitRun run;
  std::size_t group = 0;
  std::size_t i = begin;
  while (i < text.size()) {
    if (IsDigit(text[i])) {
      run.digits.push_back(text[i++]);
      run.longest_group = std::max(run.longest_group, ++group);
    } else if (IsSeparator(text[i]) && i + 1 < text.size() &&
               IsDigit(text[i + 1])) {
      run.dots_only &= text[i] == '.';
      ++run.groups;
      group = 0;
      ++i;
    } else {
      break;
    }
  }
  run.end = i;
  return run;
}

// "192.168.100.200" has twelve digits but is an IPv4 address, which
// connection errors name; no card is written in four groups of three.
bool IsIpv4Address(const DigitRun& run) {
  return run.dots_only && run.groups == 4 && run.longest_group <= 3;
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
    DigitRun run = ScanRun(text, i);
    const std::size_t n = run.digits.size();
    if (n >= kMinCardDigits && !IsIpv4Address(run)) {
      // Any 12-19 digit card inside the run shows at most its first six
      // and last four digits, as PCI DSS allows.
      out.append(run.digits, 0, kKeepFirst);
      out.append(n - kKeepFirst - kKeepLast, '*');
      out.append(run.digits, n - kKeepLast, kKeepLast);
    } else {
      out.append(text.data() + i, run.end - i);
    }
    i = run.end;
  }
  return out;
}

void RedactCardNumbers(google::protobuf::Message& message) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      if (!field->is_repeated()) {
        reflection->SetString(
            &message, field,
            RedactCardNumbers(reflection->GetString(message, field)));
        continue;
      }
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        reflection->SetRepeatedString(
            &message, field, i,
            RedactCardNumbers(
                reflection->GetRepeatedString(message, field, i)));
      }
    } else if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
      // Map entries are messages of a key and a value, so maps are covered.
      if (!field->is_repeated()) {
        RedactCardNumbers(*reflection->MutableMessage(&message, field));
        continue;
      }
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        RedactCardNumbers(
            *reflection->MutableRepeatedMessage(&message, field, i));
      }
    }
  }
}

}  // namespace payout_gateway
