"""Validated ruleset to CompiledPolicy, in named passes run once at load.

Each pass is a function of the model (and what earlier passes built) that yields Problems; loading stops with
one PolicyError holding them all. Conditions are parsed and type-checked by rule-engine against the case
vocabulary, then translated into `conditions` nodes, with checks rule-engine does not make (a value outside a
fact's enumeration, an enumeration compared with a number, an unknown used as a value). The result is frozen.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import operator
import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from ._yaml import MAX_NUMBER_LENGTH, Path, SourceMap
from .conditions import (
    All,
    Any_,
    ByArea,
    Compare,
    Condition,
    Const,
    DefinitionRef,
    FactValue,
    Flag,
    Literal,
    Member,
    Not,
    definitions_read,
    facts_read,
)
from .errors import Mark, PolicyError, Problem, describe_value, shown, suggest
from .logic import FALSE, TRUE
from .model.dates import Due
from .model.vocabulary import ACTIONS, FACTS, GROUPS, RECIPIENT, Fact
from .versions import Start, period, start_of

if TYPE_CHECKING:  # the model (pydantic) is imported by what compiles, never by evaluating a compiled policy
    from .model.ruleset import Ruleset

_STATUTORY = "statutory"
_PARAMS = "params"
_COMPARISONS = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_ERROR_LIMIT = 50
#: The most `and`/`or`/`not` one condition may hold, and how deep its brackets may nest: the bundled rulesets use at
#: most 9 and 3; far more is a mistake (or a file made to exhaust the parser, which recurses on each operator).
MAX_CONDITION_OPERATORS = 100
MAX_CONDITION_NESTING = 20
#: The longest chain of definitions each using the next (the bundled rulesets' longest is 4).
MAX_DEFINITION_DEPTH = 20
#: The most rules a ruleset, and one action (for one recipient), may hold, and the most different deadlines the
#: rules of one action may give: comparison asks about each order of an action's deadlines, so its time grows
#: quickly with them (the bundled rulesets have at most 48 rules, 7 for one action and 1 deadline for one action).
MAX_RULES = 300
MAX_RULES_PER_ACTION = 50
MAX_DEADLINES_PER_ACTION = 8
_OPERATOR_WORD = re.compile(r"\b(?:and|or|not)\b")


@dataclass(frozen=True)
class Citation:
    """A clause of a source document and its verbatim words."""

    document: str
    clause: str
    quote: str
    _form: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_form", {"document": self.document, "clause": self.clause, "quote": self.quote})

    def to_dict(self) -> dict[str, str]:
        """The citation in the decision document (a new dict each time: the caller may change it)."""
        return self._form.copy()


@dataclass(frozen=True)
class CompiledDefinition:
    """A definition ready to evaluate: `key` is its name (`statutory.` prefixed for the Act's)."""

    key: str
    condition: Condition
    text: str
    citations: tuple[Citation, ...]
    assumptions: tuple[str, ...]
    facts: frozenset[str]
    mark: Mark | None


@dataclass(frozen=True)
class CompiledRule:
    """A rule ready to evaluate, with everything the decision reports about it."""

    id: str
    action: str
    modality: str
    condition: Condition
    text: str
    due: Due | None
    authority: str | None
    citations: tuple[Citation, ...]
    assumptions: tuple[str, ...]
    parameters: tuple[str, ...]
    facts: frozenset[str]
    mark: Mark | None
    recipient: str | None = None
    exception_to: tuple[str, ...] = ()
    applies: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        clauses = ", ".join(dict.fromkeys(c.clause for c in self.citations))
        to = f" to {self.recipient}" if self.recipient else ""
        object.__setattr__(self, "applies", f"{clauses}: {self.modality} {self.action}{to} (rule {self.id})")

    def reaches(self, recipient: str | None) -> bool:
        """Whether the rule speaks for `recipient`: its own, or every one if it names `any`."""
        return self.recipient == recipient or self.recipient == RECIPIENT.default


@dataclass(frozen=True)
class Slot:
    """The rules that speak for one action and one recipient (None for an action without recipients).

    `exceptions` maps a rule id to its exceptions among these rules; `order` lists the rules with every exception
    before the rules it excepts, so that one pass decides which rules are in effect (docs/ruleset-format.md).
    """

    action: str
    recipient: str | None
    rules: tuple[CompiledRule, ...]
    exceptions: Mapping[str, tuple[CompiledRule, ...]]
    order: tuple[CompiledRule, ...]

    @property
    def defeasible(self) -> bool:
        """Whether any rule here is an exception to another."""
        return bool(self.exceptions)


@dataclass(frozen=True)
class CompiledPolicy:
    """A ruleset compiled once: immutable, shared freely between threads."""

    id: str
    landlord: str
    landlord_kind: str
    title: str
    version: str
    digest: str
    review_by: dt.date | None
    start: Start | None
    """When this version took effect (document.effective, else document.approved), for choosing a version by day
    and for the warning on a report received before then."""
    statutory_definitions: tuple[CompiledDefinition, ...]
    definitions: tuple[CompiledDefinition, ...]
    rules: tuple[CompiledRule, ...]
    parameters: Mapping[str, Any]
    assumptions: tuple[str, ...]
    reasons: tuple[tuple[str, str], ...]
    defining_assumptions: tuple[str, ...]
    actions: Mapping[str, tuple[CompiledRule, ...]] = field(init=False)
    slots: Mapping[str, tuple[Slot, ...]] = field(init=False)
    definition_conditions: Mapping[str, Condition] = field(init=False)
    _rules_by_id: Mapping[str, CompiledRule] = field(init=False, repr=False)
    area_names: frozenset[str] = field(init=False, repr=False, compare=False)
    area_parameters: Mapping[str, bool] = field(init=False, repr=False, compare=False)

    @property
    def effective(self) -> str | None:
        """The date this version took effect, as its document writes it (None where it gives none)."""
        return self.start.text if self.start is not None and self.start.field == "effective" else None

    def __post_init__(self) -> None:
        object.__setattr__(self, "_rules_by_id", MappingProxyType({rule.id: rule for rule in self.rules}))
        conditions = {d.key: d.condition for d in self.statutory_definitions + self.definitions}
        object.__setattr__(self, "definition_conditions", MappingProxyType(conditions))
        # For the warning on a case's area that no condition names (evaluate): every area a condition names (a
        # key of a parameter keyed by area, or a text compared with `area`), and each parameter keyed by area that
        # a condition reads, with whether it has a `default`.
        names: set[str] = set()
        keyed: dict[str, bool] = {}
        nodes = [*conditions.values(), *(rule.condition for rule in self.rules)]
        while nodes:
            node = nodes.pop()
            nodes += node.children()
            sides = [getattr(node, side, None) for side in ("left", "right", "item", "collection")]
            if isinstance(node, ByArea):
                names.update(area for area, _ in node.branches)
                keyed[node.parameter] = node.default is not None
            elif isinstance(node, (Compare, Member)) and FactValue("area") in sides:
                for side in (s.value for s in sides if isinstance(s, Const)):
                    names.update(v for v in (side if isinstance(side, tuple) else (side,)) if isinstance(v, str))
        object.__setattr__(self, "area_names", frozenset(names))
        object.__setattr__(self, "area_parameters", MappingProxyType(dict(sorted(keyed.items()))))
        grouped: dict[str, list[CompiledRule]] = {}
        for rule in self.rules:
            grouped.setdefault(rule.action, []).append(rule)
        object.__setattr__(
            self, "actions", MappingProxyType({k: tuple(v) for k, v in sorted(grouped.items())})
        )
        object.__setattr__(
            self, "slots", MappingProxyType({action: _slots(action, rules) for action, rules in self.actions.items()})
        )

    def slot(self, action: str, recipient: str | None) -> Slot:
        """The rules that speak for `action` and `recipient` (for a recipient no rule names: the `any` rules)."""
        for slot in self.slots.get(action, ()):
            if slot.recipient == recipient:
                return slot
        return _slot(action, recipient, tuple(r for r in self.actions.get(action, ()) if r.reaches(recipient)))

    def recipients(self, action: str) -> tuple[str, ...]:
        """The recipients the ruleset's rules for `action` name (`any` included where a rule names it)."""
        return tuple(slot.recipient for slot in self.slots.get(action, ()) if slot.recipient is not None)

    def rule(self, rule_id: str) -> CompiledRule:
        """The compiled rule with this id."""
        return self._rules_by_id[rule_id]


def _slots(action: str, rules: tuple[CompiledRule, ...]) -> tuple[Slot, ...]:
    """One slot per recipient the rules name (ordered by recipient), or one slot for an action without any."""
    if action not in RECIPIENT.actions:
        return (_slot(action, None, rules),)
    named = sorted({rule.recipient for rule in rules if rule.recipient is not None})
    return tuple(_slot(action, recipient, tuple(r for r in rules if r.reaches(recipient))) for recipient in named)


def _slot(action: str, recipient: str | None, rules: tuple[CompiledRule, ...]) -> Slot:
    ids = {rule.id for rule in rules}
    exceptions: dict[str, list[CompiledRule]] = {}
    for rule in rules:
        for base in rule.exception_to:
            if base in ids:
                exceptions.setdefault(base, []).append(rule)
    order, _ = _topological({rule.id: {e.id for e in exceptions.get(rule.id, ())} for rule in rules})
    by_id = {rule.id: rule for rule in rules}
    return Slot(
        action=action,
        recipient=recipient,
        rules=rules,
        exceptions=MappingProxyType({base: tuple(found) for base, found in exceptions.items()}),
        order=tuple(by_id[rule_id] for rule_id in order),
    )


@dataclass
class _Unit:
    """One ruleset being compiled: its model, source map and what the passes have built so far."""

    model: Ruleset
    source: SourceMap
    namespace: str
    parameters: dict[str, Any] = field(default_factory=dict)
    definitions: dict[str, CompiledDefinition] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    rules: list[CompiledRule] = field(default_factory=list)
    overridden: set[str] = field(default_factory=set)
    context: Any = None  # rule-engine's Context for this unit's conditions, made on its first condition


def compile_policy(
    model: Ruleset,
    source: SourceMap,
    *,
    statutory: tuple[Ruleset, SourceMap],
    digest: str,
    overrides: Mapping[str, Any] | None = None,
) -> CompiledPolicy:
    """Run every pass over a validated ruleset and the statutory baseline; raise PolicyError on any problem."""
    statutory_unit = _Unit(statutory[0], statutory[1], namespace=f"{_STATUTORY}.")
    unit = _Unit(model, source, namespace="")
    problems = list(_run(statutory_unit, None, {}))
    if not problems:
        problems = list(_run(unit, statutory_unit, dict(overrides or {})))
    if problems:
        raise PolicyError(problems[:_ERROR_LIMIT])
    document = model.document
    return CompiledPolicy(
        id=model.id,
        landlord=model.landlord.name,
        landlord_kind=model.landlord.kind,
        title=document.title,
        version=document.version,
        digest=digest,
        review_by=period(document.review)[1] if document.review else None,
        start=start_of(document.effective, document.approved),
        statutory_definitions=tuple(statutory_unit.definitions[k] for k in statutory_unit.order),
        definitions=tuple(unit.definitions[k] for k in unit.order),
        rules=tuple(unit.rules),
        parameters=MappingProxyType(dict(unit.parameters)),
        assumptions=tuple(f"{a.clause + ': ' if a.clause else ''}{a.reason}" for a in model.assumptions),
        reasons=_reasons(unit, statutory_unit, model.id == _STATUTORY),
        defining_assumptions=tuple(dict.fromkeys(
            unit.definitions["domestic_abuse"].assumptions + statutory_unit.definitions["domestic_abuse"].assumptions
        )),
    )


def _reasons(unit: _Unit, statutory: _Unit, is_statutory: bool) -> tuple[tuple[str, str], ...]:
    """What a decision's reasons name: each definition of domestic abuse and the parts it names, with clauses."""
    tops = [unit.definitions["domestic_abuse"]]
    if not is_statutory:
        tops.append(statutory.definitions["domestic_abuse"])
    named = {key for top in tops for key in (top.key, *definitions_read(top.condition))}
    every = list(unit.definitions.values()) + list(statutory.definitions.values())
    return tuple((d.key, f"{d.key} ({_clause_span(d.citations)})") for d in every if d.key in named)


def _clause_span(citations: tuple[Citation, ...]) -> str:
    """`s.2(1)(a)-s.2(1)(g)` for a run of clauses, or the one clause."""
    clauses = list(dict.fromkeys(c.clause for c in citations)) or ["assumption"]
    return clauses[0] if len(clauses) == 1 else f"{clauses[0]}-{clauses[-1]}"


def _run(unit: _Unit, statutory: _Unit | None, overrides: dict[str, Any]) -> Iterator[Problem]:
    """The passes, in order; a pass that finds problems stops the ones that depend on it."""
    passes = (
        lambda: check_names(unit),
        lambda: resolve_parameters(unit, overrides),
        lambda: compile_definitions(unit, statutory),
        lambda: check_rule_ids(unit),
        lambda: check_actions(unit),
        lambda: check_limits(unit),
        lambda: check_prohibitions(unit),
        lambda: check_recipients(unit),
        lambda: check_exceptions(unit),
        lambda: compile_rules(unit, statutory),
    )
    for step in passes:
        found = list(step())
        yield from found
        if found:
            return


# --- passes -------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _keywords() -> frozenset[str]:
    """rule-engine's reserved words: a definition of one of these names could never be referred to."""
    import rule_engine  # imported when compiling, not when a cached policy is loaded

    return frozenset(rule_engine.parser.Parser.reserved_words)


def check_names(unit: _Unit) -> Iterator[Problem]:
    """Definition names must not hide a fact, `params` or `statutory`; `domestic_abuse` must be defined."""
    reserved = {path.split(".", 1)[0] for path in FACTS} | {_PARAMS, _STATUTORY}
    keywords = _keywords()
    for name in unit.model.definitions:
        if name.lower() in keywords:
            yield unit.source.problem(
                "compile.name_clash",
                f"definition {name!r} has the name of a word of the condition language "
                f"({', '.join(sorted(keywords))}), which a condition reads as that word",
                ("definitions", name),
                key=True,
                hint=f"rename it, e.g. {name.lower() + '_holds'!r}",
            )
        elif name in reserved:
            yield unit.source.problem(
                "compile.name_clash",
                f"definition {name!r} has the name of a case fact or namespace",
                ("definitions", name),
                key=True,
                hint=f"rename it, e.g. {name + '_holds'!r}",
            )
    if "domestic_abuse" not in unit.model.definitions:
        yield unit.source.problem(
            "compile.missing_definition",
            "the ruleset has no `domestic_abuse` definition (the decision reports its value)",
            ("definitions",),
            hint="add `domestic_abuse:` under `definitions:` with the policy's own definition",
        )


def resolve_parameters(unit: _Unit, overrides: dict[str, Any]) -> Iterator[Problem]:
    """Check each parameter's value (a number, text, yes/no, a list of texts, or a deadline), that it is one of the
    parameter's `allowed` values if it lists them, and apply overrides, which must be of the same kind (and allowed).

    An override replaces the parameter's value; for a parameter keyed by area it is the value in every area.
    """
    from .model.ruleset import snake_case

    for name in overrides:
        if name not in unit.model.parameters:
            near = suggest(name, unit.model.parameters)
            known = ", ".join(sorted(unit.model.parameters)) or "none"
            yield unit.source.problem(
                "compile.unknown_parameter",
                f"cannot override unknown parameter {name!r} (the ruleset's parameters: {known})",
                ("parameters",),
                key=True,
                found=repr(name),
                hint=f"did you mean {near!r}?" if near else None,
            )
    for name, parameter in unit.model.parameters.items():
        values = {"": parameter.value} if parameter.by_area is None else parameter.by_area
        checked: dict[str, Any] = {}
        wrong = False
        for area, value in values.items():
            path: Path = ("parameters", name, "value") if not area else ("parameters", name, "by_area", area)
            if area and area != "default" and not re.match(r"^[a-z][a-z0-9_]*$", area):
                yield unit.source.problem("compile.bad_area", f"area {area!r} {_area_mistake(area)}; an area is "
                                          "written in lower-case letters, digits and `_`", path, key=True,
                                          hint=f"write {snake_case(area)!r}" if snake_case(area) != area
                                          else "start it with a letter")  # fmt: skip
            result = _parameter_value(value)
            problem = result if isinstance(result, str) else _not_allowed(parameter, result[0])
            if problem is not None:
                wrong = True
                yield unit.source.problem("compile.bad_parameter", f"parameter {name!r}: {problem}", path,
                                          found=repr(value), hint=_allowed_hint(parameter, value))  # fmt: skip
            else:
                checked[area] = result[0]
        if parameter.allowed is not None and any(isinstance(v, (bool, Due)) for v in checked.values()):
            wrong = True
            yield unit.source.problem(
                "compile.bad_parameter",
                f"parameter {name!r}: `allowed` lists texts or numbers, but the value is "
                f"{_KIND_WORDS[_kind_of(next(iter(checked.values())))]}",
                ("parameters", name, "allowed"),
                key=True,
                hint="remove `allowed:`; a yes/no or deadline parameter needs no list of values",
            )
        kinds = {_kind_of(v) for v in checked.values()}
        if len(kinds) > 1:
            wrong = True
            yield unit.source.problem(
                "compile.bad_parameter",
                f"parameter {name!r} mixes kinds of value across areas ({', '.join(sorted(kinds))})",
                ("parameters", name, "by_area"),
            )
        if wrong:
            continue
        unit.parameters[name] = checked[""] if parameter.by_area is None else MappingProxyType(checked)
        if name in overrides:
            override = yield from _override(unit, name, parameter, next(iter(checked.values())), overrides[name])
            if override is not None:
                unit.parameters[name] = override[0]
                unit.overridden.add(name)


def _override(unit: _Unit, name: str, parameter: Any, written: Any, value: Any) -> Iterator[Problem]:
    """An override checked against the parameter's value as written: `(value,)`, or None after a problem.

    It must be of the same kind (a number for a number, a deadline for a deadline, ...) and, if the parameter
    lists `allowed` values, one of them. The problem is located at the parameter in the ruleset.
    """
    path: Path = ("parameters", name)
    result = _parameter_value(value)
    if isinstance(result, str):
        yield unit.source.problem("compile.bad_override", f"override of parameter {name!r}: {result}", path,
                                  key=True, found=shown(value), hint=_kind_hint(_kind_of(written), value))  # fmt: skip
        return None
    wanted, given = _kind_of(written), _kind_of(result[0])
    if wanted != given:
        yield unit.source.problem(
            "compile.bad_override",
            f"override of parameter {name!r}: expected {_KIND_WORDS[wanted]}, like "
            + (f"its value in each area (e.g. {_show(written)})" if parameter.by_area is not None
               else f"its value in the ruleset, {_show(written)}")
            + f"; found {describe_value(value)}",
            path,
            key=True,
            found=shown(value),
            expected=_KIND_WORDS[wanted],
            hint=_kind_hint(wanted, value),
        )
        return None
    problem = _not_allowed(parameter, result[0])
    if problem is not None:
        yield unit.source.problem("compile.bad_override", f"override of parameter {name!r}: {problem}", path,
                                  key=True, found=shown(value), hint=_allowed_hint(parameter, value))  # fmt: skip
        return None
    return result


_KIND_WORDS = {
    "number": "a number",
    "text": "text",
    "yes/no": "true or false",
    "list": "a list of texts",
    "deadline": "a deadline",
}


def _kind_of(value: Any) -> str:
    """The kind of a checked parameter value, in the words messages use."""
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, Due):
        return "deadline"
    return "list"


def _show(value: Any) -> str:
    if isinstance(value, Due):
        return f"{{hours: {value.hours}}}" if value.hours is not None else f"{{working_days: {value.working_days}}}"
    if isinstance(value, tuple):
        return repr(list(value))
    return repr(value).lower() if isinstance(value, bool) else repr(value)


def _kind_hint(kind: str, found: Any) -> str | None:
    if kind == "yes/no":
        return "write true or false" + (" (YAML's yes/no are text here)" if isinstance(found, str) else "")
    if kind == "deadline":
        return "write e.g. `{working_days: 2}` or `{hours: 24}`"
    if kind == "list":
        return "write a list, e.g. `[secure, assured]`"
    if kind == "number" and isinstance(found, str):
        return "write the number without quotes or units"
    return None


def _not_allowed(parameter: Any, value: Any) -> str | None:
    """Why `value` (checked) is not among the parameter's `allowed` values, or None."""
    if parameter.allowed is None or isinstance(value, (bool, Due)):
        return None
    items = value if isinstance(value, tuple) else (value,)
    outside = [item for item in items if item not in parameter.allowed]
    if not outside:
        return None
    allowed = ", ".join(repr(a) for a in sorted(parameter.allowed, key=str))
    return f"{shown(outside[0])} is not one of its allowed values ({allowed})"


def _allowed_hint(parameter: Any, value: Any) -> str | None:
    if parameter.allowed is None:
        return None
    texts = [a for a in parameter.allowed if isinstance(a, str)]
    items = value if isinstance(value, (list, tuple)) else [value]
    for item in items:
        if isinstance(item, str) and item not in texts:
            near = suggest(item, texts) or suggest(item.lower().replace(" ", "_").replace("-", "_"), texts)
            if near:
                return f"did you mean {near!r}?"
    return f"allowed: {', '.join(sorted(map(str, parameter.allowed)))}"


def compile_definitions(unit: _Unit, statutory: _Unit | None) -> Iterator[Problem]:
    """Parse every definition; refuse one that refers to itself, directly or through others; order them."""
    parsed: dict[str, CompiledDefinition] = {}
    for name, definition in unit.model.definitions.items():
        path: Path = ("definitions", name, "when")
        translated = yield from _condition(unit, statutory, definition.when, path, None)
        if translated is None:
            continue
        condition, parameters = translated
        parsed[name] = CompiledDefinition(
            key=unit.namespace + name,
            condition=condition,
            text=definition.when,
            citations=_citations(unit, definition.source),
            assumptions=_own_assumptions(unit, definition, parameters),
            facts=facts_read(condition),
            mark=unit.source.mark_for(path),
        )
    graph = {name: {_local(ref, unit.namespace) for ref in definitions_read(d.condition)} & set(parsed)
             for name, d in parsed.items()}  # fmt: skip
    order, cycle = _topological(graph)
    if cycle:
        yield unit.source.problem(
            "compile.definition_cycle",
            f"definition {cycle[0]!r} refers to itself: {' -> '.join(cycle)}",
            ("definitions", cycle[0], "when"),
            hint="a definition may use other definitions, but not in a circle",
        )
        return
    deepest = max(_definition_depths(order, graph).items(), key=lambda item: item[1], default=None)
    if deepest and deepest[1] > MAX_DEFINITION_DEPTH:
        yield unit.source.problem(
            "compile.definitions_too_deep",
            f"definition {deepest[0]!r} rests on a chain of {deepest[1]} definitions, each using the next; at most "
            f"{MAX_DEFINITION_DEPTH} are allowed",
            ("definitions", deepest[0], "when"),
            hint="write the chain's conditions out in fewer definitions",
        )
        return
    for name in order:
        definition = parsed[name]
        facts, assumptions = set(definition.facts), list(definition.assumptions)
        for known in _referenced(unit, statutory, definition.condition):
            facts |= known.facts
            assumptions += known.assumptions
        unit.definitions[name] = dataclasses.replace(
            definition, facts=frozenset(facts), assumptions=tuple(dict.fromkeys(assumptions))
        )
        unit.order.append(name)


def check_rule_ids(unit: _Unit) -> Iterator[Problem]:
    """Rule ids are unique within a ruleset."""
    first: dict[str, int] = {}
    for index, rule in enumerate(unit.model.rules):
        if rule.id in first:
            earlier = unit.source.mark_for(("rules", first[rule.id], "id"))
            yield unit.source.problem(
                "compile.duplicate_rule_id",
                f"rule id {rule.id!r} is already used" + (f" at line {earlier.line}" if earlier else ""),
                ("rules", index, "id"),
                rule=rule.id,
                hint="give each rule its own id, e.g. by adding the clause number",
            )
        else:
            first[rule.id] = index


def check_actions(unit: _Unit) -> Iterator[Problem]:
    """Each rule's action is an id of the vocabulary (contract section 7 and docs/vocabulary.md)."""
    for index, rule in enumerate(unit.model.rules):
        if rule.action not in ACTIONS:
            near = suggest(rule.action, ACTIONS)
            yield unit.source.problem(
                "compile.unknown_action",
                f"unknown action id {rule.action!r}",
                ("rules", index, "action"),
                rule=rule.id,
                found=repr(rule.action),
                hint=f"did you mean {near!r}?" if near else "see docs/vocabulary.md for the action ids",
            )


def check_limits(unit: _Unit) -> Iterator[Problem]:
    """At most MAX_RULES rules, MAX_RULES_PER_ACTION for one action and recipient, MAX_DEADLINES_PER_ACTION
    different deadlines for one action: beyond them comparing rulesets would take far too long."""
    rules = unit.model.rules
    if len(rules) > MAX_RULES:
        yield unit.source.problem("compile.too_many_rules", f"the ruleset has {len(rules)} rules; at most {MAX_RULES} "
                                  f"are allowed", ("rules", MAX_RULES), hint="is a part of the file repeated?")  # fmt: skip
        return
    counts: dict[tuple[str, str], list[int]] = {}
    deadlines: dict[str, dict[str, int]] = {}
    for index, rule in enumerate(rules):
        counts.setdefault((rule.action, _recipient_of(rule) or "any"), []).append(index)
        if rule.due is not None:
            deadlines.setdefault(rule.action, {}).setdefault(repr(rule.due), index)
    for (action, recipient), indexes in counts.items():
        if len(indexes) > MAX_RULES_PER_ACTION:
            to = f" (to {recipient})" if recipient != "any" else ""
            yield unit.source.problem("compile.too_many_rules", f"{len(indexes)} rules are for {action!r}{to}; at "
                                      f"most {MAX_RULES_PER_ACTION} are allowed for one action",
                                      ("rules", indexes[MAX_RULES_PER_ACTION]),
                                      hint="rules with the same outcome can be one rule whose condition uses `or`")  # fmt: skip
    for action, first in deadlines.items():
        if len(first) > MAX_DEADLINES_PER_ACTION:
            index = list(first.values())[MAX_DEADLINES_PER_ACTION]
            yield unit.source.problem("compile.too_many_deadlines", f"the rules for {action!r} give {len(first)} "
                                      f"different deadlines; at most {MAX_DEADLINES_PER_ACTION} are allowed",
                                      ("rules", index, "due"), hint="a policy rarely sets more than two or three")  # fmt: skip


def check_prohibitions(unit: _Unit) -> Iterator[Problem]:
    """A `must_not` has no deadline and no approver: nothing is done, so nothing is due or approved (an approval
    to do it anyway is a rule of its own, an exception to the prohibition)."""
    for index, rule in enumerate(unit.model.rules):
        if rule.modality != "must_not":
            continue
        for key, hint in (("due", "remove `due:`"), ("authority", _APPROVAL_HINT)):
            if getattr(rule, key) is not None:
                yield unit.source.problem(
                    "compile.prohibition_detail",
                    f"a `must_not` rule takes no `{key}`: it forbids the action, so nothing is done to be due or "
                    "approved", ("rules", index, key), key=True, rule=rule.id, hint=hint,
                )  # fmt: skip


_APPROVAL_HINT = ("remove `authority:`; to let someone approve the action anyway, write a rule with that "
                  "`authority` as an `exception_to` this one")  # fmt: skip


def check_recipients(unit: _Unit) -> Iterator[Problem]:
    """A `recipient` is given only on the sharing actions, and is one of the vocabulary's recipients."""
    for index, rule in enumerate(unit.model.rules):
        if rule.recipient is None:
            continue
        path: Path = ("rules", index, "recipient")
        if rule.action not in RECIPIENT.actions:
            yield unit.source.problem(
                "compile.unexpected_recipient",
                f"action {rule.action!r} has no recipient; only {', '.join(map(repr, RECIPIENT.actions))} do",
                path,
                key=True,
                rule=rule.id,
                found=repr(rule.recipient),
                hint="remove `recipient:`, or use an action that passes information on",
            )
        elif rule.recipient not in RECIPIENT.values:
            near = suggest(rule.recipient, RECIPIENT.values)
            yield unit.source.problem(
                "compile.unknown_recipient",
                f"unknown recipient {rule.recipient!r}",
                path,
                rule=rule.id,
                found=repr(rule.recipient),
                expected=", ".join(sorted(RECIPIENT.values)),
                hint=f"did you mean {near!r}?" if near else f"recipients: {', '.join(sorted(RECIPIENT.values))}",
            )


def check_exceptions(unit: _Unit) -> Iterator[Problem]:
    """Each `exception_to` names another rule of the same action that reaches a recipient this one reaches, and
    exceptions do not go round in a circle."""
    rules = {rule.id: (index, rule) for index, rule in enumerate(unit.model.rules)}
    graph: dict[str, set[str]] = {}
    for index, rule in enumerate(unit.model.rules):
        graph[rule.id] = set()
        for position, base_id in enumerate(rule.exception_to):
            path: Path = ("rules", index, "exception_to", position)
            problem = _exception_problem(unit, rule, rules.get(base_id), base_id, rules, path)
            if problem is not None:
                yield problem
            else:
                graph[rule.id].add(base_id)
    _, cycle = _topological(graph)
    if cycle:
        index = rules[cycle[0]][0]
        yield unit.source.problem(
            "compile.exception_cycle",
            f"rule {cycle[0]!r} is, through exceptions, an exception to itself: {' -> '.join(cycle)}",
            ("rules", index, "exception_to"),
            rule=cycle[0],
            hint="an exception may have exceptions of its own, but not in a circle",
        )


def _exception_problem(unit: _Unit, rule: Any, base: tuple[int, Any] | None, base_id: str,
                       rules: Mapping[str, tuple[int, Any]], path: Path) -> Problem | None:  # fmt: skip
    """What is wrong with `rule` being an exception to `base_id`, or None."""
    if base is None:
        same_action = [rule_id for rule_id, (_, other) in rules.items() if other.action == rule.action and rule_id != rule.id]
        near = suggest(base_id, same_action) or suggest(base_id, rules)
        return unit.source.problem(
            "compile.unknown_exception_base",
            f"rule `{rule.id}` is an exception to {base_id!r}, which is not a rule of this ruleset",
            path,
            rule=rule.id,
            found=repr(base_id),
            hint=f"did you mean {near!r}?" if near else f"rules of {rule.action!r}: {', '.join(sorted(same_action)) or 'none'}",
        )
    other = base[1]
    if other.id == rule.id:
        return unit.source.problem(
            "compile.exception_cycle", f"rule `{rule.id}` is an exception to itself", path, rule=rule.id,
            hint="name the rule this one displaces",
        )  # fmt: skip
    if other.action != rule.action:
        return unit.source.problem(
            "compile.exception_other_action",
            f"rule `{rule.id}` ({rule.action!r}) is an exception to `{other.id}`, a rule of another action ({other.action!r})",
            path,
            rule=rule.id,
            found=repr(base_id),
            hint="an exception replaces the conclusion of rules of its own action; give both the same `action:`",
        )
    mine, theirs = _recipient_of(rule), _recipient_of(other)
    if RECIPIENT.default not in (mine, theirs) and mine != theirs:
        return unit.source.problem(
            "compile.exception_other_recipient",
            f"rule `{rule.id}` (recipient {mine!r}) is an exception to `{other.id}` (recipient {theirs!r}): "
            "they never speak for the same recipient",
            path,
            rule=rule.id,
            found=repr(base_id),
            hint=f"give `{rule.id}` the recipient {theirs!r}, or make it an exception to a rule for {mine!r} or 'any'",
        )
    return None


def _recipient_of(rule: Any) -> str | None:
    """The rule's recipient: as written, `any` where a sharing action gives none, None for other actions."""
    if rule.action not in RECIPIENT.actions:
        return None
    return rule.recipient or RECIPIENT.default


def compile_rules(unit: _Unit, statutory: _Unit | None) -> Iterator[Problem]:
    """Parse each rule's condition, resolve its deadline, and gather its citations."""
    for index, rule in enumerate(unit.model.rules):
        path: Path = ("rules", index, "when")
        translated = yield from _condition(unit, statutory, rule.when, path, rule.id)
        due = yield from _due(unit, rule.due, ("rules", index, "due"), rule.id)
        if translated is None or (rule.due is not None and due is None):
            continue
        condition, parameters = translated
        if isinstance(rule.due, str):
            parameters = tuple(dict.fromkeys(parameters + (rule.due,)))
        facts = set(facts_read(condition))
        assumptions = list(_own_assumptions(unit, rule, parameters))
        defining = set(unit.definitions["domestic_abuse"].assumptions)
        for known in _referenced(unit, statutory, condition):
            facts |= known.facts
            assumptions += [a for a in known.assumptions if a not in defining]
        citations = _citations(unit, rule.source)
        for name in parameters:
            citations += _citations(unit, unit.model.parameters[name].source)
        unit.rules.append(
            CompiledRule(
                id=rule.id,
                action=rule.action,
                modality=rule.modality,
                condition=condition,
                text=rule.when,
                due=due,
                authority=rule.authority,
                citations=tuple(dict.fromkeys(citations)),
                assumptions=tuple(dict.fromkeys(assumptions)),
                parameters=parameters,
                facts=frozenset(facts),
                mark=unit.source.mark_for(("rules", index)),
                recipient=_recipient_of(rule),
                exception_to=tuple(rule.exception_to),
            )
        )


# --- conditions ---------------------------------------------------------------------------------------------


def _condition(
    unit: _Unit, statutory: _Unit | None, text: str, path: Path, rule: str | None
) -> Iterator[Problem]:
    """Parse and type-check one condition; return (Condition, parameters used) or None after yielding problems."""
    too_complex = _too_complex(text)
    if too_complex:
        yield unit.source.problem("compile.condition_too_complex", f"this condition {too_complex}", path, rule=rule,
                                  hint="split it: give its parts names as definitions and combine those")  # fmt: skip
        return None
    import rule_engine  # imported when compiling, not when a cached policy is loaded
    from rule_engine import errors as re_errors

    if unit.context is None:  # its names and types are the same for every condition of the unit: make it once
        unit.context = rule_engine.Context(type_resolver=_type_resolver(unit, statutory), default_timezone="utc")
    context = unit.context
    try:
        statement = rule_engine.Rule(text, context=context).statement
    except RecursionError:
        yield unit.source.problem("compile.condition_too_complex", "this condition nests too deeply to read", path,
                                  rule=rule, hint="split it: give its parts names as definitions and combine those")  # fmt: skip
        return None
    except re_errors.RuleSyntaxError as error:
        yield _syntax_problem(unit, text, path, rule, error)
        return None
    except re_errors.SymbolResolutionError as error:
        yield _unknown_name(unit, statutory, path, rule, error.symbol_name)
        return None
    except re_errors.ObjectAttributeError as error:
        yield _unknown_name(unit, statutory, path, rule, f"{error.object.name}.{error.attribute_name}")
        return None
    except re_errors.EngineError as error:
        yield unit.source.problem(
            "compile.type_error",
            f"condition does not type-check: {error.message}",
            path,
            rule=rule,
            hint="compare yes/no facts with true/false, numbers with numbers, and enumerations with quoted text",
        )
        return None
    translator = _Translator(unit, statutory, path, rule)
    condition = translator.boolean(statement.expression)
    if translator.problems:
        yield from translator.problems
        return None
    return condition, tuple(dict.fromkeys(translator.parameters))


def _too_complex(text: str) -> str | None:
    """What makes a condition too complex to read (MAX_CONDITION_OPERATORS, MAX_CONDITION_NESTING), or None."""
    operators = len(_OPERATOR_WORD.findall(text))
    if operators > MAX_CONDITION_OPERATORS:
        return f"has {operators} of `and`, `or` and `not`; at most {MAX_CONDITION_OPERATORS} are allowed"
    depth = deepest = 0
    for character in text:
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(character, 0)
        deepest = max(deepest, depth)
    if deepest > MAX_CONDITION_NESTING:
        return f"nests brackets {deepest} deep; at most {MAX_CONDITION_NESTING} are allowed"
    return None


class _Translator:
    """rule-engine's syntax tree to `conditions` nodes, checking what rule-engine's types cannot express."""

    def __init__(self, unit: _Unit, statutory: _Unit | None, path: Path, rule: str | None):
        self.unit, self.statutory, self.path, self.rule = unit, statutory, path, rule
        self.problems: list[Problem] = []
        self.parameters: list[str] = []

    def problem(self, code: str, message: str, needle: str | None = None, hint: str | None = None) -> None:
        mark = self.unit.source.mark_in_scalar(self.path, needle) if needle else None
        overridden = sorted(self.unit.overridden & set(self.parameters))
        if overridden:  # the condition is as written: the value given when loading is what does not fit
            given = ", ".join(f"{name!r}" for name in overridden)
            hint = f"this condition uses the value given when loading for parameter {given} (--set or parameters=)" + (
                f"; {hint}" if hint else "")
        self.problems.append(self.unit.source.problem(code, message, self.path, rule=self.rule, hint=hint, mark=mark))

    # boolean position

    def boolean(self, node: Any) -> Condition:
        from rule_engine import ast as re_ast

        if isinstance(node, re_ast.LogicExpression):
            operands = tuple(self._flatten(node, node.type))
            return All(operands) if node.type == "and" else Any_(operands)
        if isinstance(node, re_ast.UnaryExpression) and node.type == "not":
            return Not(self.boolean(node.right))
        if isinstance(node, re_ast.BooleanExpression):
            return Literal(TRUE if node.value else FALSE)
        if isinstance(node, re_ast.ComparisonExpression) and node.type in _COMPARISONS:
            return self._comparison(node)
        if isinstance(node, re_ast.ContainsExpression):
            return self._membership(node)
        reference = self._reference(node)
        if reference is not None:
            return reference
        self._unsupported(node)
        return Literal(FALSE)

    def _flatten(self, node: Any, kind: str) -> Iterator[Condition]:
        from rule_engine import ast as re_ast

        for side in (node.left, node.right):
            if isinstance(side, re_ast.LogicExpression) and side.type == kind:
                yield from self._flatten(side, kind)
            else:
                yield self.boolean(side)

    def _reference(self, node: Any) -> Condition | None:
        """A yes/no fact, a definition, or a yes/no parameter used on its own as a condition."""
        name = _dotted(node)
        if name is None:
            return None
        if name in FACTS:
            fact = FACTS[name]
            if fact.kind != "bool":
                self.problem(
                    "compile.type_error",
                    f"{name!r} is {_fact_kind(fact)}, not a yes/no fact, so it cannot stand alone as a condition",
                    name,
                    hint=_compare_hint(fact),
                )
            return Flag(name)
        if name in self.unit.model.definitions:
            return DefinitionRef(self.unit.namespace + name)
        if name.startswith(_STATUTORY + "."):
            # rule-engine's types have already refused a name the statutory baseline does not define
            return DefinitionRef(name)
        if name.startswith(_PARAMS + "."):
            value = self._parameter(name)
            if isinstance(value, bool):
                return Literal(TRUE if value else FALSE)
            if isinstance(value, Mapping) and all(isinstance(v, bool) for v in value.values()):
                return _yes_no_by_area(name.split(".", 1)[1], value)
            self.problem("compile.type_error", f"{name!r} is not a yes/no parameter", name)
            return Literal(FALSE)
        return None

    def _comparison(self, node: Any) -> Condition:
        op = _COMPARISONS[node.type]
        left, left_fact = self.value(node.left)
        right, right_fact = self.value(node.right)
        if left is None or right is None:
            return Literal(FALSE)
        if left_fact is None and right_fact is not None:
            left, right, left_fact, right_fact = right, left, right_fact, left_fact
            op = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op)
        self._check_allowed(left, right)
        self._check_allowed(right, left)
        if left_fact is None:
            self._check_constant_comparison(op, left, right)
        self._check_comparison(op, left, left_fact, right, right_fact)
        return self._by_area(lambda l, r: Compare(op, l, r), left, right)

    def _check_constant_comparison(self, op: str, left: Any, right: Any) -> None:
        """Two constants (a parameter and a value) compared must be of one kind: `params.hub == "true"` compares
        yes/no with text and would never hold."""
        kinds = {_constant_kind(value) for side in (left, right) for value in _values_of(side)}
        if len(kinds) > 1:
            self.problem("compile.type_error", f"`{left} {op} {right}` compares {_constant_kind(_values_of(left)[0])} "
                         f"with {_constant_kind(_values_of(right)[0])}, so it has one outcome for every case", str(right),
                         hint="compare yes/no with true/false, numbers with numbers, text with quoted text")  # fmt: skip

    def _membership(self, node: Any) -> Condition:
        item, item_fact = self.value(node.member)
        collection, collection_fact = self.value(node.container)
        if item is None or collection is None:
            return Literal(FALSE)
        lists = _constant_lists(collection)
        if lists is not None and any(not values for values in lists):
            self.problem("compile.unknown_value", "`in []`: the list is empty, so this never holds", str(collection),
                         hint="list the values it should match, or remove the test")  # fmt: skip
        if item_fact is None and lists is not None:
            self._check_constant_member(item, collection, lists)
        if collection_fact is not None and collection_fact.is_list:
            self._check_values(collection_fact, item)
        elif lists is not None:
            if item_fact is not None and item_fact.kind in {"enum", "area"}:
                for member in (m for values in lists for m in values):
                    self._check_values(item_fact, Const(member))
            elif item_fact is not None:
                self.problem(
                    "compile.type_error",
                    f"{item_fact.path!r} is {_fact_kind(item_fact)}; `in [...]` needs an enumerated fact",
                    item_fact.path,
                )
        else:
            self.problem(
                "compile.type_error",
                "`in` needs a list on its right: a list fact such as `behaviours` or a list like [\"a\", \"b\"]",
                str(collection),
            )
        return self._by_area(lambda i, c: Member(i, c), item, collection)

    def _check_constant_member(self, item: Any, collection: Any, lists: list[tuple]) -> None:
        """A text tested against a parameter's list that is a near miss of one of its values is a typo:
        `"idvaa" in params.specialist_providers` would never hold."""
        members = {member for values in lists for member in values}
        for value in _values_of(item):
            near = suggest(str(value), sorted(members)) if value not in members else None
            if near:
                self.problem("compile.unknown_value", f"{value!r} is not in {collection} ({', '.join(map(repr, sorted(members)))}), "
                             "so this never holds", str(value), hint=f"did you mean {near!r}?")  # fmt: skip

    def _by_area(self, build, left: Any, right: Any) -> Condition:
        """Build an atom; if one side is a parameter keyed by area, build one atom per area."""
        for side in ("left", "right"):
            value = left if side == "left" else right
            if isinstance(value, _AreaParameter):
                branches = tuple(
                    (area, build(*((Const(v, value.name), right) if side == "left" else (left, Const(v, value.name)))))
                    for area, v in value.values.items()
                    if area != "default"
                )
                default = None
                if "default" in value.values:
                    v = value.values["default"]
                    default = build(*((Const(v, value.name), right) if side == "left" else (left, Const(v, value.name))))
                return ByArea(value.name, branches, default)
        return build(left, right)

    # value position

    def value(self, node: Any) -> tuple[Any, Fact | None]:
        """A comparable value: (FactValue, its Fact), (Const, None) or (_AreaParameter, None); (None, None) if bad."""
        from rule_engine import ast as re_ast

        if isinstance(node, re_ast.StringExpression):
            return Const(node.value), None
        if isinstance(node, re_ast.FloatExpression):
            number = node.value
            return Const(int(number) if number == number.to_integral_value() else float(number)), None
        if isinstance(node, re_ast.BooleanExpression):
            return Const(bool(node.value)), None
        if isinstance(node, re_ast.ArrayExpression):
            items = []
            for member in node.value:
                if not isinstance(member, re_ast.StringExpression):
                    self.problem("compile.type_error", "a list in a condition holds quoted texts only")
                    return None, None
                items.append(member.value)
            return Const(tuple(items)), None
        if isinstance(node, re_ast.NullExpression):
            self.problem(
                "compile.unsupported",
                "a condition cannot test for `null`",
                "null",
                hint="leave unknown facts out: a rule that needs an unknown fact is reported as undecided",
            )
            return None, None
        name = _dotted(node)
        if name in FACTS:
            fact = FACTS[name]
            if fact.kind == "datetime":
                self.problem("compile.unsupported", f"{name!r} is used for deadlines, not in conditions", name)
                return None, None
            return FactValue(name), fact
        if name is not None and name.startswith(_PARAMS + "."):
            value = self._parameter(name)
            if value is None:
                return None, None
            if isinstance(value, Mapping):
                return _AreaParameter(name.split(".", 1)[1], value), None
            return Const(value, name.split(".", 1)[1]), None
        self._unsupported(node)
        return None, None

    def _check_allowed(self, side: Any, other: Any) -> None:
        """A constant compared with a parameter that lists its `allowed` values must be one of them: a misspelt
        `params.landlord_kind == "local_housing_autority"` would otherwise never hold, silently."""
        if not (isinstance(side, Const) and side.parameter and isinstance(other, Const) and not other.parameter):
            return
        allowed = self.unit.model.parameters[side.parameter].allowed
        if allowed is None or other.value in allowed:
            return
        near = suggest(str(other.value), [str(a) for a in allowed])
        self.problem(
            "compile.unknown_value",
            f"{other.value!r} is not an allowed value of parameter {side.parameter!r} "
            f"(one of {', '.join(map(repr, allowed))})",
            str(other.value),
            hint=f"did you mean {near!r}?" if near else None,
        )

    def _parameter(self, name: str) -> Any:
        key = name.split(".", 1)[1]
        value = self.unit.parameters.get(key)
        self.parameters.append(key)
        if isinstance(value, Due):
            self.problem(
                "compile.type_error",
                f"parameter {key!r} is a deadline; use it as `due: {key}`, not in a condition",
                name,
            )
            return None
        return value

    # checks

    def _check_comparison(self, op: str, left: Any, left_fact: Fact | None, right: Any, right_fact: Fact | None) -> None:
        if left_fact is None:
            return
        if left_fact.is_list:
            self.problem(
                "compile.type_error",
                f"{left_fact.path!r} is a list; test it with `\"value\" in {left_fact.path}`",
                left_fact.path,
            )
            return
        if right_fact is not None:
            if right_fact.kind != left_fact.kind or right_fact.values != left_fact.values:
                self.problem(
                    "compile.type_error",
                    f"{left_fact.path!r} ({_fact_kind(left_fact)}) cannot be compared with "
                    f"{right_fact.path!r} ({_fact_kind(right_fact)})",
                    left_fact.path,
                )
            return
        if _constant_lists(right) is not None and not left_fact.is_list:
            self.problem(
                "compile.type_error",
                f"{left_fact.path!r} holds one value but is compared with the list {right}",
                left_fact.path,
                hint=f"test whether it is one of the list's values with `{left_fact.path} in {right}`",
            )
            return
        if op in {"<", "<=", ">", ">="} and left_fact.kind != "int":
            self.problem(
                "compile.type_error",
                f"{left_fact.path!r} is {_fact_kind(left_fact)}; only numbers can be ordered with {op}",
                left_fact.path,
            )
            return
        for constant in _constants(right):
            self._check_values(left_fact, Const(constant))
            if left_fact.kind == "int" and isinstance(constant, (int, float)) and not isinstance(constant, bool):
                self._check_range(op, left_fact, constant, right)

    def _check_range(self, op: str, fact: Fact, value: float, written: Any) -> None:
        """A comparison of a bounded number with a constant that has one outcome for every value the fact can take
        (`survivor.age >= 200`, `risk.dash_score > 24`, `survivor.age == 16.5`) is a slip, not a condition."""
        outcome = _outcome_over_bounds(op, fact, value)
        if outcome is None:
            return
        what = f"parameter {written.parameter!r} is {value!r}, so " if getattr(written, "parameter", None) else ""
        self.problem(
            "compile.out_of_range",
            f"{what}`{fact.path} {op} {value!r}` is {'true' if outcome else 'false'} for every value "
            f"{fact.path!r} can take (whole numbers from {fact.minimum} to {fact.maximum})",
            str(written) if getattr(written, "parameter", None) else _number_text(value),
            hint=f"compare with a whole number from {fact.minimum} to {fact.maximum}",
        )

    def _check_values(self, fact: Fact, constant: Any) -> None:
        """A constant compared with `fact` must be of its kind, and one of its values if it is enumerated."""
        value = constant.value if isinstance(constant, Const) else None
        if isinstance(constant, _AreaParameter):
            for v in constant.values.values():
                self._check_values(fact, Const(v))
            return
        kind = fact.kind
        expected_text = kind in {"enum", "enum_list", "area"}
        if isinstance(value, bool) or (kind == "bool"):
            if kind != "bool" or not isinstance(value, bool):
                self.problem(
                    "compile.type_error",
                    f"{fact.path!r} is {_fact_kind(fact)} but is compared with {describe_value(value)}",
                    fact.path,
                    hint=_compare_hint(fact),
                )
            return
        if kind == "int":
            if not isinstance(value, (int, float)):
                self.problem(
                    "compile.type_error",
                    f"{fact.path!r} is a number but is compared with {describe_value(value)}",
                    fact.path,
                    hint=_compare_hint(fact),
                )
            return
        if expected_text and not isinstance(value, str):
            self.problem(
                "compile.type_error",
                f"{fact.path!r} is {_fact_kind(fact)} but is compared with {describe_value(value)}",
                fact.path,
                hint=_compare_hint(fact),
            )
            return
        if kind == "area":
            if value != value.lower():
                self.problem("compile.unknown_value", f"area {value!r} must be lower case", value, f"write {value.lower()!r}")
            return
        if value not in fact.values:
            near = suggest(value, fact.values)
            self.problem(
                "compile.unknown_value",
                f"{value!r} is not a value of {fact.path!r} (one of {', '.join(fact.values)})",
                value,
                hint=f"did you mean {near!r}?" if near else None,
            )

    def _unsupported(self, node: Any) -> None:
        self.problem(
            "compile.unsupported",
            f"{type(node).__name__.replace('Expression', '').lower() or 'this'} is not allowed in a condition",
            hint="conditions use yes/no facts, definitions, comparisons (== != < <= > >=), `in`, and, or, not",
        )


@dataclass(frozen=True)
class _AreaParameter:
    """A parameter keyed by area, seen while translating one atom."""

    name: str
    values: Mapping[str, Any]

    def __str__(self) -> str:
        return f"params.{self.name}"


def _yes_no_by_area(parameter: str, values: Mapping[str, bool]) -> ByArea:
    """A yes/no parameter keyed by area, used on its own as a condition."""
    literal = {True: Literal(TRUE), False: Literal(FALSE)}
    branches = tuple((area, literal[v]) for area, v in values.items() if area != "default")
    return ByArea(parameter, branches, literal[values["default"]] if "default" in values else None)


def _type_resolver(unit: _Unit, statutory: _Unit | None) -> dict[str, Any]:
    """rule-engine types for every name a condition may use (facts, definitions, `params`, `statutory`)."""
    from rule_engine.types import DataType

    symbols: dict[str, Any] = {}
    for path, fact in FACTS.items():
        if "." not in path:
            symbols[path] = _re_type(fact)
    for group, members in GROUPS.items():
        symbols[group] = DataType.OBJECT(group, attributes={m: _re_type(FACTS[f"{group}.{m}"]) for m in members})
    for name in unit.model.definitions:
        symbols.setdefault(name, DataType.BOOLEAN)
    statutory_names = statutory.model.definitions if statutory else unit.model.definitions
    symbols[_STATUTORY] = DataType.OBJECT(_STATUTORY, attributes={n: DataType.BOOLEAN for n in statutory_names})
    symbols[_PARAMS] = DataType.OBJECT(
        _PARAMS, attributes={n: _parameter_type(v) for n, v in unit.parameters.items()}
    )
    return symbols


def _re_type(fact: Fact) -> Any:
    from rule_engine.types import DataType

    return {
        "bool": DataType.BOOLEAN,
        "int": DataType.FLOAT,
        "enum": DataType.STRING,
        "area": DataType.STRING,
        "enum_list": DataType.ARRAY(DataType.STRING),
        "datetime": DataType.DATETIME,
    }[fact.kind]


def _parameter_type(value: Any) -> Any:
    from rule_engine.types import DataType

    if isinstance(value, Mapping):
        value = next(iter(value.values()), None)
    if isinstance(value, bool):
        return DataType.BOOLEAN
    if isinstance(value, (int, float)):
        return DataType.FLOAT
    if isinstance(value, str):
        return DataType.STRING
    if isinstance(value, tuple):
        return DataType.ARRAY(DataType.STRING)
    return DataType.UNDEFINED


def _area_mistake(area: str) -> str:
    """What keeps a `by_area` key from being an area name: a space, a capital, or another character."""
    if any(character.isspace() for character in area):
        return "has a space in it"
    if area != area.lower():
        return "is not lower case"
    odd = next((c for c in area if not (c.isascii() and (c.isalnum() or c == "_"))), None)
    return f"holds {odd!r}" if odd else "does not start with a letter"


def _parameter_value(value: Any) -> tuple[Any] | str:
    """A parameter's value made immutable, or a message saying what is wrong with it.

    A deadline from the ruleset file is already the model's Due (checked as a rule's `due:` is); a mapping given as
    an override is checked here the same way, in the same words. Either becomes a `Due` record.
    """
    from pydantic import ValidationError

    from .model import ruleset

    if isinstance(value, (Due, ruleset.Due)):
        return (_due_record(value),)
    if isinstance(value, float) and not math.isfinite(value):
        return f"the number {value!r} is not a finite number"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**MAX_NUMBER_LENGTH:
        return f"{describe_value(value)}; a number here has at most {MAX_NUMBER_LENGTH} digits"
    if isinstance(value, (bool, int, float, str)):
        return (value,)
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return (tuple(value),)
    if isinstance(value, dict):
        try:
            return (_due_record(ruleset.Due.model_validate(value)),)
        except ValidationError as error:
            return ruleset.deadline_message(error)
    if isinstance(value, (list, tuple)):
        odd = next(v for v in value if not isinstance(v, str))
        return f"a list value holds texts only, found {describe_value(odd)} in it"
    return f"a value is a number, text, true/false, a list of texts, or a deadline, not {describe_value(value)}"


def _due(unit: _Unit, due: Any, path: Path, rule: str) -> Iterator[Problem]:
    """The rule's Due record, from the rule's deadline or from the parameter it names."""
    if due is None:
        return None
    if not isinstance(due, str):
        return _due_record(due)
    value = unit.parameters.get(due)
    if value is None:
        near = suggest(due, unit.parameters)
        yield unit.source.problem(
            "compile.unknown_parameter",
            f"due names unknown parameter {due!r}",
            path,
            rule=rule,
            hint=f"did you mean {near!r}?" if near else "write `{working_days: N}` or `{hours: N}`",
        )
        return None
    if not isinstance(value, Due):
        held = "a value per area" if isinstance(value, Mapping) else describe_value(_show_plain(value))
        where = unit.source.mark_for(("parameters", due), key=True)
        yield unit.source.problem(
            "compile.bad_due",
            f"parameter {due!r} holds {held}, not a deadline (hours or working days)",
            path,
            rule=rule,
            hint="give the parameter a value such as `{working_days: 1}`"
            + (f" (it is at line {where.line})" if where else ""),
        )
        return None
    return value


def _due_record(due: Any) -> Due:
    """The record of a deadline the model checked (`model.ruleset.Due`)."""
    return Due(hours=due.hours, working_days=due.working_days)


def _show_plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _citations(unit: _Unit, sources: list) -> tuple[Citation, ...]:
    title = unit.model.document.title
    return tuple(Citation(title, s.clause, s.quote) for s in sources)


def _dotted(node: Any) -> str | None:
    """`survivor.age` for a symbol or attribute access, else None."""
    from rule_engine import ast as re_ast

    if isinstance(node, re_ast.SymbolExpression):
        return node.name
    if isinstance(node, re_ast.GetAttributeExpression):
        parent = _dotted(node.object)
        return f"{parent}.{node.name}" if parent else None
    return None


def _unknown_name(unit: _Unit, statutory: _Unit | None, path: Path, rule: str | None, name: str) -> Problem:
    """An unknown fact, definition or parameter, with the likeliest meant name."""
    candidates = list(FACTS) + list(unit.model.definitions) + [f"{_PARAMS}.{p}" for p in unit.parameters]
    statutory_names = statutory.model.definitions if statutory else unit.model.definitions
    candidates += [f"{_STATUTORY}.{d}" for d in statutory_names]
    prefixed = [path_ for path_ in candidates if path_.endswith("." + name)]
    near = prefixed or [match for match in [suggest(name, candidates)] if match]
    kind = "parameter" if name.startswith(_PARAMS + ".") else "fact or definition"
    return unit.source.problem(
        "compile.unknown_fact",
        f"unknown {kind} {name!r}",
        path,
        rule=rule,
        mark=unit.source.mark_in_scalar(path, name, 0),
        found=repr(name),
        hint=f"did you mean {' or '.join(repr(n) for n in near)}?" if near else "see docs/vocabulary.md for the case facts",
    )


def _syntax_problem(unit: _Unit, text: str, path: Path, rule: str | None, error: Any) -> Problem:
    token = error.token
    mark = None
    if token is not None and isinstance(token.lexpos, int):
        words = text[token.lexpos :].split()
        needle = words[0] if words else ""
        mark = unit.source.mark_in_scalar(path, needle, text[: token.lexpos].count(needle)) if needle else None
        found = f" near {token.value!r}"
    else:
        found = " at the end of the condition"
    return unit.source.problem(
        "compile.syntax_error",
        f"condition is not well formed{found}",
        path,
        rule=rule,
        mark=mark,
        hint="check quotes, brackets and that `and`/`or` join two conditions; texts are in double quotes",
    )


def _fact_kind(fact: Fact) -> str:
    return {
        "bool": "a yes/no fact",
        "int": "a number",
        "enum": "an enumeration",
        "enum_list": "a list",
        "area": "an area name",
        "datetime": "a date and time",
    }[fact.kind]



def _compare_hint(fact: Fact) -> str:
    if fact.kind == "bool":
        return f"write `{fact.path}` or `not {fact.path}`"
    if fact.kind == "int":
        return f"compare it with a number, e.g. `{fact.path} >= 14`"
    if fact.kind == "enum_list":
        return f"write `\"{fact.values[0]}\" in {fact.path}`"
    if fact.kind == "enum":
        return f"compare it with a quoted value, e.g. `{fact.path} == \"{fact.values[0]}\"`"
    return f"compare it with quoted text, e.g. `{fact.path} == \"wolverhampton\"`"


def _constant_lists(value: Any) -> list[tuple] | None:
    """The list(s) a constant or an area-keyed parameter holds, or None if it is not a list."""
    values = list(value.values.values()) if isinstance(value, _AreaParameter) else [getattr(value, "value", None)]
    is_list = values and all(isinstance(v, tuple) for v in values)
    return values if isinstance(value, (Const, _AreaParameter)) and is_list else None


def _values_of(value: Any) -> tuple:
    """The values a constant side of an atom can have: its value, or each area's value."""
    if isinstance(value, _AreaParameter):
        return tuple(value.values.values())
    return (value.value,) if isinstance(value, Const) else ()


def _constant_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, tuple):
        return "a list"
    return "text"


def _outcome_over_bounds(op: str, fact: Fact, value: float) -> bool | None:
    """The one outcome `fact op value` has for every whole number in the fact's bounds, or None if it varies."""
    if fact.minimum is None or fact.maximum is None:
        return None
    compare = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
               ">": operator.gt, ">=": operator.ge}[op]  # fmt: skip
    if op in {"==", "!="}:
        possible = value == int(value) and fact.minimum <= value <= fact.maximum
        return None if possible else op == "!="
    lowest, highest = compare(fact.minimum, value), compare(fact.maximum, value)
    return lowest if lowest == highest else None


def _number_text(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _constants(value: Any) -> tuple:
    if isinstance(value, _AreaParameter):
        return tuple(value.values.values())
    if isinstance(value, Const):
        return value.value if isinstance(value.value, tuple) else (value.value,)
    return ()


def _local(key: str, namespace: str) -> str:
    return key[len(namespace) :] if namespace and key.startswith(namespace) else key


def _referenced(unit: _Unit, statutory: _Unit | None, condition: Condition) -> Iterator[CompiledDefinition]:
    """The compiled definitions a condition names (this ruleset's, or the statutory baseline's)."""
    for ref in definitions_read(condition):
        known = unit.definitions.get(_local(ref, unit.namespace))
        if known is None and statutory is not None and ref.startswith(_STATUTORY + "."):
            known = statutory.definitions.get(ref[len(_STATUTORY) + 1 :])
        if known is not None:
            yield known


def _own_assumptions(unit: _Unit, owner: Any, parameters: tuple[str, ...]) -> tuple[str, ...]:
    """The assumption written on a rule or definition, then those of the parameters it uses."""
    found = [owner.assumption.reason] if owner.assumption else []
    found += [unit.model.parameters[n].assumption.reason for n in parameters if unit.model.parameters[n].assumption]
    return tuple(dict.fromkeys(found))


def _topological(graph: dict[str, set[str]]) -> tuple[list[str], list[str] | None]:
    """Definitions in dependency order, or the first cycle found (as a path that returns to its start).

    Depth-first with an explicit stack, so that a long chain of definitions cannot exhaust Python's recursion.
    """
    order: list[str] = []
    state: dict[str, int] = {}
    for start in graph:
        if start in state:
            continue
        state[start] = 1
        path = [start]
        pending = [iter(sorted(graph[start]))]
        while pending:
            dependency = next(pending[-1], None)
            if dependency is None:
                pending.pop()
                done = path.pop()
                state[done] = 2
                order.append(done)
            elif state.get(dependency) == 1:
                return order, path[path.index(dependency) :] + [dependency]
            elif dependency not in state:
                state[dependency] = 1
                path.append(dependency)
                pending.append(iter(sorted(graph[dependency])))
    return order, None


def _definition_depths(order: list[str], graph: dict[str, set[str]]) -> dict[str, int]:
    """How many definitions deep each definition reaches (1: it uses none of the others), in dependency order."""
    depths: dict[str, int] = {}
    for name in order:
        depths[name] = 1 + max((depths[other] for other in graph[name]), default=0)
    return depths

