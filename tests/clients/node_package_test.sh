#!/usr/bin/env bash
# The Node client as its users get it: builds the npm package
# (scripts/package-node), installs the tarball into a scratch project outside
# the source tree, type-checks (strict) and compiles the example and the
# client's tests there, runs the tests against a fake gateway, then the
# example against a live gateway and sandbox: plaintext, then over mTLS.
#   node_package_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
# shellcheck source=tests/clients/live_gateways.sh
source "$root/tests/clients/live_gateways.sh"

# The consumer's tools, pinned like the package's own build tools.
TYPESCRIPT=typescript@7.0.2
NODE_TYPES=@types/node@20.19.43

run_dir=$(mktemp -d -t payout-node-package-XXXXXX)
trap 'stop_servers; rm -rf "$run_dir"' EXIT

tarball=$("$root/scripts/package-node" "$run_dir/package")
version=$(gateway_version)
if [ "$(basename "$tarball")" != "payout-gateway-client-$version.tgz" ]; then
  echo "package-node made $tarball, not version $version" >&2
  exit 1
fi

# A scratch project that installs the tarball as a user would.
app=$run_dir/app
mkdir -p "$app/test"
cp "$root/client_stub/node/example.ts" "$app/"
cp "$root"/client_stub/node/test/*.ts "$app/test/"
cat >"$app/package.json" <<'JSON'
{ "name": "payout-example", "version": "1.0.0", "private": true }
JSON
cat >"$app/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "target": "es2022",
    "lib": ["es2022"],
    "module": "node16",
    "moduleResolution": "node16",
    "types": ["node"],
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "skipLibCheck": false,
    "outDir": "out"
  },
  "files": ["example.ts", "test/client.test.ts"]
}
JSON
(
  cd "$app"
  npm install --prefer-offline --no-audit --no-fund --loglevel=error --save-exact \
    "$tarball" "$TYPESCRIPT" "$NODE_TYPES" >/dev/null
  node_modules/.bin/tsc --noEmit
  node_modules/.bin/tsc
  # Only the built files are installed: no sources, no build tools.
  [ ! -e node_modules/payout-gateway-client/src ]
  [ ! -e node_modules/ts-proto ]
  node --test --test-reporter=spec out/test/
)

# A sandbox with a plaintext and an mTLS gateway in front of it.
pki=$run_dir/pki
make_test_pki "$pki"
start_live_gateways "$build" "$pki"

# run_example NAME ADDRESS: runs the example through gateway NAME, checks it.
run_example() {
  local url out
  url=$(callback_url_of "$1")
  out=$(node "$app/out/example.js" "$2" "node-package-$1-$$" "$url")
  echo "$out"
  expect_example_paid_out "$out" "$1" "$version"
  expect_output_lines "$out" "$1" \
    '^hint ACTION_USE_EXISTING_INVOICE invoice cpoi_.* ([A-Z_]\+)$' \
    '^error ALREADY_EXISTS: .* -- use the existing invoice cpoi_' \
    '^fix ACTION_FIX_REQUEST fields amount ([A-Z_]\+) after 1 attempt(s)$'
}

run_example gateway "$gateway"
PAYOUT_GATEWAY_TLS_CA=$pki/ca.pem PAYOUT_GATEWAY_TLS_CERT=$pki/client.pem \
  PAYOUT_GATEWAY_TLS_KEY=$pki/client.key PAYOUT_GATEWAY_TLS_SERVER_NAME=$test_server_name \
  run_example mtls_gateway "$mtls_gateway"

# Without a client certificate the mTLS gateway refuses the connection.
PAYOUT_GATEWAY_TLS_CA=$pki/ca.pem PAYOUT_GATEWAY_TLS_SERVER_NAME=$test_server_name \
  expect_refused "without a client certificate" '^failed: UNAVAILABLE' \
  node "$app/out/example.js" "$mtls_gateway" "node-package-nocert-$$"
# Without the override the gateway's certificate does not match the address.
PAYOUT_GATEWAY_TLS_CA=$pki/ca.pem PAYOUT_GATEWAY_TLS_CERT=$pki/client.pem \
  PAYOUT_GATEWAY_TLS_KEY=$pki/client.key \
  expect_refused "without the server name" '^failed: UNAVAILABLE' \
  node "$app/out/example.js" "$mtls_gateway" "node-package-misnamed-$$"
echo "node package test passed"
