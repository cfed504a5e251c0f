#ifndef PAYOUT_CLIENT_PAYOUTCTL_OUTPUT_H_
#define PAYOUT_CLIENT_PAYOUTCTL_OUTPUT_H_

#include <string>

#include "absl/status/status.h"
#include "corefy/payout/v1/payout_gateway_service.pb.h"
#include "google/protobuf/message.h"

namespace payoutctl {

// How results are printed (--output).
enum class OutputFormat {
  kTable,  // for people: rows and tables, amounts in the currency's units
  kJson,   // the proto as JSON with proto field names, exact digits
  kYaml,   // the same document as YAML
};

// The names --output takes, in the order of OutputFormat.
inline constexpr const char* kOutputFormatNames[] = {"table", "json", "yaml"};

// Human-readable renderings for on-call engineers (--output=table). Text
// that came from the gateway (and so from Corefy) is printed with control
// characters replaced, so that no value can move a terminal's cursor or
// change its colours.

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

// A failed call: code, message, and what the details say to do; as text
// for a table, else as a document of its own (code, message, reason,
// violations, action, retry_delay, ...) in the output format.
std::string FormatError(const absl::Status& status,
                        OutputFormat format = OutputFormat::kTable);

// The message as JSON with proto field names; `one_line` for a stream of
// messages, one per line.
std::string Json(const google::protobuf::Message& message,
                 bool one_line = false);

// The message in a machine-readable format: a JSON document (one line when
// `one_line`, for streams) or a YAML document (starting with "---" when
// `one_line`, so that a stream is a sequence of documents).
std::string Document(const google::protobuf::Message& message,
                     OutputFormat format, bool one_line = false);

// `text` with every control character (bytes below 0x20, and 0x7f)
// replaced by '?'.
std::string Printable(std::string text);

}  // namespace payoutctl

#endif  // PAYOUT_CLIENT_PAYOUTCTL_OUTPUT_H_
