"""Values (issue 11): deadlines and their limits, document dates, report times, and parameter overrides.

The CLI side is in tests/bad_inputs/values.yaml; here the API: the codes and paths of the problems, the limits
themselves (a deadline of at most a year, report times 2000-2099), and that every accepted value still works.
"""

from __future__ import annotations

import datetime as dt
import pickle
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dapolicy
from dapolicy.compare import REPORT_WINDOW
from dapolicy.deadlines import (
    LONDON,
    REPORT_RANGE,
    ReportTimeOutOfRange,
    bank_holidays,
    due_after_hours,
    due_after_working_days,
)
from dapolicy.model import dates
from dapolicy.model.ruleset import MAX_HOURS, MAX_WORKING_DAYS, Due

HEADER = """\
id: values
landlord: {name: Value Homes, kind: private_registered_provider}
document: {title: Value Homes policy, version: "1", source_text: values.txt, review: "2026-05"}
"""
BODY = """\
definitions:
  domestic_abuse:
    when: statutory.domestic_abuse
    source: {clause: "1", quote: "as the Act defines it"}
rules:
  - id: contact
    action: contact_survivor
    modality: must
    when: survivor.is_customer
    due: DUE
    source: {clause: "3", quote: "we will contact you"}
"""


def ruleset(tmp_path, *, parameters: str = "", due: str = "contact_deadline", header: str = HEADER) -> dapolicy.Policy:
    text = header + (("parameters:\n" + textwrap.indent(textwrap.dedent(parameters), "  ")) if parameters else "")
    path = tmp_path / "values.yaml"
    path.write_text(text + BODY.replace("DUE", due), encoding="utf-8")
    return dapolicy.load_policy(path)


def deadline_parameter(value: str) -> str:
    return f"contact_deadline:\n  value: {value}\n  source: {{clause: '3', quote: 'within a day'}}\n"


def problems(tmp_path, **kwargs) -> list[dapolicy.errors.Problem]:
    with pytest.raises(dapolicy.PolicyError) as caught:
        ruleset(tmp_path, **kwargs)
    return list(caught.value.problems)


# --- a deadline in a parameter is checked as a rule's `due:` is -------------------------------------------------

MISTAKES = [
    ("{working_days: -1}", "load.invalid", ("working_days",), "found -1"),
    ('{working_days: "one"}', "load.wrong_type", ("working_days",), "found the text 'one'"),
    ("{working_days: 1.5}", "load.wrong_type", ("working_days",), "found the number 1.5"),
    ("{hours: 0}", "load.invalid", ("hours",), "found 0"),
    ("{hours: 24, working_days: 1}", "load.invalid", (), "not both"),
    ("{}", "load.invalid", (), "a deadline gives"),
    ("{working_days: 100000000}", "load.invalid", ("working_days",), "from 1 to 250"),
    ("{hours: 1e12}", "load.wrong_type", ("hours",), "whole number"),
    ("{hours: 8761}", "load.invalid", ("hours",), "from 1 to 8,760 (one year)"),
    ("{days: 1}", "load.unknown_key", ("days",), "unknown key 'days'"),
]


@pytest.mark.parametrize(("value", "code", "tail", "words"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_deadline_parameter_gets_the_code_and_place_a_rules_due_gets(tmp_path, value, code, tail, words):
    in_parameter = problems(tmp_path, parameters=deadline_parameter(value))
    in_rule = problems(tmp_path, due=value)
    assert [(p.code, p.path) for p in in_parameter] == [(code, ("parameters", "contact_deadline", "value") + tail)]
    assert [(p.code, p.path) for p in in_rule] == [(code, ("rules", 0, "due") + tail)]
    assert words in in_parameter[0].message and words in in_rule[0].message
    assert in_parameter[0].message.startswith("parameter 'contact_deadline': ")
    assert in_parameter[0].mark is not None and in_parameter[0].mark.line == 6


def test_a_deadline_in_one_area_is_checked_and_named_by_its_area(tmp_path):
    parameters = "contact_deadline:\n  by_area: {peterborough: {hours: 24}, default: {hours: 0}}\n  assumption: {reason: test}\n"
    [problem] = problems(tmp_path, parameters=parameters)
    assert (problem.code, problem.path) == ("load.invalid", ("parameters", "contact_deadline", "by_area", "default", "hours"))


@pytest.mark.parametrize("value", ["24", '"one working day"', "true", "[a, b]"])
def test_a_rule_due_naming_a_parameter_that_is_not_a_deadline_says_what_it_holds(tmp_path, value):
    [problem] = problems(tmp_path, parameters=deadline_parameter(value))
    assert (problem.code, problem.path) == ("compile.bad_due", ("rules", 0, "due"))
    assert "not a deadline" in problem.message and "(it is at line 5)" in problem.hint


def test_the_limits_themselves_are_accepted(tmp_path):
    longest = ruleset(tmp_path, due=f"{{working_days: {MAX_WORKING_DAYS}}}")
    decision = longest.evaluate({"reported_at": "2026-12-24T10:00", "survivor": {"is_customer": True}})
    assert decision.action("contact_survivor").due.date() == dt.date(2027, 12, 21)
    hours = ruleset(tmp_path, parameters=deadline_parameter(f"{{hours: {MAX_HOURS}}}"))
    decision = hours.evaluate({"reported_at": "2026-12-24T10:00", "survivor": {"is_customer": True}})
    assert decision.action("contact_survivor").due.isoformat() == "2027-12-24T10:00:00+00:00"


def test_due_bounds_are_one_year():
    assert MAX_HOURS == 365 * 24
    Due(hours=MAX_HOURS)
    Due(working_days=MAX_WORKING_DAYS)
    for wrong in ({"hours": MAX_HOURS + 1}, {"working_days": MAX_WORKING_DAYS + 1}, {"hours": 0}, {"working_days": 0}):
        with pytest.raises(ValueError):
            Due(**wrong)


def test_no_year_the_report_range_reaches_has_fewer_working_days_than_the_limit():
    """MAX_WORKING_DAYS is about a year: no calendar year from 2000 to 2100 has fewer working days."""
    from dapolicy.deadlines import is_working_day

    for year in range(REPORT_RANGE[0].year, REPORT_RANGE[1].year + 2):
        days = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
        count = sum(is_working_day(dt.date(year, 1, 1) + dt.timedelta(n)) for n in range(days))
        assert count >= MAX_WORKING_DAYS, year


# --- report times ---------------------------------------------------------------------------------------------


def test_the_longest_deadline_from_the_last_report_time_falls_where_bank_holidays_are_known():
    last = dt.datetime.combine(REPORT_RANGE[1], dt.time(23, 59, 59, 999999), tzinfo=LONDON)
    for deadline in (due_after_working_days(last, MAX_WORKING_DAYS), due_after_hours(last, MAX_HOURS)):
        assert deadline.due.year == 2100
        assert bank_holidays(deadline.due.year), "the holidays package knows the bank holidays of the due year"


def test_the_comparison_window_lies_inside_the_supported_report_times():
    first, last = REPORT_WINDOW
    assert REPORT_RANGE[0] <= first <= last <= REPORT_RANGE[1]
    end = dt.datetime.combine(last, dt.time(23, 59), tzinfo=LONDON)
    assert due_after_working_days(end, MAX_WORKING_DAYS).due.year == last.year + 1


@pytest.fixture(scope="module")
def hpg():
    return dapolicy.load_policy("hpg")


@pytest.mark.parametrize("reported_at", [
    "9999-12-31T23:00", "9999-12-31T23:00-05:00", "0001-01-01T00:00:00+01:00", "1900-01-01T00:00",
    "1999-12-31T23:59:59", "2100-01-01T00:00", "2099-12-31T23:30-01:00",
    dt.datetime(9999, 12, 31, 23), dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1))),
])  # fmt: skip
def test_a_report_time_outside_the_range_is_a_case_error_naming_reported_at(hpg, reported_at):
    with pytest.raises(dapolicy.CaseError) as caught:
        hpg.evaluate({"reported_at": reported_at, "survivor": {"is_customer": True}})
    assert caught.value.path == "reported_at"
    assert "2000-01-01 to 2099-12-31 (London time)" in str(caught.value)


@pytest.mark.parametrize("reported_at", ["2000-01-01T00:00", "1999-12-31T23:30-01:00", "2099-12-31T23:59:59",
                                         "2100-01-01T00:30+01:00"])  # fmt: skip
def test_a_report_time_at_the_ends_of_the_range_is_accepted_with_the_longest_deadline(tmp_path, reported_at):
    policy = ruleset(tmp_path, due=f"{{working_days: {MAX_WORKING_DAYS}}}")
    due = policy.evaluate({"reported_at": reported_at, "survivor": {"is_customer": True}}).action("contact_survivor").due
    assert due.year in (2000, 2100)


@pytest.mark.parametrize(("reported_at", "why"), [("2026-02-30T10:00", "February 2026 has 28 days"),
                                                  ("2026-13-01T10:00", "there is no month 13"),
                                                  ("2027-06-31T09:00:00+01:00", "June 2027 has 30 days")])  # fmt: skip
def test_a_report_time_on_a_date_that_does_not_exist_says_why(hpg, reported_at, why):
    with pytest.raises(dapolicy.CaseError) as caught:
        hpg.evaluate({"reported_at": reported_at})
    assert caught.value.path == "reported_at" and why in str(caught.value)


def test_the_deadline_functions_refuse_what_the_model_refuses():
    with pytest.raises(ReportTimeOutOfRange):
        due_after_hours(dt.datetime(9999, 12, 31, 23), 1)
    with pytest.raises(ValueError):
        due_after_hours(dt.datetime(2026, 1, 5, 10), MAX_HOURS + 1)
    with pytest.raises(ValueError):
        due_after_working_days(dt.datetime(2026, 1, 5, 10), 0)


# --- document dates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("review", "why"), [
    ('"2027-06-31"', "June 2027 has 30 days"), ("2027-06-31", "June 2027 has 30 days"),
    ("2027-13-01", "there is no month 13"), ('"2027-13"', "there is no month 13"), ('"2027-00"', "there is no month 00"),
    ('"2023-02-29"', "February 2023 has 28 days"), ('"2027-04-00"', "April 2027 has 30 days"),
    ('"0202-05"', "the year must be from 1900 to 2100"), ('"9999-12"', "the year must be from 1900 to 2100"),
    ('"May 2024"', "YYYY, YYYY-MM or YYYY-MM-DD"),
])  # fmt: skip
def test_a_document_date_that_does_not_exist_is_located(tmp_path, review, why):
    header = HEADER.replace('review: "2026-05"', f"review: {review}")
    [problem] = problems(tmp_path, header=header, due="{hours: 24}")
    assert (problem.code, problem.path) == ("load.bad_date", ("document", "review"))
    column = header.splitlines()[2].index("review: ") + len("review: ") + 1
    assert why in problem.message and (problem.mark.line, problem.mark.column) == (3, column)


@pytest.mark.parametrize("review", ['"2024-02-29"', '"2026-12-31"', '"2026-02"', '"2026"', "2026"])
def test_a_real_document_date_is_accepted(tmp_path, review):
    header = HEADER.replace('review: "2026-05"', f"review: {review}")
    assert ruleset(tmp_path, header=header, due="{hours: 24}").model.document.review == review.strip('"')


# --- overrides ------------------------------------------------------------------------------------------------


def override_problem(policy: str, **parameters) -> dapolicy.errors.Problem:
    with pytest.raises(dapolicy.PolicyError) as caught:
        dapolicy.load_policy(policy, parameters=parameters)
    [problem] = caught.value.problems
    return problem


def test_landlord_kind_outside_its_allowed_values_is_refused_at_the_parameter():
    problem = override_problem("statutory", landlord_kind="banana")
    assert (problem.code, problem.path) == ("compile.bad_override", ("parameters", "landlord_kind"))
    assert (problem.mark.file, problem.mark.line) == ("policies/statutory.yaml", 20)
    assert "'local_housing_authority', 'private_registered_provider'" in problem.message
    assert override_problem("statutory", landlord_kind="local_housing_autority").hint == "did you mean 'local_housing_authority'?"


def test_the_statutory_landlord_kind_allows_the_two_kinds_section_81za_distinguishes():
    model = dapolicy.load_policy("statutory").model
    parameter = model.parameters["landlord_kind"]
    assert sorted(parameter.allowed) == ["local_housing_authority", "private_registered_provider"]
    assert parameter.value in parameter.allowed and parameter.assumption and "allowed" in parameter.assumption.reason
    for kind in parameter.allowed:
        assert dapolicy.load_policy("statutory", parameters={"landlord_kind": kind}).compiled.parameters["landlord_kind"] == kind


@pytest.mark.parametrize(("name", "value", "words"), [
    ("landlord_kind", 1, "expected text"),
    ("landlord_kind", ["local_housing_authority"], "expected text"),
    ("s81za_in_force", "yes", "expected true or false"),
    ("s81za_in_force", 1, "expected true or false"),
    ("qualifying_tenures", "secure", "expected a list of texts"),
    ("qualifying_tenures", [1, 2], "a list value holds texts only"),
    ("landlord_kind", {"hours": 1}, "expected text"),
    ("landlord_kind", object(), "a value is a number"),
])  # fmt: skip
def test_an_override_of_another_kind_is_refused(name, value, words):
    problem = override_problem("statutory", **{name: value})
    assert (problem.code, problem.path) == ("compile.bad_override", ("parameters", name))
    assert words in problem.message


@pytest.mark.parametrize(("value", "words"), [
    (24, "expected a deadline"), ({"hours": 0}, "from 1 to 8,760"), ({"working_days": 10**8}, "from 1 to 250"),
    ({"hours": 1e12}, "whole number"), ({"days": 1}, "did you mean 'working_days'?"), ({"hours": 1, "working_days": 1}, "not both"),
])  # fmt: skip
def test_a_deadline_override_gets_the_limits_of_the_file(value, words):
    problem = override_problem("ckh", case_opening_deadline=value)
    assert problem.code == "compile.bad_override" and words in problem.message


def test_a_deadline_override_in_range_sets_the_due():
    policy = dapolicy.load_policy("ckh", parameters={"case_opening_deadline": {"working_days": 2}})
    assert policy.compiled.parameters["case_opening_deadline"] == dates.Due(working_days=2)
    assert pickle.loads(pickle.dumps(policy)).compiled.parameters["case_opening_deadline"] == dates.Due(working_days=2)


def test_an_override_of_an_area_keyed_parameter_is_its_value_in_every_area():
    policy = dapolicy.load_policy("ckh", parameters={"marac_dash_threshold": 10})
    assert policy.compiled.parameters["marac_dash_threshold"] == 10
    case = {"area": "cambridgeshire", "risk": {"dash_score": 12, "professional_judgement_high": False},
            "survivor": {"is_customer": True}}  # fmt: skip
    before = dapolicy.load_policy("ckh").evaluate(case).to_dict()
    after = policy.evaluate(case).to_dict()
    assert before != after
    assert override_problem("ckh", marac_dash_threshold="ten").message.endswith("found the text 'ten'")
    assert "not a finite number" in override_problem("ckh", marac_dash_threshold=float("nan")).message


def test_allowed_in_a_ruleset_checks_the_value_each_area_and_each_list_item(tmp_path):
    [problem] = problems(tmp_path, due="{hours: 24}", parameters="""\
        kind:
          value: housing_association
          allowed: [local_housing_authority, private_registered_provider]
          assumption: {reason: test}
        """)
    assert (problem.code, problem.path) == ("compile.bad_parameter", ("parameters", "kind", "value"))
    [problem] = problems(tmp_path, due="{hours: 24}", parameters="""\
        services:
          by_area: {peterborough: [police, marac], default: [police, polise]}
          allowed: [police, marac]
          assumption: {reason: test}
        """)
    assert (problem.code, problem.path) == ("compile.bad_parameter", ("parameters", "services", "by_area", "default"))
    assert problem.hint == "did you mean 'police'?"
    [problem] = problems(tmp_path, due="{hours: 24}", parameters="""\
        flag:
          value: true
          allowed: [a, b]
          assumption: {reason: test}
        """)
    assert (problem.code, problem.path) == ("compile.bad_parameter", ("parameters", "flag", "allowed"))
    [problem] = problems(tmp_path, due="{hours: 24}", parameters="""\
        kind:
          value: a
          allowed: [a, true]
          assumption: {reason: test}
        """)
    assert (problem.code, problem.path) == ("load.invalid", ("parameters", "kind", "allowed"))


def test_a_numeric_parameter_may_list_allowed_numbers(tmp_path):
    parameters = """\
        threshold:
          value: 14
          allowed: [14, 17]
          assumption: {reason: test}
        """
    ruleset(tmp_path, due="{hours: 24}", parameters=parameters)
    path = tmp_path / "values.yaml"
    assert dapolicy.load_policy(path, parameters={"threshold": 17}).compiled.parameters["threshold"] == 17
    with pytest.raises(dapolicy.PolicyError, match="15 is not one of its allowed values"):
        dapolicy.load_policy(path, parameters={"threshold": 15})


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.booleans(), st.none(),
                 st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=8), st.integers(), max_size=2)))
def test_any_landlord_kind_override_is_accepted_only_if_allowed(value):
    allowed = ("local_housing_authority", "private_registered_provider")
    try:
        policy = dapolicy.load_policy("statutory", parameters={"landlord_kind": value})
    except dapolicy.PolicyError as error:
        assert value not in allowed
        assert [p.path for p in error.problems] == [("parameters", "landlord_kind")]
    else:
        assert value in allowed and policy.compiled.parameters["landlord_kind"] == value
