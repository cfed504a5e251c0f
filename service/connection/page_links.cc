#include "connection/page_links.h"

#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"

namespace payout_gateway {
namespace {

constexpr std::size_t kMaxValueLength = 128;

absl::Status Bad(absl::string_view why) {
  return absl::DataLossError(
      absl::StrCat("the invoice list's links.next is unusable: ", why));
}

bool IsCursorValue(absl::string_view v) {
  if (v.empty() || v.size() > kMaxValueLength) return false;
  for (char c : v) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' &&
        c != '-') {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<std::string> NextPageQuery(absl::string_view link) {
  const auto question = link.find('?');
  if (question == absl::string_view::npos) return Bad("no query");
  if (!absl::EndsWith(link.substr(0, question), "/payout-invoices")) {
    return Bad("not the invoice list");
  }
  std::vector<std::string> parts;
  std::set<std::string> seen;
  for (absl::string_view pair :
       absl::StrSplit(link.substr(question + 1), '&', absl::SkipEmpty())) {
    const auto eq = pair.find('=');
    if (eq == absl::string_view::npos) return Bad("a parameter has no value");
    const std::string key = absl::StrReplaceAll(
        pair.substr(0, eq),
        {{"%5B", "["}, {"%5b", "["}, {"%5D", "]"}, {"%5d", "]"}});
    const absl::string_view value = pair.substr(eq + 1);
    if (key != "page[size]" && key != "page[before]" && key != "page[after]") {
      return Bad("an unknown parameter");
    }
    if (!seen.insert(key).second) return Bad("a repeated parameter");
    if (!IsCursorValue(value)) return Bad("a value that is not a cursor");
    parts.push_back(absl::StrCat(key, "=", value));
  }
  if (parts.empty()) return Bad("no parameters");
  return absl::StrJoin(parts, "&");
}

}  // namespace payout_gateway
