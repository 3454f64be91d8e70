"""Scenario tests for the statutory baseline (policies/statutory.yaml), read against ../shared/sources/statutory.txt.

Domestic Abuse Act 2021 ss.1-3, Housing Act 1985 s.81ZA (inserted by the 2021 Act s.79) and the Regulator of
Social Housing's Neighbourhood and Community Standard 1.4.1. Cases start from `statutory_case()`, a complete case
of a tenant experiencing domestic abuse, and change one fact; a fact set to UNKNOWN is left out of the case.
"""

from __future__ import annotations

import pytest

import dapolicy

from scenarios import UNKNOWN, absent, action, clauses, undecided, with_facts

#: Applied as to a housing association (the ruleset's default): s.81ZA does not bind it.
BASELINE = dapolicy.load_policy("statutory")
#: Applied as to a local housing authority granting secure tenancies: s.81ZA binds it.
LHA = dapolicy.load_policy("statutory", parameters={"landlord_kind": "local_housing_authority"})


PERSONALLY_CONNECTED = {
    "spouse": "s.2(1)(a)",
    "former_spouse": "s.2(1)(a)",
    "civil_partner": "s.2(1)(b)",
    "former_civil_partner": "s.2(1)(b)",
    "engaged": "s.2(1)(c)",
    "civil_partnership_agreement": "s.2(1)(d)",
    "intimate_partner": "s.2(1)(e)",
    "former_intimate_partner": "s.2(1)(e)",
    "shared_parent": "s.2(1)(f)",
    "relative": "s.2(1)(g)",
}
NOT_PERSONALLY_CONNECTED = ["household_member", "visitor", "neighbour", "none"]

ABUSIVE = {
    "physical": "s.1(3)(a)",
    "sexual": "s.1(3)(a)",
    "fgm": "s.1(3)(a)",
    "violent_or_threatening": "s.1(3)(b)",
    "controlling_or_coercive": "s.1(3)(c)",
    "forced_marriage": "s.1(3)(c)",
    "economic": "s.1(3)(d)",
    "psychological_or_emotional": "s.1(3)(e)",
    "honour_based": "s.1(3)(e)",
    "image_based": "s.1(3)(e)",
}


def statutory_case(**overrides):
    """A complete case of a (non-leaseholder) tenant experiencing domestic abuse; `survivor__age=16` overrides."""
    case = {
        "reported_at": "2026-03-02T10:00",
        "report_source": "survivor",
        "relationship": "spouse",
        "behaviours": ["physical"],
        "survivor": {
            "age": 30,
            "is_customer": True,
            "is_leaseholder": False,
            "tenure": "secure",
            "homeless_due_to_abuse": False,
        },
        "perpetrator": {"age": 32},
        "children": {"affected": False, "related_to_a_or_b": False},
        "statutory_agency_support": [],
    }
    return with_facts(case, **overrides)


def decide(policy=BASELINE, **overrides) -> dict:
    return policy.evaluate(statutory_case(**overrides)).to_dict()












def statutory_value(decision) -> str:
    """The Act's answer; for the statutory ruleset its own definition is the Act's, so the two agree."""
    da = decision["domestic_abuse"]
    assert da["value"] == da["statutory"]
    return da["statutory"]


# s.1 and s.2: the definition ---------------------------------------------------------------------------------


def test_complete_tenant_case_is_domestic_abuse_with_support_and_advice_and_no_warnings():
    decision = decide()
    assert decision["policy"]["id"] == "statutory"
    assert statutory_value(decision) == "yes"
    assert decision["domestic_abuse"]["missing"] == []
    assert [(e["id"], e["modality"]) for e in decision["actions"]] == [("advice_and_assistance", "must")]
    assert decision["undecided"] == []
    assert decision["conflicts"] == []
    assert decision["warnings"] == []


@pytest.mark.parametrize("relationship", sorted(PERSONALLY_CONNECTED))
def test_s_2_1_personally_connected_people_are_within_the_definition(relationship):
    decision = decide(relationship=relationship)
    assert statutory_value(decision) == "yes"
    action(decision, "advice_and_assistance", modality="must", clause="RSH NCS 1.4.1")


@pytest.mark.parametrize("relationship", NOT_PERSONALLY_CONNECTED)
def test_s_2_1_people_not_personally_connected_are_outside_the_definition(relationship):
    decision = decide(relationship=relationship)
    assert statutory_value(decision) == "no"
    assert decision["actions"] == []
    assert decision["undecided"] == []


def test_s_2_1_unknown_relationship_leaves_the_definition_unknown():
    decision = decide(relationship=UNKNOWN)
    assert statutory_value(decision) == "unknown"
    assert decision["domestic_abuse"]["missing"] == ["relationship"]
    undecided(decision, "advice_and_assistance", missing=["relationship"], modality="must")


@pytest.mark.parametrize("behaviour", sorted(ABUSIVE))
def test_s_1_3_each_kind_of_behaviour_is_abusive(behaviour):
    assert statutory_value(decide(behaviours=[behaviour])) == "yes"


def test_s_1_3_a_single_incident_of_one_kind_among_several_is_enough():
    assert statutory_value(decide(behaviours=["economic", "image_based"])) == "yes"


def test_s_1_2_b_no_abusive_behaviour_is_not_domestic_abuse():
    decision = decide(behaviours=[])
    assert statutory_value(decision) == "no"
    assert decision["actions"] == []


def test_s_1_2_b_unknown_behaviour_leaves_the_definition_unknown():
    decision = decide(behaviours=UNKNOWN)
    assert statutory_value(decision) == "unknown"
    assert decision["domestic_abuse"]["missing"] == ["behaviours"]


@pytest.mark.parametrize("person", ["survivor", "perpetrator"])
def test_s_1_2_a_a_person_aged_16_is_aged_16_or_over(person):
    assert statutory_value(decide(**{f"{person}__age": 16})) == "yes"


@pytest.mark.parametrize("person", ["survivor", "perpetrator"])
def test_s_1_2_a_a_person_aged_15_is_not_aged_16_or_over(person):
    decision = decide(**{f"{person}__age": 15})
    assert statutory_value(decision) == "no"
    assert decision["actions"] == []
    assert decision["undecided"] == []


@pytest.mark.parametrize("person", ["survivor", "perpetrator"])
def test_s_1_2_a_one_unknown_age_leaves_the_definition_unknown_naming_it(person):
    decision = decide(**{f"{person}__age": UNKNOWN})
    assert statutory_value(decision) == "unknown"
    assert decision["domestic_abuse"]["missing"] == [f"{person}.age"]
    undecided(decision, "advice_and_assistance", missing=[f"{person}.age"], modality="must")


def test_s_1_2_a_both_ages_unknown_are_both_named():
    decision = decide(survivor__age=UNKNOWN, perpetrator__age=UNKNOWN)
    assert statutory_value(decision) == "unknown"
    assert decision["domestic_abuse"]["missing"] == ["perpetrator.age", "survivor.age"]
    assert decision["actions"] == []
    undecided(decision, "advice_and_assistance", missing=["perpetrator.age", "survivor.age"], modality="must")


def test_s_1_2_a_an_age_under_16_settles_the_definition_even_with_the_other_age_unknown():
    decision = decide(survivor__age=UNKNOWN, perpetrator__age=15)
    assert statutory_value(decision) == "no"
    assert decision["domestic_abuse"]["missing"] == []
    assert decision["undecided"] == []


def test_s_1_2_a_no_personal_connection_settles_the_definition_even_with_both_ages_unknown():
    decision = decide(relationship="neighbour", survivor__age=UNKNOWN, perpetrator__age=UNKNOWN)
    assert statutory_value(decision) == "no"


# s.81ZA (Housing Act 1985): secure tenancy on rehousing --------------------------------------------------------


@pytest.mark.parametrize("tenure", ["secure", "flexible", "assured"])
def test_s_81za_2_a_local_housing_authority_must_grant_a_secure_tenancy_to_a_victim_from_a_qualifying_tenancy(tenure):
    decision = decide(LHA, survivor__tenure=tenure)
    action(decision, "rehousing_same_tenure", modality="must", clause="s.81ZA(2)")


NOT_QUALIFYING = ["assured_shorthold", "starter", "fixed_term", "introductory", "licence", "none"]


@pytest.mark.parametrize("tenure", NOT_QUALIFYING)
def test_s_81za_2_a_a_tenure_that_is_not_a_qualifying_tenancy_does_not_trigger_s_81za(tenure):
    # neither the current tenancy nor any earlier one qualifies
    absent(decide(LHA, survivor__tenure=tenure, survivor__former_tenure="none"), "rehousing_same_tenure")


@pytest.mark.parametrize("former", NOT_QUALIFYING)
def test_s_81za_2_a_an_earlier_tenancy_that_did_not_qualify_does_not_trigger_s_81za(former):
    absent(decide(LHA, survivor__tenure="licence", survivor__former_tenure=former), "rehousing_same_tenure")


@pytest.mark.parametrize("tenure", ["secure", "flexible", "assured"])
def test_s_81za_2_a_a_victim_who_was_a_tenant_under_a_qualifying_tenancy_must_be_granted_a_secure_tenancy(tenure):
    # "is or was a tenant": a survivor now in temporary accommodation on a licence who gave up a qualifying tenancy
    decision = decide(LHA, survivor__tenure="licence", survivor__former_tenure=tenure)
    action(decision, "rehousing_same_tenure", modality="must", clause=["s.81ZA(2)", "s.81ZA(2)(a)"])


def test_s_81za_2_a_a_survivor_who_fled_and_holds_no_tenancy_now_is_undecided_on_the_tenancy_they_held_before():
    decision = decide(LHA, survivor__tenure="none", survivor__left_home_due_to_abuse=True)
    entry = undecided(decision, "rehousing_same_tenure", missing=["survivor.former_tenure"], modality="must")
    assert "s.81ZA(2)(a)" in clauses(entry)


def test_s_81za_2_a_a_survivor_who_fled_a_qualifying_tenancy_they_gave_up_must_be_granted_a_secure_tenancy():
    decision = decide(LHA, survivor__tenure="none", survivor__former_tenure="secure",
                      survivor__left_home_due_to_abuse=True)  # fmt: skip
    action(decision, "rehousing_same_tenure", modality="must", clause="s.81ZA(2)")


def test_s_81za_3_a_a_former_joint_tenant_of_a_qualifying_tenancy_must_be_granted_a_secure_tenancy():
    # s.81ZA(3)(a): "was a joint tenant of the dwelling-house under a qualifying tenancy", the joint tenancy ended
    decision = decide(LHA, survivor__tenure="none", survivor__former_tenure="secure",
                      survivor__joint_tenant_with_perpetrator=False)  # fmt: skip
    action(decision, "rehousing_same_tenure", modality="must", clause=["s.81ZA(2)", "s.81ZA(3)(a)"])


def test_s_81za_2_a_a_survivor_who_fled_but_still_holds_the_qualifying_tenancy_is_its_tenant():
    # leaving does not end the tenancy: it stays the survivor's current tenure, so the earlier one need not be known
    decision = decide(LHA, survivor__tenure="secure", survivor__left_home_due_to_abuse=True)
    action(decision, "rehousing_same_tenure", modality="must", clause="s.81ZA(2)")


@pytest.mark.parametrize("tenure", NOT_QUALIFYING)
def test_s_81za_2_a_a_current_tenancy_that_does_not_qualify_leaves_the_duty_undecided_on_the_earlier_one(tenure):
    # whether or not the survivor has fled: "is or was a tenant" also reaches an earlier tenancy
    for left in (True, False):
        decision = decide(LHA, survivor__tenure=tenure, survivor__left_home_due_to_abuse=left)
        undecided(decision, "rehousing_same_tenure", missing=["survivor.former_tenure"], modality="must")


@pytest.mark.parametrize("tenure", ["secure", "flexible", "assured"])
def test_s_81za_1_a_housing_association_is_not_bound_by_s_81za(tenure):
    absent(decide(BASELINE, survivor__tenure=tenure), "rehousing_same_tenure")
    absent(decide(BASELINE, survivor__tenure="none", survivor__former_tenure=tenure), "rehousing_same_tenure")


def test_s_81za_housing_association_is_not_bound_even_when_the_tenancies_are_unknown():
    absent(decide(BASELINE, survivor__tenure=UNKNOWN), "rehousing_same_tenure")


def test_s_81za_unknown_tenure_leaves_the_duty_undecided():
    decision = decide(LHA, survivor__tenure=UNKNOWN)
    entry = undecided(decision, "rehousing_same_tenure", missing=["survivor.former_tenure", "survivor.tenure"],
                      modality="must")  # fmt: skip
    assert "s.81ZA(2)" in clauses(entry)


def test_s_81za_unknown_current_tenure_is_settled_by_an_earlier_qualifying_tenancy():
    decision = decide(LHA, survivor__tenure=UNKNOWN, survivor__former_tenure="assured")
    action(decision, "rehousing_same_tenure", modality="must", clause="s.81ZA(2)")


def test_s_81za_2_b_no_duty_where_no_one_in_the_household_is_a_victim_of_domestic_abuse():
    absent(decide(LHA, relationship="neighbour"), "rehousing_same_tenure")


def test_s_81za_2_a_applies_to_a_victim_who_is_a_tenant_of_some_other_landlord():
    # s.81ZA(2)(a): a person who "is or was a tenant of some other dwelling-house under a qualifying tenancy"
    decision = decide(LHA, survivor__is_customer=False)
    action(decision, "rehousing_same_tenure", modality="must", clause="s.81ZA(2)")


# s.3: children as victims, feeding s.81ZA ---------------------------------------------------------------------


def test_s_3_a_related_child_who_experiences_the_abuse_is_a_victim_in_the_household_for_s_81za():
    decision = decide(LHA, children__affected=True, children__related_to_a_or_b=True)
    action(decision, "rehousing_same_tenure", modality="must", clause="s.81ZA(2)")


def test_s_3_1_a_child_is_a_victim_only_where_the_behaviour_is_domestic_abuse():
    decision = decide(LHA, relationship="neighbour", children__affected=True, children__related_to_a_or_b=True)
    assert statutory_value(decision) == "no"
    absent(decision, "rehousing_same_tenure")


def test_s_3_the_childs_relationship_need_not_be_known_once_the_survivor_is_a_victim():
    decision = decide(LHA, children__affected=True, children__related_to_a_or_b=UNKNOWN)
    action(decision, "rehousing_same_tenure", modality="must", clause="s.81ZA(2)")


# RSH Neighbourhood and Community Standard 1.4.1 --------------------------------------------------------------


def test_rsh_1_4_1_tenants_are_enabled_to_access_support_and_advice():
    action(decide(), "advice_and_assistance", modality="must", clause="RSH NCS 1.4.1")


def test_rsh_1_4_1_names_tenants_so_a_leaseholder_is_not_covered():
    decision = decide(survivor__is_leaseholder=True)
    absent(decision, "advice_and_assistance")
    absent(decision, "marac_participation")


def test_rsh_1_4_1_unknown_leaseholder_status_leaves_support_and_advice_undecided():
    decision = decide(survivor__is_leaseholder=UNKNOWN)
    undecided(decision, "advice_and_assistance", missing=["survivor.is_leaseholder"], modality="must")


def test_rsh_1_4_1_a_survivor_who_is_not_the_providers_tenant_is_not_covered():
    absent(decide(survivor__is_customer=False), "advice_and_assistance")


def test_rsh_1_4_1_no_duty_when_the_case_is_not_domestic_abuse():
    absent(decide(behaviours=[]), "advice_and_assistance")


def test_rsh_1_4_1_binds_a_local_housing_authority_landlord_too():
    action(decide(LHA), "advice_and_assistance", modality="must", clause="RSH NCS 1.4.1")


def test_rsh_1_4_1_working_co_operatively_means_taking_part_in_marac_when_it_supports_the_case():
    decision = decide(statutory_agency_support=["marac"])
    action(decision, "marac_participation", modality="must", clause="RSH NCS 1.4.1")


@pytest.mark.parametrize("agencies", [[], ["police"], ["police", "social_services"]])
def test_rsh_1_4_1_no_marac_participation_when_the_case_is_not_at_marac(agencies):
    absent(decide(statutory_agency_support=agencies), "marac_participation")


def test_rsh_1_4_1_a_leaseholders_marac_case_is_not_covered():
    absent(decide(statutory_agency_support=["marac"], survivor__is_leaseholder=True), "marac_participation")


# The baseline sets no deadlines -----------------------------------------------------------------------------


def test_the_baseline_sets_no_deadline_and_names_no_approver():
    decision = decide(LHA, statutory_agency_support=["marac"])
    assert {e["id"] for e in decision["actions"]} == {
        "advice_and_assistance",
        "marac_participation",
        "rehousing_same_tenure",
    }
    assert all(e["due"] is None and e["authority"] is None for e in decision["actions"])
    assert [e["id"] for e in decision["actions"]] == sorted(e["id"] for e in decision["actions"])
