"""Reads the gateway's error details from Python, with nothing but the
generated stubs and the standard google.rpc messages: proof that callers in
other languages get the same ErrorInfo, BadRequest, RetryInfo and RetryHint
as C++ callers.

usage: error_details_test.py SANDBOX_BINARY GATEWAY_BINARY STUBS_DIR
"""

import sys
import unittest

SANDBOX, GATEWAY, STUBS = sys.argv[1:4]
del sys.argv[1:4]
sys.path.insert(0, STUBS)

import grpc  # noqa: E402
from corefy.payout.v1 import error_details_pb2  # noqa: E402
from corefy.payout.v1 import payout_gateway_service_pb2 as pb  # noqa: E402
from corefy.payout.v1 import payout_gateway_service_pb2_grpc as pb_grpc  # noqa: E402
from google.rpc import error_details_pb2 as rpc_details  # noqa: E402
from google.rpc import status_pb2  # noqa: E402

import gateway_processes  # noqa: E402

Hint = error_details_pb2.RetryHint


def details_of(error):
    """The google.rpc.Status of a failed call, from its trailing metadata."""
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            status = status_pb2.Status()
            status.ParseFromString(value)
            return status
    raise AssertionError("no grpc-status-details-bin trailer")


def unpack(status, message_type):
    found = []
    for detail in status.details:
        message = message_type()
        if detail.Unpack(message):
            found.append(message)
    return found


class ErrorDetailsFromPython(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.env = gateway_processes.Environment(
            SANDBOX, GATEWAY, ["--retry_max_attempts=1"])
        cls.channel = grpc.insecure_channel(cls.env.gateway_address)
        cls.stub = pb_grpc.PayoutGatewayServiceStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        cls.env.close()

    def create(self, reference_id, amount):
        return self.stub.CreatePayoutInvoice(pb.CreatePayoutInvoiceRequest(
            reference_id=reference_id, service="test_usd", currency="USD",
            amount=amount, fields={"account": "12345"}), timeout=10)

    def test_invalid_request_names_the_field(self):
        with self.assertRaises(grpc.RpcError) as raised:
            self.create("py-bad", "-5")
        error = raised.exception
        self.assertEqual(error.code(), grpc.StatusCode.INVALID_ARGUMENT)
        status = details_of(error)
        infos = unpack(status, rpc_details.ErrorInfo)
        self.assertEqual(len(infos), 1)
        self.assertEqual(infos[0].reason, "INVALID_REQUEST")
        self.assertEqual(infos[0].domain, "payout-gateway.corefy.io")
        bad = unpack(status, rpc_details.BadRequest)
        self.assertEqual([v.field for v in bad[0].field_violations], ["amount"])
        hint = unpack(status, Hint)[0]
        self.assertEqual(hint.action, Hint.ACTION_FIX_REQUEST)
        self.assertTrue(hint.description)

    def test_rate_limit_says_when_to_retry(self):
        self.env.add_fault({"method": "GET", "path": "/api/payout-services/*",
                            "status": 429, "headers": {"Retry-After": "2"},
                            "body": '{"errors": [{"status": "Too Many Requests", "code": "429"}]}'})
        with self.assertRaises(grpc.RpcError) as raised:
            self.stub.GetPayoutService(
                pb.GetPayoutServiceRequest(id="comcpos_TestUsd0000000001"), timeout=10)
        error = raised.exception
        self.assertEqual(error.code(), grpc.StatusCode.RESOURCE_EXHAUSTED)
        status = details_of(error)
        info = unpack(status, rpc_details.ErrorInfo)[0]
        self.assertEqual(info.reason, "UPSTREAM_RATE_LIMITED")
        self.assertEqual(info.metadata["http_status"], "429")
        self.assertEqual(info.metadata["upstream_code"], "429")
        retry = unpack(status, rpc_details.RetryInfo)[0]
        self.assertEqual(retry.retry_delay.seconds, 2)
        self.assertEqual(unpack(status, Hint)[0].action, Hint.ACTION_RETRY)

    def test_duplicate_reference_points_at_the_existing_invoice(self):
        first = self.create("py-dup", "10.00")
        self.assertEqual(self.create("py-dup", "10").id, first.id)  # idempotent
        with self.assertRaises(grpc.RpcError) as raised:
            self.create("py-dup", "99.00")
        error = raised.exception
        self.assertEqual(error.code(), grpc.StatusCode.ALREADY_EXISTS)
        status = details_of(error)
        hint = unpack(status, Hint)[0]
        self.assertEqual(hint.action, Hint.ACTION_USE_EXISTING_INVOICE)
        self.assertEqual(hint.invoice_id, first.id)
        self.assertEqual(hint.reference_id, "py-dup")
        info = unpack(status, rpc_details.ErrorInfo)[0]
        self.assertEqual(info.reason, "DUPLICATE_REFERENCE_ID")
        self.assertEqual(info.metadata["invoice_id"], first.id)

    def test_lost_answer_on_process_is_reconciled(self):
        invoice = self.create("py-process", "5.00")
        self.env.add_fault({"method": "POST", "path": "/api/payout-invoices/*/process",
                            "action": "reset_after"})
        processed = self.stub.ProcessPayoutInvoice(
            pb.ProcessPayoutInvoiceRequest(id=invoice.id), timeout=10)
        self.assertEqual(processed.id, invoice.id)
        self.assertEqual(processed.upstream_status, "processed")


if __name__ == "__main__":
    unittest.main(verbosity=2)
