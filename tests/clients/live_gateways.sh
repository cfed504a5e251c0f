# shellcheck shell=bash
# What the client package tests (tests/clients/*_package_test.sh) share: test
# certificates, a sandbox with a plaintext and an mTLS gateway in front of it,
# and the lines every language's example prints when it pays out. Source it
# after scripts/lib.sh, with $run_dir set; do not run it.

# The only name in the gateway's certificate. It is not the address the
# clients dial (127.0.0.1), so they must set the server-name override
# (PAYOUT_GATEWAY_TLS_SERVER_NAME) to it.
test_server_name=payout-gateway.test

# make_test_pki DIR: a CA (ca.pem), the gateway's certificate (server.pem,
# server.key) and a client's (client.pem, client.key), all signed by the CA,
# all P-256 and valid for a day. The keys are readable by their owner only.
# openssl's chatter goes to DIR/openssl.log, shown only when it fails.
make_test_pki() {
  local dir=$1
  mkdir -p "$dir"
  # Chained with &&: `set -e` does not apply on the left of ||.
  (
    cd "$dir" || exit
    ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
    sign() {  # sign NAME SUBJECT_ALT_NAME
      openssl req -new "${ec[@]}" -subj "/CN=$1" -keyout "$1.key" -out "$1.csr" &&
        printf 'subjectAltName=%s\n' "$2" >"$1.ext" &&
        openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 \
          -extfile "$1.ext" -out "$1.pem"
    }
    openssl req -x509 "${ec[@]}" -days 1 -subj '/CN=payout test CA' \
      -keyout ca.key -out ca.pem &&
      sign server "DNS:$test_server_name" &&
      sign client URI:spiffe://cluster.local/ns/payouts/sa/client-example &&
      chmod 600 ./*.key
  ) >"$dir/openssl.log" 2>&1 || {
    cat "$dir/openssl.log" >&2
    say "FAIL: could not make the test certificates in $dir"
    return 1
  }
}

# start_live_gateways BUILD PKI_DIR: the sandbox ($sandbox), whose payouts
# reach their final status 300 ms after they are processed; a plaintext
# gateway in front of it ($gateway) and one serving mTLS with PKI_DIR's
# certificates ($mtls_gateway), each taking the sandbox's signed callbacks on
# a port of its own (callback_url_of gateway|mtls_gateway).
# shellcheck disable=SC2034  # set through start_server, read by the tests
mtls_gateway=""
start_live_gateways() {
  local build=$1 pki=$2
  # The secret the sandbox signs its callbacks with.
  export PAYOUT_GATEWAY_CALLBACK_SECRET=sandbox-callback-secret
  # shellcheck disable=SC2034  # read by lib.sh's start_sandbox_and_gateway
  SANDBOX_ARGS=(--process_delay_ms=300)
  # Long silence before a watch polls: the changes the examples see are
  # pushed by the callbacks, not found by polling.
  local watch_args=(--callback_listen=127.0.0.1:0 --watch_poll_after=60s)
  start_sandbox_and_gateway "$build" "${watch_args[@]}"
  # start_gateway_replica serves plaintext; this one serves mTLS instead.
  start_gateway_replica "$build" mtls_gateway "${watch_args[@]}" --plaintext=false \
    --tls_cert_file="$pki/server.pem" --tls_key_file="$pki/server.key" \
    --tls_client_ca_file="$pki/ca.pem"
}

# callback_url_of NAME: the URL the sandbox is to send the callbacks of a
# payout made through gateway NAME (gateway or mtls_gateway) to.
callback_url_of() {
  local address
  address=$(sed -n 's/^payout-gateway callbacks on //p' "${run_dir:?}/$1.out")
  if [ -z "$address" ]; then
    say "FAIL: $1 does not say where it takes callbacks ($run_dir/$1.out)"
    return 1
  fi
  printf 'http://%s/corefy/callbacks\n' "$address"
}

# expect_output_lines OUTPUT LABEL PATTERN...: OUTPUT has a line matching
# each (grep basic) PATTERN; fails naming the first that has none.
expect_output_lines() {
  local output=$1 label=$2 pattern
  shift 2
  for pattern in "$@"; do
    if ! grep -q -- "$pattern" <<<"$output"; then
      say "FAIL ($label): no line matching '$pattern' in the output above"
      return 1
    fi
  done
}

# expect_example_paid_out OUTPUT LABEL VERSION: what every language's example
# prints when it pays out through a live gateway: its package's VERSION and
# the proto API, the payout's changes to its end (the first read, then the
# ones the callbacks push), and the hint of the duplicate create's error.
expect_example_paid_out() {
  local output=$1 label=$2 version=$3
  expect_output_lines "$output" "$label" \
    "^client ${version//./\\.} corefy\.payout\.v1\$" \
    '^change PAYOUT_INVOICE_STATUS_CREATED via PAYOUT_EVENT_SOURCE_INITIAL_READ$' \
    '^change PAYOUT_INVOICE_STATUS_PROCESSING via PAYOUT_EVENT_SOURCE_CALLBACK$' \
    '^change PAYOUT_INVOICE_STATUS_PROCESSED via PAYOUT_EVENT_SOURCE_CALLBACK$' \
    '^paid cpoi_.* (processed)$' \
    '^hint ACTION_USE_EXISTING_INVOICE invoice cpoi_'
}

# expect_refused LABEL PATTERN CMD...: CMD, a language's example run against
# the mTLS gateway with the PAYOUT_GATEWAY_TLS_* settings of the caller's
# environment, must fail, and its output (stdout and stderr) have a line
# matching PATTERN.
expect_refused() {
  local label=$1 pattern=$2 out
  shift 2
  if out=$("$@" 2>&1); then
    say "FAIL ($label): the example got through to the mTLS gateway"
    return 1
  fi
  expect_output_lines "$out" "$label" "$pattern" || {
    printf '%s\n' "$out" >&2
    return 1
  }
  echo "$label: refused"
}
