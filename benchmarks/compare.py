"""Benchmark: exact comparison of every pair of bundled rulesets.

Prints the time of `dapolicy.compare` for each of the 15 pairs of the six bundled rulesets and in all, with the
number of differences found, and, as a baseline measured in the same run, the time to evaluate one complete case
under both rulesets of each pair. Target (issue 5): all 15 pairs in <= 10 s on this machine. Then the time of
`dapolicy.conformance` for each landlord (which loads the statutory baseline for it).

    python benchmarks/compare.py
"""

from __future__ import annotations

import itertools
import time

import dapolicy

CASE = {"reported_at": "2026-03-02T10:00", "report_source": "survivor", "relationship": "spouse",
        "behaviours": ["physical"], "survivor": {"age": 30, "is_customer": True}, "perpetrator": {"age": 32}}  # fmt: skip


def main() -> None:
    policies = {policy_id: dapolicy.load_policy(policy_id) for policy_id in dapolicy.bundled_ids()}
    for policy in policies.values():
        policy.evaluate(CASE)  # warm the bank-holiday cache before timing the baseline
    total = 0.0
    for left, right in itertools.combinations(sorted(policies), 2):
        start = time.perf_counter()
        comparison = dapolicy.compare(policies[left], policies[right])
        seconds = time.perf_counter() - start
        start = time.perf_counter()
        policies[left].evaluate(CASE), policies[right].evaluate(CASE)
        baseline = time.perf_counter() - start
        total += seconds
        print(f"{left:>13} vs {right:<13} {seconds:6.2f} s  {len(comparison.differences):3d} differences  "
              f"({seconds / baseline:,.0f}x one evaluation of both)")
    print(f"all 15 pairs: {total:.2f} s (target <= 10 s)")
    for policy_id, policy in policies.items():
        start = time.perf_counter()
        result = dapolicy.conformance(policy)
        seconds = time.perf_counter() - start
        count = len(result.findings)
        print(f"conformance {policy_id:<13} {seconds:6.2f} s  {count:2d} finding{'s' * (count != 1)}")


if __name__ == "__main__":
    main()
