#ifndef PAYOUT_GATEWAY_CONNECTION_PROCESS_FLOW_H_
#define PAYOUT_GATEWAY_CONNECTION_PROCESS_FLOW_H_

#include <memory>
#include <optional>
#include <string>

#include "connection/invoice_lookup.h"
#include "connection/payout_connection.h"
#include "connection/upstream.h"

namespace payout_gateway {

// Processes a payout invoice -- the call that moves money -- without ever
// sending a process twice for one that may have happened.
//
//   process --2xx--> the invoice
//      |--the upstream may have acted (answer lost, 5xx, 400, 429,
//      |  unreadable body)--> get the invoice:
//      |            past `created` -> it (the process happened);
//      |            still `created` after an answered failure (5xx, 400,
//      |            429) -> process again, once; still `created` after a
//      |            request abandoned unanswered (reset, timeout) -> it may
//      |            still land: CHECK_STATUS_THEN_RETRY, never a re-send;
//      |            the get fails too -> the failure with
//      |            CHECK_STATUS_THEN_RETRY
//      |--409 (no longer `created`)--> get the invoice: processed or being
//      |            processed -> it (an earlier copy of this process got
//      |            through, e.g. a caller's retry); expired or terminated
//      |            -> FAILED_PRECONDITION, do not retry
//      |--never sent--> process again after a backoff
//      '--any other failure--> that failure
//
// So ProcessPayoutInvoice is idempotent: processing an invoice that is
// already processing or processed returns it. Safe because Corefy processes
// an invoice only from `created`.
class ProcessFlow : public std::enable_shared_from_this<ProcessFlow> {
 public:
  static void Run(std::shared_ptr<const Upstream> upstream, CallContextPtr ctx,
                  std::string invoice_id,
                  ResultCallback<corefy::payout::v1::PayoutInvoice> done);

  ProcessFlow(std::shared_ptr<const Upstream> upstream, CallContextPtr ctx,
              std::string invoice_id,
              ResultCallback<corefy::payout::v1::PayoutInvoice> done);

 private:
  void Process();
  void OnProcessed(Exchange exchange);
  void Reconcile(UpstreamFailure failure);
  void OnLookup(UpstreamFailure failure, InvoiceLookup lookup);
  bool MaybeProcessAgain(const UpstreamFailure& failure);
  void Fail(const UpstreamFailure& failure,
            std::optional<RetryAction> action = std::nullopt);

  const std::shared_ptr<const Upstream> upstream_;
  const CallContextPtr ctx_;
  const std::string invoice_id_;
  ResultCallback<corefy::payout::v1::PayoutInvoice> done_;
  int attempts_ = 0;          // upstream requests of every kind
  int processes_ = 0;         // process requests
  bool reprocessed_ = false;  // the one re-process after a reconciliation
  // A process request of this call was abandoned unanswered and may still
  // take effect: it is never sent again, and the call never ends with RETRY.
  bool unsettled_ = false;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_PROCESS_FLOW_H_
