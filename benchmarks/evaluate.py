"""Benchmark: evaluating cases with a bundled ruleset, against rule-engine's own Rule.evaluate as a baseline.

Prints, for one ruleset (default hpg) over generated cases (complete and partial):
- the median, 90th percentile and mean microseconds per `policy.evaluate(case).to_dict()`;
- the median `load_policy` time;
- in the same run, the median time to evaluate the same definitions' and rules' conditions with rule-engine's
  `Rule.evaluate` on the complete cases (it cannot evaluate partial ones: it raises on a missing attribute),
  and the ratio of that baseline to dapolicy on the same complete cases.
Targets (issue 3): <= 50 us median per case, >= 20x faster than the baseline, load <= 100 ms.

    python benchmarks/evaluate.py [--policy hpg] [--cases 10000] [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
import warnings
from typing import Any, Mapping

import rule_engine

import dapolicy
from dapolicy.model.case import case_document
from dapolicy.model.vocabulary import FACTS


def generate_case(rng: random.Random, complete: bool) -> dict[str, Any]:
    """A valid case document; a partial one leaves each fact out with probability 1/2."""
    facts = {path: _value(rng, fact) for path, fact in FACTS.items() if complete or rng.random() >= 0.5}
    return case_document(facts)


def _value(rng: random.Random, fact) -> Any:
    if fact.kind == "bool":
        return rng.random() < 0.5
    if fact.kind == "int":
        return rng.randint(fact.minimum or 0, min(fact.maximum or 90, 90))
    if fact.kind == "enum":
        return rng.choice(fact.values)
    if fact.kind == "enum_list":
        return rng.sample(fact.values, rng.randint(0, min(3, len(fact.values))))
    if fact.kind == "area":
        return rng.choice(["cambridgeshire", "peterborough", "sefton", "wolverhampton", "shropshire"])
    day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
    return f"{day.isoformat()}T{rng.randint(7, 20):02d}:{rng.randrange(60):02d}"  # office hours: no clock-change gap


def time_each(function, items) -> list[float]:
    """Seconds per call, one measurement per item."""
    timings = []
    clock = time.perf_counter
    for item in items:
        start = clock()
        function(item)
        timings.append(clock() - start)
    return timings


class Baseline:
    """The same conditions evaluated by rule-engine itself: definitions first (their results fed in), then rules."""

    def __init__(self, policy: dapolicy.Policy):
        compiled = policy.compiled
        context = rule_engine.Context(default_timezone="utc")
        self.statutory = [(d.key.split(".", 1)[1], rule_engine.Rule(d.text, context)) for d in compiled.statutory_definitions]
        self.definitions = [(d.key, rule_engine.Rule(d.text, context)) for d in compiled.definitions]
        self.rules = [rule_engine.Rule(r.text, context) for r in compiled.rules]
        self.parameters = {k: v for k, v in compiled.parameters.items() if not hasattr(v, "hours")}

    def evaluate(self, case: dict[str, Any]) -> list[bool]:
        area = case.get("area")
        parameters = {
            name: (value.get(area, value.get("default")) if isinstance(value, Mapping) else value)
            for name, value in self.parameters.items()
        }
        thing = {**case, "params": parameters}
        statutory: dict[str, Any] = {}
        thing["statutory"] = statutory
        for name, rule in self.statutory:
            statutory[name] = thing[name] = rule.evaluate(thing)
        for name, rule in self.definitions:
            thing[name] = rule.evaluate(thing)
        return [rule.evaluate(thing) for rule in self.rules]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--policy", default="hpg")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # rule-engine warns that mapping attribute lookup is deprecated

    load_times = [time_each(lambda _: dapolicy.load_policy(args.policy), [None])[0] for _ in range(15)]
    policy = dapolicy.load_policy(args.policy)
    rng = random.Random(args.seed)
    complete = [generate_case(rng, True) for _ in range(args.cases // 2)]
    partial = [generate_case(rng, False) for _ in range(args.cases - len(complete))]
    cases = complete + partial
    rng.shuffle(cases)

    evaluate = lambda case: policy.evaluate(case).to_dict()  # noqa: E731
    time_each(evaluate, cases[:500])  # warm the bank-holiday cache and the interpreter
    ours = time_each(evaluate, cases)
    ours_complete = time_each(evaluate, complete)
    baseline = Baseline(policy)
    theirs = time_each(baseline.evaluate, complete)

    us = lambda seconds: seconds * 1e6  # noqa: E731
    ordered = sorted(ours)
    print(f"ruleset: {args.policy} ({len(policy.compiled.rules)} rules, {len(policy.compiled.definitions)} definitions "
          f"+ {len(policy.compiled.statutory_definitions)} statutory)")
    print(f"cases: {len(cases)} ({len(complete)} complete, {len(partial)} partial), seed {args.seed}")
    print(f"load_policy: median {statistics.median(load_times) * 1e3:.1f} ms (target <= 100 ms)")
    print(f"evaluate(...).to_dict(), all cases: median {us(statistics.median(ours)):.1f} us, "
          f"p90 {us(ordered[int(len(ordered) * 0.9)]):.1f} us, mean {us(statistics.mean(ours)):.1f} us (target <= 50 us median)")
    print(f"evaluate(...).to_dict(), complete cases: median {us(statistics.median(ours_complete)):.1f} us")
    print(f"baseline rule-engine Rule.evaluate, same conditions, complete cases: median {us(statistics.median(theirs)):.1f} us")
    print(f"ratio baseline / dapolicy on complete cases: {statistics.median(theirs) / statistics.median(ours_complete):.1f}x "
          f"(target >= 20x)")


if __name__ == "__main__":
    main()
