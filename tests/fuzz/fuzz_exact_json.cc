// libFuzzer target: the exact JSON parser and the decimal reader every
// upstream number goes through.

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/decimal.h"
#include "json/exact_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto doc = payout_gateway::ParseJsonExact(text);
  if (doc.ok() && doc->is_string()) {
    auto decimal = payout_gateway::JsonNumberToDecimal(doc->get<std::string>());
    if (decimal) (void)payout_gateway::CompareDecimals(*decimal, "10.00");
  }
  (void)payout_gateway::JsonNumberToDecimal(text);
  (void)payout_gateway::IsPositiveDecimal(text);
  return 0;
}
