"""Batch evaluation (issue 15, first part): many cases under one ruleset, as the rows of a table.

`evaluate_many(policy, cases)` gives one row per case, in order (on a Dask cluster with `client=`): the case's
`case_id` where it gives one, the domestic-abuse value, three columns per action (and per recipient the ruleset
names for it): its modality (or `undecided`, `conflict`, or null where the ruleset says nothing), its due and its
authority, the `decision` column holding the full decision document as JSON (equal to the library's), and
`error`, which holds what was wrong with a case the library refused (that row's other columns are null): a bad
case never stops a run. `dapolicy batch` (`run_file`) reads cases from JSON Lines or Parquet and writes the rows
as Parquet or JSON Lines (docs/batch.md). Parquet and Dask need the `batch` extra (pyarrow, Dask).
"""

from __future__ import annotations

import json
from collections import deque
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from .api import Policy, load_case
from .errors import CaseError
from .model.case import case_document
from .model.vocabulary import FACTS, RECIPIENT

CASE_ID = "case_id"
"""The key (a JSON Lines field, a Parquet column) naming a case in the rows; not a fact, so taken off the case."""
_OUTCOME = {"undecided": "undecided", "conflicts": "conflict"}
_PART_SIZE = 5_000  # cases read, evaluated and formatted together (on Dask: one task)
_WHOLE_NUMBER_FACTS = tuple(path for path, fact in FACTS.items() if fact.kind == "int")
_NUMBER_COLUMNS = {"case_number"}  # a replay's place of a case in its file (replay.py); every other column is text


def columns(policy: Policy) -> list[str]:
    """The columns of the rows for this ruleset, in order."""
    found = [CASE_ID, "domestic_abuse"]
    for name in _action_columns(policy):
        found += [name, f"{name}.due", f"{name}.authority"]
    return [*found, "decision", "error"]


def evaluate_many(policy: Policy, cases: Iterable[Any], *, client: Any = None, chunk: int = 2_000) -> Iterator[dict[str, Any]]:
    """One row per case (a mapping, the case document with an optional `case_id`; or a CaseError for a case that
    could not be read; or a pandas DataFrame or Arrow table of cases, read by `table_cases`), in order. Given a
    Dask DataFrame of cases, a Dask DataFrame of their rows instead, a partition for a partition (lazy). With `client` (a `distributed.Client`), the rows are worked out on its Dask
    cluster: the compiled policy is sent to each worker once, and cases go in chunks of `chunk`, a few chunks per
    worker in flight at a time, so a file of millions of cases never sits in memory whole."""
    if _is_dask_frame(cases):
        return _frame_rows(policy, cases)
    cases = table_cases(cases) if is_table(cases) else cases
    return _rows(policy, cases) if client is None else _rows_on(client, policy, cases, chunk)


def _is_dask_frame(cases: Any) -> bool:
    return type(cases).__module__.split(".", 1)[0] == "dask" and hasattr(cases, "map_partitions")


def _frame_rows(policy: Policy, frame: Any) -> Any:
    """A Dask DataFrame of cases as a Dask DataFrame of their rows, a partition of rows for each of cases: lazy,
    worked out where and when Dask computes it (the columns are `columns(policy)`, every one text or null)."""
    import pandas

    names = columns(policy)
    meta = pandas.DataFrame({name: pandas.Series(dtype="object") for name in names})
    return frame.map_partitions(_partition_rows, policy, names, meta=meta)


def _partition_rows(partition: Any, policy: Policy, names: list[str]) -> Any:
    """One partition's rows (run by Dask)."""
    import pandas

    return pandas.DataFrame(list(_rows(policy, table_cases(partition))), columns=names, dtype="object")


def is_table(cases: Any) -> bool:
    """`cases` is a pandas DataFrame or an Arrow Table or RecordBatch (read a row a case by `table_cases`)."""
    module = type(cases).__module__.split(".", 1)[0]
    return (module == "pandas" and hasattr(cases, "to_dict")) or (module == "pyarrow" and hasattr(cases, "to_pylist"))


def table_cases(table: Any) -> Iterator[dict[str, Any]]:
    """The cases of a pandas DataFrame or an Arrow Table or RecordBatch, a row a case: the columns are the case
    document's keys, a group (`survivor`, …) a struct column or dotted columns (`survivor.age`), a null (None,
    NaN, NA) an unknown fact. A DataFrame is read through Arrow, which takes NaN for null."""
    if type(table).__module__.split(".", 1)[0] == "pandas":
        import pyarrow as arrow

        table = arrow.Table.from_pandas(table, preserve_index=False)
    batches = table.to_batches() if hasattr(table, "to_batches") else [table]
    for batch in batches:
        for row in batch.to_pylist():
            yield _whole_numbers(case_document(_without_nulls(row)))


def _whole_numbers(case: dict[str, Any]) -> dict[str, Any]:
    """A table's whole-number fact held as a float (a pandas column with a gap is float: 34.0) as the number it
    is; a fraction stays, for the case reader to refuse."""
    for path in _WHOLE_NUMBER_FACTS:
        group, _, name = path.rpartition(".")
        holder = case.get(group) if group else case
        if isinstance(holder, dict) and isinstance(holder.get(name), float) and holder[name].is_integer():
            holder[name] = int(holder[name])
    return case


def _rows(policy: Policy, cases: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """The rows, in this process."""
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


# --- on Dask ---------------------------------------------------------------------------------------------------


def _rows_on(client: Any, policy: Policy, cases: Iterable[Any], chunk: int) -> Iterator[dict[str, Any]]:
    """The rows, on a Dask cluster, in the order of the cases."""
    shipped = client.scatter(policy, broadcast=True)
    for rows in _in_order(client, ((_rows_of, shipped, part) for part in _chunks(cases, chunk))):
        yield from rows


def _in_order(client: Any, tasks: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
    """The results of the tasks (`(function, *arguments)`) run on the cluster, in the tasks' order, with a few
    tasks per worker in flight at a time, so that what is read and what comes back never pile up."""
    window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    pending: deque[Any] = deque()
    for function, *arguments in tasks:
        pending.append(client.submit(function, *arguments, pure=False))
        while len(pending) > window or (pending and pending[0].done()):
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _rows_of(policy: Policy, cases: list[Any]) -> list[dict[str, Any]]:
    """One chunk's rows (run on a worker)."""
    return list(_rows(policy, cases))


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    part: list[Any] = []
    for item in items:
        part.append(item)
        if len(part) == size:
            yield part
            part = []
    if part:
        yield part


# --- files ------------------------------------------------------------------------------------------------------


def read_cases(file: Path) -> Iterator[Any]:
    """The cases of a JSON Lines file (`.jsonl`, `.ndjson`: one case document a line) or a Parquet file (one case
    a row, its columns the case's keys, groups as structs; nulls are unknown facts), in order; a line that is not
    a case document is a CaseError in its place."""
    for part in _parts(file, _PART_SIZE):
        yield from _part_cases(file.name, part)


def _parts(file: Path, size: int) -> Iterator[tuple[int, Any]]:
    """The file in parts of about `size` cases, unread: (the number of its first line, its lines) for JSON Lines,
    (the number of its first row, a record batch) for Parquet. Cheap to read and to send to a worker, which reads the cases from it."""
    if file.suffix.lower() == ".parquet":
        import pyarrow.parquet as parquet

        first = 1
        for batch in parquet.ParquetFile(file).iter_batches(batch_size=size):
            yield first, batch
            first += batch.num_rows
        return
    with open(file, encoding="utf-8") as stream:
        first, lines = 1, []
        for line in stream:
            lines.append(line)
            if len(lines) == size:
                yield first, lines
                first, lines = first + size, []
        if lines:
            yield first, lines


def _part_cases(name: str, part: tuple[int, Any]) -> Iterator[Any]:
    """The cases of one part, each line's named `FILE:LINE.json` in messages."""
    return (case for _, case in _numbered_cases(name, part))


def _numbered_cases(name: str, part: tuple[int, Any]) -> Iterator[tuple[int, Any]]:
    """The cases of one part with their line (JSON Lines: blank lines are skipped, not counted out) or row
    number (Parquet), from 1."""
    first, payload = part
    if not isinstance(payload, list):
        for number, row in enumerate(payload.to_pylist(), first):
            yield number, _without_nulls(row)
        return
    for number, line in enumerate(payload, first):
        if not line.strip():
            continue
        try:
            yield number, load_case(line, f"{name}:{number}.json")
        except CaseError as error:
            yield number, error


def _without_nulls(row: Mapping[str, Any]) -> dict[str, Any]:
    """A Parquet row as a case document: a null column or struct field is a fact not given."""
    return {key: _without_nulls(value) if isinstance(value, Mapping) else value
            for key, value in row.items() if value is not None}  # fmt: skip


def run_file(policy: Policy, cases: Path, out: Path, *, client: Any = None,
             counted: Callable[[int], None] = lambda count: None) -> tuple[int, int]:  # fmt: skip
    """What `dapolicy batch` does: the rows of every case in `cases` written to `out` (Parquet for `.parquet`,
    else JSON Lines), `counted` told the number written after each part (a progress bar); (rows written, cases
    refused). The file is read in parts, each read, evaluated and formatted whole: on Dask (`client`) by a worker,
    so that the process running this only reads lines and writes what comes back, in order. The output is the
    same either way."""
    names = columns(policy)
    parquet_out = out.suffix.lower() == ".parquet"
    parts = _parts(cases, _PART_SIZE)
    if client is None:
        results: Iterable[tuple[Any, int, int]] = (_formatted_part(policy, cases.name, part, names, parquet_out)
                                                   for part in parts)  # fmt: skip
    else:
        shipped = client.scatter(policy, broadcast=True)
        results = _in_order(client, ((_formatted_part, shipped, cases.name, part, names, parquet_out) for part in parts))
    written = refused = 0
    with _BlockWriter(out, names, parquet_out) as writer:
        for block, count, bad in results:
            writer.write(block)
            written, refused = written + count, refused + bad
            counted(written)
    return written, refused


def _formatted_part(policy: Policy, name: str, part: tuple[int, Any], names: list[str], parquet_out: bool) -> tuple:
    """One part's rows formatted for the output, with their count and the number refused (on Dask, run on a
    worker)."""
    rows = list(_rows(policy, _part_cases(name, part)))
    return _block(rows, names, parquet_out), len(rows), sum(row["error"] is not None for row in rows)


def _block(rows: list[dict[str, Any]], names: list[str], parquet_out: bool) -> Any:
    """Rows formatted for the output: an Arrow table with every column text, or JSON Lines text."""
    if parquet_out:
        import pyarrow as arrow

        return arrow.Table.from_pylist(rows, schema=_schema(names))
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def write_rows(rows: Iterable[dict[str, Any]], names: list[str], file: Path,
               counted: Callable[[int], None] = lambda count: None) -> int:  # fmt: skip
    """Write the rows (as `evaluate_many` gives them) to `file`: Parquet for `.parquet`, else JSON Lines;
    `counted` is told the number written after each few thousand rows. The number of rows written."""
    parquet_out = file.suffix.lower() == ".parquet"
    written = 0
    with _BlockWriter(file, names, parquet_out) as writer:
        for part in _chunks(rows, _PART_SIZE):
            writer.write(_block(part, names, parquet_out))
            written += len(part)
            counted(written)
    return written


class _BlockWriter:
    """Writes formatted parts, in order, to one Parquet or JSON Lines file."""

    def __init__(self, file: Path, names: list[str], parquet_out: bool):
        self.file, self.names, self.parquet_out = file, names, parquet_out

    def __enter__(self) -> "_BlockWriter":
        if self.parquet_out:
            import pyarrow.parquet as parquet

            self.writer = parquet.ParquetWriter(self.file, _schema(self.names))
            self.wrote = False
        else:
            self.stream = open(self.file, "w", encoding="utf-8")
        return self

    def write(self, block: Any) -> None:
        if self.parquet_out:
            if block.num_rows:
                self.writer.write_table(block)
                self.wrote = True
        else:
            self.stream.write(block)

    def __exit__(self, *exc: Any) -> None:
        if self.parquet_out:
            if not self.wrote:  # an empty file still has the columns
                self.writer.write_table(_block([], self.names, True))
            self.writer.close()
        else:
            self.stream.close()


def _schema(names: list[str]) -> Any:
    import pyarrow as arrow

    return arrow.schema([(name, arrow.int64() if name in _NUMBER_COLUMNS else arrow.string()) for name in names])
