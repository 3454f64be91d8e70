"""Batch evaluation (issue 15, first part): many cases under one ruleset, as the rows of a table.

`evaluate_many(policy, cases)` gives one row per case, in order: the case's `case_id` where it gives one, the
domestic-abuse value, three columns per action (and per recipient the ruleset names for it): its modality (or
`undecided`, `conflict`, or null where the ruleset says nothing), its due and its authority, the `decision`
column holding the full decision document as JSON (equal to the library's), and `error`, which holds what was
wrong with a case the library refused (that row's other columns are null): a bad case never stops a run.
`dapolicy batch` reads cases from JSON Lines or Parquet and writes the rows as Parquet or JSON Lines
(docs/batch.md). Parquet needs the `batch` extra (pyarrow).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from .api import Policy, load_case
from .errors import CaseError
from .model.vocabulary import RECIPIENT

CASE_ID = "case_id"
"""The key (a JSON Lines field, a Parquet column) naming a case in the rows; not a fact, so taken off the case."""
_OUTCOME = {"undecided": "undecided", "conflicts": "conflict"}
_ROWS_PER_BATCH = 10_000


def columns(policy: Policy) -> list[str]:
    """The columns of the rows for this ruleset, in order."""
    found = [CASE_ID, "domestic_abuse"]
    for name in _action_columns(policy):
        found += [name, f"{name}.due", f"{name}.authority"]
    return [*found, "decision", "error"]


def evaluate_many(policy: Policy, cases: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """One row per case (a mapping, the case document with an optional `case_id`; or a CaseError for a case that
    could not be read), in order."""
    outcomes = [(name, action, recipient) for name, (action, recipient) in _action_columns(policy).items()]
    empty = dict.fromkeys(columns(policy))
    for given in cases:
        row = dict(empty)
        if isinstance(given, CaseError):
            row["error"] = _error_text(given)
            yield row
            continue
        case = dict(given) if isinstance(given, Mapping) else given
        if isinstance(case, dict) and CASE_ID in case:
            row[CASE_ID] = _case_id(case.pop(CASE_ID))
        try:
            decision = policy.evaluate(case)
        except CaseError as error:
            row["error"] = _error_text(error)
            yield row
            continue
        row["domestic_abuse"] = decision.domestic_abuse.value.value
        for name, action, recipient in outcomes:
            section, entry = decision.outcome_for(action, recipient)
            if entry is None:
                continue
            row[name] = entry.modality if section == "actions" else _OUTCOME[section]
            if section == "actions":
                row[f"{name}.due"] = entry.due.isoformat() if entry.due else None
                row[f"{name}.authority"] = entry.authority
        row["decision"] = json.dumps(decision.to_dict(), ensure_ascii=False)
        yield row


def _action_columns(policy: Policy) -> dict[str, tuple[str, str | None]]:
    """Each action's column name and (action, recipient): the action alone, and `action[recipient]` for each
    recipient the ruleset names for it."""
    found: dict[str, tuple[str, str | None]] = {}
    for action in sorted(policy.compiled.actions):
        found[action] = (action, None)
        for recipient in policy.compiled.recipients(action):
            if recipient != RECIPIENT.default:  # the `any` entry is the action's own column
                found[f"{action}[{recipient}]"] = (action, recipient)
    return found


def _case_id(value: Any) -> str | None:
    return None if value is None else str(value)


def _error_text(error: CaseError) -> str:
    where = f" at {error.path}" if error.path else ""
    return f"{error.code}{where}: {error.detail}" + (f" (hint: {error.hint})" if error.hint else "")


# --- files ------------------------------------------------------------------------------------------------------


def read_cases(file: Path) -> Iterator[Any]:
    """The cases of a JSON Lines file (`.jsonl`, `.ndjson`: one case document a line) or a Parquet file (one case
    a row, its columns the case's keys, groups as structs; nulls are unknown facts), in order; a line that is not
    a case document is a CaseError in its place."""
    if file.suffix.lower() == ".parquet":
        yield from _parquet_cases(file)
        return
    with open(file, encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                yield load_case(line, f"{file.name}:{number}.json")
            except CaseError as error:
                yield error


def _parquet_cases(file: Path) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as parquet

    for batch in parquet.ParquetFile(file).iter_batches(batch_size=_ROWS_PER_BATCH):
        for row in batch.to_pylist():
            yield _without_nulls(row)


def _without_nulls(row: Mapping[str, Any]) -> dict[str, Any]:
    """A Parquet row as a case document: a null column or struct field is a fact not given."""
    return {key: _without_nulls(value) if isinstance(value, Mapping) else value
            for key, value in row.items() if value is not None}  # fmt: skip


def write_rows(rows: Iterable[dict[str, Any]], names: list[str], file: Path,
               counted: Callable[[int], None] = lambda count: None) -> int:  # fmt: skip
    """Write the rows to `file`: Parquet for `.parquet`, else JSON Lines; `counted` is told the number written
    every few thousand rows (a progress bar). The number of rows written."""
    if file.suffix.lower() == ".parquet":
        return _write_parquet(rows, names, file, counted)
    written = 0
    with open(file, "w", encoding="utf-8") as stream:
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
            written += 1
            if written % 1000 == 0:
                counted(written)
    counted(written)
    return written


def _write_parquet(rows: Iterable[dict[str, Any]], names: list[str], file: Path, counted: Callable[[int], None]) -> int:
    import pyarrow as arrow
    import pyarrow.parquet as parquet

    schema = arrow.schema([(name, arrow.string()) for name in names])
    written, pending = 0, []
    with parquet.ParquetWriter(file, schema) as writer:
        for row in rows:
            pending.append(row)
            if len(pending) == _ROWS_PER_BATCH:
                writer.write_table(arrow.Table.from_pylist(pending, schema=schema))
                written += len(pending)
                pending = []
                counted(written)
        if pending or not written:
            writer.write_table(arrow.Table.from_pylist(pending, schema=schema))
            written += len(pending)
    counted(written)
    return written
