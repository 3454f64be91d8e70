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


def test_every_bundled_ruleset_has_a_clause_map_naming_each_of_its_rules():
    for policy_id in dapolicy.bundled_ids():
        page = DOCS / "policies" / f"{policy_id}.md"
        assert page.is_file(), f"no clause map for {policy_id}"
        text = page.read_text(encoding="utf-8")
        model = dapolicy.load_policy(policy_id).model
        names = [rule.id for rule in model.rules] + list(model.definitions)
        assert [name for name in names if name not in text] == []


def test_the_published_case_schema_is_the_one_the_code_generates():
    assert (DOCS / "case.schema.json").read_text(encoding="utf-8") == _generator().case_schema_json()


def test_every_example_case_is_valid_against_the_case_schema():
    import jsonschema

    examples = Path(__file__).resolve().parents[1] / "examples"
    validator = jsonschema.Draft202012Validator(dapolicy.case_schema())
    for path in sorted(examples.iterdir()):
        case = dapolicy.load_case(path.read_text(encoding="utf-8"), path.name)
        assert list(validator.iter_errors(case)) == [], path.name
        dapolicy.load_policy("hpg").evaluate(case)


def test_the_case_schema_rejects_what_the_case_reader_rejects():
    import jsonschema

    validator = jsonschema.Draft202012Validator(dapolicy.case_schema())
    for bad in ({"survivor": {"age": "thirty"}}, {"relationship": "spuose"}, {"behaviours": ["verbal"]},
                {"risk": {"dash_score": 25}}, {"survivor": {"is_custmer": True}}, {"unknown_fact": 1}):
        assert list(validator.iter_errors(bad)), bad
