"""The comparison's encoding of exceptions and recipients is exact: for random pairs of small rulesets with nested
exceptions, recipients, approvers and conflicts, every case of their (small) fact space, each fact true, false or
unknown, is evaluated, and no difference shows that the comparison did not report; every witness shows its own."""

from __future__ import annotations

import itertools
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dapolicy
from test_compare import aspects_that_differ, named

FACTS = ("survivor.is_customer", "risk.serious_harm", "legal_duty_to_disclose", "children.at_risk")
RECIPIENTS = (None, "police", "marac")  # None: no `recipient:` key, which means `any`
HEADER = """id: {id}
landlord: {{name: Test Homes, kind: private_registered_provider}}
document: {{title: Test policy {id}, version: "1", source_text: test.txt}}
definitions:
  domestic_abuse:
    when: statutory.domestic_abuse
    source: {{clause: "1", quote: "definition"}}
rules:
"""

atoms = st.sampled_from(FACTS).flatmap(lambda fact: st.sampled_from([fact, f"not {fact}"]))
conditions = st.one_of(
    atoms,
    st.tuples(atoms, st.sampled_from(["and", "or"]), atoms).map(" ".join),
    st.just("true"),
)


@st.composite
def rulesets(draw) -> list[dict]:
    """Up to five rules of `share_without_consent`, each maybe an exception to earlier ones it can reach."""
    rules = []
    for index in range(draw(st.integers(1, 5))):
        recipient = draw(st.sampled_from(RECIPIENTS))
        reachable = [r["id"] for r in rules if None in (r["recipient"], recipient) or r["recipient"] == recipient]
        modality = draw(st.sampled_from(["must", "should", "may", "must_not"]))
        approvers = [None] if modality == "must_not" else [None, None, "safeguarding_lead", "marac_chair"]
        rules.append({
            "id": f"r{index}",
            "recipient": recipient,
            "modality": modality,
            "authority": draw(st.sampled_from(approvers)),  # a prohibition has no approver
            "when": draw(conditions),
            "exception_to": draw(st.lists(st.sampled_from(reachable), unique=True, max_size=2)) if reachable else [],
        })  # fmt: skip
    return rules


def load(directory: Path, name: str, rules: list[dict]):
    lines = [HEADER.format(id=name)]
    for rule in rules:
        extra = "".join(f", {key}: {json.dumps(rule[key])}" for key in ("recipient", "authority") if rule[key])
        if rule["exception_to"]:
            extra += f", exception_to: {json.dumps(rule['exception_to'])}"
        lines.append(f"  - {{id: {rule['id']}, action: share_without_consent, modality: {rule['modality']},"
                     f" when: '{rule['when']}'{extra}, source: {{clause: '{rule['id']}', quote: q}}}}\n")  # fmt: skip
    path = directory / f"{name}.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return dapolicy.load_policy(path)


def every_case() -> list[dict]:
    """Each fact true, false or unknown: 81 cases."""
    cases = []
    for values in itertools.product((True, False, None), repeat=len(FACTS)):
        case: dict = {}
        for path, value in zip(FACTS, values):
            if value is not None:
                group, _, name = path.rpartition(".")
                (case.setdefault(group, {}) if group else case)[name] = value
        cases.append(case)
    return cases


CASES = every_case()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(left_rules=rulesets(), right_rules=rulesets())
def test_no_case_of_the_fact_space_shows_an_unreported_difference_and_every_witness_shows(left_rules, right_rules):
    with tempfile.TemporaryDirectory() as directory:
        left, right = load(Path(directory), "left", left_rules), load(Path(directory), "right", right_rules)
    differences = dapolicy.compare(left, right).to_dict()["differences"]
    reported = {(d["subject"], d["aspect"], d["recipient"]) for d in differences}
    recipients = named(left, right)
    for case in CASES:
        shown = aspects_that_differ(left.evaluate(case).to_dict(), right.evaluate(case).to_dict(), recipients)
        shown = {key for key in shown if key[0] != "domestic_abuse"}
        assert shown <= reported, f"unreported for {case}: {sorted(shown - reported, key=str)}"
    for difference in differences:
        case = difference["witness"]
        shown = aspects_that_differ(left.evaluate(case).to_dict(), right.evaluate(case).to_dict(), recipients)
        assert (difference["subject"], difference["aspect"], difference["recipient"]) in shown, difference
