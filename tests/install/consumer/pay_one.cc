// Pays out 12.34 USD through the gateway given as the first argument and
// waits until the payout is final. Prints "paid <invoice id>" on success.

#include <cstdio>
#include <string>

#include "absl/time/clock.h"
#include "payout_client/payout_client.h"
#include "payout_client/payout_error.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: pay_one GATEWAY REFERENCE_ID\n");
    return 2;
  }
  auto client = payout_client::MakePayoutClient(argv[1]);

  corefy::payout::v1::CreatePayoutInvoiceRequest create;
  create.set_reference_id(argv[2]);
  create.set_service("test_usd");
  create.set_currency("USD");
  create.set_amount("12.34");
  (*create.mutable_fields())["account"] = "4000123456";
  auto invoice = client->CreatePayoutInvoice(create);
  if (!invoice.ok()) {
    std::fprintf(stderr, "create: %s\n",
                 payout_client::PayoutError::FromStatus(invoice.status())
                     .ToString()
                     .c_str());
    return 1;
  }

  corefy::payout::v1::ProcessPayoutInvoiceRequest process;
  process.set_id(invoice->id());
  auto processed = client->ProcessPayoutInvoice(process);
  if (!processed.ok()) {
    std::fprintf(stderr, "process: %s\n",
                 payout_client::PayoutError::FromStatus(processed.status())
                     .ToString()
                     .c_str());
    return 1;
  }

  corefy::payout::v1::GetPayoutInvoiceRequest get;
  get.set_id(invoice->id());
  for (int i = 0; i < 100; ++i) {
    auto now = client->GetPayoutInvoice(get);
    if (now.ok() &&
        now->status() == corefy::payout::v1::PAYOUT_INVOICE_STATUS_PROCESSED) {
      std::printf("paid %s\n", now->id().c_str());
      return 0;
    }
    absl::SleepFor(absl::Milliseconds(100));
  }
  std::fprintf(stderr, "the payout did not end processed\n");
  return 1;
}
