#ifndef PAYOUT_GATEWAY_JSON_JSON_READER_H_
#define PAYOUT_GATEWAY_JSON_JSON_READER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/map.h"
#include "google/protobuf/timestamp.pb.h"
#include "nlohmann/json.hpp"

namespace payout_gateway {

// Reads members of one JSON object (from ParseJsonExact) into proto fields,
// tolerating what Corefy documents vary in -- numbers as strings, nulls,
// absent members -- and recording the first real mismatch (an object where a
// string belongs, text where a decimal belongs) with its path, e.g.
// `data.attributes.amount: expected a decimal, got "ten"`.
//
// Readers made by Object() share the error record of their parent, so a
// whole document is checked with one status() at the end. Never throws.
class JsonReader {
 public:
  // `value` may be null or absent (nullptr): every read then yields defaults.
  JsonReader(const nlohmann::json* value, std::string path);

  const std::string& path() const { return path_; }
  bool IsObject() const { return value_ != nullptr && value_->is_object(); }
  bool Has(absl::string_view key) const;

  // A string; numbers and booleans as their text; null/absent -> "".
  std::string String(absl::string_view key) const;
  // A string, or nullopt when null/absent.
  std::optional<std::string> OptionalString(absl::string_view key) const;
  // An exact decimal from a number or a numeric string; null/absent/"" -> "".
  std::string Decimal(absl::string_view key) const;
  // A boolean; also "true"/"false" and 0/1. null/absent -> nullopt.
  std::optional<bool> OptionalBool(absl::string_view key) const;
  bool Bool(absl::string_view key) const {
    return OptionalBool(key).value_or(false);
  }
  // An integer; also a numeric string. null/absent -> nullopt.
  std::optional<int64_t> OptionalInt(absl::string_view key) const;
  // Unix seconds (number or numeric string) or an RFC 3339 string; null,
  // absent, 0 -> nullopt.
  std::optional<google::protobuf::Timestamp> Time(absl::string_view key) const;
  // An object of scalars into a proto map; values that are not strings are
  // kept as their JSON text. null/absent -> nothing.
  void StringMap(absl::string_view key,
                 google::protobuf::Map<std::string, std::string>* out) const;
  // A nested object; null/absent gives a reader of defaults.
  JsonReader Object(absl::string_view key) const;
  // A nested array, or nullptr when null/absent (a non-array is an error).
  const nlohmann::json* Array(absl::string_view key) const;
  // A reader over an element of an array returned by Array().
  JsonReader Element(const nlohmann::json& element, std::size_t index,
                     absl::string_view array_key) const;

  // Records a mismatch found by the caller.
  void Fail(absl::string_view key, absl::string_view problem) const;

  // OK, or kDataLoss naming the first mismatch.
  absl::Status status() const;

 private:
  JsonReader(const nlohmann::json* value, std::string path,
             std::shared_ptr<std::string> error);
  const nlohmann::json* Member(absl::string_view key) const;
  std::string PathOf(absl::string_view key) const;

  const nlohmann::json* value_;
  std::string path_;
  std::shared_ptr<std::string> error_;
};

// The text of a scalar JSON value the way JsonReader::String() reads it.
std::string ScalarText(const nlohmann::json& value);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_JSON_JSON_READER_H_
