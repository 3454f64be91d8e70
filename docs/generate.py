"""Write docs/vocabulary.md from the vocabulary in src/dapolicy/model/vocabulary.py, and the JSON Schemas
docs/schemas/{ruleset,case,decision,comparison}.schema.json from the code (src/dapolicy/schema.py).

    python docs/generate.py

tests/test_docs.py and tests/test_schema.py check that the committed files are what this script writes.
"""

from __future__ import annotations

import json
from pathlib import Path

import dapolicy
from dapolicy.model.vocabulary import ACTIONS, ADDED_ACTIONS, FACTS, QUALIFIERS, RETIRED_ACTIONS, Fact

HERE = Path(__file__).resolve().parent

_INTRO = """\
# The vocabulary: case facts and action ids

Every ruleset uses this one vocabulary, so that rulesets can be compared. It is the contract's (sections 4 and 7,
`../shared/design/contract.md`) with the additions marked **added**; nothing of the contract's is renamed or given
another meaning. This page is written by `docs/generate.py` from `src/dapolicy/model/vocabulary.py`. A JSON Schema
of the case document, generated from the same table, is [`schemas/case.schema.json`](schemas/case.schema.json)
(also `dapolicy.case_schema()`; see [schemas.md](schemas.md)).

## Facts

A case document is a JSON or YAML mapping. Every field is optional: **an absent field (or `null`) is unknown, not
false**. Nested facts are written nested: `survivor: {age: 34}` (not `survivor.age: 34`). A list that is given is
complete: `behaviours: []` means no abusive behaviour was reported.

| fact | type | meaning |
|---|---|---|
"""

_NOTES = """
Notes on particular facts:

- `reported_at`: an ISO 8601 date and time; without an offset it is Europe/London local time. A local time
  skipped when the clocks go forward in March is rejected; one that occurs twice in October is the first (BST).
  A date without a time is rejected (a deadline in hours needs the time).
- `relationship`: `engaged` covers an agreement to marry even if ended; `civil_partnership_agreement` likewise;
  `shared_parent`: each has, or had, a parental relationship to the same child; `household_member`: lives in the
  household, neither partner nor relative.
- `behaviours`: `economic` has the Act's meaning (a substantial adverse effect on the survivor's ability to acquire,
  use or maintain money or property, or obtain goods or services).
- An added fact never makes an outcome that the contract's facts already decide wait on it.
"""

_MODALITIES = """
## Modalities

| modality | the policy says |
|---|---|
| `must` | it commits: "we will" |
| `should` | best endeavours: "where possible", "aim to", "seek to", "where practicable" |
| `may` | an option or a power: "may", "can", "options include", "will consider" |
| `must_not` | a prohibition: "only with consent" forbids doing it without |
"""


def vocabulary_markdown() -> str:
    """The vocabulary page."""
    lines = [_INTRO.rstrip("\n")]
    lines += [f"| `{f.path}` | {_type(f)} | {f.meaning}{' (**added**)' if f.added else ''} |" for f in FACTS.values()]
    lines.append(_NOTES.rstrip("\n"))
    added_facts = [f for f in FACTS.values() if f.added]
    if added_facts:
        lines += ["", "Added facts, and why the contract's facts cannot say it:", ""]
        lines += [f"- `{f.path}`: {f.added}" for f in added_facts]
    lines += ["", "## Actions", "", "| id | the action |", "|---|---|"]
    lines += [f"| `{a}` | {d}{' (**added**)' if a in ADDED_ACTIONS else ''} |" for a, d in ACTIONS.items()]
    lines += ["", "Added action ids, and why no contract id fits:", ""]
    lines += [f"- `{a}`: {ADDED_ACTIONS[a].why}" for a in sorted(ADDED_ACTIONS)]
    lines += ["", "Retired action ids (never reused):", ""]
    lines += [f"- `{a}`: {why}" for a, why in sorted(RETIRED_ACTIONS.items())]
    lines += _qualifiers()
    lines.append(_MODALITIES.rstrip("\n"))
    return "\n".join(lines) + "\n"


def _qualifiers() -> list[str]:
    """The qualifier section: what each qualifier means, its values and the actions that take it."""
    lines = ["", "## Qualifiers", "", _QUALIFIERS.strip()]
    for qualifier in QUALIFIERS.values():
        actions = ", ".join(f"`{a}`" for a in qualifier.actions)
        lines += ["", f"### `{qualifier.name}`: {qualifier.meaning}", "",
                  f"Taken by {actions}; a rule of these actions that gives none means `{qualifier.default}`.", "",
                  "| value | meaning |", "|---|---|"]  # fmt: skip
        lines += [f"| `{value}` | {meaning} |" for value, meaning in qualifier.values.items()]
    return lines


_QUALIFIERS = """
A qualifier says more about an action: first of all `recipient`, to whom information goes. A rule gives it as a
key (`recipient: police`); a decision entry shows it (`"recipient": "police"`, null for an action without
recipients), and an action then has one entry per recipient, each with its own modality, deadline and approver,
ordered by recipient. A rule for `any` speaks for every recipient, so a prohibition for `any` beside a permission
for `police` is a conflict for the police unless the permission is an `exception_to` the prohibition (see
ruleset-format.md). An entry for `any` is the outcome for every recipient without an entry of its own; an entry
for a named recipient that would say exactly what the `any` entry says is left out.
"""


def schema_json(kind: str) -> str:
    """The JSON Schema of one kind of document, as committed (and as `dapolicy schema KIND` prints it)."""
    return json.dumps(dapolicy.schema(kind), indent=2) + "\n"


def _type(fact: Fact) -> str:
    if fact.kind == "bool":
        return "true/false"
    if fact.kind == "int":
        return f"whole number {fact.minimum}–{fact.maximum}"
    if fact.kind == "enum":
        return "one of " + ", ".join(f"`{v}`" for v in fact.values)
    if fact.kind == "enum_list":
        return "list of " + ", ".join(f"`{v}`" for v in fact.values)
    if fact.kind == "area":
        return "lower-case area name"
    return "date and time, ISO 8601"


def main() -> None:
    (HERE / "vocabulary.md").write_text(vocabulary_markdown(), encoding="utf-8")
    (HERE / "schemas").mkdir(exist_ok=True)
    for kind in dapolicy.SCHEMA_KINDS:
        (HERE / "schemas" / f"{kind}.schema.json").write_text(schema_json(kind), encoding="utf-8")


if __name__ == "__main__":
    main()
