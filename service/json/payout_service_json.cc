#include "json/payout_service_json.h"

#include <utility>

#include "json/jsonapi.h"

namespace payout_gateway {

namespace v1 = ::corefy::payout::v1;
using json = nlohmann::json;

void ReadPayoutService(const JsonReader& resource, v1::PayoutService* out) {
  out->set_id(resource.String("id"));
  JsonReader a = resource.Object("attributes");
  out->set_service(a.String("service"));
  out->set_service_method(a.String("service_method"));
  out->set_service_currency(a.String("service_currency"));
  out->set_available(a.Bool("available"));
  out->set_active(a.Bool("active"));
  out->set_enabled(a.Bool("enabled"));
  out->set_amount_min(a.Decimal("amount_min"));
  out->set_amount_max(a.Decimal("amount_max"));
  out->set_fee_min(a.Decimal("fee_min"));
  out->set_fee_max(a.Decimal("fee_max"));
  out->set_fee_rate(a.Decimal("fee_rate"));
  out->set_fee_fix(a.Decimal("fee_fix"));
  out->set_currency(a.String("currency"));
  out->set_test_mode(a.Bool("test_mode"));
  JsonReader relationships = resource.Object("relationships");
  if (auto r = ReadRelationship(relationships, "payout-method")) {
    *out->mutable_payout_method() = *std::move(r);
  }
  if (auto r = ReadRelationship(relationships, "payout-service")) {
    *out->mutable_payout_service() = *std::move(r);
  }
  out->set_self_link(resource.Object("links").String("self"));
}

absl::Status ParsePayoutServiceDocument(absl::string_view body,
                                        v1::PayoutService* out) {
  auto doc = ParseDocument(body);
  if (!doc.ok()) return doc.status();
  JsonReader root(&*doc, "");
  JsonReader data = root.Object("data");
  if (!data.IsObject()) root.Fail("data", "missing service resource");
  ReadPayoutService(data, out);
  return root.status();
}

absl::StatusOr<PayoutServicePageInfo> ParsePayoutServiceListDocument(
    absl::string_view body,
    google::protobuf::RepeatedPtrField<v1::PayoutService>* out) {
  auto doc = ParseDocument(body);
  if (!doc.ok()) return doc.status();
  JsonReader root(&*doc, "");
  const json* data = root.Array("data");
  if (data == nullptr) root.Fail("data", "missing list of services");
  if (data != nullptr) {
    out->Reserve(static_cast<int>(data->size()));
    for (std::size_t i = 0; i < data->size(); ++i) {
      ReadPayoutService(root.Element((*data)[i], i, "data"), out->Add());
    }
  }
  JsonReader meta = root.Object("meta");
  PayoutServicePageInfo info;
  info.total = meta.OptionalInt("total").value_or(0);
  info.page = meta.OptionalInt("page").value_or(1);
  info.pages = meta.OptionalInt("pages").value_or(info.page);
  info.has_next =
      !root.Object("links").String("next").empty() || info.page < info.pages;
  if (auto status = root.status(); !status.ok()) return status;
  return info;
}

json PayoutServiceToJson(const v1::PayoutService& in) {
  json relationships = json::object();
  WriteRelationship(relationships, "payout-method", in.payout_method());
  WriteRelationship(relationships, "payout-service", in.payout_service());
  json resource = {
      {"type", "payout-services"},
      {"id", in.id()},
      {"attributes",
       {
           {"service", in.service()},
           {"service_method", in.service_method()},
           {"service_currency", in.service_currency()},
           {"available", in.available()},
           {"active", in.active()},
           {"enabled", in.enabled()},
           {"amount_min", DecimalOrNull(in.amount_min())},
           {"amount_max", DecimalOrNull(in.amount_max())},
           {"fee_min", DecimalOrNull(in.fee_min())},
           {"fee_max", DecimalOrNull(in.fee_max())},
           {"fee_rate", DecimalOrNull(in.fee_rate())},
           {"fee_fix", DecimalOrNull(in.fee_fix())},
           {"currency", in.currency()},
           {"test_mode", in.test_mode()},
       }},
      {"relationships", std::move(relationships)},
  };
  if (!in.self_link().empty()) resource["links"]["self"] = in.self_link();
  return resource;
}

}  // namespace payout_gateway
