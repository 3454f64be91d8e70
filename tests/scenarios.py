"""Helpers for the scenario tests that stay in Python: build a case from a complete one, and assert exact entries.

The scenarios live in policies/<id>.tests.yaml (docs/testing.md); what stays here is what that format cannot state
(the order of entries, a clause an entry does not cite, a reading among the assumptions) and tests of other kinds.

A test starts from a complete case and changes one fact: `with_facts(BASE, survivor__age=16)` sets
`survivor.age`; a fact set to UNKNOWN is left out of the case document (unknown, not false).
"""

from __future__ import annotations

import copy
from typing import Any

#: Marks a fact to leave out of the case document: unknown, not false.
UNKNOWN = object()


def with_facts(base: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """A copy of `base` with facts changed; `group__name=value` sets a nested fact, UNKNOWN removes one."""
    case = copy.deepcopy(base)
    for key, value in overrides.items():
        path = key.split("__")
        parent = case
        for part in path[:-1]:
            parent = parent.setdefault(part, {})
        if value is UNKNOWN:
            parent.pop(path[-1], None)
        else:
            parent[path[-1]] = value
    return case


def clauses(entry: dict[str, Any]) -> list[str]:
    return [c["clause"] for c in entry["citations"]]


def entries(decision: dict[str, Any], section: str, action_id: str) -> list[dict[str, Any]]:
    return [e for e in decision[section] if e["id"] == action_id]


def action(decision, action_id, *, modality, clause, due=None, authority=None, missing=()):
    """Assert that `action_id` is in `actions` once, exactly as stated, citing `clause` (one or several)."""
    found = entries(decision, "actions", action_id)
    assert len(found) == 1, f"{action_id} in actions {len(found)} times: {[e['id'] for e in decision['actions']]}"
    entry = found[0]
    assert entry["modality"] == modality
    assert entry["due"] == due
    assert entry["authority"] == authority
    assert entry["missing"] == list(missing)
    for wanted in [clause] if isinstance(clause, str) else clause:
        assert wanted in clauses(entry), f"{action_id} does not cite {wanted}: {clauses(entry)}"
    assert not entries(decision, "undecided", action_id)
    assert not entries(decision, "conflicts", action_id)
    return entry


def absent(decision, action_id):
    """Assert that `action_id` is in none of actions, undecided and conflicts."""
    for section in ("actions", "undecided", "conflicts"):
        assert not entries(decision, section, action_id), f"{action_id} unexpectedly in {section}"


def undecided(decision, action_id, *, missing, modality=None):
    """Assert that `action_id` is undecided once, waiting on exactly `missing`."""
    found = entries(decision, "undecided", action_id)
    assert len(found) == 1, f"{action_id} in undecided {len(found)} times"
    entry = found[0]
    assert entry["missing"] == sorted(missing)
    if modality is not None:
        assert entry["modality"] == modality
    assert not entries(decision, "actions", action_id)
    assert not entries(decision, "conflicts", action_id)
    return entry


def for_recipient(decision, section, action_id, recipient):
    """The entries of `action_id` for `recipient` in a section of the decision."""
    return [e for e in entries(decision, section, action_id) if e["recipient"] == recipient]


def recipients(decision, action_id, section="actions") -> dict[str, Any]:
    """Every entry of `action_id` in `section`: recipient to modality (None for an entry without one)."""
    return {e["recipient"]: e.get("modality") for e in entries(decision, section, action_id)}


def shared(decision, action_id, recipient, *, modality, clause, authority=None, missing=(), rules=None, overrides=()):
    """Assert the one entry of `action_id` for `recipient` in `actions`, exactly as stated, citing `clause`;
    none for `recipient` undecided, and no conflict over `action_id` for any recipient."""
    found = for_recipient(decision, "actions", action_id, recipient)
    assert len(found) == 1, f"{action_id} to {recipient} in actions: {recipients(decision, action_id)}"
    entry = found[0]
    assert entry["modality"] == modality
    assert entry["due"] is None
    assert entry["authority"] == authority
    assert entry["missing"] == sorted(missing)
    if rules is not None:
        assert entry["rules"] == list(rules)
    assert entry["overrides"] == list(overrides)
    for wanted in [clause] if isinstance(clause, str) else clause:
        assert wanted in clauses(entry), f"{action_id} to {recipient} does not cite {wanted}: {clauses(entry)}"
    assert not for_recipient(decision, "undecided", action_id, recipient)
    assert not entries(decision, "conflicts", action_id)
    return entry
