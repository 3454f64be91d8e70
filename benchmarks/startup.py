"""Benchmark: start-up (issue 13): `import dapolicy`, a cold `dapolicy evaluate`, and `load_policy` per ruleset.

Each figure is the median of N runs, printed beside a baseline measured in the same run: a fresh interpreter that
imports PyYAML (`python -c "import yaml"`) for the whole-process figures. Targets: `dapolicy evaluate` within
0.25 s wall; `load_policy` within 20 ms from the compiled cache and within 50 ms without it.

    python benchmarks/startup.py [N]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CASE = REPO / "examples" / "friday-report.yaml"
LOAD = """
import statistics, sys, time
import dapolicy
dapolicy.load_policy("statutory")  # the baseline, read once per process, is not what is measured
for policy_id in dapolicy.bundled_ids():
    times = []
    for _ in range({runs}):
        start = time.perf_counter()
        dapolicy.load_policy(policy_id)
        times.append(time.perf_counter() - start)
    print(policy_id, statistics.median(times))
"""


def wall(command: list[str], runs: int, env: dict[str, str]) -> float:
    """The median wall time of `command` as a new process (after one run not counted)."""
    times = []
    for index in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, check=True)
        if index:
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def load_times(runs: int, env: dict[str, str]) -> dict[str, float]:
    """The median `load_policy` time of each bundled ruleset, in one process."""
    output = subprocess.run([sys.executable, "-c", LOAD.format(runs=runs)], env=env, cwd=REPO, check=True,
                            capture_output=True, text=True).stdout  # fmt: skip
    return {policy_id: float(seconds) for policy_id, seconds in (line.split() for line in output.splitlines())}


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with tempfile.TemporaryDirectory() as folder:
        cached = {**os.environ, "DAPOLICY_CACHE": folder}
        uncached = {**os.environ, "DAPOLICY_CACHE": "off"}
        baseline = wall([sys.executable, "-c", "import yaml"], runs, cached)
        print(f"baseline: python -c 'import yaml'                 {baseline * 1000:7.1f} ms (median of {runs})")
        imported = wall([sys.executable, "-c", "import dapolicy"], runs, cached)
        print(f"python -c 'import dapolicy'                        {imported * 1000:7.1f} ms  "
              f"({imported / baseline:.2f}x the baseline)")
        evaluate = [sys.executable, "-m", "dapolicy", "evaluate", "hpg", str(CASE)]
        for label, env in (("compiled cache", cached), ("no cache", uncached)):
            seconds = wall(evaluate, runs, env)
            print(f"dapolicy evaluate hpg friday-report ({label:>14}) {seconds * 1000:7.1f} ms  "
                  f"({seconds / baseline:.2f}x the baseline; target 250 ms)")
        hits, misses = load_times(runs, cached), load_times(max(3, runs // 3), uncached)
        print("load_policy, median ms:     from the cache (target 20)   compiling (target 50)")
        for policy_id in hits:
            print(f"  {policy_id:<15} {hits[policy_id] * 1000:26.1f} {misses[policy_id] * 1000:23.1f}")


if __name__ == "__main__":
    main()
