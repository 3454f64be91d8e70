"""Trace events: a deterministic, JSON-ready record of how a decision was reached."""

from __future__ import annotations

import json

import dapolicy

HPG = dapolicy.load_policy("hpg")
CASE = {"reported_at": "2026-12-24T10:00", "report_source": "survivor", "relationship": "spouse",
        "behaviours": ["physical"], "survivor": {"age": 30, "is_customer": True}, "perpetrator": {"age": 31}}


def trace(case):
    sink = dapolicy.BufferSink()
    HPG.evaluate(case, sink=sink)
    return sink.events


def test_the_trace_gives_each_definition_then_each_action_with_its_rules():
    events = trace(CASE)
    kinds = [e.kind for e in events]
    first_action = next(i for i, k in enumerate(kinds) if k != "definition")
    assert set(kinds[:first_action]) == {"definition"}
    contact = next(e for e in events if e.kind == "action" and e.action == "contact_survivor")
    rules = [e for e in events if e.parent == contact.seq]
    assert [e.rule for e in rules] == ["contact_within_one_working_day_3_2"]
    assert rules[0].truth is dapolicy.Truth.TRUE
    assert rules[0].clauses == ("3.2",)
    assert dict(rules[0].facts)["report_source"] == "survivor"


def test_a_rule_waiting_on_facts_names_them_in_the_trace():
    events = trace(CASE)
    marac = next(e for e in events if e.kind == "rule" and e.rule == "participate_in_marac_3_10")
    assert marac.truth is dapolicy.Truth.UNKNOWN
    assert marac.missing == ("statutory_agency_support",)


def test_the_same_case_gives_the_same_trace_and_it_is_json_ready():
    first, second = trace(CASE), trace(CASE)
    assert first == second
    assert json.loads(json.dumps([e.to_dict() for e in first])) == [e.to_dict() for e in first]


def test_evaluating_without_a_sink_gives_the_same_decision():
    sink = dapolicy.BufferSink()
    assert HPG.evaluate(CASE, sink=sink).to_dict() == HPG.evaluate(CASE).to_dict()
