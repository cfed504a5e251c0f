#!/usr/bin/env bash
# The Python client as a user gets it: builds the payout-gateway-client wheel
# (scripts/package-python), installs it offline into a fresh virtualenv in a
# scratch project outside the source tree, and from there
#   - runs the package's unit tests (retry rules, error decoding, connect),
#   - type-checks the example with mypy --strict against the installed
#     package (and proves that the package's .pyi are what mypy reads),
#   - runs the example against a live gateway, once over plaintext and once
#     over mTLS, asserting what client_stub/python's example prints.
#   python_package_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
# shellcheck source=tests/clients/live_gateways.sh
source "$root/tests/clients/live_gateways.sh"
ensure_packages python3-venv python3-mypy openssl

run_dir=$(mktemp -d -t payout-python-package-XXXXXX)
trap 'stop_servers; rm -rf "$run_dir"' EXIT
version=$(gateway_version)

fail() {
  say "FAIL: $*"
  exit 1
}

# --- The wheel, installed into a scratch project -------------------------
wheel=$("$root/scripts/package-python" "$run_dir/dist")
[[ "$(basename "$wheel")" == "payout_gateway_client-$version-py3-none-any.whl" ]] ||
  fail "unexpected wheel $wheel"

project=$run_dir/project
mkdir -p "$project"
# Debian's grpcio and protobuf come from the system (--system-site-packages);
# nothing is downloaded (--no-index), pip does not look for a newer self.
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
/usr/bin/python3 -m venv --system-site-packages "$project/venv"
"$project/venv/bin/pip" install --no-index --no-cache-dir --quiet "$wheel"
cp "$root/client_stub/python/example.py" "$project/"
cp -r "$root/client_stub/python/tests" "$project/tests"
cd "$project"
python=$project/venv/bin/python

# The package imported is the installed one, with the gateway's version.
"$python" - "$version" <<'EOF'
import sys
import corefy.payout.v1.payout_gateway_service_pb2_grpc as stubs
import payout_gateway
for module in (payout_gateway, stubs):
    assert module.__file__.startswith(sys.prefix + "/"), module.__file__
assert payout_gateway.__version__ == sys.argv[1], payout_gateway.__version__
assert payout_gateway.PROTO_API_VERSION == "corefy.payout.v1"
EOF
[ "$("$project/venv/bin/pip" show payout-gateway-client | sed -n 's/^Version: //p')" = "$version" ] ||
  fail "pip reports another version than $version"

"$python" -m unittest discover -s tests 2>"$run_dir/unit.log" || {
  cat "$run_dir/unit.log" >&2
  fail "unit tests"
}
echo "unit tests: $(tail -n 3 "$run_dir/unit.log" | head -n 1)"

# --- Types --------------------------------------------------------------
mypy=("$python" -m mypy --cache-dir "$run_dir/mypy-cache" --no-error-summary)
"${mypy[@]}" --strict example.py || fail "mypy --strict example.py"
# A wrong type must be caught: the generated .pyi are the ones read.
cat >wrong_types.py <<'EOF'
from corefy.payout.v1.payout_invoice_pb2 import PayoutInvoice
import payout_gateway
amount: int = PayoutInvoice().amount
client: payout_gateway.PayoutClient = payout_gateway.connect("localhost:1")
invoice: str = client.get_payout_invoice
EOF
if "${mypy[@]}" --strict wrong_types.py >"$run_dir/mypy-wrong.out"; then
  fail "mypy accepted wrong_types.py"
fi
grep -q 'wrong_types.py:3: error: Incompatible types in assignment (expression has type "str", variable has type "int")' \
  "$run_dir/mypy-wrong.out" || { cat "$run_dir/mypy-wrong.out" >&2; fail "mypy did not read the message stubs"; }
grep -q 'wrong_types.py:5: error: Incompatible types in assignment (expression has type "Callable' \
  "$run_dir/mypy-wrong.out" || { cat "$run_dir/mypy-wrong.out" >&2; fail "mypy did not read payout_gateway's types"; }
# The hand-written modules, as installed, with the package's mypy settings.
"${mypy[@]}" --config-file "$root/client_stub/python/pyproject.toml" -p payout_gateway ||
  fail "mypy -p payout_gateway"
echo "mypy --strict: clean"

# --- A sandbox, a plaintext gateway and an mTLS gateway ------------------
pki=$run_dir/pki
make_test_pki "$pki"
start_live_gateways "$build" "$pki"

# run_example NAME ADDRESS: runs the example through gateway NAME, checks it.
run_example() {
  local url out
  url=$(callback_url_of "$1")
  out=$("$python" example.py "$2" "python-package-$1-$$" "$url")
  echo "$out"
  expect_example_paid_out "$out" "$1" "$version"
  expect_output_lines "$out" "$1" \
    '^hint ACTION_USE_EXISTING_INVOICE invoice cpoi_.* (DUPLICATE_REFERENCE_ID)$' \
    '^error ALREADY_EXISTS reason DUPLICATE_REFERENCE_ID action ACTION_USE_EXISTING_INVOICE retries_exhausted false$' \
    '^said ALREADY_EXISTS: .* -- use the existing invoice cpoi_'
}

echo "--- plaintext"
run_example gateway "$gateway"

echo "--- mTLS"
export PAYOUT_GATEWAY_TLS_CA=$pki/ca.pem PAYOUT_GATEWAY_TLS_SERVER_NAME=$test_server_name
export PAYOUT_GATEWAY_TLS_CERT=$pki/client.pem PAYOUT_GATEWAY_TLS_KEY=$pki/client.key
run_example mtls_gateway "$mtls_gateway"

# Without a client certificate the gateway refuses the connection; the
# client reports it as UNAVAILABLE and, not knowing whether the create
# happened, does not send it again blindly.
PAYOUT_GATEWAY_TLS_CERT="" PAYOUT_GATEWAY_TLS_KEY="" \
  expect_refused "without a client certificate" \
  '^payout_gateway\.errors\.PayoutError: UNAVAILABLE: ' \
  "$python" example.py "$mtls_gateway" "python-package-nocert-$$"
# Without the override the gateway's certificate does not match the address.
PAYOUT_GATEWAY_TLS_SERVER_NAME="" \
  expect_refused "without the server name" \
  '^payout_gateway\.errors\.PayoutError: UNAVAILABLE: ' \
  "$python" example.py "$mtls_gateway" "python-package-misnamed-$$"
echo "python package test: OK ($(basename "$wheel"))"
