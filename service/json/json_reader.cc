#include "json/json_reader.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/decimal.h"

namespace payout_gateway {
namespace {

using json = nlohmann::json;

// Short description of a value for error messages; never the whole value.
std::string Describe(const json& v) {
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s.size() > 24) return absl::StrCat("a string of ", s.size(), " bytes");
    return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
  }
  return v.type_name();
}

}  // namespace

std::string ScalarText(const json& value) {
  switch (value.type()) {
    case json::value_t::string:
      return value.get_ref<const std::string&>();
    case json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case json::value_t::number_integer:
      return std::to_string(value.get<json::number_integer_t>());
    case json::value_t::number_unsigned:
      return std::to_string(value.get<json::number_unsigned_t>());
    case json::value_t::null:
    case json::value_t::discarded:
      return "";
    default:
      return value.dump(-1, ' ', false, json::error_handler_t::replace);
  }
}

JsonReader::JsonReader(const json* value, std::string path)
    : JsonReader(value, std::move(path), std::make_shared<std::string>()) {}

JsonReader::JsonReader(const json* value, std::string path,
                       std::shared_ptr<std::string> error)
    : value_(value), path_(std::move(path)), error_(std::move(error)) {
  if (value_ != nullptr && !value_->is_object() && !value_->is_null()) {
    if (error_->empty()) {
      *error_ = absl::StrCat(path_.empty() ? "document" : path_,
                             ": expected an object, got ", Describe(*value_));
    }
    value_ = nullptr;
  }
}

bool JsonReader::Has(absl::string_view key) const {
  const json* m = Member(key);
  return m != nullptr && !m->is_null();
}

const json* JsonReader::Member(absl::string_view key) const {
  if (value_ == nullptr || !value_->is_object()) return nullptr;
  auto it = value_->find(key);
  if (it == value_->end()) return nullptr;
  return &*it;
}

std::string JsonReader::PathOf(absl::string_view key) const {
  return path_.empty() ? std::string(key) : absl::StrCat(path_, ".", key);
}

void JsonReader::Fail(absl::string_view key, absl::string_view problem) const {
  if (error_->empty()) *error_ = absl::StrCat(PathOf(key), ": ", problem);
}

absl::Status JsonReader::status() const {
  if (error_->empty()) return absl::OkStatus();
  return absl::DataLossError(*error_);
}

std::string JsonReader::String(absl::string_view key) const {
  return OptionalString(key).value_or("");
}

std::optional<std::string> JsonReader::OptionalString(
    absl::string_view key) const {
  const json* m = Member(key);
  if (m == nullptr || m->is_null()) return std::nullopt;
  if (m->is_object() || m->is_array()) {
    Fail(key, absl::StrCat("expected a string, got ", m->type_name()));
    return std::nullopt;
  }
  return ScalarText(*m);
}

std::string JsonReader::Decimal(absl::string_view key) const {
  const json* m = Member(key);
  if (m == nullptr || m->is_null()) return "";
  if (m->is_number_integer()) return ScalarText(*m);
  if (m->is_string()) {
    const auto& text = m->get_ref<const std::string&>();
    if (text.empty()) return "";
    if (auto decimal = JsonNumberToDecimal(text)) return *decimal;
  }
  Fail(key, absl::StrCat("expected a decimal, got ", Describe(*m)));
  return "";
}

std::optional<bool> JsonReader::OptionalBool(absl::string_view key) const {
  const json* m = Member(key);
  if (m == nullptr || m->is_null()) return std::nullopt;
  if (m->is_boolean()) return m->get<bool>();
  if (m->is_number_integer()) {
    auto v = m->get<json::number_integer_t>();
    if (v == 0 || v == 1) return v == 1;
  }
  if (m->is_string()) {
    const auto& s = m->get_ref<const std::string&>();
    if (s == "true" || s == "1") return true;
    if (s == "false" || s == "0") return false;
  }
  Fail(key, absl::StrCat("expected a boolean, got ", Describe(*m)));
  return std::nullopt;
}

std::optional<int64_t> JsonReader::OptionalInt(absl::string_view key) const {
  const json* m = Member(key);
  if (m == nullptr || m->is_null()) return std::nullopt;
  if (m->is_number_unsigned() &&
      m->get<json::number_unsigned_t>() > static_cast<uint64_t>(INT64_MAX)) {
    Fail(key, "integer out of range");
    return std::nullopt;
  }
  if (m->is_number_integer()) return m->get<json::number_integer_t>();
  int64_t v = 0;
  if (m->is_string() &&
      absl::SimpleAtoi(m->get_ref<const std::string&>(), &v)) {
    return v;
  }
  Fail(key, absl::StrCat("expected an integer, got ", Describe(*m)));
  return std::nullopt;
}

std::optional<google::protobuf::Timestamp> JsonReader::Time(
    absl::string_view key) const {
  const json* m = Member(key);
  if (m == nullptr || m->is_null()) return std::nullopt;
  absl::Time t;
  if (m->is_string()) {
    std::string err;
    if (absl::ParseTime(absl::RFC3339_full, m->get_ref<const std::string&>(),
                        &t, &err)) {
      google::protobuf::Timestamp ts;
      ts.set_seconds(absl::ToUnixSeconds(t));
      ts.set_nanos(static_cast<int32_t>(
          (t - absl::FromUnixSeconds(ts.seconds())) / absl::Nanoseconds(1)));
      return ts;
    }
  }
  auto seconds = OptionalInt(key);
  if (!seconds.has_value() || *seconds == 0) return std::nullopt;
  google::protobuf::Timestamp ts;
  ts.set_seconds(*seconds);
  return ts;
}

void JsonReader::StringMap(
    absl::string_view key,
    google::protobuf::Map<std::string, std::string>* out) const {
  const json* m = Member(key);
  if (m == nullptr || m->is_null()) return;
  // PHP back ends encode an empty map as `[]`.
  if (m->is_array() && m->empty()) return;
  if (!m->is_object()) {
    Fail(key, absl::StrCat("expected an object, got ", m->type_name()));
    return;
  }
  for (const auto& [k, v] : m->items()) (*out)[k] = ScalarText(v);
}

JsonReader JsonReader::Object(absl::string_view key) const {
  const json* m = Member(key);
  // PHP back ends encode an empty object as `[]`.
  if (m != nullptr && m->is_array() && m->empty()) m = nullptr;
  return JsonReader(m, PathOf(key), error_);
}

const json* JsonReader::Array(absl::string_view key) const {
  const json* m = Member(key);
  if (m == nullptr || m->is_null()) return nullptr;
  if (!m->is_array()) {
    Fail(key, absl::StrCat("expected an array, got ", m->type_name()));
    return nullptr;
  }
  return m;
}

JsonReader JsonReader::Element(const json& element, std::size_t index,
                               absl::string_view array_key) const {
  return JsonReader(&element, absl::StrCat(PathOf(array_key), "[", index, "]"),
                    error_);
}

}  // namespace payout_gateway
