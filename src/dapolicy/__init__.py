"""dapolicy: UK social landlords' domestic-abuse policies as declarative rulesets, applied to a case.

    import dapolicy
    policy = dapolicy.load_policy("hpg")
    decision = policy.evaluate({"reported_at": "2026-12-24T10:00", "survivor": {"is_customer": True}})
    decision.to_dict()
"""

from .api import Policy, bundled_ids, compare, conformance, load_case, load_policy, matrix, read_case
from .compare import Comparison, Difference
from .conformance import Conformance, Finding
from .decision import Decision
from .matrix import Matrix, render_matrix_html, render_matrix_markdown
from .errors import CaseError, PolicyError, Problem
from .logic import Truth
from .lint import LintFinding, LintReport, lint, render_lint_json, render_lint_sarif, render_lint_text
from .literate import literate
from .model.case import case_schema
from .quotes import QuoteCheck, check_ruleset_quotes
from .render import render_comparison, render_conformance, render_explanation, render_text
from .schema import SCHEMA_KINDS, schema
from .testing import TestReport, TestResult, load_test_file, render_test_report, run_tests
from .trace import BufferSink, TraceEvent

__all__ = [
    "BufferSink",
    "CaseError",
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
    "SCHEMA_KINDS",
    "TestReport",
    "TestResult",
    "TraceEvent",
    "Truth",
    "bundled_ids",
    "case_schema",
    "check_ruleset_quotes",
    "compare",
    "conformance",
    "lint",
    "literate",
    "load_case",
    "load_policy",
    "load_test_file",
    "matrix",
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
    "run_tests",
    "schema",
]


def __dir__() -> list[str]:
    return list(__all__)
