"""Benchmark: the HTTP service under load (issue 14), on loopback only, bounded in count and time.

Starts `dapolicy serve` on a free loopback port, then for 1, 8 and 32 concurrent clients (threads, each with its
own keep-alive connection) sends `POST /v1/policies/hpg/evaluate` with the example Friday case, and prints the
requests per second and the p50 and p99 latency. As a baseline measured in the same run: the library's own
`evaluate(case).to_dict()` and `json.dumps` in this process, as requests per second on one core, and each level's
throughput as a ratio to it.

    python benchmarks/server_load.py [--requests 3000] [--seconds 20]
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

import dapolicy

CASE = {"reported_at": "2026-12-18T16:30", "report_source": "survivor", "relationship": "spouse",
        "behaviours": ["physical"], "survivor": {"age": 34, "is_customer": True}, "perpetrator": {"age": 37}}  # fmt: skip
BODY = json.dumps(CASE).encode("utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_service(port: int) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "dapolicy", "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/policies", timeout=1).close()
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(server.stderr.read().decode())
            time.sleep(0.1)
    raise SystemExit("the service did not start")


def load(port: int, clients: int, requests: int, seconds: float) -> tuple[int, float, list[float]]:
    """Send up to `requests` requests from `clients` threads, for at most `seconds`; (sent, elapsed, latencies)."""
    latencies: list[float] = []
    lock = threading.Lock()
    remaining = [requests]
    deadline = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        while time.monotonic() < deadline:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            start = time.perf_counter()
            connection.request("POST", "/v1/policies/hpg/evaluate", BODY, {"content-type": "application/json"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"status {response.status}")
            mine.append(time.perf_counter() - start)
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies), time.perf_counter() - began, latencies


def in_process_rate(seconds: float = 2.0) -> float:
    """Decisions per second of the library itself (evaluate, to_dict, json.dumps), one thread."""
    policy = dapolicy.load_policy("hpg")
    count, began = 0, time.perf_counter()
    while time.perf_counter() - began < seconds:
        json.dumps(policy.evaluate(CASE).to_dict())
        count += 1
    return count / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests at each level (at most)")
    parser.add_argument("--seconds", type=float, default=20.0, help="the longest a level may run")
    args = parser.parse_args()
    baseline = in_process_rate()
    print(f"baseline: the library in this process, evaluate + to_dict + json.dumps: {baseline:,.0f} decisions/s")
    port = free_port()
    server = start_service(port)
    try:
        load(port, 4, 200, 10)  # warm the service (its first case builds the evaluation plan)
        print(f"dapolicy serve on 127.0.0.1:{port}, POST /v1/policies/hpg/evaluate, Friday 16:30 case:")
        for clients in (1, 8, 32):
            sent, elapsed, latencies = load(port, clients, args.requests, args.seconds)
            latencies.sort()
            p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
            rate = sent / elapsed
            print(f"  {clients:2} clients: {sent:5} requests in {elapsed:5.1f} s, {rate:7,.0f} requests/s "
                  f"({rate / baseline:.2f}x the library in process), p50 {statistics.median(latencies) * 1e3:6.1f} ms, "
                  f"p99 {p99 * 1e3:6.1f} ms")  # fmt: skip
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
