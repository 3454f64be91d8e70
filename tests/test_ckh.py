"""Tests of the Cross Keys Homes ruleset (policies/ckh.yaml) that are not scenarios.

The scenario tests, read against ../shared/sources/ckh.txt, are in policies/ckh.tests.yaml (run by `dapolicy test`
and by pytest through the dapolicy plugin). What stays here cannot be written there: the order of the decision's
entries, and the ruleset model itself. `ckh_case()` is the complete case of that file's `default` base case (a CKH
tenant in Peterborough experiencing domestic abuse who agreed to be passed to a Neighbourhood Manager (ASB) and
consents to referrals); tests/test_bad_input_area.py builds its cases from it too.
"""

from __future__ import annotations

import dapolicy

from scenarios import with_facts

CKH = dapolicy.load_policy("ckh")

#: Monday 2 March 2026 10:00 GMT, an ordinary working week.
REPORTED_AT = "2026-03-02T10:00"


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


def test_actions_are_ordered_by_due_with_the_24_hour_case_first_then_by_id():
    ids = [e["id"] for e in CKH.evaluate(ckh_case()).to_dict()["actions"]]
    assert ids[0] == "open_case"
    assert ids[1:] == sorted(ids[1:])


def test_the_ruleset_states_its_landlord_and_document():
    model = CKH.model
    assert model.landlord.name == "Cross Keys Homes"
    assert model.landlord.kind == "private_registered_provider"
    assert (model.document.approved, model.document.review) == ("2021-01", "2025-01")
    assert model.document.source_text == "ckh.txt"
