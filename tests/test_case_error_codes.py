"""Every mistake in a case carries a code saying what kind it is (docs/decision.md, "Mistakes in a case"), so a
system calling dapolicy (the HTTP service among them) can act on it without reading the message."""

from __future__ import annotations

import datetime as dt

import pytest

import dapolicy
from dapolicy import CaseError

POLICY = dapolicy.load_policy("hpg")


@pytest.mark.parametrize(("case", "path", "code"), [
    ({"survivor": {"agee": 30}}, "survivor.agee", "case.unknown_field"),
    ({"reported": "2026-12-18T16:30"}, "reported", "case.unknown_field"),
    ({"survivor": {"age": "thirty"}}, "survivor.age", "case.wrong_type"),
    ({"survivor": {"is_customer": "yes"}}, "survivor.is_customer", "case.wrong_type"),
    ({"behaviours": "physical"}, "behaviours", "case.wrong_type"),
    ({"survivor": 30}, "survivor", "case.wrong_type"),
    ({"relationship": "husband"}, "relationship", "case.not_a_choice"),
    ({"behaviours": ["physical", "shouting"]}, "behaviours[1]", "case.not_a_choice"),
    ({"survivor": {"age": 300}}, "survivor.age", "case.out_of_range"),
    ({"reported_at": "1999-12-31T10:00"}, "reported_at", "case.out_of_range"),
    ({"reported_at": "2026-13-01T10:00"}, "reported_at", "case.bad_datetime"),
    ({"reported_at": "2026-12-18"}, "reported_at", "case.bad_datetime"),
    ({"reported_at": "2026-03-29T01:30"}, "reported_at", "case.bad_datetime"),
    ({"area": "East Cambs"}, "area", "case.bad_area"),
    ({1: True}, "1", "case.bad_field_name"),
    ({"id": "x", "landlord": "y", "rules": []}, "", "case.not_a_case"),
])  # fmt: skip
def test_a_mistake_in_a_case_has_its_code(case, path, code):
    with pytest.raises(CaseError) as error:
        POLICY.evaluate(case)
    assert (error.value.path, error.value.code) == (path, code)


@pytest.mark.parametrize("case", [[], "reported_at: today", 3])
def test_a_case_that_is_not_a_mapping_has_its_code(case):
    with pytest.raises(CaseError) as error:
        POLICY.evaluate(case)
    assert error.value.code == "case.not_a_mapping"


def test_a_case_that_does_not_parse_has_the_code_of_the_reading_problem():
    with pytest.raises(CaseError) as error:
        dapolicy.load_case('{"survivor": {"age": 30, "age": 31}}', "case.json")
    assert error.value.code == "load.duplicate_key"


def test_a_datetime_with_an_impossible_offset_has_its_code():
    class Odd(dt.tzinfo):
        def utcoffset(self, moment):
            return dt.timedelta(hours=30)

    with pytest.raises(CaseError) as error:
        POLICY.evaluate({"reported_at": dt.datetime(2026, 12, 18, 16, 30, tzinfo=Odd())})
    assert error.value.code == "case.bad_datetime"
