#include "json/payout_invoice_json.h"

#include <array>
#include <utility>

#include "common/reserved_metadata.h"
#include "json/exact_json.h"
#include "json/jsonapi.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;
using json = nlohmann::json;

constexpr std::array<std::pair<absl::string_view, v1::PayoutInvoiceStatus>, 15>
    kStatuses = {{
        {"created", v1::PAYOUT_INVOICE_STATUS_CREATED},
        {"processing", v1::PAYOUT_INVOICE_STATUS_PROCESSING},
        {"process_pending", v1::PAYOUT_INVOICE_STATUS_PROCESS_PENDING},
        {"processed", v1::PAYOUT_INVOICE_STATUS_PROCESSED},
        {"partially_processed", v1::PAYOUT_INVOICE_STATUS_PARTIALLY_PROCESSED},
        {"process_error", v1::PAYOUT_INVOICE_STATUS_PROCESS_ERROR},
        {"process_failed", v1::PAYOUT_INVOICE_STATUS_PROCESS_FAILED},
        {"expired", v1::PAYOUT_INVOICE_STATUS_EXPIRED},
        {"terminated", v1::PAYOUT_INVOICE_STATUS_TERMINATED},
        {"canceling", v1::PAYOUT_INVOICE_STATUS_CANCELING},
        {"cancel_pending", v1::PAYOUT_INVOICE_STATUS_CANCEL_PENDING},
        {"cancel_error", v1::PAYOUT_INVOICE_STATUS_CANCEL_ERROR},
        {"canceled", v1::PAYOUT_INVOICE_STATUS_CANCELED},
        {"partially_canceled", v1::PAYOUT_INVOICE_STATUS_PARTIALLY_CANCELED},
        {"cancel_failed", v1::PAYOUT_INVOICE_STATUS_CANCEL_FAILED},
    }};

constexpr absl::string_view kServiceType = "payout-services";
constexpr absl::string_view kMethodType = "payout-methods";

// The attributes both shapes share, read from `a` (the attributes object of
// the private shape, the resource itself in the public shape).
void ReadAttributes(const JsonReader& a, v1::PayoutInvoice* out) {
  out->set_serial_number(a.String("serial_number"));
  out->set_upstream_status(a.String("status"));
  out->set_status(PayoutInvoiceStatusFromString(out->upstream_status()));
  out->set_resolution(a.String("resolution"));
  out->set_amount(a.Decimal("amount"));
  out->set_payout_amount(a.Decimal("payout_amount"));
  out->set_currency(a.String("currency"));
  out->set_service_currency(a.String("service_currency"));
  out->set_service_amount(a.Decimal("service_amount"));
  out->set_service_payout_amount(a.Decimal("service_payout_amount"));
  out->set_reference_id(a.String("reference_id"));
  out->set_test_mode(a.Bool("test_mode"));
  out->set_description(a.String("description"));
  out->set_fee(a.Decimal("fee"));
  out->set_writeoff(a.Decimal("writeoff"));
  out->set_exchange_rate(a.Decimal("exchange_rate"));
  if (auto t = a.Time("processed")) *out->mutable_process_time() = *t;
  out->set_processed_amount(a.Decimal("processed_amount"));
  out->set_processed_fee(a.Decimal("processed_fee"));
  out->set_processed_writeoff(a.Decimal("processed_writeoff"));
  a.StringMap("metadata", out->mutable_metadata());
  if (auto it = out->metadata().find(std::string(kInitiatorMetadataKey));
      it != out->metadata().end()) {
    out->set_initiator(it->second);
  }
  if (auto t = a.Time("created")) *out->mutable_create_time() = *t;
  if (auto t = a.Time("updated")) *out->mutable_update_time() = *t;
  a.StringMap("fields", out->mutable_masked_fields());
  out->set_callback_url(a.String("callback_url"));
  out->set_source(a.String("source"));
  if (const json* logs = a.Array("callback_logs")) {
    for (const auto& entry : *logs) {
      out->add_callback_logs()->set_json(
          entry.dump(-1, ' ', false, json::error_handler_t::replace));
    }
  }
}

}  // namespace

v1::PayoutInvoiceStatus PayoutInvoiceStatusFromString(
    absl::string_view status) {
  for (const auto& [name, value] : kStatuses) {
    if (name == status) return value;
  }
  return v1::PAYOUT_INVOICE_STATUS_UNSPECIFIED;
}

absl::string_view PayoutInvoiceStatusToString(v1::PayoutInvoiceStatus status) {
  for (const auto& [name, value] : kStatuses) {
    if (value == status) return name;
  }
  return "";
}

void ReadPayoutInvoice(const JsonReader& resource, v1::PayoutInvoice* out) {
  out->set_id(resource.String("id"));
  if (resource.Has("attributes")) {
    ReadAttributes(resource.Object("attributes"), out);
    JsonReader relationships = resource.Object("relationships");
    if (auto r = ReadRelationship(relationships, "payout-service")) {
      *out->mutable_payout_service() = *std::move(r);
    }
    if (auto r = ReadRelationship(relationships, "payout-method")) {
      *out->mutable_payout_method() = *std::move(r);
    }
    if (auto r = ReadRelationship(relationships, "customer")) {
      *out->mutable_customer() = *std::move(r);
    }
    out->set_self_link(resource.Object("links").String("self"));
    return;
  }
  // The public API's flat shape names the relationships as attributes.
  ReadAttributes(resource, out);
  if (auto service = resource.OptionalString("service")) {
    out->mutable_payout_service()->set_type(std::string(kServiceType));
    out->mutable_payout_service()->set_id(*service);
  }
  if (auto method = resource.OptionalString("service_method")) {
    out->mutable_payout_method()->set_type(std::string(kMethodType));
    out->mutable_payout_method()->set_id(*method);
  }
}

absl::Status ParsePayoutInvoiceDocument(absl::string_view body,
                                        v1::PayoutInvoice* out) {
  auto doc = ParseDocument(body);
  if (!doc.ok()) return doc.status();
  JsonReader root(&*doc, "");
  JsonReader data = root.Object("data");
  if (!data.IsObject()) root.Fail("data", "missing invoice resource");
  ReadPayoutInvoice(data, out);
  return root.status();
}

absl::StatusOr<PayoutInvoicePageLinks> ParsePayoutInvoiceListDocument(
    absl::string_view body,
    google::protobuf::RepeatedPtrField<v1::PayoutInvoice>* out) {
  auto doc = ParseDocument(body);
  if (!doc.ok()) return doc.status();
  JsonReader root(&*doc, "");
  const json* data = root.Array("data");
  if (data == nullptr) root.Fail("data", "missing list of invoices");
  if (data != nullptr) {
    out->Reserve(static_cast<int>(data->size()));
    for (std::size_t i = 0; i < data->size(); ++i) {
      ReadPayoutInvoice(root.Element((*data)[i], i, "data"), out->Add());
    }
  }
  PayoutInvoicePageLinks links;
  JsonReader json_links = root.Object("links");
  links.next = json_links.String("next");
  links.previous = json_links.String("prev");
  if (auto status = root.status(); !status.ok()) return status;
  return links;
}

json PayoutInvoiceToJson(const v1::PayoutInvoice& in) {
  json attributes = {
      {"serial_number", in.serial_number()},
      {"status", in.upstream_status().empty()
                     ? std::string(PayoutInvoiceStatusToString(in.status()))
                     : in.upstream_status()},
      {"resolution", in.resolution()},
      {"amount", DecimalOrNull(in.amount())},
      {"payout_amount", DecimalOrNull(in.payout_amount())},
      {"currency", in.currency()},
      {"service_currency", in.service_currency()},
      {"service_amount", DecimalOrNull(in.service_amount())},
      {"service_payout_amount", DecimalOrNull(in.service_payout_amount())},
      {"reference_id", in.reference_id()},
      {"test_mode", in.test_mode()},
      {"description", StringOrNull(in.description())},
      {"fee", DecimalOrNull(in.fee())},
      {"writeoff", DecimalOrNull(in.writeoff())},
      {"exchange_rate", DecimalOrNull(in.exchange_rate())},
      {"processed", TimeOrNull(in.has_process_time(), in.process_time())},
      {"processed_amount", DecimalOrNull(in.processed_amount())},
      {"processed_fee", DecimalOrNull(in.processed_fee())},
      {"processed_writeoff", DecimalOrNull(in.processed_writeoff())},
      {"metadata", json::object()},
      {"created", TimeOrNull(in.has_create_time(), in.create_time())},
      {"updated", TimeOrNull(in.has_update_time(), in.update_time())},
      {"fields", json::object()},
      {"callback_url", in.callback_url()},
      {"source", in.source()},
      {"callback_logs", json::array()},
  };
  for (const auto& [k, v] : in.metadata()) attributes["metadata"][k] = v;
  for (const auto& [k, v] : in.masked_fields()) attributes["fields"][k] = v;
  for (const auto& log : in.callback_logs()) {
    auto entry = ParseJsonExact(log.json());
    attributes["callback_logs"].push_back(entry.ok() ? *std::move(entry)
                                                     : json(log.json()));
  }
  json relationships = json::object();
  WriteRelationship(relationships, "payout-service", in.payout_service());
  WriteRelationship(relationships, "payout-method", in.payout_method());
  WriteRelationship(relationships, "customer", in.customer());
  return {{"type", "payout-invoices"},
          {"id", in.id()},
          {"attributes", std::move(attributes)},
          {"relationships", std::move(relationships)},
          {"links", {{"self", in.self_link()}}}};
}

}  // namespace payout_gateway
