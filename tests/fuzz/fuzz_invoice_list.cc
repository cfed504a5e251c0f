// libFuzzer target: a list of invoices (list and get-by-reference answers).

#include <cstddef>
#include <cstdint>
#include <string>

#include "json/payout_invoice_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  google::protobuf::RepeatedPtrField<corefy::payout::v1::PayoutInvoice>
      invoices;
  (void)payout_gateway::ParsePayoutInvoiceListDocument(body, &invoices);
  return 0;
}
