#ifndef PAYOUT_GATEWAY_TESTS_SUPPORT_REQUESTS_H_
#define PAYOUT_GATEWAY_TESTS_SUPPORT_REQUESTS_H_

#include <string>

#include "corefy/payout/v1/payout_gateway_service.pb.h"

namespace payout_gateway_testing {

// The one valid create the tests start from: the contract's test service
// `test_usd` (which the sandbox serves), USD, and its required `account`
// field. Tests change what they are about.
inline corefy::payout::v1::CreatePayoutInvoiceRequest ValidCreate(
    const std::string& reference_id = "r-1",
    const std::string& amount = "10.10") {
  corefy::payout::v1::CreatePayoutInvoiceRequest r;
  r.set_reference_id(reference_id);
  r.set_service("test_usd");
  r.set_currency("USD");
  r.set_amount(amount);
  (*r.mutable_fields())["account"] = "12345678";
  return r;
}

// A valid create through a card service: Corefy masks the card number it
// shows back (`411111******1111`).
inline corefy::payout::v1::CreatePayoutInvoiceRequest CardCreate(
    const std::string& reference_id, const std::string& card,
    const std::string& amount = "25.00") {
  corefy::payout::v1::CreatePayoutInvoiceRequest r =
      ValidCreate(reference_id, amount);
  r.set_service("payment_card_usd");
  r.mutable_fields()->clear();
  (*r.mutable_fields())["card_number"] = card;
  return r;
}

}  // namespace payout_gateway_testing

#endif  // PAYOUT_GATEWAY_TESTS_SUPPORT_REQUESTS_H_
