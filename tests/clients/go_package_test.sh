#!/usr/bin/env bash
# The Go client as its users get it: scripts/package-go makes the module
# release; a new module outside the source tree requires it, downloads it
# with the release as its module proxy, vendors it with Debian's Go
# libraries (scripts/go-vendor-debian) and builds the release's example
# offline. The example then pays out through a live gateway, once in
# plaintext over loopback and once over mTLS: it must watch the payout to
# its end, the changes pushed by the sandbox's signed callbacks, then
# decode the hint of an error.
#   go_package_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
# shellcheck source=tests/clients/live_gateways.sh
source "$root/tests/clients/live_gateways.sh"

run_dir=$(mktemp -d -t payout-go-package-XXXXXX)
# The module cache is read-only, as Go leaves it.
trap 'stop_servers; chmod -R u+w "$run_dir"; rm -rf "$run_dir"' EXIT
# -trimpath lets the build cache (kept in BUILD_DIR between runs) serve the
# same code from any directory.
export GOCACHE=$build/go-cache GOMODCACHE=$run_dir/gomodcache GOFLAGS=-trimpath \
  GOWORK=off GOPROXY=off

zip=$("$root/scripts/package-go" "$run_dir/proxy")
version=$(basename "$zip" .zip)
module=$(go mod edit -print "$root/client_stub/go/go.mod" | tr -d '"' |
  awk '$1 == "module" { print $2 }')

# A user's module: require the release, fetch it from the proxy (the
# directory here; a company's proxy over HTTPS elsewhere) and start from
# its example.
shop=$run_dir/shop
mkdir -p "$shop"
cd "$shop"
go mod init example.com/payout-shop 2>/dev/null
go mod edit -require="$module@$version"
GOPROXY="file://$run_dir/proxy" GONOSUMDB="$module" go mod download "$module"
cp "$GOMODCACHE/$module@$version/example/main.go" .
chmod u+w main.go
"$root/scripts/go-vendor-debian" "$shop"
go build -o "$run_dir/example" .
cd "$root"

# A sandbox with a plaintext and an mTLS gateway in front of it.
pki=$run_dir/pki
make_test_pki "$pki"
start_live_gateways "$build" "$pki"

# run_example NAME ADDRESS: runs the example through gateway NAME, checks it.
run_example() {
  local url out
  url=$(callback_url_of "$1")
  out=$("$run_dir/example" "$2" "go-package-$1-$$" "$url")
  echo "$out"
  expect_example_paid_out "$out" "$1" "${version#v}"
  expect_output_lines "$out" "$1" '^error AlreadyExists reason DUPLICATE_REFERENCE_ID$'
}

run_example gateway "$gateway"
PAYOUT_GATEWAY_TLS_CA=$pki/ca.pem PAYOUT_GATEWAY_TLS_CERT=$pki/client.pem \
  PAYOUT_GATEWAY_TLS_KEY=$pki/client.key PAYOUT_GATEWAY_TLS_SERVER_NAME=$test_server_name \
  run_example mtls_gateway "$mtls_gateway"

# Without its certificate the client is refused, and without the override
# the gateway's certificate does not match the address.
PAYOUT_GATEWAY_TLS_CA=$pki/ca.pem PAYOUT_GATEWAY_TLS_SERVER_NAME=$test_server_name \
  expect_refused "without a client certificate" 'Unavailable' \
  "$run_dir/example" "$mtls_gateway" "go-package-anonymous-$$"
PAYOUT_GATEWAY_TLS_CA=$pki/ca.pem PAYOUT_GATEWAY_TLS_CERT=$pki/client.pem \
  PAYOUT_GATEWAY_TLS_KEY=$pki/client.key \
  expect_refused "without the server name" 'Unavailable' \
  "$run_dir/example" "$mtls_gateway" "go-package-misnamed-$$"
echo "go package test passed ($module $version)"
