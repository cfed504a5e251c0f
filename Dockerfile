# The payout gateway (target "gateway", the default) and the Corefy sandbox
# (target "sandbox") on Debian 12. scripts/test-image builds and tests both.
#
#   podman build --target gateway -t payout-gateway:0.1.0 .
#   podman build --target sandbox -t corefy-sandbox:0.1.0 .

ARG BASE=debian:bookworm-slim

# --- build: compile everything that ships --------------------------------
# (The tests run on the build machine, in scripts/test, against the same
# sources; compiling them again here in Release mode doubled the image
# build's time for no new finding.)
FROM ${BASE} AS build
COPY scripts/lib.sh /src/scripts/lib.sh
RUN bash -c 'source /src/scripts/lib.sh && \
      ensure_packages "${PAYOUT_GATEWAY_BUILD_PACKAGES[@]}"'
COPY . /src
WORKDIR /src
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DPAYOUT_GATEWAY_BUILD_BENCH=OFF >/dev/null \
 && cmake --build /build --target payout-gateway corefy-sandbox payoutctl
# The Debian packages that hold the shared libraries the binaries link.
RUN for binary in /build/service/payout-gateway /build/client_stub/payoutctl \
                  /build/tests/corefy-sandbox; do ldd "$binary"; done \
    | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u \
    | while read -r lib; do \
        dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")" 2>/dev/null \
          || dpkg -S "/usr$lib"; \
      done | cut -d: -f1 | sort -u > /runtime-packages

# --- runtime: the shared libraries and a user, nothing else --------------
FROM ${BASE} AS runtime
COPY --from=build /runtime-packages /tmp/runtime-packages
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive DEBCONF_NOWARNINGS=yes apt-get install -y -qq --no-install-recommends \
      ca-certificates $(cat /tmp/runtime-packages) >/dev/null \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /tmp/runtime-packages \
 && useradd --uid 10001 --user-group --no-create-home \
      --shell /usr/sbin/nologin payout

# --- the Corefy sandbox, for the dev overlay and demos -------------------
FROM runtime AS sandbox
COPY --from=build /build/tests/corefy-sandbox /usr/local/bin/corefy-sandbox
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/corefy-sandbox"]
CMD ["--host=0.0.0.0", "--port=8080"]

# --- the gateway (default target) ----------------------------------------
FROM runtime AS gateway
COPY --from=build /build/service/payout-gateway /usr/local/bin/payout-gateway
COPY --from=build /build/client_stub/payoutctl /usr/local/bin/payoutctl
USER 10001:10001
EXPOSE 50051 8081 9090
ENTRYPOINT ["/usr/local/bin/payout-gateway"]
