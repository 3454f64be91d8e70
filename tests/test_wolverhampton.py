"""Scenario tests for the Wolverhampton Homes ruleset (policies/wolverhampton.yaml), read against
../shared/sources/wolverhampton.txt (Customer Domestic Abuse Policy 2022 - 2025, version 2.0).

Each test is one behaviour the policy states, named after its section. Cases start from `wh_case()`, a complete
case of a Wolverhampton Homes secure tenant in the city experiencing domestic abuse below the MARAC threshold, who
consents to information being shared, with no child affected and no safeguarding concern (every fact the rules
read has a definite value), and change one fact; a fact set to UNKNOWN is left out of the case document
(unknown, not false). The policy sets no deadlines, so every `due` is null.

The sharing actions (`share_without_consent`, `share_information_with_agencies`) have one entry per recipient;
`shared()` and `shared_undecided()` assert the entry for one recipient, and `recipients()` lists them all.
"""

from __future__ import annotations

import pytest

import dapolicy

from scenarios import (
    UNKNOWN, absent, action, clauses, entries, recipients, shared, shared_undecided, undecided, with_facts
)

WH = dapolicy.load_policy("wolverhampton")

#: Monday 2 March 2026 10:00 GMT.
REPORTED_AT = "2026-03-02T10:00"

REVIEW_WARNING = "policy review date 2025-03-31 had passed when the report was received"


def wh_case(**overrides):
    """A complete Wolverhampton Homes domestic-abuse case; `survivor__age=17` overrides `survivor.age`."""
    case = {
        "reported_at": REPORTED_AT,
        "report_source": "survivor",
        "area": "wolverhampton",
        "relationship": "spouse",
        "behaviours": ["physical"],
        "survivor": {
            "age": 34,
            "is_customer": True,
            "tenure": "secure",
            "needs_interpreter": False,
            "consents_to_share": True,
            "has_care_and_support_needs": False,
            "capacity_in_doubt": False,
            "financial_need": False,
            "homeless_due_to_abuse": False,
        },
        "perpetrator": {
            "age": 36,
            "is_customer": False,
            "is_employee": False,
            "accused_of_offence": False,
            "seeks_to_change": False,
            "remains_in_home": False,
        },
        "children": {"present": False, "affected": False, "at_risk": False, "protection_plan": False},
        "risk": {
            "dash_score": 8,
            "professional_judgement_high": False,
            "serious_harm": False,
            "home_security_compromised": False,
            "safe_to_remain": True,
            "enforcement_compromises_safety": False,
        },
        "safeguarding_concern": False,
        "legal_duty_to_disclose": False,
        "evidence_sufficient": False,
        "other_agency_response_inadequate": False,
    }
    return with_facts(case, **overrides)


def decide(policy=WH, **overrides) -> dict:
    """The Wolverhampton Homes decision document for `wh_case(**overrides)`."""
    return policy.evaluate(wh_case(**overrides)).to_dict()


#: A tenant of Wolverhampton Homes who perpetrates the abuse.
TENANT_PERPETRATOR = {"perpetrator__is_customer": True}
#: An employee of Wolverhampton Homes who perpetrates the abuse.
EMPLOYEE_PERPETRATOR = {"perpetrator__is_employee": True}
#: A survivor who refuses consent to information being shared with other agencies.
NO_CONSENT = {"survivor__consents_to_share": False}

#: The prohibition on sharing without consent, and the exceptions to it, by rule id.
PROHIBITION = "share_only_with_consent_5_0"


# The whole picture for the complete case ---------------------------------------------------------------------


def test_complete_case_gets_every_duty_owed_to_every_victim_and_nothing_undecided():
    decision = decide()
    assert decision["policy"]["id"] == "wolverhampton"
    assert decision["policy"]["landlord"] == "Wolverhampton Homes"
    assert decision["policy"]["version"] == "2.0"
    assert decision["undecided"] == []
    assert decision["conflicts"] == []
    assert {(e["id"], e["modality"]) for e in decision["actions"]} == {
        ("respond_to_report", "must"),
        ("contact_survivor", "must"),
        ("establish_special_requirements", "must"),
        ("advice_and_assistance", "must"),
        ("share_information_with_agencies", "must"),
        ("share_without_consent", "must_not"),
        ("action_plan", "must"),
        ("signpost_legal_support", "must"),
        ("signpost_other_services", "must"),
        ("record_report", "must"),
        ("support_to_remain_at_home", "must"),
        ("rehousing_same_tenure", "should"),
        ("professionals_meeting", "must"),
    }
    assert all(e["due"] is None for e in decision["actions"])
    assert all(e["authority"] is None for e in decision["actions"])
    assert recipients(decision, "share_information_with_agencies") == {"any": "must"}
    assert recipients(decision, "share_without_consent") == {"any": "must_not"}


# 4.0 Policy definitions: the Domestic Abuse Act 2021 ------------------------------------------------------------


def test_4_0_violence_between_adult_spouses_is_domestic_abuse_under_both_definitions():
    da = decide()["domestic_abuse"]
    assert (da["value"], da["statutory"], da["missing"]) == ("yes", "yes", [])


@pytest.mark.parametrize("person", ["survivor", "perpetrator"])
def test_4_0_a_person_aged_16_is_within_each_aged_16_or_over(person):
    decision = decide(**{f"{person}__age": 16})
    assert (decision["domestic_abuse"]["value"], decision["domestic_abuse"]["statutory"]) == ("yes", "yes")
    action(decision, "respond_to_report", modality="must", clause="5.0")


#: What remains for a report of abuse that is not domestic abuse as 4.0 defines it: respond and record (5.0, 6.0),
#: and keep it confidential (5.0, 7.0).
REPORT_ONLY = [("record_report", "must"), ("respond_to_report", "must"), ("share_without_consent", "must_not")]


def test_4_0_a_perpetrator_under_16_is_outside_the_definition_so_only_the_report_is_responded_to_and_recorded():
    decision = decide(perpetrator__age=15)
    assert (decision["domestic_abuse"]["value"], decision["domestic_abuse"]["statutory"]) == ("no", "no")
    assert [(e["id"], e["modality"]) for e in decision["actions"]] == REPORT_ONLY
    assert decision["undecided"] == []


def test_3_0_and_4_0_a_survivor_under_16_is_outside_the_definition_but_the_abuse_of_a_child_is_safeguarded():
    decision = decide(survivor__age=15)
    assert (decision["domestic_abuse"]["value"], decision["domestic_abuse"]["statutory"]) == ("no", "no")
    assert [(e["id"], e["recipient"], e["modality"]) for e in decision["actions"]] == [
        ("record_report", None, "must"),
        ("respond_to_report", None, "must"),
        ("safeguarding_children_referral", None, "must"),
        ("share_information_with_agencies", "social_services", "must"),
        ("share_without_consent", "any", "may"),
        ("share_without_consent", "social_services", "must"),
    ]
    action(decision, "safeguarding_children_referral", modality="must", clause="3.0")
    entry = shared(decision, "share_information_with_agencies", "social_services", modality="must", clause="9.0")
    assert "3.0" not in clauses(entry)
    assert decision["undecided"] == []


def test_9_0_a_survivor_under_16_who_refuses_consent_is_still_shared_about_with_social_care_for_the_child():
    decision = decide(survivor__age=15, **NO_CONSENT)
    shared(decision, "share_without_consent", "social_services", modality="must", clause=["9.0", "7.0"],
           overrides=[PROHIBITION])
    shared(decision, "share_without_consent", "any", modality="may", clause="7.0", overrides=[PROHIBITION])
    absent(decision, "marac_referral")


def test_4_0_parents_of_the_same_child_are_personally_connected_as_in_the_act():
    decision = decide(relationship="shared_parent")
    assert (decision["domestic_abuse"]["value"], decision["domestic_abuse"]["statutory"]) == ("yes", "yes")
    assert decision["warnings"] == [REVIEW_WARNING]


@pytest.mark.parametrize("relationship", ["household_member", "visitor", "neighbour", "none"])
def test_4_0_people_who_are_not_personally_connected_are_outside_the_definition(relationship):
    decision = decide(relationship=relationship)
    assert (decision["domestic_abuse"]["value"], decision["domestic_abuse"]["statutory"]) == ("no", "no")
    assert [(e["id"], e["modality"]) for e in decision["actions"]] == REPORT_ONLY
    assert decision["undecided"] == []


@pytest.mark.parametrize("behaviour", ["image_based", "economic", "controlling_or_coercive",
                                       "psychological_or_emotional", "sexual", "honour_based"])
def test_4_0_every_type_of_abuse_the_policy_describes_is_abusive(behaviour):
    da = decide(behaviours=[behaviour])["domestic_abuse"]
    assert (da["value"], da["statutory"]) == ("yes", "yes")


def test_4_0_no_abusive_behaviour_reported_is_not_domestic_abuse_nor_a_report_of_abuse():
    decision = decide(behaviours=[])
    assert decision["domestic_abuse"]["value"] == "no"
    assert decision["actions"] == []
    assert decision["undecided"] == []


def test_4_0_an_unknown_relationship_leaves_the_definition_and_the_duties_to_victims_undecided_not_dropped():
    decision = decide(relationship=UNKNOWN)
    assert decision["domestic_abuse"]["value"] == "unknown"
    assert decision["domestic_abuse"]["missing"] == ["relationship"]
    assert [(e["id"], e["modality"]) for e in decision["actions"]] == REPORT_ONLY
    undecided(decision, "contact_survivor", missing=["relationship"], modality="must")
    undecided(decision, "professionals_meeting", missing=["relationship"], modality="must")


def test_5_0_and_6_0_a_neighbours_report_of_threats_next_door_is_responded_to_and_recorded_at_once():
    case = {"reported_at": "2026-03-07T11:15", "report_source": "third_party",
            "behaviours": ["violent_or_threatening"], "survivor": {"is_customer": True}}
    decision = WH.evaluate(case).to_dict()
    assert decision["domestic_abuse"]["value"] == "unknown"
    action(decision, "respond_to_report", modality="must", clause="5.0")
    action(decision, "record_report", modality="must", clause="6.0")
    undecided(decision, "contact_survivor", missing=["perpetrator.age", "relationship", "survivor.age"],
              modality="must")


def test_5_0_unknown_behaviours_leave_even_the_response_undecided():
    decision = decide(behaviours=UNKNOWN)
    undecided(decision, "respond_to_report", missing=["behaviours"], modality="must")


# Scope: victims and survivors, not only tenants -----------------------------------------------------------------


def test_scope_a_victim_who_is_not_a_wolverhampton_homes_tenant_is_owed_the_same_duties():
    tenant = decide()
    other = decide(survivor__is_customer=False)
    assert [(e["id"], e["modality"]) for e in other["actions"]] == [(e["id"], e["modality"]) for e in tenant["actions"]]


def test_scope_for_a_wolverhampton_homes_tenant_the_area_recorded_changes_nothing():
    here = decide()
    elsewhere = decide(area="sandwell")
    assert [(e["id"], e["modality"]) for e in elsewhere["actions"]] == [(e["id"], e["modality"]) for e in here["actions"]]


def test_scope_a_victim_in_the_city_who_is_not_a_tenant_is_supported_at_home_and_offered_sanctuary():
    decision = decide(survivor__is_customer=False, survivor__tenure="assured", risk__home_security_compromised=True)
    action(decision, "support_to_remain_at_home", modality="must", clause=["5.0", "2.0"])
    action(decision, "target_hardening", modality="must", clause="5.0")


def test_scope_a_victim_outside_the_city_whose_home_wolverhampton_homes_does_not_manage_gets_no_home_measures():
    decision = decide(area="sandwell", survivor__is_customer=False, survivor__tenure="assured",
                      risk__home_security_compromised=True)
    absent(decision, "support_to_remain_at_home")
    absent(decision, "target_hardening")
    action(decision, "action_plan", modality="must", clause="5.0")
    action(decision, "advice_and_assistance", modality="must", clause="5.0")
    action(decision, "share_information_with_agencies", modality="must", clause="3.0")
    action(decision, "professionals_meeting", modality="must", clause="9.0")
    assert decision["undecided"] == []


def test_scope_an_unknown_area_leaves_the_home_measures_undecided_for_someone_who_is_not_a_tenant():
    decision = decide(area=UNKNOWN, survivor__is_customer=False, risk__home_security_compromised=True)
    undecided(decision, "support_to_remain_at_home", missing=["area"], modality="must")
    undecided(decision, "target_hardening", missing=["area"], modality="must")
    assert [e["id"] for e in decision["undecided"]] == ["support_to_remain_at_home", "target_hardening"]


# 5.0 Reports, safe contact and special requirements -------------------------------------------------------------


@pytest.mark.parametrize("source", ["survivor", "third_party", "agency_referral", "staff_observation"])
def test_5_0_all_reports_are_responded_to_whoever_made_them(source):
    decision = decide(report_source=source)
    action(decision, "respond_to_report", modality="must", clause="5.0")
    action(decision, "contact_survivor", modality="must", clause="5.0")


def test_5_0_a_report_of_unknown_origin_is_still_responded_to():
    action(decide(report_source=UNKNOWN), "respond_to_report", modality="must", clause="5.0")


def test_5_0_a_safe_time_place_or_communication_method_is_arranged_without_a_deadline():
    entry = action(decide(), "contact_survivor", modality="must", due=None, clause="5.0")
    assert "safe time, place, or communication method" in entry["citations"][0]["quote"]


def test_5_0_special_requirements_are_established_for_every_victim():
    action(decide(), "establish_special_requirements", modality="must", clause="5.0")


def test_5_0_the_need_for_an_interpreter_should_be_considered():
    action(decide(survivor__needs_interpreter=True), "arrange_interpreter", modality="should", clause="5.0")


def test_5_0_no_interpreter_where_none_is_needed():
    absent(decide(survivor__needs_interpreter=False), "arrange_interpreter")


def test_5_0_an_unknown_interpreter_need_is_undecided_and_still_to_be_established():
    decision = decide(survivor__needs_interpreter=UNKNOWN)
    undecided(decision, "arrange_interpreter", missing=["survivor.needs_interpreter"], modality="should")
    action(decision, "establish_special_requirements", modality="must", clause="5.0")


# 5.0 Working with partners and with perpetrators ---------------------------------------------------------------


def test_5_0_victims_are_supported_with_partner_agencies():
    action(decide(), "advice_and_assistance", modality="must", clause="5.0")


def test_5_0_where_appropriate_and_safe_work_with_a_perpetrator_who_wants_to_change_is_best_endeavours():
    decision = decide(perpetrator__seeks_to_change=True)
    action(decision, "perpetrator_programme_referral", modality="should", clause="5.0")


def test_5_0_no_work_with_a_perpetrator_who_does_not_want_to_change():
    absent(decide(perpetrator__seeks_to_change=False), "perpetrator_programme_referral")


# 5.0 and 9.0 MARAC and the local authority threshold -------------------------------------------------------------


def test_5_0_at_the_marac_threshold_information_is_shared_with_consent():
    decision = decide(risk__dash_score=14)
    action(decision, "marac_referral", modality="must", clause=["5.0", "9.0"])
    shared(decision, "share_information_with_agencies", "marac", modality="must", clause=["3.0", "9.0"])
    shared(decision, "share_information_with_agencies", "any", modality="must", clause="3.0")
    absent(decision, "professionals_meeting")


def test_5_0_one_below_the_threshold_is_no_marac_referral():
    decision = decide(risk__dash_score=13)
    absent(decision, "marac_referral")
    action(decision, "professionals_meeting", modality="must", clause="9.0")


def test_5_0_a_professional_judging_the_risk_high_meets_the_threshold_whatever_the_score():
    decision = decide(risk__dash_score=3, risk__professional_judgement_high=True)
    action(decision, "marac_referral", modality="must", clause="5.0")
    absent(decision, "professionals_meeting")


def test_5_0_at_the_marac_threshold_without_consent_the_information_goes_to_marac_with_the_chairs_consent():
    decision = decide(risk__dash_score=16, **NO_CONSENT)
    entry = shared(decision, "share_without_consent", "marac", modality="must", authority="marac_chair",
                   clause=["5.0", "9.0"], overrides=[PROHIBITION])
    assert entry["rules"] == ["share_at_marac_with_chairs_consent_5_0"]
    assert any("expressed consent of the MARAC Chair" in c["quote"] for c in entry["citations"])
    shared(decision, "share_without_consent", "any", modality="must_not", clause="5.0")
    assert recipients(decision, "share_without_consent") == {"any": "must_not", "marac": "must"}


def test_5_0_the_marac_chairs_route_is_for_sharing_without_consent_so_it_stands_whatever_the_survivor_said():
    decision = decide(risk__dash_score=16)
    shared(decision, "share_without_consent", "marac", modality="must", authority="marac_chair", clause="5.0",
           overrides=[PROHIBITION])


def test_5_0_below_the_threshold_marac_is_not_shared_with_without_consent():
    decision = decide(risk__dash_score=13, **NO_CONSENT)
    assert recipients(decision, "share_without_consent") == {"any": "must_not"}


def test_5_0_a_professional_judging_the_risk_high_opens_the_marac_chairs_route():
    decision = decide(risk__dash_score=3, risk__professional_judgement_high=True, **NO_CONSENT)
    shared(decision, "share_without_consent", "marac", modality="must", authority="marac_chair", clause="5.0",
           overrides=[PROHIBITION])


def test_5_0_an_unknown_dash_score_leaves_sharing_with_marac_without_consent_undecided():
    decision = decide(risk__dash_score=UNKNOWN, **NO_CONSENT)
    shared_undecided(decision, "share_without_consent", "marac", missing=["risk.dash_score"], modality="must_not")
    shared(decision, "share_without_consent", "any", modality="must_not", clause="5.0")


def test_5_0_and_7_0_at_the_threshold_with_serious_harm_marac_needs_the_chair_and_others_may_be_told():
    decision = decide(risk__dash_score=18, risk__serious_harm=True, **NO_CONSENT)
    shared(decision, "share_without_consent", "marac", modality="must", authority="marac_chair",
           clause=["5.0", "7.0"], overrides=[PROHIBITION])
    shared(decision, "share_without_consent", "any", modality="may", clause="7.0", overrides=[PROHIBITION])


def test_9_0_at_the_marac_threshold_without_consent_the_legal_duty_covers_the_marac_referral():
    decision = decide(risk__dash_score=18, **NO_CONSENT)
    entry = action(decision, "marac_referral", modality="must", clause="9.0")
    assert entry["rules"] == ["legal_duty_marac_referral_9_0"]
    shared(decision, "share_without_consent", "marac", modality="must", authority="marac_chair", clause="9.0",
           overrides=[PROHIBITION])
    entry = shared(decision, "share_information_with_agencies", "marac", modality="must", clause="9.0")
    assert "3.0" not in clauses(entry)
    assert recipients(decision, "share_information_with_agencies") == {"marac": "must"}
    absent(decision, "professionals_meeting")
    assert decision["conflicts"] == []


def test_9_0_at_the_marac_threshold_with_consent_unknown_only_the_consented_sharing_waits():
    decision = decide(risk__dash_score=18, survivor__consents_to_share=UNKNOWN)
    action(decision, "marac_referral", modality="must", clause="9.0")
    shared(decision, "share_information_with_agencies", "marac", modality="must", clause="9.0")
    shared_undecided(decision, "share_information_with_agencies", "any", missing=["survivor.consents_to_share"],
                     modality="must")
    shared(decision, "share_without_consent", "marac", modality="must", authority="marac_chair", clause="5.0",
           overrides=[PROHIBITION])
    absent(decision, "professionals_meeting")


def test_9_0_below_the_threshold_a_professionals_meeting_is_arranged_with_agreement():
    action(decide(), "professionals_meeting", modality="must", due=None, clause="9.0")


def test_9_0_no_professionals_meeting_without_the_individuals_agreement():
    decision = decide(**NO_CONSENT)
    absent(decision, "professionals_meeting")
    assert recipients(decision, "share_without_consent") == {"any": "must_not"}


def test_9_0_an_unknown_dash_score_leaves_marac_and_the_professionals_meeting_undecided():
    decision = decide(risk__dash_score=UNKNOWN)
    undecided(decision, "marac_referral", missing=["risk.dash_score"], modality="must")
    undecided(decision, "professionals_meeting", missing=["risk.dash_score"], modality="must")


def test_9_0_an_unknown_dash_score_is_settled_by_a_professional_judging_the_risk_high():
    decision = decide(risk__dash_score=UNKNOWN, risk__professional_judgement_high=True)
    action(decision, "marac_referral", modality="must", clause="5.0")
    absent(decision, "professionals_meeting")


def test_9_0_a_score_below_the_threshold_with_professional_judgement_unknown_waits_on_the_judgement():
    decision = decide(risk__dash_score=10, risk__professional_judgement_high=UNKNOWN)
    undecided(decision, "marac_referral", missing=["risk.professional_judgement_high"], modality="must")
    undecided(decision, "professionals_meeting", missing=["risk.professional_judgement_high"], modality="must")


def test_9_0_a_score_at_the_threshold_settles_marac_even_with_professional_judgement_unknown():
    decision = decide(risk__dash_score=14, risk__professional_judgement_high=UNKNOWN)
    action(decision, "marac_referral", modality="must", clause="5.0")
    absent(decision, "professionals_meeting")


def test_parameter_the_threshold_can_be_read_as_the_score_alone():
    score_only = dapolicy.load_policy("wolverhampton",
                                      parameters={"marac_threshold_includes_professional_judgement": False})
    decision = decide(score_only, risk__dash_score=3, risk__professional_judgement_high=True)
    absent(decision, "marac_referral")
    action(decision, "professionals_meeting", modality="must", clause="9.0")


def test_parameter_a_different_local_threshold_can_be_set():
    lower = dapolicy.load_policy("wolverhampton", parameters={"marac_dash_threshold": 10})
    action(decide(lower, risk__dash_score=10), "marac_referral", modality="must", clause="5.0")
    absent(decide(WH, risk__dash_score=10), "marac_referral")


# 3.0, 5.0, 7.0 and 9.0 Information sharing and confidentiality -------------------------------------------------


def test_3_0_information_is_shared_appropriately_about_a_victim_who_consents():
    entry = shared(decide(), "share_information_with_agencies", "any", modality="must", clause="3.0")
    assert "7.0" in clauses(entry)
    assert "9.0" not in clauses(entry)


def test_3_0_no_sharing_about_a_victim_who_refuses_consent_below_the_threshold_without_a_safeguarding_concern():
    decision = decide(**NO_CONSENT)
    absent(decision, "share_information_with_agencies")
    assert recipients(decision, "share_without_consent") == {"any": "must_not"}
    assert decision["undecided"] == []


def test_3_0_sharing_appropriately_waits_on_an_unknown_consent_but_confidentiality_does_not():
    decision = decide(survivor__consents_to_share=UNKNOWN)
    shared_undecided(decision, "share_information_with_agencies", "any", missing=["survivor.consents_to_share"],
                     modality="must")
    shared(decision, "share_without_consent", "any", modality="must_not", clause="5.0")


def test_5_0_and_7_0_without_consent_information_is_not_shared_on_no_ground_the_policy_names():
    decision = decide(**NO_CONSENT)
    entry = shared(decision, "share_without_consent", "any", modality="must_not", clause=["5.0", "3.0", "7.0", "9.0"])
    assert entry["rules"] == [PROHIBITION]
    assert any(c["quote"] == "We will, with consent, share information between agencies" for c in entry["citations"])


def test_5_0_and_7_0_confidentiality_is_owed_on_a_report_outside_the_4_0_definition():
    decision = decide(relationship="neighbour", **NO_CONSENT)
    shared(decision, "share_without_consent", "any", modality="must_not", clause="7.0")


def test_convention_sharing_without_consent_never_reads_consent_and_every_ground_is_an_exception_to_the_prohibition():
    rules = [r for r in WH.model.rules if r.action == "share_without_consent"]
    assert all("consents_to_share" not in r.when for r in rules)
    assert [r.id for r in rules if r.modality == "must_not"] == [PROHIBITION]
    assert all(r.exception_to == [PROHIBITION] for r in rules if r.id != PROHIBITION)
    assert {(r.id, r.recipient, r.modality, r.authority) for r in rules if r.id != PROHIBITION} == {
        ("share_at_marac_with_chairs_consent_5_0", "marac", "must", "marac_chair"),
        ("sharing_justified_for_safeguarding_7_0", "any", "may", None),
        ("sharing_in_the_public_interest_7_0", "any", "may", None),
        ("legal_duty_to_share_without_consent_safeguarding_9_0", "social_services", "must", None),
        ("legal_duty_to_disclose_9_0", "any", "must", None),
    }
    assert not [r for r in WH.model.rules if r.action == "police_report_without_consent"]


def test_9_0_a_safeguarding_concern_is_a_legal_duty_to_share_with_social_care_whatever_the_consent():
    for consent in (True, False):
        decision = decide(safeguarding_concern=True, survivor__consents_to_share=consent)
        shared(decision, "share_information_with_agencies", "social_services", modality="must", clause="9.0")


def test_9_0_a_safeguarding_concern_without_consent_about_an_adult_whose_capacity_is_in_doubt_is_shared_without_it():
    decision = decide(survivor__has_care_and_support_needs=True, survivor__capacity_in_doubt=True, **NO_CONSENT)
    shared(decision, "share_without_consent", "social_services", modality="must", clause=["9.0", "7.0", "6.0"],
           overrides=[PROHIBITION])
    shared(decision, "share_without_consent", "any", modality="may", clause="7.0", overrides=[PROHIBITION])
    action(decision, "capacity_assessment", modality="may", clause="7.0")


def test_9_0_and_7_0_a_safeguarding_concern_besides_the_abuse_goes_to_social_care_and_may_go_to_others():
    decision = decide(safeguarding_concern=True, **NO_CONSENT)
    entry = shared(decision, "share_without_consent", "social_services", modality="must", clause=["9.0", "7.0"],
                   overrides=[PROHIBITION])
    assert entry["rules"] == ["sharing_justified_for_safeguarding_7_0",
                              "legal_duty_to_share_without_consent_safeguarding_9_0"]
    entry = shared(decision, "share_without_consent", "any", modality="may", clause="7.0", overrides=[PROHIBITION])
    assert entry["rules"] == ["sharing_justified_for_safeguarding_7_0"]
    shared(decision, "share_information_with_agencies", "social_services", modality="must", clause="9.0")
    assert decision["conflicts"] == []


def test_6_0_and_7_0_an_adult_with_care_and_support_needs_and_capacity_who_refuses_is_not_shared_about_on_needs_alone():
    decision = decide(survivor__has_care_and_support_needs=True, **NO_CONSENT)
    action(decision, "safeguarding_adults_referral", modality="must", clause="3.0")
    absent(decision, "share_information_with_agencies")
    assert recipients(decision, "share_without_consent") == {"any": "must_not"}
    absent(decision, "capacity_assessment")


def test_6_0_and_7_0_an_adult_with_care_and_support_needs_and_capacity_is_shared_about_on_another_ground():
    decision = decide(survivor__has_care_and_support_needs=True, risk__serious_harm=True, **NO_CONSENT)
    entry = shared(decision, "share_without_consent", "any", modality="may", clause="7.0", overrides=[PROHIBITION])
    assert entry["rules"] == ["sharing_in_the_public_interest_7_0"]


def test_7_0_and_9_0_unknown_capacity_of_an_adult_who_refuses_leaves_sharing_without_consent_undecided():
    decision = decide(survivor__has_care_and_support_needs=True, survivor__capacity_in_doubt=UNKNOWN, **NO_CONSENT)
    shared_undecided(decision, "share_without_consent", "any", missing=["survivor.capacity_in_doubt"],
                     modality="must_not")
    shared_undecided(decision, "share_without_consent", "social_services", missing=["survivor.capacity_in_doubt"],
                     modality="must_not")


def test_7_0_and_9_0_the_grounds_for_sharing_without_consent_stand_whatever_the_survivor_said():
    decision = decide(safeguarding_concern=True, survivor__consents_to_share=True)
    shared(decision, "share_without_consent", "social_services", modality="must", clause="9.0",
           overrides=[PROHIBITION])
    shared(decision, "share_information_with_agencies", "social_services", modality="must", clause=["3.0", "9.0"])
    shared(decision, "share_information_with_agencies", "any", modality="must", clause="3.0")


def test_7_0_sharing_without_consent_may_be_justified_where_a_serious_crime_may_be_prevented():
    decision = decide(risk__serious_harm=True, **NO_CONSENT)
    entry = shared(decision, "share_without_consent", "any", modality="may", clause="7.0", overrides=[PROHIBITION])
    assert any("serious crime may be prevented" in c["quote"] for c in entry["citations"])
    assert recipients(decision, "share_without_consent") == {"any": "may"}


def test_7_0_the_public_interest_ground_holds_for_a_report_of_abuse_outside_the_4_0_definition():
    decision = decide(relationship="neighbour", risk__serious_harm=True, **NO_CONSENT)
    assert decision["domestic_abuse"]["value"] == "no"
    entry = shared(decision, "share_without_consent", "any", modality="may", clause="7.0", overrides=[PROHIBITION])
    assert entry["rules"] == ["sharing_in_the_public_interest_7_0"]
    assert recipients(decision, "share_without_consent") == {"any": "may"}


def test_7_0_the_public_interest_ground_does_not_wait_on_the_4_0_facts():
    decision = decide(relationship=UNKNOWN, risk__serious_harm=True, **NO_CONSENT)
    assert decision["domestic_abuse"]["value"] == "unknown"
    entry = shared(decision, "share_without_consent", "any", modality="may", clause="7.0", overrides=[PROHIBITION])
    assert entry["rules"] == ["sharing_in_the_public_interest_7_0"]


def test_7_0_a_report_outside_the_4_0_definition_without_serious_harm_stays_confidential():
    decision = decide(relationship="neighbour", risk__serious_harm=False, **NO_CONSENT)
    assert recipients(decision, "share_without_consent") == {"any": "must_not"}


def test_7_0_an_unknown_risk_of_serious_harm_leaves_sharing_without_consent_undecided():
    decision = decide(risk__serious_harm=UNKNOWN, **NO_CONSENT)
    shared_undecided(decision, "share_without_consent", "any", missing=["risk.serious_harm"], modality="must_not")


def test_7_0_an_unknown_safeguarding_concern_leaves_sharing_without_consent_undecided_for_every_recipient():
    decision = decide(safeguarding_concern=UNKNOWN, **NO_CONSENT)
    shared_undecided(decision, "share_without_consent", "any", missing=["safeguarding_concern"], modality="must_not")
    shared_undecided(decision, "share_without_consent", "social_services", missing=["safeguarding_concern"],
                     modality="must_not")
    shared_undecided(decision, "share_information_with_agencies", "social_services", missing=["safeguarding_concern"],
                     modality="must")


def test_7_0_a_safeguarding_concern_is_shared_without_consent_even_while_consent_is_unknown():
    decision = decide(safeguarding_concern=True, survivor__consents_to_share=UNKNOWN)
    shared(decision, "share_without_consent", "social_services", modality="must", clause="9.0",
           overrides=[PROHIBITION])
    shared(decision, "share_information_with_agencies", "social_services", modality="must", clause="9.0")
    shared_undecided(decision, "share_information_with_agencies", "any", missing=["survivor.consents_to_share"],
                     modality="must")


LEGAL_DUTY_REASON = ("`legal_duty_to_disclose` is a duty in law; the policy acknowledges it, so sharing is `must` "
                     "(the same reading in every ruleset).")


def test_9_0_a_legal_duty_to_disclose_is_shared_without_consent_with_every_recipient():
    decision = decide(legal_duty_to_disclose=True, **NO_CONSENT)
    entry = shared(decision, "share_without_consent", "any", modality="must", clause=["9.0", "4.0"],
                   overrides=[PROHIBITION])
    assert entry["rules"] == ["legal_duty_to_disclose_9_0"]
    assert any("legal duties and obligations" in c["quote"] for c in entry["citations"])
    assert recipients(decision, "share_without_consent") == {"any": "must"}
    assert WH.model.rules[[r.id for r in WH.model.rules].index("legal_duty_to_disclose_9_0")].assumption.reason \
        == LEGAL_DUTY_REASON


def test_9_0_a_legal_duty_to_disclose_holds_for_a_report_outside_the_4_0_definition():
    decision = decide(legal_duty_to_disclose=True, relationship="neighbour", **NO_CONSENT)
    shared(decision, "share_without_consent", "any", modality="must", clause="9.0", overrides=[PROHIBITION])


def test_9_0_no_legal_duty_to_disclose_leaves_confidentiality_standing():
    assert recipients(decide(legal_duty_to_disclose=False, **NO_CONSENT), "share_without_consent") == {
        "any": "must_not"}


def test_9_0_an_unknown_legal_duty_to_disclose_leaves_sharing_without_consent_undecided():
    decision = decide(legal_duty_to_disclose=UNKNOWN, **NO_CONSENT)
    shared_undecided(decision, "share_without_consent", "any", missing=["legal_duty_to_disclose"],
                     modality="must_not")


def test_9_0_a_legal_duty_to_disclose_overrides_confidentiality_whatever_the_survivor_said():
    decision = decide(legal_duty_to_disclose=True)
    shared(decision, "share_without_consent", "any", modality="must", clause="9.0", overrides=[PROHIBITION])


# 3.0 and 9.0 Safeguarding children and adults -------------------------------------------------------------------


def test_3_0_a_child_at_risk_is_referred_under_the_safeguarding_children_policy():
    decision = decide(children__at_risk=True)
    action(decision, "safeguarding_children_referral", modality="must", clause="3.0")
    shared(decision, "share_information_with_agencies", "social_services", modality="must", clause="9.0")


def test_9_0_a_child_at_risk_is_shared_about_with_social_care_without_the_parents_consent():
    decision = decide(children__at_risk=True, **NO_CONSENT)
    shared(decision, "share_without_consent", "social_services", modality="must", clause="9.0",
           overrides=[PROHIBITION])


def test_3_0_and_4_0_a_child_who_sees_or_hears_the_abuse_is_a_safeguarding_concern():
    decision = decide(children__affected=True)
    action(decision, "safeguarding_children_referral", modality="must", clause="3.0")
    shared(decision, "share_information_with_agencies", "social_services", modality="must", clause="9.0")


def test_3_0_a_child_on_a_child_protection_plan_is_a_safeguarding_concern():
    decision = decide(children__present=True, children__protection_plan=True)
    action(decision, "safeguarding_children_referral", modality="must", clause="3.0")


def test_9_0_a_child_who_sees_or_hears_the_abuse_is_shared_about_with_social_care_without_the_parents_consent():
    decision = decide(children__affected=True, children__at_risk=False, **NO_CONSENT)
    shared(decision, "share_without_consent", "social_services", modality="must", clause=["9.0", "7.0"],
           overrides=[PROHIBITION])
    shared(decision, "share_without_consent", "any", modality="may", clause="7.0", overrides=[PROHIBITION])


def test_3_0_children_in_the_household_who_are_not_affected_at_risk_or_on_a_plan_are_not_by_that_a_concern():
    decision = decide(children__present=True)
    absent(decision, "safeguarding_children_referral")
    assert decision["undecided"] == []


def test_3_0_no_safeguarding_children_referral_when_no_child_is_at_risk():
    absent(decide(children__at_risk=False), "safeguarding_children_referral")


def test_3_0_unknown_risk_to_a_child_leaves_the_safeguarding_children_referral_undecided():
    decision = decide(children__at_risk=UNKNOWN)
    undecided(decision, "safeguarding_children_referral", missing=["children.at_risk"], modality="must")


def test_3_0_unknown_children_facts_leave_the_safeguarding_children_referral_waiting_on_each():
    decision = decide(children=UNKNOWN)
    undecided(decision, "safeguarding_children_referral", modality="must",
              missing=["children.affected", "children.at_risk", "children.protection_plan"])


@pytest.mark.parametrize("age", [16, 17])
def test_3_0_a_survivor_aged_16_or_17_is_a_child_so_the_safeguarding_children_policy_applies(age):
    decision = decide(survivor__age=age, **NO_CONSENT)
    action(decision, "safeguarding_children_referral", modality="must", clause="3.0")
    shared(decision, "share_without_consent", "social_services", modality="must", clause="9.0",
           overrides=[PROHIBITION])


def test_3_0_a_survivor_aged_18_is_not_a_child():
    absent(decide(survivor__age=18), "safeguarding_children_referral")


def test_3_0_an_adult_with_care_and_support_needs_is_referred_under_the_safeguarding_adults_policy():
    decision = decide(survivor__has_care_and_support_needs=True)
    action(decision, "safeguarding_adults_referral", modality="must", clause="3.0")


def test_3_0_an_adult_with_care_and_support_needs_abused_by_a_lodger_not_personally_connected_is_safeguarded():
    decision = decide(relationship="household_member", survivor__has_care_and_support_needs=True)
    assert decision["domestic_abuse"]["value"] == "no"
    action(decision, "safeguarding_adults_referral", modality="must", clause="3.0")
    shared(decision, "share_information_with_agencies", "social_services", modality="must", clause="9.0")
    assert recipients(decision, "share_information_with_agencies") == {"social_services": "must"}
    absent(decision, "contact_survivor")


def test_3_0_no_safeguarding_adults_referral_without_care_and_support_needs():
    absent(decide(survivor__has_care_and_support_needs=False), "safeguarding_adults_referral")


# 7.0 Mental capacity and escalation -----------------------------------------------------------------------------


def test_7_0_capacity_may_be_assessed_for_an_adult_with_care_and_support_needs_whose_capacity_is_in_doubt():
    decision = decide(survivor__has_care_and_support_needs=True, survivor__capacity_in_doubt=True)
    action(decision, "capacity_assessment", modality="may", clause="7.0")


@pytest.mark.parametrize("needs, doubt", [(True, False), (False, True)])
def test_7_0_no_capacity_assessment_otherwise(needs, doubt):
    decision = decide(survivor__has_care_and_support_needs=needs, survivor__capacity_in_doubt=doubt)
    absent(decision, "capacity_assessment")


def test_7_0_another_agencys_inadequate_safeguarding_is_escalated():
    decision = decide(other_agency_response_inadequate=True)
    action(decision, "safeguarding_escalation", modality="must", clause="7.0")


def test_7_0_escalation_does_not_wait_on_the_4_0_definition():
    decision = decide(survivor__age=15, other_agency_response_inadequate=True)
    action(decision, "safeguarding_escalation", modality="must", clause="7.0")


def test_7_0_capacity_may_be_assessed_for_an_adult_abused_by_a_paid_carer_outside_the_4_0_definition():
    decision = decide(relationship="none", survivor__has_care_and_support_needs=True, survivor__capacity_in_doubt=True)
    action(decision, "capacity_assessment", modality="may", clause="7.0")


def test_7_0_no_escalation_when_no_agencys_response_is_in_question():
    absent(decide(other_agency_response_inadequate=False), "safeguarding_escalation")


def test_7_0_an_unknown_agency_response_leaves_escalation_undecided_and_nothing_else():
    decision = decide(other_agency_response_inadequate=UNKNOWN)
    undecided(decision, "safeguarding_escalation", missing=["other_agency_response_inadequate"], modality="must")
    assert [e["id"] for e in decision["undecided"]] == ["safeguarding_escalation"]


# 2.0 and 5.0 Remaining safely at home; safety planning; Sanctuary --------------------------------------------


def test_2_0_and_5_0_victims_are_supported_to_remain_at_home_where_safe():
    decision = decide(risk__safe_to_remain=True)
    action(decision, "support_to_remain_at_home", modality="must", clause=["5.0", "2.0"])


def test_2_0_no_support_to_remain_where_it_is_not_safe():
    absent(decide(risk__safe_to_remain=False), "support_to_remain_at_home")


def test_2_0_and_5_0_a_victim_outside_the_city_whose_home_wolverhampton_homes_does_not_manage_is_not_supported_there():
    absent(decide(area="sandwell", survivor__is_customer=False, survivor__tenure="none"), "support_to_remain_at_home")


def test_2_0_unknown_safety_leaves_support_to_remain_undecided():
    decision = decide(risk__safe_to_remain=UNKNOWN)
    undecided(decision, "support_to_remain_at_home", missing=["risk.safe_to_remain"], modality="must")


def test_5_0_the_domestic_abuse_team_provides_safety_planning_for_every_victim():
    action(decide(risk__safe_to_remain=False), "action_plan", modality="must", clause="5.0")


@pytest.mark.parametrize("safe", [True, False])
def test_5_0_sanctuary_is_offered_to_all_those_whose_home_security_is_compromised(safe):
    decision = decide(risk__home_security_compromised=True, risk__safe_to_remain=safe)
    action(decision, "target_hardening", modality="must", clause="5.0")


def test_5_0_sanctuary_is_offered_to_a_victim_who_is_not_a_tenant():
    decision = decide(risk__home_security_compromised=True, survivor__is_customer=False, survivor__tenure="none")
    action(decision, "target_hardening", modality="must", clause="5.0")


def test_5_0_no_sanctuary_for_a_home_outside_the_city_that_wolverhampton_homes_does_not_manage():
    decision = decide(risk__home_security_compromised=True, area="dudley", survivor__is_customer=False,
                      survivor__tenure="assured")
    absent(decision, "target_hardening")
    action(decision, "action_plan", modality="must", clause="5.0")


def test_5_0_sanctuary_for_a_tenants_home_does_not_wait_on_the_area():
    decision = decide(risk__home_security_compromised=True, area=UNKNOWN)
    action(decision, "target_hardening", modality="must", clause="5.0")


def test_5_0_no_sanctuary_where_the_security_of_the_home_is_not_compromised():
    absent(decide(risk__home_security_compromised=False), "target_hardening")


def test_5_0_unknown_home_security_leaves_sanctuary_undecided():
    decision = decide(risk__home_security_compromised=UNKNOWN)
    undecided(decision, "target_hardening", missing=["risk.home_security_compromised"], modality="must")


# 5.0 Money Smart -----------------------------------------------------------------------------------------------


def test_5_0_a_financial_need_is_referred_to_money_smart():
    entry = action(decide(survivor__financial_need=True), "financial_support_referral", modality="must",
                   clause="5.0")
    assert "Money Smart" in entry["citations"][0]["quote"]


def test_5_0_no_money_smart_referral_without_a_financial_need():
    absent(decide(survivor__financial_need=False), "financial_support_referral")


def test_5_0_a_money_smart_referral_does_not_wait_on_consent_to_share():
    decision = decide(survivor__financial_need=True, survivor__consents_to_share=UNKNOWN)
    action(decision, "financial_support_referral", modality="must", clause="5.0")


# 5.0 and 4.0 Homelessness: the Housing IDVA and Homeless Team; temporary accommodation -------------------------


def test_5_0_someone_homeless_due_to_abuse_is_assessed_by_the_homeless_team():
    decision = decide(survivor__homeless_due_to_abuse=True, survivor__is_customer=False, survivor__tenure="none")
    action(decision, "homelessness_referral", modality="must", clause=["5.0", "4.0"])


def test_5_0_someone_homeless_due_to_abuse_is_assessed_and_supported_by_the_housing_idva():
    decision = decide(survivor__homeless_due_to_abuse=True)
    entry = action(decision, "specialist_support_referral", modality="must", clause="5.0")
    assert any("Housing IDVA" in c["quote"] for c in entry["citations"])


def test_4_0_temporary_accommodation_possibly_outside_the_city_may_be_offered():
    decision = decide(survivor__homeless_due_to_abuse=True)
    entry = action(decision, "temporary_accommodation", modality="may", clause="4.0")
    assert "outside of the city" in entry["citations"][0]["quote"]


def test_4_0_and_5_0_no_homelessness_duties_for_someone_not_homeless():
    decision = decide(survivor__homeless_due_to_abuse=False)
    absent(decision, "homelessness_referral")
    absent(decision, "temporary_accommodation")
    absent(decision, "specialist_support_referral")


def test_4_0_and_5_0_unknown_homelessness_leaves_the_homeless_team_undecided():
    decision = decide(survivor__homeless_due_to_abuse=UNKNOWN)
    undecided(decision, "homelessness_referral", missing=["survivor.homeless_due_to_abuse"], modality="must")
    undecided(decision, "temporary_accommodation", missing=["survivor.homeless_due_to_abuse"], modality="may")


# 4.0 A new secure tenancy ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("tenure", ["secure", "flexible"])
def test_4_0_someone_leaving_a_secure_tenure_should_be_offered_a_new_secure_tenancy(tenure):
    decision = decide(survivor__tenure=tenure)
    action(decision, "rehousing_same_tenure", modality="should", clause="4.0")


@pytest.mark.parametrize("tenure", ["assured", "introductory", "assured_shorthold", "licence", "none"])
def test_4_0_no_new_secure_tenancy_commitment_for_a_tenure_that_is_not_secure(tenure):
    absent(decide(survivor__tenure=tenure), "rehousing_same_tenure")


def test_4_0_a_secure_tenant_who_fled_and_is_homeless_is_recorded_with_the_tenancy_left_and_should_get_a_secure_one():
    decision = decide(survivor__tenure="secure", survivor__left_home_due_to_abuse=True,
                      survivor__homeless_due_to_abuse=True, risk__safe_to_remain=False)
    action(decision, "rehousing_same_tenure", modality="should", clause="4.0")
    action(decision, "homelessness_referral", modality="must", clause=["5.0", "4.0"])
    absent(decision, "support_to_remain_at_home")


def test_4_0_a_fled_survivor_recorded_with_no_tenancy_shows_no_secure_tenancy_left():
    decision = decide(survivor__tenure="none", survivor__left_home_due_to_abuse=True,
                      survivor__homeless_due_to_abuse=True)
    absent(decision, "rehousing_same_tenure")


def test_4_0_an_unknown_tenure_leaves_the_secure_tenancy_undecided():
    decision = decide(survivor__tenure=UNKNOWN)
    undecided(decision, "rehousing_same_tenure", missing=["survivor.tenure"], modality="should")


def test_4_0_the_policy_says_should_where_s81za_says_must_for_a_local_housing_authority():
    statutory = dapolicy.load_policy("statutory", parameters={"landlord_kind": "local_housing_authority"})
    case = wh_case()
    assert statutory.evaluate(case).action("rehousing_same_tenure").modality == "must"
    assert WH.evaluate(case).action("rehousing_same_tenure").modality == "should"


# 5.0 Action against a tenant who perpetrates ----------------------------------------------------------------


def test_5_0_a_tenant_who_perpetrates_is_investigated_and_legal_remedies_are_considered():
    decision = decide(**TENANT_PERPETRATOR)
    action(decision, "tenancy_investigation", modality="must", clause="5.0")
    action(decision, "injunction_application", modality="may", clause="5.0")
    action(decision, "enforcement_safety_assessment", modality="must", clause="5.0")


def test_5_0_appropriate_action_is_taken_against_a_tenant_once_the_evidence_is_sufficient():
    decision = decide(evidence_sufficient=True, **TENANT_PERPETRATOR)
    action(decision, "enforcement_against_perpetrator", modality="must", clause="5.0")
    action(decision, "enforcement_safety_assessment", modality="must", clause="5.0")


def test_5_0_no_action_against_a_tenant_without_sufficient_evidence():
    decision = decide(evidence_sufficient=False, **TENANT_PERPETRATOR)
    absent(decision, "enforcement_against_perpetrator")
    action(decision, "tenancy_investigation", modality="must", clause="5.0")


def test_5_0_unknown_evidence_leaves_action_against_a_tenant_undecided():
    decision = decide(evidence_sufficient=UNKNOWN, **TENANT_PERPETRATOR)
    undecided(decision, "enforcement_against_perpetrator", missing=["evidence_sufficient"], modality="must")


def test_5_0_no_action_against_a_tenant_where_acting_would_compromise_the_safety_of_the_survivor_or_family():
    decision = decide(evidence_sufficient=True, perpetrator__remains_in_home=True,
                      risk__enforcement_compromises_safety=True, **TENANT_PERPETRATOR)
    for action_id in ("enforcement_against_perpetrator", "injunction_application", "possession_proceedings"):
        absent(decision, action_id)
    action(decision, "enforcement_safety_assessment", modality="must", clause="5.0")
    action(decision, "tenancy_investigation", modality="must", clause="5.0")


def test_5_0_action_against_a_tenant_waits_on_the_safety_assessment_while_its_result_is_unknown():
    decision = decide(evidence_sufficient=True, perpetrator__remains_in_home=True,
                      risk__enforcement_compromises_safety=UNKNOWN, **TENANT_PERPETRATOR)
    entry = undecided(decision, "enforcement_against_perpetrator", missing=["risk.enforcement_compromises_safety"],
                      modality="must")
    assert any("does not compromise the safety" in c["quote"] for c in entry["citations"])
    undecided(decision, "injunction_application", missing=["risk.enforcement_compromises_safety"], modality="may")
    undecided(decision, "possession_proceedings", missing=["risk.enforcement_compromises_safety"], modality="may")
    action(decision, "enforcement_safety_assessment", modality="must", clause="5.0")


def test_5_0_possession_is_a_remedy_considered_against_a_tenant_who_remains_in_the_home():
    decision = decide(perpetrator__remains_in_home=True, **TENANT_PERPETRATOR)
    action(decision, "possession_proceedings", modality="may", clause="5.0")


def test_5_0_no_possession_against_a_tenant_who_does_not_remain():
    absent(decide(perpetrator__remains_in_home=False, **TENANT_PERPETRATOR), "possession_proceedings")


def test_5_0_action_reaches_a_tenant_who_abuses_someone_who_is_not_a_tenant():
    decision = decide(survivor__is_customer=False, survivor__tenure="none", evidence_sufficient=True,
                      **TENANT_PERPETRATOR)
    action(decision, "enforcement_against_perpetrator", modality="must", clause="5.0")


def test_5_0_an_injunction_is_a_legal_remedy_considered_against_an_employee_who_perpetrates():
    decision = decide(**EMPLOYEE_PERPETRATOR)
    action(decision, "injunction_application", modality="may", clause="5.0")
    absent(decision, "possession_proceedings")


def test_5_0_no_tenancy_action_against_a_perpetrator_who_is_not_a_tenant():
    decision = decide(perpetrator__is_customer=False, evidence_sufficient=True)
    for action_id in ("tenancy_investigation", "injunction_application", "possession_proceedings",
                      "enforcement_against_perpetrator", "enforcement_safety_assessment"):
        absent(decision, action_id)


def test_5_0_unknown_perpetrator_tenancy_leaves_the_investigation_undecided():
    decision = decide(perpetrator__is_customer=UNKNOWN)
    undecided(decision, "tenancy_investigation", missing=["perpetrator.is_customer"], modality="must")


# 5.0 Reporting and dealing with allegations against employees --------------------------------------------------


def test_5_0_an_employee_who_perpetrates_is_investigated_under_hr_policy():
    decision = decide(**EMPLOYEE_PERPETRATOR)
    action(decision, "employee_investigation", modality="must", clause="5.0")
    action(decision, "enforcement_safety_assessment", modality="must", clause="5.0")
    absent(decision, "lado_advice")
    absent(decision, "employee_risk_assessment")
    absent(decision, "tenancy_investigation")


def test_5_0_appropriate_disciplinary_action_is_taken_against_an_employee_on_sufficient_evidence():
    decision = decide(evidence_sufficient=True, **EMPLOYEE_PERPETRATOR)
    action(decision, "employee_disciplinary_action", modality="must", clause="5.0")


def test_5_0_no_assumption_of_guilt_so_no_disciplinary_action_without_sufficient_evidence():
    absent(decide(evidence_sufficient=False, **EMPLOYEE_PERPETRATOR), "employee_disciplinary_action")


def test_5_0_no_disciplinary_action_against_an_employee_where_acting_would_compromise_the_survivors_safety():
    decision = decide(evidence_sufficient=True, perpetrator__accused_of_offence=True,
                      risk__enforcement_compromises_safety=True, **EMPLOYEE_PERPETRATOR)
    absent(decision, "employee_disciplinary_action")
    absent(decision, "injunction_application")
    action(decision, "employee_investigation", modality="must", clause="5.0")
    action(decision, "enforcement_safety_assessment", modality="must", clause="5.0")
    action(decision, "lado_advice", modality="must", clause="5.0")


def test_5_0_an_employee_accused_of_an_offence_is_investigated_and_risk_assessed_and_the_lado_is_always_asked():
    decision = decide(perpetrator__accused_of_offence=True, **EMPLOYEE_PERPETRATOR)
    action(decision, "employee_investigation", modality="must", clause="5.0")
    action(decision, "employee_risk_assessment", modality="must", clause="5.0")
    action(decision, "lado_advice", modality="must", clause="5.0")
    entry = action(decision, "signpost_other_services", modality="must", clause="5.0")
    assert any("signpost as required" in c["quote"] for c in entry["citations"])


def test_5_0_a_proven_offence_may_be_gross_misconduct():
    decision = decide(perpetrator__accused_of_offence=True, evidence_sufficient=True, **EMPLOYEE_PERPETRATOR)
    entry = action(decision, "employee_disciplinary_action", modality="must", clause="5.0")
    assert any("gross misconduct" in c["quote"] for c in entry["citations"])


def test_5_0_no_lado_for_an_accusation_against_someone_who_is_not_an_employee():
    decision = decide(perpetrator__accused_of_offence=True, perpetrator__is_employee=False)
    absent(decision, "lado_advice")
    absent(decision, "employee_investigation")


def test_5_0_a_concern_raised_about_an_employees_conduct_in_any_setting_is_investigated_before_the_4_0_facts_are_known():
    decision = decide(relationship=UNKNOWN, evidence_sufficient=True, **EMPLOYEE_PERPETRATOR)
    entry = action(decision, "employee_investigation", modality="must", clause="5.0")
    assert any("If concerns are raised" in c["quote"] for c in entry["citations"])
    action(decision, "enforcement_safety_assessment", modality="must", clause="5.0")
    undecided(decision, "employee_disciplinary_action", missing=["relationship"], modality="must")
    undecided(decision, "injunction_application", missing=["relationship"], modality="may")


def test_5_0_abuse_alleged_against_an_employee_outside_the_4_0_definition_is_investigated_but_no_action_follows():
    decision = decide(relationship="neighbour", evidence_sufficient=True, **EMPLOYEE_PERPETRATOR)
    assert decision["domestic_abuse"]["value"] == "no"
    action(decision, "employee_investigation", modality="must", clause="5.0")
    action(decision, "enforcement_safety_assessment", modality="must", clause="5.0")
    absent(decision, "employee_disciplinary_action")
    absent(decision, "injunction_application")


def test_5_0_an_employee_accused_of_abusing_a_15_year_old_relative_is_investigated_and_the_lado_is_asked():
    decision = decide(survivor__age=15, relationship="relative", perpetrator__accused_of_offence=True,
                      **EMPLOYEE_PERPETRATOR)
    assert decision["domestic_abuse"]["value"] == "no"
    action(decision, "lado_advice", modality="must", clause="5.0")
    action(decision, "employee_investigation", modality="must", clause="5.0")
    action(decision, "employee_risk_assessment", modality="must", clause="5.0")
    action(decision, "signpost_other_services", modality="may", clause="5.0")
    action(decision, "safeguarding_children_referral", modality="must", clause="3.0")
    absent(decision, "employee_disciplinary_action")


def test_5_0_an_accused_employee_whose_offence_is_proven_may_be_dismissed_even_outside_the_4_0_definition():
    decision = decide(survivor__age=15, relationship="relative", perpetrator__accused_of_offence=True,
                      evidence_sufficient=True, **EMPLOYEE_PERPETRATOR)
    entry = action(decision, "employee_disciplinary_action", modality="may", clause="5.0")
    assert any("gross misconduct" in c["quote"] for c in entry["citations"])


def test_5_0_unknown_accusation_leaves_the_lado_undecided_for_an_employee():
    decision = decide(perpetrator__accused_of_offence=UNKNOWN, **EMPLOYEE_PERPETRATOR)
    undecided(decision, "lado_advice", missing=["perpetrator.accused_of_offence"], modality="must")
    action(decision, "employee_investigation", modality="must", clause="5.0")


# 5.0 Signposting ----------------------------------------------------------------------------------------------


def test_5_0_victims_are_signposted_to_legal_advice_and_well_being_services():
    decision = decide()
    action(decision, "signpost_legal_support", modality="must", clause="5.0")
    action(decision, "signpost_other_services", modality="must", clause="5.0")


def test_5_0_signposting_is_not_a_referral_so_no_specialist_referral_outside_homelessness():
    absent(decide(survivor__homeless_due_to_abuse=False), "specialist_support_referral")


# 6.0 Records ---------------------------------------------------------------------------------------------------


def test_6_0_clear_and_accurate_records_are_kept_of_every_allegation():
    action(decide(report_source="third_party"), "record_report", modality="must", clause="6.0")


# No deadlines ---------------------------------------------------------------------------------------------------


def test_no_deadlines_the_policy_sets_no_time_so_an_unknown_report_time_changes_nothing():
    known = decide()
    unknown = decide(reported_at=UNKNOWN)
    strip = lambda d: [(e["id"], e["modality"], e["due"], e["missing"]) for e in d["actions"]]  # noqa: E731
    assert strip(unknown) == strip(known)
    assert all(e["missing"] == [] for e in unknown["actions"])


def test_no_deadlines_across_christmas_every_due_is_null():
    decision = decide(reported_at="2026-12-24T10:00")
    assert decision["actions"] and all(e["due"] is None for e in decision["actions"])


# Document: review date and ordering ----------------------------------------------------------------------------


def test_review_date_march_2025_had_passed_for_a_report_in_2026():
    assert decide()["warnings"] == [REVIEW_WARNING]


def test_review_date_had_not_passed_on_31_march_2025():
    assert decide(reported_at="2025-03-31T09:00")["warnings"] == []


def test_review_date_had_passed_on_1_april_2025():
    assert decide(reported_at="2025-04-01T09:00")["warnings"] == [REVIEW_WARNING]


def test_review_date_is_not_judged_without_a_report_time():
    assert decide(reported_at=UNKNOWN)["warnings"] == []


def test_actions_without_any_due_are_ordered_by_id():
    ids = [e["id"] for e in decide()["actions"]]
    assert ids == sorted(ids)


def test_undecided_entries_are_ordered_by_id():
    ids = [e["id"] for e in decide(survivor__age=UNKNOWN)["undecided"]]
    assert ids == sorted(ids) and ids


def test_each_action_appears_once_however_many_clauses_give_it():
    decision = decide(survivor__homeless_due_to_abuse=True, perpetrator__accused_of_offence=True,
                      **EMPLOYEE_PERPETRATOR)
    assert len(entries(decision, "actions", "signpost_other_services")) == 1
    assert len(entries(decision, "actions", "specialist_support_referral")) == 1


def test_9_0_a_legal_duty_to_disclose_is_shared_with_agencies_even_with_consent_for_a_report_outside_4_0():
    decision = decide(relationship="neighbour", legal_duty_to_disclose=True, survivor__consents_to_share=True)
    entry = shared(decision, "share_information_with_agencies", "any", modality="must", clause=["4.0", "9.0"])
    assert entry["rules"] == ["legal_duty_to_disclose_share_9_0"]
    shared(decision, "share_without_consent", "any", modality="must", clause="9.0", overrides=[PROHIBITION])
