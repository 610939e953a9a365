#!/usr/bin/env python3
"""Open-loop latency of Ops/bench/read-path: requests at a fixed offered rate, whatever the
responses do, so a slow response cannot hold back the requests behind it (no coordinated omission).

h2load (Debian's nghttp2-client) does the sending: `--rps` paces each client on its own clock. It
honours `--rps` only with a single URI (with `-i` or several URIs, nghttp2 1.52 sends as fast as it
can), so each of PROCESSES h2load processes has one client, one sampled user's token and one
`after` item of that user's feed, and sends RATE / PROCESSES requests a second: the load is spread
over PROCESSES users, each with their own JWT. Percentiles come from the merged `--log-file`s
(per request: start time, status, microseconds to the end of the response).

One client sends its next request only after the previous response (HTTP/1.1), so pacing holds as
long as latency stays below the interval 1 / (RATE / PROCESSES); `late` counts responses slower
than that (0 means the schedule was kept). Prints one JSON line. Standard library only.
"""
import argparse, json, os, subprocess, sys, tempfile


def percentile(sorted_values, share):
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, int(round(share * len(sorted_values) + 0.5)) - 1))
    return sorted_values[index]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True, help="http://127.0.0.1:<port>")
    parser.add_argument("--sample", required=True, help="JSON lines: {\"token\": …, \"items\": […]}")
    parser.add_argument("--rate", type=float, required=True, help="offered requests per second, total")
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--processes", type=int, default=50)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    users = [json.loads(line) for line in open(args.sample) if line.strip()]
    if not users:
        raise SystemExit("open_loop: empty sample")
    processes = max(1, min(args.processes, len(users)))
    per_client = args.rate / processes
    if per_client < 1:
        raise SystemExit(f"open_loop: {args.rate}/s over {processes} processes is below 1/s per client")
    work = tempfile.mkdtemp(prefix="prefeed-open-loop.")
    running = []
    for index in range(processes):
        user = users[index]
        items = user["items"]
        after = items[(args.seed * (index + 1)) % len(items)]
        log = os.path.join(work, f"{index}.tsv")
        command = [
            "h2load", "--h1", "-c", "1", "-t", "1", "-D", str(args.duration), "--rps", f"{per_client:.3f}",
            "-H", f"Authorization: Bearer {user['token']}", "--log-file", log,
            f"{args.base}/v1/feed?limit={args.limit}&after={after}",
        ]
        running.append((log, subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)))
    failures = 0
    for _, process in running:
        _, error = process.communicate(timeout=args.duration + 60)
        if process.returncode != 0:
            failures += 1
            sys.stderr.write(error.decode(errors="replace")[-400:])

    latencies, non_2xx, starts = [], 0, []
    for log, _ in running:
        if not os.path.exists(log):
            continue
        for line in open(log):
            fields = line.split("\t")
            if len(fields) < 3:
                continue
            start, status, micros = int(fields[0]), int(fields[1]), int(fields[2])
            starts.append(start)
            if 200 <= status < 300:
                latencies.append(micros / 1000.0)
            else:
                non_2xx += 1
    latencies.sort()
    span = (max(starts) - min(starts)) / 1e6 if len(starts) > 1 else float(args.duration)
    interval_ms = 1000.0 / per_client
    result = {
        "offered_rps": round(args.rate, 1),
        "achieved_rps": round(len(latencies) / max(span, 1e-9), 1),
        "requests": len(latencies) + non_2xx,
        "non_2xx": non_2xx,
        "p50_ms": round(percentile(latencies, 0.50), 3),
        "p99_ms": round(percentile(latencies, 0.99), 3),
        "p999_ms": round(percentile(latencies, 0.999), 3),
        "max_ms": round(latencies[-1], 3) if latencies else 0.0,
        "processes": processes,
        "users": processes,
        "late": sum(1 for value in latencies if value > interval_ms),
        "interval_ms": round(interval_ms, 2),
        "h2load_failures": failures,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
