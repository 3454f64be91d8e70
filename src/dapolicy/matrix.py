"""Every ruleset side by side, for compliance officers (backs `dapolicy compare --all`).

One row for the definition of domestic abuse, then one row per action id that any ruleset has a rule for; one column
per ruleset. A cell lists the ruleset's rules for the action (modality, deadline, approver, clauses cited) and shows
"—" where the ruleset has none. Conditions are not shown: a rule applies only to the cases its condition describes.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping, Sequence

from .compile import Citation, CompiledDefinition, CompiledPolicy, CompiledRule
from .conditions import DefinitionRef
from .model.ruleset import Due
from .model.vocabulary import ACTIONS, MODALITIES

_TITLE = "Domestic-abuse policies side by side"
_DEFINITION = "domestic_abuse"
_NO_RULE = "—"
_THE_ACTS_DEFINITION = "statutory.domestic_abuse"
_THE_BASELINE = "none"  # the landlord kind of the statutory baseline, which is no landlord
_DEFINITION_DESCRIPTION = "definition of domestic abuse"
_MODALITY_WORDS: Mapping[str, str] = MappingProxyType(
    {"must": "must", "should": "should", "may": "may", "must_not": "must not"}
)
_MODALITY_MEANINGS: Mapping[str, str] = MappingProxyType({
    "must": "a duty",
    "should": "best endeavours",
    "may": "an option the landlord may take",
    "must_not": "a prohibition",
})  # fmt: skip
_LEGEND = (
    "How to read a cell: each line is one rule of that ruleset for the row's action, giving its strength (must, "
    "should, may, must not), its deadline if it has one (elapsed hours, or working days in England and Wales, "
    "counted from the report), who must approve it if anyone must, and in square brackets the clauses of the policy "
    f"it cites. {_NO_RULE} means the ruleset has no rule for the action. A rule applies only to the cases its "
    "condition describes, which the matrix does not show. The definition row gives the clauses of each ruleset's "
    "definition of domestic abuse, and says \"the Act's definition\" where the ruleset adopts the Domestic Abuse "
    "Act 2021's definition by reference."
)
_HTML_WORDS = "Under the rules of a cell, in small print, are the words of each clause they cite."
_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 1.5rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
p.legend { max-width: 60rem; }
table { border-collapse: collapse; }
th, td { border: 1px solid #b8b8b8; padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
thead th { background: #ececec; }
table.matrix thead th { position: sticky; top: 0; z-index: 1; }
table.rulesets { margin: 0 0 1rem; font-size: .9rem; }
table.rulesets caption, ul.modalities { text-align: left; margin: 0 0 .5rem; }
ul.modalities { list-style: none; padding: 0; }
ul.modalities li { display: inline-block; margin: 0 .8rem .3rem 0; }
ul.modalities span { padding: 0 .3rem; border-radius: 3px; }
ul.rules { list-style: none; margin: 0; padding: 0; }
ul.rules li { margin: 0 0 .2rem; padding: .1rem .3rem; border-radius: 3px; }
.modality-must { background: #fbe3e1; }
.modality-should { background: #fdf1d0; }
.modality-may { background: #e2f1e2; }
.modality-must-not { background: #e6e3f3; }
.id { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85em; color: #555; }
td.none { color: #8a8a8a; text-align: center; }
ul.words { list-style: none; margin: .3rem 0 0; padding: .2rem 0 0; border-top: 1px dotted #b8b8b8; font-size: .85em; }
ul.words li { margin: 0 0 .15rem; }
ul.words .clause { font-weight: 600; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { margin: 0; font-size: 7pt; }
  h1 { font-size: 11pt; }
  table.matrix thead th { position: static; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

@dataclass(frozen=True)
class DefinitionEntry:
    """A ruleset's definition of domestic abuse in the definition row, and whether it is the Act's own."""

    definition: CompiledDefinition
    the_acts: bool

    @property
    def citations(self) -> tuple[Citation, ...]:
        return self.definition.citations


Entry = CompiledRule | DefinitionEntry


@dataclass(frozen=True)
class Column:
    """A ruleset as a column of the matrix: its id, landlord, and the policy document it encodes."""

    id: str
    landlord: str
    title: str
    version: str


@dataclass(frozen=True)
class Row:
    """The definition of domestic abuse, or an action: each ruleset's entries for it by ruleset id (empty: none)."""

    subject: str
    description: str
    cells: Mapping[str, tuple[Entry, ...]]


@dataclass(frozen=True)
class Matrix:
    """The rulesets side by side: one column per ruleset, the definition row, then one row per action id."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    def to_dict(self) -> dict[str, Any]:
        """The matrix as a JSON-serialisable document."""
        return {
            "columns": [{"id": column.id, "landlord": column.landlord} for column in self.columns],
            "rows": [_row_dict(row) for row in self.rows],
        }


def policy_matrix(policies: Sequence[CompiledPolicy]) -> Matrix:
    """The matrix of these rulesets, columns in the order given; raise ValueError if two share an id."""
    ids = [policy.id for policy in policies]
    if len(set(ids)) != len(ids):
        raise ValueError(f"each ruleset may appear once in the matrix: {', '.join(ids)}")
    columns = tuple(Column(policy.id, policy.landlord, policy.title, policy.version) for policy in policies)
    definition = Row(_DEFINITION, _DEFINITION_DESCRIPTION, MappingProxyType(
        {policy.id: (_domestic_abuse_definition(policy),) for policy in policies}
    ))  # fmt: skip
    actions = sorted({action for policy in policies for action in policy.actions})
    return Matrix(columns, (definition, *(_action_row(action, policies) for action in actions)))


def _action_row(action: str, policies: Sequence[CompiledPolicy]) -> Row:
    """One action's row: each ruleset's rules for it, in the ruleset's order."""
    cells = {policy.id: policy.actions.get(action, ()) for policy in policies}
    return Row(action, ACTIONS[action], MappingProxyType(cells))


def _domestic_abuse_definition(policy: CompiledPolicy) -> DefinitionEntry:
    """The ruleset's own `domestic_abuse` definition (every ruleset has one: compile refuses one without), and
    whether it is the Act's: the statutory baseline's own, or a plain reference to it (`statutory.domestic_abuse`)."""
    definition = next(definition for definition in policy.definitions if definition.key == _DEFINITION)
    by_reference = isinstance(definition.condition, DefinitionRef) and definition.condition.name == _THE_ACTS_DEFINITION
    return DefinitionEntry(definition, by_reference or policy.landlord_kind == _THE_BASELINE)


def _row_dict(row: Row) -> dict[str, Any]:
    """A row in the document: its subject, description, and each ruleset's entries."""
    cells = {ruleset: [_entry_dict(entry) for entry in entries] for ruleset, entries in row.cells.items()}
    return {"subject": row.subject, "description": row.description, "cells": cells}


def _entry_dict(entry: Entry) -> dict[str, Any]:
    """A cell entry in the document: a rule's modality, due, authority and clauses, or a definition's clauses."""
    if isinstance(entry, DefinitionEntry):
        return {"clauses": _clauses(entry.citations), "statutory": entry.the_acts, "definition": _DEFINITION}
    return {
        "modality": entry.modality,
        "due": entry.due.model_dump(exclude_none=True) if entry.due else None,
        "authority": entry.authority,
        "clauses": _clauses(entry.citations),
        "rule": entry.id,
        "recipient": entry.recipient,
        "exception_to": list(entry.exception_to),
    }


def _clauses(citations: Sequence[Citation]) -> list[str]:
    """The clauses cited, each once, in the order cited."""
    return list(dict.fromkeys(citation.clause for citation in citations))


def _due_words(due: Due) -> str:
    """A deadline in words: `24 hours`, `1 working day`, `3 working days`."""
    if due.hours is not None:
        return _counted(due.hours, "hour")
    assert due.working_days is not None
    return _counted(due.working_days, "working day")


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _entry_words(entry: Entry) -> str:
    """One line of a cell: `must, 24 hours, approved by safeguarding lead [3.2]` or `the Act's definition [4.0]`."""
    return f"{_entry_heading(entry)}{_entry_details(entry)}"


def _entry_heading(entry: Entry) -> str:
    """What the entry is: the rule's modality in words, or whose definition it is."""
    if isinstance(entry, DefinitionEntry):
        return "the Act's definition" if entry.the_acts else "own definition"
    return _MODALITY_WORDS[entry.modality]


def _entry_details(entry: Entry) -> str:
    """The rest of the line after the heading: recipient, deadline, approver, the rules it is an exception to,
    and clauses."""
    details = []
    if isinstance(entry, CompiledRule) and entry.recipient:
        details.append(f", to {entry.recipient.replace('_', ' ')}")
    if isinstance(entry, CompiledRule) and entry.due:
        details.append(f", {_due_words(entry.due)}")
    if isinstance(entry, CompiledRule) and entry.authority:
        details.append(f", approved by {entry.authority.replace('_', ' ')}")
    if isinstance(entry, CompiledRule) and entry.exception_to:
        details.append(f", except to {', '.join(entry.exception_to)}")
    details.append(f" [{'; '.join(_clauses(entry.citations))}]")
    return "".join(details)


def _quotes(entry: Entry) -> str:
    """The verbatim words the entry cites, one citation a line: `3.2: "..."`."""
    return "\n".join(f'{citation.clause}: "{citation.quote}"' for citation in entry.citations)


# --- Markdown -----------------------------------------------------------------------------------------------


def render_matrix_markdown(matrix: Matrix) -> str:
    """The matrix as a Markdown table with a heading, a legend, and the ruleset ids expanded below it."""
    lines = [f"# {_TITLE}", "", _LEGEND, ""]
    lines.append(_markdown_line(["Subject", *(column.id for column in matrix.columns)]))
    lines.append(_markdown_line(["---"] * (len(matrix.columns) + 1)))
    for row in matrix.rows:
        cells = [_markdown_cell(row.cells[column.id]) for column in matrix.columns]
        lines.append(_markdown_line([_markdown_subject(row), *cells]))
    lines += ["", "Rulesets:", ""]
    lines += [f"- `{column.id}`: {_markdown_text(_column_words(column))}" for column in matrix.columns]
    return "\n".join(lines) + "\n"


def _markdown_line(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _markdown_subject(row: Row) -> str:
    if row.subject == _DEFINITION:
        return f"**{_markdown_text(row.description.capitalize())}**"
    return f"`{row.subject}`: {_markdown_text(row.description)}"


def _markdown_cell(entries: Sequence[Entry]) -> str:
    return "<br>".join(_markdown_text(_entry_words(entry)) for entry in entries) or _NO_RULE


def _markdown_text(text: str) -> str:
    """Text safe inside a table cell: `|` escaped, HTML from a ruleset as entities, line breaks as spaces."""
    return html.escape(" ".join(text.split("\n")), quote=False).replace("|", "\\|")


def _column_words(column: Column) -> str:
    return f"{column.landlord}: {column.title} (version {column.version})"


# --- HTML ---------------------------------------------------------------------------------------------------


def render_matrix_html(matrix: Matrix) -> str:
    """The matrix as one self-contained, printable HTML page: inline CSS, no scripts, no external references."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(_TITLE)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{html.escape(_TITLE)}</h1>",
        f'<p class="legend">{html.escape(_LEGEND)} {html.escape(_HTML_WORDS)}</p>',
        _html_modality_legend(),
        _html_rulesets(matrix.columns),
        _html_matrix(matrix),
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _html_modality_legend() -> str:
    items = [
        f'<li><span class="{_modality_class(modality)}">{html.escape(_MODALITY_WORDS[modality])}</span>: '
        f"{html.escape(_MODALITY_MEANINGS[modality])}</li>"
        for modality in MODALITIES
    ]
    return '<ul class="modalities">' + "".join(items) + "</ul>"


def _html_rulesets(columns: Sequence[Column]) -> str:
    """The rulesets compared: id, landlord, policy title and version."""
    head = "<tr><th>Ruleset</th><th>Landlord</th><th>Policy</th><th>Version</th></tr>"
    body = "".join(
        f'<tr><td class="id">{html.escape(column.id)}</td><td>{html.escape(column.landlord)}</td>'
        f"<td>{html.escape(column.title)}</td><td>{html.escape(column.version)}</td></tr>"
        for column in columns
    )
    return f'<table class="rulesets"><caption>Rulesets</caption><thead>{head}</thead><tbody>{body}</tbody></table>'


def _html_matrix(matrix: Matrix) -> str:
    headers = "".join(
        f'<th scope="col">{html.escape(column.landlord)}<br><span class="id">{html.escape(column.id)}</span></th>'
        for column in matrix.columns
    )
    rows = "\n".join(
        f"<tr>{_html_subject(row)}{''.join(_html_cell(row.cells[column.id]) for column in matrix.columns)}</tr>"
        for row in matrix.rows
    )
    return (
        f'<table class="matrix">\n<thead><tr><th scope="col">Subject</th>{headers}</tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody>\n</table>"
    )


def _html_subject(row: Row) -> str:
    if row.subject == _DEFINITION:
        return f'<th scope="row">{html.escape(row.description.capitalize())}</th>'
    return f'<th scope="row"><span class="id">{html.escape(row.subject)}</span><br>{html.escape(row.description)}</th>'


def _html_cell(entries: Sequence[Entry]) -> str:
    """The cell's rules, then in small print the words of every clause they cite, each once: a printed page
    carries the words, not only the clause numbers (the hover titles do not print)."""
    if not entries:
        return f'<td class="none">{_NO_RULE}</td>'
    rules = '<ul class="rules">' + "".join(_html_entry(entry) for entry in entries) + "</ul>"
    cited = dict.fromkeys((citation.clause, citation.quote) for entry in entries for citation in entry.citations)
    words = "".join(f'<li><span class="clause">{html.escape(clause)}</span>: “{html.escape(quote)}”</li>'
                    for clause, quote in cited)  # fmt: skip
    return f'<td>{rules}<ul class="words">{words}</ul></td>' if words else f"<td>{rules}</td>"


def _html_entry(entry: Entry) -> str:
    """One rule (or the definition) as a list item coloured by modality, its cited words in the `title`."""
    css = _modality_class(entry.modality) if isinstance(entry, CompiledRule) else "definition"
    return (
        f'<li class="{css}" title="{html.escape(_quotes(entry))}"><strong>{html.escape(_entry_heading(entry))}'
        f"</strong>{html.escape(_entry_details(entry))}</li>"
    )


def _modality_class(modality: str) -> str:
    return "modality-" + modality.replace("_", "-")
