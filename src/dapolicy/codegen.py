"""Conditions compiled to Python: functions that give the truths of a case's definitions and rules, and the
unknown facts that keep each open one open.

The condition trees (conditions.py) evaluate as a chain of closure calls, one per node; here each tree becomes a
single Python expression, each fact is read from the case once, and a definition is a local variable, so a case
costs one call instead of hundreds. The generated code does exactly what the nodes' own `test` and `missing` do
(the same comparisons, in the same Kleene logic; tests/test_codegen.py checks it on random cases), and nodes it has
no expression for (an atom keyed by area, a comparison of two facts) are called as they are.

Generated once per compiled policy (evaluate.py's plan: for all its definitions and rules at once, and for one
definition or rule when a decision on a few actions asks), from the policy's own trees: the source holds no text of
a ruleset, only names of this module's making; constants (texts, numbers, lists) are bound as values, never written
into the source.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from .conditions import (
    ABSENT,
    REFLECTED,
    All,
    Any_,
    Compare,
    Condition,
    Const,
    DefinitionRef,
    FactValue,
    Flag,
    Literal,
    Member,
    Not,
    facts_read,
)
from .logic import FALSE, TRUE, UNKNOWN, Truth

Facts = Mapping[str, Any]
Truths = dict[str, Truth]
#: The truth of every rule, in the given order, the definitions' truths given.
RuleTruths = Callable[[Facts, Truths], tuple[Truth, ...]]
#: Given the rule truths (`RuleTruths`') and the definitions' missing facts, the unknown facts that keep each rule open,
#: as `Condition.missing` gives them; none for a decided one.
MissingOf = Callable[[Facts, Truths, tuple[Truth, ...], Mapping[str, frozenset[str]]], tuple[frozenset[str], ...]]


class _Writer:
    """The source of one generated function: its constants, the facts it reads (once each) and its temporaries."""

    def __init__(self, namespace: dict[str, Any]):
        self.namespace = namespace
        self.names: dict[int, str] = {}
        self.reads: dict[str, str] = {}
        self.locals: dict[str, str] = {}  # a definition's truth computed in this function: its local
        self.missing_locals: dict[str, str] = {}  # a definition's missing facts computed in this function
        self.hoisted: dict[tuple[str, str], str] = {}  # (mapping, definition) read once at the top: its local
        self.temporaries = 0

    def constant(self, value: Any) -> str:
        """A name bound to `value` in the generated module (each distinct object once)."""
        name = self.names.get(id(value))
        if name is None:
            name = self.names[id(value)] = f"k{len(self.names)}"
            self.namespace[name] = value  # the namespace keeps the value alive, so its id stays its own
        return name

    def fact(self, path: str) -> str:
        """The local holding the case's value of `path` (or ABSENT), read once at the top of the function."""
        name = self.reads.get(path)
        if name is None:
            name = self.reads[path] = f"v{len(self.reads)}"
        return name

    def temporary(self) -> str:
        self.temporaries += 1
        return f"t{self.temporaries}"

    def read(self, mapping: str, name: str) -> str:
        """The local holding `mapping[name]` (`truths` or `missing_of`), read once at the top of the function."""
        local = self.hoisted.get((mapping, name))
        if local is None:
            local = self.hoisted[mapping, name] = f"h{len(self.hoisted)}"
        return local

    def prologue(self) -> list[str]:
        """The reads of the facts and definitions the body uses."""
        return [*(f"    {name} = get({self.constant(path)}, ABSENT)" for path, name in self.reads.items()),
                *(f"    {local} = {mapping}[{self.constant(name)}]" for (mapping, name), local in self.hoisted.items())]

    def value(self, side: Any) -> str:
        """A comparison's side: the fact's local, or the constant."""
        return self.fact(side.path) if isinstance(side, FactValue) else self.constant(side.value)

    def truth(self, node: Condition) -> str:
        """An expression giving the node's Truth, as `node.test(facts, truths)` does."""
        if isinstance(node, Literal):
            return "T" if node.truth is TRUE else "F"
        if isinstance(node, Flag):
            v = self.fact(node.path)
            return f"(U if {v} is ABSENT or {v} is None else T if {v} else F)"
        if isinstance(node, DefinitionRef):
            return self.locals.get(node.name) or self.read("truths", node.name)
        if isinstance(node, Not):
            t = self.temporary()
            return f"(U if ({t} := {self.truth(node.operand)}) is U else F if {t} is T else T)"
        if isinstance(node, (All, Any_)):
            return self._junction(node)
        if isinstance(node, Compare):
            return self._compare(node)
        if isinstance(node, Member):
            return self._member(node)
        return f"{self.constant(node.test)}(facts, truths)"

    def _junction(self, node: All | Any_) -> str:
        """Kleene and/or: the deciding truth at the first operand that gives it, else UNKNOWN if any is, else the
        other truth."""
        decides, otherwise = ("F", "T") if isinstance(node, All) else ("T", "F")
        names = [self.temporary() for _ in node.operands]
        tests = [f"{decides} if ({t} := {self.truth(operand)}) is {decides} else" for t, operand in
                 zip(names, node.operands)]  # fmt: skip
        opened = " or ".join(f"{t} is U" for t in names)
        return f"({' '.join(tests)} U if {opened} else {otherwise})"

    def _compare(self, node: Compare) -> str:
        if isinstance(node.left, FactValue) and isinstance(node.right, Const):
            v = self.fact(node.left.path)  # as the node's test: the constant on the left of the reflected operator
            return f"(U if {v} is ABSENT else T if {self.constant(node.right.value)} {REFLECTED[node.op]} {v} else F)"
        a, b = self.value(node.left), self.value(node.right)
        return f"(U if {a} is ABSENT or {b} is ABSENT else T if {a} {node.op} {b} else F)"

    def _member(self, node: Member) -> str:
        if isinstance(node.collection, Const) and isinstance(node.item, FactValue):
            v = self.fact(node.item.path)
            return f"(U if {v} is ABSENT else T if {v} in {self.constant(frozenset(node.collection.value))} else F)"
        if isinstance(node.item, Const) and isinstance(node.collection, FactValue):
            v = self.fact(node.collection.path)
            return f"(U if {v} is ABSENT else T if {self.constant(node.item.value)} in {v} else F)"
        a, b = self.value(node.item), self.value(node.collection)
        return f"(U if {a} is ABSENT or {b} is ABSENT else T if {a} in {b} else F)"

    def missing(self, node: Condition) -> str:
        """An expression giving the unknown facts that keep the UNKNOWN node open, as `node.missing` does: an atom's
        fact, a definition's missing facts, and those of the operands that are themselves UNKNOWN."""
        if _one_fact(node):
            return self.constant(facts_read(node))
        if isinstance(node, DefinitionRef):
            return self.missing_locals.get(node.name) or self.read("missing_of", node.name)
        if isinstance(node, Not):
            return self.missing(node.operand)
        if isinstance(node, (All, Any_)):
            parts = [f"({self.missing(operand)} if {self.unknown(operand)} else EMPTY)" for operand in node.operands
                     if not isinstance(operand, Literal)]  # fmt: skip
            if not parts:
                return "EMPTY"
            return parts[0] if len(parts) == 1 else f"EMPTY.union({', '.join(parts)})"
        if isinstance(node, Literal):
            return "EMPTY"
        return f"{self.constant(node.missing)}(facts, truths, missing_of)"

    def unknown(self, node: Condition) -> str:
        """An expression that is true where the node's test gives UNKNOWN. An atom on one fact is UNKNOWN exactly
        while the fact is absent (a yes/no fact: absent or None), as its test says, so that needs no comparison."""
        if isinstance(node, Flag):
            return f"get({self.constant(node.path)}) is None"
        if _one_fact(node):
            (path,) = facts_read(node)
            return f"{self.constant(path)} not in facts"
        return f"{self.truth(node)} is U"


def _one_fact(node: Condition) -> bool:
    """An atom that reads one fact: UNKNOWN only while that fact is absent."""
    return isinstance(node, (Flag, Compare, Member)) and len(facts_read(node)) == 1


def _namespace() -> dict[str, Any]:
    return {"T": TRUE, "F": FALSE, "U": UNKNOWN, "ABSENT": ABSENT, "EMPTY": frozenset()}


def _function(lines: list[str], name: str, namespace: dict[str, Any]) -> Callable[..., Any]:
    source = "\n".join(lines) + "\n"
    exec(compile(source, f"<dapolicy {name}>", "exec"), namespace)  # noqa: S102 - our own source, no ruleset text
    return namespace[name]


def definitions_function(definitions: tuple[tuple[str, Condition], ...]) -> Callable[[Facts, Truths], None]:
    """One function that writes each definition's truth into `truths`, in this order (each may read the ones before
    it, and the ones already in `truths`)."""
    namespace = _namespace()
    writer = _Writer(namespace)
    body: list[str] = []
    for number, (key, condition) in enumerate(definitions):
        local = f"d{number}"
        body += [f"    {local} = {writer.truth(condition)}", f"    truths[{writer.constant(key)}] = {local}"]
        writer.locals[key] = local
    lines = ["def definitions(facts, truths):", "    get = facts.get", *writer.prologue(), *body]
    return _function(lines, "definitions", namespace)


def rules_function(rules: tuple[Condition, ...]) -> RuleTruths:
    """One function that gives the truth of each rule condition, in this order, the definitions' truths given."""
    namespace = _namespace()
    writer = _Writer(namespace)
    returned = _tuple(writer.truth(condition) for condition in rules)
    lines = ["def rules(facts, truths):", "    get = facts.get", *writer.prologue(), f"    return {returned}"]
    return _function(lines, "rules", namespace)


def definitions_missing_function(
    definitions: tuple[tuple[str, Condition], ...],
) -> Callable[[Facts, Truths, dict[str, frozenset[str]]], None]:
    """One function that writes into `missing_of` the unknown facts that keep each definition open (none for a
    decided one), in this order: what each definition's own `missing` gives."""
    namespace = _namespace()
    writer = _Writer(namespace)
    body: list[str] = []
    for number, (key, condition) in enumerate(definitions):
        local, name = f"m{number}", writer.constant(key)
        body += [f"    {local} = {writer.missing(condition)} if truths[{name}] is U else EMPTY",
                 f"    missing_of[{name}] = {local}"]  # fmt: skip
        writer.missing_locals[key] = local
    lines = ["def definitions_missing(facts, truths, missing_of):", "    get = facts.get", *writer.prologue(), *body]
    return _function(lines, "definitions_missing", namespace)


def rules_missing_function(rules: tuple[Condition, ...]) -> MissingOf:
    """One function that gives the unknown facts that keep each rule condition open (none for a decided one), in
    this order, from the rule truths and the definitions' missing facts: what each condition's own `missing` gives."""
    namespace = _namespace()
    writer = _Writer(namespace)
    returned = _tuple(f"{writer.missing(condition)} if values[{place}] is U else EMPTY"
                      for place, condition in enumerate(rules))  # fmt: skip
    lines = ["def rules_missing(facts, truths, values, missing_of):", "    get = facts.get", *writer.prologue(),
             f"    return {returned}"]  # fmt: skip
    return _function(lines, "rules_missing", namespace)


def _tuple(items: Any) -> str:
    """A tuple display of these expressions (a one-item tuple keeps its comma)."""
    items = list(items)
    return f"({', '.join(items)}{',' if len(items) == 1 else ''})"
