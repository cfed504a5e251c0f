// libFuzzer target: an invoice document as create, process and get answer.

#include <cstddef>
#include <cstdint>
#include <string>

#include "json/payout_invoice_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  corefy::payout::v1::PayoutInvoice invoice;
  if (payout_gateway::ParsePayoutInvoiceDocument(body, &invoice).ok()) {
    // What was read must serialise back without trouble.
    (void)payout_gateway::PayoutInvoiceToJson(invoice).dump();
  }
  return 0;
}
