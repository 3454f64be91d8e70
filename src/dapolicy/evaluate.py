"""Evaluate a case under a compiled policy: definitions, then rules, then one entry per action.

Pure: reads the case, never changes it, reads no clock and does no I/O. Unknown facts stay unknown (Kleene
logic); an action whose rules wait on them is `undecided` with the facts that could settle it. Merging several
rules for one action follows contract section 5: strongest modality, earliest due, every citation; a
prohibition and a permission that both hold are a conflict.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Callable, Collection

from .compile import Citation, CompiledPolicy, CompiledRule, Slot
from .conditions import Condition
from .deadlines import Deadline, deadline_of, instant
from .decision import ActionEntry, ConflictEntry, Decision, Displacement, DomesticAbuse, UndecidedEntry
from .errors import suggest
from .logic import FALSE, TRUE, UNKNOWN, Truth, kleene_and, kleene_not, kleene_or
from .model.case import read_case
from .model.ruleset import Due
from .model.vocabulary import RECIPIENT, STRENGTH
from .trace import Sink, emit_trace

_STATUTORY_DEFINITION = "statutory.domestic_abuse"


class _Missing(dict):
    """Missing facts per definition, worked out only when a question needs them."""

    def __init__(self, policy: CompiledPolicy, facts: dict[str, Any], truths: dict[str, Truth]):
        super().__init__()
        self._conditions = policy.definition_conditions
        self._facts, self._truths = facts, truths

    def __missing__(self, key: str) -> frozenset[str]:
        if self._truths.get(key) is not UNKNOWN:
            found: frozenset[str] = frozenset()
        else:
            found = self._conditions[key].missing(self._facts, self._truths, self)
        self[key] = found
        return found

    def of(self, condition: Condition) -> frozenset[str]:
        """The unknown facts that keep an UNKNOWN condition open."""
        return condition.missing(self._facts, self._truths, self)


def evaluate_case(policy: CompiledPolicy, case: Any, sink: Sink | None = None, *,
                  only: Collection[str] | None = None) -> Decision:  # fmt: skip
    """The decision for one case; raises CaseError if the case document is malformed.

    `only` limits the decision to those action ids (the definitions are always decided): comparison checks its
    witnesses this way, one action at a time.
    """
    facts = read_case(case)
    truths: dict[str, Truth] = {}
    for definition in policy.statutory_definitions:
        truths[definition.key] = definition.condition.test(facts, truths)
    for definition in policy.definitions:
        truths[definition.key] = definition.condition.test(facts, truths)
    missing = _Missing(policy, facts, truths)
    reported_at: dt.datetime | None = facts.get("reported_at")
    deadline = _deadline_memo(reported_at)

    actions: list[ActionEntry] = []
    undecided: list[UndecidedEntry] = []
    conflicts: list[ConflictEntry] = []
    conditions: dict[str, Truth] = {}
    displaced: list[Displacement] = []
    for action, slots in policy.slots.items():
        if only is not None and action not in only:
            continue
        for rule in policy.actions[action]:
            conditions[rule.id] = rule.condition.test(facts, truths)
        entries: dict[str | None, ActionEntry | UndecidedEntry | ConflictEntry] = {}
        effects: dict[str | None, _Effect] = {}
        for slot in slots:
            effect = _Effect(slot, conditions, missing)
            if not effect.fired and not effect.waiting:
                continue
            effects[slot.recipient] = effect
            entries[slot.recipient] = _merge(slot, effect, deadline, reported_at)
        for entry in _distinct(entries, policy.slots[action]):
            displaced += effects[entry.recipient].displaced()
            if isinstance(entry, ActionEntry):
                actions.append(entry)
            elif isinstance(entry, UndecidedEntry):
                undecided.append(entry)
            else:
                conflicts.append(entry)
    rule_truths = tuple((rule, conditions[rule.id]) for rule in policy.rules if rule.id in conditions)

    actions.sort(key=_action_order)
    decision = Decision(
        policy={"id": policy.id, "landlord": policy.landlord, "version": policy.version, "digest": policy.digest},
        domestic_abuse=_domestic_abuse(policy, truths, missing),
        actions=tuple(actions),
        undecided=tuple(undecided),
        conflicts=tuple(conflicts),
        warnings=tuple(_warnings(policy, truths, reported_at, facts.get("area"))),
        rule_truths=rule_truths,
        displaced=tuple(displaced),
        definitions=tuple(truths.items()),
        missing_of=missing.of,
    )
    if sink is not None:
        emit_trace(decision, facts, sink)
    return decision


_NO_DUE = dt.datetime.max.replace(tzinfo=dt.timezone.utc)


def _action_order(entry: ActionEntry) -> tuple:
    """By due (nulls last), then id, then recipient."""
    return (instant(entry.due) if entry.due else _NO_DUE, entry.due is None, entry.id, entry.recipient or "")


class _Effect:
    """Which rules of a slot are in effect for this case: a rule is in effect where its condition holds and no
    exception to it applies (default logic). An exception applies where its own condition holds or an exception
    to it applies, so it displaces its bases even when their conditions fail. Unknown stays unknown throughout."""

    def __init__(self, slot: Slot, conditions: dict[str, Truth], missing: _Missing):
        self.slot, self.conditions, self._missing = slot, conditions, missing
        if not slot.defeasible:
            self.in_effect, self.applies = conditions, conditions
        else:
            self.in_effect, self.applies = {}, {}
            for rule in slot.order:
                defeated = kleene_or(self.applies[e.id] for e in slot.exceptions.get(rule.id, ()))
                self.in_effect[rule.id] = kleene_and((conditions[rule.id], kleene_not(defeated)))
                self.applies[rule.id] = kleene_or((conditions[rule.id], defeated))
        self.fired = [rule for rule in slot.rules if self.in_effect[rule.id] is TRUE]
        self.waiting = [rule for rule in slot.rules if self.in_effect[rule.id] is UNKNOWN]

    def waits_on(self, rule: CompiledRule) -> frozenset[str]:
        """The unknown facts that keep an open rule open: its condition's, and those of exceptions that may apply."""
        found = self._missing.of(rule.condition) if self.conditions[rule.id] is UNKNOWN else frozenset()
        for exception in self.slot.exceptions.get(rule.id, ()):
            if self.applies[exception.id] is UNKNOWN:
                found |= self.waits_on(exception)
        return found

    def overrides(self) -> tuple[str, ...]:
        """The rules whose conditions hold but which an exception displaced."""
        if not self.slot.defeasible:
            return ()
        return tuple(r.id for r in self.slot.rules if self.conditions[r.id] is TRUE and self.in_effect[r.id] is FALSE)

    def displaced(self) -> list[Displacement]:
        """Each displaced rule, with the rules in effect that displaced it (for explanations)."""
        found = []
        for rule_id in self.overrides():
            rule = next(r for r in self.slot.rules if r.id == rule_id)
            by = tuple(r for r in self._displacing(rule) if self.in_effect[r.id] is TRUE)
            found.append(Displacement(rule, self.slot.recipient, by))
        return found

    def _displacing(self, rule: CompiledRule) -> list[CompiledRule]:
        """The exceptions to `rule`, and theirs in turn."""
        found: list[CompiledRule] = []
        for exception in self.slot.exceptions.get(rule.id, ()):
            found += [exception] + [r for r in self._displacing(exception) if r not in found]
        return list(dict.fromkeys(found))


def _distinct(entries: dict[str | None, Any], slots: tuple[Slot, ...]) -> list[Any]:
    """The entries of one action, leaving out a recipient's entry that says no more than the `any` entry (the
    outcome for every recipient without an entry of its own)."""
    every = entries.get(RECIPIENT.default)
    kept = []
    for slot in slots:
        entry = entries.get(slot.recipient)
        if entry is None:
            continue
        if every is not None and entry is not every and _same_but_recipient(entry, every):
            continue
        kept.append(entry)
    return kept


def _same_but_recipient(entry: Any, other: Any) -> bool:
    return type(entry) is type(other) and dataclasses.replace(entry, recipient=other.recipient) == other


def _merge(slot: Slot, effect: _Effect, deadline, reported_at) -> ActionEntry | UndecidedEntry | ConflictEntry:
    """One entry for a slot from the rules in effect and the rules still open (contract section 5)."""
    action, recipient, fired, waiting = slot.action, slot.recipient, effect.fired, effect.waiting
    allowed = [rule for rule in fired if rule.modality != "must_not"]
    forbidden = [rule for rule in fired if rule.modality == "must_not"]
    open_allowed = [rule for rule in waiting if rule.modality != "must_not"]
    open_forbidden = [rule for rule in waiting if rule.modality == "must_not"]
    overrides = effect.overrides()
    if allowed and forbidden:
        return ConflictEntry(
            id=action,
            modalities=tuple(sorted({rule.modality for rule in fired})),
            citations=_citations(fired),
            rules=tuple(rule.id for rule in fired),
            recipient=recipient,
            overrides=overrides,
        )
    if forbidden and not open_allowed:
        return _prohibition(action, recipient, forbidden, overrides)
    if allowed and not open_forbidden:
        return _entry(slot, effect, allowed, open_allowed, deadline, reported_at)
    # Whether the action holds (or is a conflict) still waits on facts. While a prohibition may hold, the
    # entry says `must_not`: the cautious reading until the facts are known. `modalities` lists every outcome.
    modality = "must_not" if forbidden or open_forbidden else _strongest(allowed or open_allowed)
    facts: set[str] = set()
    for rule in waiting:
        facts |= effect.waits_on(rule)
    return UndecidedEntry(
        id=action,
        modality=modality,
        modalities=tuple(sorted({rule.modality for rule in fired + waiting})),
        missing=tuple(sorted(facts)),
        citations=_citations(fired + waiting),
        rules=tuple(rule.id for rule in fired + waiting),
        recipient=recipient,
        overrides=overrides,
    )


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


def _entry(slot: Slot, effect: _Effect, allowed, open_allowed, deadline, reported_at) -> ActionEntry:
    """Strongest modality, earliest due, every citation; `missing` names facts that could still change it."""
    modality = _strongest(allowed)
    authority = _approver([rule for rule in allowed if rule.modality == modality])
    because: list[str] = []
    waits: set[str] = set()
    due: dt.datetime | None = None
    timed = [rule for rule in allowed if rule.due is not None]
    if timed and reported_at is None:
        waits.add("reported_at")
    elif timed:
        earliest = min((deadline(rule.due) for rule in timed), key=lambda d: instant(d.due))
        due = earliest.due
        because.append(earliest.because)
    because += [rule.applies for rule in allowed]
    for rule in open_allowed:
        stronger = STRENGTH[rule.modality] > STRENGTH[modality]
        earlier = rule.due is not None and (
            due is None or reported_at is None or instant(deadline(rule.due).due) < instant(due)
        )
        approver = authority is not None and STRENGTH[rule.modality] >= STRENGTH[modality] and rule.authority != authority
        if stronger or earlier or approver:
            waits |= effect.waits_on(rule)
    return ActionEntry(
        id=slot.action,
        modality=modality,
        due=due,
        authority=authority,
        missing=tuple(sorted(waits)),
        citations=_citations(allowed),
        because=tuple(because),
        rules=tuple(rule.id for rule in allowed),
        assumptions=_assumptions(allowed),
        recipient=slot.recipient,
        overrides=effect.overrides(),
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


def _domestic_abuse(policy: CompiledPolicy, truths: dict[str, Truth], missing: _Missing) -> DomesticAbuse:
    value, statutory = truths["domestic_abuse"], truths[_STATUTORY_DEFINITION]
    reasons = [f"{label}: {truths[key].value}" for key, label in policy.reasons]
    open_facts = set(missing["domestic_abuse"]) | set(missing[_STATUTORY_DEFINITION])
    return DomesticAbuse(value, statutory, tuple(reasons), tuple(sorted(open_facts)), policy.defining_assumptions)


def _warnings(policy: CompiledPolicy, truths: dict[str, Truth], reported_at: dt.datetime | None,
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
    if area is not None and policy.area_names and area not in policy.area_names:
        warnings.append(_unknown_area(policy, area))
    return warnings


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

