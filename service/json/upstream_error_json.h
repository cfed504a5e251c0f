#ifndef PAYOUT_GATEWAY_JSON_UPSTREAM_ERROR_JSON_H_
#define PAYOUT_GATEWAY_JSON_UPSTREAM_ERROR_JSON_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/error_details.h"
#include "nlohmann/json.hpp"

namespace payout_gateway {

// What an upstream error body says, from any of the shapes Corefy uses:
//  - `{"errors": [{"status": "Not Found", "code": "404", "title", "detail",
//    "source": {"pointer": "/data/attributes/amount"}}]}` (JSON:API list);
//  - `{"errors": {"amount": "This value should be greater than 0."}}` (422);
//  - older drafts: `{"request_id", "error_type", "error_codes"}`.
// Messages have card numbers masked. Unknown shapes leave everything empty.
struct UpstreamError {
  std::string status;  // e.g. "Not Found", "internal_error"
  std::string code;    // e.g. "404"
  std::string title;
  std::string detail;
  std::string request_id;
  // One per invalid field, with the field path in proto names
  // (`amount`, `fields.account`, `customer.email`).
  std::vector<FieldViolation> violations;
  // A resource the body carries besides the error, e.g. the existing invoice
  // of a 409 (`data`); null when none.
  nlohmann::json data;

  // A one-line human summary: detail, else title, else status, else the
  // violations joined.
  std::string Summary() const;
};

// Never fails: a body that is not JSON yields an empty UpstreamError.
UpstreamError ParseUpstreamError(absl::string_view body);

// Turns an upstream field name or JSON pointer into a proto field path:
// `/data/attributes/fields/account` and `data.attributes.fields[account]`
// both become `fields.account`.
std::string UpstreamFieldToProtoPath(absl::string_view field);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_JSON_UPSTREAM_ERROR_JSON_H_
