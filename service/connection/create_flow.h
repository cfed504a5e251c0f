#ifndef PAYOUT_GATEWAY_CONNECTION_CREATE_FLOW_H_
#define PAYOUT_GATEWAY_CONNECTION_CREATE_FLOW_H_

#include <memory>
#include <optional>

#include "connection/invoice_lookup.h"
#include "connection/payout_connection.h"
#include "connection/upstream.h"

namespace payout_gateway {

// Creates a payout invoice without ever creating it twice.
//
//   create --2xx--> the invoice
//      |--409-----> look up by reference_id: the same payout -> it (AIP-155
//      |            idempotent create); another payout -> ALREADY_EXISTS with
//      |            the existing invoice's id
//      |--the upstream may have acted (answer lost, 5xx, 400, 429,
//      |  unreadable body)--> look up by reference_id:
//      |            found -> as after a 409; not found -> create again
//      |            (transient failures, within attempts, budget, deadline),
//      |            else the failure with the action for "did not happen"
//      |            -- RETRY only if no create of the call may still land
//      |            (none was abandoned unanswered), else
//      |            CHECK_STATUS_THEN_RETRY; lookup fails too -> the failure
//      |            with CHECK_STATUS_THEN_RETRY
//      |--never sent (connect failed, 408)--> create again after a backoff
//      '--any other failure (401, 403, 404, 405, 422)--> that failure
//
// A create attempt gets at most two thirds of the time left, so a lost
// answer leaves time to reconcile before the caller's deadline. Safe
// because Corefy refuses a second invoice with the same reference_id: a
// re-create racing a late first one gets a 409 and is reconciled.
class CreateFlow : public std::enable_shared_from_this<CreateFlow> {
 public:
  static void Run(std::shared_ptr<const Upstream> upstream, CallContextPtr ctx,
                  corefy::payout::v1::CreatePayoutInvoiceRequest request,
                  ResultCallback<corefy::payout::v1::PayoutInvoice> done);

  CreateFlow(std::shared_ptr<const Upstream> upstream, CallContextPtr ctx,
             corefy::payout::v1::CreatePayoutInvoiceRequest request,
             ResultCallback<corefy::payout::v1::PayoutInvoice> done);

 private:
  void Create();
  void OnCreated(Exchange exchange);
  void Reconcile(UpstreamFailure failure, bool after_conflict);
  void OnLookup(UpstreamFailure failure, bool after_conflict,
                InvoiceLookup lookup);
  // Creates again after a backoff if policy, budget and deadline allow;
  // false when they do not. `verified` says a lookup proved the last create
  // did not happen, which makes a re-send safe even after a lost answer.
  bool MaybeCreateAgain(const UpstreamFailure& failure, bool verified);
  // An existing invoice with this reference_id: it, if it is this payout.
  void ResolveExisting(corefy::payout::v1::PayoutInvoice invoice,
                       const UpstreamFailure& failure);
  void Fail(const UpstreamFailure& failure,
            std::optional<RetryAction> action = std::nullopt,
            std::string invoice_id = "");

  const std::shared_ptr<const Upstream> upstream_;
  const CallContextPtr ctx_;
  const corefy::payout::v1::CreatePayoutInvoiceRequest request_;
  ResultCallback<corefy::payout::v1::PayoutInvoice> done_;
  int attempts_ = 0;  // upstream requests of every kind
  int creates_ = 0;   // create requests
  // A create of this call may still take effect upstream: the gateway
  // stopped waiting for it (reset, timeout, abort). A lookup that finds
  // nothing then proves nothing, so the call never ends with RETRY.
  bool unsettled_ = false;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_CONNECTION_CREATE_FLOW_H_
