#include "connection/page_token.h"

#include <gtest/gtest.h>

#include "common/error_details.h"

namespace payout_gateway {
namespace {

TEST(ServicesPageToken, RoundTripsPageAndSize) {
  std::string token = EncodeServicesPageToken({3, 25});
  auto page = ResolveServicesPage(0, token);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->number, 3);
  EXPECT_EQ(page->size, 25);
  // The same size again is fine too.
  EXPECT_TRUE(ResolveServicesPage(25, token).ok());
}

TEST(ServicesPageToken, FirstPageWithoutToken) {
  auto page = ResolveServicesPage(10, "");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->number, 1);
  EXPECT_EQ(page->size, 10);
}

TEST(ServicesPageToken, CapsThePageSize) {
  EXPECT_EQ(ResolveServicesPage(1000, "")->size, kMaxPageSize);
}

TEST(ServicesPageToken, RejectsAnotherPageSizeWithAToken) {
  auto page = ResolveServicesPage(10, EncodeServicesPageToken({2, 20}));
  EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetBadRequest(page.status())->field_violations(0).field(),
            "page_size");
}

TEST(ServicesPageToken, RejectsForeignAndBrokenTokens) {
  for (const std::string& token :
       {std::string("garbage!"), std::string("c3ZjMXx4fDI"),
        EncodeInvoicesPageToken({"cpoi_x", 20}), std::string("c3ZjMXwyMHww")}) {
    auto page = ResolveServicesPage(0, token);
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument)
        << token;
    EXPECT_EQ(GetErrorInfo(page.status())->reason(), "INVALID_PAGE_TOKEN")
        << token;
  }
}

TEST(ServicesPageToken, RejectsNegativePageSize) {
  EXPECT_EQ(ResolveServicesPage(-1, "").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(InvoicesPageToken, RoundTripsCursorsWithAnyCharacters) {
  std::string token = EncodeInvoicesPageToken({"cpoi_a|b/c?d", 5});
  auto page = ResolveInvoicesPage(0, token);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->after, "cpoi_a|b/c?d");
  EXPECT_EQ(page->size, 5);
  EXPECT_EQ(
      ResolveInvoicesPage(0, EncodeServicesPageToken({2, 5})).status().code(),
      absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace payout_gateway
