"""The decision document (contract section 5): what the landlord must, should or may do, and what is still open.

These are frozen records built by `evaluate`; `to_dict` gives the JSON-ready document, ordered as the contract
says (actions by due with nulls last, then id; undecided and conflicts by id).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any, Callable

from .compile import Citation, CompiledRule
from .conditions import Condition
from .errors import suggest
from .logic import UNKNOWN, Truth
from .model.vocabulary import ACTIONS, RECIPIENT, RETIRED_ACTIONS


@dataclass(frozen=True)
class ActionEntry:
    """One action whose conditions hold: the strongest modality, the earliest due, every citation."""

    id: str
    modality: str
    due: dt.datetime | None
    authority: str | None
    missing: tuple[str, ...]
    citations: tuple[Citation, ...]
    because: tuple[str, ...]
    rules: tuple[str, ...]
    assumptions: tuple[str, ...]
    recipient: str | None = None
    overrides: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "recipient": self.recipient,
            "modality": self.modality,
            "due": self.due.isoformat() if self.due else None,
            "authority": self.authority,
            "missing": [*self.missing],
            "citations": [c.to_dict() for c in self.citations],
            "because": [*self.because],
            "rules": [*self.rules],
            "overrides": [*self.overrides],
            "assumptions": [*self.assumptions],
        }


@dataclass(frozen=True)
class UndecidedEntry:
    """An action that depends on facts the case does not give: neither in `actions` nor dropped."""

    id: str
    modality: str
    modalities: tuple[str, ...]
    missing: tuple[str, ...]
    citations: tuple[Citation, ...]
    rules: tuple[str, ...]
    recipient: str | None = None
    overrides: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "recipient": self.recipient,
            "modality": self.modality,
            "modalities": [*self.modalities],
            "missing": [*self.missing],
            "citations": [c.to_dict() for c in self.citations],
            "rules": [*self.rules],
            "overrides": [*self.overrides],
        }


def entry_of(kind: type[ActionEntry] | type[UndecidedEntry], fields: dict[str, Any], **case_fields: Any) -> Any:
    """`kind(**fields, **case_fields)` for fields evaluate has already built: the same frozen record, made without
    the dataclass's one `object.__setattr__` per field (evaluate makes an entry per open action of every case)."""
    entry = object.__new__(kind)
    entry.__dict__.update(fields, **case_fields)
    return entry


@dataclass(frozen=True)
class ConflictEntry:
    """An action the ruleset both forbids and requires or permits for this case."""

    id: str
    modalities: tuple[str, ...]
    citations: tuple[Citation, ...]
    rules: tuple[str, ...]
    recipient: str | None = None
    overrides: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "recipient": self.recipient,
            "modalities": [*self.modalities],
            "citations": [c.to_dict() for c in self.citations],
            "rules": [*self.rules],
            "overrides": [*self.overrides],
        }


@dataclass(frozen=True)
class DomesticAbuse:
    """Whether the case is domestic abuse under the landlord's definition (`value`) and the Act's (`statutory`)."""

    value: Truth
    statutory: Truth
    reasons: tuple[str, ...]
    missing: tuple[str, ...]
    assumptions: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value.value,
            "statutory": self.statutory.value,
            "reasons": [*self.reasons],
            "missing": [*self.missing],
            "assumptions": [*self.assumptions],
        }


@dataclass(frozen=True)
class RuleOutcome:
    """How one rule came out for this case (kept for explanations and traces)."""

    rule: CompiledRule
    truth: Truth
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Displacement:
    """A rule whose condition held but which an exception displaced, for one recipient (None: no recipients)."""

    rule: CompiledRule
    recipient: str | None
    by: tuple[CompiledRule, ...]


@dataclass(frozen=True)
class Decision:
    """The outcome of evaluating one case under one ruleset."""

    policy: dict[str, str]
    domestic_abuse: DomesticAbuse
    actions: tuple[ActionEntry, ...]
    undecided: tuple[UndecidedEntry, ...]
    conflicts: tuple[ConflictEntry, ...]
    warnings: tuple[str, ...]
    rule_truths: tuple[tuple[CompiledRule, Truth], ...]
    definitions: tuple[tuple[str, Truth], ...]
    missing_of: Callable[[Condition], frozenset[str]]
    displaced: tuple[Displacement, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The decision document of contract section 5, JSON-serialisable."""
        return {
            "policy": dict(self.policy),
            "domestic_abuse": self.domestic_abuse.to_dict(),
            "actions": [entry.to_dict() for entry in self.actions],
            "undecided": [entry.to_dict() for entry in self.undecided],
            "conflicts": [entry.to_dict() for entry in self.conflicts],
            "warnings": [*self.warnings],
        }

    @property
    def outcomes(self) -> tuple[RuleOutcome, ...]:
        """How every rule came out, with the facts an open rule waits on (worked out on request)."""
        return tuple(
            RuleOutcome(rule, truth, tuple(sorted(self.missing_of(rule.condition))) if truth is UNKNOWN else ())
            for rule, truth in self.rule_truths
        )

    def action(self, action_id: str, recipient: str | None = None) -> ActionEntry | None:
        """The entry for `action_id` in `actions` (for `recipient`, where the action has recipients), if there.

        Without a recipient, an action with recipients gives its first entry, whatever the recipient. ValueError
        for an action id or recipient the vocabulary does not have, or a recipient for an action without any.
        """
        _check_action(action_id, recipient)
        return next((e for e in self.actions if e.id == action_id and _for(e, recipient)), None)

    def outcome_for(self, action_id: str, recipient: str | None = None) -> tuple[str, Any]:
        """Where the outcome of an action for a recipient is (`actions`, `undecided`, `conflicts` or `absent`) and
        its entry: the recipient's own, or else the `any` entry, which speaks for every recipient without one (and
        is the outcome asked for when an action with recipients is asked about without one).

        ValueError for an action id or recipient the vocabulary does not have, or a recipient for an action
        without any; TypeError for an action id or recipient that is not text.
        """
        _check_action(action_id, recipient)
        wanted: tuple[str | None, ...] = (None,)
        if action_id in RECIPIENT.actions:
            wanted = (recipient, RECIPIENT.default) if recipient else (RECIPIENT.default,)
        placed = self._placed
        for one in wanted:
            found = placed.get((action_id, one))
            if found is not None:
                return found
        return "absent", None

    @functools.cached_property
    def _placed(self) -> dict[tuple[str, str | None], tuple[str, Any]]:
        """Each entry by action id and recipient, with its section (`outcome_for`, asked once a column by batch and
        once an aspect by compare and replay, looks up here instead of scanning every section)."""
        placed: dict[tuple[str, str | None], tuple[str, Any]] = {}
        for section in ("actions", "undecided", "conflicts"):
            for entry in getattr(self, section):
                placed.setdefault((entry.id, entry.recipient), (section, entry))
        return placed


def _for(entry: Any, recipient: str | None) -> bool:
    """`recipient` None asks for the action whatever its recipient (the first entry, in recipient order)."""
    return recipient is None or entry.recipient == recipient


def _check_action(action_id: Any, recipient: Any) -> None:
    """An action id of the vocabulary and, for an action with recipients, a recipient of it (or None): a
    misspelling asked of a decision would otherwise read as "absent", a decision the ruleset never made."""
    if not isinstance(action_id, str):
        raise TypeError(f"an action id is text (e.g. 'contact_survivor'), not {_kind(action_id)}")
    if recipient is not None and not isinstance(recipient, str):
        raise TypeError(f"a recipient is text (e.g. 'police') or None, not {_kind(recipient)}")
    if action_id not in ACTIONS:
        near = suggest(action_id, ACTIONS)
        retired = RETIRED_ACTIONS.get(action_id)
        detail = f" ({retired})" if retired else f" (did you mean {near!r}?)" if near else " (see docs/vocabulary.md)"
        raise ValueError(f"unknown action id {action_id!r}{detail}")
    if recipient is None:
        return
    if action_id not in RECIPIENT.actions:
        raise ValueError(f"action {action_id!r} has no recipient; only {', '.join(map(repr, RECIPIENT.actions))} "
                         "do: leave the recipient out")  # fmt: skip
    if recipient not in RECIPIENT.values:
        near = suggest(recipient, RECIPIENT.values)
        detail = f"did you mean {near!r}?" if near else f"recipients: {', '.join(sorted(RECIPIENT.values))}"
        raise ValueError(f"unknown recipient {recipient!r} ({detail})")


def _kind(value: Any) -> str:
    return "None" if value is None else type(value).__name__
