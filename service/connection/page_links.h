#ifndef PAYOUT_GATEWAY_CONNECTION_PAGE_LINKS_H_
#define PAYOUT_GATEWAY_CONNECTION_PAGE_LINKS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace payout_gateway {

// The query of an invoice list's `links.next`
// (`/api/payout-invoices?page[size]=20&page[before]=cpoi_...`), to be sent
// as it is for the next page. The link is the upstream's word, and the
// query will go back to it: only `page[size]`, `page[before]` and
// `page[after]` are accepted, each once, with values of 1-128 of
// [A-Za-z0-9_-] (brackets may come percent-encoded); the path must be the
// invoice list's. The result is canonical (`page[size]=20&page[before]=x`).
// Anything else is kDataLoss: an answer the gateway cannot use.
absl::StatusOr<std::string> NextPageQuery(absl::string_view link);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_PAGE_LINKS_H_
