"""Exact comparison of rulesets (contract section 8): what it finds, that its witnesses show it, that it misses nothing."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import HealthCheck, given, settings

import dapolicy
from test_engine_laws import CASES

HEADER = """
id: {id}
landlord: {{name: Test Homes, kind: private_registered_provider}}
document: {{title: Test policy {id}, version: "1", source_text: test.txt}}
"""
DEFINITION = """
definitions:
  domestic_abuse:
    when: {definition}
    source: {{clause: "1", quote: "definition"}}
"""


def ruleset(tmp_path, name: str, rules: str, *, definition: str = "statutory.domestic_abuse", parameters: str = ""):
    text = HEADER.format(id=name) + textwrap.dedent(parameters) + DEFINITION.format(definition=definition)
    text += "rules:\n" + textwrap.indent(textwrap.dedent(rules), "  ")
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return dapolicy.load_policy(path)


def differences(left, right) -> dict[tuple[str, str], dict]:
    return {(d["subject"], d["aspect"]): d for d in dapolicy.compare(left, right).to_dict()["differences"]}


def placement(decision: dict, action: str) -> tuple[str, dict | None]:
    for section in ("actions", "undecided", "conflicts"):
        for entry in decision[section]:
            if entry["id"] == action:
                return section, entry
    return "absent", None


def aspects_that_differ(left: dict, right: dict) -> set[tuple[str, str]]:
    """Independently of the comparison code: the (subject, aspect) pairs in which two decisions differ."""
    found = {("domestic_abuse", a) for a in ("value", "statutory")
             if left["domestic_abuse"][a] != right["domestic_abuse"][a]}  # fmt: skip
    ids = {e["id"] for d in (left, right) for s in ("actions", "undecided", "conflicts") for e in d[s]}
    for action in ids:
        (ls, le), (rs, re_) = placement(left, action), placement(right, action)
        if (ls == "actions" and rs in ("absent", "conflicts")) or (rs == "actions" and ls in ("absent", "conflicts")):
            found.add((action, "presence"))
        if ls == rs == "actions":
            if le["modality"] != re_["modality"]:
                found.add((action, "modality"))
            if le["authority"] != re_["authority"]:
                found.add((action, "authority"))
    return found


@pytest.mark.parametrize("policy_id", dapolicy.bundled_ids())
def test_a_ruleset_compared_with_itself_is_equivalent(policy_id):
    policy = dapolicy.load_policy(policy_id)
    document = dapolicy.compare(policy, policy).to_dict()
    assert document["equivalent"] is True and document["differences"] == []
    assert document["left"] == {"id": policy_id, "digest": policy.digest} == document["right"]


def test_a_difference_visible_only_while_a_fact_is_unknown_is_found(tmp_path):
    # `a or not a` is unknown while `a` is (Kleene), and yes once it is known either way.
    left = ruleset(tmp_path, "left", "[]\n", definition="survivor.is_customer or not survivor.is_customer")
    right = ruleset(tmp_path, "right", "[]\n", definition="true")
    found = differences(left, right)
    assert set(found) == {("domestic_abuse", "value")}
    difference = found[("domestic_abuse", "value")]
    assert difference["witness"] == {}
    assert (difference["left"], difference["right"]) == ({"value": "unknown"}, {"value": "yes"})
    for known in (True, False):
        assert left.evaluate({"survivor": {"is_customer": known}}).to_dict()["domestic_abuse"]["value"] == "yes"


def test_actions_against_undecided_is_not_a_presence_difference(tmp_path):
    left = ruleset(tmp_path, "left", """
        - {id: contact, action: contact_survivor, modality: must, when: survivor.is_customer,
           source: {clause: "2", quote: "we contact"}}
    """)
    right = ruleset(tmp_path, "right", """
        - {id: contact, action: contact_survivor, modality: must,
           when: survivor.is_customer and (risk.immediate_danger or not risk.immediate_danger),
           source: {clause: "2", quote: "we contact"}}
    """)
    assert differences(left, right) == {}


def test_a_difference_through_a_parameter_keyed_by_area_is_found_with_the_area(tmp_path):
    rules = """
        - {id: refer, action: marac_referral, modality: must, when: risk.dash_score >= params.threshold,
           source: {clause: "3", quote: "we refer"}}
    """
    left = ruleset(tmp_path, "left", rules, parameters="""
        parameters:
          threshold:
            by_area: {peterborough: 14, default: 17}
            source: {clause: "3", quote: "14 in Peterborough, 17 elsewhere"}
    """)
    right = ruleset(tmp_path, "right", rules, parameters="""
        parameters:
          threshold:
            value: 14
            source: {clause: "3", quote: "14"}
    """)
    found = differences(left, right)
    assert set(found) == {("marac_referral", "presence")}
    witness = found[("marac_referral", "presence")]["witness"]
    assert witness["area"] != "peterborough" and 14 <= witness["risk"]["dash_score"] < 17


def test_modality_and_approver_differences_are_found(tmp_path):
    left = ruleset(tmp_path, "left", """
        - {id: refer, action: marac_referral, modality: must, when: risk.serious_harm, authority: marac_chair,
           source: {clause: "4", quote: "we will refer"}}
        - {id: advise, action: advice_and_assistance, modality: must, when: survivor.is_customer,
           source: {clause: "5", quote: "we will advise"}}
    """)
    right = ruleset(tmp_path, "right", """
        - {id: refer, action: marac_referral, modality: must, when: risk.serious_harm,
           source: {clause: "4", quote: "we will refer"}}
        - {id: advise, action: advice_and_assistance, modality: should, when: survivor.is_customer,
           source: {clause: "5", quote: "we aim to advise"}}
    """)
    found = differences(left, right)
    assert set(found) == {("marac_referral", "authority"), ("advice_and_assistance", "modality")}
    assert found[("marac_referral", "authority")]["left"]["authority"] == "marac_chair"
    assert found[("marac_referral", "authority")]["right"]["authority"] is None
    assert found[("advice_and_assistance", "modality")]["witness"] == {"survivor": {"is_customer": True}}


def test_a_narrower_own_definition_differs_in_value_but_not_in_the_acts(tmp_path):
    left = ruleset(tmp_path, "left", "[]\n")
    right = ruleset(tmp_path, "right", "[]\n", definition='statutory.domestic_abuse and relationship != "shared_parent"')
    found = differences(left, right)
    assert set(found) == {("domestic_abuse", "value")}
    assert found[("domestic_abuse", "value")]["witness"]["relationship"] == "shared_parent"


PAIRS = [("hpg", "amplius"), ("ckh", "wolverhampton"), ("ovh", "statutory"), ("hpg", "ckh")]


@pytest.fixture(scope="module", params=PAIRS, ids=["-".join(p) for p in PAIRS])
def pair(request):
    left, right = (dapolicy.load_policy(i) for i in request.param)
    reported = {(d["subject"], d["aspect"]) for d in dapolicy.compare(left, right).to_dict()["differences"]}
    return left, right, reported


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])  # fmt: skip
@given(case=CASES)
def test_no_case_shows_a_difference_that_compare_did_not_report(pair, case):
    left, right, reported = pair
    shown = aspects_that_differ(left.evaluate(case).to_dict(), right.evaluate(case).to_dict())
    assert shown <= reported, f"unreported: {sorted(shown - reported)}"


@pytest.mark.parametrize("left_id,right_id", PAIRS)
def test_every_witness_shows_its_difference(left_id, right_id):
    left, right = dapolicy.load_policy(left_id), dapolicy.load_policy(right_id)
    for difference in dapolicy.compare(left, right).to_dict()["differences"]:
        case = difference["witness"]
        shown = aspects_that_differ(left.evaluate(case).to_dict(), right.evaluate(case).to_dict())
        assert (difference["subject"], difference["aspect"]) in shown, difference
