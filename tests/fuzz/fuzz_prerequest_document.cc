// libFuzzer target: the pre-request document, and the field patterns in it.

#include <cstddef>
#include <cstdint>
#include <string>

#include "json/payout_prerequest_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  corefy::payout::v1::PayoutPrerequestResponse response;
  if (payout_gateway::ParsePayoutPrerequestDocument(body, &response).ok()) {
    (void)payout_gateway::PayoutPrerequestToJson(response).dump();
  }
  (void)payout_gateway::NormalizeFieldPattern(body);
  return 0;
}
