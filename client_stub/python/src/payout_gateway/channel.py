"""The gRPC channel to the gateway: mTLS, TLS, or plaintext for loopback.

The gateway serves TLS (mTLS when it has a client CA) and plaintext only on
loopback addresses, for development.
"""

from __future__ import annotations

import os
from typing import List, Optional, Tuple, Union

import grpc

from payout_gateway._version import __version__

__all__ = ["PemSource", "make_channel"]

# A PEM file's path, or the PEM text itself (bytes, or a str holding a
# "-----BEGIN" block).
PemSource = Union[bytes, str, "os.PathLike[str]"]

_PEM_MARKER = b"-----BEGIN "
# Certificates and keys are a few KB; a bound keeps a wrong path (a log, a
# device) from being read whole.
_MAX_PEM_BYTES = 1 << 20


def make_channel(
    address: str,
    *,
    ca: Optional[PemSource] = None,
    cert: Optional[PemSource] = None,
    key: Optional[PemSource] = None,
    server_name: Optional[str] = None,
    tls: bool = False,
) -> grpc.Channel:
    """A channel to the gateway at `address` ("host:port").

    TLS as soon as any of ca, cert, key, server_name or tls is given: `ca`
    is the CA that signed the gateway's certificate (the system's roots when
    None), `cert` and `key` the client certificate for mTLS, `server_name`
    the name to expect in the gateway's certificate instead of the
    address's host. Plaintext otherwise.
    """
    if not isinstance(address, str) or not address.strip():
        raise ValueError("address must be a non-empty host:port")
    options: List[Tuple[str, Union[str, int]]] = [
        ("grpc.primary_user_agent", "payout-gateway-client-python/" + __version__),
    ]
    if not (tls or any(v is not None for v in (ca, cert, key, server_name))):
        return grpc.insecure_channel(address, options=options)
    if (cert is None) != (key is None):
        raise ValueError("cert and key go together (mTLS needs both)")
    if server_name is not None:
        if not _is_host_name(server_name):
            raise ValueError("server_name must be a host name")
        options.append(("grpc.ssl_target_name_override", server_name))
    credentials = grpc.ssl_channel_credentials(
        root_certificates=_read_pem(ca, "ca"),
        private_key=_read_pem(key, "key"),
        certificate_chain=_read_pem(cert, "cert"),
    )
    return grpc.secure_channel(address, credentials, options=options)


def _read_pem(source: Optional[PemSource], what: str) -> Optional[bytes]:
    """The PEM bytes of `source`. Errors name the file (not the key's),
    never its content."""
    if source is None:
        return None
    if isinstance(source, str) and _PEM_MARKER.decode() in source:
        data = source.encode("ascii", errors="replace")
    elif isinstance(source, bytes):
        data = source
    elif isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        # A key's "path" may be key material without PEM armour (a base64
        # DER string): its errors do not repeat it.
        named = "" if what == "key" else " " + path
        try:
            with open(path, "rb") as f:
                data = f.read(_MAX_PEM_BYTES + 1)
        except (OSError, ValueError) as e:
            reason = e.strerror if isinstance(e, OSError) else "not a path"
            raise ValueError("cannot read the %s file%s: %s" % (what, named, reason)) from None
        if len(data) > _MAX_PEM_BYTES:
            raise ValueError("the %s file%s is too large for PEM" % (what, named))
    else:
        raise TypeError("%s must be bytes, a path or PEM text" % what)
    if _PEM_MARKER not in data:
        raise ValueError("the %s is not PEM (no -----BEGIN line)" % what)
    return data


def _is_host_name(name: str) -> bool:
    return (isinstance(name, str) and 0 < len(name) <= 253 and
            all(c.isascii() and (c.isalnum() or c in "-._") for c in name))
