#!/usr/bin/python3
"""Turns bench/run's measurements into its Markdown tables.

  report.py RESULTS_DIR

RESULTS_DIR holds one payout-loadgen --json output per run (NAME.json, with
the CPU each process spent over the run, per thread) and meta.txt ("name
value" lines: upstream rate, RSS, threads, handshakes...). Exits 1 when a
run measured nothing or measured failures: then the harness is broken,
whatever the numbers say.
"""
import json
import os
import sys


def verdict(ok):
    return "met" if ok else "MISSED"


def load(results):
    runs = {}
    for name in os.listdir(results):
        if name.endswith(".json"):
            with open(os.path.join(results, name)) as f:
                runs[name[:-5]] = json.load(f)
    meta = {}
    with open(os.path.join(results, "meta.txt")) as f:
        for line in f:
            key, _, value = line.strip().partition(" ")
            meta[key] = float(value) if value else 0.0
    return runs, meta


def calls(run):
    return max(1, run["ok"] + run["errors"])


def cpu_per_call(run, label):
    """CPU microseconds `label` spent per call of the run, or None."""
    process = run.get("cpu", {}).get(label)
    return None if process is None else process["cpu_us"] / calls(run)


def run_row(name, run):
    latency = "%.3f / %.3f / %.3f / %.3f" % (
        run["p50_ms"], run["p90_ms"], run["p99_ms"], run["p999_ms"])
    return "| %s | %.0f | %s | %d |" % (name, run["rps"], latency, run["errors"])


def us(value):
    return "" if value is None else "%.1f" % value


def throughput_table(runs, meta, composed):
    peak, floor = runs["peak"], runs["floor"]
    loops = int(meta["event_loops"])
    rows = [
        "| run | RPC/s | p50 / p90 / p99 / p99.9 ms | errors |",
        "|---|---|---|---|",
        "| (a) upstream alone (wrk -> nginx) | %.0f | | |" % meta["upstream_rps"],
        run_row("(b) gRPC baseline (loadgen -> no-op server), GetPayoutInvoice", runs["baseline"]),
        run_row("(b) gRPC baseline, CreatePayoutInvoice", runs["baseline_create"]),
        "| composed limit 1/(1/a + 1/b) | %.0f | | |" % composed,
        run_row("(d) floor: no-op server + one HTTP hop, no translation", floor),
        run_row("(c) gateway at peak, GetPayoutInvoice, %d loops (%.0f%% of composed, %.0f%% of floor)"
                % (loops, 100 * peak["rps"] / composed, 100 * peak["rps"] / floor["rps"]), peak),
        run_row("(c) gateway at peak, CreatePayoutInvoice", runs["peak_create"]),
        run_row("(c) gateway at half of peak (%.0f/s offered)" % (peak["rps"] / 2), runs["half"]),
        run_row("scaling: 1 loop, sharing every core", runs["loops1"]),
    ]
    if "loops1_pinned" in runs:
        rows.append(run_row("scaling: 1 loop, the gateway alone on CPU 0", runs["loops1_pinned"]))
    for version, name in (("1", "HTTP/1.1"), ("2", "HTTP/2 (ALPN)")):
        rows.append(run_row("HTTPS upstream, %s, %d handshakes" % (
            name, meta["handshakes_tls" + version]), runs["tls" + version]))
    for version, name in (("1", "HTTP/1.1, 1,000 connections"),
                          ("2", "HTTPS HTTP/2, 32 connections")):
        run = runs["flight" + version]
        rows.append(run_row("%d in flight, 200 ms upstream, %s (%.0f%% of peak)" % (
            meta["in_flight"], name, 100 * run["rps"] / peak["rps"]), run))
    return rows


def cpu_table(runs):
    rows = [
        "| run | server µs/call | x no-op | nginx µs/call | loadgen µs/call |",
        "|---|---|---|---|---|",
    ]
    noop = {"get": cpu_per_call(runs["baseline"], "noop"),
            "create": cpu_per_call(runs["baseline_create"], "noop")}
    entries = [
        ("(b) no-op server, GetPayoutInvoice", "baseline", "noop", "get"),
        ("(b) no-op server, CreatePayoutInvoice", "baseline_create", "noop", "create"),
        ("(d) floor", "floor", "floor", "get"),
        ("(c) gateway, GetPayoutInvoice", "peak", "gateway", "get"),
        ("(c) gateway, CreatePayoutInvoice", "peak_create", "gateway", "create"),
        ("(c) gateway, half of peak", "half", "gateway", "get"),
        ("1 loop, sharing every core", "loops1", "gateway", "get"),
        ("1 loop, alone on CPU 0", "loops1_pinned", "gateway", "get"),
        ("HTTPS HTTP/1.1", "tls1", "gateway", "get"),
        ("HTTPS HTTP/2", "tls2", "gateway", "get"),
        ("in flight, HTTP/1.1", "flight1", "gateway", "get"),
        ("in flight, HTTPS HTTP/2", "flight2", "gateway", "get"),
    ]
    for name, run_name, label, kind in entries:
        if run_name not in runs:
            continue
        run = runs[run_name]
        server = cpu_per_call(run, label)
        ratio = "" if server is None or not noop[kind] else "%.2f" % (server / noop[kind])
        rows.append("| %s | %s | %s | %s | %s |" % (
            name, us(server), ratio, us(cpu_per_call(run, "nginx")),
            us(cpu_per_call(run, "loadgen"))))
    return rows


def thread_table(run):
    """The gateway's threads at peak, busiest first; and the busiest share."""
    process = run["cpu"]["gateway"]
    rows = ["| gateway thread (name#tid) | µs/call | share of the gateway's CPU |",
            "|---|---|---|"]
    busiest = 0.0
    for thread in sorted(process["threads"], key=lambda t: -t["cpu_us"]):
        share = thread["cpu_us"] / max(1.0, process["cpu_us"])
        if thread["name"] != "(others)":
            busiest = max(busiest, share)
        rows.append("| %s | %.1f | %.0f%% |" % (
            thread["name"], thread["cpu_us"] / calls(run), 100 * share))
    return rows, busiest


def main(argv):
    runs, meta = load(argv[1])
    peak = runs["peak"]
    composed = 1 / (1 / meta["upstream_rps"] + 1 / runs["baseline"]["rps"])
    loops = int(meta["event_loops"])
    threads, busiest = thread_table(peak)
    get_ratio = cpu_per_call(peak, "gateway") / cpu_per_call(runs["baseline"], "noop")
    create_ratio = (cpu_per_call(runs["peak_create"], "gateway") /
                    cpu_per_call(runs["baseline_create"], "noop"))
    growth = (meta["soak_end_kb"] - meta["soak_start_kb"]) / meta["soak_start_kb"]
    half_p99 = runs["half"]["p99_ms"]
    targets = [
        "| target | measured | |",
        "|---|---|---|",
        "| CPU per GetPayoutInvoice <= 2.5x the no-op server's | %.1f µs, %.2fx | %s |" % (
            cpu_per_call(peak, "gateway"), get_ratio, verdict(get_ratio <= 2.5)),
        "| CPU per CreatePayoutInvoice (reported) | %.1f µs, %.2fx | |" % (
            cpu_per_call(runs["peak_create"], "gateway"), create_ratio),
        "| busiest thread <= 1/N + 15 points of the gateway's CPU (N = %d) | %.0f%% (limit %.0f%%) | %s |"
        % (loops, 100 * busiest, 100 / loops + 15, verdict(busiest <= 1 / loops + 0.15)),
        "| peak >= 60%% of composed | %.0f%% | %s |" % (
            100 * peak["rps"] / composed, verdict(peak["rps"] >= 0.6 * composed)),
        "| p99 <= 2 ms at half of peak | %.3f ms | %s |" % (half_p99, verdict(half_p99 <= 2)),
    ]
    for version, name in (("1", "HTTP/1.1"), ("2", "HTTPS HTTP/2")):
        run = runs["flight" + version]
        share = run["rps"] / peak["rps"]
        targets += [
            "| %d in flight (%s) >= 80%% of peak, no errors | %.0f%%, %d errors | %s |" % (
                meta["in_flight"], name, 100 * share, run["errors"],
                verdict(share >= 0.8 and run["errors"] == 0)),
            "| ... threads, RSS high-water | %d, %.0f MB | |" % (
                meta["flight%s_threads" % version], meta["flight%s_hwm_kb" % version] / 1024),
        ]
    targets += [
        "| idle RSS <= 30 MB | %.1f MB | %s |" % (
            meta["idle_kb"] / 1024, verdict(meta["idle_kb"] <= 30 * 1024)),
        "| RSS growth <= 5%% over %d calls | %+.1f%% (%.1f -> %.1f MB, %d calls) | %s |" % (
            meta["soak_calls"], 100 * growth, meta["soak_start_kb"] / 1024,
            meta["soak_end_kb"] / 1024, runs["soak"]["ok"],
            verdict(growth <= 0.05 and runs["soak"]["ok"] >= meta["soak_calls"])),
    ]
    print("\n".join(throughput_table(runs, meta, composed) + [""] + cpu_table(runs) + [""] +
                    threads + [""] + targets))

    broken = sorted(name for name, r in runs.items() if r["ok"] == 0 or r["errors"] != 0)
    if meta["upstream_rps"] <= 0:
        broken.append("wrk")
    if broken:
        print("bench/run: runs with errors or no calls: " + ", ".join(broken), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
