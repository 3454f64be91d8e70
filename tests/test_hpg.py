"""Scenario tests for the Housing Plus Group ruleset (policies/hpg.yaml), read against ../shared/sources/hpg.txt.

Each test is one behaviour the policy states, named after its clause. Cases start from `hpg_case()`, a complete
case of an HPG customer experiencing domestic abuse (every fact the HPG rules read has a definite value), and
change one fact; a fact set to UNKNOWN is left out of the case document (unknown, not false).
"""

from __future__ import annotations

import pytest

import dapolicy

from scenarios import UNKNOWN, absent, action, clauses, entries, recipients, shared, undecided, with_facts

HPG = dapolicy.load_policy("hpg")

SHARE = "share_without_consent"


#: Monday 2 March 2026 10:00 GMT, an ordinary working week.
REPORTED_AT = "2026-03-02T10:00"
#: One working day after REPORTED_AT: the end of Tuesday 3 March 2026.
NEXT_WORKING_DAY = "2026-03-03T23:59:59+00:00"

REVIEW_WARNING = "policy review date 2024-05-31 had passed when the report was received"


def hpg_case(**overrides):
    """A complete HPG customer domestic-abuse case; `survivor__age=16` overrides `survivor.age`."""
    case = {
        "reported_at": REPORTED_AT,
        "report_source": "survivor",
        "relationship": "spouse",
        "behaviours": ["physical"],
        "survivor": {
            "age": 30,
            "is_customer": True,
            "is_leaseholder": False,
            "has_care_and_support_needs": False,
        },
        "perpetrator": {"age": 32, "is_customer": False, "seeks_to_change": False},
        "children": {"affected": False, "at_risk": False},
        "risk": {"safe_to_remain": True, "enforcement_compromises_safety": False},
        "safeguarding_concern": False,
        "legal_duty_to_disclose": False,
        "statutory_agency_support": [],
        "evidence_sufficient": False,
        "property_damage_by_perpetrator": False,
    }
    return with_facts(case, **overrides)


def decide(**overrides) -> dict:
    """The HPG decision document for `hpg_case(**overrides)`."""
    return HPG.evaluate(hpg_case(**overrides)).to_dict()


def shared_alone(decision, **expected):
    """Assert `shared(decision, SHARE, "any", ...)` and that it is the only `share_without_consent` entry."""
    entry = shared(decision, SHARE, "any", **expected)
    assert recipients(decision, SHARE) == {"any": entry["modality"]}
    assert recipients(decision, SHARE, "undecided") == {}
    return entry


# The whole picture for the complete case ---------------------------------------------------------------------


def test_complete_customer_case_gets_every_unconditional_duty_and_nothing_undecided():
    decision = decide()
    assert decision["policy"]["id"] == "hpg"
    assert decision["undecided"] == []
    assert decision["conflicts"] == []
    assert {(e["id"], e["modality"]) for e in decision["actions"]} == {
        ("contact_survivor", "must"),
        ("action_plan", "must"),
        ("risk_assessment", "must"),
        ("advice_and_assistance", "must"),
        ("signpost_legal_support", "must"),
        ("signpost_other_services", "may"),
        ("support_to_remain_at_home", "should"),
        ("target_hardening", "may"),
        ("rehousing_same_tenure", "must"),
        ("share_without_consent", "must_not"),
        ("support_police_report", "must"),
    }
    assert all(e["authority"] is None for e in decision["actions"])


# 1.1 What is domestic abuse? ---------------------------------------------------------------------------------


def test_1_1_violence_between_adult_spouses_is_domestic_abuse_under_both_definitions():
    da = decide()["domestic_abuse"]
    assert (da["value"], da["statutory"], da["missing"]) == ("yes", "yes", [])


@pytest.mark.parametrize("person", ["survivor", "perpetrator"])
def test_1_1_a_person_aged_16_exactly_is_over_the_age_of_16(person):
    decision = decide(**{f"{person}__age": 16})
    assert (decision["domestic_abuse"]["value"], decision["domestic_abuse"]["statutory"]) == ("yes", "yes")
    action(decision, "contact_survivor", modality="must", due=NEXT_WORKING_DAY, clause="3.2")


@pytest.mark.parametrize("person", ["survivor", "perpetrator"])
def test_1_1_a_person_under_16_is_outside_the_definition_and_the_customer_duties_do_not_start(person):
    decision = decide(**{f"{person}__age": 15})
    assert (decision["domestic_abuse"]["value"], decision["domestic_abuse"]["statutory"]) == ("no", "no")
    assert decision["actions"] == []
    assert decision["undecided"] == []


def test_1_1_one_person_under_16_settles_the_definition_even_when_the_other_age_is_unknown():
    decision = decide(survivor__age=15, perpetrator__age=UNKNOWN)
    assert decision["domestic_abuse"]["value"] == "no"
    assert decision["domestic_abuse"]["statutory"] == "no"
    assert decision["actions"] == []
    assert decision["undecided"] == []


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
    ],
)
def test_1_1_people_who_are_or_have_been_intimate_partners_are_covered(relationship):
    da = decide(relationship=relationship)["domestic_abuse"]
    assert (da["value"], da["statutory"]) == ("yes", "yes")


def test_1_1_relatives_are_family_members_under_hpg_and_the_act():
    decision = decide(relationship="relative")
    assert (decision["domestic_abuse"]["value"], decision["domestic_abuse"]["statutory"]) == ("yes", "yes")
    action(decision, "contact_survivor", modality="must", due=NEXT_WORKING_DAY, clause="3.2")


def test_1_1_shared_parents_are_outside_hpg_definition_though_inside_the_act_and_a_warning_says_so():
    decision = decide(relationship="shared_parent")
    assert (decision["domestic_abuse"]["value"], decision["domestic_abuse"]["statutory"]) == ("no", "yes")
    others = [w for w in decision["warnings"] if w != REVIEW_WARNING]
    assert len(others) == 1 and "Domestic Abuse Act 2021" in others[0]
    assert decision["actions"] == []


def test_1_1_a_household_member_who_is_neither_partner_nor_relative_is_outside_both_definitions():
    decision = decide(relationship="household_member")
    assert (decision["domestic_abuse"]["value"], decision["domestic_abuse"]["statutory"]) == ("no", "no")
    assert decision["warnings"] == [REVIEW_WARNING]
    assert decision["actions"] == []


@pytest.mark.parametrize("relationship", ["visitor", "neighbour", "none"])
def test_1_1_people_who_are_not_partners_or_family_are_outside_both_definitions(relationship):
    decision = decide(relationship=relationship)
    assert (decision["domestic_abuse"]["value"], decision["domestic_abuse"]["statutory"]) == ("no", "no")
    assert decision["actions"] == []


@pytest.mark.parametrize(
    "behaviour",
    [
        "physical",
        "sexual",
        "violent_or_threatening",
        "controlling_or_coercive",
        "economic",
        "psychological_or_emotional",
        "honour_based",  # 1.3: so called 'honour' based violence
        "forced_marriage",  # 1.3
        "fgm",  # 1.3
        "image_based",  # 1.1: "other abuse", a list "not limited to" the types named
    ],
)
def test_1_1_each_kind_of_abuse_listed_is_domestic_abuse(behaviour):
    da = decide(behaviours=[behaviour])["domestic_abuse"]
    assert (da["value"], da["statutory"]) == ("yes", "yes")


def test_1_1_a_case_with_no_abusive_behaviour_is_not_domestic_abuse():
    decision = decide(behaviours=[])
    assert (decision["domestic_abuse"]["value"], decision["domestic_abuse"]["statutory"]) == ("no", "no")
    assert decision["actions"] == []
    assert decision["undecided"] == []


def test_1_1_unknown_behaviours_leave_the_definition_unknown():
    da = decide(behaviours=UNKNOWN)["domestic_abuse"]
    assert (da["value"], da["statutory"]) == ("unknown", "unknown")
    assert "behaviours" in da["missing"]


def test_1_1_unknown_ages_leave_the_definition_and_every_duty_undecided_naming_both_ages():
    decision = decide(survivor__age=UNKNOWN, perpetrator__age=UNKNOWN)
    da = decision["domestic_abuse"]
    assert (da["value"], da["statutory"]) == ("unknown", "unknown")
    assert da["missing"] == ["perpetrator.age", "survivor.age"]
    assert decision["actions"] == []
    both_ages = ["perpetrator.age", "survivor.age"]
    entry = undecided(decision, "contact_survivor", missing=both_ages, modality="must")
    assert "3.2" in clauses(entry)
    for action_id in ("action_plan", "risk_assessment", "advice_and_assistance", "rehousing_same_tenure"):
        undecided(decision, action_id, missing=both_ages, modality="must")


# 1.5 This policy relates to HPG customers ----------------------------------------------------------------------


def test_1_5_a_survivor_who_is_not_a_customer_gets_nothing_from_this_policy():
    decision = decide(survivor__is_customer=False)
    assert decision["domestic_abuse"]["value"] == "yes"
    assert decision["actions"] == []
    assert decision["undecided"] == []
    assert decision["conflicts"] == []


def test_1_5_unknown_customer_status_leaves_every_duty_undecided():
    decision = decide(survivor__is_customer=UNKNOWN)
    assert decision["actions"] == []
    assert decision["undecided"]
    assert all("survivor.is_customer" in e["missing"] for e in decision["undecided"])
    undecided(decision, "contact_survivor", missing=["survivor.is_customer"], modality="must")


def test_1_5_a_leaseholder_is_a_customer():
    decision = decide(survivor__is_leaseholder=True)
    action(decision, "contact_survivor", modality="must", due=NEXT_WORKING_DAY, clause="3.2")
    action(decision, "advice_and_assistance", modality="must", clause="3.1")


# 3.1 and 3.6 Support, advice and assistance ------------------------------------------------------------------


def test_3_1_a_customer_experiencing_abuse_is_given_support_and_advice():
    action(decide(), "advice_and_assistance", modality="must", clause="3.1")


def test_3_1_must_and_3_6_may_advice_merge_into_one_entry_that_must_be_given_citing_both():
    decision = decide()
    entry = action(decision, "advice_and_assistance", modality="must", clause=["3.1", "3.6"])
    assert len(entries(decision, "actions", "advice_and_assistance")) == 1
    assert entry["due"] is None


def test_3_6_employees_may_signpost_to_specialist_services():
    action(decide(), "signpost_other_services", modality="may", clause="3.6")


# 3.2 Contact within one working day, action plan and risk assessment ----------------------------------------


def test_3_2_customer_reporting_directly_is_contacted_within_one_working_day():
    entry = action(decide(), "contact_survivor", modality="must", due=NEXT_WORKING_DAY, clause="3.2")
    assert any("1 working day" in b for b in entry["because"])


def test_3_2_customer_referred_by_another_agency_is_contacted_within_one_working_day():
    decision = decide(report_source="agency_referral")
    action(decision, "contact_survivor", modality="must", due=NEXT_WORKING_DAY, clause="3.2")
    action(decision, "action_plan", modality="must", clause="3.2")
    action(decision, "risk_assessment", modality="must", clause="3.2")


@pytest.mark.parametrize("source", ["third_party", "staff_observation"])
def test_3_2_a_report_neither_direct_nor_by_agency_referral_is_not_bound_by_the_one_working_day(source):
    decision = decide(report_source=source)
    absent(decision, "contact_survivor")
    absent(decision, "action_plan")
    absent(decision, "risk_assessment")
    # the rest of the policy still applies to the customer
    action(decision, "advice_and_assistance", modality="must", clause="3.1")
    action(decision, "signpost_legal_support", modality="must", clause="3.4")


def test_3_2_unknown_report_source_leaves_the_contact_duty_undecided():
    decision = decide(report_source=UNKNOWN)
    entry = undecided(decision, "contact_survivor", missing=["report_source"], modality="must")
    assert "3.2" in clauses(entry)
    undecided(decision, "action_plan", missing=["report_source"], modality="must")
    undecided(decision, "risk_assessment", missing=["report_source"], modality="must")


def test_3_2_an_action_plan_is_completed_with_the_customer():
    action(decide(), "action_plan", modality="must", due=None, clause="3.2")


def test_3_2_an_associated_risk_assessment_is_completed_with_the_customer():
    action(decide(), "risk_assessment", modality="must", due=None, clause="3.2")


def test_3_2_report_on_christmas_eve_is_due_after_the_christmas_bank_holidays_and_weekend():
    decision = decide(reported_at="2026-12-24T10:00")
    entry = action(decision, "contact_survivor", modality="must", due="2026-12-29T23:59:59+00:00", clause="3.2")
    assert any("25, 26 and 28 Dec are not working days" in b for b in entry["because"])


def test_3_2_report_on_maundy_thursday_is_due_on_the_tuesday_after_easter_monday():
    decision = decide(reported_at="2026-04-02T16:30")
    entry = action(decision, "contact_survivor", modality="must", due="2026-04-07T23:59:59+01:00", clause="3.2")
    assert any("3 and 6 Apr are not working days" in b for b in entry["because"])


def test_3_2_report_on_a_friday_afternoon_is_due_on_monday():
    decision = decide(reported_at="2026-03-13T16:30")
    action(decision, "contact_survivor", modality="must", due="2026-03-16T23:59:59+00:00", clause="3.2")


def test_3_2_report_on_a_saturday_is_due_on_monday():
    decision = decide(reported_at="2026-03-07T11:00")
    action(decision, "contact_survivor", modality="must", due="2026-03-09T23:59:59+00:00", clause="3.2")


def test_3_2_report_on_the_friday_before_the_clocks_go_forward_is_due_on_monday_in_bst():
    decision = decide(reported_at="2026-03-27T16:30")
    action(decision, "contact_survivor", modality="must", due="2026-03-30T23:59:59+01:00", clause="3.2")


def test_3_2_the_day_of_receipt_is_the_london_date_whatever_offset_the_report_was_written_with():
    # 23:30 UTC on Thursday 11 June is 00:30 BST on Friday 12 June: one working day is Monday 15 June.
    decision = decide(reported_at="2026-06-11T23:30:00+00:00")
    action(decision, "contact_survivor", modality="must", due="2026-06-15T23:59:59+01:00", clause="3.2")


def test_3_2_an_unknown_report_time_keeps_the_contact_duty_with_its_deadline_waiting_on_reported_at():
    decision = decide(reported_at=UNKNOWN)
    action(decision, "contact_survivor", modality="must", due=None, clause="3.2", missing=["reported_at"])
    assert not entries(decision, "undecided", "contact_survivor")


# 3.4 Civil and criminal law ------------------------------------------------------------------------------------


def test_3_4_victims_are_supported_to_use_civil_and_criminal_laws():
    action(decide(), "signpost_legal_support", modality="must", clause="3.4")
    action(decide(), "support_police_report", modality="must", clause="3.4")


# 3.5 and 3.11 Action against the perpetrator ----------------------------------------------------------------


def test_3_5_enforcement_is_taken_where_there_is_sufficient_evidence_and_acting_will_not_compromise_safety():
    decision = decide(evidence_sufficient=True, risk__enforcement_compromises_safety=False)
    action(decision, "enforcement_against_perpetrator", modality="must", clause=["3.5", "3.11"])


def test_3_5_before_enforcement_hpg_assesses_that_acting_will_not_compromise_the_victims_safety():
    decision = decide(evidence_sufficient=True)
    action(decision, "enforcement_safety_assessment", modality="must", clause="3.5")


def test_3_5_no_enforcement_where_the_assessment_finds_acting_would_compromise_the_victims_safety():
    decision = decide(evidence_sufficient=True, risk__enforcement_compromises_safety=True)
    absent(decision, "enforcement_against_perpetrator")
    action(decision, "enforcement_safety_assessment", modality="must", clause="3.5")


def test_3_5_enforcement_waits_on_the_safety_assessment_while_its_result_is_unknown():
    decision = decide(evidence_sufficient=True, risk__enforcement_compromises_safety=UNKNOWN)
    entry = undecided(decision, "enforcement_against_perpetrator", missing=["risk.enforcement_compromises_safety"],
                      modality="must")  # fmt: skip
    assert {"3.5", "3.11"} <= set(clauses(entry))
    action(decision, "enforcement_safety_assessment", modality="must", clause="3.5")


def test_3_5_without_sufficient_evidence_there_is_no_enforcement():
    decision = decide(evidence_sufficient=False, risk__enforcement_compromises_safety=UNKNOWN)
    absent(decision, "enforcement_against_perpetrator")
    absent(decision, "enforcement_safety_assessment")


def test_3_5_unknown_evidence_leaves_enforcement_undecided():
    decision = decide(evidence_sufficient=UNKNOWN)
    undecided(decision, "enforcement_against_perpetrator", missing=["evidence_sufficient"], modality="must")
    undecided(decision, "enforcement_safety_assessment", missing=["evidence_sufficient"], modality="must")


def test_3_11_action_is_taken_against_the_perpetrator_where_there_is_sufficient_information():
    decision = decide(evidence_sufficient=True)
    action(decision, "enforcement_against_perpetrator", modality="must", clause="3.11")


def test_3_5_3_11_and_3_12_action_against_the_perpetrator_merges_into_one_entry_citing_all_three():
    decision = decide(evidence_sufficient=True, property_damage_by_perpetrator=True)
    action(decision, "enforcement_against_perpetrator", modality="must", clause=["3.5", "3.11", "3.12"])
    assert len(entries(decision, "actions", "enforcement_against_perpetrator")) == 1


def test_3_11_support_solutions_are_sought_for_a_perpetrator_who_wants_to_change():
    decision = decide(perpetrator__seeks_to_change=True)
    action(decision, "perpetrator_programme_referral", modality="should", clause=["3.11", "2.2"])


def test_3_11_no_perpetrator_programme_for_a_perpetrator_who_does_not_want_to_change():
    absent(decide(perpetrator__seeks_to_change=False), "perpetrator_programme_referral")


# 3.7 and 3.8 Staying at home or moving -----------------------------------------------------------------------


def test_3_7_hpg_seeks_to_support_a_victim_to_remain_at_home_if_it_is_safe():
    action(decide(risk__safe_to_remain=True), "support_to_remain_at_home", modality="should", clause="3.7")


def test_3_7_no_support_to_remain_when_it_is_not_safe_to_do_so():
    absent(decide(risk__safe_to_remain=False), "support_to_remain_at_home")


@pytest.mark.parametrize("safe", [True, False])
def test_3_7_target_hardening_is_considered(safe):
    action(decide(risk__safe_to_remain=safe), "target_hardening", modality="may", clause="3.7")


def test_3_8_rehousing_is_considered_for_a_victim_at_risk_in_their_current_home():
    decision = decide(risk__safe_to_remain=False)
    action(decision, "emergency_transfer", modality="may", clause="3.8")


def test_3_8_hpg_assesses_how_the_risk_will_be_mitigated_if_a_move_is_arranged():
    decision = decide(risk__safe_to_remain=False)
    action(decision, "move_risk_assessment", modality="must", clause="3.8")


def test_3_8_no_rehousing_consideration_when_the_victim_is_safe_at_home():
    decision = decide(risk__safe_to_remain=True)
    absent(decision, "emergency_transfer")
    absent(decision, "move_risk_assessment")


def test_3_7_and_3_8_unknown_safety_leaves_staying_and_moving_undecided():
    decision = decide(risk__safe_to_remain=UNKNOWN)
    undecided(decision, "support_to_remain_at_home", missing=["risk.safe_to_remain"], modality="should")
    undecided(decision, "emergency_transfer", missing=["risk.safe_to_remain"], modality="may")
    undecided(decision, "move_risk_assessment", missing=["risk.safe_to_remain"], modality="must")
    action(decision, "target_hardening", modality="may", clause="3.7")


# 3.9 Security of tenure -------------------------------------------------------------------------------------


def test_3_9_a_victim_rehoused_keeps_the_same_security_of_tenure():
    action(decide(), "rehousing_same_tenure", modality="must", clause="3.9")


# 3.10 MARAC -----------------------------------------------------------------------------------------------------


def test_3_10_hpg_participates_in_marac_where_practicable():
    decision = decide(statutory_agency_support=["marac"])
    action(decision, "marac_participation", modality="should", clause="3.10")


@pytest.mark.parametrize("agencies", [[], ["police", "social_services"]])
def test_3_10_no_marac_participation_when_the_case_is_not_at_marac(agencies):
    absent(decide(statutory_agency_support=agencies), "marac_participation")


def test_3_10_hpg_does_not_itself_refer_to_marac():
    absent(decide(statutory_agency_support=["marac"]), "marac_referral")


# 3.12 Damage to the home ------------------------------------------------------------------------------------


def test_3_12_a_customer_whose_home_the_perpetrator_damaged_is_supported_to_report_criminal_damage():
    decision = decide(property_damage_by_perpetrator=True)
    action(decision, "support_police_report", modality="must", clause="3.12")


def test_3_12_hpg_works_with_the_police_to_take_action_against_the_perpetrator_for_damage():
    decision = decide(property_damage_by_perpetrator=True, evidence_sufficient=False)
    action(decision, "enforcement_against_perpetrator", modality="must", clause="3.12")


def test_3_12_hpg_seeks_compensation_for_the_costs_of_repair():
    decision = decide(property_damage_by_perpetrator=True)
    action(decision, "seek_repair_compensation", modality="must", clause="3.12")


def test_3_12_no_damage_means_no_criminal_damage_report_or_compensation():
    decision = decide(property_damage_by_perpetrator=False)
    entry = action(decision, "support_police_report", modality="must", clause="3.4")
    assert "3.12" not in clauses(entry)
    absent(decision, "seek_repair_compensation")
    absent(decision, "enforcement_against_perpetrator")
    absent(decision, "enforcement_safety_assessment")


def test_3_5_safety_is_assessed_before_acting_against_the_perpetrator_for_damage_to_the_home():
    decision = decide(property_damage_by_perpetrator=True, evidence_sufficient=False)
    action(decision, "enforcement_against_perpetrator", modality="must", clause="3.12")
    action(decision, "enforcement_safety_assessment", modality="must", clause="3.5")


def test_3_5_no_police_action_or_compensation_claim_for_damage_where_acting_would_compromise_the_victims_safety():
    decision = decide(property_damage_by_perpetrator=True, risk__enforcement_compromises_safety=True)
    absent(decision, "enforcement_against_perpetrator")
    absent(decision, "seek_repair_compensation")
    action(decision, "enforcement_safety_assessment", modality="must", clause="3.5")
    # the customer is still encouraged and supported to report the damage to the police
    action(decision, "support_police_report", modality="must", clause=["3.12", "3.4"])


def test_3_5_police_action_and_compensation_for_damage_wait_on_the_safety_assessment_while_its_result_is_unknown():
    decision = decide(property_damage_by_perpetrator=True, risk__enforcement_compromises_safety=UNKNOWN)
    entry = undecided(decision, "enforcement_against_perpetrator", missing=["risk.enforcement_compromises_safety"],
                      modality="must")  # fmt: skip
    assert "3.12" in clauses(entry)
    entry = undecided(decision, "seek_repair_compensation", missing=["risk.enforcement_compromises_safety"],
                      modality="must")  # fmt: skip
    assert clauses(entry) == ["3.12", "3.5"]
    action(decision, "enforcement_safety_assessment", modality="must", clause="3.5")


def test_3_12_compensation_is_sought_once_the_assessment_finds_acting_will_not_compromise_safety():
    decision = decide(property_damage_by_perpetrator=True, risk__enforcement_compromises_safety=False)
    entry = action(decision, "seek_repair_compensation", modality="must", clause=["3.12", "3.5"])
    assert entry["due"] is None


def test_3_5_enforcement_reaches_a_perpetrator_who_is_an_hpg_customer_when_the_survivor_is_not():
    decision = decide(survivor__is_customer=False, perpetrator__is_customer=True, evidence_sufficient=True)
    entry = action(decision, "enforcement_against_perpetrator", modality="must", clause="3.5")
    assert "3.11" in clauses(entry)
    action(decision, "enforcement_safety_assessment", modality="must", clause="3.5")
    absent(decision, "contact_survivor")


# 3.13 to 3.15 Children and adults at risk -------------------------------------------------------------------


def test_3_13_children_affected_by_domestic_abuse_have_access_to_services():
    decision = decide(children__affected=True)
    action(decision, "children_support_access", modality="must", due=None, clause="3.13")


def test_3_13_no_children_services_duty_when_no_child_is_affected():
    absent(decide(children__affected=False), "children_support_access")


def test_3_14_child_at_risk_triggers_safeguarding_children_procedures():
    decision = decide(children__at_risk=True)
    action(decision, "safeguarding_children_referral", modality="must", clause="3.14")


def test_3_14_no_safeguarding_children_procedure_when_no_child_is_at_risk():
    absent(decide(children__at_risk=False), "safeguarding_children_referral")


def test_3_14_unknown_risk_to_a_child_leaves_the_safeguarding_referral_undecided():
    decision = decide(children__at_risk=UNKNOWN)
    undecided(decision, "safeguarding_children_referral", missing=["children.at_risk"], modality="must")


def test_3_14_the_child_protection_procedure_does_not_wait_on_the_survivors_consent():
    decision = decide(children__at_risk=True, survivor__consents_to_share=False)
    action(decision, "safeguarding_children_referral", modality="must", clause="3.14")


def test_3_14_a_child_at_risk_is_safeguarded_when_the_survivor_is_not_a_customer_but_the_perpetrator_is():
    decision = decide(children__at_risk=True, survivor__is_customer=False, perpetrator__is_customer=True)
    action(decision, "safeguarding_children_referral", modality="must", clause="3.14")


def test_3_14_unknown_customer_status_of_both_parties_leaves_the_child_protection_procedure_undecided():
    decision = decide(children__at_risk=True, survivor__is_customer=False, perpetrator__is_customer=UNKNOWN)
    undecided(decision, "safeguarding_children_referral", missing=["perpetrator.is_customer"], modality="must")


def test_3_14_no_child_protection_procedure_under_this_policy_when_neither_party_is_a_customer():
    absent(decide(children__at_risk=True, survivor__is_customer=False), "safeguarding_children_referral")


def test_3_14_a_child_at_risk_from_abuse_between_co_parents_is_safeguarded_though_outside_hpg_definition():
    # shared_parent: outside HPG's "intimate partners or family members", inside the Act's s.2(1)(f)
    decision = decide(relationship="shared_parent", children__at_risk=True)
    assert (decision["domestic_abuse"]["value"], decision["domestic_abuse"]["statutory"]) == ("no", "yes")
    action(decision, "safeguarding_children_referral", modality="must", clause="3.14")
    # the rest of the policy keeps HPG's definition
    absent(decision, "contact_survivor")
    absent(decision, "share_without_consent")


@pytest.mark.parametrize("age", [16, 17])
def test_3_14_a_survivor_aged_16_or_17_is_a_child_at_risk_and_is_safeguarded_without_their_consent(age):
    decision = decide(survivor__age=age, children__at_risk=False, survivor__consents_to_share=False)
    action(decision, "safeguarding_children_referral", modality="must", clause="3.14")
    entry = shared_alone(decision, modality="may", clause="4.3", overrides=["confidentiality_4_3"])
    assert entry["rules"] == ["share_for_safeguarding_4_3"]
    assert decision["conflicts"] == []


def test_3_14_a_survivor_aged_18_with_no_child_at_risk_brings_no_child_protection_procedure():
    decision = decide(survivor__age=18, children__at_risk=False)
    absent(decision, "safeguarding_children_referral")
    shared_alone(decision, modality="must_not", clause="4.3")


def test_3_14_a_survivor_aged_17_is_safeguarded_as_a_child_even_while_other_childrens_risk_is_unknown():
    decision = decide(survivor__age=17, children__at_risk=UNKNOWN)
    action(decision, "safeguarding_children_referral", modality="must", clause="3.14")


def test_3_14_no_child_protection_procedure_where_the_behaviour_is_domestic_abuse_under_neither_definition():
    decision = decide(relationship="neighbour", children__at_risk=True)
    absent(decision, "safeguarding_children_referral")


def test_3_15_vulnerable_adult_at_risk_triggers_safeguarding_adults_procedure():
    decision = decide(survivor__has_care_and_support_needs=True)
    action(decision, "safeguarding_adults_referral", modality="must", clause="3.15")


def test_3_15_a_survivor_aged_17_with_care_and_support_needs_is_a_child_not_a_vulnerable_adult():
    decision = decide(survivor__age=17, survivor__has_care_and_support_needs=True)
    absent(decision, "safeguarding_adults_referral")
    action(decision, "safeguarding_children_referral", modality="must", clause="3.14")


def test_3_15_a_survivor_aged_18_with_care_and_support_needs_is_a_vulnerable_adult_not_a_child():
    decision = decide(survivor__age=18, survivor__has_care_and_support_needs=True)
    action(decision, "safeguarding_adults_referral", modality="must", clause="3.15")
    absent(decision, "safeguarding_children_referral")


def test_3_15_unknown_care_and_support_needs_leave_the_adults_procedure_and_sharing_undecided():
    decision = decide(survivor__has_care_and_support_needs=UNKNOWN)
    undecided(decision, "safeguarding_adults_referral", missing=["survivor.has_care_and_support_needs"],
              modality="must")  # fmt: skip
    entry = undecided(decision, "share_without_consent", missing=["survivor.has_care_and_support_needs"],
                      modality="must_not")  # fmt: skip
    assert entry["recipient"] == "any"


def test_3_15_no_safeguarding_adults_procedure_for_a_survivor_without_care_and_support_needs():
    absent(decide(survivor__has_care_and_support_needs=False), "safeguarding_adults_referral")


def test_3_15_a_vulnerable_adult_is_safeguarded_when_the_survivor_is_not_a_customer_but_the_perpetrator_is():
    decision = decide(survivor__has_care_and_support_needs=True, survivor__is_customer=False,
                      perpetrator__is_customer=True)  # fmt: skip
    action(decision, "safeguarding_adults_referral", modality="must", clause="3.15")


def test_3_15_a_vulnerable_adult_abused_by_a_co_parent_is_safeguarded_though_outside_hpg_definition():
    decision = decide(relationship="shared_parent", survivor__has_care_and_support_needs=True)
    action(decision, "safeguarding_adults_referral", modality="must", clause="3.15")


# 4.3 Confidentiality ------------------------------------------------------------------------------------------


def test_4_3_information_is_not_shared_with_anyone_without_consent_unless_safeguarding_or_duty():
    decision = decide(safeguarding_concern=False, legal_duty_to_disclose=False)
    entry = shared_alone(decision, modality="must_not", clause=["4.3", "1.4"])
    assert entry["rules"] == ["confidentiality_4_3"]


def test_4_3_confidentiality_protects_a_survivor_who_is_not_a_customer_reporting_abuse_by_a_customer():
    decision = decide(survivor__is_customer=False, perpetrator__is_customer=True)
    shared_alone(decision, modality="must_not", clause="4.3")


def test_4_3_confidentiality_is_undecided_for_a_survivor_who_is_not_a_customer_while_the_perpetrators_status_is_unknown():
    decision = decide(survivor__is_customer=False, perpetrator__is_customer=UNKNOWN)
    entry = undecided(decision, "share_without_consent", missing=["perpetrator.is_customer"], modality="must_not")
    assert entry["recipient"] == "any"


def test_4_3_information_may_be_shared_without_consent_where_a_safeguarding_issue_is_present():
    decision = decide(safeguarding_concern=True, legal_duty_to_disclose=False)
    entry = shared_alone(decision, modality="may", clause=["4.3", "4.2"], overrides=["confidentiality_4_3"])
    assert entry["rules"] == ["share_for_safeguarding_4_3"]
    assert decision["conflicts"] == []


def test_4_3_information_must_be_shared_where_hpg_is_duty_bound_to_report():
    decision = decide(safeguarding_concern=False, legal_duty_to_disclose=True)
    entry = shared_alone(decision, modality="must", clause="4.3", overrides=["confidentiality_4_3"])
    assert entry["rules"] == ["share_when_duty_bound_4_3"]
    assert decision["conflicts"] == []


def test_4_3_a_legal_duty_with_a_safeguarding_issue_makes_sharing_a_must_citing_both():
    decision = decide(safeguarding_concern=True, legal_duty_to_disclose=True)
    entry = shared_alone(decision, modality="must", clause=["4.3", "4.2"], overrides=["confidentiality_4_3"])
    assert set(entry["rules"]) == {"share_for_safeguarding_4_3", "share_when_duty_bound_4_3"}


def test_4_3_a_safeguarding_issue_permits_sharing_while_an_unknown_legal_duty_could_still_require_it():
    decision = decide(safeguarding_concern=True, legal_duty_to_disclose=UNKNOWN)
    shared_alone(decision, modality="may", clause="4.3", overrides=["confidentiality_4_3"],
                 missing=["legal_duty_to_disclose"])  # fmt: skip


def test_4_3_sharing_without_consent_is_undecided_when_safeguarding_and_duty_are_unknown():
    decision = decide(safeguarding_concern=UNKNOWN, legal_duty_to_disclose=UNKNOWN)
    entry = undecided(decision, "share_without_consent", missing=["legal_duty_to_disclose", "safeguarding_concern"],
                      modality="must_not")  # fmt: skip
    assert "4.3" in clauses(entry)
    assert entry["recipient"] == "any"


def test_4_3_sharing_stays_undecided_while_the_legal_duty_is_unknown_and_there_is_no_safeguarding_issue():
    decision = decide(safeguarding_concern=False, legal_duty_to_disclose=UNKNOWN)
    undecided(decision, "share_without_consent", missing=["legal_duty_to_disclose"], modality="must_not")


def test_4_3_a_child_at_risk_is_a_safeguarding_issue_so_information_may_be_shared_without_consent():
    decision = decide(children__at_risk=True, safeguarding_concern=False, legal_duty_to_disclose=False)
    action(decision, "safeguarding_children_referral", modality="must", clause="3.14")
    shared_alone(decision, modality="may", clause="4.3", overrides=["confidentiality_4_3"])


def test_4_3_a_vulnerable_adult_at_risk_is_a_safeguarding_issue_so_information_may_be_shared_without_consent():
    # 3.15's procedure and the sharing it needs stand on the same facts: no "must refer" beside "must not share"
    decision = decide(survivor__has_care_and_support_needs=True, safeguarding_concern=False,
                      legal_duty_to_disclose=False, survivor__consents_to_share=False)  # fmt: skip
    action(decision, "safeguarding_adults_referral", modality="must", clause="3.15")
    entry = shared_alone(decision, modality="may", clause=["4.3", "4.2"], overrides=["confidentiality_4_3"])
    assert entry["rules"] == ["share_for_safeguarding_4_3"]
    assert decision["conflicts"] == []


def test_4_3_a_vulnerable_adult_with_a_safeguarding_concern_may_have_information_shared_without_consent():
    decision = decide(survivor__has_care_and_support_needs=True, safeguarding_concern=True,
                      legal_duty_to_disclose=False)  # fmt: skip
    action(decision, "safeguarding_adults_referral", modality="must", clause="3.15")
    shared_alone(decision, modality="may", clause="4.3", overrides=["confidentiality_4_3"])


def test_4_3_crime_prevention_alone_does_not_lift_confidentiality():
    # 4.2's sharing to prevent crime is not one of 4.3's exceptions: a police-supported case stays confidential
    decision = decide(statutory_agency_support=["police"], survivor__reported_to_police=True)
    shared_alone(decision, modality="must_not", clause="4.3")


# Document: review date -----------------------------------------------------------------------------------------


def test_review_date_may_2024_had_passed_for_a_report_in_2026():
    assert REVIEW_WARNING in decide()["warnings"]


def test_review_date_had_passed_for_a_report_on_1_june_2024():
    assert REVIEW_WARNING in decide(reported_at="2024-06-01T09:00")["warnings"]


def test_review_date_had_not_passed_for_a_report_on_31_may_2024():
    assert decide(reported_at="2024-05-31T09:00")["warnings"] == []


def test_review_date_is_not_judged_without_a_report_time():
    assert decide(reported_at=UNKNOWN)["warnings"] == []


# Document: ordering of actions -------------------------------------------------------------------------------


def test_actions_are_ordered_by_due_with_nulls_last_then_by_id():
    ids = [e["id"] for e in decide()["actions"]]
    assert ids[0] == "contact_survivor"
    assert ids[1:] == sorted(ids[1:])
    assert ids == [
        "contact_survivor",
        "action_plan",
        "advice_and_assistance",
        "rehousing_same_tenure",
        "risk_assessment",
        "share_without_consent",
        "signpost_legal_support",
        "signpost_other_services",
        "support_police_report",
        "support_to_remain_at_home",
        "target_hardening",
    ]


def test_actions_without_any_due_are_ordered_by_id():
    ids = [e["id"] for e in decide(reported_at=UNKNOWN)["actions"]]
    assert ids == sorted(ids)
    assert "contact_survivor" in ids


def test_undecided_entries_are_ordered_by_id():
    ids = [e["id"] for e in decide(survivor__age=UNKNOWN)["undecided"]]
    assert ids == sorted(ids) and ids
