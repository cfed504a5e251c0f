#ifndef PAYOUT_CLIENT_PAYOUTCTL_YAML_H_
#define PAYOUT_CLIENT_PAYOUTCTL_YAML_H_

#include <string>

#include "nlohmann/json.hpp"

namespace payoutctl {

// A JSON document as block-style YAML, keys in their JSON order. Every
// string is double-quoted (JSON's escapes are valid there), so that
// amounts such as "10.50" and ids such as "0012" stay strings with their
// exact digits for any YAML reader; numbers, booleans and null are plain.
std::string ToYaml(const nlohmann::ordered_json& document);

}  // namespace payoutctl

#endif  // PAYOUT_CLIENT_PAYOUTCTL_YAML_H_
