#include "connection/invoice_match.h"

#include <gtest/gtest.h>

#include "connection/request_fingerprint.h"
#include "support/requests.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;

constexpr char kKey[] = "fingerprint-key-for-tests";

v1::CreatePayoutInvoiceRequest Request(
    const std::string& card = "5123817234060000") {
  return payout_gateway_testing::CardCreate("r-1", card, "10.10");
}

// The request as the gateway sends it: with its fingerprint.
v1::CreatePayoutInvoiceRequest Fingerprinted(v1::CreatePayoutInvoiceRequest r) {
  (*r.mutable_metadata())["payout_gateway_fingerprint"] =
      RequestFingerprint(r, kKey);
  return r;
}

// The invoice Corefy keeps of a request: card masked, metadata kept.
v1::PayoutInvoice InvoiceOf(const v1::CreatePayoutInvoiceRequest& r) {
  v1::PayoutInvoice inv;
  inv.set_reference_id(r.reference_id());
  inv.mutable_payout_service()->set_id(r.service());
  inv.set_currency(r.currency());
  inv.set_amount("10.1");
  (*inv.mutable_masked_fields())["card_number"] = "512381******0000";
  *inv.mutable_metadata() = r.metadata();
  return inv;
}

TEST(InvoiceMatchesRequest, TheSamePayoutMatchesByItsFingerprint) {
  const v1::CreatePayoutInvoiceRequest sent = Fingerprinted(Request());
  EXPECT_TRUE(InvoiceMatchesRequest(InvoiceOf(sent), sent));
  // "10.10" and "10.1" are one amount.
  v1::CreatePayoutInvoiceRequest same_value = Request();
  same_value.set_amount("10.1");
  EXPECT_TRUE(
      InvoiceMatchesRequest(InvoiceOf(sent), Fingerprinted(same_value)));
}

// The card differs only where Corefy masks it: the fingerprint tells.
TEST(InvoiceMatchesRequest, ACardThatDiffersBehindTheMaskIsAnotherPayout) {
  const v1::CreatePayoutInvoiceRequest first = Fingerprinted(Request());
  const v1::CreatePayoutInvoiceRequest second =
      Fingerprinted(Request("5123810000000000"));
  EXPECT_FALSE(InvoiceMatchesRequest(InvoiceOf(first), second));
}

// What an invoice does not show at all differs: the fingerprint tells.
TEST(InvoiceMatchesRequest, WhatCorefyDoesNotShowCounts) {
  const v1::PayoutInvoice existing = InvoiceOf(Fingerprinted(Request()));
  v1::CreatePayoutInvoiceRequest auto_process = Request();
  auto_process.mutable_options()->set_auto_process(true);
  EXPECT_FALSE(InvoiceMatchesRequest(existing, Fingerprinted(auto_process)));
  v1::CreatePayoutInvoiceRequest callback = Request();
  callback.set_callback_url("https://hooks.example.com/other");
  EXPECT_FALSE(InvoiceMatchesRequest(existing, Fingerprinted(callback)));
  v1::CreatePayoutInvoiceRequest test_mode = Request();
  test_mode.set_test_mode(true);
  EXPECT_FALSE(InvoiceMatchesRequest(existing, Fingerprinted(test_mode)));
}

TEST(InvoiceMatchesRequest, WhatCorefyShowsMustBeEqual) {
  const v1::CreatePayoutInvoiceRequest sent = Fingerprinted(Request());
  v1::PayoutInvoice inv = InvoiceOf(sent);
  inv.set_amount("10.11");
  EXPECT_FALSE(InvoiceMatchesRequest(inv, sent));
  inv = InvoiceOf(sent);
  inv.set_currency("EUR");
  EXPECT_FALSE(InvoiceMatchesRequest(inv, sent));
  inv = InvoiceOf(sent);
  inv.mutable_payout_service()->set_id("test_usd");
  EXPECT_FALSE(InvoiceMatchesRequest(inv, sent));
}

// Made outside the gateway (no fingerprint): a masked card can never be
// proven equal, so it is a conflict, never a match. Fields shown in full
// can be.
TEST(InvoiceMatchesRequest, WithoutAFingerprintOnlyWhatIsShownInFullMatches) {
  v1::PayoutInvoice foreign = InvoiceOf(Request());
  EXPECT_FALSE(InvoiceMatchesRequest(foreign, Fingerprinted(Request())));

  v1::CreatePayoutInvoiceRequest account = Request();
  account.mutable_fields()->clear();
  (*account.mutable_fields())["account"] = "4000123456";
  v1::PayoutInvoice shown = InvoiceOf(account);
  shown.mutable_masked_fields()->clear();
  (*shown.mutable_masked_fields())["account"] = "4000123456";
  EXPECT_TRUE(InvoiceMatchesRequest(shown, Fingerprinted(account)));
  (*shown.mutable_masked_fields())["account"] = "4000123457";
  EXPECT_FALSE(InvoiceMatchesRequest(shown, Fingerprinted(account)));
  // Options are not shown: cannot be proven.
  (*shown.mutable_masked_fields())["account"] = "4000123456";
  account.mutable_options()->set_auto_process(false);
  EXPECT_FALSE(InvoiceMatchesRequest(shown, Fingerprinted(account)));
}

// A create repeated by another caller with the same reference_id is not
// the caller's own payout, even when every field is alike.
TEST(InvoiceMatchesRequest, AnotherInitiatorIsAnotherPayout) {
  v1::CreatePayoutInvoiceRequest request = Request();
  (*request.mutable_metadata())["payout_gateway_initiator"] = "spiffe://b";
  request = Fingerprinted(request);
  v1::PayoutInvoice inv = InvoiceOf(request);
  inv.set_initiator("spiffe://a");
  EXPECT_FALSE(InvoiceMatchesRequest(inv, request));
  inv.set_initiator("spiffe://b");
  EXPECT_TRUE(InvoiceMatchesRequest(inv, request));
}

TEST(RequestFingerprint, IsKeyedStableAndCoversEveryField) {
  const std::string fp = RequestFingerprint(Request(), kKey);
  EXPECT_EQ(fp.rfind("v1.", 0), 0u);
  EXPECT_EQ(fp, RequestFingerprint(Request(), kKey));
  EXPECT_NE(fp, RequestFingerprint(Request(), "another-key"));
  // Its own metadata entry does not change it.
  v1::CreatePayoutInvoiceRequest with_fp = Request();
  (*with_fp.mutable_metadata())["payout_gateway_fingerprint"] = fp;
  EXPECT_EQ(RequestFingerprint(with_fp, kKey), fp);
  v1::CreatePayoutInvoiceRequest described = Request();
  described.set_description("rent");
  EXPECT_NE(RequestFingerprint(described, kKey), fp);
  v1::CreatePayoutInvoiceRequest customer = Request();
  customer.mutable_customer()->set_reference_id("c-1");
  EXPECT_NE(RequestFingerprint(customer, kKey), fp);
  // The card number in full is in it, not in view.
  EXPECT_EQ(fp.find("5123817234060000"), std::string::npos);
}

}  // namespace
}  // namespace payout_gateway
