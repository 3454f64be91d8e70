"""Exact comparison of rulesets (contract section 8): what it finds, that its witnesses show it, that it misses nothing."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings

import dapolicy
from test_engine_laws import CASES

LONDON = ZoneInfo("Europe/London")
HEADER = """
id: {id}
landlord: {{name: Test Homes, kind: private_registered_provider}}
document: {{title: Test policy {id}, version: "1", source_text: test.txt}}
"""
DEFINITION = """
definitions:
  domestic_abuse:
    when: {definition}
    source: {{clause: "1", quote: "definition"}}
"""


def ruleset(tmp_path, name: str, rules: str, *, definition: str = "statutory.domestic_abuse", parameters: str = ""):
    text = HEADER.format(id=name) + textwrap.dedent(parameters) + DEFINITION.format(definition=definition)
    text += "rules:\n" + textwrap.indent(textwrap.dedent(rules), "  ")
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return dapolicy.load_policy(path)


def differences(left, right) -> dict[tuple[str, str], dict]:
    return {(d["subject"], d["aspect"]): d for d in dapolicy.compare(left, right).to_dict()["differences"]}


def placement(decision: dict, action: str, recipient: str | None) -> tuple[str, dict | None]:
    """Where the outcome of an action for a recipient is: its own entry, or else the `any` entry."""
    for wanted in (recipient, "any") if recipient is not None else (None,):
        for section in ("actions", "undecided", "conflicts"):
            for entry in decision[section]:
                if entry["id"] == action and entry["recipient"] == wanted:
                    return section, entry
    return "absent", None


def aspects_that_differ(left: dict, right: dict, named: frozenset = frozenset()) -> set[tuple[str, str, str | None]]:
    """Independently of the comparison code: the (subject, aspect, recipient) in which two decisions differ, for
    every recipient the decisions show and every (action, recipient) in `named` (those the rulesets name)."""
    found = {("domestic_abuse", a, None) for a in ("value", "statutory")
             if left["domestic_abuse"][a] != right["domestic_abuse"][a]}  # fmt: skip
    slots = {(e["id"], e["recipient"]) for d in (left, right) for s in ("actions", "undecided", "conflicts") for e in d[s]}
    slots |= {(action, "any") for action, recipient in slots if recipient is not None} | named
    for action, recipient in slots:
        (ls, le), (rs, re_) = placement(left, action, recipient), placement(right, action, recipient)
        if (ls == "actions" and rs in ("absent", "conflicts")) or (rs == "actions" and ls in ("absent", "conflicts")):
            found.add((action, "presence", recipient))
        if (ls == "undecided") != (rs == "undecided"):
            found.add((action, "decided", recipient))
        permits = lambda section, entry: section == "actions" and entry["modality"] != "must_not"  # noqa: E731
        refuses = lambda section, entry: (section in ("absent", "conflicts")  # noqa: E731
                                          or section == "actions" and entry["modality"] == "must_not")
        if recipient is not None and (permits(ls, le) and refuses(rs, re_) or permits(rs, re_) and refuses(ls, le)):
            found.add((action, "recipient", recipient))
        if ls == rs == "actions":
            for aspect in ("modality", "authority", "due"):
                if le[aspect] != re_[aspect]:
                    found.add((action, aspect, recipient))
    return found


@pytest.mark.parametrize("policy_id", dapolicy.bundled_ids())
def test_a_ruleset_compared_with_itself_is_equivalent(policy_id):
    policy = dapolicy.load_policy(policy_id)
    document = dapolicy.compare(policy, policy).to_dict()
    assert document["equivalent"] is True and document["differences"] == []
    assert document["left"] == {"id": policy_id, "digest": policy.digest} == document["right"]


def test_a_difference_visible_only_while_a_fact_is_unknown_is_found(tmp_path):
    # `a or not a` is unknown while `a` is (Kleene), and yes once it is known either way.
    left = ruleset(tmp_path, "left", "[]\n", definition="survivor.is_customer or not survivor.is_customer")
    right = ruleset(tmp_path, "right", "[]\n", definition="true")
    found = differences(left, right)
    assert set(found) == {("domestic_abuse", "value")}
    difference = found[("domestic_abuse", "value")]
    assert difference["witness"] == {}
    assert (difference["left"], difference["right"]) == ({"value": "unknown"}, {"value": "yes"})
    for known in (True, False):
        assert left.evaluate({"survivor": {"is_customer": known}}).to_dict()["domestic_abuse"]["value"] == "yes"


def test_actions_against_undecided_is_a_decided_difference_not_a_presence_one(tmp_path):
    left = ruleset(tmp_path, "left", """
        - {id: contact, action: contact_survivor, modality: must, when: survivor.is_customer,
           source: {clause: "2", quote: "we contact"}}
    """)
    right = ruleset(tmp_path, "right", """
        - {id: contact, action: contact_survivor, modality: must,
           when: survivor.is_customer and (risk.immediate_danger or not risk.immediate_danger),
           source: {clause: "2", quote: "we contact"}}
    """)
    found = differences(left, right)
    assert set(found) == {("contact_survivor", "decided")}
    difference = found[("contact_survivor", "decided")]
    assert difference["witness"] == {"survivor": {"is_customer": True}}
    assert difference["left"]["modality"] == "must"
    assert difference["right"] == {"undecided": ["must"], "missing": ["risk.immediate_danger"],
                                   "citations": [{"clause": "2", "quote": "we contact"}]}


def test_a_difference_through_a_parameter_keyed_by_area_is_found_with_the_area(tmp_path):
    rules = """
        - {id: refer, action: marac_referral, modality: must, when: risk.dash_score >= params.threshold,
           source: {clause: "3", quote: "we refer"}}
    """
    left = ruleset(tmp_path, "left", rules, parameters="""
        parameters:
          threshold:
            by_area: {peterborough: 14, default: 17}
            source: {clause: "3", quote: "14 in Peterborough, 17 elsewhere"}
    """)
    right = ruleset(tmp_path, "right", rules, parameters="""
        parameters:
          threshold:
            value: 14
            source: {clause: "3", quote: "14"}
    """)
    found = differences(left, right)
    assert set(found) == {("marac_referral", "presence"), ("marac_referral", "decided")}
    witness = found[("marac_referral", "presence")]["witness"]
    assert witness["area"] != "peterborough" and 14 <= witness["risk"]["dash_score"] < 17


def test_modality_and_approver_differences_are_found(tmp_path):
    left = ruleset(tmp_path, "left", """
        - {id: refer, action: marac_referral, modality: must, when: risk.serious_harm, authority: marac_chair,
           source: {clause: "4", quote: "we will refer"}}
        - {id: advise, action: advice_and_assistance, modality: must, when: survivor.is_customer,
           source: {clause: "5", quote: "we will advise"}}
    """)
    right = ruleset(tmp_path, "right", """
        - {id: refer, action: marac_referral, modality: must, when: risk.serious_harm,
           source: {clause: "4", quote: "we will refer"}}
        - {id: advise, action: advice_and_assistance, modality: should, when: survivor.is_customer,
           source: {clause: "5", quote: "we aim to advise"}}
    """)
    found = differences(left, right)
    assert set(found) == {("marac_referral", "authority"), ("advice_and_assistance", "modality")}
    assert found[("marac_referral", "authority")]["left"]["authority"] == "marac_chair"
    assert found[("marac_referral", "authority")]["right"]["authority"] is None
    assert found[("advice_and_assistance", "modality")]["witness"] == {"survivor": {"is_customer": True}}


def test_a_narrower_own_definition_differs_in_value_but_not_in_the_acts(tmp_path):
    left = ruleset(tmp_path, "left", "[]\n")
    right = ruleset(tmp_path, "right", "[]\n", definition='statutory.domestic_abuse and relationship != "shared_parent"')
    found = differences(left, right)
    assert set(found) == {("domestic_abuse", "value")}
    assert found[("domestic_abuse", "value")]["witness"]["relationship"] == "shared_parent"


def named(*policies) -> frozenset:
    """Every (action, recipient) a rule of these rulesets names."""
    return frozenset((rule.action, rule.recipient) for p in policies for rule in p.compiled.rules if rule.recipient)


PAIRS = [("hpg", "amplius"), ("ckh", "wolverhampton"), ("ovh", "statutory"), ("hpg", "ckh")]


@pytest.fixture(scope="module", params=PAIRS, ids=["-".join(p) for p in PAIRS])
def pair(request):
    left, right = (dapolicy.load_policy(i) for i in request.param)
    reported = {(d["subject"], d["aspect"], d["recipient"]) for d in dapolicy.compare(left, right).to_dict()["differences"]}
    return left, right, reported


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])  # fmt: skip
@given(case=CASES)
def test_no_case_shows_a_difference_that_compare_did_not_report(pair, case):
    left, right, reported = pair
    shown = aspects_that_differ(left.evaluate(case).to_dict(), right.evaluate(case).to_dict(), named(left, right))
    assert shown <= reported, f"unreported: {sorted(shown - reported)}"


@pytest.mark.parametrize("left_id,right_id", PAIRS)
def test_every_witness_shows_its_difference(left_id, right_id):
    left, right = dapolicy.load_policy(left_id), dapolicy.load_policy(right_id)
    for difference in dapolicy.compare(left, right).to_dict()["differences"]:
        case = difference["witness"]
        shown = aspects_that_differ(left.evaluate(case).to_dict(), right.evaluate(case).to_dict(), named(left, right))
        assert (difference["subject"], difference["aspect"], difference["recipient"]) in shown, difference


CONTACT_WITHIN_ONE_WORKING_DAY = """
    - {id: contact, action: contact_survivor, modality: must, when: survivor.is_customer, due: {working_days: 1},
       source: {clause: "2", quote: "we will contact you within one working day"}}
"""


def test_24_hours_against_one_working_day_is_a_due_difference_with_the_report_time(tmp_path):
    left = ruleset(tmp_path, "left", CONTACT_WITHIN_ONE_WORKING_DAY)
    right = ruleset(tmp_path, "right", """
        - {id: contact, action: contact_survivor, modality: must, when: survivor.is_customer, due: {hours: 24},
           source: {clause: "2", quote: "we will contact you within 24 hours"}}
    """)
    found = dapolicy.compare(left, right).to_dict()["differences"]
    assert [(d["subject"], d["aspect"]) for d in found] == [("contact_survivor", "due")]
    witness = found[0]["witness"]
    assert witness == {"reported_at": "2024-04-02T10:00:00+01:00", "survivor": {"is_customer": True}}
    assert found[0]["left"]["due"] == "2024-04-03T23:59:59+01:00"
    assert found[0]["right"]["due"] == "2024-04-03T10:00:00+01:00"


def test_a_deadline_difference_only_across_a_bank_holiday_is_found_on_the_eve_of_one(tmp_path):
    # 96 hours ends before the end of the next working day only when a bank holiday lengthens the weekend.
    left = ruleset(tmp_path, "left", CONTACT_WITHIN_ONE_WORKING_DAY)
    right = ruleset(tmp_path, "right", CONTACT_WITHIN_ONE_WORKING_DAY + """
    - {id: visit, action: contact_survivor, modality: must, when: survivor.is_customer, due: {hours: 96},
       source: {clause: "3", quote: "and in any case within four days"}}
    """)
    found = dapolicy.compare(left, right).to_dict()["differences"]
    assert [(d["subject"], d["aspect"]) for d in found] == [("contact_survivor", "due")]
    difference = found[0]
    reported = dt.datetime.fromisoformat(difference["witness"]["reported_at"])
    assert reported == dt.datetime(2024, 5, 3, 10, tzinfo=dt.timezone(dt.timedelta(hours=1)))  # Friday before May Day
    assert difference["left"]["due"] == "2024-05-07T23:59:59+01:00"
    assert difference["right"]["due"] == "2024-05-07T10:00:00+01:00"
    assert [c["clause"] for c in difference["right"]["citations"]] == ["2", "3"]
    ordinary_friday = {"reported_at": "2024-05-10T10:00:00+01:00", "survivor": {"is_customer": True}}
    due = lambda policy: policy.evaluate(ordinary_friday).action("contact_survivor").due  # noqa: E731
    assert due(left) == due(right) == dt.datetime(2024, 5, 13, 23, 59, 59, tzinfo=LONDON)


def test_a_difference_under_two_clauses_gets_an_entry_for_each(tmp_path):
    left = ruleset(tmp_path, "left", """
        - {id: advise_customer, action: advice_and_assistance, modality: must, when: survivor.is_customer,
           source: {clause: "4", quote: "we will advise our customers"}}
        - {id: advise_in_danger, action: advice_and_assistance, modality: must, when: risk.immediate_danger,
           source: {clause: "5", quote: "we will advise anyone in immediate danger"}}
    """)
    right = ruleset(tmp_path, "right", "[]\n")
    every = dapolicy.compare(left, right).to_dict()["differences"]
    assert [(d["subject"], d["aspect"]) for d in every] == [("advice_and_assistance", "decided")] + [
        ("advice_and_assistance", "presence")] * 2  # fmt: skip
    assert every[0]["witness"] == {} and every[0]["right"] is None  # nothing is known: undecided on the left
    found = every[1:]
    witnesses = sorted(json.dumps(d["witness"], sort_keys=True) for d in found)
    assert witnesses == ['{"risk": {"immediate_danger": true}}', '{"survivor": {"is_customer": true}}']
    assert sorted(d["left"]["citations"][0]["clause"] for d in found) == ["4", "5"]


def test_a_deadline_difference_lasting_under_a_second_is_still_found(tmp_path):
    # 24 hours ends after the next working day only for a report in the last second before midnight.
    within_24_hours = """
    - {id: call, action: contact_survivor, modality: must, when: survivor.is_customer, due: {hours: 24},
       source: {clause: "3", quote: "within 24 hours"}}
    """
    left = ruleset(tmp_path, "left", within_24_hours)
    right = ruleset(tmp_path, "right", within_24_hours + CONTACT_WITHIN_ONE_WORKING_DAY)
    found = dapolicy.compare(left, right).to_dict()["differences"]
    assert [(d["subject"], d["aspect"]) for d in found] == [("contact_survivor", "due")]
    assert found[0]["witness"]["reported_at"] == "2024-04-01T23:59:59.000001+01:00"
    assert (found[0]["left"]["due"], found[0]["right"]["due"]) == (
        "2024-04-02T23:59:59.000001+01:00", "2024-04-02T23:59:59+01:00")


def test_a_comparison_is_the_same_whatever_was_compared_before_and_whatever_the_hash_seed():
    hpg, ckh = dapolicy.load_policy("hpg"), dapolicy.load_policy("ckh")
    first = dapolicy.compare(hpg, ckh).to_dict()
    dapolicy.compare(dapolicy.load_policy("ovh"), dapolicy.load_policy("wolverhampton"))
    assert dapolicy.compare(hpg, ckh).to_dict() == first
    script = "import dapolicy, json; print(json.dumps(dapolicy.compare(*map(dapolicy.load_policy, ['hpg', 'ckh'])).to_dict()))"
    outputs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}  # fmt: skip
    assert [json.loads(output) for output in outputs] == [first]


def test_a_prohibition_against_a_duty_with_a_deadline_differs_in_due_as_well_as_in_modality(tmp_path):
    left = ruleset(tmp_path, "left", """
        - {id: never, action: contact_survivor, modality: must_not, when: survivor.is_customer,
           source: {clause: "2", quote: "we do not contact"}}
    """)
    right = ruleset(tmp_path, "right", CONTACT_WITHIN_ONE_WORKING_DAY)
    found = differences(left, right)
    assert set(found) == {("contact_survivor", "modality"), ("contact_survivor", "due")}
    due = found[("contact_survivor", "due")]
    assert (due["left"]["modality"], due["left"]["due"]) == ("must_not", None)
    assert due["right"]["due"] == "2024-04-03T23:59:59+01:00"


def test_deadlines_falling_at_the_same_wall_clock_time_either_side_of_the_clocks_going_back_are_different(tmp_path):
    # Reported 01:30 BST on Saturday 24 October 2026: 24 hours is 01:30 BST on the 25th, 25 hours is 01:30 GMT.
    left = ruleset(tmp_path, "left", """
        - {id: later, action: contact_survivor, modality: must, when: survivor.is_customer, due: {hours: 25},
           source: {clause: "3", quote: "within 25 hours"}}
        - {id: sooner, action: contact_survivor, modality: must, when: survivor.is_customer, due: {hours: 24},
           source: {clause: "2", quote: "within 24 hours"}}
    """)
    right = ruleset(tmp_path, "right", """
        - {id: later, action: contact_survivor, modality: must, when: survivor.is_customer, due: {hours: 25},
           source: {clause: "3", quote: "within 25 hours"}}
    """)
    case = {"reported_at": "2026-10-24T01:30:00+01:00", "survivor": {"is_customer": True}}
    assert left.evaluate(case).to_dict()["actions"][0]["due"] == "2026-10-25T01:30:00+01:00"
    assert right.evaluate(case).to_dict()["actions"][0]["due"] == "2026-10-25T01:30:00+00:00"
    assert set(differences(left, right)) == {("contact_survivor", "due")}
