"""Scenario tests for the Cross Keys Homes ruleset (policies/ckh.yaml), read against ../shared/sources/ckh.txt.

The policy is a web page without clause numbers, so each test names the section heading it comes from. Cases
start from `ckh_case()`, a complete case of a CKH tenant in Peterborough experiencing domestic abuse who agreed
to be passed to a Neighbourhood Manager (ASB) and consents to referrals (every fact the CKH rules read has a
definite value), and change one or a few facts; a fact set to UNKNOWN is left out of the case document (unknown,
not false).
"""

from __future__ import annotations

import pytest

import dapolicy

from scenarios import (
    UNKNOWN, absent, action, clauses, entries, recipients, shared, shared_undecided, undecided, with_facts
)

CKH = dapolicy.load_policy("ckh")

SHARE = "share_without_consent"

INTRODUCTION = "Introduction"
COMMITMENT = "Our commitment to you"
DEFINITION = "Definition of domestic abuse"
DISCLOSURE = "What happens when you disclose domestic abuse to us?"
PROCESS = "Process for determining the support you need"
SUPPORT = "What support can we offer?"
PERPETRATOR = "Perpetrator Management"
INFORMATION_SHARING = "Information sharing"
EXPECT = "What you can expect from CKH"

#: Monday 2 March 2026 10:00 GMT, an ordinary working week.
REPORTED_AT = "2026-03-02T10:00"
#: 24 hours after REPORTED_AT.
TWENTY_FOUR_HOURS_LATER = "2026-03-03T10:00:00+00:00"

REVIEW_WARNING = "policy review date 2025-01-31 had passed when the report was received"

HIGH_RISK_QUOTE = "If the DASH risk assessment demonstrates that you are at high risk of harm"
STANDARD_RISK_QUOTE = "standard or medium level of risk, a referral can be made to outreach providers"
VICTIMS_HUB_QUOTE = "Peterborough Victim’s Hub (Peterborough residents)"
RECIPROCAL_QUOTE = "Survivors can be supported to move within the county via this arrangement"
JOINT_TENANCY_QUOTE = "if you share a joint tenancy with the perpetrator"


def ckh_case(**overrides):
    """A complete CKH domestic-abuse case; `survivor__age=16` overrides `survivor.age`."""
    case = {
        "reported_at": REPORTED_AT,
        "report_source": "survivor",
        "area": "peterborough",
        "relationship": "spouse",
        "behaviours": ["physical"],
        "survivor": {
            "age": 30,
            "is_customer": True,
            "consents_to_specialist_contact": True,
            "consents_to_share": True,
            "has_care_and_support_needs": False,
            "reported_to_police": False,
            "joint_tenant_with_perpetrator": False,
            "financial_need": False,
            "left_home_due_to_abuse": False,
            "wishes": "stay",
        },
        "perpetrator": {
            "age": 32,
            "is_customer": False,
            "accused_of_offence": False,
            "lives_with_survivor": True,
            "remains_in_home": False,
            "seeks_to_change": False,
        },
        "children": {"affected": False, "at_risk": False, "protection_plan": False},
        "risk": {"dash_score": 8, "professional_judgement_high": False, "immediate_danger": False},
        "safeguarding_concern": False,
        "statutory_agency_support": [],
        "court_orders": [],
        "nomination_near_abused_resident": False,
    }
    return with_facts(case, **overrides)


def decide(**overrides) -> dict:
    """The CKH decision document for `ckh_case(**overrides)`."""
    return CKH.evaluate(ckh_case(**overrides)).to_dict()


def quotes(entry: dict) -> list[str]:
    return [c["quote"] for c in entry["citations"]]


def cites(entry: dict, words: str) -> bool:
    return any(words in quote for quote in quotes(entry))


def referral_entry(decision: dict) -> dict:
    return entries(decision, "actions", "specialist_support_referral")[0]


BAN = "referrals_only_with_consent_process"
SAFEGUARDING_SHARING = "safeguarding_guidelines_sharing_information_sharing"
MARAC_SHARING = "marac_information_sharing"


#: What every CKH resident experiencing domestic abuse gets, whatever they answer about the Neighbourhood Manager.
IN_EVERY_CASE = {
    ("accept_account_at_face_value", "must"),
    ("respond_to_report", "must"),
    ("keep_survivor_informed", "must"),
    ("record_report", "must"),
    ("signpost_other_services", "must"),
    ("share_without_consent", "must_not"),
}


# The whole picture ------------------------------------------------------------------------------------------------


def test_complete_case_of_a_survivor_who_agreed_to_support_gets_the_process_and_the_options():
    decision = decide()
    assert decision["policy"]["id"] == "ckh"
    assert decision["undecided"] == []
    assert decision["conflicts"] == []
    assert {(e["id"], e["modality"]) for e in decision["actions"]} == IN_EVERY_CASE | {
        ("advice_and_assistance", "must"),
        ("contact_survivor", "must"),
        ("open_case", "must"),
        ("risk_assessment", "must"),
        ("support_police_report", "must"),
        ("signpost_legal_support", "must"),
        ("consider_survivor_wishes", "must"),
        ("specialist_support_referral", "may"),
        ("temporary_accommodation", "may"),
        ("target_hardening", "may"),
        ("emergency_transfer", "may"),
        ("reciprocal_move", "may"),
        ("enforcement_against_perpetrator", "may"),
        ("accommodate_perpetrator_elsewhere", "may"),
    }
    assert all(e["authority"] is None for e in decision["actions"])


def test_complete_case_of_a_survivor_who_did_not_agree_gets_the_report_recorded_and_nothing_further():
    decision = decide(survivor__consents_to_specialist_contact=False)
    assert decision["undecided"] == []
    assert decision["conflicts"] == []
    assert {(e["id"], e["modality"]) for e in decision["actions"]} == IN_EVERY_CASE | {
        ("invite_future_contact", "must"),
        ("contact_survivor", "must_not"),
        ("open_case", "must_not"),
        ("risk_assessment", "must_not"),
    }


# Definition of domestic abuse: the Act's, word for word -------------------------------------------------------


def test_definition_violence_between_adult_spouses_is_domestic_abuse_under_ckh_and_the_act():
    da = decide()["domestic_abuse"]
    assert (da["value"], da["statutory"], da["missing"]) == ("yes", "yes", [])


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
        "shared_parent",  # (f): parents of the same child, though the Introduction speaks of partners and family
        "relative",
    ],
)
def test_definition_everyone_personally_connected_under_the_act_is_covered(relationship):
    decision = decide(relationship=relationship)
    assert (decision["domestic_abuse"]["value"], decision["domestic_abuse"]["statutory"]) == ("yes", "yes")
    assert decision["warnings"] == [REVIEW_WARNING]
    action(decision, "risk_assessment", modality="must", clause=PROCESS)


@pytest.mark.parametrize("relationship", ["household_member", "visitor", "neighbour", "none"])
def test_definition_people_not_personally_connected_are_outside_it_and_no_duty_starts(relationship):
    decision = decide(relationship=relationship)
    assert (decision["domestic_abuse"]["value"], decision["domestic_abuse"]["statutory"]) == ("no", "no")
    assert decision["actions"] == []
    assert decision["undecided"] == []


@pytest.mark.parametrize("person", ["survivor", "perpetrator"])
def test_definition_a_person_aged_16_is_aged_16_or_over(person):
    decision = decide(**{f"{person}__age": 16})
    assert decision["domestic_abuse"]["value"] == "yes"
    action(decision, "open_case", modality="must", due=TWENTY_FOUR_HOURS_LATER, clause=DISCLOSURE)


@pytest.mark.parametrize("person", ["survivor", "perpetrator"])
def test_definition_a_person_under_16_is_outside_it_and_no_duty_starts(person):
    decision = decide(**{f"{person}__age": 15})
    assert (decision["domestic_abuse"]["value"], decision["domestic_abuse"]["statutory"]) == ("no", "no")
    assert decision["actions"] == []
    assert decision["undecided"] == []


@pytest.mark.parametrize(
    "behaviour",
    ["physical", "sexual", "violent_or_threatening", "controlling_or_coercive", "economic",
     "psychological_or_emotional", "honour_based", "forced_marriage", "fgm", "image_based"],
)  # fmt: skip
def test_definition_each_kind_of_abusive_behaviour_counts(behaviour):
    da = decide(behaviours=[behaviour])["domestic_abuse"]
    assert (da["value"], da["statutory"]) == ("yes", "yes")


def test_definition_no_abusive_behaviour_is_not_domestic_abuse():
    decision = decide(behaviours=[])
    assert decision["domestic_abuse"]["value"] == "no"
    assert decision["actions"] == []


def test_definition_unknown_ages_leave_every_duty_to_the_survivor_undecided_naming_both_ages():
    decision = decide(survivor__age=UNKNOWN, perpetrator__age=UNKNOWN)
    da = decision["domestic_abuse"]
    assert (da["value"], da["statutory"]) == ("unknown", "unknown")
    assert da["missing"] == ["perpetrator.age", "survivor.age"]
    assert decision["actions"] == []
    both_ages = ["perpetrator.age", "survivor.age"]
    for action_id in ("open_case", "contact_survivor", "risk_assessment", "record_report", "respond_to_report"):
        undecided(decision, action_id, missing=both_ages, modality="must")
    shared_undecided(decision, SHARE, "any", missing=both_ages, modality="must_not", modalities=["must_not"])
    # a survivor under 18 would bring in the Child Protection procedure, so its sharing waits on the ages too
    shared_undecided(decision, SHARE, "social_services", missing=both_ages, modality="must_not",
                     modalities=["may", "must_not"])  # fmt: skip
    undecided(decision, "safeguarding_children_referral", missing=both_ages, modality="must")


def test_definition_a_child_who_sees_or_hears_the_abuse_is_a_victim_even_without_a_stated_relation_to_a_or_b():
    # CKH does not repeat the Act's s.3(2)(b) "related to A or B"; `children.related_to_a_or_b` is left unknown.
    decision = decide(children__affected=True)
    action(decision, "safeguarding_children_referral", modality="must", clause=PROCESS)
    # the Child Protection procedure's own information-sharing guidelines govern sharing with children's services
    assert recipients(decision, SHARE) == {"any": "must_not", "social_services": "may"}


# Introduction: people living in CKH homes ---------------------------------------------------------------------


def test_introduction_a_survivor_who_does_not_live_in_a_ckh_home_gets_nothing_from_this_policy():
    decision = decide(survivor__is_customer=False)
    assert decision["domestic_abuse"]["value"] == "yes"
    assert decision["actions"] == []
    assert decision["undecided"] == []


def test_introduction_a_survivor_living_in_the_home_of_a_perpetrator_who_is_the_ckh_tenant_lives_in_a_ckh_home():
    decision = decide(survivor__is_customer=False, perpetrator__is_customer=True,
                      perpetrator__lives_with_survivor=True)  # fmt: skip
    assert decision["undecided"] == []
    assert decision["conflicts"] == []
    action(decision, "open_case", modality="must", due=TWENTY_FOUR_HOURS_LATER, clause=DISCLOSURE)
    action(decision, "risk_assessment", modality="must", clause=PROCESS)
    action(decision, "advice_and_assistance", modality="must", clause=INTRODUCTION)
    action(decision, "target_hardening", modality="may", clause=SUPPORT)
    action(decision, "temporary_accommodation", modality="may", clause=SUPPORT)
    action(decision, "accommodate_perpetrator_elsewhere", modality="may", clause=[PERPETRATOR, SUPPORT])
    action(decision, "share_without_consent", modality="must_not", clause=PROCESS)


def test_introduction_a_survivor_without_a_ckh_tenancy_has_none_to_transfer():
    decision = decide(area="cambridgeshire", survivor__is_customer=False, perpetrator__is_customer=True,
                      perpetrator__lives_with_survivor=True)  # fmt: skip
    absent(decision, "emergency_transfer")
    absent(decision, "reciprocal_move")


def test_introduction_a_survivor_who_no_longer_lives_with_the_tenant_perpetrator_is_not_living_in_a_ckh_home():
    decision = decide(survivor__is_customer=False, perpetrator__is_customer=True,
                      perpetrator__lives_with_survivor=False)  # fmt: skip
    absent(decision, "open_case")
    absent(decision, "record_report")
    # the perpetrator is a CKH tenant, so the consent rule for referrals still protects the survivor
    shared(decision, SHARE, "any", modality="must_not", clause=[PROCESS, INFORMATION_SHARING], rules=[BAN])
    assert recipients(decision, SHARE) == {"any": "must_not"}


def test_introduction_unknown_whether_the_tenant_perpetrator_lives_with_a_non_tenant_survivor_leaves_duties_undecided():
    decision = decide(survivor__is_customer=False, perpetrator__is_customer=True,
                      perpetrator__lives_with_survivor=UNKNOWN)  # fmt: skip
    undecided(decision, "open_case", missing=["perpetrator.lives_with_survivor"], modality="must")
    undecided(decision, "record_report", missing=["perpetrator.lives_with_survivor"], modality="must")


def test_introduction_unknown_tenancy_leaves_the_duties_to_the_survivor_undecided():
    decision = decide(survivor__is_customer=UNKNOWN)
    undecided(decision, "open_case", missing=["survivor.is_customer"], modality="must")
    undecided(decision, "record_report", missing=["survivor.is_customer"], modality="must")
    undecided(decision, "share_without_consent", missing=["survivor.is_customer"], modality="must_not")


def test_introduction_ckh_takes_the_steps_to_assist_and_support_a_survivor_who_agreed_to_support():
    action(decide(), "advice_and_assistance", modality="must", clause=INTRODUCTION)


# What happens when you disclose domestic abuse to us? ---------------------------------------------------------


def test_disclosure_ckh_believes_the_survivor_and_does_not_judge():
    entry = action(decide(), "accept_account_at_face_value", modality="must", clause=[DISCLOSURE, COMMITMENT])
    assert cites(entry, "we will believe you and we will not judge you")


def test_disclosure_ckh_always_acts_on_reports():
    action(decide(survivor__consents_to_specialist_contact=False), "respond_to_report", modality="must",
           clause=DISCLOSURE)  # fmt: skip


def test_disclosure_ckh_tells_the_survivor_what_it_will_do_next_and_keeps_them_informed():
    action(decide(), "keep_survivor_informed", modality="must", clause=[DISCLOSURE, EXPECT])


def test_disclosure_if_you_agree_the_neighbourhood_manager_contacts_you_at_the_safest_time_and_place():
    entry = action(decide(), "contact_survivor", modality="must", due=None, clause=DISCLOSURE)
    assert cites(entry, "the safest time and place")


def test_disclosure_if_you_agree_a_case_is_opened_within_24_hours_of_the_report():
    entry = action(decide(), "open_case", modality="must", due=TWENTY_FOUR_HOURS_LATER, clause=DISCLOSURE)
    assert any("24 hours" in b for b in entry["because"])


def test_disclosure_24_hours_on_christmas_eve_is_christmas_morning_because_hours_ignore_bank_holidays():
    decision = decide(reported_at="2026-12-24T10:00")
    action(decision, "open_case", modality="must", due="2026-12-25T10:00:00+00:00", clause=DISCLOSURE)


def test_disclosure_24_hours_across_the_october_clock_change_are_24_real_hours():
    decision = decide(reported_at="2026-10-24T12:00")
    action(decision, "open_case", modality="must", due="2026-10-25T11:00:00+00:00", clause=DISCLOSURE)


def test_disclosure_24_hours_across_the_march_clock_change_are_24_real_hours():
    decision = decide(reported_at="2026-03-28T12:00")
    action(decision, "open_case", modality="must", due="2026-03-29T13:00:00+01:00", clause=DISCLOSURE)


def test_disclosure_a_report_written_in_utc_is_due_24_hours_later_in_london_time():
    decision = decide(reported_at="2026-06-11T23:30:00+00:00")
    action(decision, "open_case", modality="must", due="2026-06-13T00:30:00+01:00", clause=DISCLOSURE)


def test_disclosure_an_unknown_report_time_keeps_the_case_duty_with_its_deadline_waiting_on_reported_at():
    decision = decide(reported_at=UNKNOWN)
    action(decision, "open_case", modality="must", due=None, clause=DISCLOSURE, missing=["reported_at"])
    assert decision["warnings"] == []


@pytest.mark.parametrize("source", ["third_party", "agency_referral", "staff_observation"])
def test_disclosure_the_branch_depends_on_the_survivors_answer_not_on_who_reported(source):
    decision = decide(report_source=source)
    action(decision, "open_case", modality="must", due=TWENTY_FOUR_HOURS_LATER, clause=DISCLOSURE)


def test_disclosure_if_you_do_not_agree_the_initial_report_is_recorded_and_you_are_encouraged_to_come_back():
    decision = decide(survivor__consents_to_specialist_contact=False)
    entry = action(decision, "record_report", modality="must", clause=[DISCLOSURE, INFORMATION_SHARING])
    assert cites(entry, "we will record your initial report on our customer management system")
    entry = action(decision, "invite_future_contact", modality="must", clause=DISCLOSURE)
    assert cites(entry, "We will take no further action at this time.")


def test_disclosure_if_you_do_not_agree_ckh_must_not_make_contact_open_a_case_or_assess_at_this_time():
    decision = decide(survivor__consents_to_specialist_contact=False, risk__dash_score=20)
    for action_id, rule in (
        ("contact_survivor", "no_neighbourhood_manager_contact_without_agreement_disclosure"),
        ("open_case", "no_case_opened_without_agreement_disclosure"),
        ("risk_assessment", "no_risk_assessment_without_agreement_disclosure"),
    ):
        entry = action(decision, action_id, modality="must_not", clause=DISCLOSURE)
        assert entry["rules"] == [rule]
        assert cites(entry, "We will take no further action at this time.")
    assert cites(entries(decision, "actions", "risk_assessment")[0], "We will start by completing a DASH risk assessment")
    assert decision["conflicts"] == []


def test_disclosure_no_further_action_leaves_what_ckh_does_in_all_cases_standing():
    decision = decide(survivor__consents_to_specialist_contact=False, survivor__consents_to_share=False,
                      children__at_risk=True, survivor__has_care_and_support_needs=True,
                      statutory_agency_support=["marac"], court_orders=["occupation_order"])  # fmt: skip
    action(decision, "contact_survivor", modality="must_not", clause=DISCLOSURE)
    action(decision, "record_report", modality="must", clause=[DISCLOSURE, INFORMATION_SHARING])
    action(decision, "safeguarding_children_referral", modality="must", clause=PROCESS)
    action(decision, "safeguarding_adults_referral", modality="must", clause=PROCESS)
    action(decision, "comply_with_court_order", modality="must", clause=SUPPORT)
    action(decision, "marac_participation", modality="must", clause=PROCESS)
    action(decision, "signpost_other_services", modality="must", clause=EXPECT)
    assert recipients(decision, SHARE) == {"any": "must_not", "marac": "may", "social_services": "may"}
    assert decision["conflicts"] == []


def test_disclosure_if_you_do_not_agree_ckh_takes_no_further_action_at_this_time():
    decision = decide(survivor__consents_to_specialist_contact=False, risk__dash_score=20,
                      survivor__joint_tenant_with_perpetrator=True, survivor__financial_need=True)  # fmt: skip
    for action_id in ("marac_referral",
                      "specialist_support_referral", "support_police_report", "temporary_accommodation",
                      "target_hardening", "emergency_transfer", "reciprocal_move", "joint_tenancy_change",
                      "enforcement_against_perpetrator", "financial_support_referral", "signpost_legal_support",
                      "advice_and_assistance", "consider_survivor_wishes",
                      "accommodate_perpetrator_elsewhere"):  # fmt: skip
        absent(decision, action_id)


def test_disclosure_if_you_agree_there_is_no_invitation_to_come_back_later():
    absent(decide(), "invite_future_contact")


def test_disclosure_an_unknown_answer_leaves_the_process_undecided_but_the_report_is_recorded_either_way():
    decision = decide(survivor__consents_to_specialist_contact=UNKNOWN)
    consent = ["survivor.consents_to_specialist_contact"]
    for action_id in ("advice_and_assistance", "invite_future_contact"):
        undecided(decision, action_id, missing=consent, modality="must")
    # required if the survivor agrees, forbidden if not: cautiously `must_not` until the answer is known
    for action_id in ("contact_survivor", "open_case", "risk_assessment"):
        entry = undecided(decision, action_id, missing=consent, modality="must_not")
        assert entry["modalities"] == ["must", "must_not"]
    undecided(decision, "specialist_support_referral", missing=consent, modality="may")
    action(decision, "record_report", modality="must", clause=INFORMATION_SHARING)
    action(decision, "keep_survivor_informed", modality="must", clause=DISCLOSURE)


# Process for determining the support you need -----------------------------------------------------------------


def test_process_ckh_starts_by_completing_a_dash_risk_assessment():
    action(decide(), "risk_assessment", modality="must", due=None, clause=PROCESS)


def test_process_at_high_risk_a_referral_can_be_made_to_specialist_abuse_services():
    entry = action(decide(risk__dash_score=14), "specialist_support_referral", modality="may", clause=PROCESS)
    assert cites(entry, HIGH_RISK_QUOTE)
    assert not cites(entry, STANDARD_RISK_QUOTE)


def test_process_professional_judgement_of_high_risk_is_high_risk_whatever_the_score():
    decision = decide(risk__dash_score=3, risk__professional_judgement_high=True)
    assert cites(referral_entry(decision), HIGH_RISK_QUOTE)


def test_process_at_standard_or_medium_risk_a_referral_can_be_made_to_outreach_providers():
    entry = action(decide(area="cambridgeshire", risk__dash_score=8), "specialist_support_referral",
                   modality="may", clause=PROCESS)  # fmt: skip
    assert cites(entry, STANDARD_RISK_QUOTE)
    assert not cites(entry, HIGH_RISK_QUOTE)
    assert not cites(entry, VICTIMS_HUB_QUOTE)


def test_process_peterborough_residents_at_standard_or_medium_risk_can_be_referred_to_the_victims_hub():
    entry = referral_entry(decide(area="peterborough", risk__dash_score=8))
    assert cites(entry, VICTIMS_HUB_QUOTE)


def test_process_a_cambridgeshire_score_of_14_to_16_is_high_risk_but_below_the_marac_threshold():
    decision = decide(area="cambridgeshire", risk__dash_score=16)
    assert cites(referral_entry(decision), HIGH_RISK_QUOTE)
    absent(decision, "marac_referral")


@pytest.mark.parametrize("area", ["cambridgeshire", "huntingdonshire", "fenland", "cambridge",
                                  "east_cambridgeshire", "south_cambridgeshire"])  # fmt: skip
def test_process_in_cambridgeshire_a_dash_score_of_17_may_be_referred_to_marac(area):
    decision = decide(area=area, risk__dash_score=17)
    entry = action(decision, "marac_referral", modality="may", clause=PROCESS)
    assert cites(entry, "a DASH score of 17 (in Cambridgeshire, 14 elsewhere)")
    absent(decide(area=area, risk__dash_score=16), "marac_referral")


def test_process_in_peterborough_a_dash_score_of_14_may_be_referred_to_marac():
    action(decide(area="peterborough", risk__dash_score=14), "marac_referral", modality="may", clause=PROCESS)
    absent(decide(area="peterborough", risk__dash_score=13), "marac_referral")


def test_process_elsewhere_a_dash_score_of_14_may_be_referred_to_marac():
    action(decide(area="sefton", risk__dash_score=14), "marac_referral", modality="may", clause=PROCESS)
    absent(decide(area="sefton", risk__dash_score=13), "marac_referral")


def test_process_on_the_neighbourhood_managers_professional_judgement_marac_is_open_below_the_score():
    decision = decide(area="cambridgeshire", risk__dash_score=5, risk__professional_judgement_high=True)
    action(decision, "marac_referral", modality="may", clause=PROCESS)


def test_process_with_the_area_unknown_a_score_between_the_thresholds_waits_on_the_area():
    decision = decide(area=UNKNOWN, risk__dash_score=15)
    undecided(decision, "marac_referral", missing=["area"], modality="may")


def test_process_with_the_area_unknown_a_score_over_both_thresholds_is_decided():
    action(decide(area=UNKNOWN, risk__dash_score=17), "marac_referral", modality="may", clause=PROCESS)


def test_process_with_the_area_unknown_a_score_under_both_thresholds_is_decided():
    absent(decide(area=UNKNOWN, risk__dash_score=13), "marac_referral")


def test_process_an_unknown_score_leaves_marac_undecided():
    decision = decide(risk__dash_score=UNKNOWN)
    undecided(decision, "marac_referral", missing=["risk.dash_score"], modality="may")


def test_process_an_unknown_professional_judgement_leaves_marac_undecided_below_the_threshold():
    decision = decide(risk__dash_score=5, risk__professional_judgement_high=UNKNOWN)
    undecided(decision, "marac_referral", missing=["risk.professional_judgement_high"], modality="may")
    # a referral to specialist services is an option at any level of risk
    action(decision, "specialist_support_referral", modality="may", clause=SUPPORT)


def test_process_referrals_are_made_only_with_consent():
    decision = decide(survivor__consents_to_share=False, risk__dash_score=20)
    absent(decision, "signpost_legal_support")
    action(decision, "share_without_consent", modality="must_not", clause=[PROCESS, INFORMATION_SHARING])


def test_process_without_consent_ckh_must_not_refer_to_marac_whatever_the_score():
    decision = decide(survivor__consents_to_share=False, risk__dash_score=20, risk__professional_judgement_high=True)
    entry = action(decision, "marac_referral", modality="must_not", clause=PROCESS)
    assert cites(entry, "We will only make referrals to third party organisations with your consent.")
    assert decision["conflicts"] == []


def test_process_without_consent_ckh_must_not_refer_to_specialist_services_such_as_womens_aid():
    decision = decide(survivor__consents_to_share=False, risk__dash_score=20)
    entry = action(decision, "specialist_support_referral", modality="must_not",
                   clause=[PROCESS, INFORMATION_SHARING])  # fmt: skip
    assert cites(entry, "All referrals to external support agencies such as Women’s Aid are completed with consent")
    assert decision["conflicts"] == []


def test_process_the_referral_bans_hold_also_for_a_survivor_who_did_not_agree_to_a_neighbourhood_manager():
    decision = decide(survivor__consents_to_share=False, survivor__consents_to_specialist_contact=False)
    action(decision, "marac_referral", modality="must_not", clause=PROCESS)
    action(decision, "specialist_support_referral", modality="must_not", clause=PROCESS)


@pytest.mark.parametrize(
    "facts",
    [
        {"children__at_risk": True},
        {"children__protection_plan": True},
        {"survivor__has_care_and_support_needs": True},
        {"safeguarding_concern": True},
    ],
)
def test_process_the_safeguarding_guidelines_do_not_lift_the_bans_on_marac_and_specialist_referrals(facts):
    decision = decide(survivor__consents_to_share=False, risk__dash_score=20, **facts)
    action(decision, "marac_referral", modality="must_not", clause=PROCESS)
    entry = action(decision, "specialist_support_referral", modality="must_not", clause=[PROCESS, INFORMATION_SHARING])
    assert entry["rules"] == ["no_specialist_referral_without_consent_process"]
    assert decision["conflicts"] == []


def test_process_a_child_who_only_sees_or_hears_the_abuse_does_not_lift_the_referral_bans():
    decision = decide(survivor__consents_to_share=False, children__affected=True)
    action(decision, "marac_referral", modality="must_not", clause=PROCESS)
    action(decision, "specialist_support_referral", modality="must_not", clause=PROCESS)


def test_process_unknown_consent_leaves_referrals_undecided_and_cautiously_forbidden_meanwhile():
    decision = decide(survivor__consents_to_share=UNKNOWN, risk__dash_score=20)
    for action_id in ("marac_referral", "specialist_support_referral"):
        entry = undecided(decision, action_id, missing=["survivor.consents_to_share"], modality="must_not")
        assert entry["modalities"] == ["may", "must_not"]


def test_process_nothing_is_shared_without_consent():
    decision = decide()
    entry = shared(decision, SHARE, "any", modality="must_not", clause=[PROCESS, INFORMATION_SHARING], rules=[BAN])
    assert cites(entry, "All referrals to external support agencies such as Women’s Aid are completed with consent")
    assert recipients(decision, SHARE) == {"any": "must_not"}


def test_process_the_consent_rule_holds_also_for_a_survivor_who_did_not_agree_to_a_neighbourhood_manager():
    decision = decide(survivor__consents_to_specialist_contact=False)
    action(decision, "share_without_consent", modality="must_not", clause=PROCESS)


def test_process_a_legal_duty_to_disclose_is_not_an_exception_the_policy_states():
    decision = decide(legal_duty_to_disclose=True)
    shared(decision, SHARE, "any", modality="must_not", clause=PROCESS, rules=[BAN])
    assert recipients(decision, SHARE) == {"any": "must_not"}
    assert decision["undecided"] == []


@pytest.mark.parametrize(
    "facts",
    [
        {"children__at_risk": True},
        {"children__protection_plan": True},
        {"survivor__has_care_and_support_needs": True},
        {"safeguarding_concern": True},
    ],
)
def test_process_where_the_safeguarding_policies_govern_ckh_may_share_with_the_safeguarding_services_only(facts):
    decision = decide(**facts)
    entry = shared(decision, SHARE, "social_services", modality="may", clause=[INFORMATION_SHARING, PROCESS],
                   rules=[SAFEGUARDING_SHARING], overrides=[BAN])  # fmt: skip
    assert cites(entry, "separate information sharing guidelines which must be adhered to")
    # every other recipient stays under the consent rule
    shared(decision, SHARE, "any", modality="must_not", clause=PROCESS, rules=[BAN])
    assert recipients(decision, SHARE) == {"any": "must_not", "social_services": "may"}
    assert decision["conflicts"] == []


def test_process_without_a_safeguarding_instance_the_safeguarding_services_are_under_the_consent_rule():
    assert recipients(decide(), SHARE) == {"any": "must_not"}


def test_process_a_child_who_only_sees_or_hears_the_abuse_opens_sharing_with_childrens_services_not_referrals():
    decision = decide(children__affected=True, survivor__consents_to_share=False)
    action(decision, "safeguarding_children_referral", modality="must", clause=PROCESS)
    shared(decision, SHARE, "social_services", modality="may", clause=INFORMATION_SHARING, rules=[SAFEGUARDING_SHARING],
           overrides=[BAN])  # fmt: skip
    shared(decision, SHARE, "any", modality="must_not", clause=PROCESS, rules=[BAN])
    action(decision, "specialist_support_referral", modality="must_not", clause=PROCESS)


def test_process_a_safeguarding_concern_alone_opens_sharing_with_the_safeguarding_services_but_starts_no_procedure():
    decision = decide(safeguarding_concern=True)
    shared(decision, SHARE, "social_services", modality="may", clause=INFORMATION_SHARING, rules=[SAFEGUARDING_SHARING],
           overrides=[BAN])  # fmt: skip
    absent(decision, "safeguarding_children_referral")
    absent(decision, "safeguarding_adults_referral")


def test_process_unknown_safeguarding_facts_leave_sharing_with_the_safeguarding_services_undecided():
    decision = decide(safeguarding_concern=UNKNOWN)
    entry = shared_undecided(decision, SHARE, "social_services", missing=["safeguarding_concern"], modality="must_not",
                             modalities=["may", "must_not"])  # fmt: skip
    assert entry["rules"] == [BAN, SAFEGUARDING_SHARING]
    # the consent rule for every other recipient does not wait on it
    shared(decision, SHARE, "any", modality="must_not", clause=PROCESS, rules=[BAN])


def test_process_the_safeguarding_services_may_be_told_where_only_the_perpetrator_is_a_ckh_tenant():
    decision = decide(survivor__is_customer=False, perpetrator__is_customer=True,
                      perpetrator__lives_with_survivor=False, children__at_risk=True)  # fmt: skip
    action(decision, "safeguarding_children_referral", modality="must", clause=PROCESS)
    shared(decision, SHARE, "social_services", modality="may", clause=INFORMATION_SHARING, rules=[SAFEGUARDING_SHARING],
           overrides=[BAN])  # fmt: skip
    # the exception displaces the consent rule for the safeguarding services only
    shared(decision, SHARE, "any", modality="must_not", clause=PROCESS, rules=[BAN])
    assert recipients(decision, SHARE) == {"any": "must_not", "social_services": "may"}


def test_process_where_only_the_perpetrator_is_a_ckh_tenant_nothing_is_shared_without_consent():
    decision = decide(survivor__is_customer=False, perpetrator__is_customer=True,
                      perpetrator__lives_with_survivor=False, survivor__consents_to_share=False,
                      risk__dash_score=20)  # fmt: skip
    entry = shared(decision, SHARE, "any", modality="must_not", clause=[PROCESS, INFORMATION_SHARING], rules=[BAN])
    assert cites(entry, "All referrals to external support agencies such as Women’s Aid are completed with consent")
    assert recipients(decision, SHARE) == {"any": "must_not"}
    assert decision["conflicts"] == []


def test_process_where_neither_person_is_a_ckh_tenant_the_consent_rule_is_not_this_policys():
    decision = decide(survivor__is_customer=False, perpetrator__is_customer=False, children__at_risk=True)
    absent(decision, "share_without_consent")


def test_process_unknown_tenancy_of_both_leaves_the_consent_rule_undecided_naming_both():
    decision = decide(survivor__is_customer=UNKNOWN, perpetrator__is_customer=UNKNOWN)
    shared_undecided(decision, SHARE, "any", missing=["perpetrator.is_customer", "survivor.is_customer"],
                     modality="must_not", modalities=["must_not"])  # fmt: skip


# Information sharing: a case MARAC already holds --------------------------------------------------------------


def test_information_sharing_ckh_may_share_with_a_marac_that_already_holds_the_case_without_consent():
    decision = decide(statutory_agency_support=["marac"], survivor__consents_to_share=False)
    entry = shared(decision, SHARE, "marac", modality="may", clause=[INFORMATION_SHARING, PROCESS],
                   rules=[MARAC_SHARING], overrides=[BAN])  # fmt: skip
    assert cites(entry, "information sharing agreements with key agencies to share information")
    shared(decision, SHARE, "any", modality="must_not", clause=PROCESS, rules=[BAN])
    # sharing at the MARAC is not a referral: CKH still must not refer to MARAC without consent
    action(decision, "marac_referral", modality="must_not", clause=PROCESS)
    action(decision, "marac_participation", modality="must", clause=PROCESS)
    assert decision["conflicts"] == []


def test_information_sharing_a_marac_holding_the_case_may_be_told_where_only_the_perpetrator_is_a_ckh_tenant():
    decision = decide(statutory_agency_support=["marac"], survivor__consents_to_share=False,
                      survivor__is_customer=False, perpetrator__is_customer=True,
                      perpetrator__lives_with_survivor=False)  # fmt: skip
    shared(decision, SHARE, "marac", modality="may", clause=INFORMATION_SHARING, rules=[MARAC_SHARING], overrides=[BAN])
    shared(decision, SHARE, "any", modality="must_not", clause=PROCESS, rules=[BAN])
    action(decision, "marac_participation", modality="must", clause=PROCESS)
    assert recipients(decision, SHARE) == {"any": "must_not", "marac": "may"}


def test_information_sharing_a_case_not_at_marac_leaves_the_marac_under_the_consent_rule():
    decision = decide(statutory_agency_support=["police"])
    assert recipients(decision, SHARE) == {"any": "must_not"}


def test_information_sharing_unknown_agency_support_leaves_sharing_with_the_marac_undecided():
    decision = decide(statutory_agency_support=UNKNOWN)
    entry = shared_undecided(decision, SHARE, "marac", missing=["statutory_agency_support"], modality="must_not",
                             modalities=["may", "must_not"])  # fmt: skip
    assert entry["rules"] == [BAN, MARAC_SHARING]
    shared(decision, SHARE, "any", modality="must_not", clause=PROCESS, rules=[BAN])


def test_process_if_not_yet_reported_to_the_police_ckh_discusses_it_and_supports_a_report():
    entry = action(decide(survivor__reported_to_police=False), "support_police_report", modality="must",
                   clause=PROCESS)  # fmt: skip
    assert cites(entry, "support you if you wish to make that report")


def test_process_no_police_report_discussion_when_already_reported():
    absent(decide(survivor__reported_to_police=True), "support_police_report")


def test_process_unknown_police_report_leaves_the_discussion_undecided():
    decision = decide(survivor__reported_to_police=UNKNOWN)
    undecided(decision, "support_police_report", missing=["survivor.reported_to_police"], modality="must")


def test_process_a_child_at_risk_brings_in_the_child_protection_policy():
    action(decide(children__at_risk=True), "safeguarding_children_referral", modality="must",
           clause=[PROCESS, INFORMATION_SHARING])  # fmt: skip


def test_process_a_child_on_a_child_in_need_or_child_protection_plan_brings_in_the_child_protection_policy():
    decision = decide(children__protection_plan=True)
    action(decision, "safeguarding_children_referral", modality="must", clause=[PROCESS, INFORMATION_SHARING])


def test_process_no_child_protection_procedure_when_no_child_is_affected_or_at_risk():
    absent(decide(children__at_risk=False, children__affected=False), "safeguarding_children_referral")


def test_process_a_child_in_the_household_who_is_neither_affected_nor_at_risk_is_not_a_safeguarding_instance():
    decision = decide(children__present=True)
    absent(decision, "safeguarding_children_referral")


def test_process_unknown_risk_to_children_leaves_the_child_protection_procedure_undecided():
    decision = decide(children__at_risk=UNKNOWN, children__affected=UNKNOWN, children__protection_plan=UNKNOWN)
    undecided(decision, "safeguarding_children_referral",
              missing=["children.affected", "children.at_risk", "children.protection_plan"],
              modality="must")  # fmt: skip


@pytest.mark.parametrize("age", [16, 17])
def test_process_a_survivor_aged_16_or_17_is_a_child_and_brings_in_the_child_protection_policy(age):
    decision = decide(survivor__age=age, survivor__consents_to_share=False)
    entry = action(decision, "safeguarding_children_referral", modality="must", clause=PROCESS)
    assert entry["rules"] == ["safeguarding_children_process"]
    shared(decision, SHARE, "social_services", modality="may", clause=INFORMATION_SHARING, rules=[SAFEGUARDING_SHARING],
           overrides=[BAN])  # fmt: skip
    # a referral to a specialist service still needs the survivor's consent
    action(decision, "specialist_support_referral", modality="must_not", clause=PROCESS)


def test_process_a_survivor_aged_17_who_declines_everything_still_has_the_child_protection_route():
    decision = decide(survivor__age=17, survivor__consents_to_specialist_contact=False,
                      survivor__consents_to_share=False)  # fmt: skip
    action(decision, "contact_survivor", modality="must_not", clause=DISCLOSURE)
    action(decision, "safeguarding_children_referral", modality="must", clause=PROCESS)
    shared(decision, SHARE, "social_services", modality="may", clause=INFORMATION_SHARING, rules=[SAFEGUARDING_SHARING],
           overrides=[BAN])  # fmt: skip
    assert recipients(decision, SHARE) == {"any": "must_not", "social_services": "may"}
    assert decision["conflicts"] == []


def test_process_a_survivor_aged_18_with_no_child_affected_brings_in_no_child_protection_procedure():
    decision = decide(survivor__age=18)
    absent(decision, "safeguarding_children_referral")
    assert recipients(decision, SHARE) == {"any": "must_not"}


def test_process_a_vulnerable_adult_brings_in_the_safeguarding_adults_policy():
    action(decide(survivor__has_care_and_support_needs=True), "safeguarding_adults_referral", modality="must",
           clause=PROCESS)  # fmt: skip


def test_process_no_safeguarding_adults_procedure_without_care_and_support_needs():
    absent(decide(survivor__has_care_and_support_needs=False), "safeguarding_adults_referral")


def test_process_in_all_cases_safeguarding_applies_even_when_the_survivor_did_not_agree_to_support():
    decision = decide(survivor__consents_to_specialist_contact=False, children__at_risk=True,
                      survivor__has_care_and_support_needs=True)  # fmt: skip
    action(decision, "safeguarding_children_referral", modality="must", clause=PROCESS)
    action(decision, "safeguarding_adults_referral", modality="must", clause=PROCESS)


def test_process_in_all_cases_safeguarding_applies_where_only_the_perpetrator_is_a_ckh_tenant():
    decision = decide(survivor__is_customer=False, perpetrator__is_customer=True,
                      perpetrator__lives_with_survivor=False, children__at_risk=True,
                      survivor__has_care_and_support_needs=True)  # fmt: skip
    action(decision, "safeguarding_children_referral", modality="must", clause=PROCESS)
    action(decision, "safeguarding_adults_referral", modality="must", clause=PROCESS)
    absent(decision, "open_case")


def test_process_no_safeguarding_procedure_under_this_policy_where_neither_person_is_a_ckh_tenant():
    decision = decide(survivor__is_customer=False, perpetrator__is_customer=False, children__at_risk=True,
                      survivor__has_care_and_support_needs=True)  # fmt: skip
    absent(decision, "safeguarding_children_referral")
    absent(decision, "safeguarding_adults_referral")


def test_process_through_marac_ckh_agrees_a_safety_plan_and_completes_its_actions():
    decision = decide(statutory_agency_support=["marac"])
    action(decision, "marac_participation", modality="must", due=None, clause=[PROCESS, INFORMATION_SHARING])
    action(decision, "action_plan", modality="must", due=None, clause=PROCESS)


def test_process_marac_participation_does_not_wait_on_the_survivors_agreement_to_a_neighbourhood_manager():
    decision = decide(statutory_agency_support=["marac"], survivor__consents_to_specialist_contact=False)
    action(decision, "marac_participation", modality="must", clause=PROCESS)


@pytest.mark.parametrize("agencies", [[], ["police", "social_services"]])
def test_process_no_marac_participation_or_safety_plan_when_the_case_is_not_at_marac(agencies):
    decision = decide(statutory_agency_support=agencies)
    absent(decision, "marac_participation")
    absent(decision, "action_plan")


# What support can we offer? ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action_id", "words"),
    [
        ("temporary_accommodation", "Access to refuge"),
        ("target_hardening", "Target hardening such as window alarms, security lights, locks, and dummy CCTV"),
        ("emergency_transfer", "Transfer to another property on emergency grounds"),
        ("reciprocal_move", "Transfer to another property via a reciprocal housing arrangement"),
        ("enforcement_against_perpetrator", "Action against the perpetrator"),
        ("specialist_support_referral", "Referrals to specialist services / legal support"),
    ],
)
def test_support_the_options_listed_are_open_to_a_survivor_who_agreed_to_support(action_id, words):
    entry = action(decide(), action_id, modality="may", clause=SUPPORT)
    assert cites(entry, words)


def test_support_transfers_follow_the_emergency_transfer_procedure():
    entry = action(decide(), "emergency_transfer", modality="may", clause=SUPPORT)
    assert cites(entry, "in accordance with our Emergency Transfer Procedure")


def test_support_referrals_to_legal_support_are_an_option_and_a_commitment_under_perpetrator_management():
    entry = action(decide(), "signpost_legal_support", modality="must", clause=[SUPPORT, PERPETRATOR])
    assert cites(entry, "obtaining civil orders such as non-molestation orders")


def test_support_a_joint_tenant_with_the_perpetrator_may_change_the_joint_tenancy():
    entry = action(decide(survivor__joint_tenant_with_perpetrator=True), "joint_tenancy_change", modality="may",
                   clause=SUPPORT)  # fmt: skip
    assert entry["authority"] is None


def test_support_for_a_joint_tenant_ckh_considers_offering_alternative_accommodation():
    entry = action(decide(survivor__joint_tenant_with_perpetrator=True), "emergency_transfer", modality="may",
                   clause=SUPPORT)  # fmt: skip
    assert cites(entry, JOINT_TENANCY_QUOTE)


def test_support_no_joint_tenancy_options_for_a_sole_tenant():
    decision = decide(survivor__joint_tenant_with_perpetrator=False)
    absent(decision, "joint_tenancy_change")
    assert not cites(entries(decision, "actions", "emergency_transfer")[0], JOINT_TENANCY_QUOTE)


def test_support_unknown_joint_tenancy_leaves_the_joint_tenancy_change_undecided():
    decision = decide(survivor__joint_tenant_with_perpetrator=UNKNOWN)
    undecided(decision, "joint_tenancy_change", missing=["survivor.joint_tenant_with_perpetrator"], modality="may")
    action(decision, "emergency_transfer", modality="may", clause=SUPPORT)


@pytest.mark.parametrize("compromises", [True, UNKNOWN])
def test_support_action_against_the_perpetrator_does_not_wait_on_a_safety_assessment_ckh_does_not_state(compromises):
    decision = decide(risk__enforcement_compromises_safety=compromises)
    entry = action(decision, "enforcement_against_perpetrator", modality="may", clause=SUPPORT)
    assert entry["rules"] == ["action_against_perpetrator_option"]
    absent(decision, "enforcement_safety_assessment")


def test_support_food_utility_furniture_and_benefits_help_if_required():
    entry = action(decide(survivor__financial_need=True), "financial_support_referral", modality="may",
                   clause=SUPPORT)  # fmt: skip
    assert cites(entry, "Access to food and utility support")
    assert cites(entry, "Access to support with finances and making benefit claims if required")


def test_support_access_to_financial_help_does_not_wait_on_consent_to_share():
    decision = decide(survivor__financial_need=True, survivor__consents_to_share=False)
    action(decision, "financial_support_referral", modality="may", clause=SUPPORT)
    action(decision, "share_without_consent", modality="must_not", clause=PROCESS)


def test_support_no_financial_help_when_it_is_not_required():
    absent(decide(survivor__financial_need=False), "financial_support_referral")


def test_support_court_orders_that_let_the_survivor_stay_are_always_followed():
    for order in ("occupation_order", "property_transfer_order"):
        action(decide(court_orders=[order]), "comply_with_court_order", modality="must", clause=SUPPORT)


def test_support_court_orders_are_followed_even_when_the_survivor_did_not_agree_to_support():
    decision = decide(court_orders=["occupation_order"], survivor__consents_to_specialist_contact=False)
    action(decision, "comply_with_court_order", modality="must", clause=SUPPORT)


def test_support_court_orders_are_followed_where_only_the_perpetrator_is_a_ckh_tenant():
    decision = decide(court_orders=["property_transfer_order"], survivor__is_customer=False,
                      perpetrator__is_customer=True)  # fmt: skip
    action(decision, "comply_with_court_order", modality="must", clause=SUPPORT)


def test_support_a_non_molestation_order_alone_asks_nothing_of_the_landlord():
    absent(decide(court_orders=["non_molestation_order"]), "comply_with_court_order")


def test_support_unknown_court_orders_leave_compliance_undecided():
    undecided(decide(court_orders=UNKNOWN), "comply_with_court_order", missing=["court_orders"], modality="must")


def test_support_a_survivor_forced_to_leave_is_advised_on_benefits_security_and_the_household():
    entry = action(decide(survivor__left_home_due_to_abuse=True), "advice_and_assistance", modality="must",
                   clause=[SUPPORT, INTRODUCTION])  # fmt: skip
    assert cites(entry, "we will advise you around benefit claims")


def test_support_no_leaving_advice_cited_for_a_survivor_still_at_home():
    entry = action(decide(survivor__left_home_due_to_abuse=False), "advice_and_assistance", modality="must",
                   clause=INTRODUCTION)  # fmt: skip
    assert SUPPORT not in clauses(entry)


def test_support_in_cambridgeshire_the_county_reciprocal_arrangement_is_open_where_the_move_is_not_immediate():
    entry = action(decide(area="cambridgeshire"), "reciprocal_move", modality="may", clause=SUPPORT)
    assert cites(entry, RECIPROCAL_QUOTE)


def test_support_the_county_reciprocal_arrangement_is_not_cited_where_refuge_is_needed_at_once():
    entry = action(decide(area="cambridgeshire", risk__immediate_danger=True), "reciprocal_move", modality="may",
                   clause=SUPPORT)  # fmt: skip
    assert not cites(entry, RECIPROCAL_QUOTE)


def test_support_peterborough_is_outside_the_cambridgeshire_arrangement_but_a_reciprocal_move_is_still_an_option():
    entry = action(decide(area="peterborough"), "reciprocal_move", modality="may", clause=SUPPORT)
    assert not cites(entry, RECIPROCAL_QUOTE)


def test_support_with_the_area_unknown_a_reciprocal_move_is_still_an_option():
    action(decide(area=UNKNOWN), "reciprocal_move", modality="may", clause=SUPPORT)


# Perpetrator Management ---------------------------------------------------------------------------------------


def test_perpetrator_ckh_works_with_the_survivor_to_understand_their_wishes_about_action_against_the_perpetrator():
    action(decide(), "consider_survivor_wishes", modality="must", clause=PERPETRATOR)


@pytest.mark.parametrize(
    "facts",
    [{"perpetrator__accused_of_offence": True}, {"statutory_agency_support": ["police"]},
     {"survivor__reported_to_police": True}],
)
def test_perpetrator_ckh_supports_police_action_to_bring_the_perpetrator_to_justice(facts):
    entry = action(decide(**facts), "support_police_action", modality="must", clause=PERPETRATOR)
    assert cites(entry, "Multi-Agency Public Protection offenders")


def test_perpetrator_no_police_action_to_support_when_the_police_are_not_involved():
    absent(decide(), "support_police_action")


def test_perpetrator_police_action_is_supported_where_only_the_perpetrator_is_a_ckh_tenant():
    decision = decide(survivor__is_customer=False, perpetrator__is_customer=True,
                      perpetrator__lives_with_survivor=False, perpetrator__accused_of_offence=True)  # fmt: skip
    action(decision, "support_police_action", modality="must", clause=PERPETRATOR)
    absent(decision, "open_case")


def test_perpetrator_unknown_police_involvement_leaves_support_undecided():
    decision = decide(perpetrator__accused_of_offence=UNKNOWN)
    undecided(decision, "support_police_action", missing=["perpetrator.accused_of_offence"], modality="must")


def test_perpetrator_the_housing_act_allows_evicting_a_perpetrator_who_remains_when_the_survivor_fled():
    decision = decide(survivor__left_home_due_to_abuse=True, perpetrator__remains_in_home=True,
                      perpetrator__is_customer=True)  # fmt: skip
    action(decision, "possession_proceedings", modality="may", clause=PERPETRATOR)
    action(decision, "consider_survivor_wishes", modality="must", clause=PERPETRATOR)


def test_perpetrator_possession_and_wishes_do_not_wait_on_the_survivors_agreement_to_a_neighbourhood_manager():
    decision = decide(survivor__left_home_due_to_abuse=True, perpetrator__remains_in_home=True,
                      perpetrator__is_customer=True, survivor__consents_to_specialist_contact=False)  # fmt: skip
    action(decision, "possession_proceedings", modality="may", clause=PERPETRATOR)
    action(decision, "consider_survivor_wishes", modality="must", clause=PERPETRATOR)


def test_perpetrator_no_possession_when_the_perpetrator_is_not_a_ckh_tenant():
    decision = decide(survivor__left_home_due_to_abuse=True, perpetrator__remains_in_home=True,
                      perpetrator__is_customer=False)  # fmt: skip
    absent(decision, "possession_proceedings")


def test_perpetrator_no_possession_when_the_perpetrator_has_not_remained():
    decision = decide(survivor__left_home_due_to_abuse=True, perpetrator__remains_in_home=False,
                      perpetrator__is_customer=True)  # fmt: skip
    absent(decision, "possession_proceedings")


def test_perpetrator_unknown_whether_the_perpetrator_remains_leaves_possession_undecided():
    decision = decide(survivor__left_home_due_to_abuse=True, perpetrator__remains_in_home=UNKNOWN,
                      perpetrator__is_customer=True)  # fmt: skip
    undecided(decision, "possession_proceedings", missing=["perpetrator.remains_in_home"], modality="may")


def test_perpetrator_in_exceptional_circumstances_ckh_may_accommodate_the_perpetrator_away_from_the_family_home():
    decision = decide(survivor__wishes="stay")
    entry = action(decision, "accommodate_perpetrator_elsewhere", modality="may", clause=[PERPETRATOR, SUPPORT])
    assert cites(entry, "In exceptional circumstances")


def test_perpetrator_a_child_protection_plan_is_an_example_of_safeguarding_not_a_condition():
    for plan in (True, False):
        decision = decide(children__protection_plan=plan)
        action(decision, "accommodate_perpetrator_elsewhere", modality="may", clause=PERPETRATOR)


def test_perpetrator_a_survivor_still_deciding_may_remain_while_the_perpetrator_is_accommodated_away():
    action(decide(survivor__wishes="undecided"), "accommodate_perpetrator_elsewhere", modality="may",
           clause=PERPETRATOR)  # fmt: skip


def test_perpetrator_not_accommodated_away_when_the_survivor_wants_to_move():
    absent(decide(children__protection_plan=True, survivor__wishes="move"), "accommodate_perpetrator_elsewhere")


def test_perpetrator_unknown_wishes_leave_accommodating_the_perpetrator_away_undecided():
    decision = decide(survivor__wishes=UNKNOWN)
    undecided(decision, "accommodate_perpetrator_elsewhere", missing=["survivor.wishes"], modality="may")


def test_perpetrator_not_accommodated_away_when_the_perpetrator_does_not_live_in_the_family_home():
    decision = decide(children__protection_plan=True, perpetrator__lives_with_survivor=False)
    absent(decision, "accommodate_perpetrator_elsewhere")


def test_perpetrator_inappropriate_nominations_from_the_local_authority_are_refused():
    entry = action(decide(nomination_near_abused_resident=True), "refuse_nomination", modality="must",
                   clause=PERPETRATOR)  # fmt: skip
    assert cites(entry, "in close proximity to another resident who the perpetrator has abused")


def test_perpetrator_nominations_are_refused_whatever_the_survivor_answered():
    decision = decide(nomination_near_abused_resident=True, survivor__consents_to_specialist_contact=False)
    action(decision, "refuse_nomination", modality="must", clause=PERPETRATOR)


def test_perpetrator_no_refusal_without_such_a_nomination():
    absent(decide(nomination_near_abused_resident=False), "refuse_nomination")


def test_perpetrator_ckh_supports_access_to_perpetrator_programmes_where_available():
    action(decide(perpetrator__seeks_to_change=True), "perpetrator_programme_referral", modality="should",
           clause=PERPETRATOR)  # fmt: skip


def test_perpetrator_no_programme_for_a_perpetrator_who_does_not_want_to_change():
    absent(decide(perpetrator__seeks_to_change=False), "perpetrator_programme_referral")


# Information sharing ------------------------------------------------------------------------------------------


def test_information_sharing_cases_are_recorded_in_the_restricted_incident_module():
    entry = action(decide(), "record_report", modality="must", clause=INFORMATION_SHARING)
    assert cites(entry, "incident module which has restricted access")
    assert DISCLOSURE not in clauses(entry)


# What you can expect from CKH ----------------------------------------------------------------------------------


def test_expect_ckh_signposts_to_organisations_with_more_expertise():
    action(decide(), "signpost_other_services", modality="must", clause=EXPECT)


def test_expect_signposting_needs_no_consent_and_holds_when_the_survivor_did_not_agree():
    decision = decide(survivor__consents_to_specialist_contact=False, survivor__consents_to_share=False)
    action(decision, "signpost_other_services", modality="must", clause=EXPECT)


# Document: review date and ordering ---------------------------------------------------------------------------


def test_review_date_january_2025_had_passed_for_a_report_in_2026():
    assert decide()["warnings"] == [REVIEW_WARNING]


def test_review_date_had_passed_for_a_report_on_1_february_2025():
    assert REVIEW_WARNING in decide(reported_at="2025-02-01T09:00")["warnings"]


def test_review_date_had_not_passed_for_a_report_on_31_january_2025():
    assert decide(reported_at="2025-01-31T09:00")["warnings"] == []


def test_actions_are_ordered_by_due_with_the_24_hour_case_first_then_by_id():
    ids = [e["id"] for e in decide()["actions"]]
    assert ids[0] == "open_case"
    assert ids[1:] == sorted(ids[1:])


def test_the_ruleset_states_its_landlord_and_document():
    model = CKH.model
    assert model.landlord.name == "Cross Keys Homes"
    assert model.landlord.kind == "private_registered_provider"
    assert (model.document.approved, model.document.review) == ("2021-01", "2025-01")
    assert model.document.source_text == "ckh.txt"


def test_introduction_a_non_tenant_survivor_who_fled_the_home_where_the_tenant_perpetrator_remains_is_advised():
    decision = decide(survivor__is_customer=False, perpetrator__is_customer=True, perpetrator__lives_with_survivor=False,
                      survivor__left_home_due_to_abuse=True, perpetrator__remains_in_home=True)  # fmt: skip
    action(decision, "record_report", modality="must", clause="Information sharing")
    absent(decision, "emergency_transfer")
