"""Scenario tests for the Amplius ruleset (policies/amplius.yaml), read against ../shared/sources/amplius.txt.

Amplius's policy has no clause numbers, so each test is named after the section heading it tests ("Policy
details" is the list under "Amplius aims in dealing with Domestic Abuse"). Cases start from `amplius_case()`,
a complete case of an Amplius customer experiencing domestic abuse (every fact the Amplius rules read has a
definite value), and change one fact; a fact set to UNKNOWN is left out of the case document (unknown, not
false). The policy sets no deadline for any step, so every `due` is null.
"""

from __future__ import annotations

import pytest

import dapolicy

from scenarios import (
    UNKNOWN, absent, action, clauses, entries, recipients, shared, shared_undecided, undecided, with_facts
)

AMPLIUS = dapolicy.load_policy("amplius")

#: Monday 2 March 2026 10:00 GMT, before the review date.
REPORTED_AT = "2026-03-02T10:00"

REVIEW_WARNING = "policy review date 2027-12-04 had passed when the report was received"
WIDER_WARNING = (
    "Amplius's own definition says yes to domestic abuse where the Domestic Abuse Act 2021 says no: "
    "the policy is wider than the Act here"
)


def amplius_case(**overrides):
    """A complete Amplius customer domestic-abuse case; `survivor__age=16` overrides `survivor.age`."""
    case = {
        "reported_at": REPORTED_AT,
        "report_source": "survivor",
        "area": "peterborough",
        "relationship": "spouse",
        "behaviours": ["physical"],
        "survivor": {
            "age": 30,
            "is_customer": True,
            "is_leaseholder": False,
            "wishes": "stay",
            "consents_to_share": False,
            "has_care_and_support_needs": False,
            "needs_interpreter": False,
            "requests_female_staff": False,
            "left_home_due_to_abuse": False,
        },
        "perpetrator": {
            "age": 32,
            "is_customer": False,
            "seeks_to_change": False,
            "remains_in_home": False,
            "lives_with_survivor": False,
        },
        "children": {"affected": False, "at_risk": False},
        "risk": {"safe_to_remain": True, "immediate_danger": False, "serious_harm": False},
        "safeguarding_concern": False,
        "legal_duty_to_disclose": False,
        "statutory_agency_support": [],
        "property_damage_by_perpetrator": False,
    }
    return with_facts(case, **overrides)


def decide(**overrides) -> dict:
    """The Amplius decision document for `amplius_case(**overrides)`."""
    return AMPLIUS.evaluate(amplius_case(**overrides)).to_dict()


def definitions(decision):
    da = decision["domestic_abuse"]
    return da["value"], da["statutory"]


#: The not-safe-at-home move: a survivor who cannot stay safe at home and wants to move.
MOVING = {"risk__safe_to_remain": False, "survivor__wishes": "move"}

#: A survivor who consents to information being shared and referrals made (the complete case does not).
CONSENTS = {"survivor__consents_to_share": True}

BAN = "utmost_confidence_confidentiality"
LEGAL_DUTY = "passed_on_where_required_by_law_confidentiality"
POLICE_REPORT = "police_report_on_high_risk_of_serious_harm_confidentiality"

#: The rules that encode "By sharing information with MARAC and other agencies": other agencies are every
#: recipient but the MARAC, the police and local authority included (Confidentiality's own words).
OTHER_AGENCIES = {
    "agencies": "share_information_with_other_agencies_policy_details",
    "police": "share_information_with_other_agencies_police_policy_details",
    "social_services": "share_information_with_other_agencies_social_services_policy_details",
}
#: With consent and no agency involved, Perpetrator management's `may` to every agency but the MARAC.
OTHER_AGENCIES_MAY = {"agencies": "may", "police": "may", "social_services": "may"}


# The whole picture for the complete case ---------------------------------------------------------------------


def test_complete_customer_case_gets_every_unconditional_duty_and_nothing_undecided():
    decision = decide()
    assert decision["policy"]["id"] == "amplius"
    assert decision["policy"]["landlord"] == "Amplius"
    assert decision["undecided"] == []
    assert decision["conflicts"] == []
    assert decision["warnings"] == []
    assert {(e["id"], e["modality"]) for e in decision["actions"]} == {
        ("advice_and_assistance", "must"),
        ("consider_survivor_wishes", "must"),
        ("encourage_consent_to_share", "must"),
        ("record_report", "must"),
        ("signpost_legal_support", "must"),
        ("enforcement_against_perpetrator", "should"),
        ("recovery_support", "should"),
        ("signpost_other_services", "should"),
        ("flexible_policy_application", "should"),
        ("support_to_remain_at_home", "should"),
        ("perpetrator_housing_support", "may"),
        ("target_hardening", "may"),
        ("share_without_consent", "must_not"),
    }
    assert all(e["authority"] is None for e in decision["actions"])
    # the survivor does not consent, so nothing is shared or referred; sharing without consent is forbidden
    assert recipients(decision, "share_without_consent") == {"any": "must_not"}
    absent(decision, "share_information_with_agencies")


def test_amplius_sets_no_deadline_for_any_step():
    decision = decide()
    assert all(e["due"] is None and e["missing"] == [] for e in decision["actions"])


def test_no_deadline_even_for_a_report_on_christmas_eve():
    decision = decide(reported_at="2026-12-24T10:00")
    assert all(e["due"] is None for e in decision["actions"])
    action(decision, "advice_and_assistance", modality="must", due=None, clause="Policy statement")


def test_an_unknown_report_time_changes_no_duty_since_none_has_a_deadline():
    known, unknown = decide(), decide(reported_at=UNKNOWN)
    assert [(e["id"], e["modality"], e["due"], e["missing"]) for e in unknown["actions"]] == [
        (e["id"], e["modality"], e["due"], e["missing"]) for e in known["actions"]
    ]
    assert unknown["undecided"] == []


# Scope and Appendix A: Amplius's definition of domestic abuse ------------------------------------------------


def test_scope_abuse_by_a_spouse_is_domestic_abuse_under_both_definitions():
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
    ],
)
def test_scope_a_spouse_or_partner_or_former_spouse_or_partner_is_covered(relationship):
    decision = decide(relationship=relationship)
    assert definitions(decision) == ("yes", "yes")
    action(decision, "advice_and_assistance", modality="must", clause="Summary")


def test_scope_a_relative_is_a_member_of_the_survivors_family():
    decision = decide(relationship="relative")
    assert definitions(decision) == ("yes", "yes")
    assert decision["warnings"] == []


def test_scope_a_parent_of_the_same_child_is_family_as_in_the_act_appendix_a_quotes():
    decision = decide(relationship="shared_parent")
    assert definitions(decision) == ("yes", "yes")
    assert decision["warnings"] == []
    action(decision, "advice_and_assistance", modality="must", clause="Summary")


def test_scope_another_member_of_the_household_is_covered_though_the_act_does_not_cover_them():
    decision = decide(relationship="household_member")
    assert definitions(decision) == ("yes", "no")
    assert decision["warnings"] == [WIDER_WARNING]
    action(decision, "advice_and_assistance", modality="must", clause="Summary")
    action(decision, "signpost_legal_support", modality="must", clause="Policy details")


def test_scope_the_definition_is_amplius_scope_not_appendix_a_and_the_decision_says_why():
    da = decide(relationship="household_member")["domestic_abuse"]
    assert any(
        "Appendix A reproduces the statutory definition" in reading
        and "the Scope states whom the policy serves" in reading
        and "sets out the law as" in reading
        for reading in da["assumptions"]
    )


@pytest.mark.parametrize("relationship", ["visitor", "neighbour", "none"])
def test_scope_someone_connected_only_as_a_visitor_or_neighbour_is_outside_both_definitions(relationship):
    decision = decide(relationship=relationship)
    assert definitions(decision) == ("no", "no")
    assert decision["actions"] == []
    assert decision["undecided"] == []


def test_scope_an_unknown_relationship_leaves_the_definition_and_every_duty_undecided():
    decision = decide(relationship=UNKNOWN)
    assert definitions(decision) == ("unknown", "unknown")
    assert decision["domestic_abuse"]["missing"] == ["relationship"]
    assert decision["actions"] == []
    undecided(decision, "advice_and_assistance", missing=["relationship"], modality="must")


@pytest.mark.parametrize("person", ["survivor", "perpetrator"])
def test_appendix_a_a_person_aged_16_is_covered(person):
    decision = decide(**{f"{person}__age": 16})
    assert definitions(decision) == ("yes", "yes")
    action(decision, "advice_and_assistance", modality="must", clause="Summary")


@pytest.mark.parametrize("person", ["survivor", "perpetrator"])
def test_appendix_a_a_person_under_16_is_outside_the_definition_and_no_duty_starts(person):
    decision = decide(**{f"{person}__age": 15})
    assert definitions(decision) == ("no", "no")
    assert decision["actions"] == []
    assert decision["undecided"] == []


def test_appendix_a_a_household_member_under_16_is_outside_amplius_definition_too():
    decision = decide(relationship="household_member", perpetrator__age=14)
    assert definitions(decision) == ("no", "no")
    assert decision["actions"] == []


def test_appendix_a_unknown_ages_leave_every_duty_undecided_naming_both_ages():
    decision = decide(survivor__age=UNKNOWN, perpetrator__age=UNKNOWN)
    assert definitions(decision) == ("unknown", "unknown")
    assert decision["domestic_abuse"]["missing"] == ["perpetrator.age", "survivor.age"]
    assert decision["actions"] == []
    both_ages = ["perpetrator.age", "survivor.age"]
    for action_id in ("advice_and_assistance", "record_report", "signpost_legal_support", "consider_survivor_wishes"):
        undecided(decision, action_id, missing=both_ages, modality="must")


def test_appendix_a_one_person_under_16_settles_the_definition_though_the_other_age_is_unknown():
    decision = decide(survivor__age=15, perpetrator__age=UNKNOWN)
    assert definitions(decision) == ("no", "no")
    assert decision["actions"] == []
    assert decision["undecided"] == []


@pytest.mark.parametrize(
    "behaviour",
    [
        "physical",
        "sexual",
        "violent_or_threatening",
        "controlling_or_coercive",
        "economic",
        "psychological_or_emotional",
        "honour_based",  # Appendix A (Children): "this definition includes ... Honour Based Abuse"
        "forced_marriage",  # Appendix A (Children): "this definition includes forced marriages"
        "fgm",  # physical abuse, as in the statutory baseline
        "image_based",  # "other abuse"
    ],
)
def test_appendix_a_each_kind_of_abusive_behaviour_is_domestic_abuse(behaviour):
    assert definitions(decide(behaviours=[behaviour])) == ("yes", "yes")


def test_appendix_a_no_abusive_behaviour_is_not_domestic_abuse():
    decision = decide(behaviours=[])
    assert definitions(decision) == ("no", "no")
    assert decision["actions"] == []
    assert decision["undecided"] == []


def test_appendix_a_unknown_behaviours_leave_the_definition_unknown():
    da = decide(behaviours=UNKNOWN)["domestic_abuse"]
    assert (da["value"], da["statutory"]) == ("unknown", "unknown")
    assert "behaviours" in da["missing"]


# Scope: Amplius customers, including leaseholders -------------------------------------------------------------


def test_scope_a_leaseholder_is_a_customer():
    decision = decide(survivor__is_leaseholder=True)
    action(decision, "advice_and_assistance", modality="must", clause="Summary")
    action(decision, "record_report", modality="must", clause="Case Management")


def test_scope_a_survivor_who_is_not_a_customer_gets_nothing_from_this_policy():
    decision = decide(survivor__is_customer=False)
    assert definitions(decision) == ("yes", "yes")
    assert decision["actions"] == []
    assert decision["undecided"] == []
    assert decision["conflicts"] == []


def test_scope_a_perpetrator_who_is_a_customer_does_not_bring_a_non_customer_survivor_into_scope():
    decision = decide(survivor__is_customer=False, perpetrator__is_customer=True, perpetrator__seeks_to_change=True)
    assert decision["actions"] == []
    assert decision["undecided"] == []


def test_scope_a_leaseholder_whose_customer_status_is_not_recorded_waits_on_it():
    decision = decide(survivor__is_leaseholder=True, survivor__is_customer=UNKNOWN)
    assert decision["actions"] == []
    undecided(decision, "advice_and_assistance", missing=["survivor.is_customer"], modality="must")


def test_scope_unknown_customer_status_leaves_every_duty_undecided():
    decision = decide(survivor__is_customer=UNKNOWN)
    assert decision["actions"] == []
    assert decision["undecided"]
    assert all("survivor.is_customer" in e["missing"] for e in decision["undecided"])
    undecided(decision, "advice_and_assistance", missing=["survivor.is_customer"], modality="must")


# Summary, Policy statement, Policy details: advice, assistance and support -------------------------------------


def test_summary_amplius_will_advise_assist_and_support_a_customer_experiencing_domestic_abuse():
    entry = action(decide(), "advice_and_assistance", modality="must", clause=["Summary", "Equality, diversity and inclusion"])
    assert entry["due"] is None


@pytest.mark.parametrize("source", ["third_party", "agency_referral", "staff_observation"])
def test_summary_advice_is_given_however_the_abuse_came_to_light(source):
    entry = action(decide(report_source=source), "advice_and_assistance", modality="must", clause="Summary")
    assert "Policy statement" not in clauses(entry)


def test_policy_statement_a_survivors_disclosure_alone_is_sufficient_for_advice_and_assistance():
    decision = decide(report_source="survivor", survivor__reported_to_police=False, statutory_agency_support=[])
    action(decision, "advice_and_assistance", modality="must", due=None, clause="Policy statement")


def test_policy_statement_disclosure_alone_needs_no_evidence_against_the_perpetrator():
    decision = decide(evidence_sufficient=False)
    action(decision, "advice_and_assistance", modality="must", clause="Policy statement")


def test_policy_details_assisting_and_guiding_survivors_merges_into_the_one_advice_entry():
    decision = decide()
    action(decision, "advice_and_assistance", modality="must", clause=["Policy details", "Summary", "Policy statement"])
    assert len(entries(decision, "actions", "advice_and_assistance")) == 1


# Policy details and EDI: specialist referrals and by-and-for services ---------------------------------------


def test_policy_details_amplius_aims_to_complete_specialist_referrals_for_a_survivor_who_consents():
    entry = action(decide(survivor__consents_to_share=True), "specialist_support_referral", modality="should",
                   clause="Policy details")  # fmt: skip
    assert clauses(entry) == ["Policy details", "Policy details"]


def test_edi_survivors_are_signposted_to_by_and_for_services():
    action(decide(), "signpost_other_services", modality="should", clause="Equality, diversity and inclusion")


def test_policy_details_amplius_aims_to_be_flexible_in_its_approach():
    action(decide(), "flexible_policy_application", modality="should", clause="Policy details")


def test_policy_details_no_specialist_referral_without_consent_since_information_is_passed_on_only_with_it():
    decision = decide(survivor__consents_to_share=False)
    absent(decision, "specialist_support_referral")
    action(decision, "share_without_consent", modality="must_not", clause="Confidentiality")
    action(decision, "encourage_consent_to_share", modality="must", clause="Confidentiality")


def test_policy_details_a_specialist_referral_waits_while_consent_is_unknown():
    decision = decide(survivor__consents_to_share=UNKNOWN)
    undecided(decision, "specialist_support_referral", missing=["survivor.consents_to_share"], modality="should")
    action(decision, "share_without_consent", modality="must_not", clause="Confidentiality")


# Policy details and Case Management: records ---------------------------------------------------------------


def test_case_management_records_are_recorded_and_remain_confidential():
    action(decide(), "record_report", modality="must", due=None, clause=["Case Management", "Policy details"])


# Policy details: legal support -----------------------------------------------------------------------------


def test_policy_details_survivors_are_signposted_to_legal_support_such_as_clares_law():
    action(decide(), "signpost_legal_support", modality="must", due=None, clause="Policy details")


# Policy details: perpetrator management --------------------------------------------------------------------


def test_policy_details_the_survivors_and_familys_wishes_are_always_taken_into_consideration():
    action(decide(), "consider_survivor_wishes", modality="must", clause="Policy details")


def test_policy_details_amplius_seeks_to_hold_perpetrators_accountable():
    entry = action(decide(), "enforcement_against_perpetrator", modality="should", clause="Policy details")
    quotes = [c["quote"] for c in entry["citations"]]
    assert any("we will seek to hold persons causing harm/perpetrators accountable" in q for q in quotes)
    assert any("Through the courts" in q for q in quotes)


def test_policy_details_asking_the_police_to_prosecute_for_criminal_damage_needs_damage_by_the_perpetrator():
    rules = AMPLIUS.evaluate(amplius_case(property_damage_by_perpetrator=True)).action("enforcement_against_perpetrator").rules
    assert "ask_police_to_prosecute_criminal_damage_policy_details" in rules
    rules = AMPLIUS.evaluate(amplius_case(property_damage_by_perpetrator=False)).action("enforcement_against_perpetrator").rules
    assert "ask_police_to_prosecute_criminal_damage_policy_details" not in rules


def test_policy_details_amplius_may_review_the_tenure_of_a_perpetrator_who_is_its_tenant():
    rules = AMPLIUS.evaluate(amplius_case(perpetrator__is_customer=True)).action("enforcement_against_perpetrator").rules
    assert "review_perpetrator_tenure_policy_details" in rules
    rules = AMPLIUS.evaluate(amplius_case(perpetrator__is_customer=False)).action("enforcement_against_perpetrator").rules
    assert "review_perpetrator_tenure_policy_details" not in rules


def test_policy_details_unknown_facts_about_the_means_do_not_hold_up_the_should_to_hold_to_account():
    decision = decide(property_damage_by_perpetrator=UNKNOWN, perpetrator__is_customer=UNKNOWN, survivor__wishes="move")
    action(decision, "enforcement_against_perpetrator", modality="should", clause="Policy details")


def test_policy_details_amplius_aims_to_take_a_multi_agency_approach_where_the_case_is_at_marac():
    decision = decide(statutory_agency_support=["marac"])
    entry = action(decision, "marac_participation", modality="should", due=None, authority=None, clause="Policy details")
    assert entry["rules"] == ["multi_agency_approach_policy_details"]
    assert entry["citations"][0]["quote"].startswith("Adopt a proactive multi-agency approach with all essential agencies")
    absent(decision, "marac_referral")


def test_policy_details_taking_part_in_the_marac_does_not_wait_on_consent():
    decision = decide(statutory_agency_support=["marac"], survivor__consents_to_share=UNKNOWN)
    action(decision, "marac_participation", modality="should", clause="Policy details")


def test_policy_details_the_multi_agency_approach_waits_on_whether_the_case_is_at_marac():
    decision = decide(statutory_agency_support=UNKNOWN)
    undecided(decision, "marac_participation", missing=["statutory_agency_support"], modality="should")


@pytest.mark.parametrize("agencies", [[], ["police", "social_services"]])
def test_policy_details_no_marac_participation_when_the_case_is_not_at_marac(agencies):
    decision = decide(statutory_agency_support=agencies, **CONSENTS)
    absent(decision, "marac_participation")
    assert "marac" not in recipients(decision, "share_information_with_agencies")


def test_policy_details_with_consent_amplius_shares_information_with_the_marac_for_a_case_at_marac():
    decision = decide(statutory_agency_support=["marac"], **CONSENTS)
    entry = shared(decision, "share_information_with_agencies", "marac", modality="should",
                   clause=["Policy details", "Case Management"],
                   rules=["share_information_with_marac_policy_details", "share_with_involved_marac_case_management"])  # fmt: skip
    assert any(c["quote"].startswith("By sharing information with MARAC") for c in entry["citations"])
    assert recipients(decision, "share_information_with_agencies") == {**OTHER_AGENCIES_MAY, "marac": "should"}


def test_policy_details_no_information_is_shared_with_the_marac_without_consent():
    decision = decide(statutory_agency_support=["marac"], survivor__consents_to_share=False)
    absent(decision, "share_information_with_agencies")
    action(decision, "marac_participation", modality="should", clause="Policy details")
    shared(decision, "share_without_consent", "any", modality="must_not", clause="Confidentiality", rules=[BAN])


def test_policy_details_sharing_with_the_marac_and_other_agencies_waits_while_consent_is_unknown():
    decision = decide(statutory_agency_support=["marac"], survivor__consents_to_share=UNKNOWN)
    shared_undecided(decision, "share_information_with_agencies", "marac", missing=["survivor.consents_to_share"],
                     modality="should", modalities=["may", "should"],
                     rules=["share_information_with_marac_policy_details", "share_with_involved_marac_case_management"])  # fmt: skip
    for recipient, rule in OTHER_AGENCIES.items():
        shared_undecided(decision, "share_information_with_agencies", recipient, missing=["survivor.consents_to_share"],
                         modality="may", modalities=["may"], rules=[rule])  # fmt: skip


def test_policy_details_with_consent_amplius_may_share_information_with_other_agencies():
    decision = decide(statutory_agency_support=[], **CONSENTS)
    entry = shared(decision, "share_information_with_agencies", "agencies", modality="may", clause="Policy details",
                   rules=["share_information_with_other_agencies_policy_details"])  # fmt: skip
    assert "Case Management" not in clauses(entry)
    assert recipients(decision, "share_information_with_agencies") == OTHER_AGENCIES_MAY


@pytest.mark.parametrize("recipient", ["police", "social_services"])
def test_policy_details_other_agencies_include_the_police_and_local_authority_though_none_is_involved(recipient):
    # Confidentiality: "other agencies, including the Police and local authority"
    decision = decide(statutory_agency_support=[], **CONSENTS)
    entry = shared(decision, "share_information_with_agencies", recipient, modality="may",
                   clause=["Policy details", "Confidentiality"], rules=[OTHER_AGENCIES[recipient]])  # fmt: skip
    assert any("including the Police and local authority" in c["quote"] for c in entry["citations"])
    assert "Case Management" not in clauses(entry)


def test_policy_details_other_agencies_do_not_include_the_marac_for_a_case_not_at_marac():
    decision = decide(statutory_agency_support=[], **CONSENTS)
    assert "marac" not in recipients(decision, "share_information_with_agencies")
    assert "any" not in recipients(decision, "share_information_with_agencies")


def test_policy_details_no_information_is_shared_with_other_agencies_without_consent():
    decision = decide(statutory_agency_support=[], survivor__consents_to_share=False)
    absent(decision, "share_information_with_agencies")
    assert recipients(decision, "share_without_consent") == {"any": "must_not"}


@pytest.mark.parametrize(
    "agency, rule",
    [
        ("police", "share_with_involved_police_case_management"),
        ("social_services", "share_with_involved_social_services_case_management"),
    ],
)
def test_case_management_with_consent_information_sharing_is_necessary_with_the_agency_involved(agency, rule):
    decision = decide(statutory_agency_support=[agency], **CONSENTS)
    # Case Management's `should` for the agency involved, with Perpetrator management's `may` to other agencies
    shared(decision, "share_information_with_agencies", agency, modality="should", clause=["Case Management", "Policy details"],
           rules=[OTHER_AGENCIES[agency], rule])  # fmt: skip
    assert recipients(decision, "share_information_with_agencies") == {**OTHER_AGENCIES_MAY, agency: "should"}
    shared(decision, "share_without_consent", "any", modality="must_not", clause="Confidentiality", rules=[BAN])


def test_case_management_sharing_goes_to_each_agency_involved_and_to_no_agency_that_is_not():
    decision = decide(statutory_agency_support=["police", "social_services"], **CONSENTS)
    assert recipients(decision, "share_information_with_agencies") == {
        "agencies": "may",
        "police": "should",
        "social_services": "should",
    }


@pytest.mark.parametrize("agency", ["police", "social_services", "marac"])
def test_case_management_no_sharing_with_an_involved_agency_without_consent(agency):
    decision = decide(statutory_agency_support=[agency], survivor__consents_to_share=False)
    absent(decision, "share_information_with_agencies")
    shared(decision, "share_without_consent", "any", modality="must_not", clause="Confidentiality", rules=[BAN])


@pytest.mark.parametrize("agency", ["police", "social_services", "marac"])
def test_case_management_sharing_with_an_involved_agency_waits_while_consent_is_unknown(agency):
    decision = decide(statutory_agency_support=[agency], survivor__consents_to_share=UNKNOWN)
    entry = entries(decision, "undecided", "share_information_with_agencies")
    assert {e["recipient"]: e["missing"] for e in entry} == {
        recipient: ["survivor.consents_to_share"] for recipient in [*OTHER_AGENCIES, agency]
    }
    assert recipients(decision, "share_information_with_agencies") == {}


def test_case_management_unknown_agency_involvement_leaves_only_sharing_with_other_agencies_settled():
    decision = decide(statutory_agency_support=UNKNOWN, **CONSENTS)
    entry = shared(decision, "share_information_with_agencies", "agencies", modality="may", clause="Policy details",
                   rules=["share_information_with_other_agencies_policy_details"])  # fmt: skip
    assert "Case Management" not in clauses(entry)
    for agency in ("police", "social_services"):
        # the other-agencies `may` is settled; whether Case Management makes it `should` waits on involvement
        shared(decision, "share_information_with_agencies", agency, modality="may", clause=["Policy details", "Confidentiality"],
               rules=[OTHER_AGENCIES[agency]], missing=["statutory_agency_support"])  # fmt: skip
    shared_undecided(decision, "share_information_with_agencies", "marac", missing=["statutory_agency_support"],
                     modality="should", modalities=["may", "should"],
                     rules=["share_information_with_marac_policy_details", "share_with_involved_marac_case_management"])  # fmt: skip


def test_policy_details_possession_may_be_sought_where_the_survivor_left_and_the_perpetrator_remains():
    decision = decide(survivor__left_home_due_to_abuse=True, perpetrator__remains_in_home=True)
    action(decision, "possession_proceedings", modality="may", clause="Policy details")


def test_policy_details_possession_does_not_need_the_perpetrator_to_be_the_tenant():
    decision = decide(survivor__left_home_due_to_abuse=True, perpetrator__remains_in_home=True, perpetrator__is_customer=False)
    action(decision, "possession_proceedings", modality="may", clause="Policy details")


@pytest.mark.parametrize("left, remains", [(False, True), (True, False), (False, False)])
def test_policy_details_no_possession_unless_the_survivor_left_and_the_perpetrator_remains(left, remains):
    absent(decide(survivor__left_home_due_to_abuse=left, perpetrator__remains_in_home=remains), "possession_proceedings")


def test_policy_details_possession_waits_on_whether_the_perpetrator_remains():
    decision = decide(survivor__left_home_due_to_abuse=True, perpetrator__remains_in_home=UNKNOWN)
    undecided(decision, "possession_proceedings", missing=["perpetrator.remains_in_home"], modality="may")


def test_policy_details_amplius_may_consider_the_perpetrators_own_housing():
    action(decide(), "perpetrator_housing_support", modality="may", clause="Policy details")


def test_policy_details_a_perpetrator_who_wants_to_change_is_supported_including_referral_to_change_programmes():
    decision = decide(perpetrator__seeks_to_change=True)
    entry = action(decision, "perpetrator_programme_referral", modality="must", clause="Policy details")
    assert any("local Change programmes" in c["quote"] for c in entry["citations"])
    assert any("engage with those who recognise and seek to change" in c["quote"] for c in entry["citations"])


def test_policy_details_no_change_programme_for_a_perpetrator_who_does_not_want_to_change():
    absent(decide(perpetrator__seeks_to_change=False), "perpetrator_programme_referral")


def test_policy_details_unknown_wish_to_change_leaves_the_change_programme_undecided():
    decision = decide(perpetrator__seeks_to_change=UNKNOWN)
    undecided(decision, "perpetrator_programme_referral", missing=["perpetrator.seeks_to_change"], modality="must")


# Policy details and Making the link to safeguarding ------------------------------------------------------


def test_policy_details_a_safeguarding_referral_for_a_child_at_risk():
    decision = decide(**CONSENTS, children__at_risk=True)
    action(decision, "safeguarding_children_referral", modality="should", clause=["Policy details", "Appendix A (Children)"])


def test_policy_details_a_safeguarding_referral_for_a_child_experiencing_the_abuse():
    decision = decide(**CONSENTS, children__affected=True, children__at_risk=False)
    action(decision, "safeguarding_children_referral", modality="should", clause="Policy details")


def test_policy_details_a_survivor_aged_17_is_a_child_and_gets_a_childrens_safeguarding_referral():
    decision = decide(**CONSENTS, survivor__age=17, children__affected=False, children__at_risk=False)
    action(decision, "safeguarding_children_referral", modality="should", clause="Policy details")


def test_policy_details_a_survivor_aged_18_with_no_child_involved_gets_no_childrens_safeguarding_referral():
    absent(decide(**CONSENTS, survivor__age=18, children__affected=False, children__at_risk=False), "safeguarding_children_referral")


def test_policy_details_no_children_safeguarding_referral_when_no_child_is_affected_or_at_risk():
    absent(decide(**CONSENTS, children__affected=False, children__at_risk=False), "safeguarding_children_referral")


def test_policy_details_a_survivor_aged_17_settles_the_childrens_referral_though_the_children_facts_are_unknown():
    decision = decide(**CONSENTS, survivor__age=17, children__affected=UNKNOWN, children__at_risk=UNKNOWN)
    action(decision, "safeguarding_children_referral", modality="should", clause="Policy details")


def test_policy_details_a_child_at_risk_settles_the_referral_though_whether_a_child_is_affected_is_unknown():
    decision = decide(**CONSENTS, children__at_risk=True, children__affected=UNKNOWN)
    action(decision, "safeguarding_children_referral", modality="should", clause="Policy details")


def test_policy_details_unknown_risk_to_children_leaves_the_children_referral_undecided():
    decision = decide(**CONSENTS, children__at_risk=UNKNOWN, children__affected=UNKNOWN)
    undecided(decision, "safeguarding_children_referral", missing=["children.affected", "children.at_risk"], modality="should")


def test_making_the_link_domestic_abuse_and_a_disability_is_more_than_one_safeguarding_issue():
    decision = decide(**CONSENTS, survivor__has_care_and_support_needs=True)
    action(decision, "safeguarding_adults_referral", modality="should", clause=["Making the link to safeguarding", "Policy details"])


def test_making_the_link_another_safeguarding_issue_besides_the_abuse_goes_to_safeguarding_adults():
    decision = decide(**CONSENTS, safeguarding_concern=True, survivor__has_care_and_support_needs=False)
    entry = action(decision, "safeguarding_adults_referral", modality="should", clause="Making the link to safeguarding")
    assert "Policy details" not in clauses(entry)


def test_making_the_link_domestic_abuse_alone_is_one_safeguarding_issue_and_no_adults_referral():
    absent(decide(**CONSENTS, safeguarding_concern=False, survivor__has_care_and_support_needs=False), "safeguarding_adults_referral")


@pytest.mark.parametrize("second_issue", ["survivor__has_care_and_support_needs", "safeguarding_concern"])
def test_making_the_link_a_survivor_aged_17_is_not_referred_to_safeguarding_adults(second_issue):
    decision = decide(**CONSENTS, survivor__age=17, **{second_issue: True})
    absent(decision, "safeguarding_adults_referral")
    action(decision, "safeguarding_children_referral", modality="should", clause="Policy details")


def test_making_the_link_a_survivor_aged_18_with_care_and_support_needs_is_referred_to_safeguarding_adults():
    decision = decide(**CONSENTS, survivor__age=18, survivor__has_care_and_support_needs=True)
    action(decision, "safeguarding_adults_referral", modality="should", clause=["Making the link to safeguarding", "Policy details"])
    absent(decision, "safeguarding_children_referral")


def test_making_the_link_a_child_at_risk_alone_goes_to_childrens_safeguarding_not_safeguarding_adults():
    decision = decide(**CONSENTS, children__at_risk=True, safeguarding_concern=False, survivor__has_care_and_support_needs=False)
    action(decision, "safeguarding_children_referral", modality="should", clause="Policy details")
    absent(decision, "safeguarding_adults_referral")


def test_making_the_link_safeguarding_referrals_are_made_though_the_survivor_refuses_consent():
    # the referrals state no consent condition and follow "our safeguarding policies and procedures"
    decision = decide(survivor__consents_to_share=False, survivor__has_care_and_support_needs=True,
                      safeguarding_concern=True, children__at_risk=True, children__affected=True)  # fmt: skip
    entry = action(decision, "safeguarding_children_referral", modality="should", due=None, authority=None,
                   clause=["Policy details", "Appendix A (Children)"])  # fmt: skip
    assert entry["missing"] == []
    assert any("acting in line with our safeguarding policies and procedures" in c["quote"] for c in entry["citations"])
    action(decision, "safeguarding_adults_referral", modality="should", due=None, authority=None,
           clause=["Making the link to safeguarding", "Policy details"])  # fmt: skip
    action(decision, "encourage_consent_to_share", modality="must", clause="Confidentiality")
    # the survivor's own confidences stay under the ban: the text states no safeguarding exception to it
    shared(decision, "share_without_consent", "any", modality="must_not", clause="Confidentiality", rules=[BAN])
    assert recipients(decision, "share_without_consent") == {"any": "must_not"}
    assert decision["conflicts"] == []


def test_policy_details_a_child_at_risk_whose_parent_refuses_consent_gets_a_referral_below_high_risk():
    decision = decide(survivor__consents_to_share=False, children__at_risk=True, risk__serious_harm=False,
                      legal_duty_to_disclose=False)  # fmt: skip
    action(decision, "safeguarding_children_referral", modality="should", clause="Policy details")
    assert "police" not in recipients(decision, "share_without_consent")


def test_policy_details_a_survivor_aged_17_who_does_not_consent_still_gets_a_childrens_referral():
    decision = decide(survivor__age=17, survivor__consents_to_share=False)
    action(decision, "safeguarding_children_referral", modality="should", clause="Policy details")


def test_making_the_link_safeguarding_referrals_do_not_wait_while_consent_is_unknown():
    decision = decide(survivor__consents_to_share=UNKNOWN, survivor__has_care_and_support_needs=True, children__at_risk=True)
    action(decision, "safeguarding_adults_referral", modality="should", clause="Making the link to safeguarding")
    action(decision, "safeguarding_children_referral", modality="should", clause="Policy details")
    assert not entries(decision, "undecided", "safeguarding_adults_referral")
    assert not entries(decision, "undecided", "safeguarding_children_referral")


def test_making_the_link_where_the_law_requires_disclosure_the_referrals_stand_and_information_must_go_on():
    decision = decide(survivor__consents_to_share=False, survivor__has_care_and_support_needs=True,
                      children__at_risk=True, legal_duty_to_disclose=True)  # fmt: skip
    action(decision, "safeguarding_adults_referral", modality="should", clause="Policy details")
    action(decision, "safeguarding_children_referral", modality="should", clause="Policy details")
    shared(decision, "share_without_consent", "any", modality="must", clause="Confidentiality", rules=[LEGAL_DUTY],
           overrides=[BAN])  # fmt: skip


def test_making_the_link_at_high_risk_without_consent_the_referrals_stand_beside_the_police_report():
    decision = decide(survivor__consents_to_share=False, survivor__has_care_and_support_needs=True,
                      children__at_risk=True, risk__serious_harm=True)  # fmt: skip
    action(decision, "safeguarding_adults_referral", modality="should", clause="Policy details")
    action(decision, "safeguarding_children_referral", modality="should", clause="Policy details")
    assert recipients(decision, "share_without_consent") == {"any": "must_not", "police": "may"}
    assert decision["conflicts"] == []


def test_making_the_link_an_unknown_second_issue_leaves_the_adults_referral_undecided():
    decision = decide(**CONSENTS, safeguarding_concern=UNKNOWN, survivor__has_care_and_support_needs=False)
    undecided(decision, "safeguarding_adults_referral", missing=["safeguarding_concern"], modality="should")


# Policy details: stay safe at home ------------------------------------------------------------------------


def test_policy_details_a_survivor_who_wants_to_stay_should_not_have_to_leave_and_security_is_considered():
    decision = decide(survivor__wishes="stay")
    action(decision, "support_to_remain_at_home", modality="should", clause="Policy details")
    entry = action(decision, "target_hardening", modality="may", clause="Policy details")
    assert any("installing panic alarms" in c["quote"] for c in entry["citations"])


def test_policy_details_legal_tools_to_remove_the_person_causing_harm_from_the_property_where_they_live_there():
    case = amplius_case(survivor__wishes="stay", perpetrator__lives_with_survivor=True)
    rules = AMPLIUS.evaluate(case).action("enforcement_against_perpetrator").rules
    assert "legal_tools_to_remove_perpetrator_policy_details" in rules


def test_policy_details_no_legal_tools_to_remove_a_perpetrator_who_does_not_live_in_the_property():
    case = amplius_case(survivor__wishes="stay", perpetrator__lives_with_survivor=False)
    rules = AMPLIUS.evaluate(case).action("enforcement_against_perpetrator").rules
    assert "legal_tools_to_remove_perpetrator_policy_details" not in rules


def test_policy_details_whether_the_perpetrator_lives_there_does_not_hold_up_the_should_to_hold_to_account():
    decision = decide(survivor__wishes="stay", perpetrator__lives_with_survivor=UNKNOWN)
    action(decision, "enforcement_against_perpetrator", modality="should", clause="Policy details")


def test_policy_details_a_survivor_who_wants_to_stay_is_supported_to_stay_even_where_it_is_not_safe_now():
    decision = decide(survivor__wishes="stay", risk__safe_to_remain=False)
    action(decision, "support_to_remain_at_home", modality="should", clause="Policy details")
    action(decision, "target_hardening", modality="may", clause="Policy details")
    absent(decision, "support_decision_to_move")


def test_policy_details_an_undecided_survivor_should_not_have_to_leave_but_security_is_for_one_who_wishes_to_remain():
    decision = decide(survivor__wishes="undecided")
    action(decision, "support_to_remain_at_home", modality="should", clause="Policy details")
    absent(decision, "target_hardening")


def test_policy_details_a_survivor_who_chooses_to_leave_is_not_held_to_staying():
    decision = decide(survivor__wishes="move")
    absent(decision, "support_to_remain_at_home")
    absent(decision, "target_hardening")


def test_policy_details_unknown_wishes_leave_staying_and_moving_undecided():
    decision = decide(survivor__wishes=UNKNOWN, risk__safe_to_remain=False)
    undecided(decision, "support_to_remain_at_home", missing=["survivor.wishes"], modality="should")
    undecided(decision, "target_hardening", missing=["survivor.wishes"], modality="may")
    undecided(decision, "support_decision_to_move", missing=["survivor.wishes"], modality="must")


# Policy details: assist survivors to find alternative accommodation -------------------------------------


def test_policy_details_amplius_supports_the_decision_to_move_of_a_survivor_who_cannot_stay_safe_at_home():
    decision = decide(**MOVING)
    action(decision, "support_decision_to_move", modality="must", due=None, clause="Policy details")


def test_policy_details_temporary_and_refuge_accommodation_are_options_discussed():
    action(decide(**MOVING), "temporary_accommodation", modality="may", clause="Policy details")


def test_policy_details_where_possible_amplius_liaises_with_other_housing_providers():
    action(decide(**MOVING), "reciprocal_move", modality="should", due=None, clause="Policy details")


def test_policy_details_where_possible_the_move_is_to_a_property_with_the_same_tenancy_tenure():
    entry = action(decide(**MOVING), "rehousing_same_tenure", modality="should", clause="Policy details")
    assert any("with the same tenancy tenure" in c["quote"] for c in entry["citations"])


def test_policy_details_an_unsafe_survivor_still_deciding_is_supported_and_offered_the_options():
    decision = decide(risk__safe_to_remain=False, survivor__wishes="undecided")
    action(decision, "support_decision_to_move", modality="must", clause="Policy details")
    action(decision, "temporary_accommodation", modality="may", clause="Policy details")
    action(decision, "support_to_remain_at_home", modality="should", clause="Policy details")


def test_policy_details_no_move_duties_for_a_survivor_who_can_stay_safe_at_home():
    decision = decide(risk__safe_to_remain=True, survivor__wishes="move")
    for action_id in ("support_decision_to_move", "temporary_accommodation", "reciprocal_move", "rehousing_same_tenure"):
        absent(decision, action_id)


def test_policy_details_unknown_safety_at_home_leaves_the_move_duties_undecided():
    decision = decide(risk__safe_to_remain=UNKNOWN, survivor__wishes="move")
    undecided(decision, "support_decision_to_move", missing=["risk.safe_to_remain"], modality="must")
    undecided(decision, "temporary_accommodation", missing=["risk.safe_to_remain"], modality="may")
    undecided(decision, "reciprocal_move", missing=["risk.safe_to_remain"], modality="should")
    undecided(decision, "rehousing_same_tenure", missing=["risk.safe_to_remain"], modality="should")


def test_policy_details_amplius_does_not_name_management_moves_or_homelessness_referrals():
    decision = decide(**MOVING)
    absent(decision, "emergency_transfer")
    absent(decision, "homelessness_referral")


# Policy details: support to live well -----------------------------------------------------------------------


def test_policy_details_when_safe_survivors_are_supported_to_live_well():
    action(decide(risk__immediate_danger=False), "recovery_support", modality="should", clause="Policy details")


def test_policy_details_a_survivor_who_moved_to_safety_is_safe_for_support_to_live_well():
    action(decide(**MOVING, risk__immediate_danger=False), "recovery_support", modality="should", clause="Policy details")


def test_policy_details_no_support_to_live_well_while_someone_is_in_immediate_danger():
    absent(decide(risk__immediate_danger=True), "recovery_support")


def test_policy_details_no_support_to_live_well_while_there_is_a_high_risk_of_serious_harm():
    absent(decide(risk__immediate_danger=False, risk__serious_harm=True), "recovery_support")


def test_policy_details_unknown_risk_of_serious_harm_leaves_support_to_live_well_undecided():
    decision = decide(risk__serious_harm=UNKNOWN)
    undecided(decision, "recovery_support", missing=["risk.serious_harm"], modality="should")


def test_policy_details_unknown_immediate_danger_leaves_support_to_live_well_undecided():
    undecided(decide(risk__immediate_danger=UNKNOWN), "recovery_support", missing=["risk.immediate_danger"], modality="should")


# Confidentiality -----------------------------------------------------------------------------------------


def test_confidentiality_survivors_are_encouraged_to_allow_information_to_be_shared():
    action(decide(survivor__consents_to_share=False), "encourage_consent_to_share", modality="must", clause="Confidentiality")


def test_confidentiality_a_survivor_who_already_consents_needs_no_encouragement():
    absent(decide(survivor__consents_to_share=True), "encourage_consent_to_share")


def test_confidentiality_unknown_consent_leaves_the_encouragement_undecided():
    decision = decide(survivor__consents_to_share=UNKNOWN)
    undecided(decision, "encourage_consent_to_share", missing=["survivor.consents_to_share"], modality="must")


def test_confidentiality_information_is_not_passed_to_external_agencies_without_consent_unless_required_by_law():
    decision = decide(legal_duty_to_disclose=False, risk__serious_harm=False)
    shared(decision, "share_without_consent", "any", modality="must_not", clause=["Confidentiality", "Policy details"],
           rules=[BAN])  # fmt: skip
    assert recipients(decision, "share_without_consent") == {"any": "must_not"}
    assert decision["conflicts"] == []


@pytest.mark.parametrize("consent", [True, False, UNKNOWN])
def test_confidentiality_the_ban_on_sharing_without_consent_does_not_read_whether_the_survivor_consents(consent):
    decision = decide(survivor__consents_to_share=consent)
    shared(decision, "share_without_consent", "any", modality="must_not", clause="Confidentiality", rules=[BAN])
    assert recipients(decision, "share_without_consent", "undecided") == {}


def test_confidentiality_information_must_be_passed_on_where_amplius_is_required_by_law():
    decision = decide(legal_duty_to_disclose=True, risk__serious_harm=False)
    entry = shared(decision, "share_without_consent", "any", modality="must", clause="Confidentiality", rules=[LEGAL_DUTY],
                   overrides=[BAN])  # fmt: skip
    assert any("only passed to external agencies where we are required by law" in c["quote"] for c in entry["citations"])
    assert any("`legal_duty_to_disclose` is a duty in law; the policy acknowledges it, so sharing is `must`" in reading
               for reading in entry["assumptions"])  # fmt: skip
    assert recipients(decision, "share_without_consent") == {"any": "must"}
    assert decision["conflicts"] == []


def test_confidentiality_an_unknown_legal_duty_leaves_sharing_without_consent_undecided_naming_it():
    decision = decide(legal_duty_to_disclose=UNKNOWN, risk__serious_harm=False)
    shared_undecided(decision, "share_without_consent", "any", missing=["legal_duty_to_disclose"], modality="must_not",
                     modalities=["must", "must_not"], rules=[BAN, LEGAL_DUTY])  # fmt: skip
    assert recipients(decision, "share_without_consent") == {}


def test_confidentiality_a_police_report_without_consent_on_high_risk_of_serious_harm_needs_the_safeguarding_lead():
    decision = decide(risk__serious_harm=True, legal_duty_to_disclose=False)
    entry = shared(decision, "share_without_consent", "police", modality="may", authority="safeguarding_lead",
                   clause="Confidentiality", rules=[POLICE_REPORT], overrides=[BAN])  # fmt: skip
    quotes = [c["quote"] for c in entry["citations"]]
    assert any("we may make a report to the Police without the survivors’ consent" in q for q in quotes)
    assert any("The Safeguarding Lead has the authority to approve any such disclosure" in q for q in quotes)
    assert decision["conflicts"] == []


def test_confidentiality_a_high_risk_of_serious_harm_permits_a_police_report_only_not_sharing_with_other_agencies():
    decision = decide(risk__serious_harm=True, legal_duty_to_disclose=False)
    shared(decision, "share_without_consent", "any", modality="must_not", clause="Confidentiality", rules=[BAN])
    assert recipients(decision, "share_without_consent") == {"any": "must_not", "police": "may"}


def test_confidentiality_without_a_high_risk_of_serious_harm_no_police_report_without_consent():
    decision = decide(risk__serious_harm=False, legal_duty_to_disclose=False)
    assert "police" not in recipients(decision, "share_without_consent")
    assert recipients(decision, "share_without_consent", "undecided") == {}


def test_confidentiality_a_disclosure_the_law_requires_needs_no_safeguarding_lead_approval_even_at_high_risk():
    decision = decide(risk__serious_harm=True, legal_duty_to_disclose=True)
    shared(decision, "share_without_consent", "any", modality="must", clause="Confidentiality", rules=[LEGAL_DUTY],
           overrides=[BAN])  # fmt: skip
    shared(decision, "share_without_consent", "police", modality="must", authority=None, clause="Confidentiality",
           rules=[LEGAL_DUTY, POLICE_REPORT], overrides=[BAN])  # fmt: skip
    assert decision["conflicts"] == []


def test_confidentiality_high_risk_settles_the_police_report_though_the_legal_duty_is_unknown():
    decision = decide(risk__serious_harm=True, legal_duty_to_disclose=UNKNOWN)
    # the police may be told (the Safeguarding Lead approving); a legal duty, once known, could make it `must`
    shared(decision, "share_without_consent", "police", modality="may", authority="safeguarding_lead",
           clause="Confidentiality", rules=[POLICE_REPORT], overrides=[BAN], missing=["legal_duty_to_disclose"])  # fmt: skip
    shared_undecided(decision, "share_without_consent", "any", missing=["legal_duty_to_disclose"], modality="must_not",
                     modalities=["must", "must_not"], rules=[BAN, LEGAL_DUTY])  # fmt: skip


def test_confidentiality_the_police_report_waits_while_the_risk_of_serious_harm_is_unknown_but_the_ban_stands():
    decision = decide(risk__serious_harm=UNKNOWN, legal_duty_to_disclose=False)
    shared_undecided(decision, "share_without_consent", "police", missing=["risk.serious_harm"], modality="must_not",
                     modalities=["may", "must_not"], rules=[BAN, POLICE_REPORT])  # fmt: skip
    shared(decision, "share_without_consent", "any", modality="must_not", clause="Confidentiality", rules=[BAN])


def test_confidentiality_every_override_is_share_without_consent_and_the_retired_police_report_id_is_not_used():
    assert all(rule.action != "police_report_without_consent" for rule in AMPLIUS.model.rules)
    absent(decide(risk__serious_harm=True), "police_report_without_consent")
    overrides = {rule.id: rule for rule in AMPLIUS.model.rules if rule.exception_to}
    assert sorted(overrides) == [LEGAL_DUTY, POLICE_REPORT]
    assert all(rule.action == "share_without_consent" and rule.exception_to == [BAN] for rule in overrides.values())


def test_confidentiality_a_safeguarding_issue_alone_does_not_lift_confidentiality():
    decision = decide(safeguarding_concern=True, children__at_risk=True, survivor__consents_to_share=False)
    assert recipients(decision, "share_without_consent") == {"any": "must_not"}
    # but it does not stop the safeguarding referrals, which do not wait on consent
    action(decision, "safeguarding_children_referral", modality="should", clause="Policy details")
    action(decision, "safeguarding_adults_referral", modality="should", clause="Making the link to safeguarding")


def test_confidentiality_marac_information_sharing_does_not_lift_confidentiality():
    decision = decide(statutory_agency_support=["marac"], survivor__consents_to_share=False)
    action(decision, "marac_participation", modality="should", clause="Policy details")
    assert recipients(decision, "share_without_consent") == {"any": "must_not"}
    absent(decision, "share_information_with_agencies")


def test_confidentiality_with_consent_sharing_is_the_permitted_action_and_no_rule_is_in_conflict():
    decision = decide(statutory_agency_support=["police", "social_services", "marac"], risk__serious_harm=True,
                      legal_duty_to_disclose=False, **CONSENTS)  # fmt: skip
    assert recipients(decision, "share_information_with_agencies") == {
        "agencies": "may",
        "marac": "should",
        "police": "should",
        "social_services": "should",
    }
    assert recipients(decision, "share_without_consent") == {"any": "must_not", "police": "may"}
    assert decision["conflicts"] == []


# Additional needs and Equality, diversity and inclusion ---------------------------------------------------


def test_additional_needs_where_practicable_services_are_adapted_with_an_interpreter():
    decision = decide(survivor__needs_interpreter=True)
    action(decision, "arrange_interpreter", modality="should", clause=["Additional needs (addressing vulnerabilities)"])


def test_additional_needs_no_interpreter_for_a_survivor_who_does_not_need_one():
    absent(decide(survivor__needs_interpreter=False), "arrange_interpreter")


def test_edi_a_request_for_female_staff_is_a_choice_met_taking_gender_into_consideration():
    decision = decide(survivor__requests_female_staff=True)
    action(decision, "female_staff", modality="should", clause="Equality, diversity and inclusion")


def test_edi_no_female_staff_duty_without_a_request():
    absent(decide(survivor__requests_female_staff=False), "female_staff")


# Summary of local variations: none --------------------------------------------------------------------------


@pytest.mark.parametrize("area", ["cambridgeshire", "sefton", "wolverhampton", UNKNOWN])
def test_summary_of_local_variations_no_area_changes_the_decision(area):
    base = decide()
    other = decide(area=area)
    assert other["actions"] == base["actions"]
    assert other["undecided"] == base["undecided"]


# Document: dates -------------------------------------------------------------------------------------------


def test_the_policy_is_not_past_its_triennial_review_on_4_december_2027():
    assert decide(reported_at="2027-12-04T09:00")["warnings"] == []


def test_a_report_18_months_after_approval_is_not_past_the_review_date():
    assert decide(reported_at="2026-06-05T09:00")["warnings"] == []


def test_a_report_after_the_triennial_review_date_warns_that_the_policy_may_have_been_revised():
    assert decide(reported_at="2027-12-05T09:00")["warnings"] == [REVIEW_WARNING]


def test_the_review_is_not_judged_without_a_report_time():
    assert decide(reported_at=UNKNOWN)["warnings"] == []


def test_the_document_states_its_dates():
    document = AMPLIUS.model.document
    assert (document.approved, document.effective, document.review) == ("2024-12-04", "2024-12-17", "2027-12-04")
    assert document.source_text == "amplius.txt"
    assert AMPLIUS.model.landlord.kind == "private_registered_provider"


# Document: ordering ------------------------------------------------------------------------------------------


def test_actions_without_any_due_are_ordered_by_id():
    ids = [e["id"] for e in decide()["actions"]]
    assert ids == sorted(ids)


def test_undecided_entries_are_ordered_by_id():
    ids = [e["id"] for e in decide(survivor__age=UNKNOWN)["undecided"]]
    assert ids == sorted(ids) and ids


def test_making_the_link_a_safeguarding_concern_beside_a_child_at_risk_gives_both_referrals():
    decision = decide(**CONSENTS, children__at_risk=True, safeguarding_concern=True, survivor__has_care_and_support_needs=False)
    action(decision, "safeguarding_children_referral", modality="should", clause="Policy details")
    action(decision, "safeguarding_adults_referral", modality="should", clause="Making the link to safeguarding")
