"""Red-team findings in the Python API (issue 11, part A): asking a decision about an action id or recipient the
vocabulary does not have is an error, not "absent"; `matrix` refuses a mapping; a huge override, a datetime whose
time zone gives no offset and a lower-case `t` in `reported_at` are handled; long values are shown cut. The command
line cases are in tests/bad_inputs/redteam.yaml."""

from __future__ import annotations

import datetime as dt

import pytest

import dapolicy
from dapolicy import CaseError, PolicyError
from dapolicy.errors import MAX_SHOWN, describe_value, shown

SHARING = """\
id: tiny
landlord: {name: Tiny Homes, kind: private_registered_provider}
document: {title: Tiny Homes Domestic Abuse Policy, version: "1", source_text: tiny.txt}
definitions:
  domestic_abuse: {when: statutory.domestic_abuse, source: {clause: "1", quote: "domestic abuse as the Act defines it"}}
rules:
  - {id: contact_2, action: contact_survivor, modality: must, when: domestic_abuse,
     source: {clause: "2", quote: "we will contact you"}}
  - {id: no_sharing_3, action: share_without_consent, modality: must_not, when: domestic_abuse,
     source: {clause: "3", quote: "we will not share without consent"}}
  - {id: police_4, action: share_without_consent, recipient: police, modality: may, exception_to: [no_sharing_3],
     when: domestic_abuse and safeguarding_concern, source: {clause: "4", quote: "unless there is a safeguarding concern"}}
"""
ABUSE = {
    "reported_at": "2026-12-18T16:30",
    "relationship": "spouse",
    "behaviours": ["physical"],
    "survivor": {"age": 34},
    "perpetrator": {"age": 37},
    "safeguarding_concern": True,
}


@pytest.fixture(scope="module")
def decision(tmp_path_factory):
    path = tmp_path_factory.mktemp("sharing") / "tiny.yaml"
    path.write_text(SHARING, encoding="utf-8")
    return dapolicy.load_policy(path).evaluate(ABUSE)


# --- Decision.outcome_for and Decision.action ---------------------------------------------------------------------


def test_an_action_with_recipients_asked_about_without_one_gives_its_any_entry(decision):
    section, entry = decision.outcome_for("share_without_consent")
    assert (section, entry.recipient, entry.modality) == ("actions", "any", "must_not")


def test_a_recipient_without_an_entry_of_its_own_gets_the_any_entry(decision):
    section, entry = decision.outcome_for("share_without_consent", "marac")
    assert (section, entry.recipient, entry.modality) == ("actions", "any", "must_not")


def test_a_recipient_with_an_entry_of_its_own_gets_it(decision):
    section, entry = decision.outcome_for("share_without_consent", "police")
    assert (section, entry.recipient, entry.modality) == ("actions", "police", "may")
    assert decision.action("share_without_consent", "police") is entry


def test_a_recipient_on_an_action_without_recipients_is_a_value_error(decision):
    with pytest.raises(ValueError, match="action 'contact_survivor' has no recipient; only 'share_without_consent'"):
        decision.outcome_for("contact_survivor", "police")
    with pytest.raises(ValueError, match="has no recipient"):
        decision.action("contact_survivor", "police")


def test_a_misspelt_recipient_is_a_value_error_with_the_near_spelling(decision):
    with pytest.raises(ValueError, match=r"unknown recipient 'polise' \(did you mean 'police'\?\)"):
        decision.outcome_for("share_without_consent", "polise")


def test_a_misspelt_action_id_is_a_value_error_with_the_near_spelling(decision):
    with pytest.raises(ValueError, match=r"unknown action id 'contact_survivr' \(did you mean 'contact_survivor'\?\)"):
        decision.outcome_for("contact_survivr")
    with pytest.raises(ValueError, match="unknown action id 'contact_survivr'"):
        decision.action("contact_survivr")


def test_a_retired_action_id_says_what_replaced_it(decision):
    with pytest.raises(ValueError, match="unknown action id 'police_report_without_consent' .withdrawn 2026-12"):
        decision.outcome_for("police_report_without_consent")


@pytest.mark.parametrize("action_id", [None, 3, ["contact_survivor"]], ids=["none", "int", "list"])
def test_an_action_id_that_is_not_text_is_a_type_error(decision, action_id):
    with pytest.raises(TypeError, match="an action id is text"):
        decision.outcome_for(action_id)


def test_a_recipient_that_is_not_text_is_a_type_error(decision):
    with pytest.raises(TypeError, match="a recipient is text .e.g. 'police'. or None, not int"):
        decision.outcome_for("share_without_consent", 3)


def test_an_action_the_ruleset_does_not_give_is_still_absent(decision):
    assert decision.outcome_for("marac_referral") == ("absent", None)


# --- matrix, overrides, report times ------------------------------------------------------------------------------


@pytest.mark.parametrize("policies, example", [({"hpg": 1}, "matrix(['hpg'])"), ({"hpg", "ckh"}, "matrix(['ckh', 'hpg'])")],
                         ids=["dict", "set"])  # fmt: skip
def test_matrix_refuses_a_mapping_or_a_set_with_the_list_to_write(policies, example):
    with pytest.raises(TypeError, match="matrix.. expected a list of Policies") as caught:
        dapolicy.matrix(policies)
    assert example in str(caught.value)


@pytest.mark.parametrize("value", [10**5000, 10**101, {"hours": 10**5000}], ids=["5000_digits", "102_digits", "deadline"])
def test_an_override_too_large_to_be_a_number_is_a_bad_override_naming_the_parameter(value):
    with pytest.raises(PolicyError) as caught:
        dapolicy.load_policy("ckh", parameters={"high_risk_dash_score": value})
    (problem,) = caught.value.problems
    assert problem.code == "compile.bad_override"
    assert "override of parameter 'high_risk_dash_score'" in problem.message
    assert "a number of about" in problem.message


class _DayAhead(dt.tzinfo):
    """A broken time zone: 30 hours ahead of UTC, which Python refuses as an offset."""

    def utcoffset(self, moment):
        return dt.timedelta(hours=30)


def test_a_reported_at_whose_time_zone_gives_no_valid_offset_is_a_case_error_at_the_field():
    with pytest.raises(CaseError) as caught:
        dapolicy.load_policy("hpg").evaluate({"reported_at": dt.datetime(2026, 12, 18, 16, 30, tzinfo=_DayAhead())})
    assert caught.value.path == "reported_at"
    assert "gives no valid UTC offset" in str(caught.value)


@pytest.mark.parametrize("written", ["2026-12-18t16:30", "2026-12-18T16:30z", "2026-12-18t16:30:00z"])
def test_a_lower_case_t_or_z_in_reported_at_reads_as_the_upper_case_letter(written):
    hpg = dapolicy.load_policy("hpg")
    upper = hpg.evaluate({**ABUSE, "reported_at": written.upper()}).to_dict()
    assert hpg.evaluate({**ABUSE, "reported_at": written}).to_dict() == upper


# --- long values are shown cut --------------------------------------------------------------------------------------


def test_a_bad_value_of_half_a_megabyte_is_shown_cut_with_its_length():
    with pytest.raises(CaseError) as caught:
        dapolicy.load_policy("hpg").evaluate({"relationship": "x" * 500_000})
    message = str(caught.value)
    assert "'… (500,000 characters) is not one of spouse" in message
    assert len(message) < 600


def test_a_long_unknown_field_name_is_shown_cut_but_kept_whole_in_the_path():
    name = "y" * 1_000
    with pytest.raises(CaseError) as caught:
        dapolicy.load_policy("hpg").evaluate({name: 1})
    assert caught.value.path == name
    assert f"case field '{'y' * MAX_SHOWN}… (1,000 characters)': unknown field" in str(caught.value)


def test_shown_keeps_a_short_value_and_cuts_a_long_one():
    assert shown("spouse") == "'spouse'"
    assert shown("z" * 100) == f"'{'z' * (MAX_SHOWN - 2)}'… (100 characters)"
    assert describe_value(10**5000) == "a number of about 5,001 digits"
    assert shown([10**5000]) == "a list holding a number too long to write"
