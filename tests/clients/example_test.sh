#!/usr/bin/env bash
# Runs a language's client example (client_stub/<lang>/) against a live
# gateway and sandbox: it must watch a payout to its end, the changes pushed
# by the sandbox's signed callbacks, then read the hint of an error.
#   example_test.sh python|node|go BUILD_DIR
set -euo pipefail
lang=$1
build=$(cd "$2" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"

run_dir=$(mktemp -d -t payout-example-XXXXXX)
trap 'stop_servers; rm -rf "$run_dir"' EXIT

case "$lang" in
  python) example=(/usr/bin/python3 "$root/client_stub/python/example.py") ;;
  node) example=(node "$root/client_stub/node/example.js") ;;
  go)
    # Debian's Go libraries live in a GOPATH, so build in GOPATH mode, with
    # this tree visible under its import path.
    mkdir -p "$run_dir/gopath/src"
    ln -s "$root" "$run_dir/gopath/src/payout-gateway"
    GO111MODULE=off GOPATH="$run_dir/gopath:/usr/share/gocode" \
      GOCACHE="$build/go-cache" GOFLAGS="" \
      go build -o "$run_dir/example" payout-gateway/client_stub/go/example
    example=("$run_dir/example")
    ;;
  *) echo "unknown language $lang" >&2; exit 2 ;;
esac

export PAYOUT_GATEWAY_CALLBACK_SECRET=sandbox-callback-secret
SANDBOX_ARGS=(--process_delay_ms=300)
# Long silence before a watch polls: the changes the example sees are pushed.
start_sandbox_and_gateway "$build" --callback_listen=127.0.0.1:0 --watch_poll_after=60s
callbacks=$(sed -n 's/^payout-gateway callbacks on //p' "$run_dir/gateway.out")
out=$("${example[@]}" "$gateway" "$lang-example-$$" "http://$callbacks/corefy/callbacks")
echo "$out"
grep -q '^change PAYOUT_INVOICE_STATUS_CREATED via PAYOUT_EVENT_SOURCE_INITIAL_READ$' <<<"$out"
grep -q '^change PAYOUT_INVOICE_STATUS_PROCESSING via PAYOUT_EVENT_SOURCE_CALLBACK$' <<<"$out"
grep -q '^change PAYOUT_INVOICE_STATUS_PROCESSED via PAYOUT_EVENT_SOURCE_CALLBACK$' <<<"$out"
grep -q '^paid cpoi_.* (processed)$' <<<"$out"
grep -q '^hint ACTION_USE_EXISTING_INVOICE invoice cpoi_' <<<"$out"
