"""Deadlines, contract section 6: N hours is real elapsed time; N working days ends at 23:59:59 London time on
the Nth working day (Monday-Friday except England-and-Wales bank holidays) after the London date of the report.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

import dapolicy
from dapolicy.deadlines import due_after_hours, due_after_working_days, is_working_day, render_due, to_london

LONDON = ZoneInfo("Europe/London")
UTC = dt.timezone.utc


def iso(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# --- working days ---------------------------------------------------------------------------------------------------


def test_christmas_eve_report_with_one_working_day_is_due_tuesday_29_december():
    deadline = due_after_working_days(iso("2026-12-24T10:00"), 1)
    assert deadline.due.isoformat() == "2026-12-29T23:59:59+00:00"
    assert deadline.due == dt.datetime(2026, 12, 29, 23, 59, 59, tzinfo=UTC)
    assert deadline.because == "report received 2026-12-24 10:00; 1 working day; 25, 26 and 28 Dec are not working days"


def test_saturday_report_with_one_working_day_is_due_monday():
    deadline = due_after_working_days(iso("2026-03-07T10:00"), 1)
    assert deadline.due.isoformat() == "2026-03-09T23:59:59+00:00"
    assert deadline.because == "report received 2026-03-07 10:00; 1 working day"


def test_friday_afternoon_report_with_one_working_day_is_due_monday_night():
    deadline = due_after_working_days(iso("2026-03-06T16:30"), 1)
    assert deadline.due.isoformat() == "2026-03-09T23:59:59+00:00"


def test_report_before_easter_skips_good_friday_and_easter_monday():
    deadline = due_after_working_days(iso("2026-04-02T16:30"), 1)
    assert deadline.due.isoformat() == "2026-04-07T23:59:59+01:00"
    assert deadline.because == "report received 2026-04-02 16:30; 1 working day; 3 and 6 Apr are not working days"


def test_three_working_days_across_a_weekend_and_the_may_bank_holiday():
    # Friday 1 May 2026; Sat 2, Sun 3, Mon 4 (Early May bank holiday); Tue 5, Wed 6, Thu 7
    deadline = due_after_working_days(iso("2026-05-01T16:30"), 3)
    assert deadline.due.isoformat() == "2026-05-07T23:59:59+01:00"
    assert deadline.because == "report received 2026-05-01 16:30; 3 working days; 4 May is not a working day"


def test_three_working_days_across_a_weekend_and_the_august_bank_holiday():
    # Friday 28 Aug 2026; Mon 31 Aug is the Summer bank holiday; Tue 1, Wed 2, Thu 3 Sep
    deadline = due_after_working_days(iso("2026-08-28T09:00"), 3)
    assert deadline.due.isoformat() == "2026-09-03T23:59:59+01:00"


def test_five_working_days_across_christmas_and_new_year():
    deadline = due_after_working_days(iso("2026-12-24T10:00"), 5)
    # 29, 30, 31 Dec, (1 Jan bank holiday, 2-3 Jan weekend), 4, 5 Jan
    assert deadline.due.isoformat() == "2027-01-05T23:59:59+00:00"


def test_working_days_count_from_the_london_date_not_the_utc_date():
    # 23:30 UTC on 30 June is 00:30 BST on Wednesday 1 July; one working day later is Thursday 2 July
    deadline = due_after_working_days(iso("2026-06-30T23:30:00+00:00"), 1)
    assert deadline.due.isoformat() == "2026-07-02T23:59:59+01:00"
    assert deadline.because.startswith("report received 2026-07-01 00:30;")


def test_working_days_count_from_the_london_date_for_an_offset_east_of_london():
    # 01:00 on 2 July at +05:00 is 21:00 BST on Wednesday 1 July
    deadline = due_after_working_days(iso("2026-07-02T01:00:00+05:00"), 1)
    assert deadline.due.isoformat() == "2026-07-02T23:59:59+01:00"


def test_working_day_deadline_ends_at_23_59_59_london_time_in_summer_and_winter():
    summer = due_after_working_days(iso("2026-07-01T09:00"), 1).due
    winter = due_after_working_days(iso("2026-01-14T09:00"), 1).due
    assert (summer.astimezone(LONDON).time(), summer.utcoffset()) == (dt.time(23, 59, 59), dt.timedelta(hours=1))
    assert (winter.astimezone(LONDON).time(), winter.utcoffset()) == (dt.time(23, 59, 59), dt.timedelta(0))


def test_report_on_a_working_day_is_not_counted_itself():
    deadline = due_after_working_days(iso("2026-01-14T00:01"), 1)
    assert deadline.due.isoformat() == "2026-01-15T23:59:59+00:00"


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (dt.date(2026, 12, 24), True),  # Thursday
        (dt.date(2026, 12, 25), False),  # Christmas Day
        (dt.date(2026, 12, 26), False),  # Saturday, Boxing Day
        (dt.date(2026, 12, 27), False),  # Sunday
        (dt.date(2026, 12, 28), False),  # substitute Boxing Day
        (dt.date(2026, 12, 29), True),
        (dt.date(2026, 4, 3), False),  # Good Friday
        (dt.date(2026, 4, 6), False),  # Easter Monday
        (dt.date(2026, 4, 7), True),
        (dt.date(2026, 3, 7), False),  # Saturday
        (dt.date(2026, 3, 9), True),
        (dt.date(2027, 1, 1), False),  # New Year's Day
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_scottish_only_bank_holiday_is_a_working_day_in_england():
    # 2 January and St Andrew's Day (30 Nov 2026 is a Monday) are Scottish bank holidays, not English ones
    assert is_working_day(dt.date(2026, 11, 30)) is True
    assert is_working_day(dt.date(2026, 1, 2)) is True


# --- hours ---------------------------------------------------------------------------------------------------------


def test_24_hours_across_the_october_clock_change_is_24_real_hours():
    deadline = due_after_hours(iso("2026-10-24T12:00"), 24)
    assert deadline.due.isoformat() == "2026-10-25T11:00:00+00:00"
    assert deadline.due - iso("2026-10-24T12:00:00+01:00") == dt.timedelta(hours=24)


def test_24_hours_across_the_march_clock_change_is_24_real_hours():
    deadline = due_after_hours(iso("2026-03-28T12:00"), 24)
    assert deadline.due.isoformat() == "2026-03-29T13:00:00+01:00"
    assert deadline.due - iso("2026-03-28T12:00:00+00:00") == dt.timedelta(hours=24)


def test_hours_do_not_skip_weekends_or_bank_holidays():
    deadline = due_after_hours(iso("2026-12-24T10:00"), 48)
    assert deadline.due.isoformat() == "2026-12-26T10:00:00+00:00"


def test_hours_from_a_utc_report_are_given_in_london_time():
    deadline = due_after_hours(iso("2026-07-01T10:00:00+00:00"), 4)
    assert deadline.due.isoformat() == "2026-07-01T15:00:00+01:00"


# --- London time ---------------------------------------------------------------------------------------------------


def test_to_london_reads_a_naive_time_as_london_time():
    assert to_london(dt.datetime(2026, 7, 1, 10, 0)).isoformat() == "2026-07-01T10:00:00+01:00"
    assert to_london(dt.datetime(2026, 1, 1, 10, 0)).isoformat() == "2026-01-01T10:00:00+00:00"


def test_to_london_converts_an_aware_time():
    assert to_london(iso("2026-06-30T23:30:00+00:00")).isoformat() == "2026-07-01T00:30:00+01:00"


def test_to_london_takes_the_first_of_a_repeated_october_time():
    assert to_london(dt.datetime(2026, 10, 25, 1, 30)).isoformat() == "2026-10-25T01:30:00+01:00"


def test_to_london_refuses_a_time_skipped_in_march():
    with pytest.raises(ValueError):
        to_london(dt.datetime(2026, 3, 29, 1, 30))


# --- rendering -----------------------------------------------------------------------------------------------------


def test_render_due_in_words():
    assert render_due(iso("2026-12-29T23:59:59+00:00")) == "by 23:59 on Tuesday 29 December 2026"


def test_render_due_uses_london_time():
    assert render_due(iso("2026-10-25T11:00:00+00:00")) == "by 11:00 on Sunday 25 October 2026"
    assert render_due(iso("2026-04-07T22:59:59+00:00")) == "by 23:59 on Tuesday 7 April 2026"


# --- deadlines in a decision -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def one_day_policy(tmp_path_factory):
    text = (
        "id: one_day\n"
        "landlord: {name: One Day Homes, kind: private_registered_provider}\n"
        "document: {title: One day policy, version: '1', source_text: one_day.txt}\n"
        "definitions:\n"
        "  domestic_abuse:\n"
        "    when: statutory.domestic_abuse\n"
        "    assumption: {reason: test}\n"
        "rules:\n"
        "  - id: contact_within_a_working_day\n"
        "    action: contact_survivor\n"
        "    modality: must\n"
        "    when: survivor.is_customer\n"
        "    due: {working_days: 1}\n"
        "    source: {clause: '3.2', quote: We will contact you within one working day.}\n"
        "  - id: record_within_four_hours\n"
        "    action: record_report\n"
        "    modality: must\n"
        "    when: survivor.is_customer\n"
        "    due: {hours: 4}\n"
        "    source: {clause: '3.1', quote: We will record the report within four hours.}\n"
        "  - id: record_within_two_days\n"
        "    action: record_report\n"
        "    modality: should\n"
        "    when: survivor.is_customer\n"
        "    due: {working_days: 2}\n"
        "    source: {clause: '3.3', quote: We aim to record it within two days.}\n"
    )
    path = tmp_path_factory.mktemp("one_day") / "one_day.yaml"
    path.write_text(text, encoding="utf-8")
    return dapolicy.load_policy(path)


def test_decision_gives_the_christmas_deadline_and_its_reason(one_day_policy):
    decision = one_day_policy.evaluate({"reported_at": "2026-12-24T10:00", "survivor": {"is_customer": True}})
    entry = {a["id"]: a for a in decision.to_dict()["actions"]}["contact_survivor"]
    assert entry["due"] == "2026-12-29T23:59:59+00:00"
    assert entry["because"][0] == "report received 2026-12-24 10:00; 1 working day; 25, 26 and 28 Dec are not working days"
    assert entry["missing"] == []


def test_decision_takes_the_earliest_due_of_several_rules(one_day_policy):
    decision = one_day_policy.evaluate({"reported_at": "2026-12-24T10:00", "survivor": {"is_customer": True}})
    entry = {a["id"]: a for a in decision.to_dict()["actions"]}["record_report"]
    assert (entry["modality"], entry["due"]) == ("must", "2026-12-24T14:00:00+00:00")


def test_decision_orders_actions_by_due(one_day_policy):
    decision = one_day_policy.evaluate({"reported_at": "2026-12-24T10:00", "survivor": {"is_customer": True}})
    assert [a["id"] for a in decision.to_dict()["actions"]] == ["record_report", "contact_survivor"]


def test_decision_without_reported_at_keeps_the_duty_and_waits_for_the_deadline(one_day_policy):
    decision = one_day_policy.evaluate({"survivor": {"is_customer": True}})
    entry = {a["id"]: a for a in decision.to_dict()["actions"]}["contact_survivor"]
    assert (entry["modality"], entry["due"], entry["missing"]) == ("must", None, ["reported_at"])


def test_decision_due_from_a_utc_report_counts_from_the_london_date(one_day_policy):
    decision = one_day_policy.evaluate({"reported_at": "2026-06-30T23:30:00+00:00", "survivor": {"is_customer": True}})
    entry = {a["id"]: a for a in decision.to_dict()["actions"]}["contact_survivor"]
    assert entry["due"] == "2026-07-02T23:59:59+01:00"
