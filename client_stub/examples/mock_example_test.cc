// How to unit-test code that pays out through the gateway: depend on
// payout_client::PayoutClient and hand it a MockPayoutClient in tests.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "corefy/payout/v1/error_details.pb.h"
#include "payout_client/mock_payout_client.h"
#include "payout_client/payout_error.h"

namespace example {

namespace v1 = ::corefy::payout::v1;

// A merchant's component: pays a seller's balance to their card.
class SellerPayouts {
 public:
  explicit SellerPayouts(std::shared_ptr<payout_client::PayoutClient> client)
      : client_(std::move(client)) {}

  // Returns the invoice id, or why it could not be paid.
  absl::StatusOr<std::string> PayOut(const std::string& order_id,
                                     const std::string& amount,
                                     const std::string& card) {
    v1::CreatePayoutInvoiceRequest create;
    create.set_reference_id("order-" + order_id);  // one payout per order
    create.set_service("payment_card_usd");
    create.set_currency("USD");
    create.set_amount(amount);
    (*create.mutable_fields())["card_number"] = card;
    auto invoice = client_->CreatePayoutInvoice(create);
    if (!invoice.ok()) {
      auto error = payout_client::PayoutError::FromStatus(invoice.status());
      // This order was already paid out under another invoice.
      if (error.action() == payout_client::RetryAction::kUseExistingInvoice) {
        return error.invoice_id();
      }
      return invoice.status();
    }
    v1::ProcessPayoutInvoiceRequest process;
    process.set_id(invoice->id());
    auto processed = client_->ProcessPayoutInvoice(process);
    if (!processed.ok()) return processed.status();
    return processed->id();
  }

 private:
  std::shared_ptr<payout_client::PayoutClient> client_;
};

namespace {

using ::testing::_;
using ::testing::Return;
using ::testing::Truly;

TEST(SellerPayouts, CreatesThenProcesses) {
  auto client = std::make_shared<payout_client::MockPayoutClient>();
  v1::PayoutInvoice invoice;
  invoice.set_id("cpoi_42");
  EXPECT_CALL(*client, CreatePayoutInvoice(
                           Truly([](const v1::CreatePayoutInvoiceRequest& r) {
                             return r.reference_id() == "order-7" &&
                                    r.amount() == "12.50";
                           }),
                           _))
      .WillOnce(Return(invoice));
  EXPECT_CALL(*client, ProcessPayoutInvoice(_, _)).WillOnce(Return(invoice));
  SellerPayouts payouts(client);
  EXPECT_EQ(payouts.PayOut("7", "12.50", "5123817234060000").value(),
            "cpoi_42");
}

TEST(SellerPayouts, APaidOrderIsNotPaidAgain) {
  auto client = std::make_shared<payout_client::MockPayoutClient>();
  // What the gateway answers when the reference id holds another payout:
  // ALREADY_EXISTS with a RetryHint naming the existing invoice.
  v1::RetryHint hint;
  hint.set_action(v1::RetryHint::ACTION_USE_EXISTING_INVOICE);
  hint.set_invoice_id("cpoi_1");
  absl::Status exists = absl::AlreadyExistsError("reference id taken");
  exists.SetPayload("type.googleapis.com/corefy.payout.v1.RetryHint",
                    absl::Cord(hint.SerializeAsString()));
  EXPECT_CALL(*client, CreatePayoutInvoice(_, _)).WillOnce(Return(exists));
  EXPECT_CALL(*client, ProcessPayoutInvoice(_, _)).Times(0);
  SellerPayouts payouts(client);
  EXPECT_EQ(payouts.PayOut("7", "12.50", "5123817234060000").value(), "cpoi_1");
}

}  // namespace
}  // namespace example
