"""Evaluate a case under a compiled policy: definitions, then rules, then one entry per action.

Pure: reads the case, never changes it, reads no clock and does no I/O. Unknown facts stay unknown (Kleene
logic); an action whose rules wait on them is `undecided` with the facts that could settle it. Merging several
rules for one action follows contract section 5: strongest modality, earliest due, every citation; a
prohibition and a permission that both hold are a conflict.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
import weakref
from typing import Any, Callable, Collection, Mapping

from .compile import Citation, CompiledPolicy, CompiledRule, Slot
from .codegen import definitions_function, definitions_missing_function, rules_function, rules_missing_function
from .conditions import Condition
from .deadlines import Deadline, deadline_of, instant
from .decision import ActionEntry, ConflictEntry, Decision, Displacement, DomesticAbuse, UndecidedEntry, entry_of
from .errors import suggest
from .logic import FALSE, TRUE, UNKNOWN, Truth, kleene_and, kleene_not, kleene_or
from .model.case import read_case
from .model.dates import Due
from .model.vocabulary import RECIPIENT, STRENGTH
from .trace import Sink, emit_trace

_STATUTORY_DEFINITION = "statutory.domestic_abuse"


class _Missing:
    """The unknown facts that keep each open definition and rule of one case open, worked out when the decision
    first needs them (a case that leaves nothing open never asks): for a whole decision, every definition's and
    every rule's at once by the plan's generated functions; for a decision on some actions only (`only`), each
    definition's and rule's when asked for, by a function generated for it alone, since the other actions' rules
    were not evaluated."""

    __slots__ = ("_plan", "_facts", "_truths", "_values", "_whole", "_definitions", "_rules", "_of")

    def __init__(self, plan: "_Plan", facts: dict[str, Any], truths: dict[str, Truth], values: tuple[Truth, ...],
                 whole: bool):  # fmt: skip
        self._plan, self._facts, self._truths, self._values, self._whole = plan, facts, truths, values, whole
        self._definitions: dict[str, frozenset[str]] | None = None
        self._rules: tuple[frozenset[str], ...] | None = None
        self._of: dict[int, frozenset[str]] = {}

    def _definitions_missing(self) -> dict[str, frozenset[str]]:
        if self._definitions is None:
            if self._whole:
                self._definitions = {}
                self._plan.definitions_missing(self._facts, self._truths, self._definitions)
            else:
                self._definitions = _EachDefinitionMissing(self._plan, self._facts, self._truths)
        return self._definitions

    def definition(self, key: str) -> frozenset[str]:
        """The unknown facts that keep a definition open (none for a decided one)."""
        if self._truths[key] is not UNKNOWN:
            return _NOTHING
        return self._definitions_missing()[key]

    def of(self, condition: Condition) -> frozenset[str]:
        """The unknown facts that keep an UNKNOWN condition open."""
        return condition.missing(self._facts, self._truths, self._definitions_missing())

    def of_all(self, places: tuple[int, ...]) -> frozenset[str]:
        """The unknown facts that keep any of the UNKNOWN rule conditions at these places open."""
        if self._whole:
            rules = self._rules
            if rules is None:
                rules = self._rules = self._plan.rules_missing(self._facts, self._truths, self._values,
                                                               self._definitions_missing())  # fmt: skip
            if len(places) == 1:
                return rules[places[0]]
            return _NOTHING.union(*[rules[place] for place in places])
        return _NOTHING.union(*map(self._of_rule, places))

    def _of_rule(self, place: int) -> frozenset[str]:
        """One rule's, when the decision is on some actions only: by a function for that rule alone."""
        found = self._of.get(place)
        if found is None:
            missing_of = self._plan.one_rule_missing(place)
            (found,) = missing_of(self._facts, self._truths, _OPEN, self._definitions_missing())
            self._of[place] = found
        return found


class _EachDefinitionMissing(dict):
    """Definitions' missing facts each worked out when first asked for: a decision on a few actions asks for the
    definitions those actions read, not all of them."""

    def __init__(self, plan: "_Plan", facts: dict[str, Any], truths: dict[str, Truth]):
        super().__init__()
        self._plan, self._facts, self._truths = plan, facts, truths

    def __missing__(self, key: str) -> frozenset[str]:
        self._plan.one_definition_missing(key)(self._facts, self._truths, self)  # writes self[key]
        return self[key]


_NOTHING: frozenset[str] = frozenset()
_OPEN = (UNKNOWN,)
_REPORTED_AT = frozenset({"reported_at"})
#: The most outcome shapes kept per slot (a slot's rules come out in a few dozen ways in practice).
_SHAPES_PER_SLOT = 4096
_ACTIONS, _UNDECIDED, _CONFLICTS = 0, 1, 2
#: The most undecided entries kept per shape, by the facts they wait on (entries are frozen, so cases share them).
_ENTRIES_PER_SHAPE = 64
#: The most sets of actions (`only`) whose steps are kept per policy.
_SELECTIONS_KEPT = 256
#: The most warnings on unknown areas kept per policy (a case's area is free text).
_AREAS_KEPT = 256


class _Plan:
    """What evaluating cases under one compiled policy needs, worked out once per policy: the tests in order, and
    per slot the outcomes of its rules met so far."""

    def __init__(self, policy: CompiledPolicy):
        self.owner = weakref.ref(policy)
        definitions = tuple((d.key, d.condition) for d in policy.statutory_definitions + policy.definitions)
        conditions = tuple(rule.condition for rule in policy.rules)
        self.definitions = definitions_function(definitions)
        self.rules = rules_function(conditions)
        self.definitions_missing = definitions_missing_function(definitions)
        self.rules_missing = rules_missing_function(conditions)
        self._one_definition: dict[str, Callable[..., None]] = {}
        self._one_rule: dict[int, Callable[..., tuple[frozenset[str]]]] = {}
        index = {rule.id: number for number, rule in enumerate(policy.rules)}
        self.steps = tuple(_SlotPlan(slots[0], index) if len(slots) == 1 else tuple(_SlotPlan(s, index) for s in slots)
                           for slots in policy.slots.values())  # fmt: skip
        self.policy = {"id": policy.id, "landlord": policy.landlord, "version": policy.version,
                       "effective": policy.effective, "digest": policy.digest}  # fmt: skip
        self.reasons = tuple((key, {truth: f"{label}: {truth.value}" for truth in Truth}) for key, label in policy.reasons)
        self.unknown_areas: dict[str, str] = {}
        self.rule_actions = tuple(rule.action for rule in policy.rules)
        self.selections: dict[frozenset[str], tuple[tuple[Any, ...], tuple[int, ...]]] = {}

    def selection(self, only: Collection[str]) -> tuple[tuple[Any, ...], tuple[int, ...]]:
        """The steps of the actions in `only`, and the places of their rules among the policy's rules (comparison
        asks for one action at a time, thousands of times)."""
        key = frozenset(only)
        found = self.selections.get(key)
        if found is None:
            steps = tuple(step for step in self.steps if (step if step.__class__ is _SlotPlan else step[0]).action in key)
            found = steps, tuple(place for place, action in enumerate(self.rule_actions) if action in key)
            if len(self.selections) < _SELECTIONS_KEPT:
                self.selections[key] = found
        return found

    def one_definition_missing(self, key: str) -> Callable[..., None]:
        """The generated function for one definition's missing facts (made when first needed)."""
        found = self._one_definition.get(key)
        if found is None:
            condition = self.owner().definition_conditions[key]  # type: ignore[union-attr]
            found = self._one_definition[key] = definitions_missing_function(((key, condition),))
        return found

    def one_rule_missing(self, place: int) -> Callable[..., tuple[frozenset[str]]]:
        """The generated function for one rule's missing facts (made when first needed)."""
        found = self._one_rule.get(place)
        if found is None:
            condition = self.owner().rules[place].condition  # type: ignore[union-attr]
            found = self._one_rule[place] = rules_missing_function((condition,))
        return found

    def unknown_area(self, policy: CompiledPolicy, area: str) -> str:
        """The warning on an area no condition names, worked out once per area (up to a few hundred areas)."""
        found = self.unknown_areas.get(area)
        if found is None:
            found = _unknown_area(policy, area)
            if len(self.unknown_areas) < _AREAS_KEPT:
                self.unknown_areas[area] = found
        return found


_PLANS: dict[int, _Plan] = {}


def _plan(policy: CompiledPolicy) -> _Plan:
    """The plan of a compiled policy, made on its first case and dropped with the policy."""
    plan = _PLANS.get(id(policy))
    if plan is None or plan.owner() is not policy:
        plan = _PLANS[id(policy)] = _Plan(policy)
        weakref.finalize(policy, _PLANS.pop, id(policy), None)
    return plan


class _SlotPlan:
    """One slot and the shapes of the outcomes of its rules, by their truths (in the slot's rule order)."""

    __slots__ = ("slot", "action", "ids", "places", "truths_of", "shapes")

    def __init__(self, slot: Slot, index: Mapping[str, int]):
        self.slot = slot
        self.places = index
        self.action = slot.action
        self.ids = tuple(rule.id for rule in slot.rules)
        self.truths_of = _picker(tuple(index[rule_id] for rule_id in self.ids))
        self.shapes: dict[tuple[Truth, ...], _Shape | None] = {(FALSE,) * len(self.ids): None}

    def outcome(self, rule_values: tuple[Truth, ...]) -> "_Shape | None":
        """The outcome shape of the slot's rules for these truths of the policy's rules, worked out the first time
        they come out so; None where no rule is in effect or open."""
        truths = self.truths_of(rule_values)
        shape = self.shapes.get(truths, _UNSEEN)
        if shape is _UNSEEN:
            shape = _shape(self.slot, dict(zip(self.ids, truths)), self.places)
            if len(self.shapes) < _SHAPES_PER_SLOT:
                self.shapes[truths] = shape
        return shape


def evaluate_case(policy: CompiledPolicy, case: Any, sink: Sink | None = None, *,
                  only: Collection[str] | None = None) -> Decision:  # fmt: skip
    """The decision for one case; raises CaseError if the case document is malformed.

    `only` limits the decision to those action ids (the definitions are always decided): comparison checks its
    witnesses this way, one action at a time.
    """
    plan = _plan(policy)
    facts = read_case(case)
    truths: dict[str, Truth] = {}
    plan.definitions(facts, truths)
    if only is None:
        steps, places = plan.steps, ()
        rule_values = plan.rules(facts, truths)
    else:
        steps, places = plan.selection(only)
        rule_values = _selected_truths(policy, places, facts, truths)
    missing = _Missing(plan, facts, truths, rule_values, only is None)
    reported_at: dt.datetime | None = facts.get("reported_at")
    deadline = _deadline_memo(reported_at)

    sections: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
    displaced: list[Displacement] = []
    for step in steps:
        if step.__class__ is not _SlotPlan:
            _action_with_recipients(step, rule_values, missing, deadline, reported_at, sections, displaced)
            continue
        shape = step.outcome(rule_values)
        if shape is None:
            continue
        sections[shape.section].append(shape.entry or shape.finish(missing, deadline, reported_at))
        if shape.displaced:
            displaced += shape.displaced
    if only is None:
        rule_truths = tuple(zip(policy.rules, rule_values))
    else:
        rule_truths = tuple((policy.rules[place], rule_values[place]) for place in places)

    actions = sections[_ACTIONS]
    actions.sort(key=_action_order)
    decision = Decision(
        policy=dict(plan.policy),
        domestic_abuse=_domestic_abuse(policy, plan, truths, missing),
        actions=tuple(actions),
        undecided=tuple(sections[_UNDECIDED]),
        conflicts=tuple(sections[_CONFLICTS]),
        warnings=tuple(_warnings(policy, plan, truths, reported_at, facts.get("area"))),
        rule_truths=rule_truths,
        displaced=tuple(displaced),
        definitions=tuple(truths.items()),
        missing_of=missing.of,
    )
    if sink is not None:
        emit_trace(decision, facts, sink)
    return decision


_UNSEEN: Any = object()


def _selected_truths(policy: CompiledPolicy, places: tuple[int, ...], facts: dict[str, Any],
                     truths: dict[str, Truth]) -> tuple[Truth, ...]:  # fmt: skip
    """The truths of the rules at these places, by their own condition trees (a decision on a few actions asks
    for a few rules); the other places hold FALSE and are never read (their actions' steps are not taken)."""
    values = [FALSE] * len(policy.rules)
    for place in places:
        values[place] = policy.rules[place].condition.test(facts, truths)
    return tuple(values)


def _action_with_recipients(slot_plans: tuple[_SlotPlan, ...], rule_values: tuple[Truth, ...], missing: _Missing,
                            deadline: Callable[[Due], Deadline], reported_at: dt.datetime | None,
                            sections: tuple[list[Any], list[Any], list[Any]], displaced: list[Displacement]) -> None:
    """The entries of an action with a slot per recipient: each recipient's, less those that say no more than the
    `any` entry."""
    found: list[tuple[_Shape, Any]] = []
    for slot_plan in slot_plans:
        shape = slot_plan.outcome(rule_values)
        if shape is not None:
            found.append((shape, shape.entry or shape.finish(missing, deadline, reported_at)))
    for shape, entry in found if len(found) <= 1 else _distinct(found):
        if shape.displaced:
            displaced += shape.displaced
        sections[shape.section].append(entry)


_NO_DUE = dt.datetime.max.replace(tzinfo=dt.timezone.utc)


def _picker(indices: tuple[int, ...]) -> Callable[[tuple[Truth, ...]], tuple[Truth, ...]]:
    """The truths at these places of the rule truths, as a tuple (itemgetter gives a bare value for one place)."""
    if len(indices) == 1:
        (place,) = indices
        return lambda values: (values[place],)
    return operator.itemgetter(*indices)


def _action_order(entry: ActionEntry) -> tuple:
    """By due (nulls last), then id, then recipient."""
    return (instant(entry.due) if entry.due else _NO_DUE, entry.due is None, entry.id, entry.recipient or "")


def _in_effect(slot: Slot, conditions: dict[str, Truth]) -> tuple[dict[str, Truth], dict[str, Truth]]:
    """Which rules of a slot are in effect, and which apply (default logic): a rule is in effect where its
    condition holds and no exception to it applies. An exception applies where its own condition holds or an
    exception to it applies, so it displaces its bases even when their conditions fail. Unknown stays unknown."""
    if not slot.defeasible:
        return conditions, conditions
    in_effect: dict[str, Truth] = {}
    applies: dict[str, Truth] = {}
    for rule in slot.order:
        defeated = kleene_or(applies[e.id] for e in slot.exceptions.get(rule.id, ()))
        in_effect[rule.id] = kleene_and((conditions[rule.id], kleene_not(defeated)))
        applies[rule.id] = kleene_or((conditions[rule.id], defeated))
    return in_effect, applies


@dataclasses.dataclass(frozen=True)
class _Shape:
    """What merging a slot's rules gives for one combination of their truths (contract section 5): the entry
    itself where nothing else in the case can change it, else what `finish` completes from the case. Shapes are
    shared by the cases of a policy (`undecided` keeps the undecided entries made so far, by the facts they wait on:
    entries are frozen)."""

    section: int
    displaced: tuple[Displacement, ...]
    entry: ActionEntry | UndecidedEntry | ConflictEntry | None
    fields: dict[str, Any] = dataclasses.field(default_factory=dict)
    open: tuple[int, ...] = ()  # the places of the UNKNOWN rule conditions it waits on
    timed: tuple[Due, ...] = ()
    because: tuple[str, ...] = ()
    must_wait: tuple[int, ...] = ()
    may_wait: tuple[tuple[Due, tuple[int, ...]], ...] = ()
    undecided: dict[frozenset[str], UndecidedEntry] = dataclasses.field(default_factory=dict)

    def finish(self, missing: _Missing, deadline: Callable[[Due], Deadline],
               reported_at: dt.datetime | None) -> ActionEntry | UndecidedEntry:  # fmt: skip
        """The entry for this case: the facts it waits on and, for an action, its earliest due."""
        if self.section == _UNDECIDED:
            facts = missing.of_all(self.open)
            entry = self.undecided.get(facts)
            if entry is None:
                entry = entry_of(UndecidedEntry, self.fields, missing=tuple(sorted(facts)))
                if len(self.undecided) < _ENTRIES_PER_SHAPE:
                    self.undecided[facts] = entry
            return entry
        conditions = list(self.must_wait)
        due: dt.datetime | None = None
        because = self.because
        if self.timed and reported_at is not None:
            earliest = min((deadline(timed) for timed in self.timed), key=lambda d: instant(d.due))
            due = earliest.due
            because = (earliest.because, *because)
        for rule_due, waits in self.may_wait:
            if due is None or reported_at is None or instant(deadline(rule_due).due) < instant(due):
                conditions += waits
        found = missing.of_all(tuple(conditions)) if conditions else _NOTHING
        if self.timed and reported_at is None:
            found = found | _REPORTED_AT
        return entry_of(ActionEntry, self.fields, due=due, missing=tuple(sorted(found)), because=because)


def _shape(slot: Slot, conditions: dict[str, Truth], places: Mapping[str, int]) -> _Shape | None:
    """The shape of the slot's entry for these truths of its rules (`places`: each rule's place among the policy's
    rules); None where no rule is in effect or open."""
    in_effect, applies = _in_effect(slot, conditions)
    fired = [rule for rule in slot.rules if in_effect[rule.id] is TRUE]
    waiting = [rule for rule in slot.rules if in_effect[rule.id] is UNKNOWN]
    if not fired and not waiting:
        return None
    overrides = tuple(r.id for r in slot.rules if conditions[r.id] is TRUE and in_effect[r.id] is FALSE)
    displaced = tuple(
        Displacement(rule, slot.recipient, tuple(r for r in _displacing(slot, rule) if in_effect[r.id] is TRUE))
        for rule in slot.rules if rule.id in overrides
    )  # fmt: skip

    def open_conditions(rules: list[CompiledRule]) -> tuple[int, ...]:
        """The places (in the policy's rules) of the UNKNOWN conditions that keep these rules open."""
        return tuple(dict.fromkeys(places[r.id] for rule in rules for r in _waits_on(slot, rule, conditions, applies)))

    action, recipient = slot.action, slot.recipient
    allowed = [rule for rule in fired if rule.modality != "must_not"]
    forbidden = [rule for rule in fired if rule.modality == "must_not"]
    open_allowed = [rule for rule in waiting if rule.modality != "must_not"]
    open_forbidden = [rule for rule in waiting if rule.modality == "must_not"]
    if allowed and forbidden:
        conflict = ConflictEntry(
            id=action,
            modalities=tuple(sorted({rule.modality for rule in fired})),
            citations=_citations(fired),
            rules=tuple(rule.id for rule in fired),
            recipient=recipient,
            overrides=overrides,
        )
        return _Shape(_CONFLICTS, displaced, conflict)
    if forbidden and not open_allowed:
        return _Shape(_ACTIONS, displaced, _prohibition(action, recipient, forbidden, overrides))
    if allowed and not open_forbidden:
        return _entry_shape(slot, allowed, open_allowed, overrides, displaced, open_conditions)
    # Whether the action holds (or is a conflict) still waits on facts. While a prohibition may hold, the
    # entry says `must_not`: the cautious reading until the facts are known. `modalities` lists every outcome.
    fields = dict(
        id=action,
        modality="must_not" if forbidden or open_forbidden else _strongest(allowed or open_allowed),
        modalities=tuple(sorted({rule.modality for rule in fired + waiting})),
        citations=_citations(fired + waiting),
        rules=tuple(rule.id for rule in fired + waiting),
        recipient=recipient,
        overrides=overrides,
    )
    return _Shape(_UNDECIDED, displaced, None, fields, open_conditions(waiting))


def _entry_shape(slot: Slot, allowed: list[CompiledRule], open_allowed: list[CompiledRule], overrides: tuple[str, ...],
                 displaced: tuple[Displacement, ...],
                 open_conditions: Callable[[list[CompiledRule]], tuple[int, ...]]) -> _Shape:  # fmt: skip
    """Strongest modality, earliest due, every citation; `missing` names facts that could still change it: an open
    rule that is stronger, needs another approver, or may be due earlier."""
    modality = _strongest(allowed)
    authority = _approver([rule for rule in allowed if rule.modality == modality])
    timed = tuple(rule.due for rule in allowed if rule.due is not None)
    must_wait: list[CompiledRule] = []
    may_wait: list[tuple[Due, tuple[int, ...]]] = []
    for rule in open_allowed:
        stronger = STRENGTH[rule.modality] > STRENGTH[modality]
        approver = authority is not None and STRENGTH[rule.modality] >= STRENGTH[modality] and rule.authority != authority
        if stronger or approver:
            must_wait.append(rule)
        elif rule.due is not None:
            may_wait.append((rule.due, open_conditions([rule])))
    fields = dict(
        id=slot.action,
        modality=modality,
        authority=authority,
        citations=_citations(allowed),
        rules=tuple(rule.id for rule in allowed),
        assumptions=_assumptions(allowed),
        recipient=slot.recipient,
        overrides=overrides,
    )
    because = tuple(rule.applies for rule in allowed)
    if not timed and not must_wait and not may_wait:
        return _Shape(_ACTIONS, displaced, ActionEntry(due=None, missing=(), because=because, **fields))
    return _Shape(_ACTIONS, displaced, None, fields, timed=timed, because=because,
                  must_wait=open_conditions(must_wait), may_wait=tuple(may_wait))  # fmt: skip


def _waits_on(slot: Slot, rule: CompiledRule, conditions: dict[str, Truth],
              applies: dict[str, Truth]) -> list[CompiledRule]:  # fmt: skip
    """The rules whose unknown facts keep an open rule open: itself, and the exceptions that may apply."""
    found = [rule] if conditions[rule.id] is UNKNOWN else []
    for exception in slot.exceptions.get(rule.id, ()):
        if applies[exception.id] is UNKNOWN:
            found += _waits_on(slot, exception, conditions, applies)
    return found


def _displacing(slot: Slot, rule: CompiledRule) -> list[CompiledRule]:
    """The exceptions to `rule`, and theirs in turn."""
    found: list[CompiledRule] = []
    for exception in slot.exceptions.get(rule.id, ()):
        found += [exception] + [r for r in _displacing(slot, exception) if r not in found]
    return list(dict.fromkeys(found))


def _distinct(found: list[tuple[_Shape, Any]]) -> list[tuple[_Shape, Any]]:
    """The entries of one action (in slot order), leaving out a recipient's entry that says no more than the `any`
    entry (the outcome for every recipient without an entry of its own)."""
    every = next((entry for _, entry in found if entry.recipient == RECIPIENT.default), None)
    if every is None:
        return found
    return [(shape, entry) for shape, entry in found if entry is every or not _same_but_recipient(entry, every)]


def _same_but_recipient(entry: Any, other: Any) -> bool:
    return type(entry) is type(other) and {**vars(entry), "recipient": None} == {**vars(other), "recipient": None}


def _prohibition(action: str, recipient: str | None, forbidden: list[CompiledRule],
                 overrides: tuple[str, ...]) -> ActionEntry:  # fmt: skip
    return ActionEntry(
        id=action,
        modality="must_not",
        due=None,
        authority=None,
        missing=(),
        citations=_citations(forbidden),
        because=tuple(rule.applies for rule in forbidden),
        rules=tuple(rule.id for rule in forbidden),
        assumptions=_assumptions(forbidden),
        recipient=recipient,
        overrides=overrides,
    )


def _approver(rules: list[CompiledRule]) -> str | None:
    """Who must approve: nobody if any of the rules gives the action without approval; else any one approver named."""
    if any(rule.authority is None for rule in rules):
        return None
    return " or ".join(sorted({rule.authority for rule in rules}))


def _deadline_memo(reported_at: dt.datetime | None) -> Callable[[Due], Deadline]:
    """Work out each distinct deadline of this case once."""
    memo: dict[Due, Deadline] = {}

    def deadline(due: Due) -> Deadline:
        if due not in memo:
            assert reported_at is not None
            memo[due] = deadline_of(due, reported_at)
        return memo[due]

    return deadline


def _strongest(rules: list[CompiledRule]) -> str:
    return max((rule.modality for rule in rules), key=lambda m: STRENGTH.get(m, 0))


def _citations(rules: list[CompiledRule]) -> tuple[Citation, ...]:
    if len(rules) == 1:
        return rules[0].citations
    return tuple(dict.fromkeys(citation for rule in rules for citation in rule.citations))


def _assumptions(rules: list[CompiledRule]) -> tuple[str, ...]:
    if len(rules) == 1:
        return rules[0].assumptions
    return tuple(dict.fromkeys(assumption for rule in rules for assumption in rule.assumptions))


def _domestic_abuse(policy: CompiledPolicy, plan: _Plan, truths: dict[str, Truth], missing: _Missing) -> DomesticAbuse:
    value, statutory = truths["domestic_abuse"], truths[_STATUTORY_DEFINITION]
    reasons = tuple(texts[truths[key]] for key, texts in plan.reasons)
    open_facts = missing.definition("domestic_abuse") | missing.definition(_STATUTORY_DEFINITION)
    return DomesticAbuse(value, statutory, reasons, tuple(sorted(open_facts)), policy.defining_assumptions)


def _warnings(policy: CompiledPolicy, plan: _Plan, truths: dict[str, Truth], reported_at: dt.datetime | None,
              area: str | None) -> list[str]:  # fmt: skip
    warnings = []
    value, statutory = truths["domestic_abuse"], truths[_STATUTORY_DEFINITION]
    if value is not UNKNOWN and statutory is not UNKNOWN and value is not statutory:
        warnings.append(
            f"{policy.landlord}'s own definition says {'yes' if value is TRUE else 'no'} to domestic abuse "
            f"where the Domestic Abuse Act 2021 says {'yes' if statutory is TRUE else 'no'}"
            + (": the policy is narrower than the Act here" if value is FALSE else ": the policy is wider than the Act here")
        )
    if reported_at is not None and policy.review_by is not None and reported_at.date() > policy.review_by:
        warnings.append(f"policy review date {policy.review_by.isoformat()} had passed when the report was received")
    if reported_at is not None and policy.start is not None and not policy.start.certainly_by(reported_at.date()):
        warnings.append(_not_yet_in_force(policy, reported_at.date()))
    if area is not None and policy.area_names and area not in policy.area_names:
        warnings.append(plan.unknown_area(policy, area))
    return warnings


def _not_yet_in_force(policy: CompiledPolicy, received: dt.date) -> str:
    """The warning on a report received before this version took effect, or in the month or year it did."""
    start = policy.start
    when = (f"on {start.text}" if start.first == start.last else f"in {start.text}") + f" (document.{start.field})"
    if start.possibly_by(received):
        return (f"this version of the policy ({policy.version!r}) took effect {when}, the period in which the "
                "report was received: it may not yet have been in force")  # fmt: skip
    return (f"this version of the policy ({policy.version!r}) took effect {when}, after the report was received: "
            "the decision follows a version not yet in force then")  # fmt: skip


def _unknown_area(policy: CompiledPolicy, area: str) -> str:
    """The case's area is free text (contract section 4), so one the ruleset's conditions do not name is not an
    error; but it decides as "any other area" does, so say so: a misspelt district would otherwise change a
    threshold without a word."""
    names = sorted(policy.area_names)
    defaults = [name for name, has_default in policy.area_parameters.items() if has_default]
    without = [name for name, has_default in policy.area_parameters.items() if not has_default]
    effects = []
    if defaults:
        values = ", ".join(f"{name} = {_shown(policy.parameters[name]['default'])}" for name in defaults)
        effects.append(f"the parameters keyed by area took their default: {values}")
    if without:
        effects.append(f"{', '.join(without)} {'gives' if len(without) == 1 else 'give'} no value for it (undecided)")
    if not policy.area_parameters:
        effects.append("the conditions on the area read it as none of these")
    near = suggest(area, names) or suggest("_".join(area.replace("-", " ").split()), names)
    return (
        f"area {area!r} is not one the ruleset names ({', '.join(names)}), so {'; '.join(effects)}"
        + (f"; did you mean {near!r}?" if near else "")
    )


def _shown(value: Any) -> str:
    """A parameter's value as a ruleset writes it: 14, false, [idva, sefton_womens_and_childrens_aid]."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list, frozenset)):
        return "[" + ", ".join(str(item) for item in value) + "]"
    return str(value)

