"""When the client calls again after a failure: the gateway's RetryHint
decides, at one layer only (gRFC A6). The same rules as the C++ client's
(client_stub/src/hint_policy.cc)."""

from __future__ import annotations

import dataclasses
import datetime
import enum

import grpc

from corefy.payout.v1.error_details_pb2 import RetryHint
from payout_gateway.errors import PayoutError

__all__ = ["RetryOptions"]


@dataclasses.dataclass(frozen=True)
class RetryOptions:
    """How the client follows the gateway's retry hints."""

    # Calls to the gateway per RPC, the first included. 1 turns retries off.
    max_attempts: int = 3
    # Never wait longer than this between attempts, whatever RetryInfo says.
    max_delay: datetime.timedelta = datetime.timedelta(seconds=5)
    # The wait when the gateway gives none (e.g. it could not be reached).
    default_delay: datetime.timedelta = datetime.timedelta(milliseconds=200)

    def __post_init__(self) -> None:
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise ValueError("max_attempts must be an int of at least 1")
        for name in ("max_delay", "default_delay"):
            value = getattr(self, name)
            if not isinstance(value, datetime.timedelta) or value < datetime.timedelta(0):
                raise ValueError(name + " must be a timedelta of at least 0")


class CallKind(enum.Enum):
    """The kind of RPC, which decides what an unhinted failure allows."""

    READ = "read"
    CREATE = "create"
    PROCESS = "process"


class NextStep(enum.Enum):
    STOP = "stop"  # raise the error
    RETRY = "retry"  # send the same request again
    CHECK_THEN_RETRY = "check"  # look the invoice up; re-send only if it did not happen


def decide_next_step(kind: CallKind, error: PayoutError) -> NextStep:
    """What the client does after a failed attempt.

    What the gateway already retried upstream goes back to the application,
    hint and all. Without a hint (the gateway was not reached) a read is
    retried on UNAVAILABLE and a create or process is checked first, because
    the gateway may have acted before the connection failed.
    """
    if error.gateway_retries_exhausted:
        return NextStep.STOP
    if error.action == RetryHint.ACTION_RETRY:
        return NextStep.RETRY
    if error.action == RetryHint.ACTION_CHECK_STATUS_THEN_RETRY:
        return NextStep.RETRY if kind is CallKind.READ else NextStep.CHECK_THEN_RETRY
    if error.action == RetryHint.ACTION_UNSPECIFIED:
        if error.code != grpc.StatusCode.UNAVAILABLE:
            return NextStep.STOP
        return NextStep.RETRY if kind is CallKind.READ else NextStep.CHECK_THEN_RETRY
    return NextStep.STOP  # every other action is for the application


def delay_before_retry(error: PayoutError, options: RetryOptions) -> datetime.timedelta:
    """The gateway's RetryInfo, else the default; never more than the cap."""
    delay = error.retry_delay if error.retry_delay is not None else options.default_delay
    return min(delay, options.max_delay)
