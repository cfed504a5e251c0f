#ifndef PAYOUT_CLIENT_PAYOUTCTL_STREAMS_H_
#define PAYOUT_CLIENT_PAYOUTCTL_STREAMS_H_

#include "corefy/payout/v1/payout_gateway_service.pb.h"
#include "payout_client/payout_client.h"
#include "payoutctl/output.h"

namespace payoutctl {

// What the streaming commands share with the others.
struct StreamSettings {
  payout_client::CallOptions options;  // timeout: the whole stream
  // table: a line per event; json: one JSON document per line; yaml: a
  // YAML document per event.
  OutputFormat format = OutputFormat::kTable;
};

// `invoices watch`: a line per change as the gateway pushes it, until the
// payout is final. Exit: 0 paid, kExitNotPaid ended unpaid, else that of
// the error the stream ended with.
int WatchInvoice(payout_client::PayoutClient& client,
                 const corefy::payout::v1::WatchPayoutInvoiceRequest& request,
                 const StreamSettings& settings);

// `events tail`: a line per event of the account, each ending with the
// cursor to resume after it, until interrupted or the stream fails.
int TailEvents(payout_client::PayoutClient& client,
               const corefy::payout::v1::StreamPayoutEventsRequest& request,
               const StreamSettings& settings);

}  // namespace payoutctl

#endif  // PAYOUT_CLIENT_PAYOUTCTL_STREAMS_H_
