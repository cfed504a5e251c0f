#include "payoutctl/yaml.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace payoutctl {
namespace {

using Json = nlohmann::ordered_json;

std::string Scalar(const Json& value) {
  // Invalid UTF-8 (never in proto JSON, but this is a printer of last
  // resort) becomes U+FFFD instead of an exception.
  return value.dump(-1, ' ', /*ensure_ascii=*/false,
                    Json::error_handler_t::replace);
}

// Proto field names print bare; map keys (invoice fields, metadata) are
// anyone's text and are quoted unless they are plain identifiers.
std::string Key(const std::string& key) {
  const bool plain = !key.empty() &&
                     (absl::ascii_isalpha(key[0]) || key[0] == '_') &&
                     std::all_of(key.begin(), key.end(), [](char c) {
                       return absl::ascii_isalnum(c) || c == '_' || c == '-';
                     });
  return plain ? key : Scalar(Json(key));
}

bool IsEmptyCollection(const Json& value) {
  return value.is_structured() && value.empty();
}

void Emit(const Json& value, int indent, std::string& out);

// `prefix` opens the line of a value under a key ("key:") or in a list
// ("-"); scalars and empty collections stay on that line.
void EmitEntry(const std::string& prefix, const Json& value, int indent,
               std::string& out) {
  const std::string pad(indent, ' ');
  if (!value.is_structured()) {
    absl::StrAppend(&out, pad, prefix, " ", Scalar(value), "\n");
  } else if (IsEmptyCollection(value)) {
    absl::StrAppend(&out, pad, prefix, value.is_object() ? " {}\n" : " []\n");
  } else if (prefix == "-" && value.is_object()) {
    // "- key: value" with the other keys under the first: the usual
    // spelling of a list of maps.
    std::string entries;
    Emit(value, indent + 2, entries);
    absl::StrAppend(&out, pad, "- ", entries.substr(indent + 2));
  } else {
    absl::StrAppend(&out, pad, prefix, "\n");
    Emit(value, indent + 2, out);
  }
}

void Emit(const Json& value, int indent, std::string& out) {
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      EmitEntry(Key(key) + ":", item, indent, out);
    }
  } else if (value.is_array()) {
    for (const auto& item : value) EmitEntry("-", item, indent, out);
  } else {
    absl::StrAppend(&out, std::string(indent, ' '), Scalar(value), "\n");
  }
}

}  // namespace

std::string ToYaml(const nlohmann::ordered_json& document) {
  if (IsEmptyCollection(document))
    return document.is_object() ? "{}\n" : "[]\n";
  std::string out;
  Emit(document, 0, out);
  return out;
}

}  // namespace payoutctl
