# Shared by the scripts in this directory; source it, do not run it.

# Debian 12 packages the build and the tests need.
PAYOUT_GATEWAY_PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libcurl4-openssl-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev
  python3-grpcio python3-protobuf  # the Python error-details test
  golang-github-gogo-googleapis-dev  # google/rpc/*.proto with ErrorInfo
)

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
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The project's npm tools (buf) under scripts/node, from its lock file.
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
    cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$BUILD_DIR.configure.log" 2>&1 || {
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
