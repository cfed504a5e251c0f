#ifndef PAYOUT_GATEWAY_JSON_PAYOUT_SERVICE_JSON_H_
#define PAYOUT_GATEWAY_JSON_PAYOUT_SERVICE_JSON_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "corefy/payout/v1/payout_service.pb.h"
#include "json/json_reader.h"
#include "nlohmann/json.hpp"

namespace payout_gateway {

// Pure translations between Corefy's `payout-services` documents and the
// proto.

void ReadPayoutService(const JsonReader& resource,
                       corefy::payout::v1::PayoutService* out);

// `{"data": <service>}`.
absl::Status ParsePayoutServiceDocument(absl::string_view body,
                                        corefy::payout::v1::PayoutService* out);

// Page numbers of a list of services (`meta.total`, `meta.page`,
// `meta.pages`).
struct PayoutServicePageInfo {
  int64_t total = 0;
  int64_t page = 0;
  int64_t pages = 0;
  bool has_next = false;  // `links.next` non-empty, or page < pages
};

// `{"meta": {...}, "links": {...}, "data": [<service>...]}`.
absl::StatusOr<PayoutServicePageInfo> ParsePayoutServiceListDocument(
    absl::string_view body,
    google::protobuf::RepeatedPtrField<corefy::payout::v1::PayoutService>* out);

// The JSON:API resource object of a service; decimals as JSON strings.
nlohmann::json PayoutServiceToJson(const corefy::payout::v1::PayoutService& in);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_JSON_PAYOUT_SERVICE_JSON_H_
