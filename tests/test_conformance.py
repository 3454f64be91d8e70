"""Conformance to the statutory baseline: a definition narrower or wider than the Act's, and duties without a
counterpart of at least the same strength, each with a witness that shows it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

import dapolicy
from test_compare import ruleset
from test_engine_laws import CASES

ADVICE_FOR_TENANTS = """
    - {{id: advise, action: advice_and_assistance, modality: {modality}, when: survivor.is_customer and domestic_abuse,
       source: {{clause: "6", quote: "we advise our tenants"}}}}
    - {{id: marac, action: marac_participation, modality: must, when: '"marac" in statutory_agency_support',
       source: {{clause: "7", quote: "we take part in MARAC"}}}}
"""


def findings(policy) -> list[tuple[str, str]]:
    return [(f["subject"], f["finding"]) for f in dapolicy.conformance(policy).to_dict()["findings"]]


def test_a_ruleset_with_the_acts_definition_and_every_duty_as_must_conforms(tmp_path):
    policy = ruleset(tmp_path, "full", ADVICE_FOR_TENANTS.format(modality="must"))
    document = dapolicy.conformance(policy).to_dict()
    assert document["conforms"] is True and document["findings"] == []
    assert document["baseline"]["parameters"] == {} and document["assumptions"] == []


def test_a_definition_that_leaves_out_co_parents_is_narrower_than_the_act(tmp_path):
    policy = ruleset(tmp_path, "narrow", ADVICE_FOR_TENANTS.format(modality="must"),
                     definition='statutory.domestic_abuse and relationship != "shared_parent"')  # fmt: skip
    document = dapolicy.conformance(policy).to_dict()
    assert document["conforms"] is False
    definition = document["findings"][0]
    assert (definition["subject"], definition["finding"]) == ("domestic_abuse", "narrower")
    assert definition["policy"]["value"] == "no" and definition["baseline"]["value"] == "yes"
    assert definition["witness"]["relationship"] == "shared_parent"
    assert [c["clause"] for c in definition["policy"]["citations"]] == ["1"]
    assert [c["clause"] for c in definition["baseline"]["citations"]] == ["s.1(2)", "s.1(2)(b)"]
    # advice follows the landlord's narrower definition, so the regulator's duty goes without a counterpart too
    assert findings(policy) == [("domestic_abuse", "narrower"), ("advice_and_assistance", "missing")]


def test_a_definition_that_adds_any_household_member_is_wider_and_still_conforms(tmp_path):
    policy = ruleset(tmp_path, "wide", ADVICE_FOR_TENANTS.format(modality="must"),
                     definition='statutory.domestic_abuse or (relationship == "household_member" and statutory.abusive)')  # fmt: skip
    document = dapolicy.conformance(policy).to_dict()
    assert [(f["subject"], f["finding"]) for f in document["findings"]] == [("domestic_abuse", "wider")]
    assert document["findings"][0]["witness"]["relationship"] == "household_member"
    assert document["conforms"] is True


@pytest.mark.parametrize("modality,finding", [("should", "weaker"), ("may", "weaker"), ("must_not", "forbidden")])
def test_a_duty_given_below_the_regulators_must_is_a_shortfall(tmp_path, modality, finding):
    policy = ruleset(tmp_path, modality, ADVICE_FOR_TENANTS.format(modality=modality))
    document = dapolicy.conformance(policy).to_dict()
    assert [(f["subject"], f["finding"]) for f in document["findings"]] == [("advice_and_assistance", finding)]
    shortfall = document["findings"][0]
    assert shortfall["policy"]["modality"] == modality and shortfall["baseline"]["modality"] == "must"
    assert [c["clause"] for c in shortfall["baseline"]["citations"]] == ["RSH NCS 1.4.1"]
    survivor = shortfall["witness"]["survivor"]
    assert survivor["is_customer"] is True and survivor["is_leaseholder"] is False and survivor["age"] >= 16


def test_a_duty_the_policy_does_not_have_is_missing_with_the_case_that_needs_it(tmp_path):
    policy = ruleset(tmp_path, "no_marac", """
        - {id: advise, action: advice_and_assistance, modality: must, when: survivor.is_customer,
           source: {clause: "6", quote: "we advise our tenants"}}
    """)
    assert findings(policy) == [("marac_participation", "missing")]
    witness = dapolicy.conformance(policy).to_dict()["findings"][0]["witness"]
    assert witness["statutory_agency_support"] == ["marac"]


def test_wolverhampton_is_checked_as_a_council_landlord_so_s81za_applies():
    document = dapolicy.conformance(dapolicy.load_policy("wolverhampton")).to_dict()
    assert document["baseline"]["parameters"] == {"landlord_kind": "local_housing_authority"}
    assert "arm's-length management organisation" in document["assumptions"][0]
    weaker = next(f for f in document["findings"] if f["finding"] == "weaker")
    assert weaker["subject"] == "rehousing_same_tenure"
    assert (weaker["policy"]["modality"], weaker["baseline"]["modality"]) == ("should", "must")
    assert {c["clause"] for c in weaker["policy"]["citations"]} == {"4.0"}
    assert "s.81ZA(2)" in {c["clause"] for c in weaker["baseline"]["citations"]}
    assert weaker["witness"]["survivor"]["tenure"] == "secure"


def test_wolverhampton_checked_as_a_housing_association_has_no_s81za_finding():
    policy = dapolicy.load_policy("wolverhampton")
    as_association = dapolicy.conformance(policy, baseline_parameters={"landlord_kind": "private_registered_provider"})
    assert "rehousing_same_tenure" not in {f.subject for f in as_association.findings}
    assert as_association.to_dict()["assumptions"] == []


def test_one_vision_housing_conforms_and_housing_plus_group_is_narrower_for_co_parents():
    assert dapolicy.conformance(dapolicy.load_policy("ovh")).to_dict()["conforms"] is True
    hpg = dapolicy.conformance(dapolicy.load_policy("hpg")).to_dict()["findings"]
    assert (hpg[0]["subject"], hpg[0]["finding"]) == ("domestic_abuse", "narrower")
    assert hpg[0]["witness"]["relationship"] == "shared_parent"


def shortfalls_shown(policy, baseline, case) -> set[tuple[str, str]]:
    """Independently of the conformance code: what one case shows of the policy against the baseline."""
    mine, act = policy.evaluate(case).to_dict(), baseline.evaluate(case).to_dict()
    shown = set()
    if (mine["domestic_abuse"]["value"], act["domestic_abuse"]["value"]) == ("no", "yes"):
        shown.add(("domestic_abuse", "narrower"))
    if (mine["domestic_abuse"]["value"], act["domestic_abuse"]["value"]) == ("yes", "no"):
        shown.add(("domestic_abuse", "wider"))
    strength = {"may": 1, "should": 2, "must": 3}
    placed = {e["id"]: s for s in ("actions", "undecided", "conflicts") for e in mine[s]}
    for duty in act["actions"]:
        entry = next((e for e in mine["actions"] if e["id"] == duty["id"]), None)
        if placed.get(duty["id"]) == "conflicts":
            shown.add((duty["id"], "conflict"))
        elif entry is None and duty["id"] not in placed:
            shown.add((duty["id"], "missing"))
        elif entry is not None and entry["modality"] == "must_not":
            shown.add((duty["id"], "forbidden"))
        elif entry is not None and strength[entry["modality"]] < strength[duty["modality"]]:
            shown.add((duty["id"], "weaker"))
    return shown


@pytest.mark.parametrize("policy_id", ["amplius", "ckh", "hpg", "ovh", "wolverhampton"])
def test_every_finding_reproduces_from_its_witness(policy_id):
    policy = dapolicy.load_policy(policy_id)
    result = dapolicy.conformance(policy)
    baseline = dapolicy.load_policy("statutory", parameters=result.to_dict()["baseline"]["parameters"])
    for finding in result.to_dict()["findings"]:
        assert (finding["subject"], finding["finding"]) in shortfalls_shown(policy, baseline, finding["witness"])


@pytest.fixture(scope="module", params=["hpg", "wolverhampton", "amplius"])
def checked(request):
    policy = dapolicy.load_policy(request.param)
    result = dapolicy.conformance(policy)
    baseline = dapolicy.load_policy("statutory", parameters=result.to_dict()["baseline"]["parameters"])
    return policy, baseline, {(f.subject, f.finding) for f in result.findings}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])  # fmt: skip
@given(case=CASES)
def test_no_case_shows_a_shortfall_that_conformance_did_not_report(checked, case):
    policy, baseline, reported = checked
    shown = shortfalls_shown(policy, baseline, case)
    assert shown <= reported, f"unreported: {sorted(shown - reported)}"


def test_a_duty_the_policy_both_gives_and_forbids_is_a_conflict_not_a_counterpart(tmp_path):
    policy = ruleset(tmp_path, "conflicted", ADVICE_FOR_TENANTS.format(modality="must") + """
    - {id: not_with_children, action: advice_and_assistance, modality: must_not, when: children.present,
       source: {clause: "8", quote: "we do not advise where there are children"}}
    """)
    document = dapolicy.conformance(policy).to_dict()
    assert [(f["subject"], f["finding"]) for f in document["findings"]] == [("advice_and_assistance", "conflict")]
    finding = document["findings"][0]
    assert finding["policy"]["conflict"] == ["must", "must_not"]
    assert [c["clause"] for c in finding["policy"]["citations"]] == ["6", "8"]
    assert finding["witness"]["children"] == {"present": True} and document["conforms"] is False
