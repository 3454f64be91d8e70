"""Tests of the One Vision Housing ruleset (policies/ovh.yaml) that the YAML policy tests cannot state.

The scenario tests are in policies/ovh.tests.yaml (`dapolicy test policies/ovh.tests.yaml`), read against
../shared/sources/ovh.txt. These stay in Python because they assert what the YAML test format has no words for: a
clause an entry does *not* cite, a reading found among an entry's assumptions by some of its words, the order of
the actions in a decision, and the ruleset's document and landlord. Cases start from the `default` base case of
policies/ovh.tests.yaml (an OVH customer in Sefton reporting domestic abuse by her husband) and change one fact.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import dapolicy

from scenarios import absent, action, clauses, recipients, shared, with_facts

OVH = dapolicy.load_policy("ovh")
OVH_TESTS = Path(__file__).resolve().parents[1] / "policies" / "ovh.tests.yaml"
BASE_CASE = yaml.safe_load(OVH_TESTS.read_text(encoding="utf-8"))["base_cases"]["default"]


def decide(**overrides) -> dict:
    """The OVH decision document for the base case with facts changed (`survivor__age=16` sets `survivor.age`)."""
    return OVH.evaluate(with_facts(BASE_CASE, **overrides)).to_dict()


SHARE = "share_without_consent"
CONSENT_RULE = "share_only_with_explicit_consent_3_6_2"
LEGAL_DUTY_REASON = (
    "`legal_duty_to_disclose` is a duty in law; the policy acknowledges it, so sharing is `must` (the same "
    "reading in every ruleset)."
)


def only_the_consent_rule(decision):
    """Assert that 3.6.2's prohibition stands for every recipient, with no exception and nothing undecided; its entry."""
    entry = shared(decision, SHARE, "any", modality="must_not", clause=["3.6.2", "3.6.1", "1.3"], rules=[CONSENT_RULE])
    assert set(recipients(decision, SHARE)) == {"any"}
    assert recipients(decision, SHARE, "undecided") == {}
    assert recipients(decision, SHARE, "conflicts") == {}
    return entry


# A clause an entry does not cite -------------------------------------------------------------------------------


def test_3_3_a_survivor_abused_by_an_ovh_customer_gets_the_section_3_responses_but_not_the_customer_ones():
    decision = decide(survivor__is_customer=False, perpetrator__is_customer=True)
    action(decision, "contact_survivor", modality="must", clause="3.3")
    shared(decision, SHARE, "any", modality="must_not", clause="3.6.2", rules=[CONSENT_RULE])
    action(decision, "treat_as_antisocial_behaviour", modality="must_not", clause="2.6")
    action(decision, "accept_account_at_face_value", modality="must", clause="2.9")
    action(decision, "enforcement_against_perpetrator", modality="may", clause="3.4.2")
    entry = action(decision, "advice_and_assistance", modality="may", clause="3.4.2")
    assert "1.1" not in clauses(entry)
    for customer_only in ("record_response_time", "support_to_remain_at_home", "discuss_service_satisfaction",
                          "action_plan", "open_case"):  # fmt: skip
        absent(decision, customer_only)


def test_1_5_the_standard_names_tenants_so_a_leaseholder_has_ovhs_aim_to_support_only():
    entry = action(decide(survivor__is_leaseholder=True), "advice_and_assistance", modality="should",
                   clause=["1.1", "3.4.2"])  # fmt: skip
    assert "1.5" not in clauses(entry)


def test_1_5_the_standard_does_not_reach_a_victim_who_is_not_a_tenant_of_ovh():
    decision = decide(survivor__is_customer=False, perpetrator__is_customer=True)
    entry = action(decision, "advice_and_assistance", modality="may", clause="3.4.2")
    assert "1.5" not in clauses(entry)


def test_3_4_1_target_hardening_outside_immediate_danger_rests_on_4_2_only():
    entry = action(decide(risk__immediate_danger=False), "target_hardening", modality="may", clause="4.2")
    assert "3.4.1" not in clauses(entry)


@pytest.mark.parametrize("agencies", [[], ["police"], ["social_services"], ["marac"]])
def test_3_5_1_ovh_looks_to_show_flexibility_to_every_customer_experiencing_abuse_case_by_case(agencies):
    decision = decide(statutory_agency_support=agencies)
    entry = action(decision, "flexible_policy_application", modality="should", clause=["3.5.1", "1.2"])
    assert "3.5.3" not in clauses(entry)


# A reading among an entry's assumptions ------------------------------------------------------------------------


def test_1_5_a_disclosure_the_law_requires_is_made_with_or_without_consent():
    decision = decide(legal_duty_to_disclose=True)
    entry = shared(decision, SHARE, "any", modality="must", clause=["1.5", "3.6.1"],
                   rules=["comply_with_legal_duty_to_disclose_1_5"], overrides=[CONSENT_RULE])  # fmt: skip
    assert LEGAL_DUTY_REASON in entry["assumptions"]
    assert set(recipients(decision, SHARE)) == {"any"}
    assert decision["conflicts"] == []


# The reading of 3.4.1 with 3.6.2 leaves a gap when consent is refused outside the emergency. This test pins it,
# and that the decision says so, so that a change of reading (or the Safeguarding Policies) is deliberate.
SAFEGUARDING_GAP = "neither is a child or adult at risk"


def test_3_4_1_and_3_6_2_a_child_at_risk_of_serious_harm_with_consent_refused_gets_no_alert_outside_an_emergency():
    decision = decide(risk__serious_harm=True, children__at_risk=True, survivor__consents_to_share=False)
    action(decision, "immediate_danger_response", modality="must", clause="3.4.1")
    absent(decision, "safeguarding_children_referral")
    entry = only_the_consent_rule(decision)
    assert any(SAFEGUARDING_GAP in reading for reading in entry["assumptions"])


# The decision's order and the ruleset's document ---------------------------------------------------------------


def test_actions_without_any_due_are_ordered_by_id():
    ids = [e["id"] for e in decide()["actions"]]
    assert ids == sorted(ids)


def test_the_ruleset_states_its_document():
    document = OVH.model.document
    assert (document.approved, document.review, document.source_text) == ("2024-06", "2027-06", "ovh.txt")
    assert OVH.model.landlord.kind == "private_registered_provider"
