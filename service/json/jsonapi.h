#ifndef PAYOUT_GATEWAY_JSON_JSONAPI_H_
#define PAYOUT_GATEWAY_JSON_JSONAPI_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "corefy/payout/v1/common.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "json/json_reader.h"
#include "nlohmann/json.hpp"

namespace payout_gateway {

// Small pieces of JSON:API shared by the resource translations.

// Parses `body` and returns its top-level object, or kDataLoss.
absl::StatusOr<nlohmann::json> ParseDocument(absl::string_view body);

// Reads `relationships.<name>.data` ({"type":..., "id":...}); nullopt when
// the relationship or its data is null or absent.
std::optional<corefy::payout::v1::ResourceIdentifier> ReadRelationship(
    const JsonReader& relationships, absl::string_view name);

// Writes `relationships.<name>` when `id` is set.
void WriteRelationship(nlohmann::json& relationships, absl::string_view name,
                       const corefy::payout::v1::ResourceIdentifier& id);

// A decimal string as JSON: null when empty.
nlohmann::json DecimalOrNull(const std::string& decimal);
// A string as JSON: null when empty.
nlohmann::json StringOrNull(const std::string& text);
// Unix seconds, or null when unset.
nlohmann::json TimeOrNull(bool has_time,
                          const google::protobuf::Timestamp& time);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_JSON_JSONAPI_H_
