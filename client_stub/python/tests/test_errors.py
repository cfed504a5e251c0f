"""PayoutError decodes what the gateway says about a failed call, and a
broken or hostile trailer never hides the status."""

from __future__ import annotations

import datetime
import unittest

import grpc

from corefy.payout.v1.error_details_pb2 import RetryHint
from fakes import GatewayError, gateway_error, packed
from payout_gateway import FieldViolation, PayoutError
from payout_gateway._google_rpc import error_details_pb2 as rpc_details
from payout_gateway._google_rpc import status_pb2

DETAILS = "grpc-status-details-bin"


class DecodesTheGatewaysDetails(unittest.TestCase):

    def test_every_detail(self) -> None:
        error = PayoutError.from_rpc_error(gateway_error(
            grpc.StatusCode.INVALID_ARGUMENT, reason="INVALID_REQUEST",
            action=RetryHint.ACTION_FIX_REQUEST, reference_id="order-1",
            violations=(("amount", "must be positive"),)))
        self.assertEqual(error.code, grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual(error.message, "failed")
        self.assertEqual(error.reason, "INVALID_REQUEST")
        self.assertEqual(error.domain, "payout-gateway.corefy.io")
        self.assertEqual(error.violations, (FieldViolation("amount", "must be positive"),))
        self.assertEqual(error.action, RetryHint.ACTION_FIX_REQUEST)
        self.assertEqual(error.action_name, "ACTION_FIX_REQUEST")
        self.assertEqual(error.reference_id, "order-1")
        self.assertIsNone(error.retry_delay)
        self.assertFalse(error.gateway_retries_exhausted)
        self.assertEqual(str(error), "INVALID_ARGUMENT: failed -- fix the request; "
                                     "field amount: must be positive")

    def test_retry_delay_and_exhausted_retries(self) -> None:
        error = PayoutError.from_rpc_error(gateway_error(
            grpc.StatusCode.UNAVAILABLE, reason="UPSTREAM_UNAVAILABLE",
            action=RetryHint.ACTION_RETRY, retry_seconds=2.5, exhausted=True))
        self.assertEqual(error.retry_delay, datetime.timedelta(seconds=2.5))
        self.assertTrue(error.gateway_retries_exhausted)
        self.assertEqual(str(error), "UNAVAILABLE: failed -- retry after 0:00:02.500000")

    def test_without_details(self) -> None:
        error = PayoutError.from_rpc_error(GatewayError(grpc.StatusCode.UNAVAILABLE, "down"))
        self.assertEqual((error.code, error.message, error.reason),
                         (grpc.StatusCode.UNAVAILABLE, "down", ""))
        self.assertEqual(error.action, RetryHint.ACTION_UNSPECIFIED)
        self.assertEqual(str(error), "UNAVAILABLE: down")


class SurvivesHostileTrailers(unittest.TestCase):

    def decode(self, *trailers: object) -> PayoutError:
        return PayoutError.from_rpc_error(
            GatewayError(grpc.StatusCode.INTERNAL, "boom", tuple(trailers)))

    def test_garbage_status(self) -> None:
        error = self.decode((DETAILS, b"\xff\xff\xff\xff"))
        self.assertEqual((error.code, error.message, error.reason),
                         (grpc.StatusCode.INTERNAL, "boom", ""))

    def test_garbage_detail_is_skipped(self) -> None:
        status = status_pb2.Status(details=[
            packed("google.rpc.ErrorInfo", rpc_details.ErrorInfo(reason="KEPT")),
        ])
        status.details.add(type_url="type.googleapis.com/corefy.payout.v1.RetryHint",
                           value=b"\xff\xff")
        status.details.add(type_url="type.googleapis.com/some.Unknown", value=b"x")
        error = self.decode((DETAILS, status.SerializeToString()))
        self.assertEqual(error.reason, "KEPT")
        self.assertEqual(error.action, RetryHint.ACTION_UNSPECIFIED)

    def test_malformed_entries_and_text_value(self) -> None:
        error = self.decode(("only-one",), None, (DETAILS, "not bytes"), ("a", "b", "c"))
        self.assertEqual(error.reason, "")

    def test_text_that_is_not_utf8(self) -> None:
        status = status_pb2.Status(details=[
            packed("google.rpc.ErrorInfo", rpc_details.ErrorInfo(reason="KEPT")),
        ])
        # ErrorInfo.reason (field 1) holding bytes that are not UTF-8.
        status.details.add(type_url="type.googleapis.com/google.rpc.ErrorInfo",
                           value=b"\x0a\x02\xff\xfe")
        error = self.decode((DETAILS, status.SerializeToString()))
        self.assertEqual((error.code, error.reason), (grpc.StatusCode.INTERNAL, "KEPT"))
        # The Status itself: an Any whose type URL is not UTF-8.
        error = self.decode((DETAILS, b"\x1a\x04\x0a\x02\xff\xfe"))
        self.assertEqual((error.code, error.message), (grpc.StatusCode.INTERNAL, "boom"))

    def test_action_newer_than_the_client_counts_as_none(self) -> None:
        hint = RetryHint(action=42, invoice_id="cpoi_1")
        status = status_pb2.Status(details=[packed("corefy.payout.v1.RetryHint", hint)])
        error = self.decode((DETAILS, status.SerializeToString()))
        self.assertEqual(error.action, RetryHint.ACTION_UNSPECIFIED)
        self.assertEqual(error.invoice_id, "cpoi_1")

    def test_out_of_range_retry_delay_is_clamped(self) -> None:
        for seconds, expected in ((-5, datetime.timedelta(0)),
                                  (2 ** 62, datetime.timedelta(seconds=315_576_000_000))):
            info = rpc_details.RetryInfo(retry_delay={"seconds": seconds})
            status = status_pb2.Status(details=[packed("google.rpc.RetryInfo", info)])
            decoded = self.decode((DETAILS, status.SerializeToString()))
            self.assertEqual(decoded.retry_delay, expected)

    def test_error_that_is_not_a_call(self) -> None:
        error = PayoutError.from_rpc_error(grpc.RpcError())
        self.assertEqual((error.code, error.message), (grpc.StatusCode.UNKNOWN, ""))


if __name__ == "__main__":
    unittest.main()
