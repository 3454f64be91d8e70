"""The public API: load a ruleset (bundled id or path) into an immutable Policy, and evaluate cases with it.

Loading runs every stage once (YAML with marks, validation, compilation), or reads the compiled policy from the
compiled cache (cache.py) and validates the ruleset only if its model is asked for; `Policy.evaluate` only
evaluates. A Policy pickles as its compiled form (conditions are not parsed again) and its model or source text.
The later stages (compare, conformance, matrix) are imported by the functions that use them.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import os
from pathlib import Path
from typing import TYPE_CHECKING, AbstractSet, Any, Callable, Iterable, Mapping, Sequence

from . import cache
from ._yaml import SourceMap, check_size, load_json, load_yaml, read_source
from .compile import CompiledPolicy, compile_policy
from .decision import Decision
from .errors import CaseError, PolicyError, Problem, describe_value, suggest
from .evaluate import evaluate_case
from .trace import Sink
from .versions import VERSION_MARK, Version, as_day, check_versions, in_force

if TYPE_CHECKING:  # the ruleset model (pydantic) is imported by what parses a ruleset, not by `import dapolicy`
    from .model.ruleset import Ruleset
    from .compare import Comparison
    from .conformance import Conformance
    from .matrix import Matrix

STATUTORY_ID = "statutory"


def bundled_ids() -> tuple[str, ...]:
    """The ids of the rulesets shipped with dapolicy."""
    return _ids_in(_bundled_dir())


def load_policy(policy: str | Path, *, on: Any = None, folder: str | Path | None = None,
                parameters: Mapping[str, Any] | None = None) -> "Policy":
    """Load a bundled ruleset by id (`"hpg"`) or a ruleset file by path; raise PolicyError if it is not sound.

    `on` (a date, or text YYYY-MM-DD) asks for the version in force that day: among an id's versions (versions.py:
    `<id>.yaml` and `<id>@<label>.yaml` in the folder), the latest that had taken effect by then; for a path, the
    file itself if it had. PolicyError when none had, or when a version's month or year leaves it open. `folder`
    is where an id's versions are (default: the bundled rulesets); without `on`, an id is `<id>.yaml` there, or
    its only version.

    `parameters` overrides parameter values (e.g. `{"landlord_kind": "local_housing_authority"}` for the
    statutory baseline); the digest then covers the overrides too.

    `policy` must be a `str` or a `pathlib.Path` (any `os.PathLike`), else TypeError; the text of a ruleset (a
    string with a line break, or longer than any path) is refused with PolicyError `load.not_a_path`.
    `parameters` must be a mapping with text keys, else TypeError.
    """
    policy = _policy_argument(policy)
    _check_parameters(parameters, "load_policy", "parameters")
    day = as_day(on) if on is not None else None
    if _is_path(policy):
        if folder is not None:
            raise TypeError("load_policy(): folder= is where a ruleset id's versions are; give an id with it, "
                            f"not the path {str(policy)!r}")  # fmt: skip
        loaded = _load_file(Path(policy), str(policy), parameters)
        if day is not None:
            in_force(loaded.id, [_version_of(loaded, str(policy))], day)
        return loaded
    if day is None:
        file, display = _locate(policy) if folder is None else _default_version(str(policy), _folder(folder))
        return _load_file(file, display, parameters)
    versions = _versions(str(policy), _folder(folder), parameters)
    chosen = in_force(str(policy), [_version_of(p, name) for name, p in versions.items()], day)
    return versions[chosen.name]


def policy_versions(policy_id: str, *, folder: str | Path | None = None) -> tuple["Policy", ...]:
    """Every version of a ruleset in the folder (default: the bundled rulesets), earliest first; PolicyError if
    one is not sound, says another id, gives no date, or two give one version or overlapping dates."""
    if not isinstance(policy_id, str) or _is_path(policy_id):
        raise TypeError(f"policy_versions() expected a ruleset id (str, e.g. 'hpg'), found {_kind(policy_id)}")
    versions = _versions(policy_id, _folder(folder), None)
    ordered = check_versions(policy_id, [_version_of(p, name) for name, p in versions.items()])
    return tuple(versions[version.name] for version in ordered)


def load_policy_text(text: str, name: str = "<ruleset>", *, parameters: Mapping[str, Any] | None = None) -> "Policy":
    """Load a ruleset from its text (a YAML or JSON document), as `load_policy` loads a file; `name` is shown in
    messages. Nothing is read from the file system but the statutory baseline, so it is what a service takes from
    the network (a ruleset's `source_text` is only a name, checked by `validate` where the service keeps its
    source texts). Raises PolicyError if it is not sound; TypeError if `text` or `name` is not a str."""
    if not isinstance(text, str):
        raise TypeError(f"load_policy_text() expected the text of a ruleset (str), found {_kind(text)}")
    if not isinstance(name, str):
        raise TypeError(f"load_policy_text() argument 'name': expected the ruleset's name (str), found {_kind(name)}")
    _check_parameters(parameters, "load_policy_text", "parameters")
    check_size(text, name, "ruleset")
    overrides = dict(parameters or {})
    key = cache.cache_key("policy", _digest(text, _statutory_source()[0], overrides), name)
    compiled = cache.read_entry(key)
    if isinstance(compiled, CompiledPolicy):
        return Policy(compiled, functools.partial(_model_of, text, name), overrides)
    model, source = _parse(text, name)
    statutory = _statutory()
    digest = _digest(text, statutory[2] if model.id != STATUTORY_ID else "", overrides)
    compiled = compile_policy(model, source, statutory=statutory[:2], digest=digest, overrides=overrides)
    cache.write_entry(key, compiled)
    return Policy(compiled, model, overrides)


class Policy:
    """A loaded, compiled ruleset: immutable, safe to share between threads, picklable.

    `model` is the validated Ruleset, or a function giving it (a policy read from the compiled cache validates
    its ruleset only when `model` is first asked for).
    """

    __slots__ = ("_compiled", "_model", "_overrides")

    def __init__(self, compiled: CompiledPolicy, model: "Ruleset | Callable[[], Ruleset]", overrides: Mapping[str, Any]):
        object.__setattr__(self, "_compiled", compiled)
        object.__setattr__(self, "_model", model)
        object.__setattr__(self, "_overrides", dict(overrides))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a loaded Policy is immutable")

    def __reduce__(self):
        return (_restore, (cache.dumps(self._compiled), self._model, self._overrides))

    def __repr__(self) -> str:
        return f"<Policy {self.id!r} {self.landlord!r} version {self.version!r}>"

    @property
    def id(self) -> str:
        return self._compiled.id

    @property
    def landlord(self) -> str:
        return self._compiled.landlord

    @property
    def version(self) -> str:
        return self._compiled.version

    @property
    def effective(self) -> str | None:
        """When this version took effect, as its document writes it (YYYY, YYYY-MM or YYYY-MM-DD), or None."""
        return self._compiled.effective

    @property
    def digest(self) -> str:
        return self._compiled.digest

    @property
    def compiled(self) -> CompiledPolicy:
        """The compiled form: conditions as analysable trees, for comparison and lint."""
        return self._compiled

    @property
    def model(self) -> Ruleset:
        """The validated ruleset, as written."""
        model = self._model
        if isinstance(model, functools.partial):  # read from the cache: validate the ruleset now, once
            model = model()
            object.__setattr__(self, "_model", model)
        return model

    def evaluate(self, case: Mapping[str, Any], *, sink: Sink | None = None) -> Decision:
        """The decision for `case` (a mapping, the contract's case document); raises CaseError if it is malformed.

        A case that is not a mapping of facts with text keys is a CaseError when it is something a JSON or YAML
        parser gives (a list, text, a number, true/false, null), a TypeError for any other Python object; a `sink`
        without an `emit(event)` method is a TypeError.
        """
        _check_case(case)
        _check_sink(sink)
        return evaluate_case(self._compiled, case, sink)


def compare(left: "Policy | str | Path", right: "Policy | str | Path") -> Comparison:
    """Every way two rulesets differ for some case, each with a verified witness (contract section 8).

    Each side is a loaded Policy, or a bundled id or path as `load_policy` takes.
    """
    from .compare import compare_policies  # z3 is imported by the commands that compare, not by `import dapolicy`

    left, right = _as_policy(left, "compare", "left"), _as_policy(right, "compare", "right")
    return compare_policies(left.compiled, right.compiled)


def matrix(policies: "Sequence[Policy | str | Path] | None" = None) -> Matrix:
    """Rulesets side by side (every bundled one if none are given): the definition and each action id as rows.

    `policies` is a list of loaded Policies, bundled ids or paths (as `load_policy` takes).
    """
    from .matrix import policy_matrix

    chosen = _policy_list(policies) if policies is not None else [load_policy(policy_id) for policy_id in bundled_ids()]
    return policy_matrix([policy.compiled for policy in chosen])


def conformance(policy: "Policy | str | Path", *, baseline_parameters: Mapping[str, Any] | None = None) -> Conformance:
    """Where `policy` departs from the statutory baseline: its definition narrower or wider than the Act's, and
    each statutory or regulatory duty without a counterpart of at least the same strength, with witnesses.

    The baseline is loaded with the `landlord_kind` that fits the landlord (an ALMO's homes are the local
    authority's); `baseline_parameters` overrides it or any other baseline parameter. `policy` is a loaded
    Policy, or a bundled id or path as `load_policy` takes.
    """
    from .conformance import baseline_landlord_kind, check_conformance

    policy = _as_policy(policy, "conformance", "policy")
    _check_parameters(baseline_parameters, "conformance", "baseline_parameters")
    kind, reason = baseline_landlord_kind(policy.compiled.landlord_kind)
    default = load_policy(STATUTORY_ID)
    parameters = dict(baseline_parameters or {})
    assumptions: tuple[str, ...] = ()
    if "landlord_kind" not in parameters and kind is not None and kind != default.compiled.parameters["landlord_kind"]:
        parameters["landlord_kind"] = kind
        assumptions = (reason,) if reason else ()
    baseline = load_policy(STATUTORY_ID, parameters=parameters) if parameters else default
    return check_conformance(policy.compiled, baseline.compiled, parameters, assumptions)


def load_case(text: str, name: str = "<case>") -> dict[str, Any]:
    """Parse a case document written as JSON or YAML (YAML 1.2 core types: `no` stays text, dates stay text).

    Raises CaseError naming the line and column of a syntax mistake; the facts are checked by `evaluate`.
    `text` is the document's text (`str`), not its path: a `pathlib.Path`, bytes or anything else is a TypeError
    (read the file first: `load_case(path.read_text(encoding="utf-8"), str(path))`). `name` is shown in messages,
    and a name ending in `.json` parses the text as JSON.
    """
    _check_case_text(text, name)
    try:
        data = load_json(text, name) if name.lower().endswith(".json") else load_yaml(text, name)[0]
    except PolicyError as error:
        raise _case_error(error) from None
    if not isinstance(data, dict):
        raise CaseError("", f"{name}: a case document is a mapping of facts", code="case.not_a_mapping")
    return data


def read_case(source: Any, name: str | None = None) -> dict[str, Any]:
    """Read and parse a case document from a file (a path) or an open stream such as standard input, with the
    library's limits (size, encoding; docs/decision.md); raises CaseError naming the file when it cannot be read,
    is empty or does not parse. `name` is shown in messages (default: the path, or `<stdin>` for a stream)."""
    is_path = isinstance(source, (str, os.PathLike))
    if not is_path and not hasattr(source, "read"):
        raise TypeError(f"read_case() takes a path or an open stream, found {type(source).__name__}")
    display = name or (str(source) if is_path else "<stdin>")
    try:
        text = read_source(source, display, "case")
    except PolicyError as error:
        raise _case_error(error) from None
    if not text.strip():
        what = f"the case file {display} is empty" if is_path else "standard input is empty: no case document was given"
        raise CaseError("", what, hint="a case document is a JSON or YAML mapping of facts, e.g. "
                                       "dapolicy evaluate hpg - < case.json; give {} if no fact is known",
                        code="case.empty")  # fmt: skip
    return load_case(text, display)


def _restore(compiled: bytes, model: "Ruleset | Callable[[], Ruleset]", overrides: Mapping[str, Any]) -> Policy:
    """A Policy unpickled: its compiled form as pickled (no condition is parsed again)."""
    return Policy(cache.loads(compiled), model, overrides)


def _model_of(text: str, display: str) -> Ruleset:
    """The validated ruleset of a policy read from the compiled cache."""
    return _parse(text, display)[0]


def _bundled_dir():
    return importlib.resources.files("dapolicy") / "policies"


def _is_path(policy: str | Path) -> bool:
    """A `load_policy` argument names a file (a Path, or text with a folder or a YAML extension), not an id."""
    text = str(policy)
    return isinstance(policy, Path) or "/" in text or "\\" in text or text.endswith((".yaml", ".yml"))


def _locate(policy: str | Path) -> tuple[Any, str]:
    """The file of a bundled id (its `<id>.yaml`) or a path, and the name to show in messages."""
    if _is_path(policy):
        return Path(policy), str(policy)  # whether it exists and can be read is `_read`'s to say
    return _default_version(str(policy), _bundled_dir())


def _folder(folder: Any) -> Any:
    """The folder an id's versions are looked for in: `folder` as given (a str or a path), else the bundled one."""
    if folder is None:
        return _bundled_dir()
    if not isinstance(folder, (str, os.PathLike)):
        raise TypeError(f"load_policy() argument 'folder': expected a folder's path (str or pathlib.Path), "
                        f"found {_kind(folder)}")  # fmt: skip
    path = Path(folder)
    if not path.is_dir():
        raise PolicyError([Problem("load.not_found", f"folder={str(folder)!r} is not a folder",
                                   hint="give the folder that holds <id>.yaml and its versions")])  # fmt: skip
    return path


def _display(folder: Any, name: str) -> str:
    """The name a ruleset file is shown by: `policies/<file>` for a bundled one, else its path."""
    return f"policies/{name}" if folder == _bundled_dir() else str(Path(folder) / name)


def _version_files(policy_id: str, folder: Any) -> dict[str, Any]:
    """The files of an id's versions in the folder, by the name each is shown by: `<id>.yaml` first, then each
    `<id>@<label>.yaml` by name; PolicyError naming the ids there when there is none."""
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        name = entry.name
        if name == f"{policy_id}.yaml" or (name.startswith(f"{policy_id}{VERSION_MARK}") and name.endswith(".yaml")
                                           and not name.endswith(".tests.yaml")):  # fmt: skip
            found[_display(folder, name)] = entry
    if not found:
        ids = _ids_in(folder)
        near = suggest(policy_id, ids)
        missing = (f"no bundled ruleset {policy_id!r} (bundled: {', '.join(ids)})" if folder == _bundled_dir()
                   else f"no ruleset {policy_id!r} in {folder} (there: {', '.join(ids) or 'none'})")  # fmt: skip
        hint = f"did you mean {near!r}?" if near else "give a path to a .yaml file instead"
        base, mark, day = policy_id.partition(VERSION_MARK)
        if mark:  # the command line's ID@YYYY-MM-DD
            hint = f"for the version of {base!r} in force on a day, write load_policy({base!r}, on={day!r})"
        raise PolicyError([Problem("load.not_found", missing, hint=hint)])
    return dict(sorted(found.items(), key=lambda item: item[1].name != f"{policy_id}.yaml"))


def _ids_in(folder: Any) -> tuple[str, ...]:
    """The ruleset ids a folder holds (its `<id>.yaml` and `<id>@<label>.yaml` files)."""
    names = (e.name for e in folder.iterdir() if e.name.endswith(".yaml") and not e.name.endswith(".tests.yaml"))
    return tuple(sorted({name[: -len(".yaml")].split(VERSION_MARK, 1)[0] for name in names}))


def _default_version(policy_id: str, folder: Any) -> tuple[Any, str]:
    """The file `load_policy(id)` gives without `on`: `<id>.yaml`, else the id's only version."""
    files = _version_files(policy_id, folder)
    first_name, first = next(iter(files.items()))
    if first.name == f"{policy_id}.yaml" or len(files) == 1:
        return first, first_name
    raise PolicyError([Problem(
        "version.several", f"{folder} holds {len(files)} versions of {policy_id!r} ({', '.join(files)}) and no "
        f"{policy_id}.yaml to load when no day is given",
        hint=f"ask for the version in force on a day (on='YYYY-MM-DD'), or name one file {policy_id}.yaml",
    )])  # fmt: skip


def _versions(policy_id: str, folder: Any, parameters: Mapping[str, Any] | None) -> dict[str, "Policy"]:
    """Every version of an id in the folder, loaded, by the name each is shown by; PolicyError if one gives
    another id (the file name and the ruleset would disagree on whose policy it is)."""
    versions = {name: _load_file(file, name, parameters) for name, file in _version_files(policy_id, folder).items()}
    wrong = [Problem("version.wrong_id", f"{name}: a version of {policy_id!r} by its name, but it says "
                     f"`id: {policy.id}`", hint=f"write `id: {policy_id}` or rename the file")
             for name, policy in versions.items() if policy.id != policy_id]  # fmt: skip
    if wrong:
        raise PolicyError(wrong, document=f"the versions of {policy_id!r}")
    return versions


def _version_of(policy: "Policy", name: str) -> Version:
    return Version(name, policy.version, policy.compiled.start)


def _load_file(file: Any, display: str, parameters: Mapping[str, Any] | None) -> "Policy":
    return load_policy_text(_read(file, display), display, parameters=parameters)


def _read(file: Any, display: str) -> str:
    """The text of a ruleset file; PolicyError naming it when it is missing, a directory, unreadable, larger than
    1 MiB or not UTF-8 (a UTF-8 byte-order mark is dropped)."""
    return read_source(file, display, "ruleset")


def _case_error(error: PolicyError) -> CaseError:
    """A CaseError from the problems of reading or parsing a case file: each problem's location, code and message,
    the field path when there is one problem at a field, and its hint."""
    problems = error.problems
    messages = []
    for problem in problems:
        where = f"{problem.mark}: " if problem.mark else ""
        messages.append(f"{where}error[{problem.code}] {problem.message}")
    one = problems[0] if len(problems) == 1 else None
    path = one.path_text() if one is not None and one.path else ""
    return CaseError(path, "; ".join(messages), hint=one.hint if one is not None else None,
                     code=one.code if one is not None else "case.syntax")  # fmt: skip


def _parse(text: str, display: str) -> tuple[Ruleset, SourceMap]:
    from .model.ruleset import validate_ruleset

    data, source = load_yaml(text, display)
    if not isinstance(data, dict):
        raise PolicyError([source.problem("load.wrong_type", "a ruleset file is a mapping of keys (id, landlord, …)", ())])
    return validate_ruleset(data, source), source


@functools.lru_cache(maxsize=1)
def _statutory() -> tuple[Ruleset, SourceMap, str]:
    """The statutory baseline's model, source map and text, read once per process."""
    text, display = _statutory_source()
    model, source = _parse(text, display)
    return model, source, text


@functools.lru_cache(maxsize=1)
def _statutory_source() -> tuple[str, str]:
    """The statutory baseline's text and the name it is shown by, read once per process (the compiled cache's
    key covers the text)."""
    file, display = _locate(STATUTORY_ID)
    return _read(file, display), display


def _digest(text: str, statutory_text: str, overrides: Mapping[str, Any]) -> str:
    """sha256 over the ruleset text, the statutory text it uses, and any parameter overrides."""
    hasher = hashlib.sha256(text.encode("utf-8"))
    if statutory_text:
        hasher.update(b"\0statutory\0" + statutory_text.encode("utf-8"))
    for name in sorted(overrides):
        hasher.update(f"\0{name}={_override_text(overrides[name])}".encode("utf-8"))
    return "sha256:" + hasher.hexdigest()


def _override_text(value: Any) -> str:
    """An override as the digest reads it; a number too long for Python to write as text (4,300 digits) is
    refused when compiling (`compile.bad_override`), so that digest is never used."""
    try:
        return repr(value)
    except ValueError:
        return "<a number too long to write>"


# Argument checks of the public functions: a wrong type is a TypeError saying what was expected; bad content is a
# PolicyError or CaseError, as for a file.

#: A string longer than this cannot be a path on any system dapolicy runs on (Linux PATH_MAX is 4096).
_LONGEST_PATH = 4096
#: The kinds of value a JSON or YAML parser gives (and a tuple): a case that is one of these is bad content
#: (CaseError), anything else a wrong argument (TypeError).
_PARSED = (str, int, float, bool, list, tuple, type(None))
_PLAIN = frozenset(_PARSED)  # classes that are never a Mapping: the check of a case skips isinstance for them


def _kind(value: Any) -> str:
    """A wrong argument in words: `None`, `str 'k=v'`, `int 1`, `PosixPath`."""
    if value is None:
        return "None"
    if isinstance(value, (str, bytes, int, float)):
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        return f"{type(value).__name__} {shown}"
    return type(value).__name__


def _policy_argument(policy: Any) -> str | Path:
    """A `load_policy` argument checked: a str or a Path, and not the text of a ruleset."""
    if isinstance(policy, str):
        if "\n" in policy or "\r" in policy or len(policy) > _LONGEST_PATH:
            found = (f"the contents of a file ({len(policy.splitlines())} lines)" if "\n" in policy or "\r" in policy
                     else f"text of {len(policy)} characters, longer than any path")
            raise PolicyError([Problem(
                "load.not_a_path",
                f"expected a bundled ruleset id or the path of a ruleset file, found {found}",
                hint="write the text to a .yaml file and pass its path, or pass a bundled id "
                     f"({', '.join(bundled_ids())})",
            )])  # fmt: skip
        if not policy.strip():
            raise PolicyError([Problem(
                "load.not_found", "the ruleset id or path is empty",
                hint=f"pass a bundled id ({', '.join(bundled_ids())}) or the path of a .yaml file",
            )])  # fmt: skip
        return policy
    if isinstance(policy, os.PathLike):
        return policy if isinstance(policy, Path) else Path(os.fspath(policy))
    hint = "; decode it first" if isinstance(policy, (bytes, bytearray)) else ""
    raise TypeError(
        f"load_policy() expected a bundled ruleset id (str, e.g. 'hpg') or the path of a ruleset file "
        f"(str or pathlib.Path), found {_kind(policy)}{hint}"
    )


def _as_policy(value: Any, function: str, argument: str) -> "Policy":
    """A Policy as given, or loaded from a bundled id or a path."""
    if isinstance(value, Policy):
        return value
    if isinstance(value, (str, os.PathLike)):
        return load_policy(value)
    raise TypeError(
        f"{function}() argument {argument!r}: expected a Policy, a bundled ruleset id or the path of a ruleset "
        f"file, found {_kind(value)}"
    )


def _policy_list(policies: Any) -> list["Policy"]:
    """The `matrix` argument: a list (any iterable but a mapping or a set, whose order is not the caller's) of
    Policies, ids or paths, but not one of them alone."""
    if isinstance(policies, (str, bytes, os.PathLike, Policy, Mapping, AbstractSet)) or not isinstance(policies, Iterable):
        example = f"[{policies!r}]" if isinstance(policies, str) else "[policy, ...]"
        if isinstance(policies, (Mapping, AbstractSet)) and all(isinstance(item, str) for item in policies):
            example = f"[{', '.join(map(repr, sorted(policies)))}]"
        raise TypeError(
            f"matrix() expected a list of Policies, bundled ruleset ids or paths, found {_kind(policies)}; "
            f"write matrix({example})"
        )
    return [_as_policy(policy, "matrix", f"policies[{index}]") for index, policy in enumerate(policies)]


def _check_parameters(parameters: Any, function: str, argument: str) -> None:
    """Parameter overrides are None or a mapping whose keys are parameter names (text)."""
    if parameters is None:
        return
    if not isinstance(parameters, Mapping):
        hint = ""
        if isinstance(parameters, str) and "=" in parameters:
            name, _, value = parameters.partition("=")
            hint = f"; write {{{name.strip()!r}: {value.strip()!r}}}"
        raise TypeError(
            f"{function}() argument {argument!r}: expected a mapping of parameter names to values "
            f"(e.g. {{'landlord_kind': 'local_housing_authority'}}), found {_kind(parameters)}{hint}"
        )
    for name in parameters:
        if not isinstance(name, str):
            raise TypeError(
                f"{function}() argument {argument!r}: a parameter name is text, found {_kind(name)}"
            )


def _check_case(case: Any) -> None:
    """A case is a mapping with text keys (one level of groups below); else CaseError or TypeError."""
    if case.__class__ is not dict and not isinstance(case, Mapping):
        if not isinstance(case, _PARSED):
            hint = ""
            if isinstance(case, (os.PathLike, bytes, bytearray)):
                hint = "; read the file and parse it with dapolicy.load_case(text, name) first"
            raise TypeError(f"evaluate() expected a case document (a mapping of facts), found {_kind(case)}{hint}")
        hint = "parse the text first with dapolicy.load_case(text, name)" if isinstance(case, str) else None
        raise CaseError("", f"a case document is a mapping of facts, found {describe_value(case)}", hint=hint,
                        code="case.not_a_mapping")  # fmt: skip
    for key, value in case.items():
        if key.__class__ is not str and not isinstance(key, str):
            raise _bad_key("", key)
        if value.__class__ is dict or (value.__class__ not in _PLAIN and isinstance(value, Mapping)):
            for name in value:
                if name.__class__ is not str and not isinstance(name, str):
                    raise _bad_key(key, name)


def _bad_key(parent: str, key: Any) -> CaseError:
    shown = "null" if key is None else str(key).lower() if isinstance(key, bool) else str(key)
    path = f"{parent}.{shown}" if parent else shown
    hint = "see docs/vocabulary.md for the case facts (e.g. reported_at, survivor.age)"
    return CaseError(path, f"a field name is text, found {describe_value(key)}", hint=hint, code="case.bad_field_name")


def _check_sink(sink: Any) -> None:
    if sink is not None and not callable(getattr(sink, "emit", None)):
        raise TypeError(
            f"evaluate() argument 'sink': expected an object with an emit(event) method, such as "
            f"dapolicy.BufferSink(), found {_kind(sink)}"
        )


def _check_case_text(text: Any, name: Any) -> None:
    if not isinstance(text, str):
        if isinstance(text, os.PathLike):
            raise TypeError(
                f"load_case() takes the text of a case document, not its path ({_kind(text)} {os.fspath(text)!r}); "
                f"read the file first: load_case(path.read_text(encoding='utf-8'), str(path))"
            )
        hint = "; decode it first: data.decode('utf-8')" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"load_case() expected the text of a case document (str), found {_kind(text)}{hint}")
    if not isinstance(name, str):
        raise TypeError(f"load_case() argument 'name': expected the document's name (str), found {_kind(name)}")
