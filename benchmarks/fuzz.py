"""Feed 100,000 fuzzed inputs to the library: random JSON/YAML cases and mutations of the example cases (evaluated
under a bundled ruleset), and mutations of the bundled rulesets (loaded, then the example cases evaluated).
Prints how many were accepted, how many refused with a documented error, and every input where anything else
escaped (which is a bug), with the rate against a baseline of evaluating the unmutated example cases.

    python benchmarks/fuzz.py [COUNT] [SEED]
"""

from __future__ import annotations

import collections
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import dapolicy  # noqa: E402
from fuzzing import CASES, RULESETS, mutate, random_case_text, try_case, try_ruleset  # noqa: E402

RULESET_SHARE = 0.02  # a ruleset load is ~1,000 times a case's cost; 2% of inputs keeps the run to minutes


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 11)
    ids = sorted(RULESETS)
    escaped: list[tuple[str, str]] = []
    kinds: collections.Counter[str] = collections.Counter()
    started = time.perf_counter()
    for _ in range(count):
        if rng.random() < RULESET_SHARE:
            policy_id = rng.choice(ids)
            text = mutate(RULESETS[policy_id], rng, rng.randrange(1, 6))
            error = try_ruleset(text)
            kinds["ruleset"] += 1
            if error is not None:
                escaped.append((f"ruleset {policy_id}", f"{type(error).__name__}: {error}"))
        else:
            name, text = random_case_text(rng)
            error = try_case(name, text, rng.choice(ids))
            kinds["case"] += 1
            if error is not None:
                escaped.append((f"case {name}", f"{type(error).__name__}: {error}"[:300]))
    elapsed = time.perf_counter() - started
    baseline = _baseline(ids)
    print(f"{count:,} fuzzed inputs ({kinds['case']:,} cases, {kinds['ruleset']:,} rulesets) in {elapsed:.1f} s")
    print(f"undocumented exceptions: {len(escaped)}")
    kinds_of = collections.Counter(_signature(where, what) for where, what in escaped)
    for signature, times in kinds_of.most_common(20):
        print(f"  {times:6,} x {signature}")
    per_input = elapsed / count * 1e6
    print(f"per input: {per_input:,.0f} us; baseline (valid example case, load_case + evaluate): {baseline:,.0f} us;"
          f" ratio {per_input / baseline:.1f}x")  # fmt: skip
    sys.exit(1 if escaped else 0)


def _signature(where: str, what: str) -> str:
    """What kind of failure: the input kind and the exception with digits and quoted values left out."""
    return f"{where.split()[0]}: " + re.sub(r"'[^']*'|\d+", "…", what)[:160]


def _baseline(ids: list[str]) -> float:
    """Microseconds for load_case + evaluate of the unmutated example cases, in this run."""
    policies = [dapolicy.load_policy(i) for i in ids]
    runs = 0
    started = time.perf_counter()
    for _ in range(200):
        for policy in policies:
            for name, text in CASES.items():
                policy.evaluate(dapolicy.load_case(text, name)).to_dict()
                runs += 1
    return (time.perf_counter() - started) / runs * 1e6


if __name__ == "__main__":
    main()
