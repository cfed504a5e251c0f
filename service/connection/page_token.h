#ifndef PAYOUT_GATEWAY_CONNECTION_PAGE_TOKEN_H_
#define PAYOUT_GATEWAY_CONNECTION_PAGE_TOKEN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace payout_gateway {

// AIP-158 page tokens over Corefy's two pagination styles. Tokens are opaque
// to callers and carry the page size they were made with, so following pages
// keep the same size.

inline constexpr int32_t kMaxPageSize = 100;
// No token of ours is longer; a longer one is refused before it is decoded.
inline constexpr std::size_t kMaxPageTokenLength = 512;
// Longest upstream page query a token carries.
inline constexpr std::size_t kMaxPageCursorLength = 320;

// `page[number]` / `page[size]` paging of payout services.
struct ServicesPage {
  int64_t number = 1;
  int32_t size = 0;  // 0: the upstream's default
};

// Cursor paging of payout invoices: the query of the upstream's
// `links.next` (NextPageQuery), sent back as it is.
struct InvoicesPage {
  std::string query;  // empty: the first page
  int32_t size = 0;   // 0: the upstream's default
};

// Makes and reads page tokens: URL-safe base64 of an HMAC-SHA256 tag (128
// bits) and a versioned record naming its list. A caller cannot forge a
// token (steering the upstream cursor or page number), and a token of one
// list is refused by the other. Replicas that share the key accept each
// other's tokens.
class PageTokenCodec {
 public:
  // The tag's key is derived from `signing_key` (any secret of at least 16
  // bytes), so the same secret can key other HMACs without their tags ever
  // passing for page tokens.
  explicit PageTokenCodec(absl::string_view signing_key);

  std::string Encode(const ServicesPage& page) const;
  std::string Encode(const InvoicesPage& page) const;

  // Resolves the page a List request asks for from its `page_size` and
  // `page_token`. Fails with INVALID_ARGUMENT (naming the field) on a
  // negative page size, a token that is not one of ours for this list
  // (forged, corrupt, too long, from the other list), or a page size that
  // differs from the token's. Sizes above kMaxPageSize are lowered to it
  // (AIP-158).
  absl::StatusOr<ServicesPage> ResolveServices(
      int32_t page_size, absl::string_view page_token) const;
  absl::StatusOr<InvoicesPage> ResolveInvoices(
      int32_t page_size, absl::string_view page_token) const;

 private:
  std::string Seal(const std::string& record) const;
  // The record of a token whose tag checks out and names `list`, split
  // into its `fields` fields (the last one takes the rest).
  absl::StatusOr<std::vector<std::string>> Open(absl::string_view token,
                                                absl::string_view list,
                                                int fields) const;

  std::string key_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_PAGE_TOKEN_H_
