"""Laws the engine keeps for every valid case document (contract sections 2, 4 and 5), checked with hypothesis.

Cases are generated from the shared vocabulary (`dapolicy.model.vocabulary.FACTS`): each fact independently
absent, null, or a valid value; the groups survivor / perpetrator / children / risk as nested mappings.
"""

from __future__ import annotations

import concurrent.futures
import copy
import datetime as dt
import json
import pickle
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dapolicy
from dapolicy.model.vocabulary import FACTS, GROUPS, Fact

LONDON = ZoneInfo("Europe/London")
AREAS = ("cambridgeshire", "peterborough", "sefton", "wolverhampton", "leeds", "huntingdonshire")
LAWS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STRENGTH = {"may": 1, "should": 2, "must": 3}


# --- policies --------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=dapolicy.bundled_ids())
def policy(request):
    return dapolicy.load_policy(request.param)


@pytest.fixture(scope="module")
def unpickled(policy):
    return pickle.loads(pickle.dumps(policy))


# --- case documents --------------------------------------------------------------------------------------------------


def _exists_in_london(moment: dt.datetime) -> bool:
    """False for a wall-clock time skipped when the clocks go forward in March."""
    local = moment.replace(tzinfo=LONDON)
    return local.astimezone(dt.timezone.utc).astimezone(LONDON).replace(tzinfo=None) == moment


_NAIVE_TIMES = st.datetimes(
    min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2027, 12, 31, 23, 59, 59)
).map(lambda moment: moment.replace(microsecond=0)).filter(_exists_in_london)

_OFFSETS = st.sampled_from(
    [dt.timezone.utc, dt.timezone(dt.timedelta(hours=1)), dt.timezone(dt.timedelta(hours=-5)),
     dt.timezone(dt.timedelta(hours=5, minutes=30))]
)  # fmt: skip

REPORTED_AT = st.one_of(
    st.builds(lambda moment, spec: moment.isoformat(timespec=spec), _NAIVE_TIMES, st.sampled_from(["minutes", "seconds"])),
    st.builds(lambda moment, zone: moment.replace(tzinfo=zone).isoformat(), _NAIVE_TIMES, _OFFSETS),
)


def value_of(fact: Fact) -> st.SearchStrategy:
    """Valid values of one fact, as a case document writes them."""
    if fact.kind == "bool":
        return st.booleans()
    if fact.kind == "int":
        edges = [v for v in (fact.minimum, 15, 16, 17, 14, fact.maximum) if fact.minimum <= v <= fact.maximum]
        return st.one_of(st.integers(fact.minimum, fact.maximum), st.sampled_from(edges))
    if fact.kind == "enum":
        return st.sampled_from(fact.values)
    if fact.kind == "enum_list":
        return st.lists(st.sampled_from(fact.values), unique=True, max_size=len(fact.values))
    if fact.kind == "area":
        return st.sampled_from(AREAS)
    assert fact.kind == "datetime", fact
    return REPORTED_AT


def maybe_null(strategy: st.SearchStrategy) -> st.SearchStrategy:
    """A value, now and then an explicit null (the same as absent)."""
    return st.one_of(strategy, strategy, strategy, st.none())


def _group(group: str, *, dense: bool) -> st.SearchStrategy:
    if dense:
        return st.fixed_dictionaries({name: value_of(FACTS[f"{group}.{name}"]) for name in GROUPS[group]})
    members = {name: maybe_null(value_of(FACTS[f"{group}.{name}"])) for name in GROUPS[group]}
    return st.fixed_dictionaries({}, optional=members)


#: Each fact independently absent, null or a value: mostly unknowns, so mostly undecided outcomes.
SPARSE_CASES = st.fixed_dictionaries(
    {},
    optional={
        **{path: maybe_null(value_of(fact)) for path, fact in FACTS.items() if "." not in path},
        **{group: _group(group, dense=False) for group in GROUPS},
    },
)

#: Every fact given: definitions and rules decided, so actions, deadlines and prohibitions show up.
DENSE_CASES = st.fixed_dictionaries(
    {
        **{path: value_of(fact) for path, fact in FACTS.items() if "." not in path},
        **{group: _group(group, dense=True) for group in GROUPS},
    }
)

#: Every fact given, and the Act's definition of domestic abuse met: most rules come into play.
ABUSE_CASES = st.builds(
    lambda case, relationship, behaviours, ages: {
        **case,
        "relationship": relationship,
        "behaviours": behaviours,
        "survivor": {**case["survivor"], "age": ages[0]},
        "perpetrator": {**case["perpetrator"], "age": ages[1]},
    },
    DENSE_CASES,
    st.sampled_from(["spouse", "former_intimate_partner", "shared_parent", "relative", "engaged"]),
    st.lists(st.sampled_from(FACTS["behaviours"].values), min_size=1, max_size=3, unique=True),
    st.tuples(st.integers(16, 90), st.integers(16, 90)),
)

CASES = st.one_of(SPARSE_CASES, DENSE_CASES, ABUSE_CASES)


def given_facts(case: dict) -> set[str]:
    """The dotted paths of the facts a case gives (a null is not given)."""
    found = set()
    for key, value in case.items():
        if key in GROUPS:
            found |= {f"{key}.{name}" for name, member in value.items() if member is not None}
        elif value is not None:
            found.add(key)
    return found


def without(case: dict, dropped: set[str]) -> dict:
    """A copy of the case with the `dropped` facts left out."""
    partial = copy.deepcopy(case)
    for path in dropped:
        if "." in path:
            group, name = path.split(".", 1)
            del partial[group][name]
        else:
            del partial[path]
    return partial


def rewritten(case: dict) -> dict:
    """The same case document written differently: keys in reverse order, lists reversed."""

    def flip(value):
        if isinstance(value, dict):
            return {key: flip(value[key]) for key in reversed(list(value))}
        if isinstance(value, list):
            return list(reversed(value))
        return value

    return flip(case)


def canonical(decision) -> str:
    return json.dumps(decision.to_dict(), sort_keys=True)


def by_id(entries: list[dict]) -> dict[tuple[str, str | None], dict]:
    """Entries by (action id, recipient): an action with recipients has one entry per recipient."""
    return {(entry["id"], entry["recipient"]): entry for entry in entries}


def outcome(decision: dict, key: tuple[str, str | None]) -> tuple[str, dict | None]:
    """The section and entry giving the outcome of (action, recipient): its own, or else the `any` entry."""
    action, recipient = key
    for wanted in (recipient, "any") if recipient is not None else (None,):
        for section in ("actions", "undecided", "conflicts"):
            found = by_id(decision[section]).get((action, wanted))
            if found is not None:
                return section, found
    return "absent", None


# --- (a) determinism --------------------------------------------------------------------------------------------------


@LAWS
@given(case=CASES)
def test_same_case_twice_gives_byte_identical_decisions(policy, case):
    first = canonical(policy.evaluate(case))
    second = canonical(policy.evaluate(case))
    assert first == second


@LAWS
@given(case=CASES)
def test_same_case_written_in_another_order_gives_the_same_decision(policy, case):
    assert canonical(policy.evaluate(rewritten(case))) == canonical(policy.evaluate(case))


@LAWS
@given(case=CASES)
def test_decision_is_json_serialisable_and_round_trips(policy, case):
    document = policy.evaluate(case).to_dict()
    assert json.loads(json.dumps(document)) == document


# --- (b) no mutation --------------------------------------------------------------------------------------------------


@LAWS
@given(case=CASES)
def test_evaluate_does_not_change_the_case(policy, case):
    before = copy.deepcopy(case)
    policy.evaluate(case)
    assert case == before


# --- (c) monotonicity of unknowns -------------------------------------------------------------------------------------


@LAWS
@given(case=CASES, data=st.data())
def test_learning_more_facts_never_undoes_a_decided_outcome(policy, case, data):
    facts = sorted(given_facts(case))
    dropped = data.draw(st.sets(st.sampled_from(facts)) if facts else st.just(set()), label="dropped")
    partial = policy.evaluate(without(case, dropped)).to_dict()
    full = policy.evaluate(case).to_dict()

    for entry in partial["actions"]:
        section, after = outcome(full, (entry["id"], entry["recipient"]))
        assert section == "actions", f"{entry['id']} was in actions with fewer facts"
        if entry["missing"] == []:
            settled = (entry["modality"], entry["due"], entry["authority"])
            assert (after["modality"], after["due"], after["authority"]) == settled, entry["id"]
        if entry["modality"] == "must_not":
            assert after["modality"] == "must_not", entry["id"]
        else:
            assert after["modality"] in STRENGTH, entry["id"]
            assert STRENGTH[after["modality"]] >= STRENGTH[entry["modality"]], entry["id"]

    for entry in partial["conflicts"]:
        section, _ = outcome(full, (entry["id"], entry["recipient"]))
        assert section == "conflicts", f"conflict {entry['id']} went away with more facts"

    for entry in full["actions"] + full["undecided"] + full["conflicts"]:
        section, _ = outcome(partial, (entry["id"], entry["recipient"]))
        assert section != "absent", f"absent with fewer facts, present with more: {entry['id']}"

    for aspect in ("value", "statutory"):
        if partial["domestic_abuse"][aspect] in ("yes", "no"):
            assert full["domestic_abuse"][aspect] == partial["domestic_abuse"][aspect], aspect


# --- (d) missing names only unknown facts --------------------------------------------------------------------------------


@LAWS
@given(case=CASES)
def test_every_missing_fact_is_absent_from_the_case(policy, case):
    decision = policy.evaluate(case).to_dict()
    known = given_facts(case)
    named = set(decision["domestic_abuse"]["missing"])
    for entry in decision["actions"] + decision["undecided"]:
        named |= set(entry["missing"])
    assert not named & known, f"named as missing but given: {sorted(named & known)}"
    assert named <= set(FACTS), f"not facts of the vocabulary: {sorted(named - set(FACTS))}"


@LAWS
@given(case=CASES)
def test_settled_definitions_name_no_missing_facts(policy, case):
    verdict = policy.evaluate(case).to_dict()["domestic_abuse"]
    if verdict["value"] != "unknown" and verdict["statutory"] != "unknown":
        assert verdict["missing"] == []
    else:
        assert verdict["missing"] != []


@LAWS
@given(case=CASES)
def test_entries_are_ordered_and_each_action_and_recipient_is_in_one_list(policy, case):
    decision = policy.evaluate(case).to_dict()
    slot = lambda e: (e["id"], e["recipient"] or "")  # noqa: E731
    actions = [slot(entry) for entry in decision["actions"]]
    undecided = [slot(entry) for entry in decision["undecided"]]
    conflicts = [slot(entry) for entry in decision["conflicts"]]
    order = [(e["due"] is None, dt.datetime.fromisoformat(e["due"]) if e["due"] else None, slot(e)) for e in decision["actions"]]
    assert order == sorted(order, key=lambda key: (key[0], key[1] or dt.datetime.min.replace(tzinfo=dt.timezone.utc), key[2]))
    assert undecided == sorted(undecided)
    assert conflicts == sorted(conflicts)
    every = actions + undecided + conflicts
    assert len(every) == len(set(every)), "an action appears twice for one recipient"


# --- (e) pickling -----------------------------------------------------------------------------------------------------------


def test_policy_pickles_to_an_equal_policy(policy, unpickled):
    assert (unpickled.id, unpickled.landlord, unpickled.version, unpickled.digest) == (
        policy.id, policy.landlord, policy.version, policy.digest,
    )  # fmt: skip


@LAWS
@given(case=CASES)
def test_unpickled_policy_gives_the_same_decision(policy, unpickled, case):
    assert canonical(unpickled.evaluate(case)) == canonical(policy.evaluate(case))


# --- (f) threads --------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pool():
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as executor:
        yield executor


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases=st.lists(CASES, min_size=3, max_size=6))
def test_evaluating_from_several_threads_gives_the_same_decisions(policy, pool, cases):
    expected = [canonical(policy.evaluate(case)) for case in cases]
    work = cases * 8
    results = list(pool.map(lambda case: canonical(policy.evaluate(case)), work))
    assert results == expected * 8
