#include "json/jsonapi.h"

#include "json/exact_json.h"

namespace payout_gateway {

using json = nlohmann::json;

absl::StatusOr<json> ParseDocument(absl::string_view body) {
  auto doc = ParseJsonExact(body);
  if (!doc.ok()) return doc.status();
  if (!doc->is_object()) {
    return absl::DataLossError("malformed document: not a JSON object");
  }
  return doc;
}

std::optional<corefy::payout::v1::ResourceIdentifier> ReadRelationship(
    const JsonReader& relationships, absl::string_view name) {
  JsonReader data = relationships.Object(name).Object("data");
  if (!data.IsObject()) return std::nullopt;
  corefy::payout::v1::ResourceIdentifier id;
  id.set_type(data.String("type"));
  id.set_id(data.String("id"));
  return id;
}

void WriteRelationship(json& relationships, absl::string_view name,
                       const corefy::payout::v1::ResourceIdentifier& id) {
  if (id.id().empty() && id.type().empty()) return;
  relationships[std::string(name)]["data"] = {{"type", id.type()},
                                              {"id", id.id()}};
}

json DecimalOrNull(const std::string& decimal) {
  return decimal.empty() ? json(nullptr) : json(decimal);
}

json StringOrNull(const std::string& text) {
  return text.empty() ? json(nullptr) : json(text);
}

json TimeOrNull(bool has_time, const google::protobuf::Timestamp& time) {
  return has_time ? json(time.seconds()) : json(nullptr);
}

}  // namespace payout_gateway
