"""connect(): plaintext, TLS or mTLS from the arguments; bad key material is
refused up front, without its content in the message."""

from __future__ import annotations

import os
import tempfile
import unittest

import payout_gateway
from payout_gateway import PayoutClient, RetryOptions

# Not a real key: the client only checks that it is PEM before grpc reads it.
FAKE_PEM = b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
SECRET = "not-pem-but-secret-key-material"


class Connect(unittest.TestCase):

    def test_versions(self) -> None:
        self.assertRegex(payout_gateway.__version__, r"^\d+\.\d+\.\d+$")
        self.assertEqual(payout_gateway.PROTO_API_VERSION, "corefy.payout.v1")

    def test_plaintext_and_tls_clients(self) -> None:
        with tempfile.NamedTemporaryFile(suffix=".pem") as ca:
            ca.write(FAKE_PEM)
            ca.flush()
            for kwargs in ({}, {"ca": ca.name}, {"ca": FAKE_PEM, "cert": FAKE_PEM, "key": FAKE_PEM,
                                                 "server_name": "localhost"}, {"tls": True}):
                with payout_gateway.connect("127.0.0.1:1", **kwargs) as client:
                    self.assertIsInstance(client, PayoutClient)

    def test_bad_arguments(self) -> None:
        for kwargs in ({"cert": FAKE_PEM}, {"key": FAKE_PEM}, {"ca": b"garbage"},
                       {"ca": FAKE_PEM, "server_name": "bad name\n"},
                       {"ca": os.path.join(tempfile.gettempdir(), "no-such-dir", "ca.pem")}):
            with self.assertRaises(ValueError):
                payout_gateway.connect("127.0.0.1:1", **kwargs)
        with self.assertRaises(ValueError):
            payout_gateway.connect("")
        with self.assertRaises(ValueError):
            RetryOptions(max_attempts=0)

    def test_errors_never_show_key_material(self) -> None:
        with self.assertRaises(ValueError) as raised:
            payout_gateway.connect("127.0.0.1:1", cert=FAKE_PEM, key=SECRET.encode())
        self.assertNotIn(SECRET, str(raised.exception))
        # Key material without PEM armour, given as text, is not taken for
        # a path that the error would then repeat.
        with self.assertRaises(ValueError) as raised:
            payout_gateway.connect("127.0.0.1:1", cert=FAKE_PEM, key=SECRET)
        self.assertNotIn(SECRET, str(raised.exception))


if __name__ == "__main__":
    unittest.main()
