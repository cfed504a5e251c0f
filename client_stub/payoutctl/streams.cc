#include "payoutctl/streams.h"

#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "payoutctl/exit_codes.h"
#include "payoutctl/money.h"
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
int Ended(payout_client::EventStream& stream, OutputFormat format) {
  absl::Status status = stream.Finish();
  if (status.ok()) return 0;
  std::fputs(FormatError(status, format).c_str(), stderr);
  return ExitCodeOf(status);
}

// Prints one event: `line` for a table, else a document.
void Print(const v1::PayoutInvoiceEvent& event, OutputFormat format,
           const std::string& line) {
  const std::string text = format == OutputFormat::kTable
                               ? Printable(line) + "\n"
                               : Document(event, format, /*one_line=*/true);
  std::fputs(text.c_str(), stdout);
  std::fflush(stdout);
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
    Print(event, settings.format,
          absl::StrCat(ReceivedAt(event), "  ", event.invoice().id(), "  ",
                       StatusText(event.invoice()), "  ",
                       SourceWord(event.source())));
  }
  const int code = Ended(*stream, settings.format);
  if (code != 0 || !any) return code;
  return Paid(event.invoice().status()) ? 0 : kExitNotPaid;
}

int TailEvents(payout_client::PayoutClient& client,
               const v1::StreamPayoutEventsRequest& request,
               const StreamSettings& settings) {
  auto stream = client.StreamPayoutEvents(request, settings.options);
  v1::PayoutInvoiceEvent event;
  while (stream->Next(event)) {
    const v1::PayoutInvoice& invoice = event.invoice();
    Print(event, settings.format,
          absl::StrCat(ReceivedAt(event), "  ", invoice.id(), "  ",
                       invoice.reference_id(), "  ", StatusText(invoice), "  ",
                       DisplayAmount(invoice.amount(), invoice.currency()),
                       event.superseded() ? "  (superseded)" : "",
                       "  cursor=", event.cursor()));
  }
  return Ended(*stream, settings.format);
}

}  // namespace payoutctl
