"""Tests of the Wolverhampton Homes ruleset (policies/wolverhampton.yaml) that are not scenarios.

The scenario tests, read against ../shared/sources/wolverhampton.txt (Customer Domestic Abuse Policy 2022 - 2025,
version 2.0), are in policies/wolverhampton.tests.yaml (run by `dapolicy test` and by pytest through the dapolicy
plugin). What stays here cannot be written there: the ruleset model itself, a comparison with the statutory
ruleset on the same case, and the order of the decision's entries. `wh_case()` is the complete case of that file's
`default` base case (a Wolverhampton Homes secure tenant in the city experiencing domestic abuse below the MARAC
threshold, who consents to information being shared, with no child affected and no safeguarding concern); a fact
set to UNKNOWN is left out of the case document (unknown, not false).
"""

from __future__ import annotations

import pytest

import dapolicy

from scenarios import UNKNOWN, with_facts

WH = dapolicy.load_policy("wolverhampton")

#: Monday 2 March 2026 10:00 GMT.
REPORTED_AT = "2026-03-02T10:00"

#: The prohibition on sharing without consent, and the exceptions to it, by rule id.
PROHIBITION = "share_only_with_consent_5_0"

LEGAL_DUTY_REASON = ("`legal_duty_to_disclose` is a duty in law; the policy acknowledges it, so sharing is `must` "
                     "(the same reading in every ruleset).")


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


def decide(**overrides) -> dict:
    """The Wolverhampton Homes decision document for `wh_case(**overrides)`."""
    return WH.evaluate(wh_case(**overrides)).to_dict()


# The ruleset model ----------------------------------------------------------------------------------------------


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


def test_9_0_the_legal_duty_to_disclose_is_read_as_in_every_ruleset():
    rule = next(r for r in WH.model.rules if r.id == "legal_duty_to_disclose_9_0")
    assert rule.assumption.reason == LEGAL_DUTY_REASON


# 4.0 A new secure tenancy: the statutory ruleset on the same case ---------------------------------------------


def test_4_0_the_policy_says_should_where_s81za_says_must_for_a_local_housing_authority():
    statutory = dapolicy.load_policy("statutory", parameters={"landlord_kind": "local_housing_authority"})
    case = wh_case()
    assert statutory.evaluate(case).action("rehousing_same_tenure").modality == "must"
    assert WH.evaluate(case).action("rehousing_same_tenure").modality == "should"


# Document: ordering (the YAML tests state which entries there are, not their order) -------------------------

#: The cases whose entries the YAML tests list exactly: the complete case, reports outside the 4.0 definition
#: (a perpetrator under 16, each relationship not personally connected, an unknown relationship), and a survivor
#: under 16, whose case has entries of one action for two recipients.
LISTED_CASES = [{}, {"perpetrator__age": 15}, {"survivor__age": 15}, {"relationship": "household_member"},
                {"relationship": "visitor"}, {"relationship": "neighbour"}, {"relationship": "none"},
                {"relationship": UNKNOWN}]


@pytest.mark.parametrize("overrides", LISTED_CASES)
def test_actions_without_any_due_are_ordered_by_id_then_recipient(overrides):
    entries = [(e["id"], e["recipient"] or "") for e in decide(**overrides)["actions"]]
    assert entries == sorted(entries) and entries


@pytest.mark.parametrize("overrides", [
    {"survivor__age": UNKNOWN},
    {"area": UNKNOWN, "survivor__is_customer": False, "risk__home_security_compromised": True},
])
def test_undecided_entries_are_ordered_by_id(overrides):
    ids = [e["id"] for e in decide(**overrides)["undecided"]]
    assert ids == sorted(ids) and len(ids) > 1
