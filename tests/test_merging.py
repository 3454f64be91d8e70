"""Merging several rules for one action (contract section 5): strongest modality, earliest due, every citation,
who approves, prohibitions and conflicts, and what stays open while facts are unknown."""

from __future__ import annotations

import textwrap

import pytest

import dapolicy

RULESET = """
id: merging
landlord: {name: Merge Homes, kind: private_registered_provider}
document: {title: Merge Homes policy, version: "1", source_text: merging.txt}
definitions:
  domestic_abuse:
    when: statutory.domestic_abuse
    source: {clause: "1", quote: "as the Act defines it"}
rules:
  - {id: contact_may, action: contact_survivor, modality: may, when: survivor.is_customer,
     source: {clause: "2.1", quote: "we may contact you"}}
  - {id: contact_must_fast, action: contact_survivor, modality: must, when: risk.immediate_danger,
     due: {hours: 4}, source: {clause: "2.2", quote: "within 4 hours"}}
  - {id: contact_must_slow, action: contact_survivor, modality: must, when: survivor.is_customer,
     due: {working_days: 1}, source: {clause: "2.3", quote: "within one working day"}}
  - {id: share_forbidden, action: share_without_consent, modality: must_not, when: not legal_duty_to_disclose,
     source: {clause: "3.1", quote: "only with your consent"}}
  - {id: share_legal_duty, action: share_without_consent, modality: may, when: legal_duty_to_disclose,
     source: {clause: "3.2", quote: "where the law requires"}}
  - {id: share_serious_harm, action: share_without_consent, modality: may, when: risk.serious_harm,
     authority: safeguarding_lead, source: {clause: "3.3", quote: "approved by the Safeguarding Lead"}}
  - {id: refer_by_chair, action: marac_referral, modality: must, when: risk.serious_harm,
     authority: marac_chair, source: {clause: "4.1", quote: "the chair approves"}}
  - {id: refer_by_lead, action: marac_referral, modality: must, when: risk.professional_judgement_high,
     authority: safeguarding_lead, source: {clause: "4.2", quote: "the lead approves"}}
"""
REPORTED = "2026-12-24T10:00"


@pytest.fixture(scope="module")
def policy(tmp_path_factory):
    path = tmp_path_factory.mktemp("merging") / "merging.yaml"
    path.write_text(textwrap.dedent(RULESET), encoding="utf-8")
    return dapolicy.load_policy(path)


def entry(policy, section, action, **case):
    return next((e for e in policy.evaluate(case).to_dict()[section] if e["id"] == action), None)


def test_the_strongest_modality_and_every_citation_win(policy):
    found = entry(policy, "actions", "contact_survivor", reported_at=REPORTED, survivor={"is_customer": True},
                  risk={"immediate_danger": False})
    assert found["modality"] == "must"
    assert [c["clause"] for c in found["citations"]] == ["2.1", "2.3"]
    assert found["due"] == "2026-12-29T23:59:59+00:00"


def test_the_earliest_due_wins(policy):
    found = entry(policy, "actions", "contact_survivor", reported_at=REPORTED, survivor={"is_customer": True},
                  risk={"immediate_danger": True})
    assert found["due"] == "2026-12-24T14:00:00+00:00"
    assert found["missing"] == []


def test_an_open_rule_that_could_bring_the_deadline_forward_is_named_in_missing(policy):
    found = entry(policy, "actions", "contact_survivor", reported_at=REPORTED, survivor={"is_customer": True})
    assert found["due"] == "2026-12-29T23:59:59+00:00"
    assert found["missing"] == ["risk.immediate_danger"]


def test_an_open_rule_that_could_raise_the_modality_is_named_in_missing(policy):
    found = entry(policy, "actions", "contact_survivor", survivor={"is_customer": True},
                  risk={"immediate_danger": False})
    assert found["modality"] == "must" and found["due"] is None and found["missing"] == ["reported_at"]


def test_a_prohibition_that_holds_alone_is_a_must_not_entry(policy):
    found = entry(policy, "actions", "share_without_consent", legal_duty_to_disclose=False,
                  risk={"serious_harm": False})
    assert found["modality"] == "must_not" and [c["clause"] for c in found["citations"]] == ["3.1"]


def test_a_prohibition_and_a_permission_that_both_hold_are_a_conflict(policy):
    decision = policy.evaluate({"legal_duty_to_disclose": False, "risk": {"serious_harm": True}}).to_dict()
    assert [c["id"] for c in decision["conflicts"]] == ["share_without_consent"]
    assert decision["conflicts"][0]["modalities"] == ["may", "must_not"]
    assert "share_without_consent" not in [e["id"] for e in decision["actions"] + decision["undecided"]]


def test_while_a_prohibition_may_hold_the_undecided_entry_says_must_not(policy):
    found = entry(policy, "undecided", "share_without_consent")
    assert found["modality"] == "must_not"
    assert found["modalities"] == ["may", "must_not"]
    assert found["missing"] == ["legal_duty_to_disclose", "risk.serious_harm"]


def test_a_route_that_needs_no_approval_means_none_is_needed(policy):
    found = entry(policy, "actions", "share_without_consent", legal_duty_to_disclose=True, risk={"serious_harm": True})
    assert found["modality"] == "may" and found["authority"] is None


def test_where_every_route_names_an_approver_any_one_of_them_suffices(policy):
    found = entry(policy, "actions", "marac_referral", risk={"serious_harm": True, "professional_judgement_high": True})
    assert found["authority"] == "marac_chair or safeguarding_lead"


def test_an_open_route_with_another_approver_is_named_in_missing(policy):
    found = entry(policy, "actions", "marac_referral", risk={"serious_harm": True})
    assert found["authority"] == "marac_chair"
    assert found["missing"] == ["risk.professional_judgement_high"]
