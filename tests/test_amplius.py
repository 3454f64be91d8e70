"""Tests of the Amplius ruleset (policies/amplius.yaml) that the YAML policy tests cannot state.

The scenario tests are in policies/amplius.tests.yaml, read against ../shared/sources/amplius.txt. These remain
because a YAML expectation cannot say what they check: that a reading is among an entry's or the definition's
`assumptions` (a YAML expectation matches a list of text only as the whole list, word for word); that an entry
cites exactly these clauses (its `citations` match when each stated one is among the entry's); the order of the
decision document's entries; and the ruleset model itself (its dates, which rules are exceptions). Cases start
from `amplius_case()`, a complete case of an Amplius customer experiencing domestic abuse, and change one fact;
a fact set to UNKNOWN is left out of the case document (unknown, not false).
"""

from __future__ import annotations

import dapolicy

from scenarios import UNKNOWN, absent, action, clauses, recipients, shared, with_facts

AMPLIUS = dapolicy.load_policy("amplius")

#: Monday 2 March 2026 10:00 GMT, before the review date.
REPORTED_AT = "2026-03-02T10:00"

BAN = "utmost_confidence_confidentiality"
LEGAL_DUTY = "passed_on_where_required_by_law_confidentiality"
POLICE_REPORT = "police_report_on_high_risk_of_serious_harm_confidentiality"


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


# Scope and Appendix A: the reading of the definition, in the decision ---------------------------------------------


def test_scope_the_definition_is_amplius_scope_not_appendix_a_and_the_decision_says_why():
    da = decide(relationship="household_member")["domestic_abuse"]
    assert any(
        "Appendix A reproduces the statutory definition" in reading
        and "the Scope states whom the policy serves" in reading
        and "sets out the law as" in reading
        for reading in da["assumptions"]
    )


# Policy details: specialist referrals, and the clauses they cite exactly ------------------------------------------


def test_policy_details_amplius_aims_to_complete_specialist_referrals_for_a_survivor_who_consents():
    entry = action(decide(survivor__consents_to_share=True), "specialist_support_referral", modality="should",
                   clause="Policy details")  # fmt: skip
    assert clauses(entry) == ["Policy details", "Policy details"]


# Confidentiality: the legal duty's reading, and the exceptions in the ruleset -------------------------------------


def test_confidentiality_information_must_be_passed_on_where_amplius_is_required_by_law():
    decision = decide(legal_duty_to_disclose=True, risk__serious_harm=False)
    entry = shared(decision, "share_without_consent", "any", modality="must", clause="Confidentiality", rules=[LEGAL_DUTY],
                   overrides=[BAN])  # fmt: skip
    assert any("only passed to external agencies where we are required by law" in c["quote"] for c in entry["citations"])
    assert any("`legal_duty_to_disclose` is a duty in law; the policy acknowledges it, so sharing is `must`" in reading
               for reading in entry["assumptions"])  # fmt: skip
    assert recipients(decision, "share_without_consent") == {"any": "must"}
    assert decision["conflicts"] == []


def test_confidentiality_every_override_is_share_without_consent_and_the_retired_police_report_id_is_not_used():
    assert all(rule.action != "police_report_without_consent" for rule in AMPLIUS.model.rules)
    absent(decide(risk__serious_harm=True), "police_report_without_consent")
    overrides = {rule.id: rule for rule in AMPLIUS.model.rules if rule.exception_to}
    assert sorted(overrides) == [LEGAL_DUTY, POLICE_REPORT]
    assert all(rule.action == "share_without_consent" and rule.exception_to == [BAN] for rule in overrides.values())


# Document: dates --------------------------------------------------------------------------------------------------


def test_the_document_states_its_dates():
    document = AMPLIUS.model.document
    assert (document.approved, document.effective, document.review) == ("2024-12-04", "2024-12-17", "2027-12-04")
    assert document.source_text == "amplius.txt"
    assert AMPLIUS.model.landlord.kind == "private_registered_provider"


# Document: ordering -----------------------------------------------------------------------------------------------


def test_actions_without_any_due_are_ordered_by_id():
    ids = [e["id"] for e in decide()["actions"]]
    assert ids == sorted(ids)


def test_undecided_entries_are_ordered_by_id():
    ids = [e["id"] for e in decide(survivor__age=UNKNOWN)["undecided"]]
    assert ids == sorted(ids) and ids
