#include "payoutctl/streams.h"

#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "payoutctl/output.h"

namespace payoutctl {
namespace {

namespace v1 = ::corefy::payout::v1;

std::string SourceWord(v1::PayoutEventSource source) {
  switch (source) {
    case v1::PAYOUT_EVENT_SOURCE_INITIAL_READ:
      return "now";
    case v1::PAYOUT_EVENT_SOURCE_CALLBACK:
      return "pushed";
    case v1::PAYOUT_EVENT_SOURCE_POLL:
      return "polled";
    default:
      return "-";
  }
}

std::string ReceivedAt(const v1::PayoutInvoiceEvent& event) {
  return absl::FormatTime(
      "%Y-%m-%dT%H:%M:%E3SZ",
      absl::FromUnixSeconds(event.receive_time().seconds()) +
          absl::Nanoseconds(event.receive_time().nanos()),
      absl::UTCTimeZone());
}

// The stream's end as an exit status, with the error on stderr.
int Ended(payout_client::EventStream& stream) {
  absl::Status status = stream.Finish();
  if (status.ok()) return 0;
  std::fputs(FormatError(status).c_str(), stderr);
  return static_cast<int>(status.code());
}

bool Paid(v1::PayoutInvoiceStatus status) {
  return status == v1::PAYOUT_INVOICE_STATUS_PROCESSED ||
         status == v1::PAYOUT_INVOICE_STATUS_PARTIALLY_PROCESSED;
}

}  // namespace

int WatchInvoice(payout_client::PayoutClient& client,
                 const v1::WatchPayoutInvoiceRequest& request,
                 const StreamSettings& settings) {
  auto stream = client.WatchPayoutInvoice(request, settings.options);
  v1::PayoutInvoiceEvent event;
  bool any = false;
  while (stream->Next(event)) {
    any = true;
    if (settings.json) {
      std::printf("%s\n", Json(event, /*one_line=*/true).c_str());
    } else {
      std::printf("%s  %s  %s  %s\n", ReceivedAt(event).c_str(),
                  event.invoice().id().c_str(),
                  StatusText(event.invoice()).c_str(),
                  SourceWord(event.source()).c_str());
    }
    std::fflush(stdout);
  }
  const int code = Ended(*stream);
  if (code != 0 || !any) return code;
  return Paid(event.invoice().status()) ? 0 : kPayoutNotPaid;
}

int TailEvents(payout_client::PayoutClient& client,
               const v1::StreamPayoutEventsRequest& request,
               const StreamSettings& settings) {
  auto stream = client.StreamPayoutEvents(request, settings.options);
  v1::PayoutInvoiceEvent event;
  while (stream->Next(event)) {
    if (settings.json) {
      std::printf("%s\n", Json(event, /*one_line=*/true).c_str());
    } else {
      const v1::PayoutInvoice& invoice = event.invoice();
      std::printf("%s  %s  %s  %s  %s %s%s  cursor=%s\n",
                  ReceivedAt(event).c_str(), invoice.id().c_str(),
                  invoice.reference_id().c_str(), StatusText(invoice).c_str(),
                  invoice.amount().c_str(), invoice.currency().c_str(),
                  event.superseded() ? "  (superseded)" : "",
                  event.cursor().c_str());
    }
    std::fflush(stdout);
  }
  return Ended(*stream);
}

}  // namespace payoutctl
