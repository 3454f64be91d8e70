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
from .model.case import case_schema
from .quotes import QuoteCheck, check_ruleset_quotes
from .render import render_comparison, render_conformance, render_explanation, render_text
from .trace import BufferSink, TraceEvent

__all__ = [
    "BufferSink",
    "CaseError",
    "Comparison",
    "Conformance",
    "Difference",
    "Decision",
    "Finding",
    "Matrix",
    "Policy",
    "PolicyError",
    "Problem",
    "QuoteCheck",
    "TraceEvent",
    "Truth",
    "bundled_ids",
    "case_schema",
    "check_ruleset_quotes",
    "compare",
    "conformance",
    "load_case",
    "load_policy",
    "matrix",
    "read_case",
    "render_comparison",
    "render_conformance",
    "render_explanation",
    "render_matrix_html",
    "render_matrix_markdown",
    "render_text",
]


def __dir__() -> list[str]:
    return list(__all__)
