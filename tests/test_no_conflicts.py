"""No bundled ruleset forbids and permits one action for one recipient in any case (issue 10: every consent
override is an exception or a recipient of its own, not a must/must_not pair left for the officer to resolve).
Exact: the solver is asked, for every action and recipient, whether some case makes it a conflict."""

from __future__ import annotations

import pytest
import z3

import dapolicy
from dapolicy.compare import Encoding, FactVariables, area_names, recipients


def conflicts_possible(policy) -> list[tuple[str, str | None]]:
    """Each (action, recipient) for which some case is a conflict."""
    compiled = policy.compiled
    facts = FactVariables(area_names(compiled))
    encoding, solver = Encoding(compiled, facts), facts.solver()
    possible = []
    for action in compiled.actions:
        for recipient in recipients(action, compiled):
            solver.push()
            solver.add(encoding.outcome(action, recipient).conflict)
            if solver.check() == z3.sat:
                possible.append((action, recipient))
            solver.pop()
    return possible


@pytest.mark.parametrize("policy_id", dapolicy.bundled_ids())
def test_no_case_puts_a_bundled_ruleset_in_conflict(policy_id):
    assert conflicts_possible(dapolicy.load_policy(policy_id)) == []


def test_the_check_finds_a_conflict_where_there_is_one(tmp_path):
    path = tmp_path / "clash.yaml"
    path.write_text("""
id: clash
landlord: {name: Clash Homes, kind: private_registered_provider}
document: {title: Clash policy, version: "1", source_text: clash.txt}
definitions:
  domestic_abuse: {when: statutory.domestic_abuse, source: {clause: "1", quote: "definition"}}
rules:
  - {id: never, action: share_without_consent, modality: must_not, when: survivor.is_customer,
     source: {clause: "2", quote: "never"}}
  - {id: police, action: share_without_consent, recipient: police, modality: may, when: risk.serious_harm,
     source: {clause: "3", quote: "police"}}
""", encoding="utf-8")
    assert conflicts_possible(dapolicy.load_policy(path)) == [("share_without_consent", "police")]
