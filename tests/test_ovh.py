"""Scenario tests for the One Vision Housing ruleset (policies/ovh.yaml), read against ../shared/sources/ovh.txt.

Each test is one behaviour the policy states, named after its clause. Cases start from `ovh_case()`, a complete
case of an OVH customer in Sefton reporting domestic abuse by her husband (every fact the OVH rules read has a
definite value), and change one fact; a fact set to UNKNOWN is left out of the case document (unknown, not false).
OVH's policy sets no deadline and names no approver, so every entry has `due` and `authority` null.
Passing information on without consent (`share_without_consent`) has one entry per recipient: 3.6.2 forbids it
to every recipient (`any`) and its exceptions displace that where they apply.
"""

from __future__ import annotations

import pytest

import dapolicy

from scenarios import (
    UNKNOWN, absent, action, clauses, entries, recipients, shared, shared_undecided, undecided, with_facts
)

OVH = dapolicy.load_policy("ovh")

#: Monday 2 March 2026 10:00 GMT.
REPORTED_AT = "2026-03-02T10:00"
REVIEW_WARNING = "policy review date 2027-06-30 had passed when the report was received"


def ovh_case(**overrides):
    """A complete OVH customer domestic-abuse case; `survivor__age=16` overrides `survivor.age`."""
    case = {
        "reported_at": REPORTED_AT,
        "report_source": "survivor",
        "area": "sefton",
        "relationship": "spouse",
        "behaviours": ["physical"],
        "survivor": {
            "age": 30,
            "is_customer": True,
            "is_leaseholder": False,
            "wishes": "stay",
            "needs_interpreter": False,
            "requests_female_staff": False,
            "has_care_and_support_needs": False,
            "capacity_in_doubt": False,
            "tenancy_breaches": [],
            "consents_to_share": True,
        },
        "perpetrator": {"age": 32, "is_customer": False},
        "children": {"affected": False, "at_risk": False, "related_to_a_or_b": False, "protection_plan": False},
        "risk": {
            "immediate_danger": False,
            "serious_harm": False,
            "emergency_intervention_required": False,
            "safe_to_remain": True,
            "enforcement_compromises_safety": False,
        },
        "legal_duty_to_disclose": False,
        "statutory_agency_support": [],
        "evidence_sufficient": False,
        "noise_complaint_against_survivor": False,
    }
    return with_facts(case, **overrides)


def decide(**overrides) -> dict:
    """The OVH decision document for `ovh_case(**overrides)`."""
    return OVH.evaluate(ovh_case(**overrides)).to_dict()


def da(decision) -> tuple[str, str]:
    return decision["domestic_abuse"]["value"], decision["domestic_abuse"]["statutory"]


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


#: What OVH does once abuse involving a customer is "potentially happening" (3.3, 2.9, 3.6.2), before the 3.1
#: definition is settled, where no one is in immediate danger.
POTENTIAL_ABUSE_RESPONSES = [
    ("accept_account_at_face_value", "must", "2.9"),
    ("contact_survivor", "must", "3.3"),
    ("share_without_consent", "must_not", "3.6.2"),
]


def only_the_potential_abuse_responses(decision, *, age_known=True):
    """Assert that the decision holds exactly the responses to abuse potentially happening.

    The consent rule stands for every recipient whatever the age. While the survivor's age is unknown, only
    its exception for Social Services waits on it: abuse of a child under 16 is child abuse, dealt with under
    the Safeguarding Children procedure.
    """
    for action_id, modality, clause in POTENTIAL_ABUSE_RESPONSES:
        if action_id != "share_without_consent":
            action(decision, action_id, modality=modality, clause=clause)
    shared(decision, SHARE, "any", modality="must_not", clause="3.6.2", rules=[CONSENT_RULE])
    assert set(recipients(decision, SHARE)) == {"any"}
    assert sorted(e["id"] for e in decision["actions"]) == sorted(a for a, _, _ in POTENTIAL_ABUSE_RESPONSES)
    if age_known:
        assert recipients(decision, SHARE, "undecided") == {}
    else:
        shared_undecided(decision, SHARE, "social_services", missing=["survivor.age"], modalities=["may", "must_not"])


IMMEDIATE_DANGER_OPTIONS = [
    ("emergency_services", "Informing emergency services"),
    ("homelessness_referral", "for emergency rehousing"),
    ("target_hardening", "Target hardening of the potential victims' addresses"),
    ("injunction_application", "making applications for emergency ex parte injunctions"),
    ("fire_service_referral", "Referral to local fire authorities"),
]


# The whole picture for the complete case ---------------------------------------------------------------------


def test_complete_customer_case_gets_every_unconditional_commitment_and_nothing_undecided():
    decision = decide()
    assert decision["policy"]["id"] == "ovh"
    assert decision["policy"]["landlord"] == "One Vision Housing"
    assert decision["undecided"] == []
    assert decision["conflicts"] == []
    assert decision["warnings"] == []
    assert {(e["id"], e["modality"], e["recipient"]) for e in decision["actions"]} == {
        ("accept_account_at_face_value", "must", None),
        ("contact_survivor", "must", None),
        ("record_response_time", "must", None),
        ("advice_and_assistance", "must", None),
        ("discuss_service_satisfaction", "should", None),
        ("flexible_policy_application", "should", None),
        ("specialist_support_referral", "should", None),
        ("support_to_remain_at_home", "should", None),
        ("action_plan", "may", None),
        ("open_case", "may", None),
        ("target_hardening", "may", None),
        ("record_report", "may", None),
        ("priority_banding_evidence", "may", None),
        ("independent_living_referral", "may", None),
        ("share_without_consent", "must_not", "any"),
        ("treat_as_antisocial_behaviour", "must_not", None),
    }


def test_the_policy_sets_no_deadline_and_names_no_approver_for_any_action():
    decision = decide(risk__immediate_danger=True, risk__emergency_intervention_required=True,
                      evidence_sufficient=True, statutory_agency_support=["marac"],
                      survivor__tenancy_breaches=["rent_arrears"], survivor__capacity_in_doubt=True)  # fmt: skip
    assert decision["actions"]
    assert all(e["due"] is None for e in decision["actions"])
    assert all(e["authority"] is None for e in decision["actions"])


# 3.1 Definitions and scope ------------------------------------------------------------------------------------


def test_3_1_physical_abuse_between_adult_spouses_is_domestic_abuse_under_ovh_and_the_act():
    decision = decide()
    assert da(decision) == ("yes", "yes")
    assert decision["domestic_abuse"]["missing"] == []


@pytest.mark.parametrize("person", ["survivor", "perpetrator"])
def test_3_1_a_person_aged_16_is_each_aged_16_or_over(person):
    decision = decide(**{f"{person}__age": 16})
    assert da(decision) == ("yes", "yes")
    action(decision, "contact_survivor", modality="must", clause="3.3")


def test_3_1_abusive_behaviour_towards_a_person_under_16_is_child_abuse_not_domestic_abuse():
    decision = decide(survivor__age=15)
    assert da(decision) == ("no", "no")
    action(decision, "safeguarding_children_referral", modality="must", clause="3.1")
    # Abuse involving a customer is still "potentially happening" (3.3): the first responses do not wait on age.
    # The consent rule gives way for Social Services only, to whom the Safeguarding Children procedure goes.
    for action_id, modality, clause in POTENTIAL_ABUSE_RESPONSES:
        if action_id != "share_without_consent":
            action(decision, action_id, modality=modality, clause=clause)
    shared(decision, SHARE, "social_services", modality="may", clause=["3.1", "3.4.1"],
           rules=["safeguarding_children_without_consent_3_1"], overrides=[CONSENT_RULE])  # fmt: skip
    shared(decision, SHARE, "any", modality="must_not", clause="3.6.2", rules=[CONSENT_RULE])
    assert set(recipients(decision, SHARE)) == {"any", "social_services"}
    assert sorted(e["id"] for e in decision["actions"]) == sorted(
        ["safeguarding_children_referral", "share_without_consent"] + [a for a, _, _ in POTENTIAL_ABUSE_RESPONSES]
    )
    assert decision["undecided"] == []
    assert decision["conflicts"] == []


def test_3_1_the_child_abuse_referral_does_not_wait_on_consent():
    decision = decide(survivor__age=15, survivor__consents_to_share=False)
    action(decision, "safeguarding_children_referral", modality="must", clause="3.1")
    shared(decision, SHARE, "social_services", modality="may", clause="3.1",
           rules=["safeguarding_children_without_consent_3_1"], overrides=[CONSENT_RULE])  # fmt: skip


def test_3_1_an_adult_survivor_gets_no_social_services_exception():
    only_the_consent_rule(decide(survivor__age=16))


def test_3_1_child_abuse_goes_to_safeguarding_children_whoever_is_an_ovh_customer():
    decision = decide(survivor__age=9, survivor__is_customer=False, perpetrator__is_customer=False,
                      relationship="none")  # fmt: skip
    action(decision, "safeguarding_children_referral", modality="must", clause="3.1")
    assert [e["id"] for e in decision["actions"]] == ["safeguarding_children_referral"]


def test_3_1_a_child_under_16_with_no_abusive_behaviour_reported_is_not_child_abuse():
    decision = decide(survivor__age=12, behaviours=[])
    assert decision["actions"] == []
    assert decision["undecided"] == []


def test_3_1_a_perpetrator_under_16_abusing_an_adult_is_neither_domestic_abuse_nor_child_abuse():
    decision = decide(perpetrator__age=15)
    assert da(decision) == ("no", "no")
    absent(decision, "safeguarding_children_referral")
    only_the_potential_abuse_responses(decision)  # abusive behaviour involving a customer: potentially happening
    assert decision["undecided"] == []


def test_3_1_an_unknown_survivor_age_leaves_domestic_abuse_and_child_abuse_undecided_but_not_the_first_contact():
    decision = decide(survivor__age=UNKNOWN)
    assert da(decision) == ("unknown", "unknown")
    assert decision["domestic_abuse"]["missing"] == ["survivor.age"]
    entry = undecided(decision, "safeguarding_children_referral", missing=["survivor.age"], modality="must")
    assert "3.1" in clauses(entry)
    undecided(decision, "advice_and_assistance", missing=["survivor.age"], modality="must")
    # Reported abusive behaviour involving a customer is "potentially happening" (3.3): no need to know the age.
    only_the_potential_abuse_responses(decision, age_known=False)


@pytest.mark.parametrize(
    "relationship",
    [
        "spouse",
        "former_spouse",
        "civil_partner",
        "former_civil_partner",
        "engaged",
        "civil_partnership_agreement",
        "intimate_partner",
        "former_intimate_partner",
        "shared_parent",
        "relative",
    ],
)
def test_3_1_each_relationship_listed_as_personally_connected_is_covered(relationship):
    decision = decide(relationship=relationship)
    assert da(decision) == ("yes", "yes")
    assert decision["warnings"] == []


@pytest.mark.parametrize("relationship", ["household_member", "visitor", "neighbour", "none"])
def test_3_1_people_not_personally_connected_are_outside_the_definition_but_abuse_is_potentially_happening(
    relationship,
):
    decision = decide(relationship=relationship)
    assert da(decision) == ("no", "no")
    assert decision["warnings"] == []
    assert decision["undecided"] == []
    only_the_potential_abuse_responses(decision)


@pytest.mark.parametrize(
    "behaviour",
    [
        "physical",
        "sexual",
        "violent_or_threatening",
        "controlling_or_coercive",
        "economic",
        "psychological_or_emotional",
        "honour_based",  # 3.1: controlling or coercive behaviour includes so called 'honour' based violence
        "fgm",  # 3.1: ... female genital mutilation [FGM]
        "forced_marriage",  # 3.1: ... and forced marriage
        "image_based",  # 3.1: "other abuse"
    ],
)
def test_3_1_each_kind_of_abusive_behaviour_is_domestic_abuse(behaviour):
    assert da(decide(behaviours=[behaviour])) == ("yes", "yes")


def test_3_1_no_abusive_behaviour_is_not_domestic_abuse():
    decision = decide(behaviours=[])
    assert da(decision) == ("no", "no")
    assert decision["actions"] == []
    assert decision["undecided"] == []


def test_3_1_unknown_behaviours_leave_the_definition_unknown_and_duties_undecided():
    decision = decide(behaviours=UNKNOWN)
    assert da(decision) == ("unknown", "unknown")
    assert "behaviours" in decision["domestic_abuse"]["missing"]
    undecided(decision, "contact_survivor", missing=["behaviours"], modality="must")
    absent(decision, "safeguarding_children_referral")  # an adult survivor: never child abuse


def test_3_1_unknown_behaviours_towards_a_child_leave_the_child_abuse_referral_undecided():
    decision = decide(survivor__age=10, behaviours=UNKNOWN)
    undecided(decision, "safeguarding_children_referral", missing=["behaviours"], modality="must")


def test_3_1_a_child_who_sees_the_abuse_and_is_related_is_a_victim_for_whom_an_alert_may_be_raised():
    decision = decide(risk__immediate_danger=True, children__affected=True, children__related_to_a_or_b=True)
    action(decision, "safeguarding_children_referral", modality="may", clause="3.4.1")


def test_3_1_an_affected_child_who_is_not_related_and_not_at_risk_is_not_a_child_victim():
    decision = decide(risk__immediate_danger=True, children__affected=True, children__related_to_a_or_b=False)
    absent(decision, "safeguarding_children_referral")


# Scope: customers (1.1, 2.1) and abuse involving any customer (3.3) -------------------------------------------


def test_scope_abuse_involving_no_ovh_customer_gets_nothing_from_this_policy():
    decision = decide(survivor__is_customer=False, perpetrator__is_customer=False)
    assert da(decision) == ("yes", "yes")
    assert decision["actions"] == []
    assert decision["undecided"] == []


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


def test_scope_unknown_customer_status_leaves_the_duties_undecided():
    decision = decide(survivor__is_customer=UNKNOWN)
    undecided(decision, "contact_survivor", missing=["survivor.is_customer"], modality="must")
    undecided(decision, "record_response_time", missing=["survivor.is_customer"], modality="must")


def test_scope_a_leaseholder_is_a_customer():
    decision = decide(survivor__is_leaseholder=True)
    action(decision, "advice_and_assistance", modality="should", clause="1.1")
    action(decision, "contact_survivor", modality="must", clause="3.3")


# 1.1 Support ------------------------------------------------------------------------------------------------


def test_1_1_ovh_aims_to_provide_appropriate_support_to_customers_experiencing_abuse():
    entry = action(decide(), "advice_and_assistance", modality="must", clause=["1.1", "1.5", "3.4.2"])
    assert "support_for_customers_1_1" in entry["rules"]


# 1.5 Legal and regulatory requirements ---------------------------------------------------------------------


def test_1_5_as_the_regulators_standard_requires_ovh_enables_a_tenant_to_access_support_and_advice():
    entry = action(decide(), "advice_and_assistance", modality="must", clause="1.5")
    assert "rsh_support_and_advice_1_5" in entry["rules"]


def test_1_5_the_standard_names_tenants_so_a_leaseholder_has_ovhs_aim_to_support_only():
    entry = action(decide(survivor__is_leaseholder=True), "advice_and_assistance", modality="should",
                   clause=["1.1", "3.4.2"])  # fmt: skip
    assert "1.5" not in clauses(entry)


def test_1_5_the_standard_does_not_reach_a_victim_who_is_not_a_tenant_of_ovh():
    decision = decide(survivor__is_customer=False, perpetrator__is_customer=True)
    entry = action(decision, "advice_and_assistance", modality="may", clause="3.4.2")
    assert "1.5" not in clauses(entry)


def test_1_5_an_unknown_leasehold_keeps_the_aim_to_support_and_names_the_fact_the_regulatory_duty_waits_on():
    decision = decide(survivor__is_leaseholder=UNKNOWN)
    entry = action(decision, "advice_and_assistance", modality="should", clause=["1.1", "3.4.2"],
                   missing=["survivor.is_leaseholder"])  # fmt: skip
    assert "rsh_support_and_advice_1_5" not in entry["rules"]


# 1.6 Access and communication -------------------------------------------------------------------------------


def test_1_6_1_ovh_seeks_an_alternative_method_of_access_where_an_interpreter_is_needed():
    action(decide(survivor__needs_interpreter=True), "arrange_interpreter", modality="should", clause="1.6.1")


def test_1_6_1_no_interpreter_where_none_is_needed():
    absent(decide(survivor__needs_interpreter=False), "arrange_interpreter")


def test_1_6_2_ovh_requests_a_capacity_assessment_where_capacity_is_suspected_to_be_lacking():
    action(decide(survivor__capacity_in_doubt=True), "capacity_assessment", modality="must", clause="1.6.2")


def test_1_6_2_ovh_assumes_capacity_so_no_assessment_without_a_suspicion():
    absent(decide(survivor__capacity_in_doubt=False), "capacity_assessment")


def test_1_6_2_an_unknown_suspicion_leaves_the_assessment_undecided_not_dropped():
    undecided(decide(survivor__capacity_in_doubt=UNKNOWN), "capacity_assessment",
              missing=["survivor.capacity_in_doubt"], modality="must")  # fmt: skip


# 2.4 Preventing homelessness ------------------------------------------------------------------------------


def test_2_4_ovh_seeks_to_allow_a_survivor_to_stay_in_their_own_home_where_safe():
    decision = decide(risk__safe_to_remain=True, survivor__wishes="stay")
    action(decision, "support_to_remain_at_home", modality="should", clause="2.4")
    absent(decision, "support_decision_to_move")


def test_2_4_ovh_seeks_to_work_with_a_survivor_who_cannot_stay_safely_to_find_alternative_accommodation():
    decision = decide(risk__safe_to_remain=False, survivor__wishes="stay")
    action(decision, "support_decision_to_move", modality="should", clause="2.4")
    absent(decision, "support_to_remain_at_home")


def test_2_4_ovh_seeks_to_work_with_a_survivor_who_wants_to_move_to_find_alternative_accommodation():
    decision = decide(risk__safe_to_remain=True, survivor__wishes="move")
    action(decision, "support_decision_to_move", modality="should", clause="2.4")
    action(decision, "support_to_remain_at_home", modality="should", clause="2.4")


def test_2_4_unknown_safety_leaves_staying_undecided_and_moving_undecided_unless_the_survivor_wants_to_move():
    decision = decide(risk__safe_to_remain=UNKNOWN)
    undecided(decision, "support_to_remain_at_home", missing=["risk.safe_to_remain"], modality="should")
    undecided(decision, "support_decision_to_move", missing=["risk.safe_to_remain"], modality="should")
    decision = decide(risk__safe_to_remain=UNKNOWN, survivor__wishes="move")
    action(decision, "support_decision_to_move", modality="should", clause="2.4")


# 2.5 Action against perpetrators ------------------------------------------------------------------------


def test_2_5_ovh_takes_appropriate_action_against_a_perpetrator_found_responsible_and_assesses_it_for_harm():
    decision = decide(evidence_sufficient=True)
    action(decision, "enforcement_against_perpetrator", modality="must", clause=["2.5", "4.2"])
    action(decision, "enforcement_safety_assessment", modality="must", clause="2.5")


def test_2_5_without_sufficient_evidence_against_a_perpetrator_who_is_not_a_customer_there_is_no_action():
    decision = decide(evidence_sufficient=False, perpetrator__is_customer=False)
    absent(decision, "enforcement_against_perpetrator")
    absent(decision, "enforcement_safety_assessment")


def test_2_5_unknown_evidence_leaves_action_against_the_perpetrator_undecided():
    decision = decide(evidence_sufficient=UNKNOWN)
    undecided(decision, "enforcement_against_perpetrator", missing=["evidence_sufficient"], modality="must")
    undecided(decision, "enforcement_safety_assessment", missing=["evidence_sufficient"], modality="must")


def test_2_5_where_the_assessment_finds_acting_would_compromise_the_survivors_safety_no_action_is_taken():
    decision = decide(evidence_sufficient=True, risk__enforcement_compromises_safety=True)
    absent(decision, "enforcement_against_perpetrator")
    action(decision, "enforcement_safety_assessment", modality="must", clause="2.5")


def test_2_5_while_the_assessment_has_no_result_action_against_the_perpetrator_is_undecided_naming_it():
    decision = decide(evidence_sufficient=True, risk__enforcement_compromises_safety=UNKNOWN)
    undecided(decision, "enforcement_against_perpetrator", missing=["risk.enforcement_compromises_safety"],
              modality="must")  # fmt: skip
    action(decision, "enforcement_safety_assessment", modality="must", clause="2.5")


def test_3_4_2_enforcement_against_a_customer_perpetrator_is_assessed_in_the_same_way():
    decision = decide(perpetrator__is_customer=True, risk__enforcement_compromises_safety=True)
    absent(decision, "enforcement_against_perpetrator")
    decision = decide(perpetrator__is_customer=True, risk__enforcement_compromises_safety=UNKNOWN)
    undecided(decision, "enforcement_against_perpetrator", missing=["risk.enforcement_compromises_safety"],
              modality="may")  # fmt: skip


def test_2_5_an_emergency_injunction_is_a_course_of_action_assessed_for_the_survivors_safety():
    decision = decide(risk__immediate_danger=True, risk__enforcement_compromises_safety=True)
    absent(decision, "injunction_application")
    action(decision, "enforcement_safety_assessment", modality="must", clause="2.5")
    decision = decide(risk__immediate_danger=True, risk__enforcement_compromises_safety=UNKNOWN)
    undecided(decision, "injunction_application", missing=["risk.enforcement_compromises_safety"], modality="may")
    entry = action(decide(risk__immediate_danger=True), "injunction_application", modality="may", clause="3.4.1")
    assert "2.5" in clauses(entry)


def test_2_5_each_course_of_action_is_assessed_including_an_emergency_injunction():
    decision = decide(risk__immediate_danger=True)
    action(decision, "injunction_application", modality="may", clause="3.4.1")
    action(decision, "enforcement_safety_assessment", modality="must", clause="2.5")


# 2.6 Not antisocial behaviour; no service generated risks ------------------------------------------------


def test_2_6_a_domestic_abuse_case_is_not_dealt_with_as_antisocial_behaviour():
    action(decide(), "treat_as_antisocial_behaviour", modality="must_not", clause="2.6")


def test_2_6_no_tenancy_enforcement_for_noise_that_may_be_the_result_of_the_abuse():
    decision = decide(noise_complaint_against_survivor=True)
    action(decision, "tenancy_enforcement_for_noise", modality="must_not", clause="2.6")
    assert decision["conflicts"] == []


def test_2_6_without_a_noise_complaint_there_is_nothing_to_forbid():
    absent(decide(noise_complaint_against_survivor=False), "tenancy_enforcement_for_noise")


def test_2_6_an_unknown_noise_complaint_keeps_the_prohibition_waiting_not_dropped():
    decision = decide(noise_complaint_against_survivor=UNKNOWN)
    undecided(decision, "tenancy_enforcement_for_noise", missing=["noise_complaint_against_survivor"],
              modality="must_not")  # fmt: skip


def test_2_6_the_noise_prohibition_does_not_reach_a_case_that_is_not_domestic_abuse():
    absent(decide(noise_complaint_against_survivor=True, relationship="neighbour"), "tenancy_enforcement_for_noise")


# 2.8 and 3.2 Referral to support ------------------------------------------------------------------------


def test_2_8_ovh_endeavours_to_help_survivors_find_support_through_referral():
    entry = action(decide(), "specialist_support_referral", modality="should", clause=["2.8", "3.2", "3.4.2"])
    assert len(entries(decide(), "actions", "specialist_support_referral")) == 1
    assert "help_find_support_2_8" in entry["rules"]


# 2.9 Information on trust -----------------------------------------------------------------------------


def test_2_9_information_from_a_potential_survivor_is_taken_on_trust_and_at_face_value():
    action(decide(), "accept_account_at_face_value", modality="must", clause="2.9")


# 3.2 What trained staff are able to do ----------------------------------------------------------------


def test_3_2_staff_may_raise_a_case_management_entry_on_internal_systems():
    action(decide(), "record_report", modality="may", clause="3.2")


# 3.3 Discreet contact with potential victims ------------------------------------------------------------


@pytest.mark.parametrize("source", ["survivor", "third_party", "agency_referral", "staff_observation"])
def test_3_3_however_ovh_is_made_aware_staff_attempt_discreet_contact_with_no_deadline(source):
    entry = action(decide(report_source=source), "contact_survivor", modality="must", due=None, clause="3.3")
    assert "3.2" in clauses(entry)


def test_3_3_contact_does_not_wait_on_who_reported():
    action(decide(report_source=UNKNOWN), "contact_survivor", modality="must", clause="3.3")


def test_3_3_abusive_behaviour_involving_a_customer_is_potentially_happening_whatever_the_relationship():
    decision = decide(relationship="neighbour")
    assert da(decision) == ("no", "no")
    action(decision, "contact_survivor", modality="must", clause="3.3")
    absent(decision, "priority_banding_evidence")  # the secondary actions need the 3.1 definition


def test_3_3_contact_does_not_wait_on_the_relationship_or_ages():
    decision = decide(relationship=UNKNOWN, survivor__age=UNKNOWN, perpetrator__age=UNKNOWN)
    assert da(decision) == ("unknown", "unknown")
    only_the_potential_abuse_responses(decision, age_known=False)
    undecided(decision, "priority_banding_evidence", missing=["perpetrator.age", "relationship", "survivor.age"],
              modality="may")  # fmt: skip


def test_3_3_learning_the_relationship_later_never_takes_the_contact_back():
    for relationship in (UNKNOWN, "spouse", "neighbour"):
        action(decide(relationship=relationship), "contact_survivor", modality="must", clause="3.3")


def test_3_3_no_contact_duty_where_no_abusive_behaviour_is_reported():
    decision = decide(behaviours=[])
    absent(decision, "contact_survivor")
    absent(decision, "accept_account_at_face_value")
    absent(decision, "share_without_consent")


def test_3_3_a_victim_abused_by_an_ovh_customer_is_contacted_before_the_definition_is_settled():
    decision = decide(survivor__is_customer=False, perpetrator__is_customer=True, relationship=UNKNOWN)
    action(decision, "contact_survivor", modality="must", clause="3.3")


def test_3_3_unknown_customer_status_of_both_people_leaves_the_contact_undecided():
    decision = decide(survivor__is_customer=UNKNOWN, perpetrator__is_customer=UNKNOWN)
    undecided(decision, "contact_survivor", missing=["perpetrator.is_customer", "survivor.is_customer"],
              modality="must")  # fmt: skip


# 3.4.1 Someone in immediate danger ---------------------------------------------------------------------


def test_3_4_1_ovh_takes_appropriate_action_when_someone_is_in_immediate_danger():
    decision = decide(risk__immediate_danger=True)
    action(decision, "immediate_danger_response", modality="must", due=None, clause="3.4.1")


@pytest.mark.parametrize("action_id, words", IMMEDIATE_DANGER_OPTIONS)
def test_3_4_1_each_listed_response_may_be_taken_when_someone_is_in_immediate_danger(action_id, words):
    entry = action(decide(risk__immediate_danger=True), action_id, modality="may", clause="3.4.1")
    assert any(words in c["quote"] for c in entry["citations"] if c["clause"] == "3.4.1")


@pytest.mark.parametrize("action_id", ["immediate_danger_response", "emergency_services", "homelessness_referral",
                                       "injunction_application", "fire_service_referral"])  # fmt: skip
def test_3_4_1_no_immediate_response_when_no_one_is_in_immediate_danger_or_at_risk_of_serious_harm(action_id):
    absent(decide(risk__immediate_danger=False, risk__serious_harm=False), action_id)


@pytest.mark.parametrize("action_id, words", IMMEDIATE_DANGER_OPTIONS)
def test_3_4_1_a_risk_of_serious_harm_without_immediate_danger_opens_the_same_response(action_id, words):
    decision = decide(risk__immediate_danger=False, risk__serious_harm=True)
    action(decision, "immediate_danger_response", modality="must", clause="3.4.1")
    entry = action(decision, action_id, modality="may", clause="3.4.1")
    assert any(words in c["quote"] for c in entry["citations"] if c["clause"] == "3.4.1")
    action(decision, "enforcement_safety_assessment", modality="must", clause="2.5")


def test_3_4_1_an_unknown_risk_of_serious_harm_leaves_the_response_undecided_where_there_is_no_immediate_danger():
    decision = decide(risk__immediate_danger=False, risk__serious_harm=UNKNOWN)
    undecided(decision, "immediate_danger_response", missing=["risk.serious_harm"], modality="must")
    undecided(decision, "emergency_services", missing=["risk.serious_harm"], modality="may")


def test_3_4_1_immediate_danger_is_enough_whatever_is_known_of_serious_harm():
    decision = decide(risk__immediate_danger=True, risk__serious_harm=UNKNOWN)
    action(decision, "immediate_danger_response", modality="must", clause="3.4.1")


def test_3_4_1_target_hardening_outside_immediate_danger_rests_on_4_2_only():
    entry = action(decide(risk__immediate_danger=False), "target_hardening", modality="may", clause="4.2")
    assert "3.4.1" not in clauses(entry)


def test_3_4_1_unknown_immediate_danger_leaves_the_immediate_responses_undecided():
    decision = decide(risk__immediate_danger=UNKNOWN)
    undecided(decision, "immediate_danger_response", missing=["risk.immediate_danger"], modality="must")
    undecided(decision, "emergency_services", missing=["risk.immediate_danger"], modality="may")
    # A risk of serious harm settles it without knowing whether the danger is immediate.
    decision = decide(risk__immediate_danger=UNKNOWN, risk__serious_harm=True)
    action(decision, "immediate_danger_response", modality="must", clause="3.4.1")


def test_3_4_1_female_only_staff_may_be_facilitated_on_request():
    decision = decide(risk__immediate_danger=True, survivor__requests_female_staff=True)
    action(decision, "female_staff", modality="may", clause="3.4.1")


def test_3_4_1_no_female_only_staff_without_a_request():
    absent(decide(risk__immediate_danger=True, survivor__requests_female_staff=False), "female_staff")


def test_3_4_1_a_safeguarding_children_alert_may_be_raised_where_a_child_is_at_risk():
    decision = decide(risk__immediate_danger=True, children__at_risk=True)
    action(decision, "safeguarding_children_referral", modality="may", clause="3.4.1")


def test_3_4_1_a_safeguarding_children_alert_may_be_raised_where_a_child_is_on_a_protection_plan():
    decision = decide(risk__immediate_danger=True, children__protection_plan=True)
    action(decision, "safeguarding_children_referral", modality="may", clause="3.4.1")


def test_3_4_1_an_unknown_protection_plan_leaves_the_childrens_alert_undecided():
    decision = decide(risk__immediate_danger=True, children__protection_plan=UNKNOWN)
    undecided(decision, "safeguarding_children_referral", missing=["children.protection_plan"], modality="may")


def test_3_4_1_the_response_to_immediate_danger_does_not_wait_on_the_relationship_or_ages():
    decision = decide(risk__immediate_danger=True, relationship=UNKNOWN, survivor__age=UNKNOWN)
    action(decision, "immediate_danger_response", modality="must", clause="3.4.1")
    for action_id, _ in IMMEDIATE_DANGER_OPTIONS:
        action(decision, action_id, modality="may", clause="3.4.1")
    action(decision, "enforcement_safety_assessment", modality="must", clause="2.5")


def test_3_4_1_someone_in_immediate_danger_from_a_neighbour_gets_the_immediate_response():
    decision = decide(risk__immediate_danger=True, relationship="neighbour")
    action(decision, "immediate_danger_response", modality="must", clause="3.4.1")
    action(decision, "emergency_services", modality="may", clause="3.4.1")


def test_3_4_1_a_safeguarding_adults_alert_may_be_raised_for_a_survivor_with_care_and_support_needs():
    decision = decide(risk__immediate_danger=True, survivor__has_care_and_support_needs=True)
    action(decision, "safeguarding_adults_referral", modality="may", clause="3.4.1")


def test_3_4_1_no_safeguarding_alert_where_none_is_relevant():
    decision = decide(risk__immediate_danger=True)
    absent(decision, "safeguarding_children_referral")
    absent(decision, "safeguarding_adults_referral")


def test_3_4_1_someone_in_danger_covers_a_victim_who_is_not_a_customer_abused_by_a_customer():
    decision = decide(risk__immediate_danger=True, survivor__is_customer=False, perpetrator__is_customer=True)
    action(decision, "immediate_danger_response", modality="must", clause="3.4.1")
    action(decision, "emergency_services", modality="may", clause="3.4.1")


# 3.4.2 Secondary actions -------------------------------------------------------------------------------


@pytest.mark.parametrize("danger", [True, False])
def test_3_4_2_secondary_actions_are_open_whether_or_not_harm_is_immediate(danger):
    decision = decide(risk__immediate_danger=danger)
    action(decision, "priority_banding_evidence", modality="may", clause="3.4.2")
    action(decision, "independent_living_referral", modality="may", clause="3.4.2")


def test_3_4_2_in_sefton_referral_may_also_be_to_sefton_womens_and_childrens_aid():
    entry = action(decide(area="sefton"), "specialist_support_referral", modality="should", clause="3.4.2")
    assert {"idva_referral_3_4_2", "sefton_womens_and_childrens_aid_referral_3_4_2"} <= set(entry["rules"])


@pytest.mark.parametrize("area", ["knowsley", "liverpool", "wolverhampton"])
def test_3_4_2_outside_sefton_referral_is_to_idvas_only(area):
    entry = action(decide(area=area), "specialist_support_referral", modality="should", clause="3.4.2")
    assert "idva_referral_3_4_2" in entry["rules"]
    assert "sefton_womens_and_childrens_aid_referral_3_4_2" not in entry["rules"]


def test_3_4_2_an_unknown_area_still_gives_the_idva_referral_in_every_area():
    decision = decide(area=UNKNOWN)
    entry = action(decision, "specialist_support_referral", modality="should", clause="3.4.2")
    assert "idva_referral_3_4_2" in entry["rules"]


def test_3_4_2_enforcement_may_be_taken_against_a_perpetrator_who_is_also_an_ovh_customer():
    decision = decide(perpetrator__is_customer=True, evidence_sufficient=False)
    action(decision, "enforcement_against_perpetrator", modality="may", clause="3.4.2")
    action(decision, "enforcement_safety_assessment", modality="must", clause="2.5")


def test_3_4_2_and_2_5_with_evidence_against_a_customer_perpetrator_action_must_be_taken():
    decision = decide(perpetrator__is_customer=True, evidence_sufficient=True)
    action(decision, "enforcement_against_perpetrator", modality="must", clause=["2.5", "3.4.2"])


# 3.5 Flexibility and exemptions ----------------------------------------------------------------------------


@pytest.mark.parametrize("agencies", [[], ["police"], ["social_services"], ["marac"]])
def test_3_5_1_ovh_looks_to_show_flexibility_to_every_customer_experiencing_abuse_case_by_case(agencies):
    decision = decide(statutory_agency_support=agencies)
    entry = action(decision, "flexible_policy_application", modality="should", clause=["3.5.1", "1.2"])
    assert "3.5.3" not in clauses(entry)


def test_3_5_1_flexibility_does_not_wait_on_statutory_agency_support():
    decision = decide(statutory_agency_support=UNKNOWN)
    action(decision, "flexible_policy_application", modality="should", clause="3.5.1")


def test_3_5_1_flexibility_is_for_customers_not_for_a_victim_of_a_customer():
    absent(decide(survivor__is_customer=False, perpetrator__is_customer=True), "flexible_policy_application")


@pytest.mark.parametrize("agency", ["police", "social_services", "marac"])
def test_3_5_2_with_statutory_agency_support_ovh_may_override_tenancy_breaches(agency):
    decision = decide(statutory_agency_support=[agency], survivor__tenancy_breaches=["rent_arrears"])
    action(decision, "override_tenancy_breach", modality="may", clause=["3.5.2", "3.5.3"])


def test_3_5_2_other_tenancy_breaches_may_be_overridden_too():
    decision = decide(statutory_agency_support=["police"], survivor__tenancy_breaches=["other"])
    action(decision, "override_tenancy_breach", modality="may", clause="3.5.2")


def test_3_5_3_normally_statutory_agencies_support_the_case_for_an_override():
    decision = decide(statutory_agency_support=["police"], survivor__tenancy_breaches=["rent_arrears"])
    entry = action(decision, "override_tenancy_breach", modality="may", clause="3.5.3")
    assert entry["rules"] == ["override_tenancy_breaches_3_5_2"]


def test_3_5_3_normally_is_not_always_without_agency_support_an_override_stays_open_by_exception():
    decision = decide(statutory_agency_support=[], survivor__tenancy_breaches=["rent_arrears"])
    entry = action(decision, "override_tenancy_breach", modality="may", clause=["3.5.3", "3.5.2", "3.5.1"])
    assert entry["rules"] == ["override_tenancy_breaches_by_exception_3_5_3"]
    action(decision, "flexible_policy_application", modality="should", clause="3.5.1")


def test_3_5_3_the_exceptional_override_is_for_customers_experiencing_abuse_with_breaches():
    absent(decide(statutory_agency_support=[], survivor__tenancy_breaches=[]), "override_tenancy_breach")
    absent(decide(statutory_agency_support=[], survivor__tenancy_breaches=["rent_arrears"],
                  survivor__is_customer=False, perpetrator__is_customer=True), "override_tenancy_breach")  # fmt: skip


def test_3_5_2_no_breaches_nothing_to_override():
    decision = decide(statutory_agency_support=["police"], survivor__tenancy_breaches=[])
    absent(decision, "override_tenancy_breach")


def test_3_5_3_unknown_agency_support_leaves_the_override_undecided():
    decision = decide(statutory_agency_support=UNKNOWN, survivor__tenancy_breaches=["rent_arrears"])
    undecided(decision, "override_tenancy_breach", missing=["statutory_agency_support"], modality="may")


# 3.6 Confidentiality -----------------------------------------------------------------------------------


def test_3_6_2_information_is_passed_on_only_with_explicit_consent_to_every_recipient():
    only_the_consent_rule(decide())


def test_3_6_2_unless_there_is_immediate_danger_and_emergency_intervention_is_required():
    decision = decide(risk__immediate_danger=True, risk__emergency_intervention_required=True)
    shared(decision, SHARE, "any", modality="may", clause="3.6.2", rules=["share_in_emergency_3_6_2"],
           overrides=[CONSENT_RULE])  # fmt: skip
    assert set(recipients(decision, SHARE)) == {"any"}
    assert decision["conflicts"] == []


def test_3_6_2_immediate_danger_without_a_need_for_emergency_intervention_still_needs_consent():
    only_the_consent_rule(decide(risk__immediate_danger=True, risk__emergency_intervention_required=False))


def test_3_6_2_an_emergency_intervention_without_immediate_danger_still_needs_consent():
    only_the_consent_rule(decide(risk__immediate_danger=False, risk__emergency_intervention_required=True))


def test_3_6_2_a_risk_of_serious_harm_that_is_not_immediate_does_not_open_the_emergency_exception():
    # 3.6.2's "at risk or in danger of immediate harm": both limbs are immediate harm (unlike 3.4.1).
    decision = decide(risk__immediate_danger=False, risk__serious_harm=True, risk__emergency_intervention_required=True)
    only_the_consent_rule(decision)


def test_3_6_2_with_the_emergency_unknown_sharing_is_undecided_naming_it():
    decision = decide(risk__immediate_danger=True, risk__emergency_intervention_required=UNKNOWN)
    entry = shared_undecided(decision, SHARE, "any", missing=["risk.emergency_intervention_required"],
                             modalities=["may", "must_not"])  # fmt: skip
    assert entry["modality"] == "must_not"  # the cautious reading while undecided


def test_3_6_2_with_no_immediate_danger_an_unknown_need_for_intervention_does_not_matter():
    only_the_consent_rule(decide(risk__immediate_danger=False, risk__emergency_intervention_required=UNKNOWN))


def test_1_5_a_disclosure_the_law_requires_is_made_with_or_without_consent():
    decision = decide(legal_duty_to_disclose=True)
    entry = shared(decision, SHARE, "any", modality="must", clause=["1.5", "3.6.1"],
                   rules=["comply_with_legal_duty_to_disclose_1_5"], overrides=[CONSENT_RULE])  # fmt: skip
    assert LEGAL_DUTY_REASON in entry["assumptions"]
    assert set(recipients(decision, SHARE)) == {"any"}
    assert decision["conflicts"] == []


def test_1_5_without_a_legal_duty_the_consent_rule_stands():
    only_the_consent_rule(decide(legal_duty_to_disclose=False))


def test_1_5_an_unknown_legal_duty_leaves_sharing_undecided_naming_it():
    shared_undecided(decide(legal_duty_to_disclose=UNKNOWN), SHARE, "any", missing=["legal_duty_to_disclose"],
                     modalities=["must", "must_not"])  # fmt: skip


def test_1_5_and_3_6_2_a_legal_duty_in_an_emergency_is_a_must():
    decision = decide(legal_duty_to_disclose=True, risk__immediate_danger=True, risk__emergency_intervention_required=True)
    shared(decision, SHARE, "any", modality="must", clause=["1.5", "3.6.2"],
           rules=["share_in_emergency_3_6_2", "comply_with_legal_duty_to_disclose_1_5"],
           overrides=[CONSENT_RULE])  # fmt: skip
    assert decision["conflicts"] == []


def test_3_6_2_consent_protects_potential_survivors_before_the_definition_is_settled():
    shared(decide(relationship=UNKNOWN), SHARE, "any", modality="must_not", clause="3.6.2", rules=[CONSENT_RULE])


def test_3_6_2_the_emergency_exception_applies_to_potential_survivors_too():
    decision = decide(relationship=UNKNOWN, risk__immediate_danger=True, risk__emergency_intervention_required=True)
    shared(decision, SHARE, "any", modality="may", clause="3.6.2", rules=["share_in_emergency_3_6_2"],
           overrides=[CONSENT_RULE])  # fmt: skip
    assert decision["conflicts"] == []


def test_3_6_2_a_safeguarding_concern_alone_is_not_an_exception():
    only_the_consent_rule(decide(safeguarding_concern=True))


def test_3_6_2_the_survivors_consent_is_not_read_by_the_prohibition():
    # share_without_consent is sharing without consent: a survivor's consent neither lifts nor settles it.
    for consent in (True, False, UNKNOWN):
        only_the_consent_rule(decide(survivor__consents_to_share=consent))


def test_3_1_a_child_under_16_in_an_emergency_may_have_information_passed_to_anyone():
    decision = decide(survivor__age=15, risk__immediate_danger=True, risk__emergency_intervention_required=True)
    shared(decision, SHARE, "any", modality="may", clause="3.6.2", rules=["share_in_emergency_3_6_2"],
           overrides=[CONSENT_RULE])  # fmt: skip
    shared(decision, SHARE, "social_services", modality="may", clause=["3.6.2", "3.1"],
           rules=["share_in_emergency_3_6_2", "safeguarding_children_without_consent_3_1"],
           overrides=[CONSENT_RULE])  # fmt: skip


def test_3_6_2_no_customer_involved_nothing_about_sharing_applies_even_for_a_child():
    decision = decide(survivor__age=9, survivor__is_customer=False, perpetrator__is_customer=False)
    assert recipients(decision, SHARE) == recipients(decision, SHARE, "undecided") == {}


# 3.6.1 and 3.6.2 Referrals to agencies outside OVH need explicit consent ---------------------------------


def test_3_6_1_without_consent_ovh_does_not_refer_to_support_agencies():
    decision = decide(survivor__consents_to_share=False)
    absent(decision, "specialist_support_referral")
    only_the_consent_rule(decision)


def test_3_6_1_an_unknown_consent_leaves_the_support_referral_undecided_naming_it():
    undecided(decide(survivor__consents_to_share=UNKNOWN), "specialist_support_referral",
              missing=["survivor.consents_to_share"], modality="should")  # fmt: skip


def test_3_6_1_a_referral_for_support_is_no_emergency_intervention_so_it_still_needs_consent():
    decision = decide(survivor__consents_to_share=False, risk__immediate_danger=True,
                      risk__emergency_intervention_required=True)  # fmt: skip
    absent(decision, "specialist_support_referral")


def test_3_6_1_the_independent_living_service_is_within_ovh_and_does_not_wait_on_consent():
    decision = decide(survivor__consents_to_share=UNKNOWN)
    action(decision, "independent_living_referral", modality="may", clause="3.4.2")


EXTERNAL_3_4_1 = ["emergency_services", "homelessness_referral", "fire_service_referral"]


@pytest.mark.parametrize("action_id", EXTERNAL_3_4_1)
def test_3_4_1_and_3_6_2_an_external_referral_in_danger_needs_consent(action_id):
    decision = decide(risk__immediate_danger=True, survivor__consents_to_share=False)
    absent(decision, action_id)
    action(decision, "immediate_danger_response", modality="must", clause="3.4.1")


@pytest.mark.parametrize("action_id", EXTERNAL_3_4_1)
def test_3_4_1_and_3_6_2_an_external_referral_may_be_made_without_consent_in_an_emergency(action_id):
    decision = decide(risk__immediate_danger=True, risk__emergency_intervention_required=True,
                      survivor__consents_to_share=False)  # fmt: skip
    entry = action(decision, action_id, modality="may", clause="3.4.1")
    assert "3.6.2" in clauses(entry)


@pytest.mark.parametrize("action_id", EXTERNAL_3_4_1)
def test_3_4_1_and_3_6_2_an_unknown_consent_leaves_an_external_referral_undecided_naming_it(action_id):
    decision = decide(risk__immediate_danger=True, survivor__consents_to_share=UNKNOWN)
    undecided(decision, action_id, missing=["survivor.consents_to_share"], modality="may")


@pytest.mark.parametrize("action_id", ["female_staff", "target_hardening", "injunction_application"])
def test_3_4_1_responses_within_ovh_do_not_wait_on_consent(action_id):
    decision = decide(risk__immediate_danger=True, survivor__consents_to_share=False,
                      survivor__requests_female_staff=True)  # fmt: skip
    action(decision, action_id, modality="may", clause="3.4.1")


def test_3_4_1_a_safeguarding_alert_about_a_child_at_risk_needs_consent_outside_an_emergency():
    decision = decide(risk__immediate_danger=True, children__at_risk=True, survivor__consents_to_share=False)
    absent(decision, "safeguarding_children_referral")


def test_3_4_1_a_safeguarding_alert_about_a_child_at_risk_may_be_raised_without_consent_in_an_emergency():
    decision = decide(risk__immediate_danger=True, risk__emergency_intervention_required=True,
                      children__at_risk=True, survivor__consents_to_share=False)  # fmt: skip
    action(decision, "safeguarding_children_referral", modality="may", clause="3.4.1")


def test_3_4_1_an_adults_safeguarding_alert_waits_on_an_unknown_consent():
    decision = decide(risk__immediate_danger=True, survivor__has_care_and_support_needs=True,
                      survivor__consents_to_share=UNKNOWN)  # fmt: skip
    undecided(decision, "safeguarding_adults_referral", missing=["survivor.consents_to_share"], modality="may")


# The reading of 3.4.1 with 3.6.2 leaves a gap when consent is refused outside the emergency. These tests pin
# it, and that the decision says so, so that a change of reading (or the Safeguarding Policies) is deliberate.
SAFEGUARDING_GAP = "neither is a child or adult at risk"


def test_3_4_1_and_3_6_2_a_child_at_risk_of_serious_harm_with_consent_refused_gets_no_alert_outside_an_emergency():
    decision = decide(risk__serious_harm=True, children__at_risk=True, survivor__consents_to_share=False)
    action(decision, "immediate_danger_response", modality="must", clause="3.4.1")
    absent(decision, "safeguarding_children_referral")
    entry = only_the_consent_rule(decision)
    assert any(SAFEGUARDING_GAP in reading for reading in entry["assumptions"])


def test_3_4_1_and_3_6_2_an_adult_with_care_and_support_needs_in_danger_without_an_emergency_needs_consent():
    decision = decide(risk__immediate_danger=True, risk__emergency_intervention_required=False,
                      survivor__has_care_and_support_needs=True, survivor__consents_to_share=False)  # fmt: skip
    absent(decision, "safeguarding_adults_referral")
    only_the_consent_rule(decision)


def test_3_4_1_and_1_5_a_duty_in_law_is_a_route_for_a_child_at_risk_when_consent_is_refused():
    decision = decide(risk__serious_harm=True, children__at_risk=True, survivor__consents_to_share=False,
                      legal_duty_to_disclose=True)  # fmt: skip
    shared(decision, SHARE, "any", modality="must", clause="1.5", rules=["comply_with_legal_duty_to_disclose_1_5"],
           overrides=[CONSENT_RULE])  # fmt: skip
    absent(decision, "safeguarding_children_referral")  # the alert itself still waits on consent (3.6.1)


def test_3_1_a_survivor_under_16_keeps_the_consent_rule_for_the_police_and_other_recipients():
    decision = decide(survivor__age=15, survivor__consents_to_share=False, risk__serious_harm=True)
    shared(decision, SHARE, "social_services", modality="may", clause="3.1",
           rules=["safeguarding_children_without_consent_3_1"], overrides=[CONSENT_RULE])  # fmt: skip
    shared(decision, SHARE, "any", modality="must_not", clause="3.6.2", rules=[CONSENT_RULE])
    action(decision, "safeguarding_children_referral", modality="must", clause="3.1")


# 1.5, 3.3 and 3.7.3 MARAC ---------------------------------------------------------------------------


def test_1_5_complying_with_regulatory_requirements_ovh_takes_part_in_marac_for_a_case_at_marac():
    decision = decide(statutory_agency_support=["marac"])
    action(decision, "marac_participation", modality="must", clause=["1.5", "3.3", "3.7.3"])


def test_1_5_marac_participation_covers_a_victim_of_an_ovh_customer_at_marac():
    decision = decide(statutory_agency_support=["marac"], survivor__is_customer=False, perpetrator__is_customer=True)
    action(decision, "marac_participation", modality="must", clause="1.5")


def test_1_5_unknown_agency_support_leaves_marac_participation_undecided():
    undecided(decide(statutory_agency_support=UNKNOWN), "marac_participation", missing=["statutory_agency_support"],
              modality="must")  # fmt: skip


@pytest.mark.parametrize("agencies", [[], ["police", "social_services"]])
def test_1_5_no_marac_participation_for_a_case_not_at_marac(agencies):
    absent(decide(statutory_agency_support=agencies), "marac_participation")


def test_ovh_does_not_say_it_refers_cases_to_marac():
    absent(decide(statutory_agency_support=["marac"], risk__immediate_danger=True), "marac_referral")


# 4.2 Community Safety Team ---------------------------------------------------------------------------


@pytest.mark.parametrize("action_id", ["target_hardening", "action_plan", "open_case"])
def test_4_2_the_community_safety_teams_tasks_are_available_to_customers(action_id):
    action(decide(), action_id, modality="may", clause="4.2")


# 5 Performance ----------------------------------------------------------------------------------------


def test_5_1_ovh_discusses_service_satisfaction_where_appropriate():
    action(decide(), "discuss_service_satisfaction", modality="should", clause="5.1")


@pytest.mark.parametrize("source", ["survivor", "agency_referral", "third_party", "staff_observation"])
def test_5_2_ovh_records_the_time_taken_to_respond_whoever_reported_the_abuse(source):
    action(decide(report_source=source), "record_response_time", modality="must", due=None, clause="5.2")


def test_5_2_the_response_time_record_does_not_wait_on_who_reported():
    action(decide(report_source=UNKNOWN), "record_response_time", modality="must", due=None, clause="5.2")


def test_5_2_the_record_is_for_customers_experiencing_abuse():
    absent(decide(survivor__is_customer=False, perpetrator__is_customer=True), "record_response_time")
    absent(decide(relationship="neighbour"), "record_response_time")


# Document: review date and ordering --------------------------------------------------------------------------


def test_review_date_june_2027_had_not_passed_for_a_report_on_30_june_2027():
    assert decide(reported_at="2027-06-30T17:00")["warnings"] == []


def test_review_date_june_2027_had_passed_for_a_report_on_1_july_2027():
    assert decide(reported_at="2027-07-01T09:00")["warnings"] == [REVIEW_WARNING]


def test_review_date_is_not_judged_without_a_report_time():
    decision = decide(reported_at=UNKNOWN)
    assert decision["warnings"] == []
    action(decision, "contact_survivor", modality="must", clause="3.3")


def test_actions_without_any_due_are_ordered_by_id():
    ids = [e["id"] for e in decide()["actions"]]
    assert ids == sorted(ids)


def test_the_ruleset_states_its_document():
    document = OVH.model.document
    assert (document.approved, document.review, document.source_text) == ("2024-06", "2027-06", "ovh.txt")
    assert OVH.model.landlord.kind == "private_registered_provider"


@pytest.mark.parametrize("relationship", [UNKNOWN, "neighbour"])
def test_1_5_a_legal_duty_to_disclose_is_complied_with_whether_or_not_the_abuse_meets_3_1(relationship):
    decision = decide(relationship=relationship, legal_duty_to_disclose=True)
    shared(decision, SHARE, "any", modality="must", clause="1.5", rules=["comply_with_legal_duty_to_disclose_1_5"],
           overrides=[CONSENT_RULE])  # fmt: skip


def test_1_6_1_an_interpreter_is_sought_for_the_first_contact_before_the_3_1_definition_is_settled():
    decision = decide(relationship=UNKNOWN, survivor__needs_interpreter=True)
    action(decision, "arrange_interpreter", modality="should", clause="1.6.1")
    action(decision, "contact_survivor", modality="must", clause="3.3")
