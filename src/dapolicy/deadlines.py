"""Deadlines (contract section 6): elapsed hours, or working days in England and Wales, in Europe/London time.

- N hours: real elapsed time from `reported_at`, so 24 hours across a clock change is 24 real hours.
- N working days: the day of receipt is the London date of `reported_at`; working days are Monday to Friday
  except England-and-Wales bank holidays (the maintained `holidays` package, GB subdivision ENG); the duty is
  due at 23:59:59 London time on the Nth working day after the day of receipt.
Bank holidays are computed per year, once, and cached; the bank holidays of every year a deadline can fall in are
kept in the compiled cache (cache.py), so a process reads them instead of importing `holidays` (which takes longer
than evaluating a case). Nothing else here reads the clock or does I/O.

Report times are supported from 2000 to 2099 (REPORT_RANGE) and deadlines are at most a year (model/dates.py's
MAX_HOURS and MAX_WORKING_DAYS), so every deadline falls by the end of 2100, the last year whose bank holidays the
`holidays` package knows; a report time outside the range is refused rather than given a wrong or overflowing
deadline (docs/deadlines.md).
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from . import cache
from .model.dates import MAX_HOURS, MAX_WORKING_DAYS, Due

LONDON = ZoneInfo("Europe/London")
_END_OF_DAY = dt.time(23, 59, 59)

REPORT_RANGE = (dt.date(2000, 1, 1), dt.date(2099, 12, 31))
"""The London dates a `reported_at` may fall on (first and last included). The start leaves room for old reports
entered late, but a time before 2000, two decades before the Domestic Abuse Act 2021 and the policies made under it,
is a form's placeholder (1900-01-01, 0001-01-01) or a slip of the year. The end keeps a deadline of a year or less
inside 2100, the last year the `holidays` package gives England-and-Wales bank holidays for (after it, none would be
skipped, silently)."""


@dataclass(frozen=True)
class Deadline:
    """When a duty is due, and the reasoning in one line for the officer (`because`)."""

    due: dt.datetime
    because: str


def instant(moment: dt.datetime) -> dt.datetime:
    """The moment in UTC, for ordering deadlines: two London times compare by wall clock, so 01:30 BST and 01:30 GMT
    on the night the clocks go back would otherwise be equal, and 01:45 BST later than 01:15 GMT."""
    return moment.astimezone(dt.timezone.utc)


class NonexistentLocalTime(ValueError):
    """A London wall-clock time skipped when the clocks go forward in March."""


class ReportTimeOutOfRange(ValueError):
    """A report time whose London date is outside REPORT_RANGE: no deadline is given for it."""


def report_range_text() -> str:
    """REPORT_RANGE in words, for messages: `2000-01-01 to 2099-12-31 (London time)`."""
    first, last = REPORT_RANGE
    return f"{first.isoformat()} to {last.isoformat()} (London time)"


def check_report_time(moment: dt.datetime) -> dt.datetime:
    """`moment` in London time, or ReportTimeOutOfRange if its London date is outside REPORT_RANGE."""
    try:
        local = to_london(moment)
    except OverflowError:
        local = None
    first, last = REPORT_RANGE
    if local is None or not first <= local.date() <= last:
        raise ReportTimeOutOfRange(f"{moment.isoformat()} is outside the supported report times, {report_range_text()}")
    return local


def to_london(moment: dt.datetime) -> dt.datetime:
    """An aware datetime in Europe/London; a naive one is London local time (the first, BST, if it occurs twice).

    A time so near the ends of the calendar (year 1 or 9999) that London time would leave it raises OverflowError.
    """
    if moment.tzinfo is None:
        local = moment.replace(tzinfo=LONDON, fold=0)
        if _may_be_skipped(moment):
            round_trip = local.astimezone(dt.timezone.utc).astimezone(LONDON)
            if round_trip.replace(tzinfo=None) != moment.replace(fold=0):
                raise NonexistentLocalTime(f"{moment:%Y-%m-%d %H:%M} does not exist in London (the clocks go forward)")
        return local
    return moment.astimezone(LONDON)


def _may_be_skipped(moment: dt.datetime) -> bool:
    """Only a time on a Sunday in late March can fall in the gap when the clocks go forward."""
    return moment.month == 3 and moment.day >= 25 and moment.weekday() == 6


@functools.lru_cache(maxsize=None)
def bank_holidays(year: int) -> frozenset[dt.date]:
    """England-and-Wales bank holidays of one year, substitute days included."""
    table = _bank_holiday_table()
    return table[year] if year in table else _computed_bank_holidays(year)


def _computed_bank_holidays(year: int) -> frozenset[dt.date]:
    """One year's bank holidays from the `holidays` package."""
    import holidays  # imported only when the compiled cache does not have the year

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


@functools.lru_cache(maxsize=1)
def _bank_holiday_table() -> dict[int, frozenset[dt.date]]:
    """The bank holidays of every year a deadline can fall in (REPORT_RANGE to 2100), from the compiled cache, or
    computed and kept there for the next process; empty when the cache is off or `holidays` cannot be found."""
    fingerprint = _holidays_fingerprint()
    if cache.cache_dir() is None or fingerprint is None:
        return {}
    years = range(REPORT_RANGE[0].year, REPORT_RANGE[1].year + 2)
    key = cache.cache_key("bank holidays GB-ENG", str(years), fingerprint)
    table = cache.read_entry(key)
    if not isinstance(table, dict):
        table = {year: _computed_bank_holidays(year) for year in years}
        cache.write_entry(key, table)
    return table


def _holidays_fingerprint() -> str | None:
    """The installed `holidays` package's fingerprint (its version and England-and-Wales calendar), found without
    importing it; None if its files cannot be found."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or not spec.origin:
        return None
    package = Path(spec.origin).parent
    try:
        return cache.file_fingerprint([package / "version.py", package / "countries" / "united_kingdom.py"])
    except OSError:
        return None


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not an England-and-Wales bank holiday."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def deadline_of(due: Due, reported_at: dt.datetime) -> Deadline:
    """When a rule's `due` (hours or working days) falls for a report received at `reported_at`."""
    if due.hours is not None:
        return due_after_hours(reported_at, due.hours)
    assert due.working_days is not None
    return due_after_working_days(reported_at, due.working_days)


def due_after_hours(reported_at: dt.datetime, hours: int) -> Deadline:
    """`hours` of real elapsed time after the report, expressed in London time."""
    if not 1 <= hours <= MAX_HOURS:
        raise ValueError(f"a deadline of {hours} hours is outside 1 to {MAX_HOURS}")
    received = check_report_time(reported_at)
    due = (received.astimezone(dt.timezone.utc) + dt.timedelta(hours=hours)).astimezone(LONDON)
    because = f"report received {_stamp(received)}; {_plural(hours, 'hour')}"
    if due.utcoffset() != received.utcoffset():
        because += f"; the clocks change in between, so it is due at {due:%H:%M} {due.tzname()}"
    return Deadline(due, because)


def due_after_working_days(reported_at: dt.datetime, days: int) -> Deadline:
    """The end (23:59:59 London) of the `days`-th working day after the London date of the report."""
    if not 1 <= days <= MAX_WORKING_DAYS:
        raise ValueError(f"a deadline of {days} working days is outside 1 to {MAX_WORKING_DAYS}")
    received = check_report_time(reported_at)
    due, skipped = _working_days_after(received.date(), days)
    return Deadline(due, f"report received {_stamp(received)}; {skipped}")


@functools.lru_cache(maxsize=4096)
def _working_days_after(received: dt.date, days: int) -> tuple[dt.datetime, str]:
    """The due moment for a report received on `received`, and the words naming N and the bank holidays skipped."""
    day = received
    holidays_skipped: list[dt.date] = []
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
        elif day in bank_holidays(day.year):
            holidays_skipped.append(day)
    words = _plural(days, "working day")
    if holidays_skipped:
        verb = "is not a working day" if len(holidays_skipped) == 1 else "are not working days"
        words += f"; {_days_list(holidays_skipped)} {verb}"
    return dt.datetime.combine(day, _END_OF_DAY, tzinfo=LONDON), words


def render_due(due: dt.datetime) -> str:
    """A deadline in words for an officer: `by 23:59 on Tuesday 29 December 2026`."""
    local = due.astimezone(LONDON)
    return f"by {local:%H:%M} on {local:%A} {local.day} {local:%B %Y}"


def _stamp(moment: dt.datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} {moment.hour:02d}:{moment.minute:02d}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _days_list(days: list[dt.date]) -> str:
    """`25, 26 and 28 Dec` (months named where they change)."""
    parts = []
    for index, day in enumerate(days):
        last_of_month = index + 1 == len(days) or days[index + 1].month != day.month
        parts.append(f"{day.day} {day:%b}" if last_of_month else str(day.day))
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
