#include "json/upstream_error_json.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "common/redaction.h"
#include "json/exact_json.h"
#include "json/json_reader.h"

namespace payout_gateway {
namespace {

using json = nlohmann::json;

// A message value: a string, or a list of strings joined.
std::string MessageText(const json& v) {
  if (v.is_array()) {
    std::vector<std::string> parts;
    for (const auto& e : v) parts.push_back(ScalarText(e));
    return absl::StrJoin(parts, "; ");
  }
  return ScalarText(v);
}

void ReadErrorList(const json& errors, UpstreamError& out) {
  for (const auto& e : errors) {
    if (!e.is_object()) continue;
    JsonReader r(&e, "");
    if (out.status.empty()) {
      out.status = r.String("status");
      out.code = r.String("code");
      out.title = r.String("title");
      out.detail = r.String("detail");
    }
    std::string field = r.Object("source").String("pointer");
    if (field.empty()) field = r.String("field");
    if (field.empty()) field = r.String("attribute");
    if (field.empty()) continue;
    std::string message = r.String("detail");
    if (message.empty()) message = r.String("title");
    out.violations.push_back(
        {UpstreamFieldToProtoPath(field), RedactCardNumbers(message)});
  }
}

void ReadErrorMap(const json& errors, UpstreamError& out) {
  for (const auto& [field, message] : errors.items()) {
    out.violations.push_back({UpstreamFieldToProtoPath(field),
                              RedactCardNumbers(MessageText(message))});
  }
}

}  // namespace

std::string UpstreamError::Summary() const {
  if (!detail.empty()) return detail;
  if (!title.empty()) return title;
  if (!status.empty()) return status;
  std::vector<std::string> parts;
  for (const auto& v : violations) {
    parts.push_back(absl::StrCat(v.field, ": ", v.description));
  }
  return absl::StrJoin(parts, "; ");
}

UpstreamError ParseUpstreamError(absl::string_view body) {
  UpstreamError out;
  auto doc = ParseJsonExact(body);
  if (!doc.ok() || !doc->is_object()) return out;
  JsonReader root(&*doc, "");
  if (auto it = doc->find("errors"); it != doc->end()) {
    if (it->is_array()) ReadErrorList(*it, out);
    if (it->is_object()) ReadErrorMap(*it, out);
  }
  if (out.title.empty()) out.title = root.String("error_type");
  if (const json* codes = root.Array("error_codes")) {
    if (out.detail.empty()) out.detail = MessageText(*codes);
  }
  if (out.detail.empty()) out.detail = root.String("message");
  out.request_id = root.String("request_id");
  out.status = RedactCardNumbers(out.status);
  out.title = RedactCardNumbers(out.title);
  out.detail = RedactCardNumbers(out.detail);
  if (auto it = doc->find("data"); it != doc->end() && it->is_object()) {
    out.data = *it;
  }
  return out;
}

std::string UpstreamFieldToProtoPath(absl::string_view field) {
  std::string path =
      absl::StrReplaceAll(field, {{"/", "."}, {"[", "."}, {"]", ""}});
  absl::string_view p = path;
  while (absl::ConsumePrefix(&p, ".")) {
  }
  absl::ConsumePrefix(&p, "data.");
  absl::ConsumePrefix(&p, "attributes.");
  return std::string(p);
}

}  // namespace payout_gateway
