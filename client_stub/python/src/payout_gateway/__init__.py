"""Python client of the Corefy payout gateway (gRPC API corefy.payout.v1).

    import payout_gateway
    from corefy.payout.v1 import payout_gateway_service_pb2 as pb

    client = payout_gateway.connect(
        "payout-gateway:50051", ca="ca.pem", cert="client.pem", key="client.key")
    try:
        invoice = client.create_payout_invoice(pb.CreatePayoutInvoiceRequest(...))
    except payout_gateway.PayoutError as error:
        print(error.reason, error.action_name, error)

The messages and gRPC stubs are in corefy.payout.v1 (generated from the
gateway's protos, with type stubs).
"""

from __future__ import annotations

from typing import Optional

from corefy.payout.v1.error_details_pb2 import RetryHint
from corefy.payout.v1.payout_event_pb2 import PayoutEventSource, PayoutInvoiceEvent
from corefy.payout.v1.payout_invoice_pb2 import PayoutInvoice, PayoutInvoiceStatus
from payout_gateway._version import __version__
from payout_gateway.channel import PemSource, make_channel
from payout_gateway.client import Metadata, PayoutClient
from payout_gateway.errors import FieldViolation, PayoutError
from payout_gateway.events import EventStream
from payout_gateway.retry import RetryOptions

__all__ = [
    "EventStream",
    "FieldViolation",
    "Metadata",
    "PROTO_API_VERSION",
    "PayoutClient",
    "PayoutError",
    "PayoutEventSource",
    "PayoutInvoice",
    "PayoutInvoiceEvent",
    "PayoutInvoiceStatus",
    "PemSource",
    "RetryHint",
    "RetryOptions",
    "__version__",
    "connect",
]

# The gRPC API this release speaks: the protos' package.
PROTO_API_VERSION = "corefy.payout.v1"


def connect(
    address: str,
    *,
    ca: Optional[PemSource] = None,
    cert: Optional[PemSource] = None,
    key: Optional[PemSource] = None,
    server_name: Optional[str] = None,
    tls: bool = False,
    retry: RetryOptions = RetryOptions(),
) -> PayoutClient:
    """A client of the gateway at `address` ("host:port").

    mTLS with `ca` (the CA of the gateway's certificate), `cert` and `key`
    (the client's certificate and key), each a PEM file's path or its PEM
    bytes; `server_name` overrides the name expected in the gateway's
    certificate. TLS without a client certificate with `ca` alone (or
    `tls=True` for the system's roots). With none of them: plaintext, which
    the gateway serves only on loopback addresses, for development.

    `retry` says how far the client follows the gateway's retry hints.
    """
    channel = make_channel(address, ca=ca, cert=cert, key=key,
                           server_name=server_name, tls=tls)
    return PayoutClient(channel, retry=retry)
