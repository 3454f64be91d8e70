"""Exceptions (default logic) and recipients: an exception that applies replaces the conclusion of the rules it
excepts, for the recipients they share; one that does not apply leaves them standing; one that waits on facts
leaves the outcome undecided, naming them. Rules of one level that disagree stay a conflict."""

from __future__ import annotations

import textwrap

import pytest

import dapolicy

RULESET = """
id: exceptions
landlord: {name: Except Homes, kind: private_registered_provider}
document: {title: Except Homes policy, version: "1", source_text: exceptions.txt}
definitions:
  domestic_abuse:
    when: statutory.domestic_abuse
    source: {clause: "1", quote: "as the Act defines it"}
rules:
  - {id: only_with_consent, action: share_without_consent, modality: must_not, when: survivor.is_customer,
     source: {clause: "5.1", quote: "we only share with your consent"}}
  - {id: police_report_lead, action: share_without_consent, recipient: police, modality: may,
     authority: safeguarding_lead, exception_to: [only_with_consent], when: risk.serious_harm,
     source: {clause: "5.2", quote: "the Safeguarding Lead may approve a report to the police"}}
  - {id: legal_duty, action: share_without_consent, modality: must, exception_to: only_with_consent,
     when: legal_duty_to_disclose, source: {clause: "5.3", quote: "unless the law requires it"}}
  - {id: not_while_children_unaffected, action: share_without_consent, recipient: police, modality: must_not,
     exception_to: [police_report_lead], when: children.present and not children.at_risk,
     source: {clause: "5.4", quote: "but not where ..."}}
  - {id: marac_chair, action: share_without_consent, recipient: marac, modality: may, authority: marac_chair,
     when: risk.dash_score >= 14, source: {clause: "5.5", quote: "with expressed consent of the MARAC Chair"}}
  - {id: contact_must, action: contact_survivor, modality: must, when: survivor.is_customer,
     source: {clause: "2.1", quote: "we will contact you"}}
  - {id: no_contact, action: contact_survivor, modality: must_not, when: risk.immediate_danger,
     source: {clause: "2.2", quote: "we will not contact you"}}
"""


@pytest.fixture(scope="module")
def policy(tmp_path_factory):
    path = tmp_path_factory.mktemp("exceptions") / "exceptions.yaml"
    path.write_text(textwrap.dedent(RULESET), encoding="utf-8")
    return dapolicy.load_policy(path)


def sharing(policy, section="actions", **case):
    """The share_without_consent entries of a section, by recipient."""
    return {e["recipient"]: e for e in policy.evaluate(case).to_dict()[section] if e["id"] == "share_without_consent"}


def test_an_exception_that_applies_replaces_the_base_for_its_recipient_only(policy):
    found = sharing(policy, survivor={"is_customer": True}, risk={"serious_harm": True, "dash_score": 3},
                    children={"present": False}, legal_duty_to_disclose=False)
    assert found["police"]["modality"] == "may"
    assert found["police"]["authority"] == "safeguarding_lead"
    assert found["police"]["overrides"] == ["only_with_consent"]
    assert [c["clause"] for c in found["police"]["citations"]] == ["5.2"]
    assert found["any"]["modality"] == "must_not"
    assert found["any"]["rules"] == ["only_with_consent"]
    assert "marac" not in found  # the MARAC entry would say no more than the `any` entry


def test_an_exception_that_does_not_apply_leaves_the_base_standing(policy):
    found = sharing(policy, survivor={"is_customer": True}, risk={"serious_harm": False, "dash_score": 3},
                    legal_duty_to_disclose=False)
    assert set(found) == {"any"}
    assert found["any"]["modality"] == "must_not"
    assert found["any"]["overrides"] == []


def test_an_exception_waiting_on_a_fact_leaves_the_outcome_undecided_naming_it(policy):
    found = sharing(policy, "undecided", survivor={"is_customer": True}, risk={"dash_score": 3},
                    children={"present": False}, legal_duty_to_disclose=False)
    assert found["police"]["missing"] == ["risk.serious_harm"]
    assert found["police"]["modalities"] == ["may", "must_not"]
    assert "police" not in sharing(policy, survivor={"is_customer": True}, risk={"dash_score": 3},
                                   children={"present": False}, legal_duty_to_disclose=False)


def test_an_exception_to_an_exception_that_may_apply_is_named_too(policy):
    found = sharing(policy, "undecided", survivor={"is_customer": True}, risk={"dash_score": 3},
                    legal_duty_to_disclose=False)
    assert found["police"]["missing"] == ["children.at_risk", "children.present", "risk.serious_harm"]


def test_an_exception_displaces_its_base_even_where_the_base_condition_is_unknown(policy):
    found = sharing(policy, legal_duty_to_disclose=True, risk={"serious_harm": False, "dash_score": 3})
    assert found["any"]["modality"] == "must"
    assert found["any"]["overrides"] == []  # the base's condition is not known to hold, so nothing is named


def test_an_exception_to_an_exception_restores_the_base(policy):
    found = sharing(policy, survivor={"is_customer": True}, risk={"serious_harm": True, "dash_score": 3},
                    children={"present": True, "at_risk": False}, legal_duty_to_disclose=False)
    assert found["police"]["modality"] == "must_not"
    assert found["police"]["rules"] == ["not_while_children_unaffected"]
    assert found["police"]["overrides"] == ["only_with_consent", "police_report_lead"]


def test_a_second_exception_in_effect_merges_at_its_level(policy):
    found = sharing(policy, survivor={"is_customer": True}, risk={"serious_harm": True, "dash_score": 3},
                    children={"present": False}, legal_duty_to_disclose=True)
    assert found["police"]["modality"] == "must"
    assert found["police"]["authority"] is None
    assert found["any"]["modality"] == "must"


def test_a_recipient_rule_beside_a_prohibition_for_every_recipient_is_a_conflict_for_that_recipient(policy):
    decision = policy.evaluate({"survivor": {"is_customer": True}, "risk": {"serious_harm": False, "dash_score": 20},
                                "legal_duty_to_disclose": False}).to_dict()
    conflicts = [(c["id"], c["recipient"]) for c in decision["conflicts"]]
    assert conflicts == [("share_without_consent", "marac")]
    assert sharing(policy, survivor={"is_customer": True}, risk={"serious_harm": False, "dash_score": 20},
                   legal_duty_to_disclose=False)["any"]["modality"] == "must_not"


def test_rules_of_one_level_with_different_modalities_stay_a_conflict(policy):
    decision = policy.evaluate({"survivor": {"is_customer": True}, "risk": {"immediate_danger": True}}).to_dict()
    assert [(c["id"], c["recipient"], c["modalities"]) for c in decision["conflicts"]] == [
        ("contact_survivor", None, ["must", "must_not"])
    ]


def test_actions_without_recipients_show_none(policy):
    decision = policy.evaluate({"survivor": {"is_customer": True}, "risk": {"immediate_danger": False}}).to_dict()
    assert [(a["id"], a["recipient"]) for a in decision["actions"] if a["id"] == "contact_survivor"] == [
        ("contact_survivor", None)
    ]


BASE = """
id: broken
landlord: {name: Broken Homes, kind: private_registered_provider}
document: {title: Broken Homes policy, version: "1", source_text: broken.txt}
definitions:
  domestic_abuse:
    when: statutory.domestic_abuse
    source: {clause: "1", quote: "as the Act defines it"}
rules:
  - id: only_with_consent
    action: share_without_consent
    recipient: police
    modality: must_not
    when: survivor.is_customer
    source: {clause: "5.1", quote: "only with consent"}
  - id: contact
    action: contact_survivor
    modality: must
    when: survivor.is_customer
    source: {clause: "2.1", quote: "we will contact you"}
"""


def problems_of(tmp_path, extra: str) -> list:
    path = tmp_path / "broken.yaml"
    path.write_text(textwrap.dedent(BASE) + extra, encoding="utf-8")
    with pytest.raises(dapolicy.PolicyError) as caught:
        dapolicy.load_policy(path)
    return caught.value.problems


@pytest.mark.parametrize(
    ("extra", "code", "line", "hint"),
    [
        ("""  - {id: lifted, action: share_without_consent, recipient: police, modality: may,
     exception_to: [only_with_consnt], when: risk.serious_harm, source: {clause: "5.2", quote: "x"}}
""", "compile.unknown_exception_base", 22, "did you mean 'only_with_consent'?"),
        ("""  - {id: lifted, action: marac_referral, modality: may,
     exception_to: [only_with_consent], when: risk.serious_harm, source: {clause: "5.2", quote: "x"}}
""", "compile.exception_other_action", 22, None),
        ("""  - {id: lifted, action: share_without_consent, recipient: marac, modality: may,
     exception_to: [only_with_consent], when: risk.serious_harm, source: {clause: "5.2", quote: "x"}}
""", "compile.exception_other_recipient", 22, None),
        ("""  - {id: one, action: contact_survivor, modality: may, exception_to: [two], when: true,
     source: {clause: "5.2", quote: "x"}}
  - {id: two, action: contact_survivor, modality: may, exception_to: [one], when: true,
     source: {clause: "5.3", quote: "y"}}
""", "compile.exception_cycle", 21, None),
        ("""  - {id: lifted, action: contact_survivor, recipient: police, modality: may, when: true,
     source: {clause: "5.2", quote: "x"}}
""", "compile.unexpected_recipient", 21, None),
        ("""  - {id: lifted, action: share_without_consent, recipient: polise, modality: may, when: true,
     source: {clause: "5.2", quote: "x"}}
""", "compile.unknown_recipient", 21, "did you mean 'police'?"),
    ],
)
def test_a_bad_exception_or_recipient_is_a_located_load_error(tmp_path, extra, code, line, hint):
    problems = problems_of(tmp_path, extra)
    assert [p.code for p in problems] == [code]
    assert problems[0].mark.line == line
    if hint:
        assert problems[0].hint == hint


def test_explain_names_the_exception_that_displaced_a_rule_and_why_an_exception_did_not_apply(policy):
    from dapolicy.render import render_explanation

    decision = policy.evaluate({"survivor": {"is_customer": True}, "risk": {"serious_harm": True, "dash_score": 3},
                                "children": {"present": False}, "legal_duty_to_disclose": False})
    text = render_explanation(decision)
    assert "overridden for the police by police_report_lead (5.2): may share_without_consent" in text
    assert '"the Safeguarding Lead may approve a report to the police"' in text
    assert "an exception that did not apply, so it displaces nothing: `only_with_consent` stands" in text
    assert "[share_without_consent] (to the police): may (an option)" in text


def test_explain_names_a_displacement_once_where_every_recipient_has_the_same_outcome(policy):
    from dapolicy.render import render_explanation

    decision = policy.evaluate({"survivor": {"is_customer": True}, "risk": {"serious_harm": False, "dash_score": 3},
                                "children": {"present": False}, "legal_duty_to_disclose": True})
    assert [(e.recipient, e.modality) for e in decision.actions if e.id == "share_without_consent"] == [("any", "must")]
    text = render_explanation(decision)
    assert text.count("overridden") == 1
    assert "overridden by legal_duty (5.3): must share_without_consent" in text


def test_the_trace_records_each_recipients_outcome_and_the_rule_an_exception_displaced(policy):
    sink = dapolicy.BufferSink()
    policy.evaluate({"survivor": {"is_customer": True}, "risk": {"serious_harm": True, "dash_score": 3},
                     "children": {"present": False}, "legal_duty_to_disclose": False}, sink=sink)
    heading = next(e for e in sink.events if e.action == "share_without_consent" and e.kind != "rule")
    assert (heading.kind, heading.message) == ("action", "share_without_consent: action to any: must_not; action to police: may")
    overridden = [e for e in sink.events if e.kind == "overridden"]
    assert [(e.rule, e.message, e.clauses) for e in overridden] == [
        ("only_with_consent", "rule only_with_consent to police: overridden by police_report_lead", ("5.2",))
    ]
    assert overridden[0].parent == next(e.seq for e in sink.events if e.kind == "rule" and e.rule == "only_with_consent")
