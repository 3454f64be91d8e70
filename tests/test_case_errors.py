"""Bad case documents: `evaluate` raises `dapolicy.CaseError` (a ValueError) naming the field path.

Contract section 2: "A bad case document (wrong type, unknown field, value outside its enumeration) raises
dapolicy.CaseError (also a ValueError) naming the field path." Section 4: every field is optional, null is the
same as absent, `reported_at` without an offset is London local time (a time skipped in March is a CaseError, a
time that occurs twice in October is the first, BST).
"""

from __future__ import annotations

import copy

import pytest

import dapolicy
from dapolicy import CaseError


@pytest.fixture(scope="module")
def statutory():
    return dapolicy.load_policy("statutory")


def case_error(policy, case) -> CaseError:
    with pytest.raises(CaseError) as caught:
        policy.evaluate(case)
    return caught.value


def abuse_case(**changes):
    """A case that is domestic abuse under the Act, with top-level `changes`."""
    case = {
        "reported_at": "2026-12-24T10:00",
        "relationship": "spouse",
        "behaviours": ["physical"],
        "survivor": {"age": 30, "is_customer": True, "is_leaseholder": False},
        "perpetrator": {"age": 31},
    }
    case.update(changes)
    return case


# --- the error type ---------------------------------------------------------------------------------------------


def test_case_error_is_a_value_error(statutory):
    assert issubclass(CaseError, ValueError)
    with pytest.raises(ValueError):
        statutory.evaluate({"survivor": {"age": "thirty"}})


def test_valid_case_evaluates_without_error(statutory):
    decision = statutory.evaluate(abuse_case()).to_dict()
    assert decision["domestic_abuse"]["statutory"] == "yes"
    assert decision["domestic_abuse"]["value"] == "yes"


# --- wrong types --------------------------------------------------------------------------------------------------


def test_age_given_as_text_names_the_path(statutory):
    error = case_error(statutory, {"survivor": {"age": "thirty"}})
    assert error.path == "survivor.age"
    assert "survivor.age" in str(error)
    assert "'thirty'" in str(error)
    assert "whole number" in str(error)


def test_age_given_as_true_is_not_a_number(statutory):
    error = case_error(statutory, {"survivor": {"age": True}})
    assert error.path == "survivor.age"
    assert "whole number" in str(error)


def test_age_given_with_a_decimal_point_is_refused_with_hint(statutory):
    error = case_error(statutory, {"perpetrator": {"age": 30.0}})
    assert error.path == "perpetrator.age"
    assert error.hint == "write a whole number without a decimal point"
    assert "decimal point" in str(error)


@pytest.mark.parametrize("text", ["true", "yes", "True"])
def test_bool_given_as_a_string_is_refused(statutory, text):
    error = case_error(statutory, {"survivor": {"is_customer": text}})
    assert error.path == "survivor.is_customer"
    assert "survivor.is_customer" in str(error)
    assert "true or false" in str(error)
    assert repr(text) in str(error)


def test_bool_given_as_a_number_is_refused(statutory):
    error = case_error(statutory, {"safeguarding_concern": 1})
    assert error.path == "safeguarding_concern"
    assert "true or false" in str(error)


def test_group_that_is_not_a_mapping_is_refused(statutory):
    error = case_error(statutory, {"survivor": "yes"})
    assert error.path == "survivor"
    assert "survivor" in str(error)
    assert "mapping" in str(error)


def test_list_fact_given_as_a_single_text_is_refused(statutory):
    error = case_error(statutory, {"behaviours": "physical"})
    assert error.path == "behaviours"
    assert "list" in str(error)


# --- unknown fields -------------------------------------------------------------------------------------------------


def test_misspelt_field_suggests_the_field(statutory):
    error = case_error(statutory, {"survivor": {"is_custmer": True}})
    assert error.path == "survivor.is_custmer"
    assert "survivor.is_customer" in error.hint
    assert "did you mean 'survivor.is_customer'?" in str(error)


def test_dotted_key_at_top_level_is_unknown_with_hint_to_nest(statutory):
    error = case_error(statutory, {"survivor.age": 30})
    assert error.path == "survivor.age"
    assert "unknown field" in str(error)
    assert error.hint == "nest it: `survivor: {age: …}`"


def test_group_member_at_top_level_suggests_its_group(statutory):
    error = case_error(statutory, {"dash_score": 12})
    assert error.path == "dash_score"
    assert error.hint == "did you mean 'risk.dash_score'?"


def test_unknown_top_level_field_is_refused(statutory):
    error = case_error(statutory, {"tenant_name": "A. Person"})
    assert error.path == "tenant_name"
    assert "unknown field" in str(error)


def test_unknown_field_in_a_group_is_refused(statutory):
    error = case_error(statutory, {"children": {"count": 2}})
    assert error.path == "children.count"


# --- values outside their enumeration or range ------------------------------------------------------------------------


def test_value_outside_the_enumeration_suggests_the_value(statutory):
    error = case_error(statutory, {"relationship": "spuose"})
    assert error.path == "relationship"
    assert "'spuose'" in str(error)
    assert error.hint == "did you mean 'spouse'?"
    assert "did you mean 'spouse'?" in str(error)


def test_enumerated_value_in_wrong_case_is_refused_with_suggestion(statutory):
    error = case_error(statutory, {"relationship": "Spouse"})
    assert error.path == "relationship"
    assert error.hint == "did you mean 'spouse'?"


def test_list_item_outside_the_enumeration_names_its_index(statutory):
    error = case_error(statutory, {"behaviours": ["physical", "verbal"]})
    assert error.path == "behaviours[1]"
    assert "behaviours[1]" in str(error)
    assert "'verbal'" in str(error)


def test_nested_list_item_outside_the_enumeration_names_its_index(statutory):
    error = case_error(statutory, {"survivor": {"tenancy_breaches": ["other", "noise"]}})
    assert error.path == "survivor.tenancy_breaches[1]"


@pytest.mark.parametrize(
    ("group", "name", "value"),
    [("survivor", "age", -1), ("survivor", "age", 131), ("perpetrator", "age", -5), ("risk", "dash_score", 25),
     ("risk", "dash_score", -1)],
)  # fmt: skip
def test_number_out_of_range_is_refused(statutory, group, name, value):
    error = case_error(statutory, {group: {name: value}})
    assert error.path == f"{group}.{name}"
    assert str(value) in str(error)


@pytest.mark.parametrize(("group", "name", "value"), [("survivor", "age", 0), ("risk", "dash_score", 0), ("risk", "dash_score", 24)])
def test_number_at_the_edge_of_its_range_is_accepted(statutory, group, name, value):
    statutory.evaluate({group: {name: value}})


def test_upper_case_area_is_refused_with_lower_case_hint(statutory):
    error = case_error(statutory, {"area": "Wolverhampton"})
    assert error.path == "area"
    assert error.hint == "write 'wolverhampton'"
    assert "'Wolverhampton'" in str(error)


def test_lower_case_area_not_in_the_examples_is_accepted(statutory):
    statutory.evaluate({"area": "leeds"})


# --- reported_at ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["24/12/2026 10:00", "Thursday 24 December", "2026-13-01T10:00", "soon"])
def test_reported_at_that_is_not_iso_8601_is_refused(statutory, text):
    error = case_error(statutory, {"reported_at": text})
    assert error.path == "reported_at"
    assert "ISO 8601" in str(error)


def test_reported_at_given_as_a_number_is_refused(statutory):
    error = case_error(statutory, {"reported_at": 20261224})
    assert error.path == "reported_at"


def test_reported_at_skipped_by_the_march_clock_change_is_refused(statutory):
    error = case_error(statutory, {"reported_at": "2026-03-29T01:30"})
    assert error.path == "reported_at"
    assert "reported_at" in str(error)
    assert "does not exist" in str(error)


def test_reported_at_in_the_march_gap_with_an_offset_is_accepted(statutory):
    statutory.evaluate({"reported_at": "2026-03-29T01:30:00+00:00"})


def _one_hour_policy(tmp_path):
    """A ruleset whose one rule always holds and is due one hour after the report."""
    text = (
        "id: one_hour\n"
        "landlord: {name: One Hour Homes, kind: private_registered_provider}\n"
        "document: {title: One hour policy, version: '1', source_text: one_hour.txt}\n"
        "definitions:\n"
        "  domestic_abuse:\n"
        "    when: statutory.domestic_abuse\n"
        "    assumption: {reason: test}\n"
        "rules:\n"
        "  - id: record_within_an_hour\n"
        "    action: record_report\n"
        "    modality: must\n"
        "    when: 'true'\n"
        "    due: {hours: 1}\n"
        "    assumption: {reason: test}\n"
    )
    path = tmp_path / "one_hour.yaml"
    path.write_text(text, encoding="utf-8")
    return dapolicy.load_policy(path)


def test_reported_at_repeated_in_october_is_the_first_bst(tmp_path):
    policy = _one_hour_policy(tmp_path)
    naive = policy.evaluate({"reported_at": "2026-10-25T01:30"}).to_dict()
    bst = policy.evaluate({"reported_at": "2026-10-25T01:30:00+01:00"}).to_dict()
    gmt = policy.evaluate({"reported_at": "2026-10-25T01:30:00+00:00"}).to_dict()
    # 01:30 BST is 00:30 UTC; an hour later it is 01:30 GMT
    assert [a["due"] for a in naive["actions"]] == ["2026-10-25T01:30:00+00:00"]
    assert [a["due"] for a in gmt["actions"]] == ["2026-10-25T02:30:00+00:00"]
    assert naive == bst


def test_reported_at_without_offset_is_london_time(tmp_path):
    policy = _one_hour_policy(tmp_path)
    summer = policy.evaluate({"reported_at": "2026-07-01T10:00"}).to_dict()
    assert [a["due"] for a in summer["actions"]] == ["2026-07-01T11:00:00+01:00"]


# --- null, absent, and the document itself ------------------------------------------------------------------------------


def test_null_is_the_same_as_absent(statutory):
    with_nulls = {
        "reported_at": None,
        "relationship": None,
        "behaviours": ["physical"],
        "court_orders": None,
        "survivor": {"age": 30, "is_customer": None, "tenure": None},
        "perpetrator": None,
        "children": {"present": None},
    }
    without = {"behaviours": ["physical"], "survivor": {"age": 30}, "children": {}}
    assert statutory.evaluate(with_nulls).to_dict() == statutory.evaluate(without).to_dict()
    decision = statutory.evaluate(with_nulls).to_dict()
    assert decision["domestic_abuse"]["statutory"] == "unknown"
    assert decision["domestic_abuse"]["missing"] == ["perpetrator.age", "relationship"]


def test_null_for_a_fact_with_a_wrong_name_is_still_refused(statutory):
    error = case_error(statutory, {"survivor": {"is_custmer": None}})
    assert error.path == "survivor.is_custmer"


@pytest.mark.parametrize("document", [[], ["survivor"], "survivor: {age: 30}", None, 3, ("a", "b")])
def test_case_document_that_is_not_a_mapping_is_refused(statutory, document):
    error = case_error(statutory, document)
    assert error.path == ""
    assert "mapping" in str(error)


def test_case_error_leaves_the_case_unchanged(statutory):
    case = {"survivor": {"age": 30, "is_custmer": True}, "behaviours": ["physical"]}
    before = copy.deepcopy(case)
    case_error(statutory, case)
    assert case == before
