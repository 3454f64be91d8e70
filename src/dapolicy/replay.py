"""Replay (issue 15): the same cases under two rulesets, usually two versions of one landlord's policy, keeping
only the cases whose decisions differ, with what changed ("which decisions change if we adopt this?").

A change is one of the differences `compare` asks about (contract section 8), judged on the two decisions for the
case by the same functions (differences.py): for an action and recipient, the aspects that differ (`presence`:
added or removed; `modality`, `due`, `authority`, `decided`, `recipient`), with both outcomes; for
`domestic_abuse`, its `value` or `statutory` answer. What only reads differently (citations, clause numbers,
the facts an undecided action waits on, warnings) is not a change. `ReplaySummary` counts the changes by
subject and aspect, and `check` marks each with whether `compare OLD NEW` reports it: every change a replay finds
must be one, and one that is not is a defect the command reports. docs/batch.md has the file formats.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping

from .api import Policy
from .batch import (CASE_ID, _PART_SIZE, _block, _BlockWriter, _case_id, _chunks, _error_text, _in_order,
                    _numbered_cases, _parts, is_table, table_cases)
from .decision import Decision
from .differences import DEFINITION_ASPECTS, action_aspects, outcome, recipients, shows
from .errors import CaseError

if TYPE_CHECKING:
    from .compare import Comparison

#: The columns of a replay's rows, in order (with `decisions`, the two decision documents after them).
COLUMNS = ["case_number", CASE_ID, "changed", "changes", "error"]
DECISION_COLUMNS = ["old_decision", "new_decision"]


@dataclass(frozen=True)
class Change:
    """How the outcome of one subject (an action for a recipient, or `domestic_abuse`) differs between the two
    decisions for a case: the aspects that differ, in the comparison's names, and both outcomes."""

    subject: str
    recipient: str | None
    aspects: tuple[str, ...]
    old: dict[str, Any] | None
    new: dict[str, Any] | None

    @property
    def kind(self) -> str:
        """`added` (the action is in `actions` only under the new ruleset), `removed`, or `changed`."""
        if "presence" in self.aspects:
            return "added" if _in_actions(self.new) else "removed"
        return "changed"

    def to_dict(self) -> dict[str, Any]:
        return {"subject": self.subject, "recipient": self.recipient, "change": self.kind,
                "aspects": list(self.aspects), "old": self.old, "new": self.new}  # fmt: skip

    def __str__(self) -> str:
        name = self.subject + (f"[{self.recipient}]" if self.recipient else "")
        return f"{name} {self.kind}" if self.kind != "changed" else f"{name} {', '.join(self.aspects)}"


def changes(old: Decision, new: Decision, old_policy: Policy, new_policy: Policy) -> list[Change]:
    """Every change between two decisions for one case, subjects in order (`domestic_abuse` first, then actions
    by id and recipient)."""
    found = []
    aspects = tuple(a for a in DEFINITION_ASPECTS if shows("domestic_abuse", a, old, new))
    if aspects:
        found.append(Change("domestic_abuse", None, aspects, outcome(old, "domestic_abuse"),
                            outcome(new, "domestic_abuse")))  # fmt: skip
    before, after = _outlines(old), _outlines(new)
    for action in sorted(set(before) | set(after)):
        if before.get(action) == after.get(action):
            continue  # the same entries for it: no aspect of it can differ
        for recipient in recipients(action, old_policy.compiled, new_policy.compiled):
            differing = tuple(a for a in action_aspects(recipient) if shows(action, a, old, new, recipient))
            if differing:
                found.append(Change(action, recipient, differing, outcome(old, action, recipient),
                                    outcome(new, action, recipient)))  # fmt: skip
    return found


def _outlines(decision: Decision) -> dict[str, list[tuple[Any, ...]]]:
    """Each action's entries as what a change can be judged on: where each is, its recipient and, in `actions`,
    its modality, due and authority (two equal outlines cannot show a change, so replay skips them)."""
    outlines: dict[str, list[tuple[Any, ...]]] = {}
    for entry in decision.actions:
        outlines.setdefault(entry.id, []).append(("actions", entry.recipient, entry.modality, entry.due, entry.authority))
    for section in ("undecided", "conflicts"):
        for entry in getattr(decision, section):
            outlines.setdefault(entry.id, []).append((section, entry.recipient))
    return outlines


def _in_actions(side: dict[str, Any] | None) -> bool:
    return side is not None and "modality" in side


def _transition(change: Change, aspect: str) -> str:
    """What one aspect of a change went from and to, in words for the summary: `must → should`, `later`, …"""
    old, new = change.old, change.new
    if change.subject == "domestic_abuse":
        return f"{old[aspect]} → {new[aspect]}"
    if aspect in ("presence", "decided"):
        return f"{_state(old)} → {_state(new)}"
    if aspect == "recipient":
        return f"{'permitted' if _permits(old) else 'not permitted'} → {'permitted' if _permits(new) else 'not permitted'}"
    if aspect == "due":
        if old["due"] is None or new["due"] is None:
            return "deadline set" if old["due"] is None else "deadline removed"
        return "earlier" if dt.datetime.fromisoformat(new["due"]) < dt.datetime.fromisoformat(old["due"]) else "later"
    return f"{old[aspect] or 'none'} → {new[aspect] or 'none'}"


def _state(side: dict[str, Any] | None) -> str:
    if side is None:
        return "absent"
    if "conflict" in side:
        return "conflict"
    return "undecided" if "undecided" in side else side["modality"]


def _permits(side: dict[str, Any] | None) -> bool:
    return _in_actions(side) and side["modality"] != "must_not"


# --- many cases -----------------------------------------------------------------------------------------------


@dataclass
class ReplaySummary:
    """What a replay found: how many cases, changed and refused, and the changes by subject, recipient and aspect
    with what each went from and to. `reported` (after `check`) holds the changes `compare` reports."""

    old: dict[str, Any]
    new: dict[str, Any]
    cases: int = 0
    changed: int = 0
    refused: int = 0
    counts: Counter = field(default_factory=Counter)
    transitions: Counter = field(default_factory=Counter)
    reported: frozenset[tuple[str, str, str | None]] | None = None

    def add(self, tally: "ReplaySummary") -> None:
        """Add another part's summary to this one."""
        self.cases += tally.cases
        self.changed += tally.changed
        self.refused += tally.refused
        self.counts.update(tally.counts)
        self.transitions.update(tally.transitions)

    def record(self, found: list[Change]) -> None:
        """Count one case and its changes."""
        self.cases += 1
        if not found:
            return
        self.changed += 1
        for change in found:
            for aspect in change.aspects:
                key = (change.subject, aspect, change.recipient)
                self.counts[key] += 1
                self.transitions[(*key, _transition(change, aspect))] += 1

    def check(self, comparison: "Comparison") -> None:
        """Mark which changes `compare` reports (by subject, aspect and recipient)."""
        self.reported = frozenset((d.subject, d.aspect, d.recipient) for d in comparison.differences)

    @property
    def unreported(self) -> list[tuple[str, str, str | None]]:
        """The changes found that `compare` does not report (after `check`): a defect, never expected."""
        if self.reported is None:
            return []
        return [key for key in sorted(self.counts, key=_order) if key not in self.reported]

    def entries(self) -> list[dict[str, Any]]:
        """Each change by subject, recipient and aspect, in the comparison's order: its number of cases, what the
        outcome went from and to (most cases first), and whether compare reports it (None before `check`)."""
        return [{"subject": subject, "recipient": recipient, "aspect": aspect, "cases": self.counts[key],
                 "transitions": self._transitions_of(key),
                 "reported_by_compare": None if self.reported is None else key in self.reported}
                for key in sorted(self.counts, key=_order) for subject, aspect, recipient in [key]]  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "cases": self.cases, "changed": self.changed,
                "refused": self.refused, "changes": self.entries()}  # fmt: skip

    def _transitions_of(self, key: tuple[str, str, str | None]) -> dict[str, int]:
        found = {t[3]: n for t, n in self.transitions.items() if t[:3] == key}
        return dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))

    def table(self) -> str:
        """The summary as a text table: a line per subject and aspect, with its count of cases and transitions."""
        share = f" ({100 * self.changed / self.cases:.1f}%)" if self.cases else ""
        lines = [f"{_name(self.old)} → {_name(self.new)}: {self.cases:,} cases, {self.changed:,} changed{share}, "
                 f"{self.refused:,} refused"]  # fmt: skip
        rows = [(entry["subject"] + (f"[{entry['recipient']}]" if entry["recipient"] else ""), entry["aspect"],
                 f"{entry['cases']:,}", "; ".join(f"{t} {n:,}" for t, n in entry["transitions"].items()),
                 {None: "", True: "yes", False: "NO"}[entry["reported_by_compare"]])
                for entry in self.entries()]  # fmt: skip
        if rows:
            header = ("subject", "aspect", "cases", "went from → to", "" if self.reported is None else "compare reports it")
            widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
            for row in [header, *rows]:
                lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[4])
        return "\n".join(line.rstrip() for line in lines) + "\n"


def _order(key: tuple[str, str, str | None]) -> tuple[Any, ...]:
    """Changes in the comparison's order: `domestic_abuse` first, then by subject, recipient and aspect."""
    subject, aspect, recipient = key
    return (subject != "domestic_abuse", subject, recipient or "", aspect)


def _name(side: Mapping[str, Any]) -> str:
    return f"{side['id']} {side['version']!r}"


def _side(policy: Policy) -> dict[str, Any]:
    return {"id": policy.id, "version": policy.version, "effective": policy.effective, "digest": policy.digest}


class Replay:
    """The rows of a replay as they are worked out (iterate once), and the summary of those seen so far."""

    def __init__(self, rows: Iterator[dict[str, Any]], summary: ReplaySummary):
        self._rows, self.summary = rows, summary

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self._rows


def replay(old: Policy, new: Policy, cases: Iterable[Any], *, client: Any = None, decisions: bool = False,
           chunk: int = 2_000) -> Replay:  # fmt: skip
    """The rows of the cases (mappings, each the case document with an optional `case_id`; or CaseErrors; or a
    pandas DataFrame or Arrow table of cases, as `evaluate_many` takes) whose
    decisions differ under `old` and `new`, and of those refused, in order; `summary` counts every case. A row:
    `case_number` (1-based place among the cases), `case_id`, `changed` (the changes in words), `changes` (JSON),
    `error`, and with `decisions` both decision documents. With `client` (a `distributed.Client`), on its Dask
    cluster, as `evaluate_many`."""
    summary = ReplaySummary(_side(old), _side(new))
    numbered = enumerate(table_cases(cases) if is_table(cases) else cases, 1)
    if client is None:
        parts: Iterable[tuple[list[dict[str, Any]], ReplaySummary]] = (
            _replayed(old, new, part, decisions) for part in _chunks(numbered, chunk))
    else:
        shipped = client.scatter((old, new), broadcast=True)
        parts = _in_order(client, ((_replayed_on, shipped, part, decisions) for part in _chunks(numbered, chunk)))
    return Replay(_collected(parts, summary), summary)


def _collected(parts: Iterable[tuple[list[dict[str, Any]], ReplaySummary]], summary: ReplaySummary) -> Iterator[dict[str, Any]]:
    for rows, tally in parts:
        summary.add(tally)
        yield from rows


def _replayed_on(pair: tuple[Policy, Policy], part: list[tuple[int, Any]], decisions: bool) -> tuple:
    return _replayed(*pair, part, decisions)


def _replayed(old: Policy, new: Policy, part: Iterable[tuple[int, Any]], decisions: bool) -> tuple[list[dict[str, Any]], ReplaySummary]:
    """The rows of one part's changed and refused cases, and its summary (on Dask, run on a worker)."""
    tally = ReplaySummary(_side(old), _side(new))
    rows = []
    empty = dict.fromkeys(COLUMNS + (DECISION_COLUMNS if decisions else []))
    for number, given in part:
        row = {**empty, "case_number": number}
        try:
            case = _case(given, row)
            before, after = old.evaluate(case), new.evaluate(case)
        except CaseError as error:
            tally.cases += 1
            tally.refused += 1
            rows.append({**row, "error": _error_text(error)})
            continue
        found = changes(before, after, old, new)
        tally.record(found)
        if found:
            row["changed"] = "; ".join(map(str, found))
            row["changes"] = json.dumps([c.to_dict() for c in found], ensure_ascii=False)
            if decisions:
                row["old_decision"] = json.dumps(before.to_dict(), ensure_ascii=False)
                row["new_decision"] = json.dumps(after.to_dict(), ensure_ascii=False)
            rows.append(row)
    return rows, tally


def _case(given: Any, row: dict[str, Any]) -> Any:
    """The case document of one input, its `case_id` taken off into the row; a CaseError read in its place is
    raised."""
    if isinstance(given, CaseError):
        raise given
    case = dict(given) if isinstance(given, Mapping) else given
    if isinstance(case, dict) and CASE_ID in case:
        row[CASE_ID] = _case_id(case.pop(CASE_ID))
    return case


def replay_file(old: Policy, new: Policy, cases: Path, out: Path, *, client: Any = None, decisions: bool = False,
                counted: Callable[[int], None] = lambda count: None) -> ReplaySummary:  # fmt: skip
    """What `dapolicy replay` does: the rows of the changed and refused cases of `cases` (JSON Lines or Parquet)
    written to `out` (Parquet for `.parquet`, else JSON Lines), `counted` told the number of cases replayed after
    each part; the summary. The file is read in parts, each replayed and formatted whole (on Dask by a worker)."""
    names = COLUMNS + (DECISION_COLUMNS if decisions else [])
    parquet_out = out.suffix.lower() == ".parquet"
    parts = _parts(cases, _PART_SIZE)
    if client is None:
        results: Iterable[tuple[Any, ReplaySummary]] = (_formatted_part((old, new), cases.name, part, names,
                                                                        parquet_out, decisions) for part in parts)  # fmt: skip
    else:
        shipped = client.scatter((old, new), broadcast=True)
        results = _in_order(client, ((_formatted_part, shipped, cases.name, part, names, parquet_out, decisions)
                                     for part in parts))  # fmt: skip
    summary = ReplaySummary(_side(old), _side(new))
    with _BlockWriter(out, names, parquet_out) as writer:
        for block, tally in results:
            writer.write(block)
            summary.add(tally)
            counted(summary.cases)
    return summary


def _formatted_part(pair: tuple[Policy, Policy], name: str, part: tuple[int, Any], names: list[str],
                    parquet_out: bool, decisions: bool) -> tuple[Any, ReplaySummary]:  # fmt: skip
    """One part's rows formatted for the output, and its summary (on Dask, run on a worker)."""
    rows, tally = _replayed(*pair, _numbered_cases(name, part), decisions)
    return _block(rows, names, parquet_out), tally
