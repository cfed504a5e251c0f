#include "events/callback_receiver.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "common/log.h"
#include "events/callback_signature.h"
#include "json/payout_invoice_json.h"

namespace payout_gateway {
namespace {

// JSON:API's media type, or plain JSON; parameters (charset) aside.
bool IsJsonContentType(absl::string_view content_type) {
  const absl::string_view media = absl::StripAsciiWhitespace(
      content_type.substr(0, content_type.find(';')));
  return absl::EqualsIgnoreCase(media, "application/json") ||
         absl::EqualsIgnoreCase(media, "application/vnd.api+json");
}

}  // namespace

CallbackReceiver::CallbackReceiver(std::string secret,
                                   std::shared_ptr<EventBus> bus,
                                   std::shared_ptr<Metrics> metrics,
                                   Clock clock)
    : secret_(std::move(secret)),
      bus_(std::move(bus)),
      metrics_(std::move(metrics)),
      clock_(std::move(clock)) {}

CallbackAnswer CallbackReceiver::Refuse(int status, absl::string_view result,
                                        absl::string_view why) const {
  metrics_->CallbackReceived(result);
  LogEvent(status >= 500 ? Severity::kError : Severity::kWarning,
           "callback_refused",
           {{"result", std::string(result)},
            {"http_status", std::to_string(status)},
            {"message", std::string(why)}});
  return CallbackAnswer{status, std::string(why)};
}

CallbackAnswer CallbackReceiver::Receive(const CallbackRequest& request) const {
  if (request.too_large) {
    return Refuse(413, "too_large", "the body is over the size limit");
  }
  if (!IsJsonContentType(request.content_type)) {
    return Refuse(415, "wrong_content_type",
                  "the body must be application/json or "
                  "application/vnd.api+json");
  }
  if (request.signature.empty()) {
    return Refuse(401, "missing_signature", "X-Signature is missing");
  }
  if (!VerifyCallbackSignature(secret_, request.body, request.signature)) {
    return Refuse(401, "bad_signature", "X-Signature does not match the body");
  }
  corefy::payout::v1::PayoutInvoice invoice;
  if (absl::Status parsed = ParsePayoutInvoiceDocument(request.body, &invoice);
      !parsed.ok() || invoice.id().empty()) {
    return Refuse(400, "malformed", "the body is not an invoice document");
  }
  absl::StatusOr<PublishOutcome> kept = bus_->Publish(invoice, clock_());
  if (!kept.ok()) {
    return Refuse(503, "bus_unavailable",
                  "the event could not be kept; deliver it again");
  }
  metrics_->CallbackReceived("accepted");
  metrics_->EventPublished(PublishOutcomeName(*kept));
  LogEvent(
      Severity::kInfo, "callback_accepted",
      {{"invoice_id", invoice.id()}, {"reference_id", invoice.reference_id()}});
  return CallbackAnswer{200, "ok"};
}

}  // namespace payout_gateway
