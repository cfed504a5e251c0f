"""PayoutClient: one typed method per RPC of corefy.payout.v1's
PayoutGatewayService, following the gateway's retry hints."""

from __future__ import annotations

import math
import re
import time
from types import TracebackType
from typing import Any, Callable, List, NamedTuple, Optional, Sequence, Tuple, Type, TypeVar, cast

import grpc
from google.protobuf.message import Message

from corefy.payout.v1 import payout_gateway_service_pb2 as pb
from corefy.payout.v1.payout_gateway_service_pb2_grpc import PayoutGatewayServiceStub
from corefy.payout.v1.payout_invoice_pb2 import PayoutInvoice, PayoutInvoiceStatus
from corefy.payout.v1.payout_service_pb2 import PayoutService
from payout_gateway import retry as policy
from payout_gateway.errors import PayoutError
from payout_gateway.events import EventStream
from payout_gateway.retry import CallKind, NextStep, RetryOptions

__all__ = ["Metadata", "PayoutClient"]

# Further request metadata: (key, value) pairs, keys in lower case.
Metadata = Sequence[Tuple[str, str]]

DEFAULT_TIMEOUT = 30.0  # seconds, as the C++ client's CallOptions

# What the gateway keeps as the id it logs and passes upstream; it replaces
# any other id with its own, and the caller could no longer find its call.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# The metadata gRPC can send (not -bin keys: they carry bytes, and
# Metadata's values are str), checked here because grpc's own error repeats
# the value, which may be a credential.
_METADATA_KEY = re.compile(r"[0-9a-z_.-]+")
_METADATA_VALUE = re.compile(r"[\x20-\x7e]*")

Response = TypeVar("Response", bound=Message)


class _Check(NamedTuple):
    """Whether a create or process with an unknown outcome happened."""

    happened: bool = False  # then `result` is the answer to return
    unknown: bool = False  # the check failed: give up with the error
    result: Optional[PayoutInvoice] = None


class PayoutClient:
    """A blocking client of the payout gateway; thread-safe.

    Every method takes keyword `timeout` (seconds for the whole call,
    retries included; None for none), `request_id` (sent as `x-request-id`;
    the gateway passes it to Corefy and logs it) and `metadata` (further
    request metadata). A failure raises PayoutError.

    Calls follow the gateway's RetryHint: they are retried only where the
    hint allows, after the RetryInfo delay (capped); a create or process
    whose outcome is unknown is re-sent only after the client looked the
    invoice up and found that it did not happen. Server streams are not
    retried.
    """

    def __init__(self, channel: grpc.Channel, *, retry: RetryOptions = RetryOptions()) -> None:
        if not isinstance(retry, RetryOptions):
            raise TypeError("retry must be a RetryOptions")
        self._channel = channel
        self._stub = PayoutGatewayServiceStub(channel)
        self._retry = retry

    # Reads: retried as the hint says, and on UNAVAILABLE without one.

    def payout_prerequest(
        self, request: pb.PayoutPrerequestRequest, *, timeout: Optional[float] = DEFAULT_TIMEOUT,
        request_id: Optional[str] = None, metadata: Metadata = (),
    ) -> pb.PayoutPrerequestResponse:
        _expect(request, pb.PayoutPrerequestRequest)
        return self._run(CallKind.READ, self._stub.PayoutPrerequest, request,
                         pb.PayoutPrerequestResponse,
                         timeout, _metadata(request_id, metadata))

    def list_payout_services(
        self, request: pb.ListPayoutServicesRequest, *, timeout: Optional[float] = DEFAULT_TIMEOUT,
        request_id: Optional[str] = None, metadata: Metadata = (),
    ) -> pb.ListPayoutServicesResponse:
        _expect(request, pb.ListPayoutServicesRequest)
        return self._run(CallKind.READ, self._stub.ListPayoutServices, request,
                         pb.ListPayoutServicesResponse,
                         timeout, _metadata(request_id, metadata))

    def get_payout_service(
        self, request: pb.GetPayoutServiceRequest, *, timeout: Optional[float] = DEFAULT_TIMEOUT,
        request_id: Optional[str] = None, metadata: Metadata = (),
    ) -> PayoutService:
        _expect(request, pb.GetPayoutServiceRequest)
        return self._run(CallKind.READ, self._stub.GetPayoutService, request, PayoutService,
                         timeout, _metadata(request_id, metadata))

    def get_payout_invoice(
        self, request: pb.GetPayoutInvoiceRequest, *, timeout: Optional[float] = DEFAULT_TIMEOUT,
        request_id: Optional[str] = None, metadata: Metadata = (),
    ) -> PayoutInvoice:
        _expect(request, pb.GetPayoutInvoiceRequest)
        return self._run(CallKind.READ, self._stub.GetPayoutInvoice, request, PayoutInvoice,
                         timeout, _metadata(request_id, metadata))

    def list_payout_invoices(
        self, request: pb.ListPayoutInvoicesRequest, *, timeout: Optional[float] = DEFAULT_TIMEOUT,
        request_id: Optional[str] = None, metadata: Metadata = (),
    ) -> pb.ListPayoutInvoicesResponse:
        _expect(request, pb.ListPayoutInvoicesRequest)
        return self._run(CallKind.READ, self._stub.ListPayoutInvoices, request,
                         pb.ListPayoutInvoicesResponse,
                         timeout, _metadata(request_id, metadata))

    # Writes: re-sent only once the client knows the first one did not act.

    def create_payout_invoice(
        self, request: pb.CreatePayoutInvoiceRequest, *, timeout: Optional[float] = DEFAULT_TIMEOUT,
        request_id: Optional[str] = None, metadata: Metadata = (),
    ) -> PayoutInvoice:
        """Creates an invoice; `reference_id` makes it idempotent."""
        _expect(request, pb.CreatePayoutInvoiceRequest)
        md = _metadata(request_id, metadata)

        def check(deadline: Optional[float]) -> _Check:
            # Did the create happen? Look the reference id up: the same
            # payout under it means yes, none means no, anything else
            # (another payout, no answer) means the outcome stays unknown.
            lookup = pb.GetPayoutInvoiceRequest(reference_id=request.reference_id)
            try:
                found: PayoutInvoice = _once(self._stub.GetPayoutInvoice, lookup, deadline, md)
            except grpc.RpcError as error:
                code = PayoutError.from_rpc_error(error).code
                return _Check(unknown=code != grpc.StatusCode.NOT_FOUND)
            if (found.payout_service.id == request.service and
                    found.currency == request.currency and
                    _same_amount(found.amount, request.amount)):
                return _Check(happened=True, result=found)
            return _Check(unknown=True)

        return self._run(CallKind.CREATE, self._stub.CreatePayoutInvoice, request, PayoutInvoice,
                         timeout, md, check)

    def process_payout_invoice(
        self, request: pb.ProcessPayoutInvoiceRequest, *,
        timeout: Optional[float] = DEFAULT_TIMEOUT,
        request_id: Optional[str] = None, metadata: Metadata = (),
    ) -> PayoutInvoice:
        """Starts processing a created invoice: the call that moves money."""
        _expect(request, pb.ProcessPayoutInvoiceRequest)
        md = _metadata(request_id, metadata)

        def check(deadline: Optional[float]) -> _Check:
            # Did the process happen? An invoice no longer `created` was
            # processed; one still `created` was not.
            lookup = pb.GetPayoutInvoiceRequest(id=request.id)
            try:
                found: PayoutInvoice = _once(self._stub.GetPayoutInvoice, lookup, deadline, md)
            except grpc.RpcError:
                return _Check(unknown=True)
            if found.status != PayoutInvoiceStatus.PAYOUT_INVOICE_STATUS_CREATED:
                return _Check(happened=True, result=found)
            return _Check()

        return self._run(CallKind.PROCESS, self._stub.ProcessPayoutInvoice, request, PayoutInvoice,
                         timeout, md, check)

    # Server streams: never retried.

    def watch_payout_invoice(
        self, request: pb.WatchPayoutInvoiceRequest, *, timeout: Optional[float] = DEFAULT_TIMEOUT,
        request_id: Optional[str] = None, metadata: Metadata = (),
    ) -> EventStream:
        """The invoice's current state, then each change; ends after the
        final status. `timeout` bounds the whole stream."""
        _expect(request, pb.WatchPayoutInvoiceRequest)
        return EventStream(self._stub.WatchPayoutInvoice(
            request, timeout=_check_timeout(timeout), metadata=_metadata(request_id, metadata)))

    def stream_payout_events(
        self, request: pb.StreamPayoutEventsRequest, *, timeout: Optional[float] = DEFAULT_TIMEOUT,
        request_id: Optional[str] = None, metadata: Metadata = (),
    ) -> EventStream:
        """The account's events, each with its cursor; reopen from the last
        cursor processed. `timeout` bounds the whole stream."""
        _expect(request, pb.StreamPayoutEventsRequest)
        return EventStream(self._stub.StreamPayoutEvents(
            request, timeout=_check_timeout(timeout), metadata=_metadata(request_id, metadata)))

    def close(self) -> None:
        """Closes the channel; calls in flight are cancelled."""
        self._channel.close()

    def __enter__(self) -> PayoutClient:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.close()

    def _run(
        self,
        kind: CallKind,
        method: Any,
        request: Message,
        response_type: Type[Response],
        timeout: Optional[float],
        metadata: Tuple[Tuple[str, str], ...],
        check: Callable[[Optional[float]], _Check] = lambda deadline: _Check(),
    ) -> Response:
        """Calls until success, or until the hint, the attempts or the
        deadline say stop, as the C++ client's RetryingCall
        (client_stub/src/retrying_call.h). (`response_type` only types the
        result: grpc has no type information.)"""
        timeout = _check_timeout(timeout)
        deadline = None if timeout is None else time.monotonic() + timeout
        attempt = 0
        while True:
            attempt += 1
            try:
                response: Response = _once(method, request, deadline, metadata)
                return response
            except grpc.RpcError as raw:
                error = PayoutError.from_rpc_error(raw)
                if attempt >= self._retry.max_attempts:
                    raise error from raw
                step = policy.decide_next_step(kind, error)
                if step is NextStep.STOP:
                    raise error from raw
                if step is NextStep.CHECK_THEN_RETRY:
                    outcome = check(deadline)
                    if outcome.happened:
                        return cast(Response, outcome.result)
                    if outcome.unknown:
                        raise error from raw
                delay = policy.delay_before_retry(error, self._retry).total_seconds()
                if deadline is not None and time.monotonic() + delay >= deadline:
                    raise error from raw
                time.sleep(delay)


def _once(method: Any, request: Message, deadline: Optional[float],
          metadata: Tuple[Tuple[str, str], ...]) -> Any:
    """One call to the gateway, bounded by `deadline` (time.monotonic())."""
    remaining = None if deadline is None else max(deadline - time.monotonic(), 0.0)
    return method(request, timeout=remaining, metadata=metadata)


def _metadata(request_id: Optional[str], metadata: Metadata) -> Tuple[Tuple[str, str], ...]:
    """The call's metadata, checked before anything is sent. Errors never
    repeat a value: it may be a credential."""
    out: List[Tuple[str, str]] = [] if request_id is None else [("x-request-id", request_id)]
    for entry in metadata:
        if (not isinstance(entry, tuple) or len(entry) != 2 or
                not all(isinstance(part, str) for part in entry)):
            raise TypeError("metadata must be (key, value) pairs of str")
        if not _METADATA_KEY.fullmatch(entry[0]) or entry[0].endswith("-bin"):
            raise ValueError("metadata keys must be lower case [0-9a-z_.-], without -bin")
        if not _METADATA_VALUE.fullmatch(entry[1]):
            raise ValueError("the value of metadata key %s is not printable ASCII" % entry[0])
        out.append(entry)
    ids = [value for key, value in out if key == "x-request-id"]
    if len(ids) > 1:
        raise ValueError("x-request-id is given twice (request_id or metadata)")
    if ids and (not isinstance(ids[0], str) or not _REQUEST_ID.fullmatch(ids[0])):
        raise ValueError("request_id must be 1 to 128 of [A-Za-z0-9._:-]")
    return tuple(out)


def _check_timeout(timeout: Optional[float]) -> Optional[float]:
    if timeout is None:
        return None
    if (isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or
            not math.isfinite(timeout) or timeout < 0):
        raise ValueError("timeout must be None or a finite number of seconds >= 0")
    return float(timeout)


def _expect(request: Message, message_type: Type[Message]) -> None:
    if not isinstance(request, message_type):
        raise TypeError("request must be a %s, not %s" % (
            message_type.DESCRIPTOR.full_name, type(request).__name__))


def _same_amount(a: str, b: str) -> bool:
    """Both are plain decimals: equal without trailing fraction zeros."""
    def trim(s: str) -> str:
        if "." not in s:
            return s
        s = s.rstrip("0")
        return s[:-1] if s.endswith(".") else s
    return trim(a) == trim(b)
