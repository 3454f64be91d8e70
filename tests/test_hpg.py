"""Tests of the Housing Plus Group ruleset (policies/hpg.yaml) that the YAML policy tests cannot state.

The scenario tests are in policies/hpg.tests.yaml, read against ../shared/sources/hpg.txt. Two remain here because
they check an entry's exact clause list (that it cites no other clause, or these clauses in this order), which a
YAML expectation cannot say: its `citations` match when each stated one is among the entry's. The rest check the
order of the decision document's entries, which a YAML expectation does not state either. Cases start from
`hpg_case()`, a complete case of an HPG customer experiencing domestic abuse, and change one fact; a fact set to
UNKNOWN is left out of the case document (unknown, not false).
"""

from __future__ import annotations

import dapolicy

from scenarios import UNKNOWN, absent, action, clauses, undecided, with_facts

HPG = dapolicy.load_policy("hpg")


#: Monday 2 March 2026 10:00 GMT, an ordinary working week.
REPORTED_AT = "2026-03-02T10:00"


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


# 3.12 Damage to the home: exact clause lists ----------------------------------------------------------------


def test_3_12_no_damage_means_no_criminal_damage_report_or_compensation():
    decision = decide(property_damage_by_perpetrator=False)
    entry = action(decision, "support_police_report", modality="must", clause="3.4")
    assert "3.12" not in clauses(entry)
    absent(decision, "seek_repair_compensation")
    absent(decision, "enforcement_against_perpetrator")
    absent(decision, "enforcement_safety_assessment")


def test_3_5_police_action_and_compensation_for_damage_wait_on_the_safety_assessment_while_its_result_is_unknown():
    decision = decide(property_damage_by_perpetrator=True, risk__enforcement_compromises_safety=UNKNOWN)
    entry = undecided(decision, "enforcement_against_perpetrator", missing=["risk.enforcement_compromises_safety"],
                      modality="must")  # fmt: skip
    assert "3.12" in clauses(entry)
    entry = undecided(decision, "seek_repair_compensation", missing=["risk.enforcement_compromises_safety"],
                      modality="must")  # fmt: skip
    assert clauses(entry) == ["3.12", "3.5"]
    action(decision, "enforcement_safety_assessment", modality="must", clause="3.5")


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
