"""dapolicy: UK social landlords' domestic-abuse policies as declarative rulesets, applied to a case.

    import dapolicy
    policy = dapolicy.load_policy("hpg")
    decision = policy.evaluate({"reported_at": "2026-12-24T10:00", "survivor": {"is_customer": True}})
    decision.to_dict()

Names resolve on first use (PEP 562), so `import dapolicy` loads no stage a program does not call: rule-engine,
z3 and pydantic are imported only by the commands that need them.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import (Policy, bundled_ids, compare, conformance, load_case, load_policy, load_policy_text, matrix,
                      policy_versions, read_case)
    from .batch import evaluate_many
    from .compare import Comparison, Difference
    from .conformance import Conformance, Finding
    from .decision import Decision
    from .errors import CaseError, PolicyError, Problem
    from .lint import LintFinding, LintReport, lint, lint_text, render_lint_json, render_lint_sarif, render_lint_text
    from .literate import literate
    from .logic import Truth
    from .matrix import Matrix, render_matrix_html, render_matrix_markdown
    from .model.case import case_schema
    from .quotes import QuoteCheck, check_ruleset_quotes, check_text_quotes
    from .replay import Change, Replay, ReplaySummary, replay
    from .render import render_comparison, render_conformance, render_explanation, render_text
    from .schema import SCHEMA_KINDS, schema
    from .testing import TestReport, TestResult, load_test_file, render_test_report, run_tests
    from .trace import BufferSink, TraceEvent

#: The module (relative to this package) that defines each public name.
_HOMES = {
    **dict.fromkeys(("Policy", "bundled_ids", "compare", "conformance", "load_case", "load_policy",
                     "load_policy_text", "matrix", "policy_versions", "read_case"), ".api"),
    "evaluate_many": ".batch",
    **dict.fromkeys(("Comparison", "Difference"), ".compare"),
    **dict.fromkeys(("Conformance", "Finding"), ".conformance"),
    "Decision": ".decision",
    **dict.fromkeys(("CaseError", "PolicyError", "Problem"), ".errors"),
    **dict.fromkeys(("LintFinding", "LintReport", "lint", "lint_text", "render_lint_json", "render_lint_sarif",
                     "render_lint_text"), ".lint"),
    "literate": ".literate",
    "Truth": ".logic",
    **dict.fromkeys(("Matrix", "render_matrix_html", "render_matrix_markdown"), ".matrix"),
    "case_schema": ".model.case",
    **dict.fromkeys(("QuoteCheck", "check_ruleset_quotes", "check_text_quotes"), ".quotes"),
    **dict.fromkeys(("Change", "Replay", "ReplaySummary", "replay"), ".replay"),
    **dict.fromkeys(("render_comparison", "render_conformance", "render_explanation", "render_text"), ".render"),
    **dict.fromkeys(("SCHEMA_KINDS", "schema"), ".schema"),
    **dict.fromkeys(("TestReport", "TestResult", "load_test_file", "render_test_report", "run_tests"), ".testing"),
    **dict.fromkeys(("BufferSink", "TraceEvent"), ".trace"),
}  # fmt: skip

__all__ = [
    "BufferSink",
    "CaseError",
    "Change",
    "Comparison",
    "Conformance",
    "Difference",
    "Decision",
    "Finding",
    "LintFinding",
    "LintReport",
    "Matrix",
    "Policy",
    "PolicyError",
    "Problem",
    "QuoteCheck",
    "Replay",
    "ReplaySummary",
    "SCHEMA_KINDS",
    "TestReport",
    "TestResult",
    "TraceEvent",
    "Truth",
    "bundled_ids",
    "case_schema",
    "check_ruleset_quotes",
    "check_text_quotes",
    "compare",
    "conformance",
    "evaluate_many",
    "lint",
    "lint_text",
    "literate",
    "load_case",
    "load_policy",
    "load_policy_text",
    "load_test_file",
    "matrix",
    "policy_versions",
    "read_case",
    "render_comparison",
    "render_conformance",
    "render_explanation",
    "render_lint_json",
    "render_lint_sarif",
    "render_lint_text",
    "render_matrix_html",
    "render_matrix_markdown",
    "render_test_report",
    "render_text",
    "replay",
    "run_tests",
    "schema",
]


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use and kept here."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'dapolicy' has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return list(__all__)


class _Package(types.ModuleType):
    """This package: importing a submodule named like a public function (`compare`, `schema`, `lint`, …) does not
    bind the submodule over the function, as the import system otherwise would."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and name in _HOMES:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
