#ifndef PAYOUT_GATEWAY_CONNECTION_PAGE_TOKEN_H_
#define PAYOUT_GATEWAY_CONNECTION_PAGE_TOKEN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace payout_gateway {

// AIP-158 page tokens over Corefy's two pagination styles. Tokens are opaque
// to callers (URL-safe base64 of a versioned record) and carry the page size
// they were made with, so following pages keep the same size.

inline constexpr int32_t kMaxPageSize = 100;

// `page[number]` / `page[size]` paging of payout services.
struct ServicesPage {
  int64_t number = 1;
  int32_t size = 0;  // 0: the upstream's default
};

// `page[after]` cursor paging of payout invoices.
struct InvoicesPage {
  std::string after;  // empty: the first page
  int32_t size = 0;   // 0: the upstream's default
};

std::string EncodeServicesPageToken(const ServicesPage& page);
std::string EncodeInvoicesPageToken(const InvoicesPage& page);

// Resolves the page a List request asks for from its `page_size` and
// `page_token`. Fails with INVALID_ARGUMENT (naming the field) on a negative
// page size, a token that is not one of ours, or a page size that differs
// from the token's. Sizes above kMaxPageSize are lowered to it (AIP-158).
absl::StatusOr<ServicesPage> ResolveServicesPage(int32_t page_size,
                                                 absl::string_view page_token);
absl::StatusOr<InvoicesPage> ResolveInvoicesPage(int32_t page_size,
                                                 absl::string_view page_token);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_PAGE_TOKEN_H_
