"""Whether two decisions differ, and how: the aspects a comparison asks about (contract section 8), judged on the
decisions for one case. `compare` checks its witnesses with these, and `replay` finds the changes between two
versions with them, so that every change a replay finds is one of the differences `compare` can report.
"""

from __future__ import annotations

from typing import Any, Iterable

from .compile import Citation, CompiledPolicy
from .deadlines import instant
from .decision import ActionEntry, Decision
from .model.vocabulary import RECIPIENT, STRENGTH

#: The aspects in which the definition of domestic abuse can differ: the landlord's own answer, and the Act's.
DEFINITION_ASPECTS = ("value", "statutory")


def action_aspects(recipient: str | None) -> tuple[str, ...]:
    """The aspects in which an action can differ, in the comparison's order; `recipient` only for a recipient."""
    return ("presence", "modality", "due", "authority", "decided") + (("recipient",) if recipient is not None else ())


def recipients(action: str, *policies: CompiledPolicy) -> tuple[str | None, ...]:
    """The recipients to compare an action for: every one either ruleset names, `any` among them (None for an
    action without recipients)."""
    if action not in RECIPIENT.actions:
        return (None,)
    return tuple(sorted({RECIPIENT.default} | {r for policy in policies for r in policy.recipients(action)}))


def entry_for(decision: Decision, section: str, action: str, recipient: str | None) -> Any:
    """The entry giving the outcome of `action` for `recipient`, if it is in `section` (else None)."""
    found, entry = decision.outcome_for(action, recipient)
    return entry if found == section else None


def shows(subject: str, aspect: str, left: Decision, right: Decision, recipient: str | None = None) -> bool:
    """Whether two decisions show the difference (subject, aspect) for the recipient."""
    if subject == "domestic_abuse":
        return getattr(left.domestic_abuse, aspect) is not getattr(right.domestic_abuse, aspect)
    a, b = entry_for(left, "actions", subject, recipient), entry_for(right, "actions", subject, recipient)
    open_left = entry_for(left, "undecided", subject, recipient) is not None
    open_right = entry_for(right, "undecided", subject, recipient) is not None
    if aspect == "presence":
        return (a is not None and b is None and not open_right) or (b is not None and a is None and not open_left)
    if aspect == "decided":
        return open_left != open_right
    if aspect == "recipient":
        return _permits(a) and _refuses(b, open_right) or _permits(b) and _refuses(a, open_left)
    if aspect == "shortfall":
        return b is not None and _falls_short(subject, a, b, open_left)
    if a is None or b is None:
        return False
    return _aspect_of(a, aspect) != _aspect_of(b, aspect)


def _permits(entry: ActionEntry | None) -> bool:
    return entry is not None and entry.modality != "must_not"


def _refuses(entry: ActionEntry | None, undecided: bool) -> bool:
    """Absent, in conflict or forbidden: neither permitted nor waiting on facts."""
    return (entry is None and not undecided) or (entry is not None and entry.modality == "must_not")


def _falls_short(subject: str, entry: ActionEntry | None, baseline: ActionEntry, undecided: bool) -> bool:
    """The decision has no counterpart of at least the baseline entry's strength: the action is absent (not merely
    undecided) or in conflict, forbidden where the baseline requires it, permitted where it forbids it, or of a
    weaker modality."""
    if entry is None:
        return not undecided
    if baseline.modality == "must_not" or entry.modality == "must_not":
        return entry.modality != baseline.modality
    return STRENGTH[entry.modality] < STRENGTH[baseline.modality]


def _aspect_of(entry: ActionEntry, aspect: str) -> Any:
    due = instant(entry.due) if entry.due else None
    return {"modality": entry.modality, "due": due, "authority": entry.authority}[aspect]


def outcome(decision: Decision, subject: str, recipient: str | None = None, *,
            aspect: str | None = None) -> dict[str, Any] | None:  # fmt: skip
    """One side's outcome for a subject (contract section 8): for `domestic_abuse`, the definition's answer in the
    aspect (both without one); for an action, null where it is absent, and the modalities in conflict where the
    ruleset both requires (or permits) and forbids it."""
    if subject == "domestic_abuse":
        return {a: getattr(decision.domestic_abuse, a).value for a in ((aspect,) if aspect else DEFINITION_ASPECTS)}
    section, entry = decision.outcome_for(subject, recipient)
    if section == "actions":
        return {"modality": entry.modality, "due": entry.due.isoformat() if entry.due else None,
                "authority": entry.authority, "citations": _citations(entry.citations)}  # fmt: skip
    if section == "conflicts":
        return {"conflict": list(entry.modalities), "citations": _citations(entry.citations)}
    if section == "undecided":
        return {"undecided": list(entry.modalities), "missing": list(entry.missing),
                "citations": _citations(entry.citations)}  # fmt: skip
    return None


def _citations(citations: Iterable[Citation]) -> list[dict[str, str]]:
    return [{"clause": c.clause, "quote": c.quote} for c in citations]
