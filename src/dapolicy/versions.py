"""Versions of one landlord's policy: when each took effect, and which one was in force on a given day.

A folder holds the versions of a ruleset as `<id>.yaml` (the one `load_policy(id)` gives) and `<id>@<label>.yaml`
(any others: `hpg@2019.yaml`). Each version says when it took effect, `document.effective` (else
`document.approved`), as a day, a month or a year. A month or a year leaves open on which day it took effect, so
for a day inside that period it is not known which version was in force: asking for one is an error that says so,
never a guess (an unknown is not a no).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NoReturn, Sequence

from .errors import PolicyError, Problem

#: A version file beside `<id>.yaml`: `<id>@<label>.yaml`.
VERSION_MARK = "@"
#: The date and its field in a ruleset's `document` that say when a version took effect, in order of preference.
START_FIELDS = ("effective", "approved")


@dataclass(frozen=True)
class Start:
    """When a version took effect: the date as written (`2022-03`), the field it was written in, and the first and
    last day it can mean."""

    text: str
    field: str
    first: dt.date
    last: dt.date

    def __str__(self) -> str:
        if self.field == "approved":
            return f"{self.text} (document.approved: it gives no document.effective)"
        return f"{self.text} (document.effective)"

    def certainly_by(self, day: dt.date) -> bool:
        """The version had taken effect by `day`, whichever day of the period it was."""
        return self.last <= day

    def possibly_by(self, day: dt.date) -> bool:
        """The version may have taken effect by `day`."""
        return self.first <= day


@dataclass(frozen=True)
class Version:
    """What choosing among versions needs to know of one: where it was read from, its version and its start."""

    name: str
    version: str
    start: Start | None


def start_of(effective: str | None, approved: str | None) -> Start | None:
    """When a version took effect: its effective date, else its approval date (a policy is in force once approved
    unless it says otherwise); None when it gives neither."""
    for text, field in ((effective, "effective"), (approved, "approved")):
        if text:
            return Start(text, field, *period(text))
    return None


def period(text: str) -> tuple[dt.date, dt.date]:
    """The first and last day a date written YYYY, YYYY-MM or YYYY-MM-DD can mean (May 2024: 1 to 31 May)."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        year, month = parts
        return dt.date(year, month, 1), dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def as_day(on: Any) -> dt.date:
    """The day `on=` names: a date, a datetime (its Europe/London date where it has an offset, as deadlines count
    days) or text YYYY-MM-DD. TypeError for anything else; PolicyError `load.on_date` for text that is not a day."""
    if isinstance(on, dt.datetime):
        if on.tzinfo is None:
            return on.date()
        from .deadlines import LONDON

        return on.astimezone(LONDON).date()
    if isinstance(on, dt.date):
        return on
    if isinstance(on, str):
        text = on.strip()
        try:
            if len(text) == len("YYYY-MM-DD"):
                return dt.date.fromisoformat(text)
        except ValueError:
            pass
        _not_a_day(on)
    raise TypeError(f"on= expected a day (datetime.date or text YYYY-MM-DD), found {type(on).__name__}")


def _not_a_day(text: str) -> NoReturn:
    shown = text if len(text) <= 40 else text[:37] + "..."
    raise PolicyError([Problem("load.on_date", f"on={shown!r} is not a day written YYYY-MM-DD",
                               hint="write the day in full, e.g. on='2025-04-01'")])  # fmt: skip


def check_versions(policy_id: str, versions: Sequence[Version]) -> list[Version]:
    """The versions of one ruleset, earliest first; PolicyError if one gives no date, two give one version, or two
    took effect in overlapping periods (then no day could tell which came first)."""
    problems = []
    for version in versions:
        if version.start is None:
            problems.append(Problem("version.no_date", f"{version.name}: version {version.version!r} of "
                                    f"{policy_id!r} says neither when it took effect nor when it was approved",
                                    hint="add document.effective: YYYY-MM-DD"))  # fmt: skip
    seen: dict[str, str] = {}
    for version in versions:
        if version.version in seen:
            problems.append(Problem("version.same_version", f"{seen[version.version]} and {version.name} both say "
                                    f"version {version.version!r} of {policy_id!r}; a decision names the version it "
                                    "followed, so each needs its own", hint="give each file its own "
                                    "document.version"))  # fmt: skip
        seen.setdefault(version.version, version.name)
    dated = sorted((v for v in versions if v.start is not None), key=lambda v: (v.start.first, v.start.last))
    for earlier, later in zip(dated, dated[1:]):
        if earlier.start.last >= later.start.first:
            problems.append(Problem("version.overlap", f"{earlier.name} (version {earlier.version!r}, {earlier.start}) "
                                    f"and {later.name} (version {later.version!r}, {later.start}) took effect in "
                                    "overlapping periods, so no day can tell which was in force",
                                    hint="write document.effective as a full day, YYYY-MM-DD"))  # fmt: skip
    if problems:
        raise PolicyError(problems, document=f"the versions of {policy_id!r}")
    return dated


def in_force(policy_id: str, versions: Sequence[Version], day: dt.date) -> Version:
    """The version in force on `day`: the latest that had certainly taken effect by then, when the next had
    certainly not; PolicyError when none had, or when a version's month or year leaves it open."""
    ordered = check_versions(policy_id, versions)
    for index, version in enumerate(ordered):
        assert version.start is not None
        later = ordered[index + 1] if index + 1 < len(ordered) else None
        if later is not None and later.start.certainly_by(day):
            continue
        if later is not None and later.start.possibly_by(day):
            raise _uncertain(policy_id, later, day, f"version {version.version!r} or {later.version!r}")
        if version.start.certainly_by(day):
            return version
        if version.start.possibly_by(day):
            raise _uncertain(policy_id, version, day, f"version {version.version!r} or none")
        break
    first = ordered[0]
    raise PolicyError([Problem("version.not_in_force", f"no version of {policy_id!r} was in force on {day}: the "
                               f"earliest, version {first.version!r} ({first.name}), took effect {first.start}",
                               hint=f"ask for a day from {first.start.last} on")],
                      document=f"the versions of {policy_id!r}")  # fmt: skip


def _uncertain(policy_id: str, version: Version, day: dt.date, which: str) -> PolicyError:
    return PolicyError([Problem(
        "version.uncertain",
        f"it is not known which version of {policy_id!r} was in force on {day} ({which}): version "
        f"{version.version!r} ({version.name}) took effect {version.start}, a period that holds that day",
        hint="give that version's document.effective as a full day, YYYY-MM-DD",
    )], document=f"the versions of {policy_id!r}")  # fmt: skip
