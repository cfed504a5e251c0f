#include "connection/page_links.h"

#include <gtest/gtest.h>

namespace payout_gateway {
namespace {

TEST(NextPageQuery, TakesTheQueryOfTheInvoiceListLink) {
  EXPECT_EQ(*NextPageQuery("/api/payout-invoices?page[size]=20&page[before]="
                           "cpoi_S1zoJnT8x4iZ4oPr"),
            "page[size]=20&page[before]=cpoi_S1zoJnT8x4iZ4oPr");
  EXPECT_EQ(*NextPageQuery("https://api.corefy.com/api/payout-invoices?"
                           "page%5Bafter%5D=cpoi_1"),
            "page[after]=cpoi_1");
}

// The link goes back upstream: nothing but the paging parameters, with
// values that cannot carry anything else.
TEST(NextPageQuery, RefusesWhatIsNotAPageOfInvoices) {
  for (const char* link :
       {"", "/api/payout-invoices", "/api/payout-invoices?",
        "/api/payout-services?page[number]=2",
        "/api/payout-invoices?filter[reference_id]=x",
        "/api/payout-invoices?page[before]=a&page[before]=b",
        "/api/payout-invoices?page[before]=a%0D%0AX-Injected:%201",
        "/api/payout-invoices?page[before]",
        "/api/payout-invoices?page[before]=../../x"}) {
    auto query = NextPageQuery(link);
    EXPECT_FALSE(query.ok()) << link;
    EXPECT_EQ(query.status().code(), absl::StatusCode::kDataLoss) << link;
  }
}

}  // namespace
}  // namespace payout_gateway
