"""Every quote in every bundled ruleset stands, verbatim, in its source text (contract section 1)."""

from __future__ import annotations

import pytest

import dapolicy
from dapolicy.quotes import check_quotes, fold


@pytest.mark.parametrize("policy_id", dapolicy.bundled_ids())
def test_every_quote_is_found_in_the_source_text(policy_id, sources_dir):
    policy = dapolicy.load_policy(policy_id)
    source_file = sources_dir / policy.model.document.source_text
    assert source_file.is_file(), f"{policy_id}: source text {source_file} does not exist"
    missing = check_quotes(policy, source_file.read_text(encoding="utf-8"))
    assert missing == [], "quotes not found verbatim in the source:\n" + "\n".join(map(str, missing))


@pytest.mark.parametrize("policy_id", dapolicy.bundled_ids())
def test_every_rule_and_definition_cites_a_source_or_states_an_assumption(policy_id):
    model = dapolicy.load_policy(policy_id).model
    for owner in [*model.definitions.values(), *model.rules, *model.parameters.values()]:
        assert owner.source or owner.assumption


def test_the_quote_check_rejects_words_the_source_does_not_contain(sources_dir):
    text = fold((sources_dir / "hpg.txt").read_text(encoding="utf-8"))
    assert fold("will be contacted within one working day") in text
    assert fold("will be contacted within two working days") not in text
