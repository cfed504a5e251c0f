#ifndef PAYOUT_GATEWAY_EVENTS_INVOICE_ORDER_H_
#define PAYOUT_GATEWAY_EVENTS_INVOICE_ORDER_H_

#include <utility>

#include "absl/time/time.h"
#include "corefy/payout/v1/payout_invoice.pb.h"

namespace payout_gateway {

// Where a change stands in its invoice's history: Corefy's update time,
// then how far along the life cycle the status is. Corefy's `updated` has
// whole seconds, so two changes often share it: then the later stage is
// the newer change. Compare positions of the same invoice only.
using InvoicePosition = std::pair<absl::Time, int>;
InvoicePosition PositionOf(const corefy::payout::v1::PayoutInvoice& invoice);

// Corefy's update time of the invoice.
absl::Time UpdateTimeOf(const corefy::payout::v1::PayoutInvoice& invoice);

// A status after which a watch ends: the final ones, and PROCESSED and
// PARTIALLY_PROCESSED (final unless a cancel starts, which is rare and
// would be a new watch).
bool EndsWatch(corefy::payout::v1::PayoutInvoiceStatus status);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_EVENTS_INVOICE_ORDER_H_
