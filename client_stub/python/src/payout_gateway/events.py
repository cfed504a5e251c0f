"""A server stream of PayoutInvoiceEvent (WatchPayoutInvoice,
StreamPayoutEvents), read as an iterator. Streams are not retried: a watch
is simply opened again, an event stream from the last cursor processed."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Iterator, Optional, Type

import grpc

from corefy.payout.v1.payout_event_pb2 import PayoutInvoiceEvent
from payout_gateway.errors import PayoutError

__all__ = ["EventStream"]


class EventStream(Iterator[PayoutInvoiceEvent]):
    """The events of one server stream, in order; blocking.

    Iteration ends when the stream ends normally (a watch after the final
    status) or after cancel(); a failure raises PayoutError. Use it as a
    context manager to cancel the stream when the block is left early.
    """

    def __init__(self, call: Any) -> None:
        self._call = call  # a grpc.Call that is also an iterator
        self._cancelled = False

    def __iter__(self) -> EventStream:
        return self

    def __next__(self) -> PayoutInvoiceEvent:
        try:
            event: PayoutInvoiceEvent = next(self._call)
        except grpc.RpcError as raw:
            error = PayoutError.from_rpc_error(raw)
            if self._cancelled and error.code == grpc.StatusCode.CANCELLED:
                raise StopIteration from None
            raise error from raw
        return event

    def cancel(self) -> None:
        """Ends the stream early; safe from any thread."""
        self._cancelled = True
        self._call.cancel()

    def __enter__(self) -> EventStream:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.cancel()
