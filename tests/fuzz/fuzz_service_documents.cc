// libFuzzer target: payout-service documents, single and listed.

#include <cstddef>
#include <cstdint>
#include <string>

#include "json/payout_service_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  corefy::payout::v1::PayoutService service;
  if (payout_gateway::ParsePayoutServiceDocument(body, &service).ok()) {
    (void)payout_gateway::PayoutServiceToJson(service).dump();
  }
  google::protobuf::RepeatedPtrField<corefy::payout::v1::PayoutService>
      services;
  (void)payout_gateway::ParsePayoutServiceListDocument(body, &services);
  return 0;
}
