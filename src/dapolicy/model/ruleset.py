"""The validated shape of a ruleset file (docs/ruleset-format.md describes it for policy officers).

Pydantic checks keys, types and enumerations; `validate_ruleset` turns its errors into Problems that name the
file, line and column, what was found, what was expected and, for a near miss, what was probably meant.
Conditions stay text here: the compile stage parses and type-checks them.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from typing import Annotated, Any, Iterator, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from .._yaml import SourceMap
from ..errors import PolicyError, Problem, describe_value, shown, suggest
from .dates import MAX_HOURS, MAX_WORKING_DAYS, calendar_problem
from .vocabulary import CASE_KEYS

_ID = r"^[a-z][a-z0-9_]*$"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

DOCUMENT_YEARS = (1900, 2100)
"""The years a document date (`approved`, `effective`, `review`) may name; another year is a slip (0202, 9999)."""

_NOT_BLANK = Field(json_schema_extra={"pattern": r"\S"})
"""For the JSON Schema (dapolicy.schema): text that is more than spaces, as the validators below require."""
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), _NOT_BLANK]
Identifier = Annotated[str, Field(pattern=_ID)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, use_attribute_docstrings=True)


class Source(_Strict):
    """Where a rule, definition or parameter comes from: a clause and its verbatim words."""

    clause: Text
    """The clause number, or the section heading where the policy has no numbers."""
    quote: Text
    """The policy's own words, copied exactly (line breaks and curly or straight quotation marks do not matter)."""


class Assumption(_Strict):
    """A reading the source text does not settle, with the reason for the reading taken."""

    reason: Text
    """The reading taken, and why the words do not settle it."""
    clause: Text | None = None
    """The clause the reading is about, if there is one."""


LINT_ALLOWABLE = ("lint.must_and_must_not", "lint.never_applies", "lint.unused_definition", "lint.unused_parameter",
                  "lint.shadowed", "lint.modality_word")  # fmt: skip
"""The lint findings a `lint: [{allow, reason}]` entry may explain (docs/lint.md); a quote not in the source text
and an explanation that explains nothing cannot be explained away."""


class LintAllow(_Strict):
    """A lint finding about this rule, definition or parameter that is intended, and why, in the policy's terms."""

    allow: Literal[LINT_ALLOWABLE]  # type: ignore[valid-type]
    """The lint finding that is intended (`lint.shadowed`, `lint.never_applies`, …; docs/lint.md)."""
    reason: Text
    """Why the finding is intended, in the policy's terms."""


class NamedAssumption(Assumption):
    """A ruleset-wide assumption, listed under `assumptions:`."""

    id: Identifier
    """The assumption's id: lower case letters, digits and underscores."""


class Due(_Strict):
    """A deadline: exactly one of `hours` (elapsed time) or `working_days` (England and Wales), each a whole
    number from 1 to its limit (MAX_HOURS, MAX_WORKING_DAYS: one year)."""

    hours: Annotated[int, Field(ge=1, le=MAX_HOURS)] | None = None
    """Elapsed hours after the report was received (a whole number, one year at most)."""
    working_days: Annotated[int, Field(ge=1, le=MAX_WORKING_DAYS)] | None = None
    """England-and-Wales working days after the day of receipt; due at the end of the last one (about a year at
    most)."""

    @model_validator(mode="after")
    def _exactly_one(self) -> "Due":
        if self.hours is not None and self.working_days is not None:
            raise ValueError("a deadline gives one of `hours` or `working_days`, not both")
        if self.hours is None and self.working_days is None:
            raise ValueError("a deadline gives `hours: N` or `working_days: N`")
        return self


_DEADLINE_LIMITS = {"hours": (MAX_HOURS, "one year"), "working_days": (MAX_WORKING_DAYS, "about a year")}
_RANGE_ERRORS = {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}


def deadline_message(error: ValidationError) -> str:
    """The first mistake in a deadline (`Due.model_validate` failed), in the words a rule's `due:` gets."""
    detail = error.errors(include_url=False)[0]
    loc = [part for part in detail["loc"] if isinstance(part, str)]
    found = detail.get("input")
    if detail["type"] in _RANGE_ERRORS and loc:
        return _range_message(loc[-1], found)
    if detail["type"] == "extra_forbidden" and loc:
        near = suggest(loc[-1], Due.model_fields) or _KNOWN_SLIPS.get(loc[-1])
        return f"unknown key {loc[-1]!r} in a deadline" + (f" (did you mean {near!r}?)" if near else "")
    if detail["type"] == "int_type" and loc:
        return f"`{loc[-1]}` is a whole number, found {describe_value(found)}"
    return str(detail["msg"]).removeprefix("Value error, ")


def _range_message(unit: str, found: Any) -> str:
    limit, span = _DEADLINE_LIMITS.get(unit, (None, ""))
    if limit is None:
        return f"{shown(found)} is out of range"
    return f"`{unit}` must be a whole number from 1 to {limit:,} ({span}), found {shown(found)}"


def _deadline_shape(value: Any) -> Any:
    """A mapping given as a parameter's value is a deadline, checked as a rule's `due:` is."""
    return Due.model_validate(value) if isinstance(value, dict) else value


ParameterValue = Annotated[Any, BeforeValidator(_deadline_shape)]


def _as_list(value: Any) -> Any:
    """Accept one source as a mapping or several as a list."""
    return [value] if isinstance(value, dict) else value


class _Provenanced(_Strict):
    """Something a policy officer must be able to trace: at least one source or an assumption."""

    source: list[Source] = Field(default_factory=list)
    """Where it comes from: `{clause, quote}`, or a list of them."""
    assumption: Assumption | None = None
    """A reading the words do not settle: `{reason, clause}`. Give a `source`, an `assumption`, or both."""

    @field_validator("source", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return _as_list(value)

    @model_validator(mode="after")
    def _traceable(self) -> "_Provenanced":
        if not self.source and self.assumption is None:
            raise ValueError("give a `source: {clause, quote}` or an `assumption: {reason}`")
        return self


class Parameter(_Provenanced):
    """A named value (threshold, deadline, service) with its source; `by_area` gives one value per area.

    `allowed` lists the values the parameter may take (texts or numbers): the value, each area's value, each
    item of a list value, and any override given when loading must be one of them (checked when compiling).
    """

    description: Text | None = None
    """A plain-words note for readers."""
    value: ParameterValue = None
    """The value: a number, text, true or false, a list, or a deadline (`{hours: N}`, `{working_days: N}`). Give
    `value` or `by_area`."""
    lint: list[LintAllow] = Field(default_factory=list)
    """Lint findings about this entry that are intended, each `{allow, reason}` (docs/lint.md)."""
    by_area: dict[str, ParameterValue] | None = None
    """One value per area (lower-case area names; `default` for every other area). Give `value` or `by_area`."""
    allowed: list[Any] | None = None
    """The values the parameter may take (texts or numbers): its value, each area's value and any override must be
    one of them."""

    @field_validator("allowed")
    @classmethod
    def _texts_or_numbers(cls, value: list[Any] | None) -> list[Any] | None:
        for item in value or ():
            if isinstance(item, bool) or not isinstance(item, (str, int, float)) or item == "":
                raise ValueError(f"`allowed` lists texts or numbers, found {describe_value(item)}")
        return value

    @model_validator(mode="after")
    def _one_value(self) -> "Parameter":
        if (self.value is None) == (self.by_area is None):
            raise ValueError("a parameter needs exactly one of `value` or `by_area`")
        if self.by_area is not None and not self.by_area:
            raise ValueError("`by_area` needs at least one area (or `default`) with its value")
        return self


def _condition_text(value: Any) -> Any:
    """`when: true` (YAML's yes/no) is the condition `true`: a rule that always applies."""
    return ("true" if value else "false") if isinstance(value, bool) else value


class Definition(_Provenanced):
    """A named condition that reads like the policy (`personally_connected`), usable in other conditions."""

    description: Text | None = None
    """A plain-words note for readers."""
    when: Text
    """The condition (docs/ruleset-format.md), e.g. `statutory.domestic_abuse`; `true` for always."""
    lint: list[LintAllow] = Field(default_factory=list)
    """Lint findings about this entry that are intended, each `{allow, reason}` (docs/lint.md)."""

    _when_text = field_validator("when", mode="before")(_condition_text)


class Rule(_Provenanced):
    """One commitment of the policy: an action with a modality, under a condition, maybe with a deadline."""

    id: Identifier
    """Unique in the file: lower case letters, digits and underscores; ending in the clause number helps
    (`action_plan_3_2`)."""
    action: Identifier
    """An action id of the vocabulary (docs/vocabulary.md)."""
    modality: Literal["must", "should", "may", "must_not"]
    """`must` ("we will"), `should` ("where possible", "aim to"), `may` ("may", "can", "will consider") or
    `must_not` (a prohibition)."""
    when: Text
    """The condition under which the rule applies (docs/ruleset-format.md); `true` for always."""
    due: Due | str | None = None
    """The deadline: `{working_days: N}`, `{hours: N}`, or the name of a parameter holding one."""
    authority: Identifier | None = None
    """Who must approve the action, as an id (`safeguarding_lead`, `marac_chair`)."""
    recipient: Identifier | None = None
    """For the sharing actions only: to whom the information goes; `any` (every recipient) if not given."""
    exception_to: list[Identifier] = Field(default_factory=list)
    """The id of the rule of the same action this rule is an exception to, or a list of ids."""
    description: Text | None = None
    """A plain-words note for readers."""
    lint: list[LintAllow] = Field(default_factory=list)
    """Lint findings about this entry that are intended, each `{allow, reason}` (docs/lint.md)."""

    _when_text = field_validator("when", mode="before")(_condition_text)

    @field_validator("exception_to", mode="before")
    @classmethod
    def _one_or_many_ids(cls, value: Any) -> Any:
        """`exception_to: base_rule` is the one-rule list."""
        return [value] if isinstance(value, str) else value

    @field_validator("due", mode="before")
    @classmethod
    def _due_shape(cls, value: Any) -> Any:
        """A mapping is a Due; text names a parameter; anything else is neither hours nor working days."""
        if value is None or isinstance(value, dict):
            return Due.model_validate(value) if value is not None else None
        if isinstance(value, str) and re.match(_ID, value):
            return value
        raise ValueError(f"a due is `{{hours: N}}`, `{{working_days: N}}` or a parameter's name, not {value!r}")


class Landlord(_Strict):
    """Who the ruleset is for."""

    name: Text
    """The landlord's name."""
    kind: Literal["private_registered_provider", "local_housing_authority", "almo", "none"]
    """`private_registered_provider` (a housing association), `local_housing_authority`, `almo` (an arm's-length
    management organisation) or `none`."""


class Document(_Strict):
    """The source document: title, version and dates (YYYY, YYYY-MM or YYYY-MM-DD)."""

    title: Text
    """The source document's title."""
    version: Text
    """The source document's version, as text (`"1.10"`: unquoted, YAML reads 1.10 as the number 1.1)."""
    source_text: Text
    """The file name of the source text the quotes are checked against (`dapolicy validate`)."""
    approved: Text | None = None
    """When the document was approved: YYYY, YYYY-MM or YYYY-MM-DD."""
    effective: Text | None = None
    """When the document took effect: YYYY, YYYY-MM or YYYY-MM-DD."""
    review: Text | None = None
    """When the document is due for review: YYYY, YYYY-MM or YYYY-MM-DD; a decision warns when a report arrives
    after it."""

    @field_validator("source_text")
    @classmethod
    def _file_name(cls, value: str) -> str:
        """A file name only: `dapolicy validate` looks for it in the places it knows, never along a path."""
        if "/" in value or "\\" in value or value in (".", ".."):
            raise ValueError(f"`source_text` is a file name, not a path: found {value!r}")
        return value

    @field_validator("approved", "effective", "review", mode="before")
    @classmethod
    def _year_as_text(cls, value: Any) -> Any:
        """`review: 2025` (a year, read by YAML as a number) is the text "2025"."""
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("approved", "effective", "review")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        if value is None:
            return value
        match = _DATE.match(value)
        if not match:
            raise ValueError(f"{value!r} is not a date written YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(part) if part else None for part in match.groups())
        first, last = DOCUMENT_YEARS
        problem = f"the year must be from {first} to {last}" if not first <= year <= last else None
        problem = problem or calendar_problem(year, month, day)
        if problem:
            raise ValueError(f"{value!r} is not a date: {problem}")
        return value


def _not_blank(value: Any) -> Any:
    """A note is words: an empty one (or only spaces) says nothing, so it is refused rather than shown blank."""
    if isinstance(value, str) and not value.strip():
        raise ValueError("the note is empty: say what the passage holds or why it holds no rule, or leave it out")
    return value.strip() if isinstance(value, str) else value


NoteText = Annotated[str, BeforeValidator(_not_blank), _NOT_BLANK]


class ClauseNote(_Strict):
    """The ruleset's note on a clause of the source (`clauses:`): what it says, and why it holds no rule for a
    case or what a reader should know beside its rules. Shown by `dapolicy doc`; never a quote."""

    note: NoteText
    """What the clause holds: why it holds no rule for a case, or what a reader should know."""
    says: NoteText | None = None
    """What the clause is about, in a few words (optional)."""


class NoteSection(_Strict):
    """A titled section of prose (Markdown) printed after the text on the ruleset's page."""

    title: NoteText
    """The section's title."""
    text: NoteText
    """The section's text (Markdown)."""


class Notes(_Strict):
    """Prose for the ruleset's page (`dapolicy doc`): an introduction (the source document, scope, how to read
    it) and sections printed after the text (where the policy differs from the Act, say)."""

    introduction: NoteText | None = None
    """Markdown printed under the page's title: the source document, its scope, how to read it."""
    sections: list[NoteSection] = Field(default_factory=list)
    """Titled sections printed after the source text."""


class Ruleset(_Strict):
    """A whole ruleset file."""

    id: Identifier
    """The ruleset id: lower case, the file's name without `.yaml` (`hpg`, `statutory`)."""
    landlord: Landlord
    """The landlord the ruleset is for: `name` and `kind`."""
    document: Document
    """The source document the ruleset encodes."""
    parameters: dict[Identifier, Parameter] = Field(default_factory=dict)
    """Named values (thresholds, deadlines, lists, values by area) that conditions and deadlines use."""
    definitions: dict[Identifier, Definition] = Field(default_factory=dict)
    """Named conditions; `domestic_abuse`, the policy's own definition of domestic abuse, is required."""
    rules: list[Rule]
    """The policy's commitments, one rule each."""
    assumptions: list[NamedAssumption] = Field(default_factory=list)
    """Readings that apply to the whole ruleset: `id`, `clause` (optional), `reason`."""
    notes: Notes | None = None
    """Prose for the ruleset's page (`dapolicy doc`): `introduction` and `sections`."""
    clauses: dict[NoteText, ClauseNote] = Field(default_factory=dict)
    """Notes on clauses of the source (`dapolicy doc`), keyed by the clause number or heading."""


_KIND_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "dict_type": "a mapping (`key: value` lines)",
    "list_type": "a list (lines starting with `- `)",
    "model_type": "a mapping (`key: value` lines)",
}


def validate_ruleset(data: Any, source: SourceMap) -> Ruleset:
    """Validate loaded YAML data as a Ruleset, or raise PolicyError with every problem located."""
    if isinstance(data, dict) and _looks_like_a_case(data):
        raise PolicyError([source.problem(
            "load.not_a_ruleset",
            f"this looks like a case document (it gives {', '.join(map(shown, list(data)[:3]))}), not a ruleset",
            (),
            hint="a case is evaluated under a ruleset: `dapolicy evaluate POLICY CASE`; a ruleset starts with "
                 "`id:`, `landlord:`, `document:` (docs/ruleset-format.md)",
        )])  # fmt: skip
    try:
        ruleset = Ruleset.model_validate(data)
    except ValidationError as error:
        problems = _problems(error, data, source)
        raise PolicyError(problems) from error
    problems = [*_assumption_id_problems(ruleset, source), *_date_order_problems(ruleset.document, source),
                *_exception_list_problems(ruleset, source)]  # fmt: skip
    if problems:
        raise PolicyError(problems)
    return ruleset


def _looks_like_a_case(data: dict[str, Any]) -> bool:
    """No key of a ruleset and some of a case (`reported_at`, `survivor`): a case given where a ruleset is wanted."""
    keys = set(data)
    return not keys & set(Ruleset.model_fields) and bool(keys & set(CASE_KEYS))


def _assumption_id_problems(ruleset: Ruleset, source: SourceMap) -> Iterator[Problem]:
    """Assumption ids are unique: rules and decisions name an assumption by its id."""
    first: dict[str, int] = {}
    for index, assumption in enumerate(ruleset.assumptions):
        if assumption.id not in first:
            first[assumption.id] = index
            continue
        earlier = source.mark_for(("assumptions", first[assumption.id], "id"))
        yield source.problem(
            "load.duplicate_assumption_id",
            f"assumption id {assumption.id!r} is already used" + (f" at line {earlier.line}" if earlier else ""),
            ("assumptions", index, "id"),
            found=repr(assumption.id),
            hint="give each assumption its own id, or merge the two readings into one",
        )


def _date_order_problems(document: Document, source: SourceMap) -> Iterator[Problem]:
    """A review date before the approval or effective date cannot be (each date read as the whole year or month
    it names, so `review: 2024` after `approved: 2024-06` is fine)."""
    if document.review is None:
        return
    due = _days(document.review)
    for name in ("approved", "effective"):
        earlier = getattr(document, name)
        if earlier is not None and _days(earlier)[0] > due[1]:
            yield source.problem(
                "load.dates_out_of_order",
                f"the review date {document.review!r} is before the {name} date {earlier!r}",
                ("document", "review"),
                found=repr(document.review),
                hint=f"check both dates against the document; `review` is when it is next due for review, "
                     f"after `{name}`",
            )  # fmt: skip


def _days(text: str) -> tuple[dt.date, dt.date]:
    """The first and last day a document date (YYYY, YYYY-MM or YYYY-MM-DD, already checked) can mean."""
    year, month, day = (int(part) if part else None for part in _DATE.match(text).groups())  # type: ignore[union-attr]
    if day is not None:
        return dt.date(year, month, day), dt.date(year, month, day)  # type: ignore[arg-type]
    if month is not None:
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])  # type: ignore[arg-type]
    return dt.date(year, 1, 1), dt.date(year, 12, 31)  # type: ignore[arg-type]


def _exception_list_problems(ruleset: Ruleset, source: SourceMap) -> Iterator[Problem]:
    """`exception_to` names at least one rule, each once (`exception_to: []` is almost always a half-finished
    edit: leave the key out for a rule that is no exception)."""
    for index, rule in enumerate(ruleset.rules):
        path: tuple = ("rules", index, "exception_to")
        if path in source.values and not rule.exception_to:
            yield source.problem("load.empty_exception_to", "`exception_to` names no rule", path, rule=rule.id,
                                 hint="name the rule this one is an exception to, or leave `exception_to` out")  # fmt: skip
        seen: set[str] = set()
        for position, base in enumerate(rule.exception_to):
            if base in seen:
                yield source.problem("load.duplicate_exception", f"`exception_to` names {base!r} twice",
                                     (*path, position), rule=rule.id, found=repr(base),
                                     hint="list each rule once")  # fmt: skip
            seen.add(base)


def _problems(error: ValidationError, data: Any, source: SourceMap) -> list[Problem]:
    """One Problem per pydantic error, without the noise of a union's other branches."""
    seen: set[tuple] = set()
    problems = []
    for detail in error.errors(include_url=False):
        problem = _problem(detail, data, source)
        if _is_parameter_value(problem.path):
            problem = dataclasses.replace(problem, message=f"parameter {problem.path[1]!r}: {problem.message}")
        key = (problem.code, problem.path)
        if key not in seen:
            seen.add(key)
            problems.append(problem)
    return problems


def _problem(detail: dict[str, Any], data: Any, source: SourceMap) -> Problem:
    path = tuple(part for part in detail["loc"] if not (isinstance(part, str) and "[" in part))
    path = _clean_path(path, data)
    kind = detail["type"]
    found = detail.get("input")
    rule = _rule_id(path, data)
    if kind == "extra_forbidden":
        key = str(path[-1])
        allowed = _allowed_keys(path[:-1], data)
        near = suggest(key, allowed) or _KNOWN_SLIPS.get(key)
        return source.problem(
            "load.unknown_key",
            f"unknown key {key!r}",
            path,
            key=True,
            rule=rule,
            found=repr(key),
            expected=", ".join(repr(k) for k in sorted(allowed)),
            hint=f"did you mean {near!r}?" if near else f"allowed keys here: {', '.join(sorted(allowed))}",
        )
    if kind == "missing":
        key = str(path[-1])
        return source.problem(
            "load.missing_key",
            f"missing key {key!r}",
            path,
            rule=rule,
            expected=repr(key),
            hint=f"add `{key}:` to this mapping",
        )
    if kind == "literal_error":
        allowed = sorted(re.findall(r"'([^']+)'", detail["ctx"]["expected"]))
        near = suggest(str(found), allowed) if isinstance(found, str) else None
        what = "modality" if path[-1] == "modality" else str(path[-1])
        return source.problem(
            "load.unknown_value",
            f"unknown {what} {found!r}; expected one of {', '.join(repr(a) for a in allowed)}",
            path,
            rule=rule,
            found=repr(found),
            expected=", ".join(allowed),
            hint=f"did you mean {near!r}?" if near else None,
        )
    if kind == "string_pattern_mismatch":
        return source.problem(
            "load.bad_identifier",
            f"{found!r} is not a valid id",
            path,
            rule=rule,
            found=repr(found),
            expected="lower-case letters, digits and underscores, starting with a letter",
            hint=f"try {snake_case(str(found))!r}" if isinstance(found, str) else None,
        )
    if kind in _KIND_WORDS:
        expected = _KIND_WORDS[kind]
        field = f"`{path[-1]}`: " if path and isinstance(path[-1], str) else ""
        if kind == "string_type" and _is_number(found):
            return _number_for_text(path, found, source, rule)
        return source.problem(
            "load.wrong_type",
            f"{field}expected {expected}, found {describe_value(found)}",
            path,
            rule=rule,
            found=repr(found),
            expected=expected,
            hint=_type_hint(path, found),
        )
    if kind in _RANGE_ERRORS and path and path[-1] in _DEADLINE_LIMITS:
        unit = str(path[-1])
        return source.problem(
            "load.invalid",  # the code an out-of-range deadline has always had; the message gives the range
            _range_message(unit, found),
            path,
            rule=rule,
            found=repr(found),
            expected=f"1 to {_DEADLINE_LIMITS[unit][0]}",
            hint=_range_hint(unit, found),
        )
    message = str(detail["msg"]).removeprefix("Value error, ")
    if len(path) == 2 and path[0] == "document" and path[1] in _DOCUMENT_DATES:
        return source.problem("load.bad_date", message, path, found=repr(found),
                              hint=f"write a real date, e.g. `{path[1]}: \"2027-06-30\"`, or just the month (`2027-06`)")  # fmt: skip
    return source.problem("load.invalid", message, path, rule=rule, found=repr(found), hint=_value_hint(path))


_DOCUMENT_DATES = {"approved", "effective", "review"}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number_for_text(path: tuple, found: int | float, source: SourceMap, rule: str | None) -> Problem:
    """A number where text is expected (`version: 1.10`), shown as written: YAML read it as a number, and a
    number loses what text keeps (1.10 is 1.1), so it is never turned into text silently."""
    span = source.spans.get(path)
    written = source.text[span[0] : span[1]].strip() if span else repr(found)
    read = f" (read as {found!r})" if written != repr(found) else ""
    key = path[-1] if path and isinstance(path[-1], str) else None
    example = f"`{key}: \"{written}\"`" if key else f"`\"{written}\"`"
    return source.problem(
        "load.wrong_type",
        f"{'`' + key + '`: ' if key else ''}expected text, found the number {written}{read}",
        path,
        rule=rule,
        found=written,
        expected="text",
        hint=f"put it in quotes to make it text: {example}",
    )


def _range_hint(unit: str, found: Any) -> str:
    if isinstance(found, (int, float)) and found < 1:
        return "a deadline is at least 1; leave `due` out where the policy sets no time"
    if unit == "hours":
        return f"{MAX_HOURS:,} hours is a year; write longer periods as `working_days` (at most {MAX_WORKING_DAYS})"
    return f"{MAX_WORKING_DAYS} working days is about a year; check the number against the policy's words"


_KNOWN_SLIPS = {"days": "working_days", "condition": "when", "if": "when", "clauses": "source", "sources": "source"}


def _clean_path(path: tuple, data: Any) -> tuple:
    """Keep the path as it stands in the document (pydantic may name a step the document does not have)."""
    cleaned: list = []
    node = data
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
            cleaned.append(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            cleaned.append(part)
        elif isinstance(node, dict) and part == 0:
            continue  # one mapping given where a list is accepted (`source: {clause, quote}`): no index in the file
        else:
            cleaned.append(part)
            node = None
    return tuple(cleaned)


def _rule_id(path: tuple, data: Any) -> str | None:
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int) and isinstance(data, dict):
        rules = data.get("rules")
        if isinstance(rules, list) and path[1] < len(rules) and isinstance(rules[path[1]], dict):
            rule_id = rules[path[1]].get("id")
            return rule_id if isinstance(rule_id, str) else None
    return None


def _allowed_keys(parent: tuple, data: Any) -> list[str]:
    """The keys the model allows at `parent`, found by walking the models along the path."""
    if _is_parameter_value(parent):
        return list(Due.model_fields)  # a mapping as a parameter's value is a deadline
    model: Any = Ruleset
    for part in parent:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if isinstance(part, str) and hasattr(model, "model_fields") else None
        if field is None:
            # a key of a dict-valued field (a parameter's or definition's name)
            continue
        model = _model_of(field.annotation)
    return list(model.model_fields) if hasattr(model, "model_fields") else []


def _model_of(annotation: Any) -> Any:
    """The pydantic model inside an annotation such as list[Rule], dict[str, Parameter] or Due | str | None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None



def _type_hint(path: tuple, found: Any) -> str | None:
    if path and path[-1] in {"hours", "working_days"}:
        return f"write a whole number, e.g. `{path[-1]}: {1 if path[-1] == 'working_days' else 24}`"
    if isinstance(found, (int, float, bool)) and not isinstance(found, bool):
        return "put the value in quotes to make it text"
    if path and path[-1] in {"when", "quote", "clause"} and isinstance(found, bool):
        return "quote the text so YAML does not read it as true/false"
    return None


def _value_hint(path: tuple) -> str | None:
    if path == ("document", "source_text"):
        return ("write the file name alone (`source_text: hpg.txt`); `dapolicy validate` looks for it beside the "
                "ruleset, in $DAPOLICY_SOURCES, or in the folder `--sources` names")  # fmt: skip
    if "due" in path:
        return "write `due: {working_days: N}` or `due: {hours: N}`, or the name of a parameter"
    if _is_parameter_value(path):
        return "a mapping as a parameter's value is a deadline: write `{working_days: N}` or `{hours: N}`"
    return None


def _is_parameter_value(path: tuple) -> bool:
    """Whether `path` is a parameter's value or one area's value, or inside one (`parameters.x.value.hours`)."""
    if len(path) < 3 or path[0] != "parameters":
        return False
    return path[2] == "value" or (path[2] == "by_area" and len(path) >= 4)


def snake_case(text: str) -> str:
    """Text as an id: lower case, `_` for each run of anything else (`East Cambs` -> `east_cambs`)."""
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_") or "an_id"
