#include "connection/page_token.h"

#include <algorithm>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/error_details.h"
#include "connection/hmac.h"

namespace payout_gateway {
namespace {

constexpr absl::string_view kServicesList = "svc2";
constexpr absl::string_view kInvoicesList = "inv3";
constexpr std::size_t kTagBytes = 16;

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

absl::Status CheckSameSize(int32_t requested, int32_t token_size) {
  if (requested == 0 || requested == token_size) return absl::OkStatus();
  return InvalidField(
      "page_size",
      absl::StrCat("must be 0 or ", token_size,
                   " (the page size of the request that made page_token)"),
      reason::kInvalidRequest);
}

// A token's tag: the first 128 bits of the HMAC.
std::string Tag(const std::string& key, absl::string_view record) {
  return HmacSha256(key, record).substr(0, kTagBytes);
}

bool ReadTokenSize(const std::string& text, int32_t* size) {
  return absl::SimpleAtoi(text, size) && *size >= 0 && *size <= kMaxPageSize;
}

}  // namespace

PageTokenCodec::PageTokenCodec(absl::string_view signing_key)
    : key_(DeriveKey(signing_key, "payout-gateway page tokens")) {}

std::string PageTokenCodec::Seal(const std::string& record) const {
  return absl::WebSafeBase64Escape(absl::StrCat(Tag(key_, record), record));
}

absl::StatusOr<std::vector<std::string>> PageTokenCodec::Open(
    absl::string_view token, absl::string_view list, int fields) const {
  std::string sealed;
  if (token.size() > kMaxPageTokenLength ||
      !absl::WebSafeBase64Unescape(token, &sealed) ||
      sealed.size() <= kTagBytes) {
    return BadToken();
  }
  const absl::string_view record = absl::string_view(sealed).substr(kTagBytes);
  if (!TagsEqual(Tag(key_, record),
                 absl::string_view(sealed).substr(0, kTagBytes))) {
    return BadToken();
  }
  std::vector<std::string> parts =
      absl::StrSplit(record, absl::MaxSplits('|', fields));
  if (static_cast<int>(parts.size()) != fields + 1 || parts[0] != list) {
    return BadToken();
  }
  parts.erase(parts.begin());
  return parts;
}

std::string PageTokenCodec::Encode(const ServicesPage& page) const {
  return Seal(absl::StrCat(kServicesList, "|", page.size, "|", page.number));
}

std::string PageTokenCodec::Encode(const InvoicesPage& page) const {
  return Seal(absl::StrCat(kInvoicesList, "|", page.size, "|", page.query));
}

absl::StatusOr<ServicesPage> PageTokenCodec::ResolveServices(
    int32_t page_size, absl::string_view page_token) const {
  auto size = CheckedPageSize(page_size);
  if (!size.ok()) return size.status();
  ServicesPage page;
  page.size = *size;
  if (page_token.empty()) return page;
  auto parts = Open(page_token, kServicesList, 2);
  if (!parts.ok()) return parts.status();
  int32_t token_size = 0;
  if (!ReadTokenSize((*parts)[0], &token_size) ||
      !absl::SimpleAtoi((*parts)[1], &page.number) || page.number < 1) {
    return BadToken();
  }
  if (auto s = CheckSameSize(*size, token_size); !s.ok()) return s;
  page.size = token_size;
  return page;
}

absl::StatusOr<InvoicesPage> PageTokenCodec::ResolveInvoices(
    int32_t page_size, absl::string_view page_token) const {
  auto size = CheckedPageSize(page_size);
  if (!size.ok()) return size.status();
  InvoicesPage page;
  page.size = *size;
  if (page_token.empty()) return page;
  auto parts = Open(page_token, kInvoicesList, 2);
  if (!parts.ok()) return parts.status();
  int32_t token_size = 0;
  if (!ReadTokenSize((*parts)[0], &token_size) || (*parts)[1].empty() ||
      (*parts)[1].size() > kMaxPageCursorLength) {
    return BadToken();
  }
  if (auto s = CheckSameSize(*size, token_size); !s.ok()) return s;
  page.size = token_size;
  page.query = std::move((*parts)[1]);
  return page;
}

}  // namespace payout_gateway
