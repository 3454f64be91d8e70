"""libyaml's C parser is used only where it reads a text exactly as the pure-Python parser does (issue 13): on
every YAML and JSON file of the repository, on snippets that put `?` (and tabs, byte-order marks) where the two
parsers may part, and on random edits of the rulesets, any node graph libyaml gives equals the pure-Python one:
the same kinds, tags, values, styles and marks."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from yaml.nodes import MappingNode, ScalarNode

from dapolicy._yaml import _Alias, _compose, _compose_with_libyaml, _ComposeOnly

REPO = Path(__file__).resolve().parents[1]
FILES = sorted(path for pattern in ("*.yaml", "*.yml", "*.json") for path in REPO.rglob(pattern)
               if ".git" not in path.parts and "node_modules" not in path.parts)  # fmt: skip
SNIPPETS = [
    "a: what?\n", 'a: "what?"\n', "a: 'what?'\n", "? a\n: b\n", "? a\n", "a: ? b\n", "- ?a\n", "- ? a\n",
    "a: ?\n", "a: ?b\n", "a?: b\n", "a ?: b\n", "a: |\n  what?\n", "a: >\n  what?\n  more?\n",
    "a: [what?]\n", "a: [what?, b]\n", "a: [b, ?c]\n", "a: [? b]\n", "a: [? b: c]\n", "a: {b?: c}\n",
    "a: {? b : c}\n", "a: {b: c?}\n", "a: [\"x?\"]\n", "a:\n  - [x,\n    y?]\n", "{a: b?}\n", "[a?]\n",
    "a: [b]  # what?\n", "a: b  # [c?]\n", "a: [b] ?\n", "a: {b: [c, d?]}\n", "a: [{b: c}, e?]\n",
    "a:\tb\n", "a: b\t\n", "\ufeffa: b\n", "a: [b,\tc]\n", "a: b", "a: what?",
]  # fmt: skip


def graph(node: Any, tags: dict[int, str]) -> Any:
    """A node graph as nested tuples: kind, tag, the tag written, value and style, flow style, and both marks."""
    if isinstance(node, _Alias):
        return ("alias", node.anchor, _mark(node.start_mark))
    head = (type(node).__name__, node.tag, tags.get(id(node)), _mark(node.start_mark), _mark(node.end_mark))
    if isinstance(node, ScalarNode):
        return (*head, node.value, node.style)
    if isinstance(node, MappingNode):
        return (*head, node.flow_style, tuple((graph(k, tags), graph(v, tags)) for k, v in node.value))
    return (*head, node.flow_style, tuple(graph(item, tags) for item in node.value))


def _mark(mark: Any) -> tuple[int, int, int]:
    return mark.line, mark.column, mark.index


def assert_read_alike(text: str) -> None:
    """Where libyaml gives a node graph, the pure-Python parser gives the same one (and does not refuse the text)."""
    fast = _compose_with_libyaml(text)
    if fast is None:
        return
    slow = _compose(_ComposeOnly, text)
    assert graph(fast[0], fast[1]) == graph(slow[0], slow[1])


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(REPO)))
def test_every_repository_file_is_read_alike(path):
    assert_read_alike(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", SNIPPETS)
def test_a_question_mark_tab_or_byte_order_mark_is_read_alike_or_by_the_pure_python_parser(text):
    try:
        assert_read_alike(text)
    except yaml.YAMLError:  # the pure-Python parser refuses a text libyaml accepted: the two read it differently
        pytest.fail(f"libyaml read {text!r}, which the pure-Python parser refuses")


def test_a_question_mark_inside_a_flow_collection_is_left_to_the_pure_python_parser():
    assert _compose_with_libyaml("a: [what?]\n") is None
    assert _compose_with_libyaml("a: {b: c?}\n") is None
    assert _compose_with_libyaml('a: "what?"\nb: [c]\n') is not None


@pytest.mark.parametrize("ruleset", ["ckh", "hpg", "ovh"])
def test_random_edits_of_a_ruleset_are_read_alike(ruleset):
    text = (REPO / "policies" / f"{ruleset}.yaml").read_text(encoding="utf-8")
    rng = random.Random(ruleset)
    for _ in range(60):
        place = rng.randrange(len(text))
        edited = text[:place] + rng.choice("?[]{},:#'\"-! ") + text[place:]
        try:
            assert_read_alike(edited)
        except yaml.YAMLError:
            pytest.fail(f"libyaml read an edit at {place} that the pure-Python parser refuses")
