"""The documentation stays true to the code: the format example loads, the vocabulary page lists everything."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import dapolicy
from dapolicy.model.vocabulary import ACTIONS, FACTS

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_the_example_in_the_ruleset_format_guide_loads(tmp_path):
    text = (DOCS / "ruleset-format.md").read_text(encoding="utf-8")
    example = re.search(r"## A small complete example\n\n```yaml\n(.*?)```", text, re.S).group(1)
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    policy = dapolicy.load_policy(path)
    decision = policy.evaluate({"reported_at": "2026-12-24T10:00", "relationship": "spouse", "behaviours": ["sexual"],
                                "survivor": {"age": 40, "is_customer": True}, "perpetrator": {"age": 41}})
    contact = decision.action("contact_survivor")
    assert contact is not None and contact.due.isoformat() == "2026-12-29T23:59:59+00:00"


def _generator():
    spec = importlib.util.spec_from_file_location("generate_docs", DOCS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_vocabulary_page_is_the_one_generated_from_the_code():
    assert (DOCS / "vocabulary.md").read_text(encoding="utf-8") == _generator().vocabulary_markdown()


def test_the_vocabulary_page_lists_every_fact_and_action():
    text = (DOCS / "vocabulary.md").read_text(encoding="utf-8")
    assert [fact for fact in FACTS if f"| `{fact}` |" not in text] == []
    assert [action for action in ACTIONS if f"| `{action}` |" not in text] == []


def test_every_clause_map_is_the_page_dapolicy_doc_writes():
    """Regenerate with: for id in amplius ckh hpg ovh statutory wolverhampton; do
    dapolicy doc $id --out docs/policies/$id.md; done"""
    stale = [policy_id for policy_id in dapolicy.bundled_ids()
             if (DOCS / "policies" / f"{policy_id}.md").read_text(encoding="utf-8") != dapolicy.literate(policy_id)]  # fmt: skip
    assert stale == []


def test_every_clause_map_shows_each_rule_and_definition_in_full_at_a_paragraph_it_quotes():
    for policy_id in dapolicy.bundled_ids():
        text = (DOCS / "policies" / f"{policy_id}.md").read_text(encoding="utf-8")
        model = dapolicy.load_policy(policy_id).model
        shown = [f"**rule `{rule.id}`**" for rule in model.rules] + [f"**definition `{name}`**" for name in model.definitions]
        assert [item for item in shown if item not in text] == [], policy_id
        assert "## Quotes not found in the source text" not in text, policy_id
