"""Starts the Corefy sandbox and the gateway as real processes for a test."""

import json
import os
import re
import subprocess
import tempfile
import time
import urllib.request

ACCOUNT_ID = "coma_sandbox"
API_KEY = "sandbox-api-key"
PUBLIC_KEY = "pk_test_sandbox"


def _start(argv, ready_prefix, env=None):
    out = tempfile.TemporaryFile(mode="w+")
    err = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(argv, stdout=out, stderr=err, env=env)
    deadline = time.time() + 20
    while time.time() < deadline:
        out.seek(0)
        match = re.search(re.escape(ready_prefix) + r"(\S+):(\d+)\n", out.read())
        if match:
            process.log = err
            return process, "%s:%s" % (match.group(1), match.group(2))
        if process.poll() is not None:
            err.seek(0)
            raise RuntimeError("%s exited: %s" % (argv[0], err.read()))
        time.sleep(0.01)
    process.kill()
    raise RuntimeError("%s did not start" % argv[0])


class Environment:
    """A sandbox and a gateway pointed at it, on OS-chosen loopback ports."""

    def __init__(self, sandbox_binary, gateway_binary, gateway_args=()):
        self.sandbox, self.sandbox_address = _start(
            [sandbox_binary, "--port=0"], "corefy-sandbox listening on ")
        env = dict(os.environ,
                   PAYOUT_GATEWAY_API_KEY=API_KEY,
                   PAYOUT_GATEWAY_PUBLIC_KEY=PUBLIC_KEY)
        self.gateway, self.gateway_address = _start(
            [gateway_binary, "--listen=127.0.0.1:0", "--plaintext",
             "--health_listen=127.0.0.1:0", "--metrics_listen=127.0.0.1:0",
             "--upstream_url=http://" + self.sandbox_address,
             "--account_id=" + ACCOUNT_ID] + list(gateway_args),
            "payout-gateway listening on ", env)
        # The gateway's stderr: one JSON log line per event.
        self.gateway_log = self.gateway.log

    def add_fault(self, fault):
        request = urllib.request.Request(
            "http://%s/_sandbox/faults" % self.sandbox_address,
            data=json.dumps(fault).encode(), method="POST",
            headers={"Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=10).read()

    def upstream_requests(self):
        """The API requests the sandbox received, oldest first."""
        url = "http://%s/_sandbox/requests" % self.sandbox_address
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.loads(response.read())

    def close(self):
        for process in (self.gateway, self.sandbox):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
