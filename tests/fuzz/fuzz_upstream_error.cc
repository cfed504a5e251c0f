// libFuzzer target: error bodies of every shape Corefy uses.

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/redaction.h"
#include "json/upstream_error_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  payout_gateway::UpstreamError error =
      payout_gateway::ParseUpstreamError(body);
  (void)error.Summary();
  (void)payout_gateway::UpstreamFieldToProtoPath(body);
  (void)payout_gateway::RedactCardNumbers(body);
  return 0;
}
