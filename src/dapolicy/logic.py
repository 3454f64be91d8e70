"""Strong-Kleene three-valued truth: an unknown fact stays unknown through `and`, `or` and `not`.

`false and unknown` is false and `true or unknown` is true, so a rule is decided as soon as the facts given
decide it; otherwise it is undecided. Every operator is monotone: giving a value to an unknown fact can turn
UNKNOWN into TRUE or FALSE but never changes a TRUE or a FALSE.
"""

from __future__ import annotations

import enum
from typing import Iterable


class Truth(enum.Enum):
    """The value of a condition: TRUE, FALSE or UNKNOWN (never None, never a bool)."""

    TRUE = "yes"
    FALSE = "no"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return self.value

    # Each member is one object, equal only to itself (Enum's own equality), so identity hashing agrees with it and
    # is done in C: a tuple of truths is a key of evaluation's outcome tables (Enum hashes its name, in Python).
    # No output is ordered by a hash (tests/test_determinism.py runs the command line under several seeds).
    __hash__ = object.__hash__


TRUE = Truth.TRUE
FALSE = Truth.FALSE
UNKNOWN = Truth.UNKNOWN


def truth_of(value: bool) -> Truth:
    """The Truth of a known boolean."""
    return TRUE if value else FALSE


def kleene_not(value: Truth) -> Truth:
    """not TRUE is FALSE, not FALSE is TRUE, not UNKNOWN is UNKNOWN."""
    if value is UNKNOWN:
        return UNKNOWN
    return FALSE if value is TRUE else TRUE


def kleene_and(values: Iterable[Truth]) -> Truth:
    """FALSE if any is FALSE, else UNKNOWN if any is UNKNOWN, else TRUE."""
    result = TRUE
    for value in values:
        if value is FALSE:
            return FALSE
        if value is UNKNOWN:
            result = UNKNOWN
    return result


def kleene_or(values: Iterable[Truth]) -> Truth:
    """TRUE if any is TRUE, else UNKNOWN if any is UNKNOWN, else FALSE."""
    result = FALSE
    for value in values:
        if value is TRUE:
            return TRUE
        if value is UNKNOWN:
            result = UNKNOWN
    return result
