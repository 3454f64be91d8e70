"""Decisions in words for a housing officer: each action, its deadline, who approves, the clause and its quote.

`render_text` is the short answer to "what do we owe her, by when?"; `render_explanation` adds what did not
apply, what waits on which facts, the definitions and the assumptions behind each answer.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from typing import TYPE_CHECKING

from .decision import ActionEntry, Decision
from .deadlines import render_due
from .logic import FALSE, TRUE, UNKNOWN
from .model.vocabulary import ACTIONS

if TYPE_CHECKING:  # for annotations only: rendering a decision does not import the comparison stage (z3)
    from .compare import Comparison
    from .conformance import Conformance

_MODALITY_WORDS = {
    "must": "must",
    "should": "should (best endeavours)",
    "may": "may (an option)",
    "must_not": "must NOT",
}
_SECTIONS = (("must", "What you must do"), ("should", "What you should do"), ("may", "What you may do"),
             ("must_not", "What you must not do"))  # fmt: skip
_WIDTH = 100
_RECIPIENT_WORDS = {"police": "the police", "marac": "MARAC", "social_services": "social services",
                    "agencies": "other agencies", "any": "anyone not listed separately"}  # fmt: skip


def render_text(decision: Decision) -> str:
    """The decision as a housing officer reads it."""
    lines = _heading(decision)
    for modality, title in _SECTIONS:
        entries = [entry for entry in decision.actions if entry.modality == modality]
        if entries:
            lines += ["", title]
            for number, entry in enumerate(entries, 1):
                lines += _action(number, entry)
    if not decision.actions:
        lines += ["", "No action applies on the facts given."]
    if decision.undecided:
        lines += ["", "Waiting on facts (give these to settle them)"]
        for entry in decision.undecided:
            lines.append(f"  - {_title(entry.id)} [{entry.id}]{_to(entry.recipient)}, {_MODALITY_WORDS[entry.modality]}"
                         f" if it applies: needs {_facts(entry.missing)}")  # fmt: skip
            lines += _quotes(entry.citations, indent=6)
    if decision.conflicts:
        lines += ["", "Conflicts in the policy (both forbidden and required or permitted: ask the policy owner)"]
        for entry in decision.conflicts:
            lines.append(f"  - {_title(entry.id)} [{entry.id}]{_to(entry.recipient)}: {', '.join(entry.modalities)}")
            lines += _quotes(entry.citations, indent=6)
    if decision.warnings:
        lines += ["", "Warnings"] + [f"  - {w}" for w in decision.warnings]
    return "\n".join(lines) + "\n"


def render_explanation(decision: Decision) -> str:
    """The decision with its reasons: definitions, every rule that applied, waited or did not apply."""
    lines = render_text(decision).rstrip("\n").splitlines()
    lines += ["", "How domestic abuse was decided"]
    lines += [f"  - {reason}" for reason in decision.domestic_abuse.reasons]
    if decision.domestic_abuse.missing:
        lines.append(f"  still open until these are known: {_facts(decision.domestic_abuse.missing)}")
    applied = [o for o in decision.outcomes if o.truth is TRUE]
    waiting = [o for o in decision.outcomes if o.truth is UNKNOWN]
    not_applied = [o for o in decision.outcomes if o.truth is FALSE]
    displaced = {}
    for displacement in decision.displaced:
        displaced.setdefault(displacement.rule.id, []).append(displacement)
    if applied:
        lines += ["", "Rules that applied"]
        for o in applied:
            lines += _rule(o.rule, f"applies: {o.rule.text}")
            lines += [line for d in displaced.get(o.rule.id, ()) for line in _overridden(d)]
    if waiting:
        lines += ["", "Rules waiting on facts"]
        lines += [line for o in waiting for line in _rule(o.rule, f"needs {_facts(o.missing)}; condition: {o.rule.text}")]
    if not_applied:
        lines += ["", "Rules that did not apply"]
        for o in not_applied:
            lines += _rule(o.rule, f"condition not met: {o.rule.text}")
            if o.rule.exception_to:
                bases = ", ".join(f"`{base}`" for base in o.rule.exception_to)
                lines.append(f"      an exception that did not apply, so it displaces nothing: {bases} stands")
    readings = [("How domestic abuse is read", decision.domestic_abuse.assumptions)]
    readings.append(("Readings behind the actions", sorted({a for o in applied + waiting for a in o.rule.assumptions})))
    if any(assumptions for _, assumptions in readings):
        lines += ["", "Readings of the policy behind these answers (assumptions)"]
    for title, assumptions in readings:
        if assumptions:
            lines.append(f"  {title}:")
        for assumption in assumptions:
            lines += textwrap.wrap(assumption, _WIDTH, initial_indent="  - ", subsequent_indent="    ")
    return "\n".join(lines) + "\n"


def _heading(decision: Decision) -> list[str]:
    policy = decision.policy
    da = decision.domestic_abuse
    lines = [
        f"{policy['landlord']}: policy version {policy['version']}",
        f"Domestic abuse: {da.value.value} under the policy's definition; {da.statutory.value} under the Domestic Abuse Act 2021",
    ]
    if da.missing:
        lines.append(f"  (to settle it, find out: {_facts(da.missing)})")
    return lines


def _action(number: int, entry: ActionEntry) -> list[str]:
    lines = [f"  {number}. {_title(entry.id)} [{entry.id}]{_to(entry.recipient)}: {_MODALITY_WORDS[entry.modality]}"
             f"{_when(entry)}"]  # fmt: skip
    if entry.authority:
        lines.append(f"     Approved by: {entry.authority.replace('_', ' ')}")
    if entry.due:
        lines.append(f"     Why this deadline: {entry.because[0]}")
    if entry.missing and entry.missing != ("reported_at",):
        others = [f for f in entry.missing if f != "reported_at"]
        lines.append(f"     Could become stronger or sooner once known: {_facts(others)}")
    lines += _quotes(entry.citations, indent=5)
    if entry.overrides:
        lines.append(f"     An exception to: {', '.join(entry.overrides)} (displaced for this case)")
    return lines


def _to(recipient: str | None) -> str:
    """` (to the police)` for an action with a recipient; `any` is everyone without an entry of their own."""
    if recipient is None:
        return ""
    return f" (to {_RECIPIENT_WORDS[recipient]})"


def _overridden(displacement) -> list[str]:
    """`overridden by <rule> (clause, quote)` for a rule an exception displaced."""
    to = f" for {_RECIPIENT_WORDS[displacement.recipient]}" if displacement.recipient not in (None, "any") else ""
    lines = []
    for rule in displacement.by:
        clauses = ", ".join(dict.fromkeys(c.clause for c in rule.citations))
        lines += textwrap.wrap(f"overridden{to} by {rule.id} ({clauses}): {rule.modality} {rule.action}", _WIDTH,
                               initial_indent="      ", subsequent_indent="        ")  # fmt: skip
        lines += _quotes(rule.citations, indent=8)
    return lines


def _when(entry: ActionEntry) -> str:
    if entry.due:
        return f", {render_due(entry.due)}"
    if "reported_at" in entry.missing:
        return ", deadline set by the policy but the report time is not given (give reported_at)"
    return ""


def _quotes(citations, indent: int) -> list[str]:
    pad = " " * indent
    lines = []
    for citation in citations:
        lines += textwrap.wrap(f'Clause {citation.clause}: "{citation.quote}"', _WIDTH,
                               initial_indent=pad, subsequent_indent=pad + "  ")  # fmt: skip
    return lines


def _rule(rule, detail: str) -> list[str]:
    clauses = ", ".join(dict.fromkeys(c.clause for c in rule.citations))
    head = f"  - {rule.id} ({clauses}) -> {rule.modality} {rule.action}"
    return [head] + textwrap.wrap(detail, _WIDTH, initial_indent="      ", subsequent_indent="      ")


def _title(action: str) -> str:
    text = ACTIONS.get(action, action.replace("_", " "))
    return text[0].upper() + text[1:]


def _facts(paths) -> str:
    return ", ".join(paths) if paths else "nothing more"


def render_comparison(comparison: Comparison, markdown: bool = False) -> str:
    """Each difference in words, both sides' clauses quoted, and the witness case in a few lines."""
    document = comparison.to_dict()
    text = _markdown_text if markdown else str
    left, right = text(document["left"]["id"]), text(document["right"]["id"])
    heading = f"Comparison of {left} and {right}"
    lines = [f"# {heading}" if markdown else heading, ""]
    if document["equivalent"]:
        return "\n".join(lines + [f"No case leads {left} and {right} to different outcomes."]) + "\n"
    lines.append(f"{len(document['differences'])} differences; each holds for the witness case shown.")
    for difference in document["differences"]:
        to = f" ({_RECIPIENT_WORDS[difference['recipient']]})" if difference["recipient"] else ""
        title = f"{text(difference['subject'])}{to}: {_ASPECT_WORDS[difference['aspect']]}"
        sides = ((left, difference["left"]), (right, difference["right"]))
        lines += _finding_block(title, sides, difference["witness"], markdown, difference["aspect"] == "due")
    return "\n".join(lines) + "\n"


def render_conformance(conformance: Conformance, markdown: bool = False) -> str:
    """Each finding against the statutory baseline in words, both sides' clauses quoted, and its witness case."""
    document = conformance.to_dict()
    text = _markdown_text if markdown else str
    policy, baseline = text(document["policy"]["id"]), document["baseline"]
    heading = f"Conformance of {policy} ({text(conformance.policy.landlord)}) with the statutory baseline"
    lines = [f"# {heading}" if markdown else heading, ""]
    settings = ", ".join(f"{name} = {value}" for name, value in baseline["parameters"].items())
    lines.append(f"Baseline: {text(baseline['id'])}" + (f", loaded with {text(settings)}" if settings else "") + ".")
    for assumption in document["assumptions"]:
        lines += textwrap.wrap(f"Assumption: {text(assumption)}", _WIDTH)
    shortfalls = sum(1 for f in conformance.findings if f.falls_short)
    if not document["findings"]:
        return "\n".join(lines + ["", f"{policy} conforms: no case in which it falls short of the baseline."]) + "\n"
    verdict = f"{policy} conforms" if document["conforms"] else f"{policy} does not conform"
    count = len(document["findings"])
    lines += ["", f"{verdict}: {count} finding{'s' * (count != 1)}, {shortfalls} shortfall{'s' * (shortfalls != 1)};"
                  " each holds for the witness case shown."]  # fmt: skip
    for finding in document["findings"]:
        title = f"{text(finding['subject'])}: {_FINDING_WORDS[finding['finding']]}"
        sides = ((policy, finding["policy"]), ("baseline", finding["baseline"]))
        lines += _finding_block(title, sides, finding["witness"], markdown)
    return "\n".join(lines) + "\n"


def _finding_block(title: str, sides, witness: dict, markdown: bool, about_due: bool = False) -> list[str]:
    """A difference or finding: its title, each side's outcome with its clauses quoted, and the witness.

    In Markdown, every text that comes from a ruleset (clauses, quotes, witness values) is escaped, so that a
    ruleset's `<b>` or `[link](…)` shows as written and never as markup."""
    lines = ["", f"## {title}" if markdown else title]
    bullet = "- " if markdown else "  "
    text = _markdown_text if markdown else str
    for name, side in sides:
        lines.append(f"{bullet}{name}: {text(_side_words(side, about_due))}")
        for citation in (side or {}).get("citations", []):
            lines += textwrap.wrap(text(f'clause {citation["clause"]}: "{citation["quote"]}"'), _WIDTH,
                                   initial_indent="      ", subsequent_indent="        ")  # fmt: skip
    lines += textwrap.wrap(f"witness: {text(_witness_words(witness))}", _WIDTH, initial_indent=bullet,
                           subsequent_indent="      ", break_on_hyphens=False)  # fmt: skip
    return lines


#: Characters that Markdown (CommonMark) would read as markup inside running text.
_MARKDOWN_ESCAPES = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;",
    **{mark: "\\" + mark for mark in "\\`*[]|"},
})  # fmt: skip
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")  # inside a word (snake_case) it is plain


def _markdown_text(text: str) -> str:
    """Text from a ruleset, safe in a Markdown paragraph: HTML as entities, Markdown's marks backslash-escaped."""
    return _EMPHASIS_UNDERSCORE.sub(r"\\_", str(text).translate(_MARKDOWN_ESCAPES))


_ASPECT_WORDS = {
    "presence": "required or permitted by one ruleset, not the other",
    "modality": "different strength (must / should / may / must not)",
    "due": "different deadline for the same report",
    "authority": "different approver",
    "decided": "decided by one ruleset, waiting on facts under the other",
    "recipient": "sharing with this recipient permitted by one ruleset, not the other",
    "value": "the landlord's definition of domestic abuse gives a different answer",
    "statutory": "the Act's definition gives a different answer",
}
_TRUTH_WORDS = {"yes": "yes, domestic abuse", "no": "no, not domestic abuse", "unknown": "cannot say yet (unknown)"}
_FINDING_WORDS = {
    "narrower": "the policy's definition is narrower than the Act's (the Act calls this domestic abuse, the policy does not)",
    "wider": "the policy's definition is wider than the Act's (the policy calls this domestic abuse, the Act does not)",
    "missing": "a statutory or regulatory duty the policy does not give for this case",
    "weaker": "the policy gives this duty at a weaker strength than the baseline",
    "forbidden": "the policy forbids what the baseline requires",
    "conflict": "the policy both gives and forbids what the baseline requires (a conflict in the policy)",
    "permitted": "the policy does not forbid what the baseline forbids",
}


def _side_words(side: dict | None, about_due: bool = False) -> str:
    """One side's outcome: modality, deadline (or, where deadlines differ, that there is none) and approver."""
    if side is None:
        return "does not apply"
    if "conflict" in side:
        return "in conflict: " + " and ".join(_MODALITY_WORDS[m] for m in side["conflict"]) + " both apply"
    if "undecided" in side:
        return f"waiting on {_facts(side['missing'])} (" + " or ".join(_MODALITY_WORDS[m] for m in side["undecided"]) + ")"
    if "modality" not in side:
        truth = next(value for key, value in side.items() if key != "citations")
        return _TRUTH_WORDS[truth]
    words = _MODALITY_WORDS[side["modality"]]
    if side.get("due"):
        words += f", due {render_due(dt.datetime.fromisoformat(side['due']))}"
    elif about_due:
        words += ", no deadline"
    if side.get("authority"):
        words += f", approved by {side['authority'].replace('_', ' ')}"
    return words


def _witness_words(witness: dict) -> str:
    facts = []
    for key, value in witness.items():
        if isinstance(value, dict):
            facts += [f"{key}.{name} = {json.dumps(v)}" for name, v in value.items()]
        else:
            facts.append(f"{key} = {json.dumps(value)}")
    return "; ".join(facts) or "any case (every fact unknown)"
