#include "payoutctl/output.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"
#include "payout_client/payout_error.h"
#include "payoutctl/money.h"
#include "payoutctl/yaml.h"

namespace payoutctl {
namespace {

namespace v1 = ::corefy::payout::v1;

std::string Time(const google::protobuf::Timestamp& t, bool set) {
  if (!set) return "-";
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC",
                          absl::FromUnixSeconds(t.seconds()),
                          absl::UTCTimeZone());
}

std::string OrDash(const std::string& s) { return s.empty() ? "-" : s; }

// The message as a JSON tree in its field order.
nlohmann::ordered_json Tree(const google::protobuf::Message& message) {
  return nlohmann::ordered_json::parse(Json(message, /*one_line=*/true),
                                       /*cb=*/nullptr,
                                       /*allow_exceptions=*/false);
}

// Rows of "label  value", labels padded to one width.
std::string Rows(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::size_t width = 0;
  for (const auto& [label, value] : rows) width = std::max(width, label.size());
  std::string out;
  for (const auto& [label, value] : rows) {
    absl::StrAppend(&out, "  ", label,
                    std::string(width - label.size() + 2, ' '),
                    Printable(value), "\n");
  }
  return out;
}

// A table with a header row; columns padded to their widest cell.
std::string Table(std::vector<std::vector<std::string>> rows) {
  for (auto& row : rows) {
    for (auto& cell : row) cell = Printable(std::move(cell));
  }
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      absl::StrAppend(&line, row[i]);
      if (i + 1 < row.size()) line.append(widths[i] - row[i].size() + 2, ' ');
    }
    absl::StrAppend(&out, line, "\n");
  }
  return out;
}

}  // namespace

std::string StatusText(const v1::PayoutInvoice& inv) {
  std::string s = inv.upstream_status().empty() ? "?" : inv.upstream_status();
  if (!inv.resolution().empty())
    absl::StrAppend(&s, " (", inv.resolution(), ")");
  return s;
}

std::string FormatInvoice(const v1::PayoutInvoice& inv) {
  std::vector<std::pair<std::string, std::string>> rows = {
      {"reference id", inv.reference_id()},
      {"status", StatusText(inv)},
      {"amount", DisplayAmount(inv.amount(), inv.currency())},
      {"payout amount",
       DisplayAmount(inv.service_payout_amount(), inv.service_currency())},
      {"fee", OrDash(inv.fee())},
      {"service", absl::StrCat(inv.payout_service().id(), " (",
                               inv.payout_method().id(), ")")},
      {"test mode", inv.test_mode() ? "yes" : "no"},
      {"created", Time(inv.create_time(), inv.has_create_time())},
      {"updated", Time(inv.update_time(), inv.has_update_time())},
      {"processed", Time(inv.process_time(), inv.has_process_time())},
  };
  if (!inv.initiator().empty()) rows.push_back({"initiator", inv.initiator()});
  for (const auto& [key, value] : inv.masked_fields()) {
    rows.push_back({absl::StrCat("field ", key), value});
  }
  return absl::StrCat("invoice ", Printable(inv.id()), "\n", Rows(rows));
}

std::string FormatInvoiceList(const v1::ListPayoutInvoicesResponse& list) {
  std::vector<std::vector<std::string>> rows = {
      {"ID", "REFERENCE ID", "STATUS", "AMOUNT", "SERVICE", "CREATED"}};
  for (const auto& inv : list.payout_invoices()) {
    rows.push_back({inv.id(), inv.reference_id(), StatusText(inv),
                    DisplayAmount(inv.amount(), inv.currency()),
                    inv.payout_service().id(),
                    Time(inv.create_time(), inv.has_create_time())});
  }
  std::string out = Table(rows);
  if (!list.next_page_token().empty()) {
    absl::StrAppend(&out, "next page: --page-token=", list.next_page_token(),
                    "\n");
  }
  return out;
}

std::string FormatService(const v1::PayoutService& s) {
  return absl::StrCat(
      "payout service ", Printable(s.id()), "\n",
      Rows({{"service", s.service()},
            {"method", s.service_method()},
            {"currency",
             absl::StrCat(s.currency(), " -> ", s.service_currency())},
            {"amount",
             absl::StrCat(DisplayAmount(s.amount_min(), s.currency()), " .. ",
                          DisplayAmount(s.amount_max(), s.currency()))},
            {"available", s.available() ? "yes" : "no"},
            {"active", s.active() ? "yes" : "no"},
            {"enabled", s.enabled() ? "yes" : "no"}}));
}

std::string FormatServiceList(const v1::ListPayoutServicesResponse& list) {
  std::vector<std::vector<std::string>> rows = {
      {"ID", "SERVICE", "METHOD", "CURRENCY", "AMOUNT", "AVAILABLE"}};
  for (const auto& s : list.payout_services()) {
    rows.push_back(
        {s.id(), s.service(), s.service_method(),
         absl::StrCat(s.currency(), "->", s.service_currency()),
         absl::StrCat(AmountDigits(s.amount_min(), s.currency()), "..",
                      AmountDigits(s.amount_max(), s.currency())),
         s.available() && s.enabled() ? "yes" : "no"});
  }
  std::string out = Table(rows);
  absl::StrAppend(&out, list.payout_services_size(), " of ", list.total_size(),
                  " services\n");
  if (!list.next_page_token().empty()) {
    absl::StrAppend(&out, "next page: --page-token=", list.next_page_token(),
                    "\n");
  }
  return out;
}

std::string FormatPrerequest(const v1::PayoutPrerequestResponse& r) {
  std::string out = absl::StrCat(
      "services for ", Printable(DisplayAmount(r.amount(), r.currency())),
      r.test_mode() ? " (test mode)" : "", "\n");
  std::vector<std::vector<std::string>> rows = {
      {"SERVICE", "METHOD", "PAYS", "RATE", "FIELDS (* required)"}};
  for (const auto& s : r.services()) {
    std::vector<std::string> fields;
    for (const auto& f : s.fields()) {
      fields.push_back(absl::StrCat(f.key(), f.required() ? "*" : ""));
    }
    rows.push_back({s.code(), s.method(),
                    DisplayAmount(s.amount(), s.currency()), s.exchange_rate(),
                    absl::StrJoin(fields, ", ")});
  }
  return absl::StrCat(out, Table(rows));
}

namespace {

// The lines of a failed call for people; each value on one line.
std::string ErrorText(const payout_client::PayoutError& e) {
  std::string out = absl::StrCat("error: ", absl::StatusCodeToString(e.code()),
                                 ": ", Printable(e.message()), "\n");
  if (!e.reason().empty())
    absl::StrAppend(&out, "  reason: ", Printable(e.reason()), "\n");
  for (const auto& v : e.violations()) {
    absl::StrAppend(&out, "  field ", Printable(v.field), ": ",
                    Printable(v.description), "\n");
  }
  if (!e.action_description().empty()) {
    absl::StrAppend(&out, "  what to do: ", Printable(e.action_description()),
                    "\n");
  }
  if (!e.invoice_id().empty()) {
    absl::StrAppend(&out, "  invoice: ", Printable(e.invoice_id()), "\n");
  }
  if (e.retry_delay().has_value()) {
    absl::StrAppend(&out, "  retry after ",
                    absl::FormatDuration(*e.retry_delay()), "\n");
  }
  return out;
}

// RetryHint.Action's proto name, for machines.
std::string ActionName(payout_client::RetryAction action) {
  using payout_client::RetryAction;
  switch (action) {
    case RetryAction::kRetry:
      return "ACTION_RETRY";
    case RetryAction::kCheckStatusThenRetry:
      return "ACTION_CHECK_STATUS_THEN_RETRY";
    case RetryAction::kFixRequest:
      return "ACTION_FIX_REQUEST";
    case RetryAction::kFixCredentials:
      return "ACTION_FIX_CREDENTIALS";
    case RetryAction::kUseExistingInvoice:
      return "ACTION_USE_EXISTING_INVOICE";
    case RetryAction::kDoNotRetry:
      return "ACTION_DO_NOT_RETRY";
    case RetryAction::kUnspecified:
      break;
  }
  return "ACTION_UNSPECIFIED";
}

// The error as a document: {"error": {...}}, only what the gateway sent.
nlohmann::ordered_json ErrorTree(const payout_client::PayoutError& e) {
  nlohmann::ordered_json error = {{"code", absl::StatusCodeToString(e.code())},
                                  {"message", e.message()}};
  if (!e.reason().empty()) error["reason"] = e.reason();
  if (!e.domain().empty()) error["domain"] = e.domain();
  if (!e.metadata().empty()) error["metadata"] = e.metadata();
  for (const auto& v : e.violations()) {
    error["violations"].push_back(
        {{"field", v.field}, {"description", v.description}});
  }
  if (e.action() != payout_client::RetryAction::kUnspecified) {
    error["action"] = ActionName(e.action());
    error["what_to_do"] = e.action_description();
  }
  if (!e.invoice_id().empty()) error["invoice_id"] = e.invoice_id();
  if (!e.reference_id().empty()) error["reference_id"] = e.reference_id();
  if (e.retry_delay().has_value()) {
    error["retry_delay"] = absl::FormatDuration(*e.retry_delay());
  }
  return {{"error", std::move(error)}};
}

}  // namespace

std::string FormatError(const absl::Status& status, OutputFormat format) {
  payout_client::PayoutError e = payout_client::PayoutError::FromStatus(status);
  switch (format) {
    case OutputFormat::kJson:
      return ErrorTree(e).dump(
                 -1, ' ', false,
                 nlohmann::ordered_json::error_handler_t::replace) +
             "\n";
    case OutputFormat::kYaml:
      return ToYaml(ErrorTree(e));
    case OutputFormat::kTable:
      break;
  }
  return ErrorText(e);
}

std::string Json(const google::protobuf::Message& message, bool one_line) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = !one_line;
  options.preserve_proto_field_names = true;
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  return out;
}

std::string Document(const google::protobuf::Message& message,
                     OutputFormat format, bool one_line) {
  if (format == OutputFormat::kYaml) {
    return absl::StrCat(one_line ? "---\n" : "", ToYaml(Tree(message)));
  }
  return Json(message, one_line) + "\n";
}

std::string Printable(std::string text) {
  for (char& c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) c = '?';
  }
  return text;
}

}  // namespace payoutctl
