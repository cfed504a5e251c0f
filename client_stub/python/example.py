"""Pays out through the gateway with the payout-gateway-client package:
creates a payout, watches it while it is processed until its final status,
then shows how to read an error's hint.

    python3 example.py GATEWAY_ADDRESS REFERENCE_ID [CALLBACK_URL]

CALLBACK_URL is where Corefy posts the payout's status changes: the
gateway's callback port, so that the watch gets them pushed. For TLS set
PAYOUT_GATEWAY_TLS_CA (the CA of the gateway's certificate), for mTLS also
PAYOUT_GATEWAY_TLS_CERT and PAYOUT_GATEWAY_TLS_KEY (the client's), and
PAYOUT_GATEWAY_TLS_SERVER_NAME when the gateway's certificate names another
host than GATEWAY_ADDRESS. Plaintext without them (loopback only).
"""

from __future__ import annotations

import os
import sys

import payout_gateway
from corefy.payout.v1 import payout_gateway_service_pb2 as pb
from payout_gateway import (PayoutError, PayoutEventSource, PayoutInvoiceEvent,
                            PayoutInvoiceStatus, RetryHint)


def connect(address: str) -> payout_gateway.PayoutClient:
    env = os.environ
    return payout_gateway.connect(
        address,
        ca=env.get("PAYOUT_GATEWAY_TLS_CA") or None,
        cert=env.get("PAYOUT_GATEWAY_TLS_CERT") or None,
        key=env.get("PAYOUT_GATEWAY_TLS_KEY") or None,
        server_name=env.get("PAYOUT_GATEWAY_TLS_SERVER_NAME") or None)


def main(address: str, reference_id: str, callback_url: str = "") -> None:
    print("client %s %s" % (payout_gateway.__version__, payout_gateway.PROTO_API_VERSION))
    with connect(address) as client:
        request = pb.CreatePayoutInvoiceRequest(
            reference_id=reference_id, service="test_usd", currency="USD",
            amount="12.34", fields={"account": "4000123456"},
            callback_url=callback_url)
        invoice = client.create_payout_invoice(request, request_id=reference_id + "-create")

        # The watch sends the current state first, then each change; it ends
        # after the final status.
        with client.watch_payout_invoice(
                pb.WatchPayoutInvoiceRequest(id=invoice.id), timeout=60) as changes:
            last = next(changes)
            show_change(last)
            client.process_payout_invoice(pb.ProcessPayoutInvoiceRequest(id=invoice.id))
            for change in changes:
                show_change(change)
                last = change
        print("paid %s (%s)" % (last.invoice.id, last.invoice.upstream_status))

        # The same reference id for another amount: the gateway refuses, and
        # its hint says which invoice holds the reference id.
        request.amount = "99.00"
        try:
            client.create_payout_invoice(request)
            raise SystemExit("expected ALREADY_EXISTS")
        except PayoutError as error:
            if error.action != RetryHint.ACTION_USE_EXISTING_INVOICE:
                raise
            print("hint %s invoice %s (%s)" % (error.action_name, error.invoice_id, error.reason))
            print("error %s reason %s action %s retries_exhausted %s" % (
                error.code.name, error.reason, error.action_name,
                str(error.gateway_retries_exhausted).lower()))
            print("said %s" % error)


def show_change(event: PayoutInvoiceEvent) -> None:
    print("change %s via %s" % (
        PayoutInvoiceStatus.Name(event.invoice.status),
        PayoutEventSource.Name(event.source)))


if __name__ == "__main__":
    if not 3 <= len(sys.argv) <= 4:
        sys.exit(__doc__)
    main(*sys.argv[1:4])
