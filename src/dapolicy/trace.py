"""Trace events: a frozen, JSON-ready record of how a decision was reached, sent to a pluggable sink.

Events carry no timestamps or object ids, so the same case always gives the same trace. `explain` renders
them; a housing system can collect them with `BufferSink` and store them beside the decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Protocol

from .compile import CompiledRule
from .conditions import facts_read
from .decision import Decision
from .logic import Truth


@dataclass(frozen=True)
class TraceEvent:
    """One step: `kind` is definition, rule, action, undecided, conflict, not_applicable, mixed (an action
    whose recipients have outcomes of different kinds), or overridden (an exception displaced the rule)."""

    seq: int
    parent: int | None
    kind: str
    message: str
    rule: str | None = None
    action: str | None = None
    truth: Truth | None = None
    facts: tuple[tuple[str, Any], ...] = ()
    missing: tuple[str, ...] = ()
    clauses: tuple[str, ...] = ()
    parameters: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "parent": self.parent,
            "kind": self.kind,
            "message": self.message,
            "rule": self.rule,
            "action": self.action,
            "truth": self.truth.value if self.truth else None,
            "facts": {path: _plain(value) for path, value in self.facts},
            "missing": list(self.missing),
            "clauses": list(self.clauses),
            "parameters": list(self.parameters),
        }


class Sink(Protocol):
    """Anything that takes trace events."""

    def emit(self, event: TraceEvent) -> None: ...


class BufferSink:
    """Collects events in a list."""

    def __init__(self) -> None:
        self.events: list[TraceEvent] = []

    def emit(self, event: TraceEvent) -> None:
        self.events.append(event)


def emit_trace(decision: Decision, facts: Mapping[str, Any], sink: Sink) -> None:
    """Send the events of a decision to `sink`: definitions, then each rule under its action's outcome."""
    seq = 0
    for key, truth in decision.definitions:
        seq += 1
        sink.emit(TraceEvent(seq, None, "definition", f"definition {key} is {truth.value}", truth=truth))
    outcomes: dict[str, list[tuple[str, str]]] = {}
    for kind, entries in (("action", decision.actions), ("undecided", decision.undecided)):
        for entry in entries:
            outcomes.setdefault(entry.id, []).append((kind, _to(entry.recipient) + entry.modality))
    for entry in decision.conflicts:
        outcomes.setdefault(entry.id, []).append(("conflict", _to(entry.recipient) + "/".join(entry.modalities)))
    displaced: dict[str, list[Any]] = {}
    for displacement in decision.displaced:
        displaced.setdefault(displacement.rule.id, []).append(displacement)
    parents: dict[str, int] = {}
    for outcome in decision.outcomes:
        rule = outcome.rule
        if rule.action not in parents:
            seq += 1
            found = outcomes.get(rule.action, [("not_applicable", "")])
            kind = found[0][0] if len({k for k, _ in found}) == 1 else "mixed"
            words = "; ".join(f"{k.replace('_', ' ')} {m}".strip() for k, m in found)
            parents[rule.action] = seq
            sink.emit(TraceEvent(seq, None, kind, f"{rule.action}: {words}", action=rule.action))
        seq += 1
        rule_seq = seq
        sink.emit(_rule_event(seq, parents[rule.action], rule, outcome.truth, outcome.missing, facts))
        for displacement in displaced.get(rule.id, ()):
            seq += 1
            by = ", ".join(r.id for r in displacement.by)
            sink.emit(TraceEvent(seq, rule_seq, "overridden", f"rule {rule.id} {_to(displacement.recipient)}overridden "
                                 f"by {by}", rule=rule.id, action=rule.action,
                                 clauses=tuple(dict.fromkeys(c.clause for r in displacement.by for c in r.citations))))


def _rule_event(seq: int, parent: int, rule: CompiledRule, truth: Truth, missing: tuple[str, ...], facts) -> TraceEvent:
    read = tuple((path, facts[path]) for path in sorted(facts_read(rule.condition)) if path in facts)
    verdict = {"yes": "applies", "no": "does not apply", "unknown": "waits on facts"}[truth.value]
    return TraceEvent(
        seq,
        parent,
        "rule",
        f"rule {rule.id} {verdict}: {rule.text}",
        rule=rule.id,
        action=rule.action,
        truth=truth,
        facts=read,
        missing=missing,
        clauses=tuple(dict.fromkeys(c.clause for c in rule.citations)),
        parameters=rule.parameters,
    )


def _to(recipient: str | None) -> str:
    """`to police: ` before an outcome for one recipient; nothing for an action without recipients."""
    return f"to {recipient}: " if recipient else ""


def _plain(value: Any) -> Any:
    if isinstance(value, frozenset):
        return sorted(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
