# shellcheck shell=bash
# Shared by the scripts in this directory; source it, do not run it.

# Debian 12 packages that build the gateway, the sandbox, the CLI and the
# unit tests (the container image's build stage installs these).
PAYOUT_GATEWAY_BUILD_PACKAGES=(
  build-essential cmake ninja-build pkg-config ca-certificates
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libcurl4-openssl-dev nlohmann-json3-dev prometheus-cpp-dev
  libcivetweb-dev                    # /metrics and the callback endpoint
  libhiredis-dev                     # the Redis event bus
  libcli11-dev                       # payoutctl's command line
  libgtest-dev libgmock-dev libssl-dev
  golang-github-gogo-googleapis-dev  # google/rpc/*.proto with ErrorInfo
  grpc-proto                         # grpc.health.v1
)

# Everything scripts/setup and scripts/test need on top.
# shellcheck disable=SC2034  # used by the scripts that source this file
PAYOUT_GATEWAY_PACKAGES=(
  "${PAYOUT_GATEWAY_BUILD_PACKAGES[@]}" git
  python3-grpcio python3-protobuf  # the Python client and its tests
  python3-build python3-setuptools python3-wheel python3-venv  # its wheel
  mypy-protobuf python3-mypy       # the wheel's .pyi, and checking them
  python3-yaml                     # reads payoutctl's YAML in its tests
  python3-h2 openssl               # hostile HTTP/2 metadata; test certificates
  redis-server                     # the shared event bus in tests and the demo
  libbenchmark-dev nginx-light libnginx-mod-http-echo wrk  # bench/
)

# What scripts/generate-stubs needs besides: Go's toolchain and gRPC for Go.
# shellcheck disable=SC2034  # used by the scripts that source this file
PAYOUT_GATEWAY_STUB_PACKAGES=(
  golang-go golang-google-grpc-dev golang-github-golang-protobuf-1-5-dev
  golang-google-protobuf-dev golang-google-genproto-dev protoc-gen-go
  protoc-gen-go-grpc
)

# The gateway's release version (CMakeLists.txt's project()), which every
# client package carries beside the proto API version (corefy.payout.v1).
gateway_version() {
  sed -n 's/^project(corefy_payout_gateway VERSION \([0-9.]*\) .*/\1/p' \
    "$(dirname "${BASH_SOURCE[0]}")/../CMakeLists.txt"
}

say() { printf '%s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the given Debian packages that are not installed yet; silent when
# everything is there.
ensure_packages() {
  local missing=()
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive DEBCONF_NOWARNINGS=yes
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# kubectl renders the Kubernetes overlays (kubectl kustomize, no cluster
# needed). Debian's kubernetes-client is the fallback; its kustomize is too
# old for the overlays, so a newer kubectl on the machine is preferred.
ensure_kubectl() {
  command -v kubectl >/dev/null 2>&1 || ensure_packages kubernetes-client
}

# The project's npm tools (buf, kubernetes-models) under scripts/node.
ensure_node_tools() {
  command -v npm >/dev/null 2>&1 || ensure_packages nodejs npm
  local dir=scripts/node
  if [ ! -x "$dir/node_modules/.bin/buf" ] ||
     [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing npm tools in $dir"
    # `npm install` honours the lock file; `npm ci` trips over the lock
    # entries npm leaves out for other platforms' optional buf binaries.
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

BUILD_DIR=${PAYOUT_GATEWAY_BUILD_DIR:-build}

# Configures (once) and builds; prints the build log only when it fails.
build_project() {
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    # CI compiles the same optimised code without debug info: a third less
    # compile time, and nobody debugs a CI build.
    local flags=()
    [ -n "${CI:-}" ] && flags=(-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -DNDEBUG")
    cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${flags[@]}" \
      >"$BUILD_DIR.configure.log" 2>&1 || {
      cat "$BUILD_DIR.configure.log" >&2
      return 1
    }
    rm -f "$BUILD_DIR.configure.log"
  fi
  local log="$BUILD_DIR/build.log"
  if ! cmake --build "$BUILD_DIR" >"$log" 2>&1; then
    cat "$log" >&2
    say "build failed (log: $log)"
    return 1
  fi
  grep -q "no work to do" "$log" || say "built in $BUILD_DIR"
}

# Background servers for the demo and script tests.
#   start_server VAR NAME PREFIX CMD...
# runs CMD with its output under $run_dir, waits for its stdout line
# "PREFIX HOST:PORT" and stores HOST:PORT in VAR. (Not via $(...): a
# subshell would lose the pid that stop_servers needs.)
server_pids=()
# The callers' run directory, and the addresses start_sandbox_and_gateway
# sets (through start_server's VAR).
run_dir=${run_dir:-}
sandbox=""
# shellcheck disable=SC2034  # set through start_server, read by the callers
gateway=""
start_server() {
  local var=$1 name=$2 prefix=$3
  shift 3
  "$@" >"$run_dir/$name.out" 2>"$run_dir/$name.log" &
  server_pids+=($!)
  local _
  for _ in $(seq 200); do
    if grep -q "^$prefix" "$run_dir/$name.out"; then
      printf -v "$var" '%s' "$(sed -n "s/^$prefix//p" "$run_dir/$name.out")"
      return 0
    fi
    kill -0 "${server_pids[-1]}" 2>/dev/null || break
    sleep 0.05
  done
  say "$name did not start; its log:"
  cat "$run_dir/$name.log" >&2
  return 1
}

stop_servers() {
  local pid
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${server_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}

# Starts Debian's redis-server on a free loopback port, without persistence;
# sets $redis_port.
redis_port=""
start_redis() {
  redis_port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
    >"$run_dir/redis.log" 2>&1 &
  server_pids+=($!)
  local _
  for _ in $(seq 100); do
    redis-cli -p "$redis_port" ping >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  say "redis-server did not start; its log:"
  cat "$run_dir/redis.log" >&2
  return 1
}

# Starts another gateway (with the extra arguments) against the running
# sandbox; sets the variable named by $2 to its address.
start_gateway_replica() {
  local build=$1 var=$2
  shift 2
  PAYOUT_GATEWAY_API_KEY=sandbox-api-key PAYOUT_GATEWAY_PUBLIC_KEY=pk_test_sandbox \
    start_server "$var" "$var" "payout-gateway listening on " \
    "$build/service/payout-gateway" --listen=127.0.0.1:0 --plaintext --health_listen=127.0.0.1:0 \
    --metrics_listen=127.0.0.1:0 \
    --upstream_url="http://$sandbox" --account_id=coma_sandbox "$@"
}

# Starts the sandbox (with ${SANDBOX_ARGS[@]}) and a gateway pointed at it
# (with the extra arguments); sets $sandbox and $gateway to their addresses.
SANDBOX_ARGS=()
start_sandbox_and_gateway() {
  local build=$1
  shift
  start_server sandbox sandbox "corefy-sandbox listening on " \
    "$build/tests/corefy-sandbox" --port=0 "${SANDBOX_ARGS[@]}"
  start_gateway_replica "$build" gateway "$@"
}
