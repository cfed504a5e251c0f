#!/usr/bin/env bash
# Runs a language's client example (client_stub/<lang>/) against a live
# gateway and sandbox: it must pay out, then read the hint of an error.
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

start_sandbox_and_gateway "$build"
out=$("${example[@]}" "$gateway" "$lang-example-$$")
echo "$out"
grep -q '^paid cpoi_' <<<"$out"
grep -q '^hint ACTION_USE_EXISTING_INVOICE invoice cpoi_' <<<"$out"
