#ifndef PAYOUT_CLIENT_PAYOUTCTL_OUTPUT_H_
#define PAYOUT_CLIENT_PAYOUTCTL_OUTPUT_H_

#include <string>

#include "absl/status/status.h"
#include "corefy/payout/v1/payout_gateway_service.pb.h"
#include "google/protobuf/message.h"

namespace payoutctl {

// Human-readable renderings for on-call engineers; --json prints the proto
// as JSON instead (see Json()).

std::string FormatInvoice(const corefy::payout::v1::PayoutInvoice& invoice);
// Corefy's status words, with the resolution: "processed (ok)".
std::string StatusText(const corefy::payout::v1::PayoutInvoice& invoice);
std::string FormatInvoiceList(
    const corefy::payout::v1::ListPayoutInvoicesResponse& list);
std::string FormatService(const corefy::payout::v1::PayoutService& service);
std::string FormatServiceList(
    const corefy::payout::v1::ListPayoutServicesResponse& list);
std::string FormatPrerequest(
    const corefy::payout::v1::PayoutPrerequestResponse& response);

// A failed call: code, message, and what the details say to do.
std::string FormatError(const absl::Status& status);

// The message as JSON with proto field names; `one_line` for a stream of
// messages, one per line.
std::string Json(const google::protobuf::Message& message,
                 bool one_line = false);

}  // namespace payoutctl

#endif  // PAYOUT_CLIENT_PAYOUTCTL_OUTPUT_H_
