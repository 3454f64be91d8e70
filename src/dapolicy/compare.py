"""Exact comparison of two compiled rulesets: in which cases do they lead to different outcomes?

Each condition tree is encoded for the z3 solver in two rails: a formula for "true" and one for "false" (unknown
is neither), over one variable per fact (`known`, and its value). The engine's merge of rules into one outcome per
action (contract section 5) is encoded the same way, so "is there a case where the two outcomes differ?" is one
satisfiability question per action and aspect. A satisfiable question gives a witness case; it is checked by
evaluating both rulesets with the engine, then shrunk by leaving out facts while the difference still shows. An
unsatisfiable question proves that no case differs. docs/comparison.md explains the choice of a solver over
enumerating the case space.

Deadlines are compared at one report time for each order in which the deadlines of an action can fall (24 hours
before or after the end of the next working day, say): the candidate times are found by walking every day of
REPORT_WINDOW, so a difference that shows only across a bank holiday is found. Each aspect is asked again with the
rules that decided it excluded, so a difference that arises under different clauses gets an entry for each.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping

import z3

from .compile import CompiledPolicy, CompiledRule
from .conditions import All, Any_, ByArea, Compare, Condition, Const, DefinitionRef, FactValue, Flag, Literal, Member, Not
from .deadlines import LONDON, deadline_of, instant, is_working_day
from .decision import Decision
from .differences import entry_for, outcome, recipients, shows
from .evaluate import evaluate_case
from .logic import TRUE
from .model.case import case_document
from .model.ruleset import Due
from .model.vocabulary import FACTS, Fact

_ALLOWED = ("must", "should", "may")
_OTHER_AREA = "another_area"

REPORT_WINDOW = (dt.date(2024, 4, 1), dt.date(2035, 12, 31))
"""Deadlines are compared for reports received on these days (first and last included): from the statutory
baseline's date, long enough for every weekday on which the fixed bank holidays fall and many dates of Easter."""


@dataclass(frozen=True)
class Difference:
    """One way two rulesets differ: the subject (action id or `domestic_abuse`), the aspect, and a witness case."""

    subject: str
    aspect: str
    left: dict[str, Any] | None
    right: dict[str, Any] | None
    witness: dict[str, Any]
    recipient: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"subject": self.subject, "aspect": self.aspect, "recipient": self.recipient, "left": self.left,
                "right": self.right, "witness": self.witness}  # fmt: skip


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
    """Every (subject, aspect) in which some case makes `left` and `right` differ, each with a verified witness;
    more than one entry where the difference arises under different clauses."""
    facts = FactVariables(area_names(left, right))
    sides = (Encoding(left, facts), Encoding(right, facts))
    solver = facts.solver()
    ways: dict[tuple[str, str, str], Ways] = {}
    decisions = _Decisions((left, right))
    for question in _questions(sides):
        key = (question.subject, question.aspect, question.recipient or "")
        ways.setdefault(key, Ways(left, right, facts, decisions=decisions)).search(solver, question)
    differences = [d for key in sorted(ways) for d in ways[key].found]
    return Comparison(left, right, tuple(differences))


# --- facts ---------------------------------------------------------------------------------------------------


class FactVariables:
    """z3 variables for every case fact: whether it is known, and its value."""

    def __init__(self, areas: tuple[str, ...]):
        self.areas = areas + (_OTHER_AREA,)
        self.ctx = z3.Context()
        self.true, self.false = z3.BoolVal(True, self.ctx), z3.BoolVal(False, self.ctx)
        self.known = {path: z3.Bool(f"known:{path}", self.ctx) for path in FACTS}
        self.value: dict[str, Any] = {}
        self.members: dict[str, dict[str, Any]] = {}
        self.constraints = []
        for path, fact in FACTS.items():
            if fact.kind == "bool":
                self.value[path] = z3.Bool(f"value:{path}", self.ctx)
            elif fact.kind == "enum_list":
                self.members[path] = {v: z3.Bool(f"has:{path}:{v}", self.ctx) for v in fact.values}
            elif fact.kind != "datetime":
                variable = z3.Int(f"value:{path}", self.ctx)
                self.value[path] = variable
                low, high = _bounds(fact, self.areas)
                self.constraints += [variable >= low, variable <= high]

    def every(self, formulas: Iterable[Any]) -> Any:
        """All of the formulas hold (true if there are none)."""
        return _connect(z3.Z3_mk_and, list(formulas), self.ctx)

    def some(self, formulas: Iterable[Any]) -> Any:
        """Some formula holds (false if there are none)."""
        return _connect(z3.Z3_mk_or, list(formulas), self.ctx)

    def solver(self) -> z3.Solver:
        """A solver over these variables, with the facts' bounds."""
        solver = z3.Solver(ctx=self.ctx)
        solver.add(self.constraints)
        return solver

    def code(self, fact: Fact, constant: Any) -> Any:
        """The solver value standing for a constant compared with `fact`."""
        if fact.kind == "enum":
            return fact.values.index(constant)
        if fact.kind == "area":
            return self.areas.index(constant)
        return constant

    def known_values(self, model: z3.ModelRef, paths: Iterable[str]) -> dict[str, Any]:
        """The values of the facts among `paths` that are known in a model, by dotted path (a witness's facts)."""
        return {path: self.decode(path, model) for path in sorted(paths) if self._holds(model, self.known[path])}

    def decode(self, path: str, model: z3.ModelRef) -> Any:
        """The case document's value of a known fact in a model."""
        fact = FACTS[path]
        if fact.kind == "enum_list":
            return [v for v, has in self.members[path].items() if self._holds(model, has)]
        if fact.kind == "bool":
            return self._holds(model, self.value[path])
        number = int(self._evaluated(model, self.value[path], z3.Z3_get_numeral_string))
        if fact.kind == "enum":
            return fact.values[number]
        if fact.kind == "area":
            return self.areas[number]
        return number

    def _holds(self, model: z3.ModelRef, variable: z3.BoolRef) -> bool:
        """Whether a Boolean variable is true in a model, unassigned ones completed (as model.eval does)."""
        return self._evaluated(model, variable, z3.Z3_get_bool_value) == z3.Z3_L_TRUE

    def _evaluated(self, model: z3.ModelRef, variable: z3.ExprRef, read: Callable[[Any, Any], Any]) -> Any:
        """`read` (a z3 C accessor) applied to a variable's value in a model, completed as model.eval(variable,
        model_completion=True) completes it, without wrapping the value in Python objects."""
        found, ctx = (z3.Ast * 1)(), self.ctx.ref()
        if not z3.Z3_model_eval(ctx, model.model, variable.as_ast(), True, found):
            raise z3.Z3Exception("failed to evaluate expression in the model")
        z3.Z3_inc_ref(ctx, found[0])
        try:
            return read(ctx, found[0])
        finally:
            z3.Z3_dec_ref(ctx, found[0])


def _connect(make: Callable[..., Any], formulas: list[Any], ctx: z3.Context) -> z3.BoolRef:
    """The conjunction or disjunction (`make`: z3's C maker) of formulas, built as z3.And and z3.Or build it but
    without their per-argument coercion (the comparison's hottest path); other arguments go through z3."""
    if not all(isinstance(f, z3.BoolRef) for f in formulas):
        return (z3.And if make is z3.Z3_mk_and else z3.Or)(formulas, ctx)
    array = (z3.Ast * len(formulas))(*[f.ast for f in formulas])
    return z3.BoolRef(make(ctx.ref(), len(formulas), array), ctx)


def _and(*formulas: Any) -> z3.BoolRef:
    """All of the formulas hold (at least one, all in one context)."""
    return _connect(z3.Z3_mk_and, list(formulas), formulas[0].ctx)


def _or(*formulas: Any) -> z3.BoolRef:
    """Some formula holds (at least one, all in one context)."""
    return _connect(z3.Z3_mk_or, list(formulas), formulas[0].ctx)


def _not(formula: z3.BoolRef) -> z3.BoolRef:
    """The formula does not hold."""
    if not isinstance(formula, z3.BoolRef):
        return z3.Not(formula)
    return z3.BoolRef(z3.Z3_mk_not(formula.ctx.ref(), formula.as_ast()), formula.ctx)


def _bounds(fact: Fact, areas: tuple[str, ...]) -> tuple[int, int]:
    if fact.kind == "enum":
        return 0, len(fact.values) - 1
    if fact.kind == "area":
        return 0, len(areas) - 1
    return fact.minimum or 0, fact.maximum if fact.maximum is not None else 10**6


def area_names(*policies: CompiledPolicy) -> tuple[str, ...]:
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


class Encoding:
    """One ruleset's conditions, definitions and action outcomes as z3 formulas."""

    def __init__(self, policy: CompiledPolicy, facts: FactVariables):
        self.policy, self.facts = policy, facts
        self.definitions: dict[str, tuple[Any, Any]] = {}
        for definition in policy.statutory_definitions + policy.definitions:
            self.definitions[definition.key] = self.rails(definition.condition)
        self.rules = {rule.id: self.rails(rule.condition) for rule in policy.rules}
        self._outcomes: dict[tuple[str, str | None], Outcome] = {}
        self._effects: dict[tuple[str, str | None], dict[str, tuple[Any, Any]]] = {}

    def fired(self, rule: CompiledRule, recipient: str | None) -> Any:
        """The rule is in effect for `recipient`: its condition holds and no exception to it applies."""
        return self.effect(rule.action, recipient)[rule.id][0]

    def effect(self, action: str, recipient: str | None) -> dict[str, tuple[Any, Any]]:
        """(in effect, not in effect) for each rule of the slot, as evaluate's default logic decides it."""
        key = (action, recipient)
        if key not in self._effects:
            slot = self.policy.slot(action, recipient)
            effect: dict[str, tuple[Any, Any]] = {}
            applies: dict[str, tuple[Any, Any]] = {}
            for rule in slot.order:
                holds, fails = self.rules[rule.id]
                exceptions = [applies[e.id] for e in slot.exceptions.get(rule.id, ())]
                defeated = (self.facts.some(h for h, _ in exceptions), self.facts.every(f for _, f in exceptions))
                effect[rule.id] = (_and(holds, defeated[1]), _or(fails, defeated[0]))
                applies[rule.id] = (_or(holds, defeated[0]), _and(fails, defeated[1]))
            self._effects[key] = effect
        return self._effects[key]

    def rails(self, condition: Condition) -> tuple[Any, Any]:
        """(holds, fails) for a condition; unknown is neither."""
        if isinstance(condition, Literal):
            return (self.facts.true, self.facts.false) if condition.truth is TRUE else (self.facts.false, self.facts.true)
        if isinstance(condition, Flag):
            known, value = self.facts.known[condition.path], self.facts.value[condition.path]
            return _and(known, value), _and(known, _not(value))
        if isinstance(condition, (Compare, Member)):
            known, holds = self._atom(condition)
            return _and(known, holds), _and(known, _not(holds))
        if isinstance(condition, DefinitionRef):
            return self.definitions[condition.name]
        if isinstance(condition, Not):
            holds, fails = self.rails(condition.operand)
            return fails, holds
        if isinstance(condition, All):
            parts = [self.rails(o) for o in condition.operands]
            return self.facts.every(h for h, _ in parts), self.facts.some(f for _, f in parts)
        if isinstance(condition, Any_):
            parts = [self.rails(o) for o in condition.operands]
            return self.facts.some(h for h, _ in parts), self.facts.every(f for _, f in parts)
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
                return self.facts.true, self.facts.true if item.value in values else self.facts.false
            fact = FACTS[item.path]
            variable = self.facts.value[item.path]
            return self.facts.known[item.path], self.facts.some(variable == self.facts.code(fact, v) for v in values)
        known, left = self._operand(atom.left, atom.right)
        known_right, right = self._operand(atom.right, atom.left)
        holds = _COMPARE[atom.op](left, right)
        return _and(known, known_right), holds if z3.is_expr(holds) else (self.facts.true if holds else self.facts.false)

    def _operand(self, side: Any, other: Any) -> tuple[Any, Any]:
        if isinstance(side, FactValue):
            return self.facts.known[side.path], self.facts.value[side.path]
        if isinstance(other, FactValue):
            return self.facts.true, self.facts.code(FACTS[other.path], side.value)
        return self.facts.true, side.value

    def _by_area(self, condition: ByArea) -> tuple[Any, Any]:
        known, area = self.facts.known["area"], self.facts.value["area"]
        listed = [self.facts.code(FACTS["area"], a) for a, _ in condition.branches]
        holds, fails = [], []
        for (_, branch), code in zip(condition.branches, listed):
            h, f = self.rails(branch)
            holds.append(_and(known, area == code, h))
            fails.append(_and(known, area == code, f))
        if condition.default is not None:
            h, f = self.rails(condition.default)
            elsewhere = _and(known, self.facts.every(area != code for code in listed))
            every = [self.rails(b) for _, b in condition.branches] + [(h, f)]
            holds += [_and(elsewhere, h), _and(_not(known), self.facts.every(x for x, _ in every))]
            fails += [_and(elsewhere, f), _and(_not(known), self.facts.every(y for _, y in every))]
        return self.facts.some(holds), self.facts.some(fails)

    # outcomes

    def outcome(self, action: str, recipient: str | None = None) -> "Outcome":
        """The merged outcome of an action for a recipient (contract section 5), as formulas."""
        key = (action, recipient)
        if key not in self._outcomes:
            self._outcomes[key] = self._merge(action, recipient)
        return self._outcomes[key]

    def _merge(self, action: str, recipient: str | None) -> "Outcome":
        rules = self.policy.slot(action, recipient).rules
        effect = self.effect(action, recipient)
        allowed = [r for r in rules if r.modality != "must_not"]
        forbidden = [r for r in rules if r.modality == "must_not"]
        fired = lambda group: self.facts.some(effect[r.id][0] for r in group)  # noqa: E731
        waiting = lambda group: self.facts.some(_unknown(effect[r.id]) for r in group)  # noqa: E731
        fa, fn, ua, un = fired(allowed), fired(forbidden), waiting(allowed), waiting(forbidden)
        prohibition = _and(fn, _not(fa), _not(ua))
        entry = _and(fa, _not(fn), _not(un))
        modality: dict[str, Any] = {"must_not": prohibition}
        stronger: list[Any] = []
        approvers: dict[str, Any] = {}
        unapproved = []
        for name in _ALLOWED:
            at = [r for r in allowed if r.modality == name]
            fired_at = fired(at)
            wins = _and(entry, fired_at, _not(self.facts.some(stronger)))
            modality[name] = wins
            stronger.append(fired_at)
            unapproved.append(_and(wins, fired([r for r in at if r.authority is None])))
            for authority in sorted({r.authority for r in at if r.authority}):
                approvers[authority] = _or(approvers.get(authority, self.facts.false),
                                           _and(wins, fired([r for r in at if r.authority == authority])))  # fmt: skip
        absent, conflict = _not(_or(fa, fn, ua, un)), _and(fa, fn)
        return Outcome(
            entry=entry,
            prohibition=prohibition,
            in_actions=_or(prohibition, entry),
            absent=absent,
            conflict=conflict,
            undecided=_not(_or(prohibition, entry, absent, conflict)),
            modality=modality,
            no_approval=_or(prohibition, self.facts.some(unapproved)),
            approvers=approvers,
        )


    def due_at(self, action: str, recipient: str | None, reported_at: dt.datetime) -> dict[dt.datetime | None, Any]:
        """For a report at `reported_at`: each due (in UTC) the action can have in `actions`, and when it has it;
        None when it has no deadline, a prohibition included."""
        timed = self.timed(action, recipient)
        outcome = self.outcome(action, recipient)
        untimed = _and(outcome.entry, _not(self.facts.some(self.fired(r, recipient) for r in timed)))
        due: dict[dt.datetime | None, Any] = {None: _or(outcome.prohibition, untimed)}
        for value in sorted({_due_instant(r, reported_at) for r in timed}):
            due[value] = self.earliest(action, recipient, value, reported_at, timed)
        return due

    def decides_due(self, action: str, recipient: str | None, rule_id: str | None, reported_at: dt.datetime) -> Any:
        """The rule's deadline is the action's due for a report at `reported_at` (None: the action has no due)."""
        if rule_id is None:
            return self.due_at(action, recipient, reported_at)[None]
        rule = self.policy.rule(rule_id)
        value = _due_instant(rule, reported_at)
        timed = self.timed(action, recipient)
        return _and(self.fired(rule, recipient), self.earliest(action, recipient, value, reported_at, timed))

    def earliest(self, action: str, recipient: str | None, value: dt.datetime, reported_at: dt.datetime,
                 timed: list[CompiledRule]) -> Any:  # fmt: skip
        """The action is an entry and its earliest deadline in effect falls at `value` (UTC)."""
        at = [self.fired(r, recipient) for r in timed if _due_instant(r, reported_at) == value]
        before = [self.fired(r, recipient) for r in timed if _due_instant(r, reported_at) < value]
        return _and(self.outcome(action, recipient).entry, self.facts.some(at), _not(self.facts.some(before)))

    def timed(self, action: str, recipient: str | None) -> list[CompiledRule]:
        """The permitting rules for the action and recipient that carry a deadline."""
        rules = self.policy.slot(action, recipient).rules
        return [r for r in rules if r.modality != "must_not" and r.due is not None]

    def decides(self, action: str, recipient: str | None, aspect: str, rule_id: str | None) -> Any:
        """The rule is one that decides the aspect's outcome (None: the action is not in `actions`)."""
        outcome = self.outcome(action, recipient)
        if rule_id is None:
            return _not(outcome.in_actions)
        rule = self.policy.rule(rule_id)
        if aspect == "presence":
            return _and(self.fired(rule, recipient), outcome.in_actions)
        return _and(self.fired(rule, recipient), outcome.modality[rule.modality])


@dataclass
class Outcome:
    """An action's outcome for one recipient as formulas: in `actions` (a permitting `entry` or a `prohibition`),
    `absent`, a `conflict` or `undecided`; which modality wins; whether and by whom it must be approved."""

    entry: Any
    prohibition: Any
    in_actions: Any
    absent: Any
    conflict: Any
    undecided: Any
    modality: dict[str, Any]
    no_approval: Any
    approvers: dict[str, Any]


def _unknown(rails: tuple[Any, Any]) -> Any:
    return _and(_not(rails[0]), _not(rails[1]))


_COMPARE = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


# --- questions ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """One way to ask whether some case differs: the formula, the facts that may matter, and for an action the
    formula "this rule decides the outcome on that side", so that a found way can be excluded and asked again."""

    subject: str
    aspect: str
    differs: Any
    relevant: frozenset[str]
    decides: Callable[[int, str | None], Any] | None = None
    reported_at: dt.datetime | None = None
    recipient: str | None = None


def _questions(sides: tuple[Encoding, Encoding]) -> Iterator[Question]:
    """Every question to ask of two rulesets, by subject, aspect and recipient."""
    left, right = sides
    for key, aspect in (("domestic_abuse", "value"), ("statutory.domestic_abuse", "statutory")):
        relevant = definition_facts(left.policy, key) | definition_facts(right.policy, key)
        for x, y in _different_truths(left.definitions[key], right.definitions[key]):
            yield Question("domestic_abuse", aspect, _and(x, y), relevant)
    for action in sorted(set(left.policy.actions) | set(right.policy.actions)):
        relevant = action_facts(left.policy, action) | action_facts(right.policy, action)
        for recipient in recipients(action, left.policy, right.policy):
            yield from _action_questions(sides, action, recipient, relevant)
            yield from _due_questions(sides, action, recipient, relevant)




def _action_questions(sides: tuple[Encoding, Encoding], action: str, recipient: str | None,
                      relevant: frozenset[str]) -> Iterator[Question]:  # fmt: skip
    """Presence, modality, authority, decided and (for a recipient) whether one side permits sharing with it."""
    left, right = sides
    l, r = left.outcome(action, recipient), right.outcome(action, recipient)
    presence = _or(_and(l.in_actions, _or(r.absent, r.conflict)),
                   _and(r.in_actions, _or(l.absent, l.conflict)))  # fmt: skip
    modality = left.facts.some(_and(l.modality[x], r.modality[y]) for x, y in itertools.permutations(l.modality, 2))
    no = left.facts.false
    same_approvers = left.facts.every(l.approvers.get(n, no) == r.approvers.get(n, no)
                                      for n in sorted(set(l.approvers) | set(r.approvers)))  # fmt: skip
    authority = _and(l.in_actions, r.in_actions,
                     _or(l.no_approval != r.no_approval,
                         _and(_not(l.no_approval), _not(r.no_approval), _not(same_approvers))))  # fmt: skip
    for aspect, differs in (("presence", presence), ("modality", modality), ("authority", authority)):
        decides = functools.partial(rule_decides, sides, action, recipient, aspect)
        yield Question(action, aspect, differs, relevant, decides, recipient=recipient)
    yield Question(action, "decided", l.undecided != r.undecided, relevant, recipient=recipient)
    if recipient is not None:
        refuses = lambda o: _or(o.absent, o.prohibition, o.conflict)  # noqa: E731
        permits = _or(_and(l.entry, refuses(r)), _and(r.entry, refuses(l)))
        yield Question(action, "recipient", permits, relevant, recipient=recipient)


def rule_decides(sides: tuple[Encoding, Encoding], action: str, recipient: str | None, aspect: str, side: int,
                 rule: str | None) -> Any:  # fmt: skip
    """The rule decides the aspect of the action on that side (None: the action is not in `actions`)."""
    return sides[side].decides(action, recipient, aspect, rule)


def _due_questions(sides: tuple[Encoding, Encoding], action: str, recipient: str | None,
                   relevant: frozenset[str]) -> Iterator[Question]:  # fmt: skip
    """One question per order in which the action's deadlines on either side can fall."""
    specs = {r.due for side in sides for r in side.timed(action, recipient)}
    if not specs:
        return
    left, right = sides
    for reported_at in _report_times(tuple(sorted(specs, key=_due_key))):
        l, r = left.due_at(action, recipient, reported_at), right.due_at(action, recipient, reported_at)
        no = left.facts.false
        differs = left.facts.some([_and(formula, _not(r.get(value, no))) for value, formula in l.items()]
                                  + [_and(formula, _not(l.get(value, no))) for value, formula in r.items()])  # fmt: skip
        both = _and(left.outcome(action, recipient).in_actions, right.outcome(action, recipient).in_actions)
        decides = functools.partial(_decides_due, sides, action, recipient, reported_at)
        yield Question(action, "due", _and(both, differs), relevant, decides, reported_at, recipient)


def _decides_due(sides: tuple[Encoding, Encoding], action: str, recipient: str | None, reported_at: dt.datetime,
                 side: int, rule: str | None) -> Any:  # fmt: skip
    return sides[side].decides_due(action, recipient, rule, reported_at)


def _due_instant(rule: CompiledRule, reported_at: dt.datetime) -> dt.datetime:
    """When the rule's deadline falls for a report at `reported_at`, in UTC so that deadlines order by real time."""
    assert rule.due is not None
    return instant(deadline_of(rule.due, reported_at).due)


def never_later(first: Due, second: Due) -> bool:
    """Whether deadline `first` falls no later than `second` for every report time in REPORT_WINDOW (exact: one
    report time is tried for each order in which the two can fall)."""
    if (first.hours is None) == (second.hours is None):  # one kind: more hours or working days is always later
        return _due_key(first) <= _due_key(second)
    times = _report_times(tuple(sorted({first, second}, key=_due_key)))
    return all(instant(deadline_of(first, at).due) <= instant(deadline_of(second, at).due) for at in times)


def _due_key(due: Due) -> tuple[int, int]:
    return (due.hours or 0, due.working_days or 0)


@functools.lru_cache(maxsize=None)
def _report_times(specs: tuple[Due, ...]) -> tuple[dt.datetime, ...]:
    """A report time for every order (ties included) in which the deadlines `specs` can fall, in the order the
    candidates are tried: the plainest (10:00 on a working day) first, so that a witness reads naturally."""
    orders: dict[tuple[int, ...], dt.datetime] = {}
    for moment in _candidate_times(specs):
        orders.setdefault(_order(specs, moment), moment)
    return tuple(orders.values())


def _order(specs: tuple[Due, ...], reported_at: dt.datetime) -> tuple[int, ...]:
    """The rank of each deadline among the distinct deadlines, for a report at `reported_at`."""
    dues = [instant(deadline_of(due, reported_at).due) for due in specs]
    distinct = sorted(set(dues))
    return tuple(distinct.index(due) for due in dues)


def _candidate_times(specs: tuple[Due, ...]) -> Iterator[dt.datetime]:
    """Report times that between them meet every order of the deadlines `specs`, plainest first.

    Deadlines of one kind keep their order (more hours or more working days is always later), so any time does
    when only one kind is present. An hours deadline against a working-days one changes order only where the
    report time crosses midnight or the end of the working day less those hours, so every day of REPORT_WINDOW
    is visited at midnight, at each such crossing and one microsecond (a report time's resolution) after it;
    before those, at 10:00 and at the first whole hour after each crossing, working days first.
    """
    first, last = REPORT_WINDOW
    every_day = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    working = [day for day in every_day if is_working_day(day)]
    yield from (_at(day, dt.time(10)) for day in working)
    hours = [due.hours for due in specs if due.hours is not None]
    working_days = [due for due in specs if due.working_days is not None]
    if not (hours and working_days):
        return
    yield from (_next_whole_hour(crossing) for day in working for crossing in _crossings(day, working_days, hours))
    yield from (_at(day, dt.time(10)) for day in every_day)
    yield from (_next_whole_hour(crossing) for day in every_day for crossing in _crossings(day, working_days, hours))
    for day in every_day:
        yield _at(day, dt.time(0))
        for crossing in _crossings(day, working_days, hours):
            yield crossing
            yield _later(crossing, dt.timedelta(microseconds=1))


def _crossings(day: dt.date, working_days: list[Due], hours: list[int]) -> Iterator[dt.datetime]:
    """The report times on `day` at which an hours deadline ends exactly when a working-days one does."""
    for due, count in itertools.product(working_days, hours):
        crossing = _later(deadline_of(due, _at(day, dt.time(0))).due, -dt.timedelta(hours=count))
        if crossing.date() == day:
            yield crossing


def _next_whole_hour(moment: dt.datetime) -> dt.datetime:
    """The first whole hour (London) after `moment`: a plain report time on the far side of a crossing."""
    return _later(moment, dt.timedelta(hours=1) - dt.timedelta(minutes=moment.minute, seconds=moment.second,
                                                               microseconds=moment.microsecond))  # fmt: skip


def _later(moment: dt.datetime, step: dt.timedelta) -> dt.datetime:
    """`step` of real time after `moment`, in London time."""
    return (instant(moment) + step).astimezone(LONDON)


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=LONDON)


def _different_truths(a: tuple[Any, Any], b: tuple[Any, Any]) -> list[tuple[Any, Any]]:
    """Each pair of different truth values, the definite disagreements (yes against no) first."""
    truths = lambda rails: (rails[0], rails[1], _unknown(rails))  # noqa: E731
    pairs = [(i, j) for i in range(3) for j in range(3) if i != j]
    pairs.sort(key=lambda ij: 2 in ij)
    return [(truths(a)[i], truths(b)[j]) for i, j in pairs]


def definition_facts(policy: CompiledPolicy, key: str) -> frozenset[str]:
    return next(d.facts for d in policy.statutory_definitions + policy.definitions if d.key == key)


def _facts_of_definitions(policy: CompiledPolicy) -> frozenset[str]:
    """The facts read by any of the ruleset's definitions (statutory ones included)."""
    return frozenset().union(*(d.facts for d in policy.statutory_definitions + policy.definitions))


def action_facts(policy: CompiledPolicy, action: str) -> frozenset[str]:
    return frozenset().union(*(r.facts for r in policy.actions.get(action, ())))


# --- ways and witnesses ------------------------------------------------------------------------------------------


@dataclass
class Ways:
    """The differences found for one (subject, aspect). For an action each way (the rules deciding it on each side)
    is excluded once found and the question asked again until no case is left, keeping one entry per pair of
    clauses; a definition's question asks for one pair of truth values, so it has one way. The Ways of one
    comparison share their `decisions`."""

    left: CompiledPolicy
    right: CompiledPolicy
    facts: FactVariables
    found: list[Difference] = field(default_factory=list)
    excluded: set[tuple[str | None, str | None]] = field(default_factory=set)
    keys: set[Any] = field(default_factory=set)
    decisions: _Decisions | None = None

    def __post_init__(self) -> None:
        """Ways made on their own (as conformance makes them) keep their own decisions."""
        if self.decisions is None:
            self.decisions = _Decisions((self.left, self.right))

    def search(self, solver: z3.Solver, question: Question) -> None:
        """Record every way in which the question's difference shows."""
        solver.push()
        solver.add(question.differs)
        self._exclude(solver, question, self.excluded)
        while solver.check() == z3.sat:
            values = self.facts.known_values(solver.model(), question.relevant)
            way = self._witness(question, values)
            if question.decides is None:
                break
            new = way - self.excluded
            if not new:
                raise AssertionError(f"no new way found for {question.subject} {question.aspect}: {values}")
            self.excluded |= new
            self._exclude(solver, question, new)
        solver.pop()

    @staticmethod
    def _exclude(solver: z3.Solver, question: Question, ways: Iterable[tuple[str | None, str | None]]) -> None:
        if question.decides is not None:
            solver.add(*[_not(_and(question.decides(0, l), question.decides(1, r))) for l, r in sorted(ways, key=str)])

    def _witness(self, question: Question, values: dict[str, Any]) -> frozenset:
        """Verify the solver's case by evaluation, shrink it while it shows no other way, record it; return its way
        (the rules deciding it on each side), which shrinking may narrow to fewer rules but never to other ones."""
        way = self._way(question, values)
        if way is None:
            raise AssertionError(f"the solver's witness for {question.subject} {question.aspect} does not show: {values}")

        def narrows(fewer: dict[str, Any]) -> bool:
            nonlocal way
            narrower = self._way(question, fewer)
            if narrower is not None and narrower <= way:
                way = narrower
                return True
            return False

        values = shrink(values, narrows)
        case = witness_case(values, question.reported_at)
        left, right = self._evaluate(question, values)
        key = way if question.decides is None else (_clauses(self.left, (l for l, _ in way)),
                                                      _clauses(self.right, (r for _, r in way)))  # fmt: skip
        if key not in self.keys:
            self.keys.add(key)
            self.found.append(Difference(question.subject, question.aspect, outcome(left, question.subject, question.recipient, aspect=question.aspect),
                                         outcome(right, question.subject, question.recipient, aspect=question.aspect), case, question.recipient))  # fmt: skip
        return way

    def _way(self, question: Question, values: Mapping[str, Any]) -> frozenset | None:
        """The rules that decide the difference on each side for this case, or None if it does not show."""
        left, right = self._evaluate(question, values)
        if not shows(question.subject, question.aspect, left, right, question.recipient):
            return None
        if question.subject == "domestic_abuse":
            truths = (getattr(decision.domestic_abuse, question.aspect) for decision in (left, right))
            return frozenset({tuple(truths)})
        deciding = [_deciding(question, policy, decision) for policy, decision in ((self.left, left), (self.right, right))]
        return frozenset(itertools.product(*deciding))


    def _evaluate(self, question: Question, values: Mapping[str, Any]) -> tuple[Decision, Decision]:
        """Both decisions for the witness case of `values`, limited to the question's action."""
        only = () if question.subject == "domestic_abuse" else (question.subject,)
        assert self.decisions is not None
        return self.decisions.both(only, question.reported_at, values)


@dataclass
class _Decisions:
    """Both rulesets' decisions for witness cases, each side's evaluated once for all the cases that agree on the
    facts it reads (its definitions' and the action's), however many questions and shrinking steps try them. Only
    the decisions for the action being compared are kept: questions come action by action, and a cache that grew
    for the whole comparison would cost more in garbage collection than it saves."""

    policies: tuple[CompiledPolicy, CompiledPolicy]
    only: tuple[str, ...] | None = None
    found: dict[tuple[Any, ...], Decision] = field(default_factory=dict)
    reads: dict[tuple[int, tuple[str, ...]], frozenset[str]] = field(default_factory=dict)

    def both(self, only: tuple[str, ...], reported_at: dt.datetime | None,
             values: Mapping[str, Any]) -> tuple[Decision, Decision]:  # fmt: skip
        """Both decisions for the witness case of `values`, limited to the actions `only`."""
        if only != self.only:
            self.only, self.found = only, {}
        return self._decision(0, reported_at, values), self._decision(1, reported_at, values)

    def _decision(self, side: int, reported_at: dt.datetime | None, values: Mapping[str, Any]) -> Decision:
        """One side's decision, from the cases already evaluated where one agrees on the facts it reads."""
        policy, only = self.policies[side], self.only or ()
        if (side, only) not in self.reads:
            self.reads[side, only] = _facts_of_definitions(policy).union(*(action_facts(policy, a) for a in only))
        reads = self.reads[side, only]
        key = (side, reported_at, *((p, tuple(v) if isinstance(v, list) else v) for p, v in values.items()
                                    if p in reads))  # fmt: skip
        if key not in self.found:
            self.found[key] = evaluate_case(policy, witness_case(values, reported_at), only=only)
        return self.found[key]


def shrink(values: dict[str, Any], keeps: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """The smallest case found by leaving out one fact, or one member of a list fact, at a time while `keeps`
    accepts the smaller case: a witness that names only the facts that matter."""
    shrinking = True
    while shrinking:  # until no single fact, and no single member of a list, can be left out
        shrinking = False
        for fewer in _smaller(values):
            if keeps(fewer):
                values, shrinking = fewer, True
                break
    return values


def _smaller(values: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Each case one step smaller than `values`: a fact left out, or one member left out of a list fact."""
    for path in values:
        yield {p: v for p, v in values.items() if p != path}
    for path, value in values.items():
        if isinstance(value, list) and len(value) > 1:
            for member in value:
                yield {**values, path: [m for m in value if m != member]}


def _deciding(question: Question, policy: CompiledPolicy, decision: Decision) -> list[str | None]:
    """The ids of the rules of one side that decide the aspect of the question's action (None: not in `actions`)."""
    entry = entry_for(decision, "actions", question.subject, question.recipient)
    if entry is None or (question.aspect == "due" and entry.due is None):
        return [None]
    rules = [policy.rule(rule_id) for rule_id in entry.rules]
    if question.aspect == "due":
        assert question.reported_at is not None
        due = instant(entry.due)
        rules = [r for r in rules if r.due is not None and _due_instant(r, question.reported_at) == due]
    elif question.aspect != "presence":
        rules = [r for r in rules if r.modality == entry.modality]
    return [r.id for r in rules]


def _clauses(policy: CompiledPolicy, rule_ids: Iterable[str | None]) -> tuple[str, ...]:
    """The clauses cited by the rules of one side of a way."""
    rules = [policy.rule(rule_id) for rule_id in rule_ids if rule_id is not None]
    return tuple(sorted({c.clause for rule in rules for c in rule.citations}))


def witness_case(values: Mapping[str, Any], reported_at: dt.datetime | None = None) -> dict[str, Any]:
    """A case document from dotted facts, and the report time first where a deadline needs it."""
    timed = {"reported_at": reported_at.isoformat()} if reported_at else {}
    return case_document({**timed, **values})

















__all__ = ["REPORT_WINDOW", "Comparison", "Difference", "compare_policies"]
