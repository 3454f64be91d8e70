"""Conditions compiled to Python (codegen.py) give exactly what the condition trees' own `test` and `missing` give:
on random condition trees of every kind of node, and on every definition and rule of every bundled ruleset over
random complete and partial cases (issue 13)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dapolicy
from dapolicy.api import bundled_ids
from dapolicy.codegen import definitions_function, definitions_missing_function, rules_function, rules_missing_function
from dapolicy.conditions import All, Any_, Compare, Condition, Const, DefinitionRef, FactValue, Flag, Literal, Member, Not
from dapolicy.logic import FALSE, TRUE, UNKNOWN
from dapolicy.model.case import read_case

from test_equivalence import random_case

OPERATORS = ("==", "!=", "<", "<=", ">", ">=")
RELATIONSHIPS = ("spouse", "relative", "neighbour", "none")

facts_strategy = st.fixed_dictionaries({}, optional={
    "survivor.age": st.integers(0, 30),
    "perpetrator.age": st.integers(0, 30),
    "survivor.is_customer": st.booleans(),
    "relationship": st.sampled_from(RELATIONSHIPS),
    "behaviours": st.frozensets(st.sampled_from(("physical", "economic", "sexual"))),
})  # fmt: skip
AGES = st.sampled_from(("survivor.age", "perpetrator.age"))
atoms = st.one_of(
    st.builds(Flag, st.just("survivor.is_customer")),
    st.builds(Compare, st.sampled_from(OPERATORS), AGES.map(FactValue), st.integers(0, 30).map(Const)),
    st.builds(Compare, st.sampled_from(OPERATORS), st.integers(0, 30).map(Const), AGES.map(FactValue)),
    st.builds(Compare, st.sampled_from(OPERATORS), AGES.map(FactValue), AGES.map(FactValue)),
    st.builds(Member, st.just(FactValue("relationship")),
              st.lists(st.sampled_from(RELATIONSHIPS), min_size=1, max_size=3).map(lambda v: Const(tuple(v)))),
    st.builds(Member, st.sampled_from(("physical", "economic")).map(Const), st.just(FactValue("behaviours"))),
    st.builds(Member, st.just(FactValue("relationship")), st.just(FactValue("relationship"))),
    st.sampled_from((TRUE, FALSE)).map(Literal),
    st.sampled_from(("connected", "abusive")).map(DefinitionRef),
)  # fmt: skip
trees = st.recursive(atoms, lambda inner: st.one_of(
    st.builds(Not, inner),
    st.lists(inner, min_size=2, max_size=4).map(lambda operands: All(tuple(operands))),
    st.lists(inner, min_size=2, max_size=4).map(lambda operands: Any_(tuple(operands))),
), max_leaves=12)  # fmt: skip
truths_strategy = st.fixed_dictionaries({"connected": st.sampled_from((TRUE, FALSE, UNKNOWN)),
                                         "abusive": st.sampled_from((TRUE, FALSE, UNKNOWN))})  # fmt: skip
DEFINITIONS_MISSING = {"connected": frozenset({"relationship"}), "abusive": frozenset({"behaviours"})}


@settings(max_examples=400, deadline=None)
@given(tree=trees, facts=facts_strategy, truths=truths_strategy)
def test_a_generated_rule_gives_the_truth_and_missing_facts_of_its_tree(tree: Condition, facts, truths):
    (generated,) = rules_function((tree,))(facts, truths)
    assert generated is tree.test(facts, truths)
    (missing,) = rules_missing_function((tree,))(facts, truths, (generated,), DEFINITIONS_MISSING)
    assert missing == (tree.missing(facts, truths, DEFINITIONS_MISSING) if generated is UNKNOWN else frozenset())


@settings(max_examples=200, deadline=None)
@given(tree=trees, facts=facts_strategy, truths=truths_strategy)
def test_a_generated_definition_is_read_by_what_comes_after_it(tree: Condition, facts, truths):
    """A definition's truth and missing facts go into `truths` and `missing_of`, and into the definitions after it,
    as evaluating in order does."""
    definitions = (("own", tree), ("both", All((DefinitionRef("own"), tree))))
    given_truths = dict(truths)
    definitions_function(definitions)(facts, given_truths)
    expected = dict(truths)
    for key, condition in definitions:
        expected[key] = condition.test(facts, expected)
    assert given_truths == expected
    missing_of = dict(DEFINITIONS_MISSING)
    definitions_missing_function(definitions)(facts, expected, missing_of)
    reference = _DefinitionsMissing(definitions, facts, expected)
    reference.update(DEFINITIONS_MISSING)
    assert missing_of == {**DEFINITIONS_MISSING, "own": reference["own"], "both": reference["both"]}


@pytest.mark.parametrize("policy_id", bundled_ids())
def test_every_condition_of_a_bundled_ruleset_decides_as_its_tree(policy_id):
    compiled = dapolicy.load_policy(policy_id).compiled
    definitions = tuple((d.key, d.condition) for d in compiled.statutory_definitions + compiled.definitions)
    conditions = tuple(rule.condition for rule in compiled.rules)
    decide_definitions, decide_rules = definitions_function(definitions), rules_function(conditions)
    definitions_missing, rules_missing = definitions_missing_function(definitions), rules_missing_function(conditions)
    rng = random.Random(policy_id)
    for number in range(300):
        facts = read_case(random_case(rng, present=(1.0, 0.6, 0.3)[number % 3]))
        truths: dict = {}
        decide_definitions(facts, truths)
        values = decide_rules(facts, truths)
        expected: dict = {}
        for key, condition in definitions:
            expected[key] = condition.test(facts, expected)
        assert truths == expected
        assert values == tuple(condition.test(facts, expected) for condition in conditions)
        reference = _DefinitionsMissing(definitions, facts, expected)
        missing_of: dict = {}
        definitions_missing(facts, truths, missing_of)
        assert missing_of == {key: reference[key] for key, _ in definitions}
        assert rules_missing(facts, truths, values, missing_of) == tuple(
            condition.missing(facts, expected, reference) if value is UNKNOWN else frozenset()
            for condition, value in zip(conditions, values)
        )


class _DefinitionsMissing(dict):
    """Each definition's missing facts by the tree's own `missing` (the reference for the generated ones); none for
    a decided definition."""

    def __init__(self, definitions, facts, truths):
        super().__init__()
        self.conditions, self.facts, self.truths = dict(definitions), facts, truths

    def __missing__(self, key):
        found = self.conditions[key].missing(self.facts, self.truths, self) if self.truths[key] is UNKNOWN else frozenset()
        self[key] = found
        return found
