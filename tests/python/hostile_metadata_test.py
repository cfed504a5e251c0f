"""Sends the gateway x-request-id values that a validating client would
refuse to send -- UTF-8, TAB, CR, LF, NUL, CRLFCRLF with a second request
behind it, 10 KB -- as raw HTTP/2 frames (python3-h2 with its own checks
off, the way a stock grpc-go client or an attacker sends them), one
connection per value. Afterwards the gateway is alive and serving, every
answer it gave carries a safe request id, and the upstream saw exactly one
well-formed request per call that reached the gateway: no extra header, no
second request.

usage: hostile_metadata_test.py SANDBOX_BINARY GATEWAY_BINARY STUBS_DIR
"""

import json
import re
import socket
import struct
import sys
import time
import unittest

SANDBOX, GATEWAY, STUBS = sys.argv[1:4]
del sys.argv[1:4]
sys.path.insert(0, STUBS)

import grpc  # noqa: E402
import h2.config  # noqa: E402
import h2.connection  # noqa: E402
import h2.events  # noqa: E402
from corefy.payout.v1 import payout_gateway_service_pb2 as pb  # noqa: E402
from corefy.payout.v1 import payout_gateway_service_pb2_grpc as pb_grpc  # noqa: E402

import gateway_processes  # noqa: E402

CREATE = b"/corefy.payout.v1.PayoutGatewayService/CreatePayoutInvoice"
SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
SECOND_REQUEST = (b"id\r\n\r\nPOST /api/payout-invoices/cpoi_x/process "
                  b"HTTP/1.1\r\nHost: corefy\r\nContent-Length: 0\r\n\r\n")

HOSTILE = {
    "utf8": "заказ-17".encode("utf-8"),
    "tab": b"order\t17",
    "cr": b"order\r17",
    "lf": b"order\n17",
    "nul": b"order\x0017",
    "crlf_header": b"order-17\r\nX-Injected: yes",
    "crlfcrlf_request": SECOND_REQUEST,
    "ten_kb": b"x" * 10240,
    "space": b"order 17",
    "slash": b"order/17",
}


def create_request(reference_id):
    request = pb.CreatePayoutInvoiceRequest(
        reference_id=reference_id, service="test_usd", currency="USD",
        amount="10.10")
    request.fields["account"] = "12345678"
    body = request.SerializeToString()
    return struct.pack(">?I", False, len(body)) + body


def call_raw(address, request_id, reference_id, timeout=10):
    """One unary call over a fresh connection; returns (headers, trailers,
    reset) as dicts of what came back (reset: the stream or connection was
    closed by the server instead)."""
    host, port = address.rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=timeout)
    config = h2.config.H2Configuration(
        client_side=True, validate_outbound_headers=False,
        normalize_outbound_headers=False, validate_inbound_headers=False)
    conn = h2.connection.H2Connection(config=config)
    conn.initiate_connection()
    stream = conn.get_next_available_stream_id()
    conn.send_headers(stream, [
        (b":method", b"POST"), (b":scheme", b"http"), (b":path", CREATE),
        (b":authority", address.encode()),
        (b"content-type", b"application/grpc"), (b"te", b"trailers"),
        (b"x-request-id", request_id)])
    conn.send_data(stream, create_request(reference_id), end_stream=True)
    sock.sendall(conn.data_to_send())
    headers, trailers, reset = {}, {}, False
    deadline = time.time() + timeout
    try:
        while time.time() < deadline:
            data = sock.recv(65536)
            if not data:
                reset = True
                break
            ended = False
            for event in conn.receive_data(data):
                if isinstance(event, h2.events.ResponseReceived):
                    headers = dict(event.headers)
                elif isinstance(event, h2.events.TrailersReceived):
                    trailers = dict(event.headers)
                elif isinstance(event, h2.events.StreamEnded):
                    ended = True
                elif isinstance(event, (h2.events.StreamReset,
                                        h2.events.ConnectionTerminated)):
                    reset = ended = True
            sock.sendall(conn.data_to_send())
            if ended:
                break
    finally:
        sock.close()
    # A trailers-only answer carries grpc-status in the headers.
    if b"grpc-status" in headers and not trailers:
        trailers = headers
    return headers, trailers, reset


class HostileMetadataTest(unittest.TestCase):

    def setUp(self):
        self.env = gateway_processes.Environment(SANDBOX, GATEWAY)

    def tearDown(self):
        self.env.close()

    def test_hostile_request_ids_neither_crash_nor_steer_the_gateway(self):
        answered = {}
        for name, value in HOSTILE.items():
            reference_id = "hostile-" + name
            _, trailers, reset = call_raw(
                self.env.gateway_address, value, reference_id)
            self.assertIsNone(self.env.gateway.poll(),
                              "the gateway died on " + name)
            if reset:
                continue  # refused by gRPC's HTTP/2 layer before any handler
            self.assertIn(b"grpc-status", trailers, name)
            returned = trailers.get(b"x-request-id", b"").decode("latin-1")
            self.assertRegex(returned, SAFE_ID, name)
            self.assertNotEqual(returned.encode("latin-1"), value, name)
            answered[reference_id] = (trailers[b"grpc-status"], returned)
        # Calls with such ids do reach the gateway (gRPC lets them through),
        # so the test exercises the gateway, not only gRPC's checks.
        self.assertGreaterEqual(len(answered), 5, answered)

        # Exactly one well-formed upstream request per call that succeeded,
        # carrying the id the caller got back; nothing else went upstream.
        upstream = self.env.upstream_requests()
        by_reference = {}
        for request in upstream:
            self.assertEqual(request["method"], "POST", request)
            self.assertEqual(request["path"], "/api/payout-invoices", request)
            self.assertNotIn("x-injected", request["headers"], request)
            self.assertRegex(request["headers"]["x-request-id"], SAFE_ID)
            reference_id = json.loads(request["body"])["data"]["attributes"][
                "reference_id"]
            by_reference.setdefault(reference_id, []).append(request)
        for reference_id, (status, returned) in answered.items():
            if status != b"0":
                continue
            sent = by_reference.get(reference_id, [])
            self.assertEqual(len(sent), 1, reference_id)
            self.assertEqual(sent[0]["headers"]["x-request-id"], returned)
        self.assertEqual(set(by_reference) - set(answered), set())

        # Still serving, and a safe id is kept as it is.
        channel = grpc.insecure_channel(self.env.gateway_address)
        stub = pb_grpc.PayoutGatewayServiceStub(channel)
        _, call = stub.GetPayoutInvoice.with_call(
            pb.GetPayoutInvoiceRequest(reference_id="hostile-utf8"),
            metadata=[("x-request-id", "order-17.a:b_c")], timeout=10)
        self.assertIn(("x-request-id", "order-17.a:b_c"),
                      call.trailing_metadata())

        # Every replaced id left one log line, itself whole and escaped.
        # The gateway writes its lines from a flush thread within 50 ms:
        # wait for them rather than read too early.
        deadline = time.monotonic() + 10
        while True:
            replaced = []
            self.env.gateway_log.seek(0)
            for line in self.env.gateway_log.read().splitlines():
                record = json.loads(line)  # every line is one JSON object
                if record.get("event") == "request_id_replaced":
                    replaced.append(record["offered"])
            if len(replaced) >= len(answered) or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        self.assertGreaterEqual(len(replaced), len(answered))
        for offered in replaced:
            self.assertNotIn("\r", offered)
            self.assertNotIn("\n", offered)
            self.assertNotIn("\x00", offered)
            self.assertLessEqual(len(offered), 64 * 4 + 20)
        self.assertTrue(any("\\xd0" in o for o in replaced), replaced)


if __name__ == "__main__":
    unittest.main()
