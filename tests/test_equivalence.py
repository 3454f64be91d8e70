"""The fast evaluation path (closures, outcome shapes cached per slot, missing facts per case) gives the same decision
document as a straightforward reference evaluator, written here from the compiled condition trees and the merge
rules of contract section 5, on random complete and partial cases under every bundled ruleset (issue 13)."""

from __future__ import annotations

import datetime as dt
import operator
import random
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dapolicy
from dapolicy.api import bundled_ids
from dapolicy.compile import CompiledPolicy, CompiledRule, Slot
from dapolicy.conditions import All, Any_, ByArea, Compare, Condition, Const, DefinitionRef, Flag, Literal, Member, Not
from dapolicy.deadlines import deadline_of, instant
from dapolicy.evaluate import _Plan, _warnings
from dapolicy.logic import FALSE, TRUE, UNKNOWN, Truth, truth_of
from dapolicy.model.case import case_document, read_case
from dapolicy.model.vocabulary import FACTS, RECIPIENT, STRENGTH

POLICIES = {policy_id: dapolicy.load_policy(policy_id) for policy_id in bundled_ids()}
_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}  # fmt: skip
_AREAS = ["cambridgeshire", "peterborough", "sefton", "wolverhampton", "shropshire", "telford", "sefon", "elsewhere"]


# --- cases ------------------------------------------------------------------------------------------------------


def random_case(rng: random.Random, present: float) -> dict[str, Any]:
    """A valid case document giving each fact with probability `present` (1: a complete case)."""
    return case_document({path: _value(rng, fact) for path, fact in FACTS.items() if rng.random() < present})


def _value(rng: random.Random, fact: Any) -> Any:
    if fact.kind == "bool":
        return rng.random() < 0.5
    if fact.kind == "int":
        return rng.randint(fact.minimum or 0, min(fact.maximum or 90, 90))
    if fact.kind == "enum":
        return rng.choice(fact.values)
    if fact.kind == "enum_list":
        return rng.sample(fact.values, rng.randint(0, min(4, len(fact.values))))
    if fact.kind == "area":
        return rng.choice(_AREAS)
    day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
    return f"{day.isoformat()}T{rng.randint(7, 20):02d}:{rng.randrange(60):02d}"  # office hours: no clock-change gap


# --- the reference evaluator ------------------------------------------------------------------------------------


def kleene(values: list[Truth], absorbing: Truth) -> Truth:
    """Kleene and (absorbing FALSE) or or (absorbing TRUE) of the values."""
    if absorbing in values:
        return absorbing
    return UNKNOWN if UNKNOWN in values else (TRUE if absorbing is FALSE else FALSE)


def negate(value: Truth) -> Truth:
    return UNKNOWN if value is UNKNOWN else truth_of(value is FALSE)


def side(value: Any, facts: dict[str, Any]) -> Any:
    """A constant's value, a fact's value, or None for an unknown fact."""
    return value.value if isinstance(value, Const) else facts.get(value.path)


def truth(node: Condition, facts: dict[str, Any], definitions: dict[str, Truth]) -> Truth:
    """The Kleene truth of a condition tree, walked node by node."""
    if isinstance(node, Literal):
        return node.truth
    if isinstance(node, Flag):
        return UNKNOWN if facts.get(node.path) is None else truth_of(bool(facts[node.path]))
    if isinstance(node, (Compare, Member)):
        a, b = (node.left, node.right) if isinstance(node, Compare) else (node.item, node.collection)
        x, y = side(a, facts), side(b, facts)
        if x is None or y is None:
            return UNKNOWN
        return truth_of(_OPERATORS[node.op](x, y) if isinstance(node, Compare) else x in y)
    if isinstance(node, DefinitionRef):
        return definitions[node.name]
    if isinstance(node, Not):
        return negate(truth(node.operand, facts, definitions))
    if isinstance(node, (All, Any_)):
        values = [truth(operand, facts, definitions) for operand in node.operands]
        return kleene(values, FALSE if isinstance(node, All) else TRUE)
    assert isinstance(node, ByArea)
    area, branches = facts.get("area"), dict(node.branches)
    if area is not None:
        branch = branches.get(area, node.default)
        return truth(branch, facts, definitions) if branch else UNKNOWN
    if node.default is None:
        return UNKNOWN
    values = {truth(branch, facts, definitions) for branch in node.children()}
    return values.pop() if len(values) == 1 else UNKNOWN


def missing(node: Condition, facts: dict[str, Any], definitions: dict[str, Truth],
            of_definition: Callable[[str], set[str]]) -> set[str]:  # fmt: skip
    """The unknown facts that keep an UNKNOWN node open: only those of its operands that are themselves UNKNOWN."""
    if isinstance(node, Flag):
        return {node.path} - set(facts)
    if isinstance(node, (Compare, Member)):
        sides = (node.left, node.right) if isinstance(node, Compare) else (node.item, node.collection)
        return {s.path for s in sides if not isinstance(s, Const) and s.path not in facts}
    if isinstance(node, DefinitionRef):
        return of_definition(node.name)
    if isinstance(node, ByArea) and facts.get("area") is not None:
        branch = dict(node.branches).get(facts["area"], node.default)
        return missing(branch, facts, definitions, of_definition) if branch else set()
    found = {"area"} if isinstance(node, ByArea) else set()
    for child in node.children():
        if truth(child, facts, definitions) is UNKNOWN:
            found |= missing(child, facts, definitions, of_definition)
    return found


def reference_document(policy: CompiledPolicy, case: dict[str, Any]) -> dict[str, Any]:
    """The decision document, worked out the plain way."""
    facts = read_case(case)
    definitions: dict[str, Truth] = {}
    for definition in policy.statutory_definitions + policy.definitions:
        definitions[definition.key] = truth(definition.condition, facts, definitions)

    def of_definition(name: str) -> set[str]:
        if definitions[name] is not UNKNOWN:
            return set()
        return missing(policy.definition_conditions[name], facts, definitions, of_definition)

    def waits(condition: Condition) -> set[str]:
        return missing(condition, facts, definitions, of_definition)

    conditions = {rule.id: truth(rule.condition, facts, definitions) for rule in policy.rules}
    reported_at = facts.get("reported_at")
    sections: dict[str, list[dict[str, Any]]] = {"actions": [], "undecided": [], "conflicts": []}
    for action, slots in policy.slots.items():
        outcomes = {slot.recipient: slot_outcome(slot, conditions, waits, reported_at) for slot in slots}
        every = outcomes.get(RECIPIENT.default)
        for recipient, outcome in outcomes.items():
            if outcome is None or (every is not None and outcome is not every and same_but_recipient(outcome, every)):
                continue
            sections[outcome[0]].append(outcome[1])
    sections["actions"].sort(key=lambda e: (instant(dt.datetime.fromisoformat(e["due"])) if e["due"] else
                                            dt.datetime.max.replace(tzinfo=dt.timezone.utc), e["due"] is None,
                                            e["id"], e["recipient"] or ""))  # fmt: skip
    value, statutory = definitions["domestic_abuse"], definitions["statutory.domestic_abuse"]
    return {
        "policy": {"id": policy.id, "landlord": policy.landlord, "version": policy.version,
                   "effective": policy.effective, "digest": policy.digest},
        "domestic_abuse": {
            "value": value.value,
            "statutory": statutory.value,
            "reasons": [f"{label}: {definitions[key].value}" for key, label in policy.reasons],
            "missing": sorted(of_definition("domestic_abuse") | of_definition("statutory.domestic_abuse")),
            "assumptions": list(policy.defining_assumptions),
        },
        **sections,
        "warnings": _warnings(policy, _Plan(policy), definitions, reported_at, facts.get("area")),
    }


def same_but_recipient(one: tuple[str, dict], other: tuple[str, dict]) -> bool:
    return one[0] == other[0] and {**one[1], "recipient": None} == {**other[1], "recipient": None}


def slot_outcome(slot: Slot, conditions: dict[str, Truth], waits: Callable[[Condition], set[str]],
                 reported_at: dt.datetime | None) -> tuple[str, dict[str, Any]] | None:  # fmt: skip
    """(section, entry) for one slot (contract section 5, with exceptions as default logic), None if no rule
    is in effect or open."""
    in_effect, applies = dict(conditions), dict(conditions)
    for rule in slot.order:
        defeated = kleene([applies[e.id] for e in slot.exceptions.get(rule.id, ())], TRUE)
        in_effect[rule.id] = kleene([conditions[rule.id], negate(defeated)], FALSE)
        applies[rule.id] = kleene([conditions[rule.id], defeated], TRUE)
    fired = [rule for rule in slot.rules if in_effect[rule.id] is TRUE]
    waiting = [rule for rule in slot.rules if in_effect[rule.id] is UNKNOWN]
    if not fired and not waiting:
        return None

    def waits_on(rule: CompiledRule) -> set[str]:
        found = waits(rule.condition) if conditions[rule.id] is UNKNOWN else set()
        for exception in slot.exceptions.get(rule.id, ()):
            if applies[exception.id] is UNKNOWN:
                found |= waits_on(exception)
        return found

    overrides = [r.id for r in slot.rules if conditions[r.id] is TRUE and in_effect[r.id] is FALSE]
    common = {"id": slot.action, "recipient": slot.recipient}
    allowed = [rule for rule in fired if rule.modality != "must_not"]
    forbidden = [rule for rule in fired if rule.modality == "must_not"]
    open_allowed = [rule for rule in waiting if rule.modality != "must_not"]
    open_forbidden = [rule for rule in waiting if rule.modality == "must_not"]
    if allowed and forbidden:
        return "conflicts", {**common, "modalities": sorted({r.modality for r in fired}), "citations": cited(fired),
                             "rules": [r.id for r in fired], "overrides": overrides}  # fmt: skip
    if forbidden and not open_allowed:
        return "actions", {**common, "modality": "must_not", "due": None, "authority": None, "missing": [],
                           "citations": cited(forbidden), "because": [r.applies for r in forbidden],
                           "rules": [r.id for r in forbidden], "overrides": overrides,
                           "assumptions": assumed(forbidden)}  # fmt: skip
    if allowed and not open_forbidden:
        modality = max((r.modality for r in allowed), key=STRENGTH.get)
        strongest = [r for r in allowed if r.modality == modality]
        authority = None if any(r.authority is None for r in strongest) else " or ".join(
            sorted({r.authority for r in strongest}))
        found: set[str] = set()
        due, because = None, []
        timed = [deadline_of(r.due, reported_at) for r in allowed if r.due is not None and reported_at is not None]
        if any(r.due is not None for r in allowed) and reported_at is None:
            found.add("reported_at")
        if timed:
            earliest = min(timed, key=lambda d: instant(d.due))
            due, because = earliest.due, [earliest.because]
        for rule in open_allowed:
            stronger = STRENGTH[rule.modality] > STRENGTH[modality]
            earlier = rule.due is not None and (due is None or reported_at is None
                                                or instant(deadline_of(rule.due, reported_at).due) < instant(due))
            approver = (authority is not None and STRENGTH[rule.modality] >= STRENGTH[modality]
                        and rule.authority != authority)  # fmt: skip
            if stronger or earlier or approver:
                found |= waits_on(rule)
        return "actions", {**common, "modality": modality, "due": due.isoformat() if due else None,
                           "authority": authority, "missing": sorted(found), "citations": cited(allowed),
                           "because": because + [r.applies for r in allowed], "rules": [r.id for r in allowed],
                           "overrides": overrides, "assumptions": assumed(allowed)}  # fmt: skip
    modality = "must_not" if forbidden or open_forbidden else max(
        (r.modality for r in allowed or open_allowed), key=STRENGTH.get)
    found = set().union(*(waits_on(rule) for rule in waiting))
    return "undecided", {**common, "modality": modality, "modalities": sorted({r.modality for r in fired + waiting}),
                         "missing": sorted(found), "citations": cited(fired + waiting),
                         "rules": [r.id for r in fired + waiting], "overrides": overrides}  # fmt: skip


def cited(rules: list[CompiledRule]) -> list[dict[str, str]]:
    """Every citation of the rules, once each, in order."""
    return [c.to_dict() for c in dict.fromkeys(c for rule in rules for c in rule.citations)]


def assumed(rules: list[CompiledRule]) -> list[str]:
    return list(dict.fromkeys(a for rule in rules for a in rule.assumptions))


# --- the tests --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), present=st.sampled_from([1.0, 0.9, 0.5, 0.2, 0.0]))
def test_the_fast_path_gives_the_reference_decision(policy_id, seed, present):
    policy = POLICIES[policy_id]
    case = random_case(random.Random(seed), present)
    assert policy.evaluate(case).to_dict() == reference_document(policy.compiled, case)


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), present=st.sampled_from([0.9, 0.5]))
def test_the_same_case_twice_gives_the_same_document(policy_id, seed, present):
    """The outcome shapes cached from one case never leak into another."""
    policy = POLICIES[policy_id]
    rng = random.Random(seed)
    cases = [random_case(rng, present) for _ in range(3)]
    first = [policy.evaluate(case).to_dict() for case in cases]
    assert [policy.evaluate(case).to_dict() for case in reversed(cases)] == first[::-1]
