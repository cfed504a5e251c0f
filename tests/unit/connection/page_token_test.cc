#include "connection/page_token.h"

#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "common/error_details.h"

namespace payout_gateway {
namespace {

const PageTokenCodec& Codec() {
  static const PageTokenCodec codec("0123456789abcdef-test-key");
  return codec;
}

void ExpectBadToken(const absl::Status& status, const std::string& token) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << token;
  auto info = GetErrorInfo(status);
  ASSERT_TRUE(info.has_value()) << token;
  EXPECT_EQ(info->reason(), "INVALID_PAGE_TOKEN") << token;
  EXPECT_EQ(GetBadRequest(status)->field_violations(0).field(), "page_token");
}

TEST(ServicesPageToken, RoundTripsPageAndSize) {
  std::string token = Codec().Encode(ServicesPage{3, 25});
  auto page = Codec().ResolveServices(0, token);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->number, 3);
  EXPECT_EQ(page->size, 25);
  // The same size again is fine too.
  EXPECT_TRUE(Codec().ResolveServices(25, token).ok());
}

TEST(ServicesPageToken, FirstPageWithoutToken) {
  auto page = Codec().ResolveServices(10, "");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->number, 1);
  EXPECT_EQ(page->size, 10);
}

TEST(ServicesPageToken, CapsThePageSize) {
  EXPECT_EQ(Codec().ResolveServices(1000, "")->size, kMaxPageSize);
}

TEST(ServicesPageToken, RejectsAnotherPageSizeWithAToken) {
  auto page = Codec().ResolveServices(10, Codec().Encode(ServicesPage{2, 20}));
  EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetBadRequest(page.status())->field_violations(0).field(),
            "page_size");
}

TEST(ServicesPageToken, RejectsNegativePageSize) {
  EXPECT_EQ(Codec().ResolveServices(-1, "").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(InvoicesPageToken, RoundTripsTheNextPageQuery) {
  std::string token =
      Codec().Encode(InvoicesPage{"page[size]=5&page[before]=cpoi_a", 5});
  auto page = Codec().ResolveInvoices(0, token);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->query, "page[size]=5&page[before]=cpoi_a");
  EXPECT_EQ(page->size, 5);
}

// A token is the gateway's word: written by anyone else, or by another
// list, it is refused.
TEST(PageToken, RefusesTokensOfTheOtherList) {
  ExpectBadToken(
      Codec().ResolveInvoices(0, Codec().Encode(ServicesPage{2, 5})).status(),
      "services token");
  ExpectBadToken(
      Codec().ResolveServices(0, Codec().Encode(InvoicesPage{"x", 5})).status(),
      "invoices token");
}

TEST(PageToken, RefusesForgedTokens) {
  // The record a token carries, sealed without the key: what a caller who
  // read a token's format would write to steer the upstream cursor.
  for (const std::string& record :
       {std::string("inv3|5|page[before]=cpoi_other"), std::string("svc2|20|7"),
        std::string("inv2|20|cpoi_x")}) {
    const std::string forged =
        absl::WebSafeBase64Escape(std::string(16, '\0') + record);
    ExpectBadToken(Codec().ResolveInvoices(0, forged).status(), record);
    ExpectBadToken(Codec().ResolveServices(0, forged).status(), record);
  }
  // Sealed with another key: another deployment's token.
  PageTokenCodec other("another-key-of-16-bytes-or-more");
  ExpectBadToken(
      Codec()
          .ResolveInvoices(0, other.Encode(InvoicesPage{"cpoi_x", 5}))
          .status(),
      "other key");
}

TEST(PageToken, RefusesCorruptAndOversizedTokens) {
  std::string token = Codec().Encode(InvoicesPage{"cpoi_x", 5});
  std::string flipped = token;
  flipped[flipped.size() / 2] = flipped[flipped.size() / 2] == 'A' ? 'B' : 'A';
  for (const std::string& bad :
       {std::string("garbage!"), std::string("c3ZjMXx4fDI"), flipped,
        token.substr(0, token.size() - 3), std::string(10000, 'A'),
        std::string("\r\nX-Injected: 1")}) {
    ExpectBadToken(Codec().ResolveInvoices(0, bad).status(), bad.substr(0, 40));
  }
}

TEST(PageToken, ReplicasWithTheSameKeyAcceptEachOthersTokens) {
  PageTokenCodec replica_a("shared-key-of-the-deployment");
  PageTokenCodec replica_b("shared-key-of-the-deployment");
  auto page =
      replica_b.ResolveInvoices(0, replica_a.Encode(InvoicesPage{"cpoi_x", 7}));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->query, "cpoi_x");
}

}  // namespace
}  // namespace payout_gateway
