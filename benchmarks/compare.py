"""Benchmark: exact comparison of every pair of bundled rulesets.

Prints the median time of `dapolicy.compare` for each of the 15 pairs of the six bundled rulesets over `--rounds`
rounds, and the median of the rounds' totals, with the number of differences found and, as a baseline measured in
the same run, the median time to evaluate one complete case under both rulesets of each pair. Target (issue 13): all
15 pairs in <= 3 s on this machine. Then the time of `dapolicy.conformance` for each landlord (which loads the
statutory baseline for it).

`--save DIR` writes each pair's comparison document to DIR/LEFT-RIGHT.json; `--check DIR` compares each with the
one saved there and exits 1 if any differs, so a change meant only to be faster can be shown to change no document
(save before the change, check after).

    python benchmarks/compare.py [--rounds 3] [--save DIR | --check DIR]
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import time
from pathlib import Path

import dapolicy.compare  # noqa: F401 (z3 is imported before anything is timed)
from dapolicy.api import Policy, bundled_ids, compare, conformance, load_policy

CASE = {"reported_at": "2026-03-02T10:00", "report_source": "survivor", "relationship": "spouse",
        "behaviours": ["physical"], "survivor": {"age": 30, "is_customer": True}, "perpetrator": {"age": 32}}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="times to compare every pair (medians are printed)")
    documents = parser.add_mutually_exclusive_group()
    documents.add_argument("--save", type=Path, metavar="DIR", help="write each pair's comparison document to DIR")
    documents.add_argument("--check", type=Path, metavar="DIR", help="compare each pair's document with DIR's")
    args = parser.parse_args()
    pairs = list(itertools.combinations(sorted(bundled_ids()), 2))
    seconds: dict[tuple[str, str], list[float]] = {pair: [] for pair in pairs}
    baselines: dict[tuple[str, str], list[float]] = {pair: [] for pair in pairs}
    found: dict[tuple[str, str], dict] = {}
    for _ in range(args.rounds):
        policies = _load_all()  # afresh each round: nothing a comparison keeps for a ruleset carries over
        for left, right in pairs:
            start = time.perf_counter()
            comparison = compare(policies[left], policies[right])
            seconds[left, right].append(time.perf_counter() - start)
            baselines[left, right].append(_evaluate_both(policies[left], policies[right]))
            found[left, right] = comparison.to_dict()
    for left, right in pairs:
        pair, baseline = statistics.median(seconds[left, right]), statistics.median(baselines[left, right])
        print(f"{left:>13} vs {right:<13} {pair:6.2f} s  {len(found[left, right]['differences']):3d} differences  "
              f"({pair / baseline:,.0f}x one evaluation of both)")
    totals = [sum(seconds[pair][n] for pair in pairs) for n in range(args.rounds)]
    print(f"all 15 pairs: {statistics.median(totals):.2f} s median of {args.rounds} rounds "
          f"({min(totals):.2f}-{max(totals):.2f} s; target issue 13: <= 3 s)")
    for policy_id, policy in policies.items():
        start = time.perf_counter()
        result = conformance(policy)
        elapsed = time.perf_counter() - start
        count = len(result.findings)
        print(f"conformance {policy_id:<13} {elapsed:6.2f} s  {count:2d} finding{'s' * (count != 1)}")
    if args.save:
        save_documents(args.save, found)
    if args.check:
        return check_documents(args.check, found)
    return 0


def _load_all() -> dict[str, Policy]:
    """Every bundled ruleset, loaded anew, with the bank-holiday cache warm for the baseline."""
    policies = {policy_id: load_policy(policy_id) for policy_id in bundled_ids()}
    for policy in policies.values():
        policy.evaluate(CASE)
    return policies


def _evaluate_both(left: Policy, right: Policy) -> float:
    """Seconds to evaluate the example case under both rulesets."""
    start = time.perf_counter()
    left.evaluate(CASE), right.evaluate(CASE)
    return time.perf_counter() - start


def _document_text(document: dict) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def save_documents(directory: Path, found: dict[tuple[str, str], dict]) -> None:
    """Write each pair's comparison document to DIRECTORY/LEFT-RIGHT.json."""
    directory.mkdir(parents=True, exist_ok=True)
    for (left, right), document in found.items():
        (directory / f"{left}-{right}.json").write_text(_document_text(document), encoding="utf-8")
    print(f"saved {len(found)} comparison documents to {directory}")


def check_documents(directory: Path, found: dict[tuple[str, str], dict]) -> int:
    """0 if every pair's comparison document is the one saved in DIRECTORY, else 1 (naming those that differ)."""
    saved = lambda left, right: (directory / f"{left}-{right}.json").read_text(encoding="utf-8")  # noqa: E731
    differing = [f"{left}-{right}" for (left, right), document in found.items()
                 if saved(left, right) != _document_text(document)]  # fmt: skip
    for name in differing:
        print(f"differs from {directory / name}.json", file=sys.stderr)
    print(f"{len(found) - len(differing)} of {len(found)} comparison documents identical to those in {directory}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
