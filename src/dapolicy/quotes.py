"""Quotes checked against the source text a ruleset names (contract section 1).

Every `source: {clause, quote}` of a rule, definition or parameter must stand in the ruleset's source text
(`document.source_text`) once whitespace is folded and curly quotation marks are made straight. `check_quotes`
compares a loaded ruleset with a text and returns a Problem per quote not found; `find_source_text` says where
the text is, or everywhere it looked. `dapolicy validate` uses both; the test suite uses `fold` and `check_quotes`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from ._yaml import SourceMap
from .errors import Mark, Problem

if TYPE_CHECKING:
    from .model.ruleset import Ruleset

__all__ = ["SOURCE_TEXT_LIMIT", "SOURCES_VARIABLE", "QuoteCheck", "check_quotes", "find_source_text", "fold", "iter_quotes",
           "source_text_places", "read_source_text", "check_source_quotes", "check_ruleset_quotes"]  # fmt: skip

#: The largest source text read, in bytes (the bundled ones are under 100 kB).
SOURCE_TEXT_LIMIT = 20 * 1024 * 1024
#: The environment variable naming a folder of source texts (looked in after the ruleset's own folder).
SOURCES_VARIABLE = "DAPOLICY_SOURCES"

_QUOTE_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_SHOWN_WORDS = 8
_CODE = "validate.quote_not_in_source"


def fold(text: str) -> str:
    """Whitespace folded and quotation marks normalised, as the contract compares quotes."""
    return re.sub(r"\s+", " ", text.translate(_QUOTE_MARKS)).strip()


def iter_quotes(ruleset: Any) -> Iterator[tuple[tuple[str | int, ...], str, str, str]]:
    """Each quote of a ruleset: (key path of the `quote` as in the file, `rule x` / `definition x` / `parameter x`,
    clause, quote). A lone `source:` mapping has no list index in its path."""
    model = _model(ruleset)
    owners: list[tuple[tuple[str | int, ...], str, Any]] = []
    owners += [(("parameters", name), f"parameter `{name}`", p) for name, p in model.parameters.items()]
    owners += [(("definitions", name), f"definition `{name}`", d) for name, d in model.definitions.items()]
    owners += [(("rules", index), f"rule `{rule.id}`", rule) for index, rule in enumerate(model.rules)]
    for path, owner, item in owners:
        for index, source in enumerate(item.source):
            yield path + ("source", index, "quote"), owner, source.clause, source.quote


def check_quotes(policy: Any, text: str, source: SourceMap | None = None, *, name: str | None = None) -> list[Problem]:
    """A `validate.quote_not_in_source` Problem for each quote of `policy` (a loaded Policy or a validated
    Ruleset) that is not in `text`, its source text. With the ruleset's SourceMap each is marked at its `quote:`;
    `name` is the source text's name in messages (default: the ruleset's `document.source_text`)."""
    model = _model(policy)
    if not isinstance(text, str):
        raise TypeError(f"check_quotes: the source text must be a str, not {type(text).__name__}")
    name = name or model.document.source_text
    folded = fold(text)
    problems = []
    for path, owner, clause, quote in iter_quotes(model):
        wanted = fold(quote)
        if wanted in folded:
            continue
        if source is not None and path not in source.values:
            path = path[:-2] + ("quote",)  # `source: {clause, quote}` written as one mapping, not a list
        details = dict(found=repr(quote), expected=f"words found verbatim in {name}", hint=_hint(wanted, folded))
        message = f"{owner}: the quote for clause {clause!r} is not in the source text {name!r}"
        if source is not None:
            problems.append(source.problem(_CODE, message, path, **details))
        else:
            problems.append(Problem(_CODE, message, path, **details))
    return problems


def _hint(quote: str, text: str) -> str:
    """Where the quote parts from the source: the longest opening run of its words that the source has, and how
    the source goes on after it."""
    words = quote.split(" ")
    low, high = 0, len(words)  # the longest prefix found: prefixes of a found prefix are found too
    while low < high:
        middle = (low + high + 1) // 2
        if " ".join(words[:middle]) in text:
            low = middle
        else:
            high = middle - 1
    advice = "copy the words exactly as the source text has them (line breaks and curly quotes may differ)"
    if low < 2:
        return f"{advice}; not even its opening words are in the source: check the clause and the source text"
    opening = " ".join(words[:low])
    start = text.index(opening) + len(opening)
    then = " ".join(text[start:].split(" ")[: min(len(words) - low, _SHOWN_WORDS) + 1]).strip()
    rest = " ".join(words[low : low + _SHOWN_WORDS])
    source_has = f"the source has {then!r}" if then else "the source ends"
    return f"{advice}: after {_tail(opening)!r} {source_has} where the quote has {rest!r}"


def _tail(opening: str) -> str:
    """The last few words of a long matched opening, to keep the hint to a line or two."""
    words = opening.split(" ")
    return opening if len(words) <= _SHOWN_WORDS else "… " + " ".join(words[-_SHOWN_WORDS:])


@dataclass(frozen=True)
class QuoteCheck:
    """The outcome of checking a ruleset's quotes: the source text's name, the file found (None: not found or
    unreadable, with `reason`), every place looked, the number of quotes, and the problems."""

    source_text: str
    file: Path | None
    looked: tuple[Path, ...]
    quotes: int
    problems: tuple[Problem, ...] = ()
    reason: str | None = None
    mark: Mark | None = None

    @property
    def checked(self) -> bool:
        return self.file is not None


def source_text_places(name: str, ruleset_file: Path | None = None, sources: Path | None = None) -> list[Path]:
    """Where the source text `name` may be, in order: `sources` alone if given; else beside the ruleset file,
    then in the folder `$DAPOLICY_SOURCES` names, then `../shared/sources/` beside the repository holding the
    ruleset, the working folder, or dapolicy itself (a source checkout; an installed wheel has none)."""
    if sources is not None:
        return [Path(sources) / name]
    places = []
    if ruleset_file is not None:
        ruleset_file = Path(ruleset_file).resolve()
        places.append(ruleset_file.parent / name)
    if os.environ.get(SOURCES_VARIABLE):
        places.append(Path(os.environ[SOURCES_VARIABLE]) / name)
    holders = (ruleset_file, _working_folder(), Path(__file__).resolve())
    for repository in map(_repository, holders):
        if repository is not None:
            places.append(repository.parent / "shared" / "sources" / name)
    return list(dict.fromkeys(places))


def find_source_text(policy: Any, ruleset_file: Path | None = None,
                     sources: Path | None = None) -> tuple[Path | None, tuple[Path, ...]]:  # fmt: skip
    """The file of the ruleset's `document.source_text` (None if not found) and every place looked."""
    places = tuple(source_text_places(_model(policy).document.source_text, ruleset_file, sources))
    return next((place for place in places if place.is_file()), None), places


def read_source_text(file: Path) -> str:
    """The text of a source file (UTF-8, a byte-order mark allowed); ValueError saying why it cannot be used."""
    try:
        with open(file, "rb") as handle:
            data = handle.read(SOURCE_TEXT_LIMIT + 1)
    except OSError as error:
        raise ValueError(f"cannot read {file}: {error.strerror or error}") from None
    if len(data) > SOURCE_TEXT_LIMIT:
        raise ValueError(f"{file} is larger than {SOURCE_TEXT_LIMIT // (1024 * 1024)} MB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"{file} is not UTF-8 text (byte {error.start})") from None


def check_source_quotes(policy: Any, source: SourceMap | None = None, ruleset_file: Path | None = None,
                        sources: Path | None = None) -> QuoteCheck:  # fmt: skip
    """Find the ruleset's source text and check every quote against it (see `source_text_places`)."""
    model = _model(policy)
    count = sum(1 for _ in iter_quotes(model))
    file, looked = find_source_text(model, ruleset_file, sources)
    name = model.document.source_text
    mark = source.mark_for(("document", "source_text")) if source is not None else None
    if file is None:
        return QuoteCheck(name, None, looked, count, reason="not found", mark=mark)
    try:
        text = read_source_text(file)
    except ValueError as error:
        return QuoteCheck(name, None, looked, count, reason=str(error), mark=mark)
    return QuoteCheck(name, file, looked, count, tuple(check_quotes(model, text, source, name=name)), mark=mark)


def check_ruleset_quotes(policy: str | Path, sources: Path | None = None) -> QuoteCheck | None:
    """Check the quotes of a ruleset given as `load_policy` takes it (a bundled id or a path), each problem marked
    in its file; None when the file does not load as far as a valid ruleset (its load errors come first)."""
    from .api import _locate, _read  # the api does not import this module: no cycle
    from .errors import PolicyError

    try:
        file, display = _locate(policy)
        text = _read(file, display)
    except PolicyError:
        return None
    return _check_text(text, display, file if isinstance(file, Path) else None, sources)


def check_text_quotes(text: str, name: str, sources: Path | None = None) -> QuoteCheck | None:
    """Check the quotes of a ruleset given as its text (as `load_policy_text` takes it) against its source text,
    looked for in `sources` only (a text has no folder of its own), each problem marked at its line and column;
    None when the text does not load as far as a valid ruleset (its load errors come first)."""
    return _check_text(text, name, None, sources)


def _check_text(text: str, name: str, ruleset_file: Path | None, sources: Path | None) -> QuoteCheck | None:
    from .api import _parse  # the api does not import this module: no cycle
    from .errors import PolicyError

    try:
        model, source = _parse(text, name)
    except PolicyError:
        return None
    return check_source_quotes(model, source, ruleset_file, sources)


def _model(policy: Any) -> Ruleset:
    from .model.ruleset import Ruleset

    model = policy if isinstance(policy, Ruleset) else getattr(policy, "model", None)
    if not isinstance(model, Ruleset):
        raise TypeError(f"expected a loaded Policy or a Ruleset, not {type(policy).__name__}")
    return model


def _working_folder() -> Path | None:
    """A name inside the working folder (so `_repository` looks from the folder itself); None if it is gone."""
    try:
        return Path.cwd().resolve() / "_"
    except OSError:
        return None


def _repository(file: Path | None) -> Path | None:
    """The nearest folder above `file` that holds a `.git` or a `pyproject.toml`."""
    if file is None:
        return None
    for folder in file.parents:
        if (folder / ".git").exists() or (folder / "pyproject.toml").is_file():
            return folder
    return None
