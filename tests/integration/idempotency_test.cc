// A create repeated with the same reference_id returns the existing invoice
// only when it is exactly the same payout -- also in what Corefy masks (the
// middle digits of a card) or does not show (options, test mode) -- and is
// ALREADY_EXISTS naming the invoice otherwise.

#include <gmock/gmock.h>

#include "gateway_test_fixture.h"

namespace payout_gateway_testing {
namespace {

class IdempotencyTest : public GatewayTest {
 protected:
  grpc::Status Create(const v1::CreatePayoutInvoiceRequest& request,
                      v1::PayoutInvoice* out) {
    return stub_->CreatePayoutInvoice(Context().get(), request, out);
  }

  void ExpectConflict(const v1::CreatePayoutInvoiceRequest& request,
                      const std::string& existing_id) {
    v1::PayoutInvoice out;
    grpc::Status status = Create(request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS)
        << status.error_message();
    auto hint = DetailOf<v1::RetryHint>(status);
    ASSERT_TRUE(hint.has_value());
    EXPECT_EQ(hint->action(), v1::RetryHint::ACTION_USE_EXISTING_INVOICE);
    EXPECT_EQ(hint->invoice_id(), existing_id);
  }
};

TEST_F(IdempotencyTest, TheSamePayoutAgainReturnsTheInvoice) {
  v1::PayoutInvoice first;
  ASSERT_TRUE(Create(CardCreate("idem-1", "4111111111111111"), &first).ok());
  v1::CreatePayoutInvoiceRequest again =
      CardCreate("idem-1", "4111111111111111");
  again.set_amount("25");  // the same amount, written otherwise
  v1::PayoutInvoice second;
  ASSERT_TRUE(Create(again, &second).ok());
  EXPECT_EQ(second.id(), first.id());
  EXPECT_EQ(env_->sandbox().Invoices()["count"], 1);
}

// 4111119999991111 and 4111111111111111 look the same masked.
TEST_F(IdempotencyTest, ACardDifferentBehindTheMaskIsAConflict) {
  v1::PayoutInvoice first;
  ASSERT_TRUE(Create(CardCreate("idem-2", "4111111111111111"), &first).ok());
  EXPECT_EQ(first.masked_fields().at("card_number"), "411111******1111");
  ExpectConflict(CardCreate("idem-2", "4111119999991111"), first.id());
}

TEST_F(IdempotencyTest, WhatTheInvoiceDoesNotShowCounts) {
  v1::PayoutInvoice first;
  ASSERT_TRUE(Create(CardCreate("idem-3", "4111111111111111"), &first).ok());
  v1::CreatePayoutInvoiceRequest callback =
      CardCreate("idem-3", "4111111111111111");
  callback.set_callback_url("https://hooks.example.com/payouts");
  ExpectConflict(callback, first.id());
  v1::CreatePayoutInvoiceRequest auto_process =
      CardCreate("idem-3", "4111111111111111");
  auto_process.mutable_options()->set_auto_process(true);
  ExpectConflict(auto_process, first.id());
  v1::CreatePayoutInvoiceRequest test_mode =
      CardCreate("idem-3", "4111111111111111");
  test_mode.set_test_mode(true);
  ExpectConflict(test_mode, first.id());
  EXPECT_EQ(env_->sandbox().Invoices()["count"], 1);
}

// Another gateway with the same signing secret (another replica, or this
// one after a restart) recognises the payout.
TEST_F(IdempotencyTest, AnotherReplicaRecognisesThePayout) {
  v1::PayoutInvoice first;
  ASSERT_TRUE(Create(CardCreate("idem-4", "4111111111111111"), &first).ok());
  auto replica = env_->StartGateway({}, {{"PAYOUT_GATEWAY_API_KEY", kApiKey}});
  ASSERT_TRUE(replica.ok());
  auto stub = v1::PayoutGatewayService::NewStub(grpc::CreateChannel(
      (*replica)->address(), grpc::InsecureChannelCredentials()));
  v1::PayoutInvoice second;
  grpc::Status status = stub->CreatePayoutInvoice(
      Context().get(), CardCreate("idem-4", "4111111111111111"), &second);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(second.id(), first.id());
}

}  // namespace
}  // namespace payout_gateway_testing
