"""Random documents and random mutations of the bundled rulesets and example cases: only PolicyError, CaseError
or TypeError ever escape `load_policy`, `load_case` and `evaluate` (benchmarks/fuzz.py runs 100,000 of them)."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import RULESETS, mutate, random_case_text, try_case, try_ruleset

SEEDS = st.integers(0, 2**32 - 1)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=SEEDS, policy_id=st.sampled_from(sorted(RULESETS)))
def test_a_random_or_mutated_case_gives_only_documented_errors(seed, policy_id):
    rng = random.Random(seed)
    name, text = random_case_text(rng)
    escaped = try_case(name, text, policy_id)
    assert escaped is None, f"{type(escaped).__name__}: {escaped} for {name}:\n{text}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=SEEDS, policy_id=st.sampled_from(sorted(RULESETS)))
def test_a_mutated_ruleset_gives_only_documented_errors(seed, policy_id):
    rng = random.Random(seed)
    text = mutate(RULESETS[policy_id], rng, rng.randrange(1, 6))
    escaped = try_ruleset(text)
    assert escaped is None, f"{type(escaped).__name__}: {escaped}"
