#include "support/json_compare.h"

#include <stdexcept>

#include "json/exact_json.h"

namespace payout_gateway_testing {

using json = nlohmann::json;

json Canonical(const json& value) {
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [k, v] : value.items()) out[k] = Canonical(v);
    return out;
  }
  if (value.is_array()) {
    json out = json::array();
    for (const auto& v : value) out.push_back(Canonical(v));
    return out;
  }
  if (value.is_number_integer()) return value.dump();
  return value;
}

json CanonicalJson(const std::string& text) {
  auto parsed = payout_gateway::ParseJsonExact(text);
  if (!parsed.ok())
    throw std::runtime_error(std::string(parsed.status().message()));
  return Canonical(*parsed);
}

std::string JsonSubsetDifference(const json& expected, const json& actual,
                                 const std::string& path) {
  auto mismatch = [&] {
    return (path.empty() ? "<root>" : path) + ": expected " + expected.dump() +
           ", got " + actual.dump();
  };
  if (expected.is_object()) {
    if (!actual.is_object()) return mismatch();
    for (const auto& [k, v] : expected.items()) {
      std::string child = path.empty() ? k : path + "." + k;
      if (!actual.contains(k)) return child + ": missing";
      std::string d = JsonSubsetDifference(v, actual[k], child);
      if (!d.empty()) return d;
    }
    return "";
  }
  if (expected.is_array()) {
    if (!actual.is_array() || actual.size() != expected.size())
      return mismatch();
    for (std::size_t i = 0; i < expected.size(); ++i) {
      std::string d = JsonSubsetDifference(
          expected[i], actual[i], path + "[" + std::to_string(i) + "]");
      if (!d.empty()) return d;
    }
    return "";
  }
  return expected == actual ? "" : mismatch();
}

}  // namespace payout_gateway_testing
