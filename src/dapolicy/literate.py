"""A ruleset beside its source text, paragraph by paragraph (`dapolicy doc`; docs/policies/<id>.md).

The source text is cut into paragraphs by its own structure (`split_paragraphs`): a run of lines separated by a
blank line, but a heading, a list item and a numbered or lettered clause each start a paragraph of their own.
Each paragraph has a clause trail: the clause numbers and headings it stands under, innermost last. Every quote
of a rule, definition or parameter is located in the text as `quotes.check_quotes` compares them (`fold`), and
the item is shown at each paragraph the quote falls in; where a quote occurs more than once, the occurrences in
a paragraph under the clause the citation names are taken. A paragraph that holds nothing is marked as holding
no rule, with the ruleset's note for its clause (`clauses:`) where there is one.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from ._yaml import SourceMap
from .compile import CompiledPolicy
from .conditions import (All, Any_, ByArea, Compare, Condition, Const, DefinitionRef, FactValue, Flag, Literal,
                         Member, Not)  # fmt: skip
from .errors import PolicyError, Problem, suggest
from .logic import TRUE
from .matrix import _due_words as due_words
from .model.ruleset import ClauseNote, Due, Ruleset
from .model.vocabulary import ACTIONS, ADDED_ACTIONS, FACTS
from .quotes import find_source_text, fold, read_source_text
from .render import _markdown_text as markdown_text

__all__ = ["FORMATS", "Item", "Literate", "Paragraph", "clause_problems", "literate", "literate_document",
           "render_literate_html", "render_literate_markdown", "split_paragraphs"]  # fmt: skip

#: The output formats of `literate` and `dapolicy doc`.
FORMATS = ("markdown", "html")

_LIST_ITEM = re.compile(r"(?:[-*+o](?=\s)|[•◆])\s*(?=\S)")
_DOTTED = re.compile(r"(\d{1,2}(?:\.\d{1,2})+)\.?(?=\s|$)")
_SECTION = re.compile(r"(\d{1,3}[A-Z]{0,2})\.?\s+(?=[A-Z“\"'*])")
_MARKER = re.compile(r"\((\d+|[a-z]{1,4})\)(?=\s)")
_MARKDOWN_HEADING = re.compile(r"(#{1,6})\s+")
_ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})
_HEADING_LENGTH = 80
_SENTENCE_END = (".", ",", ";", ":", "!", "-", "\u2013", "\u2014")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a source text: its number (1-based, in order), first line, kind (`heading`, `item` for a
    list item, or `text`), the clause trail it stands under (outermost first) and its words."""

    number: int
    line: int
    kind: str
    trail: tuple[str, ...]
    text: str

    @property
    def clause(self) -> str:
        """The innermost clause or heading the paragraph stands under ("" before the first)."""
        return self.trail[-1] if self.trail else ""


@dataclass(frozen=True)
class Item:
    """A rule, definition or parameter as the page shows it, with the quotes it cites (clause, quote)."""

    kind: str
    id: str
    quotes: tuple[tuple[str, str], ...]
    assumption: str | None
    description: str | None
    summary: str
    condition: str | None = None


@dataclass(frozen=True)
class Literate:
    """A ruleset laid beside its source text: each paragraph with the items whose quotes fall in it, the items
    with no quote (assumption only) or whose quote is not in the text, and the ruleset's notes."""

    model: Ruleset
    paragraphs: tuple[Paragraph, ...]
    placed: dict[int, tuple[Item, ...]]
    unquoted: tuple[Item, ...]
    not_found: tuple[tuple[Item, str], ...]
    notes: dict[int, tuple[str, ClauseNote]] = field(default_factory=dict)
    added: tuple[tuple[str, str, tuple[str, ...]], ...] = ()


# --- Paragraphs -----------------------------------------------------------------------------------------------


def split_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """The paragraphs of a source text, each with its clause trail (see the module's docstring)."""
    paragraphs: list[Paragraph] = []
    trail = _Trail()
    for line, lines, alone in _pieces(text):
        words = " ".join(" ".join(lines).split())
        kind, label = _classify(words, single=len(lines) == 1, alone=alone)
        paragraphs.append(Paragraph(len(paragraphs) + 1, line, kind, trail.enter(kind, label), words))
    return tuple(paragraphs)


def _pieces(text: str) -> Iterable[tuple[int, list[str], bool]]:
    """Runs of non-blank lines, cut again where a line starts a paragraph or leaves a list: (first line, lines,
    whether it stands alone: the only piece of its run, or a line left of the list before it)."""
    for first, run in _runs(text):
        pieces: list[tuple[int, list[str], bool]] = []
        for offset, line in enumerate(run):
            if not pieces or _starts_paragraph(line.strip()):
                pieces.append((first + offset, [line], len(run) == 1))
            elif _leaves_list(pieces[-1][1][0], line):
                pieces.append((first + offset, [line], True))
            else:
                pieces[-1][1].append(line)
        yield from pieces


def _leaves_list(item: str, line: str) -> bool:
    """Whether a line after a list item is no longer part of it: written further left than the item's bullet."""
    return bool(_LIST_ITEM.match(item.strip())) and _indent(line) < _indent(item)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _runs(text: str) -> Iterable[tuple[int, list[str]]]:
    """The runs of non-blank lines of a text, each with the number of its first line."""
    run: list[str] = []
    first = 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            first = first if run else number
            run.append(line)
        elif run:
            yield first, run
            run = []
    if run:
        yield first, run


def _starts_paragraph(line: str) -> bool:
    """A heading, a list item or a numbered clause (or section) starts a paragraph of its own, even without a
    blank line before it. A statute's `(a)` does so only after a blank line: inside a run it is a cross-reference."""
    return any(pattern.match(line) for pattern in (_MARKDOWN_HEADING, _LIST_ITEM, _DOTTED, _SECTION))


Label = tuple[str, str]


def _classify(words: str, *, single: bool, alone: bool) -> tuple[str, Label | None]:
    """The paragraph's kind (`heading`, `item`, `text`) and the label it gives the trail, as (level, label).

    Levels: `h1`.. `h6` for Markdown headings; `number` for a clause number (dotted, or a section's number
    before its title); `(1)`, `(a)`, `(i)` for a statute's sub-paragraph markers; `plain` for a heading without
    a number (a short line alone between blank lines)."""
    heading = _MARKDOWN_HEADING.match(words)
    if heading:
        title = words[heading.end() :].strip("* ")
        number = _DOTTED.match(title) or _SECTION.match(title)
        return "heading", (f"h{len(heading.group(1))}", number.group(1) if number else title.rstrip("."))
    bullet = _LIST_ITEM.match(words)
    inner = words[bullet.end() :] if bullet else words
    number = _DOTTED.match(inner) or (None if bullet else _SECTION.match(inner))
    if number:
        rest = inner[number.end() :].strip()
        heading_like = single and bool(rest) and _looks_like_heading(rest)
        return "heading" if heading_like else "item" if bullet else "text", ("number", number.group(1))
    marker = _MARKER.match(inner)
    if marker:
        return "item" if bullet else "text", (_marker_level(marker.group(1)), marker.group(1))
    if bullet:
        return "item", None
    if alone and _looks_like_heading(words):
        return "heading", ("plain", words)
    return "text", None


def _looks_like_heading(words: str) -> bool:
    """Short, not ending as a sentence or a list's lead-in does, and starting with a capital or a digit."""
    return len(words) <= _HEADING_LENGTH and not words.endswith(_SENTENCE_END) and (words[0].isupper() or words[0].isdigit())


def _marker_level(marker: str) -> str:
    if marker.isdigit():
        return "(1)"
    return "(i)" if marker in _ROMAN else "(a)"


class _Trail:
    """The clause trail as the text goes on: what each new label replaces and what it nests under."""

    _MARKERS = ("(1)", "(a)", "(i)")

    def __init__(self) -> None:
        self.levels: list[Label] = []
        self.after_plain_heading = False

    def enter(self, kind: str, label: Label | None) -> tuple[str, ...]:
        """The trail of the next paragraph, given its kind and label."""
        if label is not None:
            kept = self._kept(label)
            if label[0] in self._MARKERS:  # (a) under (2) under section 1 is 1(2)(a)
                label = (label[0], f"{kept[-1][1] if kept else ''}({label[1]})")
            self.levels = kept + [label]
        self.after_plain_heading = label is not None and label[0] == "plain"
        return tuple(text for _, text in self.levels)

    def _kept(self, label: Label) -> list[Label]:
        """The labels the new one nests under: a Markdown heading under shallower ones; a clause number under
        the headings and the numbers it extends (3.4 under 3); a plain heading under the headings and numbers,
        and under the plain heading just before it; a marker under the ones shallower than it."""
        level, text = label
        if level.startswith("h"):
            return [(l, t) for l, t in self.levels if l.startswith("h") and l < level]
        if level == "number":
            return [(l, t) for l, t in self.levels if l.startswith("h") or l == "number" and text.startswith(t + ".")]
        if level == "plain":
            return [(l, t) for l, t in self.levels
                    if l.startswith("h") or l == "number" or l == "plain" and self.after_plain_heading]  # fmt: skip
        depth = self._MARKERS.index(level)
        base = [(l, t) for l, t in self.levels if l not in self._MARKERS]
        return base + [(l, t) for l, t in self.levels if l in self._MARKERS][:depth]


# --- Items and where they stand -------------------------------------------------------------------------------


def literate_document(policy: Any, text: str) -> Literate:
    """The ruleset of a loaded Policy laid beside its source text `text` (see the module's docstring)."""
    model, compiled = policy.model, policy.compiled
    paragraphs = split_paragraphs(text)
    folded = [fold(paragraph.text) for paragraph in paragraphs]
    starts = [sum(len(words) + 1 for words in folded[:index]) for index in range(len(folded))]
    whole = " ".join(folded)
    placed: dict[int, list[Item]] = {}
    unquoted, not_found = [], []
    for item in _items(model, compiled):
        numbers: set[int] = set()
        for clause, quote in item.quotes:
            found = _locate(fold(quote), clause, whole, starts, paragraphs)
            numbers |= found
            if not found:
                not_found.append((item, quote))
        for number in sorted(numbers):
            placed.setdefault(number, []).append(item)
        if not item.quotes:
            unquoted.append(item)
    return Literate(model, paragraphs, {n: tuple(items) for n, items in placed.items()}, tuple(unquoted),
                    tuple(not_found), _place_notes(model, paragraphs), _added_vocabulary(compiled))  # fmt: skip


def _locate(quote: str, clause: str, whole: str, starts: Sequence[int], paragraphs: Sequence[Paragraph]) -> set[int]:
    """The paragraphs (numbers) a folded quote falls in: every occurrence under the cited clause, or else the
    first occurrence; empty if the text does not have it."""
    occurrences = []
    at = whole.find(quote)
    while at >= 0 and quote:
        occurrences.append({p.number for p, start in zip(paragraphs, starts)
                            if start < at + len(quote) and at < start + len(fold(p.text))})  # fmt: skip
        at = whole.find(quote, at + 1)
    cited = [numbers for numbers in occurrences
             if any(_cites(clause, paragraphs[n - 1].trail) for n in numbers)]  # fmt: skip
    chosen = cited or occurrences[:1]
    return set().union(*chosen) if chosen else set()


def _cites(clause: str, trail: Sequence[str]) -> bool:
    """Whether a citation's clause names a label of the trail: the same words, or ending in the label after a
    space or full stop (`s.1(2)(a)` names `1(2)(a)`, `RSH NCS 1.4.1` names `1.4.1`)."""
    cited = " ".join(clause.split()).casefold()
    for label in trail:
        label = label.casefold()
        if cited == label or cited.endswith(label) and cited[-len(label) - 1] in " .":
            return True
    return False


def _place_notes(model: Ruleset, paragraphs: Sequence[Paragraph]) -> dict[int, tuple[str, ClauseNote]]:
    """Each clause note at the first paragraph under its clause (notes for clauses the text lacks are left out:
    `clause_problems` reports them)."""
    placed = {}
    for clause, note in model.clauses.items():
        first = next((p.number for p in paragraphs if clause in p.trail), None)
        if first is not None:
            placed[first] = (clause, note)
    return placed


def clause_problems(model: Ruleset, paragraphs: Sequence[Paragraph], source: SourceMap | None = None) -> list[Problem]:
    """A `doc.unknown_clause` Problem for each key of `clauses:` that is no clause or heading of the text."""
    labels = sorted({label for paragraph in paragraphs for label in paragraph.trail})
    problems = []
    for clause in model.clauses:
        if any(clause in paragraph.trail for paragraph in paragraphs):
            continue
        near = suggest(clause, labels)
        details = dict(found=repr(clause), expected=f"a clause number or heading of {model.document.source_text}",
                       hint=f"did you mean {near!r}?" if near else "write the clause number or the heading as the "
                       "text has it (`dapolicy doc` shows each paragraph's clause)")  # fmt: skip
        message = f"clause {clause!r} of `clauses:` is not in the source text {model.document.source_text!r}"
        path = ("clauses", clause)
        problems.append(source.problem("doc.unknown_clause", message, path, key=True, **details) if source
                        else Problem("doc.unknown_clause", message, path, **details))  # fmt: skip
    return problems


def _items(model: Ruleset, compiled: CompiledPolicy) -> list[Item]:
    """The definitions, parameters and rules of a ruleset, in that order and each in the order of the file."""
    conditions = {definition.key: definition.condition for definition in compiled.definitions}
    rules = {rule.id: rule for rule in compiled.rules}
    items = []
    for name, definition in model.definitions.items():
        items.append(Item("definition", name, _quotes(definition), _reason(definition), definition.description,
                          "", condition_words(conditions[name])))  # fmt: skip
    for name, parameter in model.parameters.items():
        items.append(Item("parameter", name, _quotes(parameter), _reason(parameter), parameter.description,
                          _parameter_words(parameter)))  # fmt: skip
    for rule in model.rules:
        compiled_rule = rules[rule.id]
        items.append(Item("rule", rule.id, _quotes(rule), _reason(rule), rule.description,
                          _rule_words(rule, compiled_rule.due), condition_words(compiled_rule.condition)))  # fmt: skip
    return items


def _quotes(item: Any) -> tuple[tuple[str, str], ...]:
    return tuple((source.clause, source.quote) for source in item.source)


def _reason(item: Any) -> str | None:
    return " ".join(item.assumption.reason.split()) if item.assumption else None


def _rule_words(rule: Any, due: Due | None) -> str:
    """`contact_survivor, must, 1 working day (parameter contact_deadline), approved by safeguarding lead, to
    police, an exception to rule_a`: what a rule gives, as the page shows it."""
    words = [rule.action, rule.modality]
    if rule.recipient:
        words.append(f"to {rule.recipient}")
    if due is not None:
        words.append(due_words(due) + (f" (parameter {rule.due})" if isinstance(rule.due, str) else ""))
    if rule.authority:
        words.append(f"approved by {rule.authority.replace('_', ' ')}")
    if rule.exception_to:
        words.append("an exception to " + ", ".join(rule.exception_to))
    return ", ".join(words)


def _parameter_words(parameter: Any) -> str:
    """A parameter's value, or each area's value."""
    if parameter.by_area is not None:
        return "by area: " + "; ".join(f"{area} {_value_words(value)}" for area, value in parameter.by_area.items())
    return _value_words(parameter.value)


def _value_words(value: Any) -> str:
    if isinstance(value, Due):
        return due_words(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


# --- Conditions in words --------------------------------------------------------------------------------------

_OPERATOR_WORDS = {"==": "is", "!=": "is not", ">=": "is at least", "<=": "is at most", ">": "is over", "<": "is under"}


def condition_words(condition: Condition) -> str:
    """A condition as a policy officer reads it: `survivor.age is at least 16 and relationship is one of spouse,
    relative`; parameters by name with their value; a condition keyed by area, area by area."""
    if isinstance(condition, Literal):
        return "always" if condition.truth is TRUE else "never"
    if isinstance(condition, (Flag, DefinitionRef)):
        return str(condition)
    if isinstance(condition, Not):
        return f"not {_grouped_words(condition.operand)}"
    if isinstance(condition, Any_) and _one_list_fact(condition.operands):
        values = ", ".join(_operand_words(operand.item) for operand in condition.operands)
        return f"{condition.operands[0].collection} includes any of {values}"
    if isinstance(condition, (All, Any_)):
        joint = " and " if isinstance(condition, All) else " or "
        return joint.join(_grouped_words(operand) for operand in condition.operands)
    if isinstance(condition, Compare):
        return f"{_operand_words(condition.left)} {_OPERATOR_WORDS[condition.op]} {_operand_words(condition.right)}"
    if isinstance(condition, Member):
        if isinstance(condition.collection, FactValue):
            return f"{condition.collection} includes {_operand_words(condition.item)}"
        return f"{_operand_words(condition.item)} is one of {_operand_words(condition.collection)}"
    if isinstance(condition, ByArea):
        branches = [f"in {area}: {condition_words(branch)}" for area, branch in condition.branches]
        branches += [f"elsewhere: {condition_words(condition.default)}"] if condition.default else []
        return f"by area (parameter {condition.parameter}) [" + "; ".join(branches) + "]"
    return str(condition)


def _one_list_fact(operands: Sequence[Condition]) -> bool:
    """Whether every operand asks whether the same list fact includes a constant (`"physical" in behaviours`)."""
    paths = {str(o.collection) if isinstance(o, Member) and isinstance(o.collection, FactValue)
             and isinstance(o.item, Const) else None for o in operands}  # fmt: skip
    return len(paths) == 1 and None not in paths


def _grouped_words(condition: Condition) -> str:
    words = condition_words(condition)
    return f"({words})" if isinstance(condition, (All, Any_)) else words


def _operand_words(value: Any) -> str:
    if isinstance(value, FactValue):
        return value.path
    if isinstance(value, Const):
        shown = _constant_words(value.value)
        return f"parameter {value.parameter} ({shown})" if value.parameter else shown
    return str(value)


def _constant_words(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list, frozenset)):
        return ", ".join(_constant_words(item) for item in (sorted(value) if isinstance(value, frozenset) else value))
    return str(value)


# --- The public entry -----------------------------------------------------------------------------------------


def literate(policy: Any, text: str | None = None, *, format: str = "markdown", sources: Path | None = None) -> str:
    """The ruleset beside its source text, as Markdown or one self-contained HTML page.

    `policy` is a bundled id, a path or a loaded Policy; `text` the source text, looked for as `dapolicy validate`
    does (`sources`: that folder only) when not given. Raises PolicyError when the text cannot be found or read
    (`doc.no_source_text`) or a key of `clauses:` is not a clause of it (`doc.unknown_clause`)."""
    from .api import _as_policy, _locate, _parse, _read  # the api does not import this module: no cycle

    if format not in FORMATS:
        raise ValueError(f"literate: format must be one of {', '.join(FORMATS)}, not {format!r}")
    loaded = _as_policy(policy, "literate", "policy")
    file, source = None, None
    if isinstance(policy, (str, Path)):
        file, display = _locate(policy)
        source = _parse(_read(file, display), display)[1]
    if text is None:
        text = _source_text(loaded, file if isinstance(file, Path) else None, sources)
    document = literate_document(loaded, text)
    problems = clause_problems(loaded.model, document.paragraphs, source)
    if problems:
        raise PolicyError(problems)
    return render_literate_html(document) if format == "html" else render_literate_markdown(document)


def _source_text(policy: Any, ruleset_file: Path | None, sources: Path | None) -> str:
    """The ruleset's source text, found as `dapolicy validate` finds it; PolicyError naming every place looked."""
    name = policy.model.document.source_text
    file, looked = find_source_text(policy, ruleset_file, sources)
    try:
        if file is not None:
            return read_source_text(file)
        reason = "not found in " + ", ".join(str(place) for place in looked)
    except ValueError as error:
        reason = str(error)
    raise PolicyError([Problem("doc.no_source_text", f"the source text {name!r} cannot be read: {reason}",
                               ("document", "source_text"),
                               hint="put the file in one of those places, or give --sources DIR")])  # fmt: skip


# --- Markdown -------------------------------------------------------------------------------------------------

_HOW_TO_READ = (
    "Each paragraph of the source text is quoted in order, with its number (¶) and the clause or heading it "
    "stands under. Below it are the definitions, parameters and rules whose quotes fall in it: for a rule, its "
    "action id, modality, recipient, deadline, approver and the rules it is an exception to, then its condition "
    "in words, the words it quotes, and the reading taken where the words do not settle it. An item is shown in "
    "full at the first paragraph it quotes and named again at the others. A paragraph that holds none is marked "
    "\"no rule\"; the ruleset's note on a clause (what it says, and why it holds no duty for a case) follows the "
    "first paragraph of the clause."
)
_BLOCK_START = re.compile(r"^(\d*)([-+#=]|(?<=\d)[.)](?=\s|$))")  # a list, heading or rule mark at the start


def render_literate_markdown(document: Literate) -> str:
    """The page as Markdown (docs/policies/<id>.md): text from the source and the ruleset is escaped, the
    ruleset's notes are Markdown as written."""
    model = document.model
    lines = [f"# {markdown_text(model.landlord.name)}: clause map", "", _generated_line(model), ""]
    if model.notes and model.notes.introduction:
        lines += [model.notes.introduction, ""]
    lines += ["## How to read this page", "", _HOW_TO_READ, "", "## The text and its rules"]
    shown: dict[str, int] = {}
    for paragraph in document.paragraphs:
        lines += ["", _markdown_paragraph_heading(paragraph), "", "> " + _markdown_source(_shown_text(paragraph)), ""]
        lines += _markdown_items(document.placed.get(paragraph.number, ()), paragraph.number, shown)
        if paragraph.number in document.notes:
            lines += ["", *_markdown_note(*document.notes[paragraph.number])]
    lines += _markdown_ends(document, shown)
    return "\n".join(lines).rstrip("\n") + "\n"


def _generated_line(model: Ruleset) -> str:
    return (f"*Written by `dapolicy doc {model.id}` from `policies/{model.id}.yaml` and its source text "
            f"`{model.document.source_text}`: edit those, not this page.*")  # fmt: skip


def _markdown_paragraph_heading(paragraph: Paragraph) -> str:
    kind = {"heading": ", a heading", "item": ", a list item", "text": ""}[paragraph.kind]
    clause = f" · {markdown_text(paragraph.clause)}" if paragraph.clause else ""
    return f"**¶ {paragraph.number}**{clause} (line {paragraph.line}{kind})"


def _shown_text(paragraph: Paragraph) -> str:
    """The paragraph's words as shown: a Markdown heading without its `#` marks and bold stars."""
    heading = _MARKDOWN_HEADING.match(paragraph.text)
    return paragraph.text[heading.end() :].strip("* ") if heading else paragraph.text


def _markdown_source(text: str) -> str:
    """A paragraph of the source inside a block quote, escaped so that nothing in it reads as Markdown."""
    escaped = markdown_text(text)
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped, count=1)


def _markdown_items(items: Sequence[Item], number: int, shown: dict[str, int]) -> list[str]:
    """The items of one paragraph; each in full the first time, by name (and where it is shown) afterwards."""
    if not items:
        return ["*No rule.*"]
    lines = []
    for item in items:
        key = f"{item.kind} {item.id}"
        if key in shown:
            lines.append(f"- {item.kind} `{item.id}` (shown at ¶ {shown[key]})")
            continue
        shown[key] = number
        lines += _markdown_item(item)
    return lines


def _markdown_item(item: Item) -> list[str]:
    lines = [f"- **{item.kind} `{item.id}`**" + (f": {markdown_text(item.summary)}" if item.summary else "")]
    if item.condition is not None:
        lines.append(f"  - when: {markdown_text(item.condition)}")
    lines += [f"  - {markdown_text(clause)}: “{markdown_text(quote)}”" for clause, quote in item.quotes]
    if item.description:
        lines.append(f"  - about: {_markdown_prose(item.description)}")
    if item.assumption:
        lines.append(f"  - reading (assumption): {_markdown_prose(item.assumption)}")
    return lines


def _markdown_prose(text: str) -> str:
    """Ruleset prose with `code` spans kept: the rest escaped."""
    parts = re.split(r"(`[^`\n]+`)", " ".join(text.split()))
    return "".join(part if part.startswith("`") and part.endswith("`") and len(part) > 1 else markdown_text(part)
                   for part in parts)  # fmt: skip


def _markdown_note(clause: str, note: ClauseNote) -> list[str]:
    lines = [f"**Note on {markdown_text(clause)}.**" + (f" What it says: {note.says}" if note.says else "")]
    return lines + ["", note.note]


def _markdown_ends(document: Literate, shown: dict[str, int]) -> list[str]:
    """What follows the text: items with no quote, quotes not found, the ruleset-wide readings, the notes'
    sections and the vocabulary the ruleset adds."""
    model = document.model
    lines: list[str] = []
    if document.unquoted:
        lines += ["", "## Encoded without a quote", "", "Each of these stands on a reading alone (an assumption).", ""]
        for item in document.unquoted:
            lines += _markdown_item(item)
    if document.not_found:
        lines += ["", "## Quotes not found in the source text", ""]
        lines += [f"- {item.kind} `{item.id}`: “{markdown_text(quote)}”" for item, quote in document.not_found]
    if model.assumptions:
        lines += ["", "## Readings of the whole text (assumptions)", ""]
        lines += [f"- **`{a.id}`**" + (f" ({markdown_text(a.clause)})" if a.clause else "") + f": {_markdown_prose(a.reason)}"
                  for a in model.assumptions]  # fmt: skip
    for section in model.notes.sections if model.notes else ():
        lines += ["", f"## {markdown_text(section.title)}", "", section.text]
    if document.added:
        lines += ["", "## Action ids and facts added beyond the contract vocabulary", "",
                  "See [vocabulary.md](../vocabulary.md) for why each was added.", "",
                  "| id | meaning | used by |", "|---|---|---|"]  # fmt: skip
        lines += [f"| `{name}` | {_markdown_prose(meaning)} | {markdown_text(', '.join(users))} |" for name, meaning, users in document.added]
    return lines


def _added_vocabulary(compiled: CompiledPolicy) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The project's added action ids and facts that a ruleset uses: (id, meaning, the rules and definitions
    using it)."""
    actions: dict[str, list[str]] = {}
    facts: dict[str, list[str]] = {}
    for rule in compiled.rules:
        if rule.action in ADDED_ACTIONS:
            actions.setdefault(rule.action, []).append(rule.id)
    for user in (*compiled.definitions, *compiled.rules):
        for path in sorted(user.facts):
            if path in FACTS and FACTS[path].added:
                facts.setdefault(path, []).append(getattr(user, "id", None) or user.key)
    rows = [(name, ACTIONS[name], tuple(users)) for name, users in sorted(actions.items())]
    return tuple(rows + [(name, FACTS[name].meaning, tuple(users)) for name, users in sorted(facts.items())])


# --- HTML -----------------------------------------------------------------------------------------------------

_CSS = (
    "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;line-height:1.45;color:#111}"
    "table{border-collapse:collapse;width:100%}td,th{border-top:1px solid #ccc;padding:.4rem .6rem;"
    "vertical-align:top;text-align:left}th{width:7rem;font-weight:normal;color:#555}"
    "td.text{width:45%}tr.heading td.text{font-weight:bold}td.none{color:#777;font-style:italic}"
    "ul{margin:.2rem 0;padding-left:1.2rem}code{font-size:.92em}.note{background:#f4f4f0;padding:.3rem .5rem}"
    "@media print{body{margin:0;max-width:none}tr{break-inside:avoid}}"
)


def render_literate_html(document: Literate) -> str:
    """The page as one self-contained HTML document: inline CSS, no scripts, nothing fetched; every text
    escaped (the ruleset's notes are shown as their Markdown's paragraphs, lists, `code` and **bold**)."""
    model = document.model
    title = f"{model.landlord.name}: clause map"
    parts = ["<!DOCTYPE html>", '<html lang="en-GB">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{html.escape(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
             f"<h1>{html.escape(title)}</h1>", f"<p><em>{_html_prose(_generated_line(model).strip('*'))}</em></p>"]  # fmt: skip
    if model.notes and model.notes.introduction:
        parts.append(_html_markdown(model.notes.introduction))
    parts += ["<h2>How to read this page</h2>", f"<p>{html.escape(_HOW_TO_READ)}</p>", "<h2>The text and its rules</h2>",
              "<table>", "<tbody>", *_html_rows(document), "</tbody>", "</table>", *_html_ends(document),
              "</body>", "</html>"]  # fmt: skip
    return "\n".join(parts) + "\n"


def _html_rows(document: Literate) -> list[str]:
    rows = []
    shown: dict[str, int] = {}
    for paragraph in document.paragraphs:
        clause = f"<br>{html.escape(paragraph.clause)}" if paragraph.clause else ""
        head = f'<th id="p{paragraph.number}">¶ {paragraph.number}{clause}<br><small>line {paragraph.line}</small></th>'
        items = document.placed.get(paragraph.number, ())
        cell = _html_items(items, paragraph.number, shown) if items else '<td class="none">No rule.</td>'
        if paragraph.number in document.notes:
            cell = cell[: -len("</td>")] + _html_note(*document.notes[paragraph.number]) + "</td>"
        text = html.escape(_shown_text(paragraph))
        rows.append(f'<tr class="{paragraph.kind}">{head}<td class="text">{text}</td>{cell}</tr>')
    return rows


def _html_items(items: Sequence[Item], number: int, shown: dict[str, int]) -> str:
    entries = []
    for item in items:
        key = f"{item.kind} {item.id}"
        if key in shown:
            entries.append(f'<li>{item.kind} <code>{html.escape(item.id)}</code> (shown at '
                           f'<a href="#p{shown[key]}">¶ {shown[key]}</a>)</li>')  # fmt: skip
            continue
        shown[key] = number
        entries.append(_html_item(item))
    return "<td><ul>" + "".join(entries) + "</ul></td>"


def _html_item(item: Item) -> str:
    head = f"<strong>{item.kind} <code>{html.escape(item.id)}</code></strong>"
    head += f": {html.escape(item.summary)}" if item.summary else ""
    details = [f"when: {html.escape(item.condition)}"] if item.condition is not None else []
    details += [f"{html.escape(clause)}: “{html.escape(quote)}”" for clause, quote in item.quotes]
    details += [f"about: {_html_prose(item.description)}"] if item.description else []
    details += [f"reading (assumption): {_html_prose(item.assumption)}"] if item.assumption else []
    return f"<li>{head}<ul>" + "".join(f"<li>{detail}</li>" for detail in details) + "</ul></li>"


def _html_note(clause: str, note: ClauseNote) -> str:
    says = f" What it says: {_html_prose(note.says)}" if note.says else ""
    return f'<div class="note"><strong>Note on {html.escape(clause)}.</strong>{says}{_html_markdown(note.note)}</div>'


def _html_ends(document: Literate) -> list[str]:
    model = document.model
    parts = []
    if document.unquoted:
        parts += ["<h2>Encoded without a quote</h2>", "<p>Each of these stands on a reading alone (an assumption).</p>",
                  "<ul>" + "".join(_html_item(item) for item in document.unquoted) + "</ul>"]  # fmt: skip
    if document.not_found:
        parts += ["<h2>Quotes not found in the source text</h2>", "<ul>" + "".join(
            f"<li>{item.kind} <code>{html.escape(item.id)}</code>: “{html.escape(quote)}”</li>"
            for item, quote in document.not_found) + "</ul>"]  # fmt: skip
    if model.assumptions:
        parts += ["<h2>Readings of the whole text (assumptions)</h2>", "<ul>" + "".join(
            f"<li><strong><code>{html.escape(a.id)}</code></strong>{f' ({html.escape(a.clause)})' if a.clause else ''}: "
            f"{_html_prose(a.reason)}</li>" for a in model.assumptions) + "</ul>"]  # fmt: skip
    for section in model.notes.sections if model.notes else ():
        parts += [f"<h2>{html.escape(section.title)}</h2>", _html_markdown(section.text)]
    if document.added:
        rows = "".join(f"<tr><td><code>{html.escape(name)}</code></td><td>{html.escape(meaning)}</td>"
                       f"<td>{html.escape(', '.join(users))}</td></tr>" for name, meaning, users in document.added)  # fmt: skip
        parts += ["<h2>Action ids and facts added beyond the contract vocabulary</h2>",
                  f"<table><thead><tr><th>id</th><th>meaning</th><th>used by</th></tr></thead><tbody>{rows}</tbody></table>"]  # fmt: skip
    return parts


def _html_prose(text: str) -> str:
    """Escaped text with Markdown's `code`, **bold** and *emphasis* spans as HTML."""
    escaped = html.escape(" ".join(text.split()))
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
    escaped = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", escaped)
    return re.sub(r"(?<![\w*])\*([^*\s][^*]*)\*(?![\w*])", r"<em>\1</em>", escaped)


def _html_markdown(text: str) -> str:
    """The ruleset's Markdown notes as HTML: blank-line paragraphs and `- ` lists of prose (no raw HTML)."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        items = re.split(r"(?m)^- ", block)
        if block.startswith("- "):
            blocks.append("<ul>" + "".join(f"<li>{_html_prose(item)}</li>" for item in items if item.strip()) + "</ul>")
        else:
            blocks.append(f"<p>{_html_prose(block)}</p>")
    return "".join(blocks)
