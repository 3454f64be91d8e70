"""The validated shape of a ruleset file (docs/ruleset-format.md describes it for policy officers).

Pydantic checks keys, types and enumerations; `validate_ruleset` turns its errors into Problems that name the
file, line and column, what was found, what was expected and, for a near miss, what was probably meant.
Conditions stay text here: the compile stage parses and type-checks them.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator

from .._yaml import SourceMap
from ..errors import PolicyError, Problem, describe_value, suggest

_ID = r"^[a-z][a-z0-9_]*$"
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Identifier = Annotated[str, Field(pattern=_ID)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Source(_Strict):
    """Where a rule, definition or parameter comes from: a clause and its verbatim words."""

    clause: Text
    quote: Text


class Assumption(_Strict):
    """A reading the source text does not settle, with the reason for the reading taken."""

    reason: Text
    clause: Text | None = None


class NamedAssumption(Assumption):
    """A ruleset-wide assumption, listed under `assumptions:`."""

    id: Identifier


class Due(_Strict):
    """A deadline: exactly one of `hours` (elapsed time) or `working_days` (England and Wales)."""

    hours: Annotated[int, Field(gt=0)] | None = None
    working_days: Annotated[int, Field(gt=0)] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> "Due":
        if (self.hours is None) == (self.working_days is None):
            raise ValueError("a due must give exactly one of `hours` or `working_days`")
        return self


def _as_list(value: Any) -> Any:
    """Accept one source as a mapping or several as a list."""
    return [value] if isinstance(value, dict) else value


class _Provenanced(_Strict):
    """Something a policy officer must be able to trace: at least one source or an assumption."""

    source: list[Source] = Field(default_factory=list)
    assumption: Assumption | None = None

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
    """A named value (threshold, deadline, service) with its source; `by_area` gives one value per area."""

    description: Text | None = None
    value: Any = None
    by_area: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _one_value(self) -> "Parameter":
        if (self.value is None) == (self.by_area is None):
            raise ValueError("a parameter needs exactly one of `value` or `by_area`")
        return self


def _condition_text(value: Any) -> Any:
    """`when: true` (YAML's yes/no) is the condition `true`: a rule that always applies."""
    return ("true" if value else "false") if isinstance(value, bool) else value


class Definition(_Provenanced):
    """A named condition that reads like the policy (`personally_connected`), usable in other conditions."""

    description: Text | None = None
    when: Text

    _when_text = field_validator("when", mode="before")(_condition_text)


class Rule(_Provenanced):
    """One commitment of the policy: an action with a modality, under a condition, maybe with a deadline."""

    id: Identifier
    action: Identifier
    modality: Literal["must", "should", "may", "must_not"]
    when: Text
    due: Due | str | None = None
    authority: Identifier | None = None
    recipient: Identifier | None = None
    exception_to: list[Identifier] = Field(default_factory=list)
    description: Text | None = None

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
    kind: Literal["private_registered_provider", "local_housing_authority", "almo", "none"]


class Document(_Strict):
    """The source document: title, version and dates (YYYY, YYYY-MM or YYYY-MM-DD)."""

    title: Text
    version: Text
    source_text: Text
    approved: Text | None = None
    effective: Text | None = None
    review: Text | None = None

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value

    @field_validator("approved", "effective", "review")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        if value is not None and not _DATE.match(value):
            raise ValueError("a date is written YYYY, YYYY-MM or YYYY-MM-DD")
        return value


class Ruleset(_Strict):
    """A whole ruleset file."""

    id: Identifier
    landlord: Landlord
    document: Document
    parameters: dict[Identifier, Parameter] = Field(default_factory=dict)
    definitions: dict[Identifier, Definition] = Field(default_factory=dict)
    rules: list[Rule]
    assumptions: list[NamedAssumption] = Field(default_factory=list)


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
    try:
        return Ruleset.model_validate(data)
    except ValidationError as error:
        problems = _problems(error, data, source)
        raise PolicyError(problems) from error


def _problems(error: ValidationError, data: Any, source: SourceMap) -> list[Problem]:
    """One Problem per pydantic error, without the noise of a union's other branches."""
    seen: set[tuple] = set()
    problems = []
    for detail in error.errors(include_url=False):
        problem = _problem(detail, data, source)
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
            hint=f"try {_snake(str(found))!r}" if isinstance(found, str) else None,
        )
    if kind in _KIND_WORDS:
        expected = _KIND_WORDS[kind]
        return source.problem(
            "load.wrong_type",
            f"expected {expected}, found {describe_value(found)}",
            path,
            rule=rule,
            found=repr(found),
            expected=expected,
            hint=_type_hint(path, found),
        )
    message = str(detail["msg"]).removeprefix("Value error, ")
    return source.problem("load.invalid", message, path, rule=rule, found=repr(found), hint=_value_hint(path))


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
        return "write a whole number, e.g. `working_days: 1`"
    if isinstance(found, (int, float, bool)) and not isinstance(found, bool):
        return "put the value in quotes to make it text"
    if path and path[-1] in {"when", "quote", "clause"} and isinstance(found, bool):
        return "quote the text so YAML does not read it as true/false"
    return None


def _value_hint(path: tuple) -> str | None:
    if "due" in path:
        return "write `due: {working_days: N}` or `due: {hours: N}`, or the name of a parameter"
    return None


def _snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_") or "an_id"
