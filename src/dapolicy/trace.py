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
    """One step: `kind` is definition, rule, action, undecided or conflict."""

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
    outcome_of = {entry.id: ("action", entry.modality) for entry in decision.actions}
    outcome_of.update({entry.id: ("undecided", entry.modality) for entry in decision.undecided})
    outcome_of.update({entry.id: ("conflict", "/".join(entry.modalities)) for entry in decision.conflicts})
    parents: dict[str, int] = {}
    for outcome in decision.outcomes:
        rule = outcome.rule
        if rule.action not in parents:
            seq += 1
            kind, modality = outcome_of.get(rule.action, ("not_applicable", ""))
            parents[rule.action] = seq
            sink.emit(TraceEvent(seq, None, kind, f"{rule.action}: {kind.replace('_', ' ')} {modality}".strip(), action=rule.action))
        seq += 1
        sink.emit(_rule_event(seq, parents[rule.action], rule, outcome.truth, outcome.missing, facts))


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


def _plain(value: Any) -> Any:
    if isinstance(value, frozenset):
        return sorted(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
