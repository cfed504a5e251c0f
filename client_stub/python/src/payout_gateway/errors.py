"""PayoutError: a failed gateway call, decoded.

The gateway puts a google.rpc.Status in the `grpc-status-details-bin`
trailer of every error. Its details are google.rpc.ErrorInfo, BadRequest,
RetryInfo and corefy.payout.v1.RetryHint; PayoutError reads them into plain
attributes. Details that are missing, malformed or of unknown types are
skipped: a broken trailer never hides the status code and message.
"""

from __future__ import annotations

import datetime
from typing import Any, Dict, Mapping, NamedTuple, Optional, Tuple

import grpc
from google.protobuf.message import DecodeError

from corefy.payout.v1.error_details_pb2 import RetryHint
from payout_gateway._google_rpc import error_details_pb2 as rpc_details
from payout_gateway._google_rpc import status_pb2

__all__ = ["FieldViolation", "PayoutError"]

_DETAILS_KEY = "grpc-status-details-bin"

# google.protobuf.Duration's documented range (about 10,000 years): a
# RetryInfo beyond it is malformed, and clamping keeps timedelta in range.
_MAX_DURATION_SECONDS = 315_576_000_000


class FieldViolation(NamedTuple):
    """One invalid request field (google.rpc.BadRequest)."""

    field: str  # proto path, e.g. "amount", "fields.account"
    description: str


class PayoutError(Exception):
    """A failed call: its gRPC code and message, and what the gateway said
    about it.

    Attributes:
      code: the grpc.StatusCode.
      message: the status message.
      reason, domain, metadata: the ErrorInfo, e.g. "UPSTREAM_UNAVAILABLE",
        "payout-gateway.corefy.io", {"http_status": "503", "attempts": "3"}.
      violations: the BadRequest's field violations.
      retry_delay: the RetryInfo: how long to wait before retrying, when
        retrying is right; None when the gateway sent none.
      action: the RetryHint's action (RetryHint.ACTION_...); ACTION_UNSPECIFIED
        when there is no hint (e.g. the gateway could not be reached).
      action_description, invoice_id, reference_id: the rest of the hint.
    """

    def __init__(
        self,
        code: grpc.StatusCode,
        message: str,
        *,
        reason: str = "",
        domain: str = "",
        metadata: Optional[Mapping[str, str]] = None,
        violations: Tuple[FieldViolation, ...] = (),
        retry_delay: Optional[datetime.timedelta] = None,
        action: RetryHint.Action.ValueType = RetryHint.ACTION_UNSPECIFIED,
        action_description: str = "",
        invoice_id: str = "",
        reference_id: str = "",
    ) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message
        self.reason = reason
        self.domain = domain
        self.metadata: Dict[str, str] = dict(metadata or {})
        self.violations = violations
        self.retry_delay = retry_delay
        self.action = action
        self.action_description = action_description
        self.invoice_id = invoice_id
        self.reference_id = reference_id

    @property
    def gateway_retries_exhausted(self) -> bool:
        """The gateway already retried the call upstream as far as its policy
        allows (ErrorInfo metadata `retries_exhausted`). Retrying again at
        once only multiplies the load: retries happen at one layer."""
        return self.metadata.get("retries_exhausted") == "true"

    @property
    def action_name(self) -> str:
        """The action's name, e.g. "ACTION_RETRY"."""
        return _action_name(self.action)

    @classmethod
    def from_rpc_error(cls, error: grpc.RpcError) -> PayoutError:
        """Decodes a failed call as grpc raises it."""
        code = _call_attribute(error, "code")
        if not isinstance(code, grpc.StatusCode):
            code = grpc.StatusCode.UNKNOWN
        message = _call_attribute(error, "details")
        if not isinstance(message, str):
            message = ""
        decoded = cls(code, message)
        for any_detail in _status_details(_call_attribute(error, "trailing_metadata")):
            decoded._apply(any_detail.type_url, any_detail.value)
        return decoded

    def _apply(self, type_url: str, value: bytes) -> None:
        # The type URL's last segment is the message's full name, as in
        # google.protobuf.Any; anything after another host prefix is the same.
        name = type_url.rpartition("/")[2]
        try:
            if name == "google.rpc.ErrorInfo":
                info = rpc_details.ErrorInfo.FromString(value)
                self.reason, self.domain = info.reason, info.domain
                self.metadata = dict(info.metadata)
            elif name == "google.rpc.BadRequest":
                bad = rpc_details.BadRequest.FromString(value)
                self.violations = tuple(
                    FieldViolation(v.field, v.description) for v in bad.field_violations)
            elif name == "google.rpc.RetryInfo":
                delay = rpc_details.RetryInfo.FromString(value).retry_delay
                self.retry_delay = _to_timedelta(delay.seconds, delay.nanos)
            elif name == "corefy.payout.v1.RetryHint":
                hint = RetryHint.FromString(value)
                # An action newer than this client counts as none, as in the
                # C++ client: the code alone then decides.
                known = hint.action in RetryHint.Action.values()
                self.action = hint.action if known else RetryHint.ACTION_UNSPECIFIED
                self.action_description = hint.description
                self.invoice_id = hint.invoice_id
                self.reference_id = hint.reference_id
        except (DecodeError, ValueError):
            # A malformed detail is as good as none. (protobuf's pure-Python
            # parser raises UnicodeDecodeError, a ValueError, on a string
            # field that is not UTF-8.)
            pass

    def __str__(self) -> str:
        """One line for people, e.g. "UNAVAILABLE: upstream answered HTTP 503
        -- retry after 0:00:02" (the same as the C++ client's ToString)."""
        out = "%s: %s" % (self.code.name, self.message)
        out += _advice(self)
        for v in self.violations:
            out += "; field %s: %s" % (v.field, v.description)
        return out

    def __repr__(self) -> str:
        return "PayoutError(%s, reason=%r, action=%s)" % (
            self.code.name, self.reason, self.action_name)


def _call_attribute(error: grpc.RpcError, name: str) -> Any:
    """error.name(), or None: a grpc.RpcError raised outside a call (e.g. by
    a channel that never connected) need not be a grpc.Call."""
    method = getattr(error, name, None)
    if not callable(method):
        return None
    try:
        return method()
    except Exception:  # a broken error object must not hide the failure
        return None


def _status_details(trailers: Any) -> Tuple[Any, ...]:
    """The Any details of the google.rpc.Status in the trailers."""
    for entry in trailers or ():
        try:
            key, value = entry
        except (TypeError, ValueError):
            continue
        if key != _DETAILS_KEY or not isinstance(value, bytes):
            continue
        try:
            return tuple(status_pb2.Status.FromString(value).details)
        except (DecodeError, ValueError):  # as in PayoutError._apply
            return ()
    return ()


def _to_timedelta(seconds: int, nanos: int) -> datetime.timedelta:
    """A Duration as a timedelta: never negative, never out of range."""
    seconds = min(max(seconds, 0), _MAX_DURATION_SECONDS)
    nanos = min(max(nanos, 0), 999_999_999)
    return datetime.timedelta(seconds=seconds, microseconds=nanos // 1000)


def _action_name(action: RetryHint.Action.ValueType) -> str:
    try:
        name: str = RetryHint.Action.Name(action)
        return name
    except ValueError:  # an action newer than this client
        return "ACTION_%d" % action


def _advice(error: PayoutError) -> str:
    if error.action == RetryHint.ACTION_RETRY:
        return " -- retry" + (
            " after %s" % error.retry_delay if error.retry_delay is not None else "")
    if error.action == RetryHint.ACTION_CHECK_STATUS_THEN_RETRY:
        return " -- check status first" + (
            " (reference_id %s)" % error.reference_id if error.reference_id else "")
    if error.action == RetryHint.ACTION_FIX_REQUEST:
        return " -- fix the request"
    if error.action == RetryHint.ACTION_FIX_CREDENTIALS:
        return " -- the gateway's credentials need fixing"
    if error.action == RetryHint.ACTION_USE_EXISTING_INVOICE:
        return " -- use the existing invoice " + error.invoice_id
    if error.action == RetryHint.ACTION_DO_NOT_RETRY:
        return " -- do not retry"
    return ""
