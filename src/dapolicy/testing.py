"""Policy tests written in YAML beside a ruleset, run without Python: `dapolicy test` and the pytest plugin.

A test file `<name>.tests.yaml` holds cases and what the decision must say about them (a partial decision
document). This module reads those files (located errors for every mistake), runs each test, reports the stated
fields that differ, and measures coverage: which rules and definitions no test made hold, which parts of their
conditions never decided an outcome, and which clauses no test reached. docs/testing.md describes the format.
"""

from __future__ import annotations

import copy
import datetime as dt
import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from ._yaml import SourceMap, load_yaml, read_source
from .api import Policy, _bundled_dir, load_policy
from .compile import CompiledPolicy
from .conditions import All, Any_, Condition, Not
from .decision import Decision
from .errors import CaseError, Mark, PolicyError, Problem, describe_value, render_problem, suggest
from .logic import FALSE, TRUE, UNKNOWN, Truth
from .model.case import read_case

__all__ = ["TEST_SUFFIX", "Coverage", "Difference", "PolicyTest", "TestFile", "TestReport", "TestResult", "TestSession",
           "find_test_files", "load_test_file", "render_test_report", "run_test", "run_tests"]  # fmt: skip

#: How a test file's name ends: `hpg.tests.yaml` tests `hpg.yaml` beside it.
TEST_SUFFIX = ".tests.yaml"

_FILE_KEYS = ("policy", "parameters", "base_cases", "tests")
_TEST_KEYS = ("name", "description", "keywords", "base", "case", "parameters", "expect", "absent", "exhaustive")
_ENTRY_LISTS = ("actions", "undecided", "conflicts")
_DEFAULT_BASE = "default"

Path_ = tuple[str | int, ...]


# --- the test file ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyTest:
    """One test: a case, the ruleset (and parameters) it runs under, and what its decision must say."""

    name: str
    file: str
    mark: Mark
    policy: str
    parameters: Mapping[str, Any]
    case: Mapping[str, Any]
    expect: Mapping[str, Any]
    absent: tuple[tuple[str, str | None], ...]
    exhaustive: tuple[str, ...]
    keywords: tuple[str, ...]
    description: str | None
    index: int
    source: SourceMap = field(repr=False, compare=False)

    def selected_by(self, keyword: str | None) -> bool:
        """`-k` selection: the keyword (case-insensitive) is part of the name or one of the keywords; `*` globs."""
        if not keyword:
            return True
        wanted = keyword.lower()
        pattern = wanted if any(c in wanted for c in "*?[") else f"*{wanted}*"
        return any(fnmatch.fnmatchcase(text.lower(), pattern) for text in (self.name, *self.keywords))

    def mark_of(self, path: Path_) -> Mark:
        """Where the stated value at `path` (inside this test's `expect`) stands in the test file."""
        return self.source.mark_for(("tests", self.index, "expect", *path)) or self.mark


@dataclass(frozen=True)
class TestFile:
    """A test file: the tests it holds, in file order."""

    __test__ = False  # not a pytest test class

    path: Path
    tests: tuple[PolicyTest, ...]


def find_test_files(paths: Iterable[str | Path] = ()) -> list[Path]:
    """The test files named or found under the given paths (folders are searched), sorted; none: the bundled."""
    found: list[Path] = []
    for path in [Path(p) for p in paths] or [Path(str(_bundled_dir()))]:
        if path.is_dir():
            found += sorted(p for p in path.rglob(f"*{TEST_SUFFIX}") if p.is_file())
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def load_test_file(path: str | Path) -> TestFile:
    """Read and check a test file; PolicyError with every problem located at file:line:col."""
    path = Path(path)
    display = str(path)
    try:
        data, source = load_yaml(read_source(path, display, kind="test"), display)
    except PolicyError as error:
        raise PolicyError(error.problems, document="test file") from None
    problems: list[Problem] = []
    tests = _read_file(data, source, path, problems)
    if problems:
        raise PolicyError(problems, document="test file")
    return TestFile(path, tests)


def _read_file(data: Any, source: SourceMap, path: Path, problems: list[Problem]) -> tuple[PolicyTest, ...]:
    if not isinstance(data, dict):
        problems.append(source.problem("test.not_a_mapping", f"a test file is a mapping with `tests:`, not "
                                       f"{describe_value(data)}", ()))  # fmt: skip
        return ()
    _unknown_keys(data, _FILE_KEYS, (), source, problems, "test file")
    policy = _policy_target(data.get("policy"), path, source, problems)
    parameters = _mapping(data, "parameters", (), source, problems)
    bases = _mapping(data, "base_cases", (), source, problems)
    for name, base in bases.items():
        if not isinstance(base, dict):
            problems.append(source.problem("test.bad_case", f"base case {name!r} must be a case document (a "
                                           f"mapping of facts), not {describe_value(base)}", ("base_cases", name)))  # fmt: skip
    entries = data.get("tests")
    if not isinstance(entries, list) or not entries:
        found = "nothing" if entries is None else describe_value(entries)
        problems.append(source.problem("test.no_tests", f"`tests:` must be a list of tests, found {found}",
                                       ("tests",) if "tests" in data else (), key="tests" not in data,
                                       hint="start a list under `tests:` with `- name: ...`"))  # fmt: skip
        return ()
    tests: list[PolicyTest] = []
    names: dict[str, int] = {}
    for index, entry in enumerate(entries):
        test = _read_test(entry, index, policy, parameters, bases, source, problems)
        if test is None:
            continue
        if test.name in names:
            problems.append(source.problem("test.duplicate_name", f"two tests are named {test.name!r} (the first "
                                           f"at line {names[test.name]})", ("tests", index, "name"),
                                           hint="give each test its own name"))  # fmt: skip
        names.setdefault(test.name, test.mark.line)
        tests.append(test)
    return tuple(tests)


def _read_test(entry: Any, index: int, policy: str, parameters: dict, bases: dict, source: SourceMap,
               problems: list[Problem]) -> PolicyTest | None:  # fmt: skip
    at: Path_ = ("tests", index)
    if not isinstance(entry, dict):
        problems.append(source.problem("test.not_a_mapping", f"a test is a mapping with `name:` and `expect:`, not "
                                       f"{describe_value(entry)}", at))  # fmt: skip
        return None
    before = len(problems)
    _unknown_keys(entry, _TEST_KEYS, at, source, problems, "test")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(source.problem("test.no_name", "every test needs a `name:` (text saying what it checks)",
                                       (*at, "name") if "name" in entry else at))  # fmt: skip
    description = entry.get("description")
    if description is not None and not isinstance(description, str):
        problems.append(source.problem("test.bad_value", "`description:` is text", (*at, "description")))
    keywords = _texts(entry, "keywords", at, source, problems)
    case = _case(entry, at, bases, source, problems)
    expect = _mapping(entry, "expect", at, source, problems)
    absent = _absent(entry.get("absent"), at, source, problems)
    exhaustive = _texts(entry, "exhaustive", at, source, problems)
    for i, section in enumerate(exhaustive):
        if section not in _ENTRY_LISTS:
            problems.append(_not_one_of(source, (*at, "exhaustive", i), section, _ENTRY_LISTS, "`exhaustive:` entry"))
        elif section not in expect:
            problems.append(source.problem("test.bad_value", f"`exhaustive:` names {section!r} but `expect:` states "
                                           f"no `{section}:` list", (*at, "exhaustive", i),
                                           hint=f"list every entry under `expect: {section}:` ([] for none)"))  # fmt: skip
    for section in _ENTRY_LISTS:
        _check_entries(expect.get(section), (*at, "expect", section), source, problems)
    if not expect and not absent and not set(entry) - set(_TEST_KEYS):
        problems.append(source.problem("test.nothing_expected", "the test states nothing the decision must say",
                                       at, hint="add `expect:` (a partial decision document) or `absent:`"))  # fmt: skip
    if len(problems) > before:
        return None
    test_parameters = {**parameters, **_mapping(entry, "parameters", at, source, problems)}
    return PolicyTest(
        name=name.strip(), file=source.file, mark=source.mark_for(at) or Mark(source.file, 1, 1), policy=policy,
        parameters=test_parameters, case=case, expect=expect, absent=absent, exhaustive=tuple(exhaustive),
        keywords=tuple(keywords), description=description, index=index, source=source,
    )  # fmt: skip


def _policy_target(value: Any, path: Path, source: SourceMap, problems: list[Problem]) -> str:
    """The ruleset a file tests: `policy:` (a bundled id, or a path from the test file's folder), else the
    ruleset named like the test file (`hpg.tests.yaml` -> `hpg.yaml` beside it, or the bundled `hpg`)."""
    if value is None:
        stem = path.name[: -len(TEST_SUFFIX)] if path.name.endswith(TEST_SUFFIX) else path.stem
        beside = path.parent / f"{stem}.yaml"
        return str(beside) if beside.is_file() else stem
    if not isinstance(value, str) or not value.strip():
        problems.append(source.problem("test.bad_value", f"`policy:` is a bundled ruleset id or a ruleset file, not "
                                       f"{describe_value(value)}", ("policy",)))  # fmt: skip
        return ""
    if value.endswith((".yaml", ".yml", ".json")) or "/" in value:
        return str(path.parent / value)
    return value


def _case(entry: dict, at: Path_, bases: dict, source: SourceMap, problems: list[Problem]) -> dict[str, Any]:
    """The test's case: its base case (`base:`, else the base named `default`) with `case:` laid over it."""
    base_name = entry.get("base", _DEFAULT_BASE if _DEFAULT_BASE in bases else None)
    base: dict[str, Any] = {}
    if base_name is not None:
        if not isinstance(base_name, str) or base_name not in bases:
            hint = suggest(str(base_name), bases) if isinstance(base_name, str) else None
            problems.append(source.problem("test.unknown_base", f"no base case named {base_name!r} in `base_cases:` "
                                           f"(there are: {', '.join(bases) or 'none'})", (*at, "base"),
                                           hint=hint and f"did you mean {hint!r}?"))  # fmt: skip
        elif isinstance(bases[base_name], dict):
            base = bases[base_name]
    changes = entry.get("case", {})
    if not isinstance(changes, dict):
        problems.append(source.problem("test.bad_case", f"`case:` is a case document (a mapping of facts), not "
                                       f"{describe_value(changes)}", (*at, "case")))  # fmt: skip
        return {}
    return _laid_over(base, changes)


def _laid_over(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """`changes` over `base`: mappings merge key by key, anything else (a list, a value, null) replaces."""
    merged = copy.deepcopy(dict(base))
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _laid_over(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _absent(value: Any, at: Path_, source: SourceMap, problems: list[Problem]) -> tuple[tuple[str, str | None], ...]:
    """`absent:` actions (an id, or `{id, recipient}`) that must be in none of actions, undecided and conflicts."""
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(source.problem("test.bad_value", "`absent:` is a list of action ids", (*at, "absent")))
        return ()
    found = []
    for i, item in enumerate(value):
        if isinstance(item, str):
            found.append((item, None))
        elif isinstance(item, dict) and isinstance(item.get("id"), str) and set(item) <= {"id", "recipient"}:
            found.append((item["id"], item.get("recipient")))
        else:
            problems.append(source.problem("test.bad_value", f"an `absent:` entry is an action id or "
                                           f"`{{id: ..., recipient: ...}}`, not {describe_value(item)}",
                                           (*at, "absent", i)))  # fmt: skip
    return tuple(found)


def _check_entries(value: Any, at: Path_, source: SourceMap, problems: list[Problem]) -> None:
    """Stated entries of actions/undecided/conflicts: a list of mappings, each with the action's `id`."""
    if value is None:
        return
    if not isinstance(value, list):
        problems.append(source.problem("test.bad_value", f"`{at[-1]}:` is a list of entries (`- id: ...`), not "
                                       f"{describe_value(value)}", at))  # fmt: skip
        return
    for i, entry in enumerate(value):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            problems.append(source.problem("test.bad_value", f"each entry of `{at[-1]}:` is a mapping with the "
                                           f"action's `id:`, not {describe_value(entry)}", (*at, i)))  # fmt: skip


def _mapping(data: dict, key: str, at: Path_, source: SourceMap, problems: list[Problem]) -> dict[str, Any]:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(source.problem("test.bad_value", f"`{key}:` is a mapping, not {describe_value(value)}",
                                       (*at, key)))  # fmt: skip
        return {}
    return value


def _texts(data: dict, key: str, at: Path_, source: SourceMap, problems: list[Problem]) -> list[str]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.append(source.problem("test.bad_value", f"`{key}:` is a list of text, not {describe_value(value)}",
                                       (*at, key)))  # fmt: skip
        return []
    return value


def _unknown_keys(data: dict, known: Sequence[str], at: Path_, source: SourceMap, problems: list[Problem],
                  what: str) -> None:  # fmt: skip
    for key in data:
        if key not in known:
            hint = suggest(str(key), known)
            problems.append(source.problem("test.unknown_key", f"unknown key {key!r} in a {what} (known: "
                                           f"{', '.join(known)})", (*at, key), key=True,
                                           hint=hint and f"did you mean {hint!r}?"))  # fmt: skip


def _not_one_of(source: SourceMap, path: Path_, found: str, allowed: Sequence[str], what: str) -> Problem:
    hint = suggest(found, allowed)
    return source.problem("test.bad_value", f"{what} {found!r} is not one of {', '.join(allowed)}", path,
                          hint=hint and f"did you mean {hint!r}?")  # fmt: skip


# --- running a test --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """A stated field of the expected decision that the decision does not match, and the words saying how."""

    field: str
    expected: Any
    found: Any
    mark: Mark
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "expected": _plain(self.expected), "found": _plain(self.found),
                "at": str(self.mark), "message": self.message}  # fmt: skip


def _mismatch(field: str, expected: Any, found: Any, mark: Mark, note: str | None = None) -> Difference:
    """A value that differs: `expected X, found Y`, and a note where one helps."""
    words = f"expected {_shown(expected)}, found {_shown(found)}" + (f" ({note})" if note else "")
    return Difference(field, expected, found, mark, words)


@dataclass(frozen=True)
class TestResult:
    """How one test came out: `passed`, `failed` (the outcome differs), `rejected` (the case was refused) or
    `error` (the ruleset did not load)."""

    __test__ = False  # not a pytest test class

    test: PolicyTest
    status: str
    differences: tuple[Difference, ...] = ()
    problems: tuple[str, ...] = ()
    decision: Decision | None = field(default=None, repr=False, compare=False)

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.test.name, "at": str(self.test.mark), "status": self.status,
                "differences": [d.to_dict() for d in self.differences], "problems": list(self.problems)}  # fmt: skip


def run_test(test: PolicyTest, policy: Policy) -> TestResult:
    """Evaluate the test's case under `policy` and compare the decision with what the test states."""
    try:
        decision = policy.evaluate(test.case)
    except CaseError as error:
        return TestResult(test, "rejected", problems=(f"{test.mark}: the case was rejected: {error}",))
    document = decision.to_dict()
    differences = list(_document_differences(test, test.expect, document, ()))
    differences += _absent_differences(test, document)
    return TestResult(test, "failed" if differences else "passed", tuple(differences), decision=decision)


def _document_differences(test: PolicyTest, expected: Mapping[str, Any], found: Mapping[str, Any],
                          at: Path_) -> Iterator[Difference]:  # fmt: skip
    for key, wanted in expected.items():
        path = (*at, key)
        if key not in found:
            hint = suggest(str(key), found)
            yield Difference(_field(path), wanted, None, test.mark_of(path),
                             f"the decision has no field {key!r}" + (f"; did you mean {hint!r}?" if hint else ""))  # fmt: skip
        elif not at and key in _ENTRY_LISTS:
            yield from _entry_list_differences(test, key, wanted, found)
        else:
            yield from _value_differences(test, wanted, found[key], path)


def _entry_list_differences(test: PolicyTest, section: str, expected: list,
                            document: Mapping[str, Any]) -> Iterator[Difference]:  # fmt: skip
    """Each stated entry matches the entry of the same id (and recipient, where stated); with `exhaustive`, or
    for `[]`, no other entry is there."""
    found = document[section]
    matched: set[int] = set()
    for i, wanted in enumerate(expected):
        path: Path_ = (section, i)
        candidates = [j for j, entry in enumerate(found) if entry["id"] == wanted["id"]
                      and ("recipient" not in wanted or entry.get("recipient") == wanted["recipient"])]  # fmt: skip
        label = _entry_label(wanted)
        if not candidates:
            yield Difference(f"{section}[{label}]", wanted, None, test.mark_of(path),
                             f"{label} is not in {section}" + _where_else(document, wanted, section))  # fmt: skip
            continue
        if len(candidates) > 1:
            recipients = ", ".join(str(found[j].get("recipient")) for j in candidates)
            yield Difference(f"{section}[{label}]", wanted, [found[j] for j in candidates], test.mark_of(path),
                             f"{label} has an entry for each of: {recipients}; state `recipient:`")  # fmt: skip
            continue
        matched.add(candidates[0])
        for key, value in wanted.items():
            field_path = (*path, key)
            entry = found[candidates[0]]
            if key not in entry:
                hint = suggest(str(key), entry)
                yield Difference(f"{section}[{label}].{key}", value, None, test.mark_of(field_path),
                                 f"a {section} entry has no field {key!r}" + (f"; did you mean {hint!r}?" if hint else ""))  # fmt: skip
            else:
                yield from _value_differences(test, value, entry[key], field_path, f"{section}[{label}].{key}")
    if section in test.exhaustive or not expected:
        for j, entry in enumerate(found):
            if j not in matched:
                yield Difference(f"{section}[{_entry_label(entry)}]", None, entry, test.mark_of((section,)),
                                 f"{_entry_label(entry)} is in {section} ({_entry_summary(entry)}), but the test "
                                 f"lists every entry of {section} and not this one")  # fmt: skip


def _value_differences(test: PolicyTest, expected: Any, found: Any, path: Path_,
                       label: str | None = None) -> Iterator[Difference]:  # fmt: skip
    """Mappings match key by key; a list of mappings matches when each stated one matches some found one; any
    other value (a list of text included) must be equal."""
    label = label or _field(path)
    if isinstance(expected, dict) and isinstance(found, dict):
        for key, value in expected.items():
            if key not in found:
                yield Difference(f"{label}.{key}", value, None, test.mark_of((*path, key)), f"there is no field {key!r} here")
            else:
                yield from _value_differences(test, value, found[key], (*path, key), f"{label}.{key}")
    elif isinstance(expected, list) and expected and all(isinstance(item, dict) for item in expected) \
            and isinstance(found, list):  # fmt: skip
        for i, item in enumerate(expected):
            if not any(not list(_value_differences(test, item, candidate, (*path, i))) for candidate in found):
                yield Difference(f"{label}[{i}]", item, found, test.mark_of((*path, i)),
                                 f"no entry of {label} matches {_shown(item)}; found {_shown(found)}")
    elif not _same(expected, found):
        yield _mismatch(label, expected, found, test.mark_of(path), _type_note(expected, found))


def _same(expected: Any, found: Any) -> bool:
    """Equal, with true/false never equal to a number, and a YAML date equal to the same date written out."""
    if isinstance(expected, bool) or isinstance(found, bool):
        return type(expected) is type(found) and expected == found
    if isinstance(expected, (dt.date, dt.datetime)):
        return expected.isoformat() == found
    return expected == found


def _type_note(expected: Any, found: Any) -> str | None:
    truth_word = isinstance(expected, bool) and found in ("yes", "no", "unknown")
    if isinstance(found, str) and (truth_word or (isinstance(expected, (int, float)) and str(expected) == found)):
        return f"the decision gives text here; write it in quotes: '{found}'"
    return None


def _absent_differences(test: PolicyTest, document: Mapping[str, Any]) -> list[Difference]:
    found = []
    for i, (action, recipient) in enumerate(test.absent):
        for section in _ENTRY_LISTS:
            for entry in document[section]:
                if entry["id"] == action and (recipient is None or entry.get("recipient") == recipient):
                    found.append(Difference(f"absent[{action}]", None, entry,
                                            test.source.mark_for(("tests", test.index, "absent", i)) or test.mark,
                                            f"{_entry_label(entry)} is in {section} ({_entry_summary(entry)}); the "
                                            f"test says it is in none of actions, undecided, conflicts"))  # fmt: skip
    return found


def _where_else(document: Mapping[str, Any], wanted: Mapping[str, Any], section: str) -> str:
    """Where the action is instead (another section, and what it says there), for the failure message."""
    elsewhere = [f"in {other} ({_entry_summary(entry)})" for other in _ENTRY_LISTS if other != section
                 for entry in document[other] if entry["id"] == wanted["id"]
                 and ("recipient" not in wanted or entry.get("recipient") == wanted["recipient"])]  # fmt: skip
    return f"; it is {', '.join(elsewhere)}" if elsewhere else "; it is in none of actions, undecided, conflicts"


def _entry_label(entry: Mapping[str, Any]) -> str:
    recipient = entry.get("recipient")
    return f"{entry['id']} to {recipient}" if recipient else str(entry["id"])


def _entry_summary(entry: Mapping[str, Any]) -> str:
    if "modality" in entry:
        due = f", due {entry['due']}" if entry.get("due") else ""
        waits = f", waits on {', '.join(entry['missing'])}" if entry.get("missing") else ""
        return f"{entry['modality']}{due}{waits}"
    return "/".join(entry.get("modalities", ()))


def _field(path: Path_) -> str:
    return ".".join(str(part) for part in path)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


# --- coverage --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Branch:
    """A part of a rule's or definition's condition (the whole condition, or one operand of `and`/`or`/`not`)."""

    owner: str
    text: str


@dataclass
class Coverage:
    """What the tests of one ruleset reached: rules and definitions that held in some test, the parts of their
    conditions that decided an outcome in some test, and the clauses of the rules that held."""

    policy: str
    file: str
    items: dict[str, Mark | None]
    clauses_of: dict[str, tuple[str, ...]]
    branches: dict[Branch, bool]
    held: set[str] = field(default_factory=set)
    tests: int = 0

    @classmethod
    def of(cls, policy: CompiledPolicy, file: str) -> "Coverage":
        items: dict[str, Mark | None] = {}
        clauses_of: dict[str, tuple[str, ...]] = {}
        branches: dict[Branch, bool] = {}
        for key, condition, citations, mark in _owners(policy):
            items[key] = mark
            clauses_of[key] = tuple(dict.fromkeys(c.clause for c in citations))
            for node in _nodes(condition):
                branches[Branch(key, str(node))] = False
        return cls(policy.id, file, items, clauses_of, branches)

    def record(self, policy: CompiledPolicy, case: Mapping[str, Any], decision: Decision) -> None:
        """Add what one test's decision reached."""
        self.tests += 1
        truths = dict(decision.definitions)
        self.held.update(key for key, truth in truths.items() if truth is TRUE and key in self.items)
        self.held.update(outcome.rule.id for outcome in decision.outcomes if outcome.truth is TRUE)
        facts = read_case(case)
        for key, condition, _, _ in _owners(policy):
            for node in _decisive(condition, facts, truths):
                self.branches[Branch(key, str(node))] = True

    @property
    def percent(self) -> float:
        """Rule coverage: the share of rules and definitions that held in at least one test."""
        return 100.0 * len(self.held & set(self.items)) / len(self.items) if self.items else 100.0

    @property
    def branch_percent(self) -> float:
        return 100.0 * sum(self.branches.values()) / len(self.branches) if self.branches else 100.0

    @property
    def never_held(self) -> list[str]:
        return [key for key in self.items if key not in self.held]

    @property
    def never_decisive(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for branch, decided in self.branches.items():
            if not decided:
                found.setdefault(branch.owner, []).append(branch.text)
        return found

    @property
    def clauses(self) -> list[str]:
        """Every clause the rules and definitions cite, in the document's order."""
        return sorted({clause for key in self.items for clause in self.clauses_of[key]}, key=_clause_order)

    @property
    def untested_clauses(self) -> list[str]:
        """Clauses cited only by rules and definitions that held in no test."""
        reached = {clause for key in self.held if key in self.clauses_of for clause in self.clauses_of[key]}
        return [clause for clause in self.clauses if clause not in reached]

    def to_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy, "file": self.file, "tests": self.tests,
            "rules_percent": round(self.percent, 1), "branches_percent": round(self.branch_percent, 1),
            "never_held": [{"name": key, "at": str(self.items[key]) if self.items[key] else None}
                           for key in self.never_held],
            "never_decisive": self.never_decisive, "untested_clauses": self.untested_clauses,
        }  # fmt: skip


def _clause_order(clause: str) -> tuple:
    """`3.2` before `3.10`: numbers compare as numbers, the rest as text."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.findall(r"\d+|\D+", clause))


def _owners(policy: CompiledPolicy) -> Iterator[tuple[str, Condition, tuple, Mark | None]]:
    """The ruleset's own definitions, then its rules, with their conditions, citations and marks."""
    for definition in policy.definitions:
        yield definition.key, definition.condition, definition.citations, definition.mark
    for rule in policy.rules:
        yield rule.id, rule.condition, rule.citations, rule.mark


def _nodes(condition: Condition) -> Iterator[Condition]:
    """The condition and, inside `and`, `or` and `not`, each operand (one branch each)."""
    yield condition
    if isinstance(condition, Not):
        yield from list(_nodes(condition.operand))[1:]  # `not a` decides exactly when `a` does: one branch
    elif isinstance(condition, (All, Any_)):
        for operand in condition.operands:
            yield from _nodes(operand)


def _decisive(condition: Condition, facts: Mapping[str, Any], truths: Mapping[str, Truth]) -> list[Condition]:
    """The parts of `condition` that decided its known value: changing one alone would change the outcome.

    The whole condition decides whenever it is known. In `a and b` that is true every operand decides; where it is
    false only a single false operand beside true ones does (two false operands each leave it false, and beside an
    unknown one it would only become unknown). `or` is the mirror; `not` passes its operand through. An unknown
    value decides nothing.
    """
    value = condition.test(facts, truths)
    if value is UNKNOWN:
        return []
    found = [condition]
    if isinstance(condition, Not):
        return found + _decisive(condition.operand, facts, truths)[1:]
    if isinstance(condition, (All, Any_)):
        decides_alone = FALSE if isinstance(condition, All) else TRUE
        values = [(operand, operand.test(facts, truths)) for operand in condition.operands]
        if value is decides_alone:
            deciding = [operand for operand, v in values if v is decides_alone]
            if len(deciding) == 1 and not any(v is UNKNOWN for _, v in values):
                found += _decisive(deciding[0], facts, truths)
        else:
            for operand, _ in values:
                found += _decisive(operand, facts, truths)
    return found


# --- running many ----------------------------------------------------------------------------------------------


@dataclass
class TestReport:
    """The results of every test run, the files that could not be read, and coverage per ruleset."""

    __test__ = False  # not a pytest test class

    results: list[TestResult] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)
    coverage: dict[str, Coverage] = field(default_factory=dict)
    deselected: int = 0

    @property
    def ok(self) -> bool:
        return not self.file_problems and all(result.passed for result in self.results)

    def counts(self) -> dict[str, int]:
        counts = {status: 0 for status in ("passed", "failed", "rejected", "error")}
        for result in self.results:
            counts[result.status] += 1
        return counts

    def below(self, threshold: float) -> list[Coverage]:
        """The rulesets whose rule coverage is under `threshold` percent."""
        return [coverage for coverage in self.coverage.values() if coverage.percent + 1e-9 < threshold]

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "counts": self.counts(), "deselected": self.deselected,
                "results": [r.to_dict() for r in self.results],
                "file_problems": [render_problem(p) for p in self.file_problems],
                "coverage": [c.to_dict() for c in self.coverage.values()]}  # fmt: skip


class TestSession:
    """Runs tests one by one, loading each ruleset (with its parameters) once and, with `coverage`, recording
    what the tests of each ruleset reach. `dapolicy test` and the pytest plugin both run tests through it."""

    __test__ = False  # not a pytest test class

    def __init__(self, *, coverage: bool = False):
        self.coverage: dict[str, Coverage] | None = {} if coverage else None
        self._loaded: dict[tuple[str, tuple], Policy | PolicyError] = {}

    def run(self, test: PolicyTest) -> TestResult:
        policy = self._policy_for(test)
        if isinstance(policy, PolicyError):
            return TestResult(test, "error", problems=tuple(render_problem(p) for p in policy.problems))
        result = run_test(test, policy)
        if self.coverage is not None and result.decision is not None:
            key = f"{policy.id} ({test.policy})"
            if key not in self.coverage:
                self.coverage[key] = Coverage.of(policy.compiled, test.policy)
            self.coverage[key].record(policy.compiled, test.case, result.decision)
        return result

    def _policy_for(self, test: PolicyTest) -> Policy | PolicyError:
        """The test's ruleset with its parameters, loaded once per session."""
        key = (test.policy, tuple(sorted((k, repr(v)) for k, v in test.parameters.items())))
        if key not in self._loaded:
            try:
                self._loaded[key] = load_policy(test.policy, parameters=test.parameters or None)
            except PolicyError as error:
                self._loaded[key] = error
            except (TypeError, ValueError) as error:
                self._loaded[key] = PolicyError([Problem("test.bad_parameters", str(error), mark=test.mark)])
        return self._loaded[key]


def run_tests(paths: Iterable[str | Path] = (), *, keyword: str | None = None, coverage: bool = False) -> TestReport:
    """Run every test in the test files under `paths` (none: the bundled rulesets' tests).

    A test file that cannot be read, or a ruleset that does not load, is reported, never raised; the other files
    still run. With `coverage`, the report measures what the tests of each ruleset reached.
    """
    report = TestReport()
    session = TestSession(coverage=coverage)
    for path in find_test_files(paths):
        try:
            test_file = load_test_file(path)
        except PolicyError as error:
            report.file_problems += error.problems
            continue
        for test in test_file.tests:
            if test.selected_by(keyword):
                report.results.append(session.run(test))
            else:
                report.deselected += 1
    report.coverage = session.coverage or {}
    return report


# --- the report in words ---------------------------------------------------------------------------------------


def render_test_report(report: TestReport, *, coverage: bool = False) -> str:
    """The report as text: each test that did not pass with what differs and where, coverage, then a summary."""
    lines: list[str] = [render_problem(problem) for problem in report.file_problems]
    for result in report.results:
        if result.passed:
            continue
        title = {"failed": "FAILED (outcome differs)", "rejected": "REJECTED (case refused)",
                 "error": "ERROR (ruleset did not load)"}[result.status]  # fmt: skip
        lines.append(f"{result.test.mark}: {title}: {result.test.name}")
        lines += [f"  {d.mark}: {d.field}: {d.message}" for d in result.differences]
        lines += [f"  {problem}" for problem in result.problems]
    if coverage:
        lines += _coverage_lines(report)
    counts = report.counts()
    summary = ", ".join(f"{n} {status}" for status, n in counts.items() if n or status == "passed")
    if report.deselected:
        summary += f", {report.deselected} deselected"
    if report.file_problems:
        summary += f"; {len({p.mark.file for p in report.file_problems if p.mark})} test file(s) could not be read"
    lines.append(summary)
    return "\n".join(lines)


def _coverage_lines(report: TestReport) -> list[str]:
    lines = []
    for coverage in report.coverage.values():
        lines.append(f"coverage of {coverage.policy} ({coverage.file}): rules and definitions "
                     f"{coverage.percent:.1f}%, condition branches {coverage.branch_percent:.1f}%, "
                     f"{coverage.tests} tests")  # fmt: skip
        for key in coverage.never_held:
            mark = coverage.items[key]
            lines.append(f"  {mark or coverage.file}: never held in a test: {key}")
        for key, texts in coverage.never_decisive.items():
            if key in coverage.held:
                lines.append(f"  {coverage.items[key] or coverage.file}: in {key}, never decisive: "
                             + "; ".join(f"`{t}`" for t in texts))
        if coverage.untested_clauses:
            lines.append(f"  clauses no test reached: {', '.join(coverage.untested_clauses)}")
    return lines


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return repr(value)
    return repr(_plain(value))
