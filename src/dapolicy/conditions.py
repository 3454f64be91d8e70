"""Conditions as analysable data: a small tree of atoms over case facts joined by Kleene and/or/not.

The compile stage builds these nodes from rule-engine's syntax tree; each node carries its evaluation function,
built once, so evaluating a case is a chain of closure calls over a flat dict of facts. The tree itself stays
available for comparing rulesets (every atom compares one fact with constants) and for explaining a decision
(`missing` names the unknown facts that keep a condition open).

Facts are read from a flat mapping `{"survivor.age": 34, "behaviours": frozenset({...}), ...}`; an absent key
is an unknown fact. Definitions are read from a mapping of already-evaluated definition truths.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from .logic import FALSE, TRUE, UNKNOWN, Truth, kleene_not

Facts = Mapping[str, Any]
Truths = Mapping[str, Truth]
Test = Callable[[Facts, Truths], Truth]

ABSENT = object()
"""What a fact reader gives for a fact the case does not give (None is never a fact's value)."""
REFLECTED = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
"""Each comparison with its sides swapped: `fact >= 14` holds where `14 <= fact` does."""
_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@dataclass(frozen=True)
class FactValue:
    """The value of a case fact, by dotted path."""

    path: str

    def __str__(self) -> str:
        return self.path


@dataclass(frozen=True)
class Const:
    """A constant: text, a number, true/false, or a tuple of texts (a list literal or a parameter's value)."""

    value: Any
    parameter: str | None = None

    def __str__(self) -> str:
        if self.parameter:
            return f"params.{self.parameter}"
        return _literal(self.value)


Value = FactValue | Const


class Condition:
    """A node of a condition tree. `test(facts, definitions)` gives its Truth."""

    test: Test

    def __post_init__(self) -> None:
        object.__setattr__(self, "test", self._build())

    def __getstate__(self) -> dict[str, Any]:
        """The node's fields for pickling, without its test (a closure, rebuilt when unpickled)."""
        return {name: value for name, value in self.__dict__.items() if name != "test"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore the fields and rebuild the test (the operands, unpickled first, have theirs)."""
        self.__dict__.update(state)
        object.__setattr__(self, "test", self._build())

    def _build(self) -> Test:
        raise NotImplementedError

    def missing(self, facts: Facts, truths: Truths, definitions_missing: Mapping[str, frozenset[str]]) -> frozenset[str]:
        """The unknown facts that keep this node UNKNOWN; call it only on a node whose test gave UNKNOWN."""
        raise NotImplementedError

    def children(self) -> tuple["Condition", ...]:
        return ()


@dataclass(frozen=True)
class Literal(Condition):
    """`true` or `false` written in a condition."""

    truth: Truth
    test: Test = field(init=False, repr=False, compare=False)

    def _build(self) -> Test:
        truth = self.truth
        return lambda facts, definitions: truth

    def missing(self, facts, truths, definitions_missing):
        return frozenset()

    def __str__(self) -> str:
        return "true" if self.truth is TRUE else "false"


@dataclass(frozen=True)
class Flag(Condition):
    """A yes/no fact used as a condition: `survivor.is_customer`."""

    path: str
    test: Test = field(init=False, repr=False, compare=False)

    def _build(self) -> Test:
        path = self.path

        def flag(facts: Facts, definitions: Truths) -> Truth:
            value = facts.get(path)
            if value is None:
                return UNKNOWN
            return TRUE if value else FALSE

        return flag

    def missing(self, facts, truths, definitions_missing):
        return frozenset() if self.path in facts else frozenset({self.path})

    def __str__(self) -> str:
        return self.path


@dataclass(frozen=True)
class Compare(Condition):
    """A comparison of a fact with a constant (or another fact): `risk.dash_score >= 14`."""

    op: str
    left: Value
    right: Value
    test: Test = field(init=False, repr=False, compare=False)

    def _build(self) -> Test:
        compare = _OPERATORS[self.op]
        if isinstance(self.left, FactValue) and isinstance(self.right, Const):
            # `fact >= 14` holds for a value v when `14 <= v`: bind the constant to the reflected operator.
            return _fact_test(self.left.path, functools.partial(_OPERATORS[REFLECTED[self.op]], self.right.value))
        left, right = _reader(self.left), _reader(self.right)

        def comparison(facts: Facts, definitions: Truths) -> Truth:
            a, b = left(facts), right(facts)
            if a is ABSENT or b is ABSENT:
                return UNKNOWN
            return TRUE if compare(a, b) else FALSE

        return comparison

    def missing(self, facts, truths, definitions_missing):
        return _absent(facts, self.left, self.right)

    def __str__(self) -> str:
        return f"{self.left} {self.op} {self.right}"


@dataclass(frozen=True)
class Member(Condition):
    """Membership: `relationship in ["spouse", "relative"]` or `"physical" in behaviours`."""

    item: Value
    collection: Value
    test: Test = field(init=False, repr=False, compare=False)

    def _build(self) -> Test:
        if isinstance(self.collection, Const) and isinstance(self.item, FactValue):
            return _fact_test(self.item.path, frozenset(self.collection.value).__contains__)
        if isinstance(self.item, Const) and isinstance(self.collection, FactValue):
            wanted = self.item.value
            return _fact_test(self.collection.path, lambda value: wanted in value)
        item, collection = _reader(self.item), _reader(self.collection)

        def member(facts: Facts, definitions: Truths) -> Truth:
            a, b = item(facts), collection(facts)
            if a is ABSENT or b is ABSENT:
                return UNKNOWN
            return TRUE if a in b else FALSE

        return member

    def missing(self, facts, truths, definitions_missing):
        return _absent(facts, self.item, self.collection)

    def __str__(self) -> str:
        return f"{self.item} in {self.collection}"


@dataclass(frozen=True)
class DefinitionRef(Condition):
    """A named definition used in a condition: `personally_connected`, `statutory.domestic_abuse`."""

    name: str
    test: Test = field(init=False, repr=False, compare=False)

    def _build(self) -> Test:
        name = self.name
        return lambda facts, definitions: definitions[name]

    def missing(self, facts, truths, definitions_missing):
        return definitions_missing[self.name]

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Not(Condition):
    """Kleene negation."""

    operand: Condition
    test: Test = field(init=False, repr=False, compare=False)

    def _build(self) -> Test:
        inner = self.operand.test
        return lambda facts, definitions: kleene_not(inner(facts, definitions))

    def missing(self, facts, truths, definitions_missing):
        return self.operand.missing(facts, truths, definitions_missing)

    def children(self):
        return (self.operand,)

    def __str__(self) -> str:
        return f"not {_grouped(self.operand)}"


@dataclass(frozen=True)
class All(Condition):
    """Kleene conjunction of two or more conditions."""

    operands: tuple[Condition, ...]
    test: Test = field(init=False, repr=False, compare=False)

    def _build(self) -> Test:
        tests = tuple(operand.test for operand in self.operands)

        def conjunction(facts: Facts, definitions: Truths) -> Truth:
            result = TRUE
            for test in tests:
                value = test(facts, definitions)
                if value is FALSE:
                    return FALSE
                if value is UNKNOWN:
                    result = UNKNOWN
            return result

        return conjunction

    def missing(self, facts, truths, definitions_missing):
        return _open_operands(self.operands, facts, truths, definitions_missing)

    def children(self):
        return self.operands

    def __str__(self) -> str:
        return " and ".join(_grouped(operand) for operand in self.operands)


@dataclass(frozen=True)
class Any_(Condition):
    """Kleene disjunction of two or more conditions."""

    operands: tuple[Condition, ...]
    test: Test = field(init=False, repr=False, compare=False)

    def _build(self) -> Test:
        tests = tuple(operand.test for operand in self.operands)

        def disjunction(facts: Facts, definitions: Truths) -> Truth:
            result = FALSE
            for test in tests:
                value = test(facts, definitions)
                if value is TRUE:
                    return TRUE
                if value is UNKNOWN:
                    result = UNKNOWN
            return result

        return disjunction

    def missing(self, facts, truths, definitions_missing):
        return _open_operands(self.operands, facts, truths, definitions_missing)

    def children(self):
        return self.operands

    def __str__(self) -> str:
        return " or ".join(_grouped(operand) for operand in self.operands)


@dataclass(frozen=True)
class ByArea(Condition):
    """An atom whose constant depends on `area` (a parameter keyed by area), one branch per area.

    With the area known, its branch decides (an area with no branch and no default is UNKNOWN: the policy gives
    no value there). With the area unknown, the branches decide only if they all agree.
    """

    parameter: str
    branches: tuple[tuple[str, Condition], ...]
    default: Condition | None
    test: Test = field(init=False, repr=False, compare=False)

    def _build(self) -> Test:
        branches = {area: branch.test for area, branch in self.branches}
        every = tuple(branches.values()) + ((self.default.test,) if self.default else ())
        default = self.default.test if self.default else None

        def by_area(facts: Facts, definitions: Truths) -> Truth:
            area = facts.get("area")
            if area is not None:
                branch = branches.get(area, default)
                return branch(facts, definitions) if branch else UNKNOWN
            if default is None:
                return UNKNOWN
            values = {test(facts, definitions) for test in every}
            return values.pop() if len(values) == 1 else UNKNOWN

        return by_area

    def missing(self, facts, truths, definitions_missing):
        area = facts.get("area")
        if area is not None:
            branch = dict(self.branches).get(area, self.default)
            return branch.missing(facts, truths, definitions_missing) if branch else frozenset()
        return frozenset({"area"}) | _open_operands(self.children(), facts, truths, definitions_missing)

    def children(self):
        return tuple(branch for _, branch in self.branches) + ((self.default,) if self.default else ())

    def __str__(self) -> str:
        return str(self.branches[0][1])


def facts_read(condition: Condition) -> frozenset[str]:
    """Every fact path a condition reads directly (not through definitions)."""
    found: set[str] = set()
    _walk_facts(condition, found)
    return frozenset(found)


def definitions_read(condition: Condition) -> tuple[str, ...]:
    """Every definition a condition names directly, in the order written (so that what is built from them, such
    as a rule's assumptions, comes out in the same order in every process)."""
    if isinstance(condition, DefinitionRef):
        return (condition.name,)
    return tuple(dict.fromkeys(name for child in condition.children() for name in definitions_read(child)))


def _walk_facts(condition: Condition, found: set[str]) -> None:
    if isinstance(condition, Flag):
        found.add(condition.path)
    elif isinstance(condition, (Compare, Member)):
        for side in (getattr(condition, "left", None), getattr(condition, "right", None),
                     getattr(condition, "item", None), getattr(condition, "collection", None)):  # fmt: skip
            if isinstance(side, FactValue):
                found.add(side.path)
    elif isinstance(condition, ByArea):
        found.add("area")
    for child in condition.children():
        _walk_facts(child, found)


def _fact_test(path: str, holds: Callable[[Any], bool]) -> Test:
    """The test of an atom over one fact: UNKNOWN while the fact is absent, else whether `holds(value)`."""

    def on_fact(facts: Facts, definitions: Truths) -> Truth:
        value = facts.get(path, ABSENT)
        if value is ABSENT:
            return UNKNOWN
        return TRUE if holds(value) else FALSE

    return on_fact


def _reader(value: Value) -> Callable[[Facts], Any]:
    if isinstance(value, Const):
        constant = value.value
        return lambda facts: constant
    path = value.path
    return lambda facts: facts.get(path, ABSENT)


def _absent(facts: Facts, *values: Value) -> frozenset[str]:
    return frozenset(v.path for v in values if isinstance(v, FactValue) and v.path not in facts)


def _open_operands(operands, facts, truths, definitions_missing) -> frozenset[str]:
    """The missing facts of the operands that are themselves UNKNOWN (a decided operand settles nothing)."""
    found: set[str] = set()
    for operand in operands:
        if operand.test(facts, truths) is UNKNOWN:
            found |= operand.missing(facts, truths, definitions_missing)
    return frozenset(found)


def _grouped(condition: Condition) -> str:
    text = str(condition)
    return f"({text})" if isinstance(condition, (All, Any_)) else text


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (tuple, frozenset, list)):
        items = sorted(value) if isinstance(value, frozenset) else value
        return "[" + ", ".join(_literal(item) for item in items) + "]"
    return repr(value)
