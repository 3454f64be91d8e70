"""Benchmark: evaluating cases with the bundled rulesets, against a hand-written reference measured in the same run.

Prints, for one ruleset (default hpg) or every bundled one (`--policy all`), over generated cases (half complete,
half partial):
- the median microseconds per `policy.evaluate(case).to_dict()` on complete and on partial cases, and the ratio of
  partial to complete (target issue 13: <= 1.3x);
- in the same run, on the same cases, the median microseconds of `reference`, a hand-written three-valued Python
  function for 9 of hpg's rules that reads the case and builds a small result dict, and the ratio of each ruleset
  to it (targets issue 13: hpg <= 6x, every bundled ruleset <= 10x);
- for one ruleset, also the median `load_policy` time and rule-engine's own `Rule.evaluate` on the same
  conditions, complete cases only (it raises on a missing attribute), as the ratio baseline / dapolicy.
Timings alternate between the reference and the rulesets over `--rounds` rounds and report medians, so that load
from other jobs on the machine falls on both alike.

    python benchmarks/evaluate.py [--policy hpg|all] [--cases 10000] [--rounds 3] [--seed 7]
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
from dapolicy.api import bundled_ids
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


def _flag(value: Any) -> bool | None:
    """A yes/no fact as True, False or None (unknown)."""
    return None if value is None else bool(value)


def _and(*values: bool | None) -> bool | None:
    if False in values:
        return False
    return None if None in values else True


def _or(*values: bool | None) -> bool | None:
    if True in values:
        return True
    return None if None in values else False


def _not(value: bool | None) -> bool | None:
    return None if value is None else not value


def _at_least(value: int | None, bound: int) -> bool | None:
    return None if value is None else value >= bound


_PARTNERS = frozenset({"spouse", "former_spouse", "civil_partner", "former_civil_partner", "engaged",
                       "civil_partnership_agreement", "intimate_partner", "former_intimate_partner", "relative"})
_ABUSIVE = frozenset({"physical", "sexual", "violent_or_threatening", "controlling_or_coercive", "economic",
                      "psychological_or_emotional", "honour_based", "forced_marriage", "fgm", "image_based"})
_HPG = "Housing Plus Group Domestic abuse policy"
_REFERENCE_RULES = (  # rule id, action, modality, clause of its citation, facts its condition reads
    ("support_and_advice_3_1", "advice_and_assistance", "must", "3.1", ()),
    ("action_plan_3_2", "action_plan", "must", "3.2", ("report_source",)),
    ("risk_assessment_3_2", "risk_assessment", "must", "3.2", ("report_source",)),
    ("enforcement_with_sufficient_evidence_3_5", "enforcement_against_perpetrator", "must", "3.5",
     ("perpetrator.is_customer", "evidence_sufficient", "risk.enforcement_compromises_safety")),
    ("support_to_remain_at_home_3_7", "support_to_remain_at_home", "should", "3.7", ("risk.safe_to_remain",)),
    ("consider_rehousing_3_8", "emergency_transfer", "may", "3.8", ("risk.safe_to_remain",)),
    ("perpetrator_support_3_11", "perpetrator_programme_referral", "should", "3.11",
     ("perpetrator.is_customer", "perpetrator.seeks_to_change")),
    ("safeguarding_children_3_14", "safeguarding_children_referral", "must", "3.14",
     ("perpetrator.is_customer", "children.at_risk")),
    ("safeguarding_adults_3_15", "safeguarding_adults_referral", "must", "3.15",
     ("perpetrator.is_customer", "survivor.has_care_and_support_needs")),
)
_DEFINITION_FACTS = ("survivor.is_customer", "survivor.age", "perpetrator.age", "relationship", "behaviours")


def reference(case: dict[str, Any]) -> dict[str, Any]:
    """Nine of hpg's rules by hand in three-valued logic (None is unknown; the safeguarding rules read hpg's own
    definition of domestic abuse, not the Act's too): the yardstick of issue 13."""
    survivor, perpetrator = case.get("survivor") or {}, case.get("perpetrator") or {}
    risk, children = case.get("risk") or {}, case.get("children") or {}
    known = {f"{group}.{name}" for group, values in (("survivor", survivor), ("perpetrator", perpetrator),
                                                     ("risk", risk), ("children", children))
             for name, value in values.items() if value is not None}  # fmt: skip
    known.update(key for key, value in case.items() if value is not None and not isinstance(value, dict))
    age, relationship, behaviours = survivor.get("age"), case.get("relationship"), case.get("behaviours")
    domestic_abuse = _and(
        _and(_at_least(age, 16), _at_least(perpetrator.get("age"), 16)),
        None if relationship is None else relationship in _PARTNERS,
        None if behaviours is None else not _ABUSIVE.isdisjoint(behaviours),
    )
    customer = _flag(survivor.get("is_customer"))
    experiencing = _and(customer, domestic_abuse)
    involving = _and(_or(customer, _flag(perpetrator.get("is_customer"))), domestic_abuse)
    source = case.get("report_source")
    referred = None if source is None else source in ("survivor", "agency_referral")
    safe = _flag(risk.get("safe_to_remain"))
    truths = (
        experiencing,
        _and(experiencing, referred),
        _and(experiencing, referred),
        _and(involving, _flag(case.get("evidence_sufficient")), _not(_flag(risk.get("enforcement_compromises_safety")))),
        _and(experiencing, safe),
        _and(experiencing, _not(safe)),
        _and(involving, _flag(perpetrator.get("seeks_to_change"))),
        _and(involving, _or(_flag(children.get("at_risk")), None if age is None else age < 18)),
        _and(involving, _flag(survivor.get("has_care_and_support_needs")), None if age is None else age >= 18),
    )
    actions, undecided = [], []
    for (rule, action, modality, clause, facts), truth in zip(_REFERENCE_RULES, truths):
        if truth is True:
            actions.append({"id": action, "modality": modality, "rules": [rule],
                            "citations": [{"document": _HPG, "clause": clause}]})  # fmt: skip
        elif truth is None:
            missing = sorted(f for f in _DEFINITION_FACTS + facts if f not in known)
            undecided.append({"id": action, "modality": modality, "missing": missing, "rules": [rule]})
    value = "unknown" if domestic_abuse is None else "yes" if domestic_abuse else "no"
    return {"domestic_abuse": value, "actions": actions, "undecided": undecided}


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
    parser.add_argument("--policy", default="hpg", help="a bundled ruleset id, or `all`")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # rule-engine warns that mapping attribute lookup is deprecated

    ids = bundled_ids() if args.policy == "all" else (args.policy,)
    policies = {policy_id: dapolicy.load_policy(policy_id) for policy_id in ids}
    rng = random.Random(args.seed)
    complete = [generate_case(rng, True) for _ in range(args.cases // 2)]
    partial = [generate_case(rng, False) for _ in range(args.cases - len(complete))]
    print(f"cases: {len(complete)} complete, {len(partial)} partial, seed {args.seed}, {args.rounds} rounds")

    functions = {"reference": reference}
    for policy_id, policy in policies.items():
        functions[policy_id] = lambda case, policy=policy: policy.evaluate(case).to_dict()
        time_each(functions[policy_id], complete[:500] + partial[:500])  # warm the bank-holiday cache
    times: dict[tuple[str, str], list[float]] = {(name, kind): [] for name in functions for kind in ("complete", "partial")}
    for _ in range(args.rounds):
        for name, function in functions.items():
            times[name, "complete"] += time_each(function, complete)
            times[name, "partial"] += time_each(function, partial)
    median = {key: statistics.median(values) for key, values in times.items()}

    us = lambda seconds: seconds * 1e6  # noqa: E731
    print(f"reference (9 hpg rules by hand): complete {us(median['reference', 'complete']):.1f} us, "
          f"partial {us(median['reference', 'partial']):.1f} us")
    print("evaluate(...).to_dict(), median us per case and ratio to the reference "
          "(targets: hpg <= 6x, every ruleset <= 10x, partial/complete <= 1.3x)")
    for policy_id in policies:
        c, p = median[policy_id, "complete"], median[policy_id, "partial"]
        print(f"  {policy_id:14} complete {us(c):7.1f} us {c / median['reference', 'complete']:5.1f}x   "
              f"partial {us(p):7.1f} us {p / median['reference', 'partial']:5.1f}x   partial/complete {p / c:.2f}x")
    if len(policies) == 1:
        _single(args.policy, policies[args.policy], complete, median[args.policy, "complete"])


def _single(policy_id: str, policy: dapolicy.Policy, complete: list[dict[str, Any]], ours: float) -> None:
    """load_policy time and rule-engine's own evaluation of the same conditions, for one ruleset."""
    load_times = [time_each(lambda _: dapolicy.load_policy(policy_id), [None])[0] for _ in range(15)]
    theirs = statistics.median(time_each(Baseline(policy).evaluate, complete))
    print(f"load_policy: median {statistics.median(load_times) * 1e3:.1f} ms")
    print(f"baseline rule-engine Rule.evaluate, same conditions, complete cases: median {theirs * 1e6:.1f} us, "
          f"{theirs / ours:.1f}x dapolicy's")


if __name__ == "__main__":
    main()
