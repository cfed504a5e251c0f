"""A scripted stand-in for a gRPC channel to the gateway, and the errors the
gateway returns: what the client's unit tests drive it with."""

from __future__ import annotations

import collections
from typing import Any, Deque, Dict, List, Optional, Tuple

import grpc
from google.protobuf import any_pb2, duration_pb2

from corefy.payout.v1.error_details_pb2 import RetryHint
from payout_gateway._google_rpc import error_details_pb2 as rpc_details
from payout_gateway._google_rpc import status_pb2

SERVICE = "/corefy.payout.v1.PayoutGatewayService/"


class GatewayError(grpc.RpcError, grpc.Call):
    """A failed call as grpc raises it."""

    def __init__(self, code: grpc.StatusCode, message: str = "",
                 trailers: Tuple[Tuple[str, Any], ...] = ()) -> None:
        super().__init__()
        self._code, self._message, self._trailers = code, message, trailers

    def code(self) -> grpc.StatusCode:
        return self._code

    def details(self) -> str:
        return self._message

    def trailing_metadata(self) -> Tuple[Tuple[str, Any], ...]:
        return self._trailers

    # The rest of grpc.Call, unused by the client.
    def initial_metadata(self) -> Tuple[()]:
        return ()

    def is_active(self) -> bool:
        return False

    def time_remaining(self) -> Optional[float]:
        return None

    def cancel(self) -> bool:
        return False

    def add_callback(self, callback: Any) -> bool:
        return False


def packed(type_name: str, message: Any) -> any_pb2.Any:
    # The gateway's type URLs name google.rpc; the client's private copy of
    # the messages has another proto package, so pack by hand.
    return any_pb2.Any(type_url="type.googleapis.com/" + type_name,
                       value=message.SerializeToString())


def gateway_error(code: grpc.StatusCode, *, reason: str = "", action: int = 0,
                  retry_seconds: Optional[float] = None, exhausted: bool = False,
                  invoice_id: str = "", reference_id: str = "",
                  violations: Tuple[Tuple[str, str], ...] = ()) -> GatewayError:
    """An error with the details the gateway sends."""
    status = status_pb2.Status(code=code.value[0], message="failed")
    metadata: Dict[str, str] = {"retries_exhausted": "true"} if exhausted else {}
    status.details.append(packed("google.rpc.ErrorInfo", rpc_details.ErrorInfo(
        reason=reason, domain="payout-gateway.corefy.io", metadata=metadata)))
    if violations:
        bad = rpc_details.BadRequest()
        for field, description in violations:
            bad.field_violations.add(field=field, description=description)
        status.details.append(packed("google.rpc.BadRequest", bad))
    if retry_seconds is not None:
        delay = duration_pb2.Duration()
        delay.FromNanoseconds(int(retry_seconds * 1e9))
        status.details.append(
            packed("google.rpc.RetryInfo", rpc_details.RetryInfo(retry_delay=delay)))
    if action:
        status.details.append(packed("corefy.payout.v1.RetryHint", RetryHint(
            action=action, description="what to do", invoice_id=invoice_id,
            reference_id=reference_id)))
    return GatewayError(code, "failed",
                        (("grpc-status-details-bin", status.SerializeToString()),))


class _Method:
    def __init__(self, channel: FakeChannel, name: str) -> None:
        self._channel, self._name = channel, name

    def __call__(self, request: Any, timeout: Optional[float] = None,
                 metadata: Any = None, **_: Any) -> Any:
        self._channel.calls.append((self._name, request, timeout, metadata))
        script = self._channel.script[self._name]
        if not script:
            raise AssertionError("unexpected call to " + self._name)
        outcome = script.popleft()
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


class FakeChannel:
    """Answers each method's calls from a script: a response, or an
    exception to raise, one per call in order."""

    def __init__(self) -> None:
        self.script: Dict[str, Deque[Any]] = collections.defaultdict(collections.deque)
        self.calls: List[Tuple[str, Any, Optional[float], Any]] = []

    def answer(self, method: str, *outcomes: Any) -> None:
        self.script[method].extend(outcomes)

    def names(self) -> List[str]:
        return [name for name, _, _, _ in self.calls]

    def unary_unary(self, path: str, *args: Any, **kwargs: Any) -> _Method:
        return _Method(self, path[len(SERVICE):])

    def unary_stream(self, path: str, *args: Any, **kwargs: Any) -> _Method:
        return _Method(self, path[len(SERVICE):])

    def close(self) -> None:
        pass
