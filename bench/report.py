#!/usr/bin/python3
"""Turns bench/run's measurements into its Markdown table.

  report.py UPSTREAM_RPS BASELINE FLOOR PEAK HALF SOAK FLIGHT \
            IDLE_KB SOAK_START_KB SOAK_END_KB MAX_THREADS FLIGHT_HWM_KB \
            IN_FLIGHT SOAK_CALLS

BASELINE..FLIGHT are payout-loadgen --json outputs. Exits 1 when a run
measured nothing or measured failures: then the harness is broken, whatever
the numbers say.
"""
import json
import sys


def verdict(ok):
    return "met" if ok else "MISSED"


def run_row(name, rps, result=None):
    if result is None:
        return "| %s | %.0f | | |" % (name, rps)
    latency = "%.3f / %.3f / %.3f / %.3f" % (
        result["p50_ms"], result["p90_ms"], result["p99_ms"], result["p999_ms"])
    return "| %s | %.0f | %s | %d |" % (name, rps, latency, result["errors"])


def main(argv):
    upstream_rps = float(argv[1])
    baseline, floor, peak, half, soak, flight = (json.loads(x) for x in argv[2:8])
    idle_kb, soak_start_kb, soak_end_kb, threads, hwm_kb = (int(x) for x in argv[8:13])
    in_flight, soak_calls = int(argv[13]), int(argv[14])
    composed = 1 / (1 / upstream_rps + 1 / baseline["rps"])
    growth = (soak_end_kb - soak_start_kb) / soak_start_kb

    lines = [
        "| run | RPC/s | p50 / p90 / p99 / p99.9 ms | errors |",
        "|---|---|---|---|",
        run_row("(a) upstream alone (wrk -> nginx)", upstream_rps),
        run_row("(b) gRPC baseline (loadgen -> no-op server)", baseline["rps"], baseline),
        "| composed limit 1/(1/a + 1/b) | %.0f | | |" % composed,
        run_row("(d) floor: no-op server + one HTTP hop, no translation",
                floor["rps"], floor),
        run_row("(c) gateway at peak (%.0f%% of composed, %.0f%% of floor)" % (
            100 * peak["rps"] / composed, 100 * peak["rps"] / floor["rps"]), peak["rps"], peak),
        run_row("(c) gateway at half of peak (%.0f/s offered)" % (peak["rps"] / 2),
                half["rps"], half),
        run_row("%d calls in flight, 200 ms upstream" % in_flight, flight["rps"], flight),
        "",
        "| target | measured | |",
        "|---|---|---|",
        "| peak >= 80%% of composed | %.0f%% | %s |" % (
            100 * peak["rps"] / composed, verdict(peak["rps"] >= 0.8 * composed)),
        "| p99 <= 2 ms at half of peak | %.3f ms | %s |" % (
            half["p99_ms"], verdict(half["p99_ms"] <= 2)),
        "| %d in flight: no errors | %d errors | %s |" % (
            in_flight, flight["errors"], verdict(flight["errors"] == 0)),
        "| ... <= 16 threads | %d | %s |" % (threads, verdict(threads <= 16)),
        "| ... <= 300 MB RSS | %.0f MB | %s |" % (hwm_kb / 1024, verdict(hwm_kb <= 300 * 1024)),
        "| idle RSS <= 30 MB | %.1f MB | %s |" % (idle_kb / 1024, verdict(idle_kb <= 30 * 1024)),
        "| RSS growth <= 5%% over %d calls | %+.1f%% (%.1f -> %.1f MB, %d calls) | %s |" % (
            soak_calls, 100 * growth, soak_start_kb / 1024, soak_end_kb / 1024, soak["ok"],
            verdict(growth <= 0.05 and soak["ok"] >= soak_calls)),
    ]
    print("\n".join(lines))

    runs = (("baseline", baseline), ("floor", floor), ("peak", peak), ("half of peak", half), ("soak", soak),
            ("in flight", flight))
    broken = [name for name, r in runs if r["ok"] == 0 or r["errors"] != 0]
    if upstream_rps <= 0:
        broken.append("wrk")
    if broken:
        print("bench/run: runs with errors or no calls: " + ", ".join(broken), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
