"""Conformance of a landlord's ruleset to the statutory baseline: where its definition of domestic abuse is narrower
or wider than the Act's, and where a statutory or regulatory duty has no counterpart of at least the same strength.

Both questions are asked of the solver exactly as in `compare`, over the same encoding, and every finding carries a
witness case verified by evaluating both rulesets.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

import z3

from .compare import (
    Difference,
    Encoding,
    FactVariables,
    Question,
    Ways,
    action_facts,
    area_names,
    definition_facts,
    rule_decides,
)
from .compile import CompiledPolicy
from .differences import recipients
from .model.vocabulary import STRENGTH

BASELINE_LANDLORD_KIND: Mapping[str, tuple[str, str | None]] = {
    "private_registered_provider": ("private_registered_provider", None),
    "local_housing_authority": ("local_housing_authority", None),
    "almo": (
        "local_housing_authority",
        "An arm's-length management organisation manages a local housing authority's homes, and the tenancies are "
        "the authority's, so the baseline is applied as to a local housing authority (s.81ZA binds the authority "
        "when it grants a tenancy).",
    ),
}
"""The statutory baseline's `landlord_kind` for each kind of landlord, and the reason where it is a reading."""

_FINDING_ORDER = ("narrower", "wider", "missing", "weaker", "forbidden", "conflict", "permitted")


@dataclass(frozen=True)
class Finding:
    """One way the landlord's ruleset departs from the baseline, with both sides' outcomes and a witness case."""

    subject: str
    finding: str
    policy: dict[str, Any] | None
    baseline: dict[str, Any] | None
    witness: dict[str, Any]

    @property
    def falls_short(self) -> bool:
        """A wider definition protects more people; every other finding is a shortfall."""
        return self.finding != "wider"

    def to_dict(self) -> dict[str, Any]:
        return {"subject": self.subject, "finding": self.finding, "policy": self.policy, "baseline": self.baseline,
                "witness": self.witness}  # fmt: skip


@dataclass(frozen=True)
class Conformance:
    """The conformance document: the ruleset, the baseline it was checked against, and every finding."""

    policy: CompiledPolicy
    baseline: CompiledPolicy
    parameters: Mapping[str, Any]
    assumptions: tuple[str, ...]
    findings: tuple[Finding, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "policy": {"id": self.policy.id, "digest": self.policy.digest},
            "baseline": {"id": self.baseline.id, "digest": self.baseline.digest, "parameters": dict(self.parameters)},
            "assumptions": list(self.assumptions),
            "conforms": not any(f.falls_short for f in self.findings),
            "findings": [f.to_dict() for f in self.findings],
        }


def baseline_landlord_kind(kind: str) -> tuple[str | None, str | None]:
    """The baseline's `landlord_kind` for a landlord of this kind (None: keep the baseline's own), and why."""
    return BASELINE_LANDLORD_KIND.get(kind, (None, None))


def check_conformance(policy: CompiledPolicy, baseline: CompiledPolicy, parameters: Mapping[str, Any],
                      assumptions: tuple[str, ...] = ()) -> Conformance:  # fmt: skip
    """Every finding of `policy` against `baseline` (the statutory ruleset loaded with `parameters`)."""
    facts = FactVariables(area_names(policy, baseline))
    sides = (Encoding(policy, facts), Encoding(baseline, facts))
    solver = facts.solver()
    findings: list[Finding] = []
    for kind, question in _questions(sides):
        ways = Ways(policy, baseline, facts)
        ways.search(solver, question)
        findings += [_finding(kind, difference, policy, baseline) for difference in ways.found]
    findings.sort(key=lambda f: (f.subject != "domestic_abuse", f.subject, _FINDING_ORDER.index(f.finding)))
    return Conformance(policy, baseline, dict(parameters), assumptions, tuple(findings))


def _questions(sides: tuple[Encoding, Encoding]) -> Iterator[tuple[str | None, Question]]:
    """The definition narrower and wider than the Act's; then each baseline duty without a counterpart as strong."""
    policy, baseline = sides
    relevant = definition_facts(policy.policy, "domestic_abuse") | definition_facts(baseline.policy, "domestic_abuse")
    own, act = policy.definitions["domestic_abuse"], baseline.definitions["domestic_abuse"]
    yield "narrower", Question("domestic_abuse", "value", z3.And(own[1], act[0]), relevant)
    yield "wider", Question("domestic_abuse", "value", z3.And(own[0], act[1]), relevant)
    for action in baseline.policy.actions:
        relevant = action_facts(policy.policy, action) | action_facts(baseline.policy, action)
        for recipient in recipients(action, policy.policy, baseline.policy):
            mine, duty = policy.outcome(action, recipient), baseline.outcome(action, recipient)
            short = [z3.And(duty.prohibition, z3.Or(mine.absent, mine.entry, mine.conflict))]
            for modality in STRENGTH:
                weaker = [mine.modality[m] for m in STRENGTH if STRENGTH[m] < STRENGTH[modality]]
                short.append(z3.And(duty.modality[modality], z3.Or(mine.absent, mine.prohibition, mine.conflict, *weaker)))
            decides = functools.partial(rule_decides, sides, action, recipient, "modality")
            yield None, Question(action, "shortfall", z3.Or(short), relevant, decides, recipient=recipient)


def _finding(kind: str | None, difference: Difference, policy: CompiledPolicy, baseline: CompiledPolicy) -> Finding:
    """A finding from a difference found between the landlord's ruleset (left) and the baseline (right)."""
    mine, duty = difference.left, difference.right
    if difference.subject == "domestic_abuse":
        mine = {**mine, "citations": _definition_citations(policy)}
        duty = {**duty, "citations": _definition_citations(baseline)}
    elif mine is not None and "conflict" in mine:
        kind = "conflict"
    elif duty["modality"] == "must_not":
        kind = "permitted"
    elif mine is None:
        kind = "missing"
    else:
        kind = "forbidden" if mine["modality"] == "must_not" else "weaker"
    assert kind is not None
    return Finding(difference.subject, kind, mine, duty, difference.witness)


def _definition_citations(policy: CompiledPolicy) -> list[dict[str, str]]:
    """The clauses the ruleset's own definition of domestic abuse quotes."""
    definition = next(d for d in policy.definitions if d.key == "domestic_abuse")
    return [{"clause": c.clause, "quote": c.quote} for c in definition.citations]


__all__ = ["BASELINE_LANDLORD_KIND", "Conformance", "Finding", "baseline_landlord_kind", "check_conformance"]
