"""Deadlines and dates without pydantic: the limits of a deadline, the compiled deadline record, the calendar check.

The ruleset model (ruleset.py) checks a `due:` with pydantic and the compile stage turns it into a `Due` record
here, so that evaluating a compiled policy (read from the compiled cache) never imports pydantic.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from typing import Any

MAX_HOURS = 8760
"""The longest deadline in hours: one year (365 x 24). No policy sets a response time longer than that, and a
larger number is a slip (minutes or seconds written as hours); it also keeps every deadline inside the years whose
bank holidays are known (docs/deadlines.md)."""

MAX_WORKING_DAYS = 250
"""The longest deadline in working days: fewer than any calendar year from 2000 to 2100 holds (250 to 253 in
England and Wales), so such a deadline falls about a year after the report at most. 260 (52 x 5) would run a
report at the end of 2099 into 2101, whose bank holidays the `holidays` package does not know."""


@dataclass(frozen=True, slots=True)
class Due:
    """A compiled deadline: exactly one of `hours` or `working_days`, as the ruleset model's `Due` checked it."""

    hours: int | None = None
    working_days: int | None = None

    def model_dump(self, *, exclude_none: bool = False) -> dict[str, Any]:
        """The deadline as a mapping (`{"hours": 24}` without None), named as the model's so callers read both."""
        shown = {"hours": self.hours, "working_days": self.working_days}
        return {key: value for key, value in shown.items() if value is not None} if exclude_none else shown


def calendar_problem(year: int, month: int | None, day: int | None = None) -> str | None:
    """What makes a year, month and day that no calendar has (`June 2027 has 30 days`), or None if it exists."""
    if not 1 <= year <= 9999:
        return f"there is no year {year}"
    if month is not None and not 1 <= month <= 12:
        return f"there is no month {month:02d} (months are 01 to 12)"
    if day is not None:
        assert month is not None
        length = calendar.monthrange(year, month)[1]
        if not 1 <= day <= length:
            return f"{calendar.month_name[month]} {year} has {length} days"
    return None
