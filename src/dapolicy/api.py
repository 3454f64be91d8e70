"""The public API: load a ruleset (bundled id or path) into an immutable Policy, and evaluate cases with it.

Loading runs every stage once (YAML with marks, validation, compilation); `Policy.evaluate` only evaluates.
A Policy pickles as its validated models and recompiles when unpickled.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import json
from pathlib import Path
from typing import Any, Mapping, Sequence

from ._yaml import SourceMap, load_yaml
from .compare import Comparison, compare_policies
from .compile import CompiledPolicy, compile_policy
from .conformance import Conformance, baseline_landlord_kind, check_conformance
from .matrix import Matrix, policy_matrix
from .decision import Decision
from .errors import CaseError, Mark, PolicyError, Problem, suggest
from .evaluate import evaluate_case
from .model.ruleset import Ruleset, validate_ruleset
from .trace import Sink

STATUTORY_ID = "statutory"


def bundled_ids() -> tuple[str, ...]:
    """The ids of the rulesets shipped with dapolicy."""
    return tuple(sorted(p.name[: -len(".yaml")] for p in _bundled_dir().iterdir() if p.name.endswith(".yaml")))


def load_policy(policy: str | Path, *, parameters: Mapping[str, Any] | None = None) -> "Policy":
    """Load a bundled ruleset by id (`"hpg"`) or a ruleset file by path; raise PolicyError if it is not sound.

    `parameters` overrides parameter values (e.g. `{"landlord_kind": "local_housing_authority"}` for the
    statutory baseline); the digest then covers the overrides too.
    """
    file, display = _locate(policy)
    text = _read(file, display)
    model, source = _parse(text, display)
    statutory = _statutory()
    overrides = dict(parameters or {})
    digest = _digest(text, statutory[2] if model.id != STATUTORY_ID else "", overrides)
    compiled = compile_policy(model, source, statutory=statutory[:2], digest=digest, overrides=overrides)
    return Policy(compiled, model, overrides)


class Policy:
    """A loaded, compiled ruleset: immutable, safe to share between threads, picklable."""

    __slots__ = ("_compiled", "_model", "_overrides")

    def __init__(self, compiled: CompiledPolicy, model: Ruleset, overrides: Mapping[str, Any]):
        object.__setattr__(self, "_compiled", compiled)
        object.__setattr__(self, "_model", model)
        object.__setattr__(self, "_overrides", dict(overrides))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a loaded Policy is immutable")

    def __reduce__(self):
        return (_restore, (self._model, self._compiled.digest, self._overrides))

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
    def digest(self) -> str:
        return self._compiled.digest

    @property
    def compiled(self) -> CompiledPolicy:
        """The compiled form: conditions as analysable trees, for comparison and lint."""
        return self._compiled

    @property
    def model(self) -> Ruleset:
        """The validated ruleset, as written."""
        return self._model

    def evaluate(self, case: Mapping[str, Any], *, sink: Sink | None = None) -> Decision:
        """The decision for `case` (a mapping, the contract's case document); raises CaseError if it is malformed."""
        return evaluate_case(self._compiled, case, sink)


def compare(left: "Policy", right: "Policy") -> Comparison:
    """Every way two loaded rulesets differ for some case, each with a verified witness (contract section 8)."""
    return compare_policies(left.compiled, right.compiled)


def matrix(policies: Sequence["Policy"] | None = None) -> Matrix:
    """Rulesets side by side (every bundled one if none are given): the definition and each action id as rows."""
    chosen = list(policies) if policies is not None else [load_policy(policy_id) for policy_id in bundled_ids()]
    return policy_matrix([policy.compiled for policy in chosen])


def conformance(policy: "Policy", *, baseline_parameters: Mapping[str, Any] | None = None) -> Conformance:
    """Where `policy` departs from the statutory baseline: its definition narrower or wider than the Act's, and
    each statutory or regulatory duty without a counterpart of at least the same strength, with witnesses.

    The baseline is loaded with the `landlord_kind` that fits the landlord (an ALMO's homes are the local
    authority's); `baseline_parameters` overrides it or any other baseline parameter.
    """
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
    """
    if name.endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise CaseError("", f"{name}:{error.lineno}:{error.colno}: not valid JSON ({error.msg})") from None
    else:
        try:
            data, _ = load_yaml(text, name)
        except PolicyError as error:
            raise CaseError("", "; ".join(str(p).splitlines()[0] for p in error.problems)) from None
    if not isinstance(data, dict):
        raise CaseError("", f"{name}: a case document is a mapping of facts")
    return data


def _restore(model: Ruleset, digest: str, overrides: Mapping[str, Any]) -> Policy:
    statutory = _statutory()
    source = SourceMap(file=f"<{model.id}>", text="")
    return Policy(compile_policy(model, source, statutory=statutory[:2], digest=digest, overrides=overrides), model, overrides)


def _bundled_dir():
    return importlib.resources.files("dapolicy") / "policies"


def _locate(policy: str | Path) -> tuple[Any, str]:
    """The file of a bundled id or a path, and the name to show in messages."""
    text = str(policy)
    looks_like_path = isinstance(policy, Path) or "/" in text or "\\" in text or text.endswith((".yaml", ".yml"))
    if not looks_like_path:
        candidate = _bundled_dir() / f"{text}.yaml"
        if candidate.is_file():
            return candidate, f"policies/{text}.yaml"
        near = suggest(text, bundled_ids())
        raise PolicyError([Problem(
            "load.not_found",
            f"no bundled ruleset {text!r} (bundled: {', '.join(bundled_ids())})",
            hint=f"did you mean {near!r}?" if near else "give a path to a .yaml file instead",
        )])  # fmt: skip
    path = Path(policy)
    if not path.is_file():
        raise PolicyError([Problem("load.not_found", f"no such ruleset file: {text}", hint="check the path")])
    return path, text


def _read(file: Any, display: str) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise PolicyError([Problem("load.encoding", f"the file is not UTF-8 text ({error.reason})",
                                   mark=Mark(display, 1, 1))]) from error  # fmt: skip
    except OSError as error:
        raise PolicyError([Problem("load.unreadable", f"cannot read the file: {error.strerror}")]) from error


def _parse(text: str, display: str) -> tuple[Ruleset, SourceMap]:
    data, source = load_yaml(text, display)
    if not isinstance(data, dict):
        raise PolicyError([source.problem("load.wrong_type", "a ruleset file is a mapping of keys (id, landlord, …)", ())])
    return validate_ruleset(data, source), source


@functools.lru_cache(maxsize=1)
def _statutory() -> tuple[Ruleset, SourceMap, str]:
    """The statutory baseline's model, source map and text, read once per process."""
    file, display = _locate(STATUTORY_ID)
    text = _read(file, display)
    model, source = _parse(text, display)
    return model, source, text


def _digest(text: str, statutory_text: str, overrides: Mapping[str, Any]) -> str:
    """sha256 over the ruleset text, the statutory text it uses, and any parameter overrides."""
    hasher = hashlib.sha256(text.encode("utf-8"))
    if statutory_text:
        hasher.update(b"\0statutory\0" + statutory_text.encode("utf-8"))
    for name in sorted(overrides):
        hasher.update(f"\0{name}={overrides[name]!r}".encode("utf-8"))
    return "sha256:" + hasher.hexdigest()
