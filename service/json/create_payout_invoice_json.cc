#include "json/create_payout_invoice_json.h"

#include "absl/strings/str_cat.h"
#include "json/exact_json.h"
#include "nlohmann/json.hpp"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;
using json = nlohmann::json;

void PutIfSet(json& obj, const char* key, const std::string& value) {
  if (!value.empty()) obj[key] = value;
}

void PutMapIfSet(json& obj, const char* key,
                 const google::protobuf::Map<std::string, std::string>& m) {
  if (m.empty()) return;
  json& out = obj[key] = json::object();
  for (const auto& [k, v] : m) out[k] = v;
}

json OptionsToJson(const v1::PayoutOptions& o) {
  json out = json::object();
  if (o.has_split_mode()) out["split_mode"] = o.split_mode();
  if (o.has_parallel_mode()) out["parallel_mode"] = o.parallel_mode();
  if (o.has_allow_partially()) out["allow_partially"] = o.allow_partially();
  if (o.has_auto_process()) out["auto_process"] = o.auto_process();
  return out;
}

json AddressToJson(const v1::Address& a) {
  json out = json::object();
  PutIfSet(out, "country", a.country());
  PutIfSet(out, "region", a.region());
  PutIfSet(out, "city", a.city());
  PutIfSet(out, "street", a.street());
  PutIfSet(out, "full_address", a.full_address());
  PutIfSet(out, "post_code", a.post_code());
  return out;
}

json CustomerToJson(const v1::Customer& c) {
  json out = json::object();
  PutIfSet(out, "reference_id", c.reference_id());
  PutIfSet(out, "name", c.name());
  PutIfSet(out, "email", c.email());
  PutIfSet(out, "phone", c.phone());
  PutIfSet(out, "individual_tax_id", c.individual_tax_id());
  PutIfSet(out, "date_of_birth", c.date_of_birth());
  PutMapIfSet(out, "metadata", c.metadata());
  if (c.has_address()) {
    json address = AddressToJson(c.address());
    if (!address.empty()) out["address"] = std::move(address);
  }
  return out;
}

}  // namespace

json CreatePayoutInvoiceAttributes(
    const v1::CreatePayoutInvoiceRequest& request) {
  json attributes = {{"reference_id", request.reference_id()},
                     {"service", request.service()},
                     {"currency", request.currency()}};
  PutMapIfSet(attributes, "fields", request.fields());
  PutIfSet(attributes, "callback_url", request.callback_url());
  if (request.has_options()) {
    json options = OptionsToJson(request.options());
    if (!options.empty()) attributes["options"] = std::move(options);
  }
  if (request.has_customer()) {
    attributes["customer"] = CustomerToJson(request.customer());
  }
  PutMapIfSet(attributes, "context", request.context());
  PutIfSet(attributes, "description", request.description());
  PutMapIfSet(attributes, "metadata", request.metadata());
  if (request.has_test_mode()) attributes["test_mode"] = request.test_mode();
  return attributes;
}

std::string CreatePayoutInvoiceBody(
    const v1::CreatePayoutInvoiceRequest& request) {
  return absl::StrCat(R"({"data":{"type":"payout-invoice","attributes":)",
                      DumpWithRawNumber(CreatePayoutInvoiceAttributes(request),
                                        "amount", request.amount()),
                      "}}");
}

}  // namespace payout_gateway
