"""Tests of the statutory baseline (policies/statutory.yaml) that the YAML policy tests cannot state.

The scenario tests are in policies/statutory.tests.yaml, read against ../shared/sources/statutory.txt. What
remains here checks the order of the decision document's entries, which a YAML expectation does not state: its
entries are matched by id, wherever they stand. The case is `statutory_case()`, a complete case of a tenant
experiencing domestic abuse, with one fact changed.
"""

from __future__ import annotations

import dapolicy

from scenarios import with_facts

#: Applied as to a local housing authority granting secure tenancies: s.81ZA binds it.
LHA = dapolicy.load_policy("statutory", parameters={"landlord_kind": "local_housing_authority"})


def statutory_case(**overrides):
    """A complete case of a (non-leaseholder) tenant experiencing domestic abuse; `survivor__age=16` overrides."""
    case = {
        "reported_at": "2026-03-02T10:00",
        "report_source": "survivor",
        "relationship": "spouse",
        "behaviours": ["physical"],
        "survivor": {
            "age": 30,
            "is_customer": True,
            "is_leaseholder": False,
            "tenure": "secure",
            "homeless_due_to_abuse": False,
        },
        "perpetrator": {"age": 32},
        "children": {"affected": False, "related_to_a_or_b": False},
        "statutory_agency_support": [],
    }
    return with_facts(case, **overrides)


def test_actions_without_any_due_are_ordered_by_id():
    decision = LHA.evaluate(statutory_case(statutory_agency_support=["marac"])).to_dict()
    assert [e["id"] for e in decision["actions"]] == ["advice_and_assistance", "marac_participation",
                                                       "rehousing_same_tenure"]  # fmt: skip
