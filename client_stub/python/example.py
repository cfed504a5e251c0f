"""Pays out through the gateway from Python: creates a payout, watches it
while it is processed until its final status, then shows how to read an
error's hint.

    /usr/bin/python3 example.py GATEWAY_ADDRESS REFERENCE_ID [CALLBACK_URL]

CALLBACK_URL is where Corefy posts the payout's status changes: the
gateway's callback port, so that the watch gets them pushed.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import grpc  # noqa: E402

import payout_gateway  # noqa: E402
from payout_gateway import messages  # noqa: E402


def main(address, reference_id, callback_url=""):
    stub = payout_gateway.connect(address)
    request = messages.CreatePayoutInvoiceRequest(
        reference_id=reference_id, service="test_usd", currency="USD",
        amount="12.34", fields={"account": "4000123456"},
        callback_url=callback_url)
    invoice = stub.CreatePayoutInvoice(request, timeout=30)

    # The watch sends the current state first, then each change; it ends
    # after the final status.
    changes = stub.WatchPayoutInvoice(
        messages.WatchPayoutInvoiceRequest(id=invoice.id), timeout=60)
    show_change(next(changes))
    stub.ProcessPayoutInvoice(
        messages.ProcessPayoutInvoiceRequest(id=invoice.id), timeout=30)
    for change in changes:
        show_change(change)
        last = change.invoice
    print("paid %s (%s)" % (last.id, last.upstream_status))

    # The same reference id for another amount: the gateway refuses, and
    # its hint says which invoice holds the reference id.
    request.amount = "99.00"
    try:
        stub.CreatePayoutInvoice(request, timeout=30)
        raise SystemExit("expected ALREADY_EXISTS")
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.ALREADY_EXISTS:
            raise
        details = payout_gateway.error_details(error)
        hint = details["retry_hint"]
        print("hint %s invoice %s (%s)" % (
            payout_gateway.RetryHint.Action.Name(hint.action), hint.invoice_id,
            details["error_info"].reason))


def show_change(event):
    print("change %s via %s" % (
        payout_gateway.PayoutInvoiceStatus.Name(event.invoice.status),
        payout_gateway.PayoutEventSource.Name(event.source)))


if __name__ == "__main__":
    main(*sys.argv[1:4])
