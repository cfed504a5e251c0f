#!/usr/bin/env bash
# Installs the client library from BUILD_DIR into a temporary prefix, builds
# the consumer project against the installed files only, and pays out with
# it through a live gateway and sandbox.
#   install_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib.sh
source "$here/../../scripts/lib.sh"

run_dir=$(mktemp -d -t payout-install-XXXXXX)
trap 'stop_servers; rm -rf "$run_dir"' EXIT

cmake --install "$build" --prefix "$run_dir/prefix" --component client >"$run_dir/install.log"
test -f "$run_dir/prefix/lib/cmake/PayoutClient/PayoutClientConfig.cmake"
test -f "$run_dir/prefix/include/payout_client/payout_client.h"
test -f "$run_dir/prefix/include/payout_client/mock_payout_client.h"
test -f "$run_dir/prefix/include/corefy/payout/v1/payout_gateway_service.pb.h"

cmake -S "$here/consumer" -B "$run_dir/consumer" -G Ninja \
  -DCMAKE_PREFIX_PATH="$run_dir/prefix" >"$run_dir/configure.log" 2>&1 || {
  cat "$run_dir/configure.log"
  exit 1
}
cmake --build "$run_dir/consumer" >"$run_dir/build.log" 2>&1 || {
  cat "$run_dir/build.log"
  exit 1
}

test -f "$run_dir/prefix/include/payout_client/version.h"
test -f "$run_dir/prefix/include/payout_client/pagination.h"

start_sandbox_and_gateway "$build"
out=$("$run_dir/consumer/pay_one" "$gateway" "installed-consumer-$$")
echo "$out"
expect() { grep -q "$1" <<<"$out" || { say "FAIL: no line matching $1"; exit 1; }; }
expect "^client $(gateway_version | sed 's/\./\\./g') corefy\.payout\.v1$"
expect '^change PAYOUT_INVOICE_STATUS_PROCESSED$'
# The three invoices created here, on pages of two.
expect '^listed \([3-9]\|[1-9][0-9]\+\) invoices$'
expect '^paid cpoi_'

