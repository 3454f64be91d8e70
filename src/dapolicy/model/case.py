"""Reading a case document (contract section 4) into a flat mapping of known facts.

Absent and null fields are simply left out: an unknown fact is a missing key, never False. Everything else is
checked against the vocabulary, and a mistake raises CaseError naming the field path, what was found and, for
a near miss, what was probably meant. The input is only read, never changed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Mapping

from ..deadlines import NonexistentLocalTime, ReportTimeOutOfRange, check_report_time, report_range_text
from ..errors import CaseError, describe_value, shown, suggest
from .dates import calendar_problem
from .vocabulary import CASE_KEYS, FACTS, GROUPS, Fact

__all__ = ["case_document", "case_schema", "read_case"]

_ALLOWED = {path: frozenset(fact.values) for path, fact in FACTS.items()}
_BOOL, _ENUM, _INT, _LIST, _GROUP, _OTHER = range(6)


def _reader(fact: Fact) -> tuple[Fact, str, int, Any, Any]:
    """A fact, its path, and how its usual value is checked without `_read_value`: a bool, a text of its values, a
    whole number within its bounds, a list of its values; anything else (and every mistake) goes the long way,
    which says what is wrong."""
    if fact.kind == "bool":
        return fact, fact.path, _BOOL, None, None
    if fact.kind == "enum":
        return fact, fact.path, _ENUM, _ALLOWED[fact.path], None
    if fact.kind == "int" and fact.minimum is not None and fact.maximum is not None:
        return fact, fact.path, _INT, fact.minimum, fact.maximum
    if fact.kind == "enum_list":
        return fact, fact.path, _LIST, _ALLOWED[fact.path], None
    return fact, fact.path, _OTHER, None, None


#: The readers of each group's members, by name.
_MEMBERS = {group: {name: _reader(FACTS[f"{group}.{name}"]) for name in names} for group, names in GROUPS.items()}
#: The readers of the case document's keys: a fact's, or a group's (its members' readers in place of bounds).
_KEYS = {**{path: _reader(fact) for path, fact in FACTS.items() if "." not in path},
         **{group: (None, group, _GROUP, members, None) for group, members in _MEMBERS.items()}}  # fmt: skip


def case_document(facts: Mapping[str, Any]) -> dict[str, Any]:
    """The case document for facts keyed by dotted path (the inverse of `read_case` for plain values)."""
    case: dict[str, Any] = {}
    for path, value in facts.items():
        if "." in path:
            group, name = path.split(".", 1)
            case.setdefault(group, {})[name] = value
        else:
            case[path] = value
    return case


def read_case(case: Any) -> dict[str, Any]:
    """The known facts of a case, keyed by dotted path; list facts become frozensets, `reported_at` London time."""
    if not isinstance(case, dict) and not isinstance(case, Mapping):
        raise CaseError("", f"a case document is a mapping of facts, not {type(case).__name__}", code="case.not_a_mapping")
    facts: dict[str, Any] = {}
    _read_fields(case, _KEYS, None, facts)
    return facts


def _read_fields(given: Mapping[str, Any], readers: dict[str, tuple], group: str | None, facts: dict[str, Any]) -> None:
    """Read the fields of the case document (`group` None) or of one group into `facts`. A field the vocabulary
    does not have is refused even when null: a misspelt field must never pass unnoticed."""
    for name, value in given.items():
        reader = readers.get(name)
        if reader is None:
            if group is not None:
                raise _unknown_field(f"{group}.{name}")
            raise _not_a_case(given) if _looks_like_a_ruleset(given) else _unknown_field(name)
        if value is None:
            continue
        fact, path, form, first, last = reader
        if form == _BOOL:
            plain = value.__class__ is bool
        elif form == _ENUM:
            plain = value.__class__ is str and value in first
        elif form == _INT:
            plain = value.__class__ is int and first <= value <= last
        elif form == _LIST and value.__class__ is list:
            items = frozenset(value) if all(item.__class__ is str for item in value) else None
            if items is not None and items <= first:
                facts[path] = items
                continue
            plain = False
        elif form == _GROUP:
            if not isinstance(value, dict) and not isinstance(value, Mapping):
                raise CaseError(name, f"expected a mapping of {name} facts, found {describe_value(value)}",
                                hint=f"write e.g. `{name}: {{{GROUPS[name][0]}: …}}`", code="case.wrong_type")  # fmt: skip
            _read_fields(value, first, name, facts)
            continue
        else:
            plain = False
        facts[path] = value if plain else _read_value(fact, value, path)


def _read_value(fact: Fact, value: Any, path: str) -> Any:
    """Check one value against its fact's kind and return it in the form conditions compare."""
    _check_not_huge(value, path)
    kind = fact.kind
    if kind == "bool":
        raise CaseError(path, f"expected true or false, found {describe_value(value)}", code="case.wrong_type")
    if kind == "int":
        if type(value) is not int:
            hint = "write a whole number without a decimal point" if isinstance(value, float) else None
            raise CaseError(path, f"expected a whole number, found {describe_value(value)}", hint=hint, code="case.wrong_type")
        if (fact.minimum is not None and value < fact.minimum) or (fact.maximum is not None and value > fact.maximum):
            raise CaseError(path, f"{value} is outside {fact.minimum}–{fact.maximum}", code="case.out_of_range")
        return value
    if kind == "enum":
        return value if value.__class__ is str and value in _ALLOWED[path] else _read_choice(fact, value, path)
    if kind == "enum_list":
        if not isinstance(value, (list, tuple)):
            raise CaseError(path, f"expected a list, found {describe_value(value)}", hint=f"write `{path}: [{fact.values[0]}]`", code="case.wrong_type")
        items = frozenset(value) if all(item.__class__ is str for item in value) else None
        if items is None or not items <= _ALLOWED[path]:
            for index, item in enumerate(value):
                _read_choice(fact, item, f"{path}[{index}]")
        return items
    if kind == "area":
        if not isinstance(value, str) or not value.strip():
            raise CaseError(path, f"expected an area name, found {describe_value(value)}", code="case.wrong_type")
        if value != "_".join(value.lower().split()):
            raise CaseError(path, f"area {shown(value)} must be lower case, with no spaces",
                            hint=f"write {shown('_'.join(value.lower().split()))}", code="case.bad_area")  # fmt: skip
        return value
    return _read_datetime(value, path)


def _check_not_huge(value: Any, path: str) -> None:
    """CaseError for a whole number of more than about 100 digits (Python will not even print one of 4,300)."""
    if value.__class__ is int and value.bit_length() > 332:
        raise CaseError(path, f"{shown(value)} is far too large for any case field",
                        hint="check for a paste mistake: ages and scores are a few digits", code="case.out_of_range")  # fmt: skip


def _read_choice(fact: Fact, value: Any, path: str) -> str:
    _check_not_huge(value, path)
    if not isinstance(value, str):
        raise CaseError(path, f"expected one of {', '.join(fact.values)}, found {describe_value(value)}", code="case.wrong_type")
    if value not in fact.values:
        near = suggest(value, fact.values) or suggest(value.lower().replace(" ", "_").replace("-", "_"), fact.values)
        raise CaseError(
            path,
            f"{shown(value)} is not one of {', '.join(fact.values)}",
            hint=f"did you mean {near!r}?" if near else None,
            code="case.not_a_choice",
        )
    return value


def _read_datetime(value: Any, path: str) -> dt.datetime:
    """An ISO 8601 date and time; no offset means London local time."""
    if isinstance(value, dt.datetime):
        moment = value
        _check_offset(moment, path)
    elif isinstance(value, str):
        written = value.strip().upper()  # RFC 3339 allows `t` and `z` in lower case; ISO 8601 letters are all upper
        try:
            moment = dt.datetime.fromisoformat(written)
        except ValueError:
            date = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
            problem = calendar_problem(*map(int, date.groups())) if date else None
            if problem:
                raise CaseError(path, f"{shown(value)} is not an ISO 8601 date and time: {problem}", code="case.bad_datetime") from None
            raise CaseError(path, f"{shown(value)} is not an ISO 8601 date and time",
                            hint="write e.g. 2026-12-24T10:00 (London time) or 2026-12-24T10:00:00+00:00", code="case.bad_datetime") from None  # fmt: skip
        if "T" not in written and " " not in written:
            raise CaseError(path, f"{shown(value)} has no time of day", hint=f"write e.g. {value.strip()}T09:00", code="case.bad_datetime")
    else:
        raise CaseError(path, f"expected a date and time, found {describe_value(value)}", code="case.wrong_type")
    try:
        return check_report_time(moment)
    except NonexistentLocalTime as error:
        raise CaseError(path, str(error), hint="the clocks go forward at 01:00 GMT; give the time with its offset", code="case.bad_datetime") from None
    except ReportTimeOutOfRange:
        written = value.strip() if isinstance(value, str) else value.isoformat()
        raise CaseError(path, f"{shown(written)} is outside the supported report times, {report_range_text()}",
                        hint="check the year; deadlines are worked out only for reports in this range", code="case.out_of_range") from None  # fmt: skip


def _looks_like_a_ruleset(case: Mapping[str, Any]) -> bool:
    """Keys of a ruleset (`id`, `landlord`, `rules`) and none of a case: a ruleset given where a case is wanted."""
    from .ruleset import Ruleset  # imported on this error path only: reading a case does not import pydantic

    keys = {key for key in case if isinstance(key, str)}
    return not keys & set(CASE_KEYS) and len(keys & set(Ruleset.model_fields)) >= 2


def _not_a_case(case: Mapping[str, Any]) -> CaseError:
    return CaseError("", f"this looks like a ruleset (it gives {', '.join(map(shown, list(case)[:3]))}), not a case "
                         "document", hint="give the ruleset first and the case second: dapolicy evaluate POLICY CASE; "
                                          "a case gives facts such as reported_at and survivor: {age: …}", code="case.not_a_case")  # fmt: skip


def _check_offset(moment: dt.datetime, path: str) -> None:
    """A datetime given to `evaluate` whose time zone gives no valid UTC offset (24 hours or more, say)."""
    try:
        moment.utcoffset()
    except (ValueError, TypeError):
        raise CaseError(path, "the datetime's time zone gives no valid UTC offset (one under 24 hours either way)",
                        hint="give the time in Europe/London, or with a fixed offset such as +01:00", code="case.bad_datetime") from None  # fmt: skip


def _unknown_field(path: str) -> CaseError:
    candidates = list(FACTS) + list(CASE_KEYS)
    bare = path.rsplit(".", 1)[-1]
    prefixed = [candidate for candidate in FACTS if candidate.endswith("." + bare)]
    near = prefixed[0] if len(prefixed) == 1 and prefixed[0] != path else suggest(path, candidates)
    hint = f"did you mean {near!r}?" if near else "see docs/vocabulary.md for the case facts"
    if path in FACTS and "." in path:
        group, name = path.split(".", 1)
        hint = f"nest it: `{group}: {{{name}: …}}`"
    if not bare.strip():
        return CaseError(path, f"a field name is only spaces ({bare!r})" if bare else "a field name is empty",
                         hint="give the field its name; docs/vocabulary.md lists the case facts", code="case.unknown_field")
    return CaseError(path, "unknown field", hint=hint, code="case.unknown_field")



def case_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the case document, for editors and integrators.

    It states types, enumerations and bounds; `read_case` checks the same and more (a London local time that
    does not exist, a lower-case area), with messages naming the field.
    """
    properties: dict[str, Any] = {}
    for path, fact in FACTS.items():
        schema = {**_fact_schema(fact), "description": fact.meaning + (" (added to the contract's table)" if fact.added else "")}
        if "." in path:
            group, name = path.split(".", 1)
            properties.setdefault(group, {"type": ["object", "null"], "additionalProperties": False, "properties": {}})
            properties[group]["properties"][name] = schema
        else:
            properties[path] = schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://dapolicy.invalid/case.schema.json",
        "title": "dapolicy case document",
        "description": "Every field is optional; an absent field or null is unknown, not false.",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }


def _fact_schema(fact: Fact) -> dict[str, Any]:
    if fact.kind == "bool":
        return {"type": ["boolean", "null"]}
    if fact.kind == "int":
        return {"type": ["integer", "null"], "minimum": fact.minimum, "maximum": fact.maximum}
    if fact.kind == "enum":
        return {"enum": [*fact.values, None]}
    if fact.kind == "enum_list":
        return {"type": ["array", "null"], "items": {"enum": list(fact.values)}}
    if fact.kind == "area":
        return {"type": ["string", "null"], "pattern": r"^[^A-Z\s]+$"}
    return {"type": ["string", "null"], "pattern": r"^20\d{2}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}",
            "description": "London dates 2000-01-01 to 2099-12-31"}
