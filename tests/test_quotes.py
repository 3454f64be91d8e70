"""Every quote in every bundled ruleset stands, verbatim, in its source text (contract section 1)."""

from __future__ import annotations

import re

import pytest

import dapolicy

_QUOTE_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def fold(text: str) -> str:
    """Whitespace folded and quotation marks normalised, as the contract compares quotes."""
    return re.sub(r"\s+", " ", text.translate(_QUOTE_MARKS)).strip()


def every_quote(policy: dapolicy.Policy):
    model = policy.model
    owners = [("parameter", name, p) for name, p in model.parameters.items()]
    owners += [("definition", name, d) for name, d in model.definitions.items()]
    owners += [("rule", rule.id, rule) for rule in model.rules]
    for kind, name, owner in owners:
        for source in owner.source:
            yield f"{kind} {name} ({source.clause})", source.quote


@pytest.mark.parametrize("policy_id", dapolicy.bundled_ids())
def test_every_quote_is_found_in_the_source_text(policy_id, sources_dir):
    policy = dapolicy.load_policy(policy_id)
    source_file = sources_dir / policy.model.document.source_text
    assert source_file.is_file(), f"{policy_id}: source text {source_file} does not exist"
    text = fold(source_file.read_text(encoding="utf-8"))
    missing = [f"{where}: {quote!r}" for where, quote in every_quote(policy) if fold(quote) not in text]
    assert missing == [], "quotes not found verbatim in the source:\n" + "\n".join(missing)


@pytest.mark.parametrize("policy_id", dapolicy.bundled_ids())
def test_every_rule_and_definition_cites_a_source_or_states_an_assumption(policy_id):
    model = dapolicy.load_policy(policy_id).model
    for owner in [*model.definitions.values(), *model.rules, *model.parameters.values()]:
        assert owner.source or owner.assumption


def test_the_quote_check_rejects_words_the_source_does_not_contain(sources_dir):
    text = fold((sources_dir / "hpg.txt").read_text(encoding="utf-8"))
    assert fold("will be contacted within one working day") in text
    assert fold("will be contacted within two working days") not in text
