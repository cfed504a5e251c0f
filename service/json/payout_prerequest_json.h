#ifndef PAYOUT_GATEWAY_JSON_PAYOUT_PREREQUEST_JSON_H_
#define PAYOUT_GATEWAY_JSON_PAYOUT_PREREQUEST_JSON_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "corefy/payout/v1/payout_gateway_service.pb.h"
#include "nlohmann/json.hpp"

namespace payout_gateway {

// Pure translations for the public `payout-prerequest` call.

// The request body: {"currency":"USD","amount":10.50,"public_key":"pk_..."},
// with the caller's amount digits unchanged.
std::string PayoutPrerequestBody(
    const corefy::payout::v1::PayoutPrerequestRequest& request,
    absl::string_view public_key);

// `{"data": {"currency", "amount", "test_mode", "services": {code: ...},
// "methods": {code: ...}, "account": {...}}}`. Services and methods come out
// ordered by code.
absl::Status ParsePayoutPrerequestDocument(
    absl::string_view body, corefy::payout::v1::PayoutPrerequestResponse* out);

// The `data` object of the document, decimals as JSON strings.
nlohmann::json PayoutPrerequestToJson(
    const corefy::payout::v1::PayoutPrerequestResponse& in);

// Normalises a service field's regexp for use: strips `/.../flags`
// delimiters and undoes one level of escaping when every backslash is
// doubled (`^\\d{1,15}$` -> `^\d{1,15}$`), as the contract's samples arrive.
std::string NormalizeFieldPattern(absl::string_view regexp);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_JSON_PAYOUT_PREREQUEST_JSON_H_
