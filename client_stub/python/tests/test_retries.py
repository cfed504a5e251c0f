"""The client follows the gateway's hints the way the C++ client does
(client_stub/src/hint_policy.cc): retries at one layer, writes re-sent only
once the client knows the first one did not act."""

from __future__ import annotations

import datetime
import time
import unittest
from typing import Any, Iterator, List

import grpc

from corefy.payout.v1 import payout_gateway_service_pb2 as pb
from corefy.payout.v1.error_details_pb2 import RetryHint
from corefy.payout.v1.payout_event_pb2 import PayoutInvoiceEvent
from corefy.payout.v1.payout_invoice_pb2 import PayoutInvoice, PayoutInvoiceStatus
from fakes import FakeChannel, GatewayError, gateway_error
from payout_gateway import PayoutClient, PayoutError, RetryOptions

UNAVAILABLE = grpc.StatusCode.UNAVAILABLE
CHECK = RetryHint.ACTION_CHECK_STATUS_THEN_RETRY
CREATED = PayoutInvoiceStatus.PAYOUT_INVOICE_STATUS_CREATED
PROCESSING = PayoutInvoiceStatus.PAYOUT_INVOICE_STATUS_PROCESSING
PROCESSED = PayoutInvoiceStatus.PAYOUT_INVOICE_STATUS_PROCESSED
# Short waits keep the tests fast; the cap is what bounds a RetryInfo of 60 s.
FAST = RetryOptions(max_delay=datetime.timedelta(milliseconds=5),
                    default_delay=datetime.timedelta(milliseconds=1))
CREATE = pb.CreatePayoutInvoiceRequest(reference_id="order-1", service="test_usd",
                                       currency="USD", amount="12.34")


def hinted(action: int, **kwargs: Any) -> GatewayError:
    return gateway_error(UNAVAILABLE, action=action, retry_seconds=60, **kwargs)


def invoice(status: int = CREATED, amount: str = "12.34") -> PayoutInvoice:
    found = PayoutInvoice(id="cpoi_1", reference_id="order-1", currency="USD",
                          amount=amount, status=status)
    found.payout_service.id = "test_usd"
    return found


class ClientTest(unittest.TestCase):

    def setUp(self) -> None:
        self.channel = FakeChannel()
        self.client = PayoutClient(self.channel, retry=FAST)


class Reads(ClientTest):

    def get(self) -> PayoutInvoice:
        return self.client.get_payout_invoice(pb.GetPayoutInvoiceRequest(id="cpoi_1"))

    def test_retry_hint_is_followed_after_the_capped_delay(self) -> None:
        self.channel.answer("GetPayoutInvoice", hinted(RetryHint.ACTION_RETRY), invoice())
        started = time.monotonic()
        self.assertEqual(self.get().id, "cpoi_1")
        self.assertLess(time.monotonic() - started, 5)
        self.assertEqual(self.channel.names(), ["GetPayoutInvoice"] * 2)

    def test_check_status_hint_simply_retries_a_read(self) -> None:
        self.channel.answer("GetPayoutInvoice", hinted(CHECK), invoice())
        self.get()
        self.assertEqual(self.channel.names(), ["GetPayoutInvoice"] * 2)

    def test_unreachable_gateway_is_retried_up_to_max_attempts(self) -> None:
        self.channel.answer("GetPayoutInvoice", *[GatewayError(UNAVAILABLE, "down")] * 3)
        with self.assertRaises(PayoutError) as raised:
            self.get()
        self.assertEqual(raised.exception.code, UNAVAILABLE)
        self.assertIsInstance(raised.exception.__cause__, grpc.RpcError)
        self.assertEqual(len(self.channel.calls), 3)

    def test_no_retry_where_the_gateway_already_retried(self) -> None:
        self.channel.answer("GetPayoutInvoice", hinted(RetryHint.ACTION_RETRY, exhausted=True))
        with self.assertRaises(PayoutError) as raised:
            self.get()
        self.assertTrue(raised.exception.gateway_retries_exhausted)
        self.assertEqual(len(self.channel.calls), 1)

    def test_other_actions_and_unhinted_codes_are_not_retried(self) -> None:
        final = (RetryHint.ACTION_FIX_REQUEST, RetryHint.ACTION_FIX_CREDENTIALS,
                 RetryHint.ACTION_USE_EXISTING_INVOICE, RetryHint.ACTION_DO_NOT_RETRY)
        for error in [hinted(a) for a in final] + [GatewayError(grpc.StatusCode.INTERNAL, "bug")]:
            self.channel.calls.clear()
            self.channel.answer("GetPayoutInvoice", error)
            with self.assertRaises(PayoutError):
                self.get()
            self.assertEqual(len(self.channel.calls), 1)

    def test_no_retry_when_the_delay_would_pass_the_deadline(self) -> None:
        self.client = PayoutClient(self.channel)
        self.channel.answer("GetPayoutInvoice", hinted(RetryHint.ACTION_RETRY))
        started = time.monotonic()
        with self.assertRaises(PayoutError):
            self.client.get_payout_invoice(pb.GetPayoutInvoiceRequest(id="cpoi_1"), timeout=0.5)
        self.assertLess(time.monotonic() - started, 0.5)

    def test_one_attempt_turns_retries_off(self) -> None:
        self.client = PayoutClient(self.channel, retry=RetryOptions(max_attempts=1))
        self.channel.answer("GetPayoutInvoice", hinted(RetryHint.ACTION_RETRY))
        with self.assertRaises(PayoutError):
            self.get()
        self.assertEqual(len(self.channel.calls), 1)

    def test_request_id_metadata_and_timeout_are_sent(self) -> None:
        self.channel.answer("GetPayoutInvoice", invoice())
        self.client.get_payout_invoice(pb.GetPayoutInvoiceRequest(id="cpoi_1"), timeout=7,
                                       request_id="req-1", metadata=(("x-tenant", "a"),))
        _, _, timeout, metadata = self.channel.calls[0]
        self.assertEqual(metadata, (("x-request-id", "req-1"), ("x-tenant", "a")))
        self.assertTrue(0 < timeout <= 7)

    def test_bad_arguments_are_refused_before_sending(self) -> None:
        request = pb.GetPayoutInvoiceRequest(id="cpoi_1")
        secret = "Bearer s3cret\r\n"
        for kwargs in ({"request_id": "a\r\nb"}, {"request_id": ""}, {"request_id": "x" * 129},
                       {"request_id": "order/1"}, {"timeout": -1}, {"timeout": float("nan")},
                       {"request_id": "a", "metadata": (("x-request-id", "b"),)},
                       {"metadata": (("x-request-id", "bad id"),)},
                       {"metadata": (("X-Tenant", "a"),)}, {"metadata": (("x-key-bin", "a"),)},
                       {"metadata": (("authorization", secret),)}):
            with self.assertRaises(ValueError) as raised:
                self.client.get_payout_invoice(request, **kwargs)
            self.assertNotIn("s3cret", str(raised.exception))
        with self.assertRaises(TypeError):
            self.client.get_payout_invoice(CREATE)
        self.assertEqual(self.channel.calls, [])


class Creates(ClientTest):

    def test_resent_after_the_lookup_found_nothing(self) -> None:
        self.channel.answer("CreatePayoutInvoice", hinted(CHECK), invoice())
        self.channel.answer("GetPayoutInvoice", GatewayError(grpc.StatusCode.NOT_FOUND))
        self.assertEqual(self.client.create_payout_invoice(CREATE).id, "cpoi_1")
        self.assertEqual(self.channel.names(),
                         ["CreatePayoutInvoice", "GetPayoutInvoice", "CreatePayoutInvoice"])
        lookup = self.channel.calls[1][1]
        self.assertEqual(lookup, pb.GetPayoutInvoiceRequest(reference_id="order-1"))

    def test_the_same_payout_found_is_the_answer(self) -> None:
        self.channel.answer("CreatePayoutInvoice", GatewayError(UNAVAILABLE, "connection reset"))
        self.channel.answer("GetPayoutInvoice", invoice(amount="12.340"))
        self.assertEqual(self.client.create_payout_invoice(CREATE).id, "cpoi_1")
        self.assertEqual(self.channel.names(), ["CreatePayoutInvoice", "GetPayoutInvoice"])

    def test_another_payout_or_no_answer_leaves_the_error(self) -> None:
        for found in (invoice(amount="99.00"), invoice(amount="12.34.."),
                      GatewayError(UNAVAILABLE, "down")):
            self.channel.calls.clear()
            self.channel.answer("CreatePayoutInvoice", GatewayError(UNAVAILABLE, "reset"))
            self.channel.answer("GetPayoutInvoice", found)
            with self.assertRaises(PayoutError) as raised:
                self.client.create_payout_invoice(CREATE)
            self.assertEqual(raised.exception.message, "reset")
            self.assertEqual(self.channel.names(), ["CreatePayoutInvoice", "GetPayoutInvoice"])

    def test_plain_retry_hint_resends_without_lookup(self) -> None:
        self.channel.answer("CreatePayoutInvoice", hinted(RetryHint.ACTION_RETRY), invoice())
        self.client.create_payout_invoice(CREATE)
        self.assertEqual(self.channel.names(), ["CreatePayoutInvoice"] * 2)


class Processes(ClientTest):

    def process(self) -> PayoutInvoice:
        return self.client.process_payout_invoice(pb.ProcessPayoutInvoiceRequest(id="cpoi_1"))

    def test_resent_while_the_invoice_is_still_created(self) -> None:
        self.channel.answer("ProcessPayoutInvoice", hinted(CHECK), invoice(PROCESSING))
        self.channel.answer("GetPayoutInvoice", invoice())
        self.assertEqual(self.process().status, PROCESSING)
        self.assertEqual(self.channel.names(),
                         ["ProcessPayoutInvoice", "GetPayoutInvoice", "ProcessPayoutInvoice"])
        self.assertEqual(self.channel.calls[1][1], pb.GetPayoutInvoiceRequest(id="cpoi_1"))

    def test_an_invoice_past_created_is_the_answer(self) -> None:
        self.channel.answer("ProcessPayoutInvoice", GatewayError(UNAVAILABLE, "reset"))
        self.channel.answer("GetPayoutInvoice", invoice(PROCESSED))
        self.assertEqual(self.process().status, PROCESSED)
        self.assertEqual(self.channel.names(), ["ProcessPayoutInvoice", "GetPayoutInvoice"])


class FakeStream:
    def __init__(self, events: List[Any]) -> None:
        self.events, self.cancelled = iter(events), False

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        if self.cancelled:
            raise GatewayError(grpc.StatusCode.CANCELLED, "cancelled")
        event = next(self.events)
        if isinstance(event, Exception):
            raise event
        return event

    def cancel(self) -> None:
        self.cancelled = True


class Streams(ClientTest):

    def test_failure_is_a_payout_error_and_is_not_retried(self) -> None:
        self.channel.answer("WatchPayoutInvoice", FakeStream(
            [PayoutInvoiceEvent(), hinted(RetryHint.ACTION_RETRY)]))
        events = self.client.watch_payout_invoice(pb.WatchPayoutInvoiceRequest(id="cpoi_1"))
        next(events)
        with self.assertRaises(PayoutError) as raised:
            next(events)
        self.assertEqual(raised.exception.action, RetryHint.ACTION_RETRY)
        self.assertEqual(len(self.channel.calls), 1)

    def test_cancel_ends_the_iteration(self) -> None:
        self.channel.answer("StreamPayoutEvents", FakeStream([PayoutInvoiceEvent()] * 3))
        with self.client.stream_payout_events(pb.StreamPayoutEventsRequest()) as events:
            next(events)
            events.cancel()
            self.assertEqual(list(events), [])


if __name__ == "__main__":
    unittest.main()
