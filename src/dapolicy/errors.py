"""Errors that users read: where the mistake is, what was found, what was expected, and a hint.

A `Problem` is data (code, path, mark, found, expected, hint); rendering it to text is separate, so the CLI,
the tests and an editor integration all see the same fields. Loading a ruleset collects every problem it can
find and raises one `PolicyError` holding them all; a bad case document raises a `CaseError` naming the field.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

__all__ = ["Mark", "Problem", "PolicyError", "CaseError", "describe_value", "shown", "suggest", "render_problem"]

#: How close a name must be to count as a near miss (difflib ratio), as in Cedar's fuzzy match with a cutoff.
_SUGGESTION_CUTOFF = 0.75
#: The longest text a message shows of a found value: a longer one (a pasted document, a runaway export) is cut
#: here, with its length, so that one bad field cannot flood the terminal or a log.
MAX_SHOWN = 80


@dataclass(frozen=True, order=True)
class Mark:
    """A place in a ruleset file: 1-based line and column, plus the width of what is marked."""

    file: str
    line: int
    column: int
    width: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One mistake in a ruleset, as data.

    `code` is `stage.snake_case` (`load.unknown_key`, `compile.unknown_fact`); `path` is the key path into the
    ruleset (`("rules", 3, "when")`); `mark` is where it is in the file, when known.
    """

    code: str
    message: str
    path: tuple[str | int, ...] = ()
    mark: Mark | None = None
    rule: str | None = None
    found: str | None = None
    expected: str | None = None
    hint: str | None = None
    source_line: str | None = field(default=None, compare=False)

    def sort_key(self) -> tuple:
        """File, line, column, code: every run prints problems in the same order."""
        if self.mark is None:
            return ("", 0, 0, self.code, self.path_text())
        return (self.mark.file, self.mark.line, self.mark.column, self.code, self.path_text())

    def path_text(self) -> str:
        """The key path as a policy officer would point at it: `rules[3].when`."""
        return render_path(self.path)

    def __str__(self) -> str:
        return render_problem(self)


def render_path(path: Sequence[str | int]) -> str:
    """Render a key path as `rules[3].when` (or `$` for the whole document)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "$"


def render_problem(problem: Problem) -> str:
    """Render a problem like a compiler diagnostic: location, code, message, the source line, a caret, a hint."""
    where = str(problem.mark) if problem.mark else problem.path_text() if problem.path else ""
    subject = f"rule `{problem.rule}`: " if problem.rule else ""
    lines = [f"{where + ': ' if where else ''}error[{problem.code}] {subject}{problem.message}"]
    if problem.mark and problem.source_line is not None:
        lines.append(f"    {problem.source_line.rstrip()}")
        underline = "^" + "~" * max(problem.mark.width - 1, 0)
        lines.append("    " + " " * (problem.mark.column - 1) + underline)
    if problem.hint:
        lines.append(f"  hint: {problem.hint}")
    return "\n".join(lines)


class PolicyError(ValueError):
    """Raised when a ruleset cannot be loaded: YAML syntax, schema, or a condition that does not compile.

    `problems` holds every problem found, sorted by file, line, column and code; the message renders them all.
    """

    def __init__(self, problems: Iterable[Problem], *, document: str = "ruleset"):
        self.problems: tuple[Problem, ...] = tuple(sorted(problems, key=Problem.sort_key))
        count = len(self.problems)
        summary = f"{count} problem{'s' if count != 1 else ''} in {document}"
        super().__init__("\n".join([summary, *(render_problem(p) for p in self.problems)]))


class CaseError(ValueError):
    """Raised when a case document is malformed: wrong type, unknown field, or a value outside its enumeration.

    `path` is the dotted field path (`survivor.age`, `behaviours[2]`); `code` says what kind of mistake it is, as a
    Problem's does (`case.unknown_field`, `case.wrong_type`, …; docs/decision.md lists them).
    """

    def __init__(self, path: str, message: str, hint: str | None = None, *, code: str = "case.invalid"):
        self.path = path
        self.hint = hint
        self.detail = message
        self.code = code
        where = path if len(path) <= MAX_SHOWN else f"{path[:MAX_SHOWN]}… ({len(path):,} characters)"
        text = f"case field '{where}': {message}" if path else f"case document: {message}"
        if hint:
            text += f" (hint: {hint})"
        super().__init__(text)

    def __reduce__(self) -> tuple:
        """Pickled with its fields (an error raised in another process, such as a Dask worker, comes back whole)."""
        return (_case_error, (self.path, self.detail, self.hint, self.code))


def _case_error(path: str, message: str, hint: str | None, code: str) -> CaseError:
    return CaseError(path, message, hint, code=code)


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    """The nearest candidate to `name`, if it is a near miss (or the same letters in another order); else None."""
    ordered = sorted(set(candidates))
    matches = difflib.get_close_matches(name, ordered, n=1, cutoff=_SUGGESTION_CUTOFF)
    if matches:
        return matches[0]
    return next((c for c in ordered if len(c) == len(name) and sorted(c) == sorted(name)), None)


def shown(value: Any) -> str:
    """`repr(value)` for a message; text or a number longer than MAX_SHOWN characters is cut, with its length
    (`'abcabc…' (500,000 characters)`)."""
    if _is_huge(value):
        return _huge(value)
    try:
        text = repr(value)
    except ValueError:  # a list or mapping holding a number of 4,300 digits or more
        return f"a {type(value).__name__} holding a number too long to write"
    if len(text) <= MAX_SHOWN:
        return text
    if isinstance(value, str):
        return f"{value[:MAX_SHOWN - 2]!r}… ({len(value):,} characters)"
    return f"{text[:MAX_SHOWN]}… ({len(text):,} characters)"


def _is_huge(value: Any) -> bool:
    """A whole number of more than MAX_SHOWN digits (Python will not even write one of 4,300 as text)."""
    return isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_SHOWN * 3.33


def _huge(value: int) -> str:
    return f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"


def describe_value(value: Any) -> str:
    """A found value in words for a message: `the number 5`, `the text 'x'`, `true`, `a list`."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return _huge(value) if _is_huge(value) else f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {shown(value)}"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    if value is None:
        return "nothing"
    return type(value).__name__
