"""Parameters: values with sources, keyed by area where a policy varies locally, overridable at load."""

from __future__ import annotations

import textwrap

import pytest

import dapolicy

RULESET = """
id: areas
landlord: {name: Area Homes, kind: private_registered_provider}
document: {title: Area Homes policy, version: "1", source_text: areas.txt}
parameters:
  marac_threshold:
    by_area: {peterborough: 14, cambridgeshire: 10}
    source: {clause: "4", quote: "14 in Peterborough and 10 in Cambridgeshire"}
  marac_threshold_with_default:
    by_area: {peterborough: 14, default: 10}
    source: {clause: "4", quote: "14 in Peterborough, 10 elsewhere"}
  local_services:
    by_area: {peterborough: [police, marac], cambridgeshire: [police]}
    assumption: {reason: "test"}
  victims_hub:
    by_area: {peterborough: true, default: false}
    source: {clause: "6", quote: "the Peterborough victims hub"}
  contact_deadline:
    value: {hours: 24}
    source: {clause: "3", quote: "within 24 hours"}
definitions:
  domestic_abuse:
    when: statutory.domestic_abuse
    source: {clause: "1", quote: "as the Act defines it"}
rules:
  - id: refer_by_area
    action: marac_referral
    modality: must
    when: risk.dash_score >= params.marac_threshold
    source: {clause: "4", quote: "we refer"}
  - id: refer_with_default
    action: professionals_meeting
    modality: must
    when: risk.dash_score >= params.marac_threshold_with_default
    source: {clause: "4", quote: "we refer"}
  - id: local_service
    action: specialist_support_referral
    modality: may
    when: '"marac" in statutory_agency_support and "marac" in params.local_services'
    source: {clause: "5", quote: "local services"}
  - id: victims_hub
    action: independent_living_referral
    modality: may
    when: params.victims_hub and survivor.is_customer
    source: {clause: "6", quote: "the Peterborough victims hub"}
  - id: contact
    action: contact_survivor
    modality: must
    when: domestic_abuse
    due: contact_deadline
    source: {clause: "3", quote: "we will contact you"}
"""


@pytest.fixture(scope="module")
def policy(tmp_path_factory):
    path = tmp_path_factory.mktemp("areas") / "areas.yaml"
    path.write_text(textwrap.dedent(RULESET), encoding="utf-8")
    return dapolicy.load_policy(path)


def outcome(policy, action, **case):
    decision = policy.evaluate(case).to_dict()
    for kind in ("actions", "undecided"):
        for entry in decision[kind]:
            if entry["id"] == action:
                return kind, entry
    return None, None


def test_the_area_of_the_home_selects_its_threshold(policy):
    assert outcome(policy, "marac_referral", area="peterborough", risk={"dash_score": 12})[0] is None
    assert outcome(policy, "marac_referral", area="cambridgeshire", risk={"dash_score": 12})[0] == "actions"


def test_with_the_area_unknown_a_score_above_every_threshold_decides(policy):
    assert outcome(policy, "professionals_meeting", risk={"dash_score": 20})[0] == "actions"


def test_with_the_area_unknown_a_score_between_thresholds_waits_on_the_area(policy):
    kind, entry = outcome(policy, "professionals_meeting", risk={"dash_score": 12})
    assert kind == "undecided" and entry["missing"] == ["area"]


def test_an_area_the_policy_gives_no_value_for_stays_undecided_rather_than_false(policy):
    kind, entry = outcome(policy, "marac_referral", area="sefton", risk={"dash_score": 20})
    assert kind == "undecided"


def test_the_default_value_covers_other_areas(policy):
    assert outcome(policy, "professionals_meeting", area="sefton", risk={"dash_score": 10})[0] == "actions"
    assert outcome(policy, "professionals_meeting", area="sefton", risk={"dash_score": 9})[0] is None


def test_a_list_parameter_keyed_by_area_is_used_with_in(policy):
    assert outcome(policy, "specialist_support_referral", area="peterborough", statutory_agency_support=["marac"])[0] == "actions"
    assert outcome(policy, "specialist_support_referral", area="cambridgeshire", statutory_agency_support=["marac"])[0] is None


def test_a_deadline_parameter_in_hours_sets_the_due_and_is_cited(policy):
    case = {"reported_at": "2026-10-24T12:00", "relationship": "spouse", "behaviours": ["physical"],
            "survivor": {"age": 30}, "perpetrator": {"age": 30}}
    entry = policy.evaluate(case).action("contact_survivor")
    assert entry.due.isoformat() == "2026-10-25T11:00:00+00:00"
    assert [c.quote for c in entry.citations] == ["we will contact you", "within 24 hours"]


def test_a_deadline_parameter_cannot_be_used_in_a_condition(tmp_path):
    text = textwrap.dedent(RULESET).replace("when: risk.dash_score >= params.marac_threshold\n",
                                            "when: risk.dash_score >= params.contact_deadline\n")
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(dapolicy.PolicyError) as caught:
        dapolicy.load_policy(path)
    assert any(p.code == "compile.type_error" and "deadline" in p.message for p in caught.value.problems)


def test_overriding_an_unknown_parameter_is_refused_with_a_suggestion():
    with pytest.raises(dapolicy.PolicyError) as caught:
        dapolicy.load_policy("statutory", parameters={"landlord_knd": "local_housing_authority"})
    assert "did you mean 'landlord_kind'?" in str(caught.value)


def test_a_yes_no_parameter_keyed_by_area_stands_alone_as_a_condition(policy):
    assert outcome(policy, "independent_living_referral", area="peterborough", survivor={"is_customer": True})[0] == "actions"
    assert outcome(policy, "independent_living_referral", area="sefton", survivor={"is_customer": True})[0] is None
    kind, entry = outcome(policy, "independent_living_referral", survivor={"is_customer": True})
    assert kind == "undecided" and entry["missing"] == ["area"]
