"""Rulesets a program could write but no policy needs, refused with a located message (issue 11): a condition too
long or too deep for the parser, a long chain of definitions, more rules or deadlines for one action than a
comparison can weigh. The hand-written cases are in tests/bad_inputs/conditions.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

import dapolicy
from dapolicy import PolicyError

HPG = (Path(__file__).resolve().parents[1] / "policies" / "hpg.yaml").read_text(encoding="utf-8")
SUPPORT_WHEN = "    when: customer_experiencing_abuse\n"


def hpg_with(tmp_path, old: str, new: str) -> Path:
    assert old in HPG
    path = tmp_path / "policy.yaml"
    path.write_text(HPG.replace(old, new, 1), encoding="utf-8")
    return path


def refused(path: Path) -> str:
    with pytest.raises(PolicyError) as caught:
        dapolicy.load_policy(path)
    return str(caught.value)


def test_a_condition_of_500_ands_is_refused_at_its_line_not_a_recursion_error(tmp_path):
    path = hpg_with(tmp_path, SUPPORT_WHEN, "    when: " + " and ".join(["survivor.is_customer"] * 500) + "\n")
    line = HPG[: HPG.index(SUPPORT_WHEN)].count("\n") + 1
    message = refused(path)
    assert f"policy.yaml:{line}:11: error[compile.condition_too_complex]" in message
    assert "has 499 of `and`, `or` and `not`; at most 100 are allowed" in message


def test_a_condition_of_100_operators_still_loads(tmp_path):
    path = hpg_with(tmp_path, SUPPORT_WHEN, "    when: " + " and ".join(["customer_experiencing_abuse"] * 101) + "\n")
    assert dapolicy.load_policy(path).evaluate({}).to_dict()["policy"]["id"] == "hpg"


def chain(length: int) -> str:
    """Definitions chain_0 .. chain_{length-1}, each using the one before, written last first."""
    return "".join(
        f"  chain_{k}:\n    when: {f'chain_{k - 1}' if k else 'survivor.is_customer'}\n    assumption: {{reason: x}}\n"
        for k in reversed(range(length))
    )


def test_a_chain_of_1500_definitions_is_refused_before_it_can_exhaust_the_recursion(tmp_path):
    path = hpg_with(tmp_path, "definitions:\n", "definitions:\n" + chain(1500))
    assert "definition 'chain_1499' rests on a chain of 1500 definitions" in refused(path)


def test_a_chain_of_20_definitions_is_evaluated_and_explained(tmp_path):
    path = hpg_with(tmp_path, "definitions:\n", "definitions:\n" + chain(20))
    path.write_text(path.read_text(encoding="utf-8").replace(SUPPORT_WHEN, "    when: customer_experiencing_abuse "
                                                             "and chain_19\n", 1), encoding="utf-8")  # fmt: skip
    decision = dapolicy.load_policy(path).evaluate({"reported_at": "2026-03-02T10:00"})
    assert "survivor.is_customer" in dapolicy.render_explanation(decision)


def timed_rules(count: int) -> str:
    return "".join(f"  - id: generated_{k}\n    action: contact_survivor\n    modality: must\n    when: survivor.is_customer\n"
                   f"    due: {{hours: {k + 2}}}\n    assumption: {{reason: generated}}\n" for k in range(count))  # fmt: skip


def test_more_than_eight_deadlines_for_one_action_are_refused_at_the_ninth(tmp_path):
    path = hpg_with(tmp_path, "rules:\n", "rules:\n" + timed_rules(12))
    message = refused(path)
    assert "error[compile.too_many_deadlines] the rules for 'contact_survivor' give 13 different deadlines" in message
    ninth = HPG.index("rules:\n") + len("rules:\n")
    assert f"policy.yaml:{HPG[:ninth].count(chr(10)) + 1 + 6 * 8 + 4}:" in message  # the `due:` of the ninth rule


def test_more_than_fifty_rules_for_one_action_are_refused(tmp_path):
    rules = "".join(f"  - id: generated_{k}\n    action: risk_assessment\n    modality: must\n    when: survivor.is_customer\n"
                    f"    assumption: {{reason: generated}}\n" for k in range(51))  # fmt: skip
    message = refused(hpg_with(tmp_path, "rules:\n", "rules:\n" + rules))
    assert "error[compile.too_many_rules]" in message and "rules are for 'risk_assessment'; at most 50" in message
