#include "connection/page_token.h"

#include <algorithm>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/error_details.h"

namespace payout_gateway {
namespace {

constexpr absl::string_view kServicesTag = "svc1";
constexpr absl::string_view kInvoicesTag = "inv1";

absl::Status InvalidField(absl::string_view field, absl::string_view problem,
                          absl::string_view reason) {
  return ErrorBuilder(absl::StatusCode::kInvalidArgument,
                      absl::StrCat(field, ": ", problem))
      .Reason(reason)
      .Violations({{std::string(field), std::string(problem)}})
      .Hint(corefy::payout::v1::RetryHint::ACTION_FIX_REQUEST)
      .Build();
}

absl::Status BadToken() {
  return InvalidField("page_token",
                      "not a token from a previous response of this RPC",
                      reason::kInvalidPageToken);
}

absl::StatusOr<int32_t> CheckedPageSize(int32_t page_size) {
  if (page_size < 0) {
    return InvalidField("page_size", "must not be negative",
                        reason::kInvalidRequest);
  }
  return std::min(page_size, kMaxPageSize);
}

// Splits a token into its fields after checking its tag; the last field
// takes the rest of the text (a cursor may contain anything).
absl::StatusOr<std::vector<std::string>> Unpack(absl::string_view token,
                                                absl::string_view tag,
                                                int fields) {
  std::string text;
  if (!absl::WebSafeBase64Unescape(token, &text)) return BadToken();
  std::vector<std::string> parts =
      absl::StrSplit(text, absl::MaxSplits('|', fields));
  if (static_cast<int>(parts.size()) != fields + 1 || parts[0] != tag) {
    return BadToken();
  }
  parts.erase(parts.begin());
  return parts;
}

absl::Status CheckSameSize(int32_t requested, int32_t token_size) {
  if (requested == 0 || requested == token_size) return absl::OkStatus();
  return InvalidField(
      "page_size",
      absl::StrCat("must be 0 or ", token_size,
                   " (the page size of the request that made page_token)"),
      reason::kInvalidRequest);
}

}  // namespace

std::string EncodeServicesPageToken(const ServicesPage& page) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(kServicesTag, "|", page.size, "|", page.number));
}

std::string EncodeInvoicesPageToken(const InvoicesPage& page) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(kInvoicesTag, "|", page.size, "|", page.after));
}

absl::StatusOr<ServicesPage> ResolveServicesPage(int32_t page_size,
                                                 absl::string_view page_token) {
  auto size = CheckedPageSize(page_size);
  if (!size.ok()) return size.status();
  ServicesPage page;
  page.size = *size;
  if (page_token.empty()) return page;
  auto parts = Unpack(page_token, kServicesTag, 2);
  if (!parts.ok()) return parts.status();
  int32_t token_size = 0;
  if (!absl::SimpleAtoi((*parts)[0], &token_size) ||
      !absl::SimpleAtoi((*parts)[1], &page.number) || page.number < 1 ||
      token_size < 0 || token_size > kMaxPageSize) {
    return BadToken();
  }
  if (auto s = CheckSameSize(*size, token_size); !s.ok()) return s;
  page.size = token_size;
  return page;
}

absl::StatusOr<InvoicesPage> ResolveInvoicesPage(int32_t page_size,
                                                 absl::string_view page_token) {
  auto size = CheckedPageSize(page_size);
  if (!size.ok()) return size.status();
  InvoicesPage page;
  page.size = *size;
  if (page_token.empty()) return page;
  auto parts = Unpack(page_token, kInvoicesTag, 2);
  if (!parts.ok()) return parts.status();
  int32_t token_size = 0;
  if (!absl::SimpleAtoi((*parts)[0], &token_size) || token_size < 0 ||
      token_size > kMaxPageSize || (*parts)[1].empty()) {
    return BadToken();
  }
  if (auto s = CheckSameSize(*size, token_size); !s.ok()) return s;
  page.size = token_size;
  page.after = std::move((*parts)[1]);
  return page;
}

}  // namespace payout_gateway
