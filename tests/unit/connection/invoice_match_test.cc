#include "connection/invoice_match.h"

#include <gtest/gtest.h>

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;

v1::CreatePayoutInvoiceRequest Request() {
  v1::CreatePayoutInvoiceRequest r;
  r.set_reference_id("r-1");
  r.set_service("payment_card_usd");
  r.set_currency("USD");
  r.set_amount("10.10");
  (*r.mutable_fields())["card_number"] = "5123817234060000";
  return r;
}

v1::PayoutInvoice Existing() {
  v1::PayoutInvoice inv;
  inv.set_reference_id("r-1");
  inv.mutable_payout_service()->set_id("payment_card_usd");
  inv.set_currency("USD");
  inv.set_amount("10.1");
  (*inv.mutable_masked_fields())["card_number"] = "512381******0000";
  return inv;
}

TEST(InvoiceMatchesRequest, SamePayoutMatches) {
  EXPECT_TRUE(InvoiceMatchesRequest(Existing(), Request()));
}

TEST(InvoiceMatchesRequest, AnyDifferenceIsAnotherPayout) {
  v1::PayoutInvoice inv = Existing();
  inv.set_amount("10.11");
  EXPECT_FALSE(InvoiceMatchesRequest(inv, Request()));
  inv = Existing();
  inv.set_currency("EUR");
  EXPECT_FALSE(InvoiceMatchesRequest(inv, Request()));
  inv = Existing();
  inv.mutable_payout_service()->set_id("test_usd");
  EXPECT_FALSE(InvoiceMatchesRequest(inv, Request()));
  inv = Existing();
  (*inv.mutable_masked_fields())["card_number"] = "411111******1111";
  EXPECT_FALSE(InvoiceMatchesRequest(inv, Request()));
  inv = Existing();
  inv.mutable_masked_fields()->clear();
  EXPECT_FALSE(InvoiceMatchesRequest(inv, Request()));
}

TEST(MaskedValueMatches, ComparesTheVisibleCharacters) {
  EXPECT_TRUE(MaskedValueMatches("512381******0000", "5123817234060000"));
  EXPECT_TRUE(MaskedValueMatches("12345", "12345"));
  EXPECT_FALSE(MaskedValueMatches("512381******0000", "5123817234060001"));
  EXPECT_FALSE(MaskedValueMatches("512381******0000", "51238172340600000"));
}

// A create repeated by another caller with the same reference_id is not
// the caller's own payout, even when every field is alike.
TEST(InvoiceMatchesRequest, AnotherInitiatorIsAnotherPayout) {
  v1::CreatePayoutInvoiceRequest request = Request();
  (*request.mutable_metadata())["payout_gateway_initiator"] = "spiffe://b";
  v1::PayoutInvoice inv = Existing();
  inv.set_initiator("spiffe://a");
  EXPECT_FALSE(InvoiceMatchesRequest(inv, request));
  inv.set_initiator("spiffe://b");
  EXPECT_TRUE(InvoiceMatchesRequest(inv, request));
  // Made before attribution, or by an anonymous caller: nothing to compare.
  inv.set_initiator("");
  EXPECT_TRUE(InvoiceMatchesRequest(inv, request));
}

}  // namespace
}  // namespace payout_gateway
