"""The case's `area` (issue 11): a misspelt district must not change a decision without a word.

Contract section 4 makes `area` a free lower-case string, so an area a ruleset does not name is not a CaseError.
But where a ruleset's conditions depend on the area (a parameter keyed by area, or `area` compared with a text),
the decision warns: it names the area, the areas the ruleset names, the parameters that took their `default` and a
near spelling. An area in upper case or with spaces can never match a ruleset's key: that is a CaseError.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import dapolicy
from dapolicy import CaseError
from test_ckh import ckh_case

POLICIES = Path(__file__).resolve().parents[1] / "policies"
CKH_AREAS = "cambridge, cambridgeshire, east_cambridgeshire, fenland, huntingdonshire, peterborough, south_cambridgeshire"
CKH_DEFAULTS = (
    "the parameters keyed by area took their default: cambridgeshire_reciprocal_arrangement = false, "
    "marac_dash_threshold = 14, peterborough_victims_hub = false"
)


@pytest.fixture(scope="module")
def ckh():
    return dapolicy.load_policy("ckh")


def warnings(policy, case) -> list[str]:
    return policy.evaluate(case).to_dict()["warnings"]


def area_warnings(policy, case) -> list[str]:
    return [w for w in warnings(policy, case) if w.startswith("area ")]


def action_ids(decision) -> set[str]:
    return {entry["id"] for entry in decision.to_dict()["actions"]}


# --- the warning --------------------------------------------------------------------------------------------------


def test_a_misspelt_district_is_named_with_the_ruleset_areas_the_defaults_and_a_near_spelling(ckh):
    assert area_warnings(ckh, {"area": "peterbrough"}) == [
        f"area 'peterbrough' is not one the ruleset names ({CKH_AREAS}), so {CKH_DEFAULTS}; "
        "did you mean 'peterborough'?"
    ]


def test_the_decision_itself_still_takes_the_default_and_the_warning_says_so(ckh):
    # "in Cambridgeshire 17, elsewhere 14": a score of 15 in a misspelt Huntingdonshire is referred at 14
    decision = ckh.evaluate(ckh_case(area="huntingdon", risk__dash_score=15))
    assert "marac_referral" in action_ids(decision)
    assert "marac_referral" not in action_ids(ckh.evaluate(ckh_case(area="huntingdonshire", risk__dash_score=15)))
    assert [w for w in decision.warnings if w.startswith("area ")] == [
        f"area 'huntingdon' is not one the ruleset names ({CKH_AREAS}), so {CKH_DEFAULTS}; "
        "did you mean 'huntingdonshire'?"
    ]


def test_an_area_with_no_near_spelling_gets_the_warning_without_a_suggestion(ckh):
    assert area_warnings(ckh, {"area": "cambs"}) == [f"area 'cambs' is not one the ruleset names ({CKH_AREAS}), so {CKH_DEFAULTS}"]


def test_a_hyphen_for_an_underscore_is_suggested_the_key(ckh):
    [warning] = area_warnings(ckh, {"area": "east-cambridgeshire"})
    assert warning.endswith("; did you mean 'east_cambridgeshire'?")


def test_another_area_that_is_rightly_elsewhere_is_still_told_it_took_the_defaults(ckh):
    # Sefton is "elsewhere" for CKH: the warning is no error, it says what the decision rests on
    assert area_warnings(ckh, {"area": "sefton"}) == [f"area 'sefton' is not one the ruleset names ({CKH_AREAS}), so {CKH_DEFAULTS}"]


def test_a_list_parameter_default_is_shown_as_a_list():
    assert area_warnings(dapolicy.load_policy("ovh"), {"area": "sefon"}) == [
        "area 'sefon' is not one the ruleset names (sefton), so the parameters keyed by area took their default: "
        "specialist_providers = [idva]; did you mean 'sefton'?"
    ]


def test_an_area_compared_in_a_condition_is_read_as_none_of_the_named_areas():
    assert area_warnings(dapolicy.load_policy("wolverhampton"), {"area": "wolverhamton"}) == [
        "area 'wolverhamton' is not one the ruleset names (wolverhampton), so the conditions on the area read it as "
        "none of these; did you mean 'wolverhampton'?"
    ]


def test_a_parameter_without_a_default_is_said_to_give_no_value(tmp_path):
    text = (POLICIES / "ckh.yaml").read_text(encoding="utf-8")
    assert "      peterborough: 14\n      default: 14\n" in text
    path = tmp_path / "ckh.yaml"
    path.write_text(text.replace("      peterborough: 14\n      default: 14\n", "      peterborough: 14\n", 1), encoding="utf-8")
    policy = dapolicy.load_policy(str(path))
    assert area_warnings(policy, {"area": "peterbrough"}) == [
        f"area 'peterbrough' is not one the ruleset names ({CKH_AREAS}), so the parameters keyed by area took their "
        "default: cambridgeshire_reciprocal_arrangement = false, peterborough_victims_hub = false; "
        "marac_dash_threshold gives no value for it (undecided); did you mean 'peterborough'?"
    ]


def test_areas_in_a_list_compared_with_area_are_named(tmp_path):
    text = (POLICIES / "wolverhampton.yaml").read_text(encoding="utf-8")
    old = 'when: survivor.is_customer or area == "wolverhampton"'
    assert old in text
    path = tmp_path / "wolverhampton.yaml"
    path.write_text(text.replace(old, 'when: survivor.is_customer or area in ["wolverhampton", "sandwell"]', 1), encoding="utf-8")
    policy = dapolicy.load_policy(str(path))
    assert policy.compiled.area_names == frozenset({"sandwell", "wolverhampton"})
    [warning] = area_warnings(policy, {"area": "sandwel"})
    assert warning.startswith("area 'sandwel' is not one the ruleset names (sandwell, wolverhampton), so")
    assert warning.endswith("; did you mean 'sandwell'?")
    assert area_warnings(policy, {"area": "sandwell"}) == []


# --- no warning ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("area", ["peterborough", "cambridgeshire", "cambridge", "south_cambridgeshire"])
def test_an_area_the_ruleset_names_gives_no_warning(ckh, area):
    assert area_warnings(ckh, {"area": area}) == []


def test_an_unknown_area_gives_no_warning(ckh):
    assert area_warnings(ckh, {}) == []
    assert area_warnings(ckh, {"area": None}) == []


@pytest.mark.parametrize("policy_id", ["hpg", "amplius", "statutory"])
def test_a_ruleset_whose_conditions_never_read_the_area_gives_no_warning(policy_id):
    assert area_warnings(dapolicy.load_policy(policy_id), {"area": "peterbrough"}) == []


# --- what the compiled policy holds --------------------------------------------------------------------------------


def test_the_compiled_policy_lists_the_areas_and_parameters_its_conditions_read(ckh):
    compiled = ckh.compiled
    assert sorted(compiled.area_names) == CKH_AREAS.split(", ")
    assert dict(compiled.area_parameters) == {
        "cambridgeshire_reciprocal_arrangement": True,
        "marac_dash_threshold": True,
        "peterborough_victims_hub": True,
    }
    assert dapolicy.load_policy("wolverhampton").compiled.area_names == frozenset({"wolverhampton"})
    assert dict(dapolicy.load_policy("wolverhampton").compiled.area_parameters) == {}
    assert dapolicy.load_policy("hpg").compiled.area_names == frozenset()


def test_the_warning_survives_pickling(ckh):
    again = pickle.loads(pickle.dumps(ckh))
    assert area_warnings(again, {"area": "peterbrough"}) == area_warnings(ckh, {"area": "peterbrough"})


# --- areas that can never match: CaseError --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("area", "hint"),
    [
        ("Peterborough", "write 'peterborough'"),
        ("east cambridgeshire", "write 'east_cambridgeshire'"),
        ("peterborough ", "write 'peterborough'"),
        (" sefton", "write 'sefton'"),
        ("SOUTH  CAMBRIDGESHIRE", "write 'south_cambridgeshire'"),
        ("east\tcambridgeshire", "write 'east_cambridgeshire'"),
    ],
)
def test_an_area_in_upper_case_or_with_spaces_is_refused_with_its_key_as_the_hint(ckh, area, hint):
    with pytest.raises(CaseError) as caught:
        ckh.evaluate({"area": area})
    assert caught.value.path == "area"
    assert caught.value.hint == hint
    assert f"area {area!r} must be lower case, with no spaces" in str(caught.value)
