"""Exact comparison of two compiled rulesets: in which cases do they lead to different outcomes?

Each condition tree is encoded for the z3 solver in two rails: a formula for "true" and one for "false" (unknown
is neither), over one variable per fact (`known`, and its value). The engine's merge of rules into one outcome per
action (contract section 5) is encoded the same way, so "is there a case where the two outcomes differ?" is one
satisfiability question per action and aspect. A satisfiable question gives a witness case; it is checked by
evaluating both rulesets with the engine, then shrunk by leaving out facts while the difference still shows. An
unsatisfiable question proves that no case differs. docs/comparison.md explains the choice of a solver over
enumerating the case space.

This first step compares presence, modality and authority of every action and both values of the definition of
domestic abuse; deadlines (aspect `due`) are not compared yet.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import z3

from .compile import CompiledPolicy
from .conditions import All, Any_, ByArea, Compare, Condition, Const, DefinitionRef, FactValue, Flag, Literal, Member, Not
from .decision import Decision
from .evaluate import evaluate_case
from .logic import TRUE
from .model.vocabulary import FACTS, Fact

_ALLOWED = ("must", "should", "may")
_OTHER_AREA = "another_area"


@dataclass(frozen=True)
class Difference:
    """One way two rulesets differ: the subject (action id or `domestic_abuse`), the aspect, and a witness case."""

    subject: str
    aspect: str
    left: dict[str, Any] | None
    right: dict[str, Any] | None
    witness: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"subject": self.subject, "aspect": self.aspect, "left": self.left, "right": self.right,
                "witness": self.witness}  # fmt: skip


@dataclass(frozen=True)
class Comparison:
    """The comparison document (contract section 8)."""

    left: CompiledPolicy
    right: CompiledPolicy
    differences: tuple[Difference, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "left": {"id": self.left.id, "digest": self.left.digest},
            "right": {"id": self.right.id, "digest": self.right.digest},
            "equivalent": not self.differences,
            "differences": [d.to_dict() for d in self.differences],
        }


def compare_policies(left: CompiledPolicy, right: CompiledPolicy) -> Comparison:
    """Every (subject, aspect) in which some case makes `left` and `right` differ, each with a verified witness."""
    facts = _FactVariables(_area_names(left, right))
    sides = (_Encoding(left, facts), _Encoding(right, facts))
    solver = z3.Solver()
    solver.add(facts.constraints)
    differences = []
    for subject, aspect, question, relevant in _questions(sides):
        solver.push()
        solver.add(question)
        if solver.check() == z3.sat:
            differences.append(_witness(subject, aspect, solver.model(), facts, relevant, left, right))
        solver.pop()
    return Comparison(left, right, tuple(sorted(differences, key=lambda d: (d.subject, d.aspect))))


# --- facts ---------------------------------------------------------------------------------------------------


class _FactVariables:
    """z3 variables for every case fact: whether it is known, and its value."""

    def __init__(self, areas: tuple[str, ...]):
        self.areas = areas + (_OTHER_AREA,)
        self.known = {path: z3.Bool(f"known:{path}") for path in FACTS}
        self.value: dict[str, Any] = {}
        self.members: dict[str, dict[str, Any]] = {}
        self.constraints = []
        for path, fact in FACTS.items():
            if fact.kind == "bool":
                self.value[path] = z3.Bool(f"value:{path}")
            elif fact.kind == "enum_list":
                self.members[path] = {v: z3.Bool(f"has:{path}:{v}") for v in fact.values}
            elif fact.kind != "datetime":
                variable = z3.Int(f"value:{path}")
                self.value[path] = variable
                low, high = _bounds(fact, self.areas)
                self.constraints += [variable >= low, variable <= high]

    def code(self, fact: Fact, constant: Any) -> Any:
        """The solver value standing for a constant compared with `fact`."""
        if fact.kind == "enum":
            return fact.values.index(constant)
        if fact.kind == "area":
            return self.areas.index(constant)
        return constant

    def decode(self, path: str, model: z3.ModelRef) -> Any:
        """The case document's value of a known fact in a model."""
        fact = FACTS[path]
        if fact.kind == "enum_list":
            return [v for v, has in self.members[path].items() if z3.is_true(model.eval(has, model_completion=True))]
        value = model.eval(self.value[path], model_completion=True)
        if fact.kind == "bool":
            return z3.is_true(value)
        number = value.as_long()
        if fact.kind == "enum":
            return fact.values[number]
        if fact.kind == "area":
            return self.areas[number]
        return number


def _bounds(fact: Fact, areas: tuple[str, ...]) -> tuple[int, int]:
    if fact.kind == "enum":
        return 0, len(fact.values) - 1
    if fact.kind == "area":
        return 0, len(areas) - 1
    return fact.minimum or 0, fact.maximum if fact.maximum is not None else 10**6


def _area_names(*policies: CompiledPolicy) -> tuple[str, ...]:
    """Every area a condition of either ruleset names, so the solver can tell them apart."""
    names: set[str] = set()
    for policy in policies:
        for condition in _conditions(policy):
            names |= _areas_in(condition)
    return tuple(sorted(names))


def _areas_in(condition: Condition) -> set[str]:
    found: set[str] = set()
    if isinstance(condition, ByArea):
        found |= {area for area, _ in condition.branches}
    if isinstance(condition, (Compare, Member)):
        sides = [getattr(condition, n, None) for n in ("left", "right", "item", "collection")]
        if any(isinstance(s, FactValue) and s.path == "area" for s in sides):
            for side in sides:
                if isinstance(side, Const):
                    found |= set(side.value) if isinstance(side.value, tuple) else {side.value}
    for child in condition.children():
        found |= _areas_in(child)
    return found


def _conditions(policy: CompiledPolicy) -> Iterable[Condition]:
    yield from (d.condition for d in policy.statutory_definitions + policy.definitions)
    yield from (r.condition for r in policy.rules)


# --- conditions in two rails ------------------------------------------------------------------------------------


class _Encoding:
    """One ruleset's conditions, definitions and action outcomes as z3 formulas."""

    def __init__(self, policy: CompiledPolicy, facts: _FactVariables):
        self.policy, self.facts = policy, facts
        self.definitions: dict[str, tuple[Any, Any]] = {}
        for definition in policy.statutory_definitions + policy.definitions:
            self.definitions[definition.key] = self.rails(definition.condition)
        self.rules = {rule.id: self.rails(rule.condition) for rule in policy.rules}

    def rails(self, condition: Condition) -> tuple[Any, Any]:
        """(holds, fails) for a condition; unknown is neither."""
        if isinstance(condition, Literal):
            return (z3.BoolVal(condition.truth is TRUE), z3.BoolVal(condition.truth is not TRUE))
        if isinstance(condition, Flag):
            known, value = self.facts.known[condition.path], self.facts.value[condition.path]
            return z3.And(known, value), z3.And(known, z3.Not(value))
        if isinstance(condition, (Compare, Member)):
            known, holds = self._atom(condition)
            return z3.And(known, holds), z3.And(known, z3.Not(holds))
        if isinstance(condition, DefinitionRef):
            return self.definitions[condition.name]
        if isinstance(condition, Not):
            holds, fails = self.rails(condition.operand)
            return fails, holds
        if isinstance(condition, All):
            parts = [self.rails(o) for o in condition.operands]
            return z3.And([h for h, _ in parts]), z3.Or([f for _, f in parts])
        if isinstance(condition, Any_):
            parts = [self.rails(o) for o in condition.operands]
            return z3.Or([h for h, _ in parts]), z3.And([f for _, f in parts])
        if isinstance(condition, ByArea):
            return self._by_area(condition)
        raise TypeError(f"cannot encode {type(condition).__name__}")

    def _atom(self, atom: Compare | Member) -> tuple[Any, Any]:
        """(all facts it reads are known, the comparison holds) for an atom."""
        if isinstance(atom, Member):
            item, collection = atom.item, atom.collection
            if isinstance(collection, FactValue):
                known = self.facts.known[collection.path]
                if isinstance(item, Const):
                    return known, self.facts.members[collection.path][item.value]
                raise TypeError("a list fact can only contain a constant")
            values = collection.value
            if isinstance(item, Const):
                return z3.BoolVal(True), z3.BoolVal(item.value in values)
            fact = FACTS[item.path]
            variable = self.facts.value[item.path]
            return self.facts.known[item.path], z3.Or([variable == self.facts.code(fact, v) for v in values])
        known, left = self._operand(atom.left, atom.right)
        known_right, right = self._operand(atom.right, atom.left)
        return z3.And(known, known_right), _COMPARE[atom.op](left, right)

    def _operand(self, side: Any, other: Any) -> tuple[Any, Any]:
        if isinstance(side, FactValue):
            return self.facts.known[side.path], self.facts.value[side.path]
        if isinstance(other, FactValue):
            return z3.BoolVal(True), self.facts.code(FACTS[other.path], side.value)
        return z3.BoolVal(True), side.value

    def _by_area(self, condition: ByArea) -> tuple[Any, Any]:
        known, area = self.facts.known["area"], self.facts.value["area"]
        listed = [self.facts.code(FACTS["area"], a) for a, _ in condition.branches]
        holds, fails = [], []
        for (name, branch), code in zip(condition.branches, listed):
            h, f = self.rails(branch)
            holds.append(z3.And(known, area == code, h))
            fails.append(z3.And(known, area == code, f))
        if condition.default is not None:
            h, f = self.rails(condition.default)
            elsewhere = z3.And(known, z3.And([area != code for code in listed]))
            every = [self.rails(b) for _, b in condition.branches] + [(h, f)]
            holds += [z3.And(elsewhere, h), z3.And(z3.Not(known), z3.And([x for x, _ in every]))]
            fails += [z3.And(elsewhere, f), z3.And(z3.Not(known), z3.And([y for _, y in every]))]
        return z3.Or(holds), z3.Or(fails)

    # outcomes

    def outcome(self, action: str) -> "_Outcome":
        """The merged outcome of an action (contract section 5), as formulas."""
        rules = self.policy.actions.get(action, ())
        allowed = [r for r in rules if r.modality != "must_not"]
        forbidden = [r for r in rules if r.modality == "must_not"]
        fired = lambda group: z3.Or([self.rules[r.id][0] for r in group])  # noqa: E731
        waiting = lambda group: z3.Or([_unknown(self.rules[r.id]) for r in group])  # noqa: E731
        fa, fn, ua, un = fired(allowed), fired(forbidden), waiting(allowed), waiting(forbidden)
        prohibition = z3.And(fn, z3.Not(fa), z3.Not(ua))
        entry = z3.And(fa, z3.Not(fn), z3.Not(un))
        modality: dict[str, Any] = {"must_not": prohibition}
        stronger: list[Any] = []
        approvers: dict[str, Any] = {}
        unapproved = []
        for name in _ALLOWED:
            at = [r for r in allowed if r.modality == name]
            wins = z3.And(entry, fired(at), z3.Not(z3.Or(stronger)) if stronger else z3.BoolVal(True))
            modality[name] = wins
            stronger.append(fired(at))
            unapproved.append(z3.And(wins, fired([r for r in at if r.authority is None])))
            for authority in {r.authority for r in at if r.authority}:
                approvers[authority] = z3.Or(approvers.get(authority, z3.BoolVal(False)),
                                             z3.And(wins, fired([r for r in at if r.authority == authority])))  # fmt: skip
        return _Outcome(
            in_actions=z3.Or(prohibition, entry),
            absent=z3.Not(z3.Or(fa, fn, ua, un)),
            conflict=z3.And(fa, fn),
            modality=modality,
            no_approval=z3.Or(prohibition, z3.Or(unapproved)),
            approvers=approvers,
        )


@dataclass
class _Outcome:
    in_actions: Any
    absent: Any
    conflict: Any
    modality: dict[str, Any]
    no_approval: Any
    approvers: dict[str, Any]


def _unknown(rails: tuple[Any, Any]) -> Any:
    return z3.And(z3.Not(rails[0]), z3.Not(rails[1]))


_COMPARE = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


# --- questions ---------------------------------------------------------------------------------------------------


def _questions(sides: tuple[_Encoding, _Encoding]) -> Iterable[tuple[str, str, Any, frozenset[str]]]:
    """(subject, aspect, "some case differs" formula, the facts that may matter) for every subject and aspect."""
    left, right = sides
    for key, aspect in (("domestic_abuse", "value"), ("statutory.domestic_abuse", "statutory")):
        relevant = _definition_facts(left.policy, key) | _definition_facts(right.policy, key)
        a, b = left.definitions[key], right.definitions[key]
        yield "domestic_abuse", aspect, z3.Or([z3.And(x, y) for x, y in _different_truths(a, b)]), relevant
    for action in sorted(set(left.policy.actions) | set(right.policy.actions)):
        relevant = _action_facts(left.policy, action) | _action_facts(right.policy, action)
        l, r = left.outcome(action), right.outcome(action)
        presence = z3.Or(z3.And(l.in_actions, z3.Or(r.absent, r.conflict)),
                         z3.And(r.in_actions, z3.Or(l.absent, l.conflict)))  # fmt: skip
        yield action, "presence", presence, relevant
        modality = z3.Or([z3.And(l.modality[x], r.modality[y])
                          for x, y in itertools.permutations(l.modality, 2)])  # fmt: skip
        yield action, "modality", modality, relevant
        names = set(l.approvers) | set(r.approvers)
        same_approvers = z3.And([l.approvers.get(n, z3.BoolVal(False)) == r.approvers.get(n, z3.BoolVal(False))
                                 for n in names])  # fmt: skip
        authority = z3.And(l.in_actions, r.in_actions,
                           z3.Or(l.no_approval != r.no_approval,
                                 z3.And(z3.Not(l.no_approval), z3.Not(r.no_approval), z3.Not(same_approvers))))  # fmt: skip
        yield action, "authority", authority, relevant


def _different_truths(a: tuple[Any, Any], b: tuple[Any, Any]) -> list[tuple[Any, Any]]:
    truths = lambda rails: (rails[0], rails[1], _unknown(rails))  # noqa: E731
    return [(x, y) for i, x in enumerate(truths(a)) for j, y in enumerate(truths(b)) if i != j]


def _definition_facts(policy: CompiledPolicy, key: str) -> frozenset[str]:
    return next(d.facts for d in policy.statutory_definitions + policy.definitions if d.key == key)


def _action_facts(policy: CompiledPolicy, action: str) -> frozenset[str]:
    return frozenset().union(*(r.facts for r in policy.actions.get(action, ())))


# --- witnesses ---------------------------------------------------------------------------------------------------


def _witness(subject: str, aspect: str, model: z3.ModelRef, facts: _FactVariables, relevant: frozenset[str],
             left: CompiledPolicy, right: CompiledPolicy) -> Difference:  # fmt: skip
    """A verified, shrunk witness case for a difference the solver found."""
    values = {p: facts.decode(p, model) for p in sorted(relevant) if z3.is_true(model.eval(facts.known[p], True))}
    shows = lambda case: _shows(subject, aspect, evaluate_case(left, case), evaluate_case(right, case))  # noqa: E731
    if not shows(_case(values)):
        raise AssertionError(f"the solver's witness for {subject} {aspect} does not show in evaluation: {values}")
    for path in list(values):
        fewer = {p: v for p, v in values.items() if p != path}
        if shows(_case(fewer)):
            values = fewer
    case = _case(values)
    return Difference(subject, aspect, _side(subject, aspect, evaluate_case(left, case)),
                      _side(subject, aspect, evaluate_case(right, case)), case)  # fmt: skip


def _case(values: Mapping[str, Any]) -> dict[str, Any]:
    """A nested case document from dotted facts."""
    case: dict[str, Any] = {}
    for path, value in values.items():
        if "." in path:
            group, name = path.split(".", 1)
            case.setdefault(group, {})[name] = value
        else:
            case[path] = value
    return case


def _shows(subject: str, aspect: str, left: Decision, right: Decision) -> bool:
    """Whether two decisions show the difference (subject, aspect)."""
    if subject == "domestic_abuse":
        return getattr(left.domestic_abuse, aspect) is not getattr(right.domestic_abuse, aspect)
    a, b = left.action(subject), right.action(subject)
    if aspect == "presence":
        open_left = any(e.id == subject for e in left.undecided)
        open_right = any(e.id == subject for e in right.undecided)
        return (a is not None and b is None and not open_right) or (b is not None and a is None and not open_left)
    if a is None or b is None:
        return False
    return a.modality != b.modality if aspect == "modality" else a.authority != b.authority


def _side(subject: str, aspect: str, decision: Decision) -> dict[str, Any] | None:
    """That side's outcome for the witness (contract section 8), null where the action is absent."""
    if subject == "domestic_abuse":
        return {aspect: getattr(decision.domestic_abuse, aspect).value}
    entry = decision.action(subject)
    if entry is None:
        return None
    return {"modality": entry.modality, "due": entry.due.isoformat() if entry.due else None,
            "authority": entry.authority, "citations": [{"clause": c.clause, "quote": c.quote} for c in entry.citations]}  # fmt: skip


__all__ = ["Comparison", "Difference", "compare_policies"]
