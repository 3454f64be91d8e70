"""`dapolicy doc`: the source text paragraph by paragraph, with the rules whose quotes fall in each."""

from __future__ import annotations

import pytest

import dapolicy
from dapolicy.cli import main
from dapolicy.literate import split_paragraphs

TEXT = """\
# Example policy

## 1. Definitions

1.1. Domestic abuse is defined by the Act.

## 2. Response

- 2.1. We will contact you | within one working day.
- 2.2. We will listen to you.
We will contact you | again if needed.

## 3. Review

This policy is reviewed every <three> years.
"""

RULESET = """\
id: example
landlord: {name: Example Homes, kind: private_registered_provider}
document: {title: Example policy, version: "1", source_text: example.txt}
definitions:
  domestic_abuse:
    when: statutory.domestic_abuse
    source: {clause: "1.1", quote: "Domestic abuse is defined by the Act."}
rules:
  - id: contact_2_1
    action: contact_survivor
    modality: must
    when: domestic_abuse and survivor.age >= 16
    due: {working_days: 1}
    source: {clause: "2.1", quote: "We will contact you | within one working day"}
  - id: listen_2_2
    action: advice_and_assistance
    modality: should
    when: domestic_abuse
    source: {clause: "2.2", quote: "We will listen to you. We will contact you"}
"""


def _policy(tmp_path, extra: str = "", text: str = TEXT):
    (tmp_path / "example.txt").write_text(text, encoding="utf-8")
    path = tmp_path / "example.yaml"
    path.write_text(RULESET + extra, encoding="utf-8")
    return path


def test_a_heading_a_list_item_and_a_block_are_each_a_paragraph_with_their_clause():
    paragraphs = split_paragraphs(TEXT)
    assert [(p.kind, p.clause) for p in paragraphs] == [
        ("heading", "Example policy"), ("heading", "1"), ("text", "1.1"), ("heading", "2"), ("item", "2.1"),
        ("item", "2.2"), ("heading", "3"), ("text", "3")]  # fmt: skip
    assert paragraphs[5].text == "- 2.2. We will listen to you. We will contact you | again if needed."


def test_a_statutes_lettered_paragraph_stands_under_its_subsection_and_section():
    text = "1 Definition of abuse\n\n(2) Behaviour is abuse if—\n\n(a) A and B are aged 16 or over;\n"
    assert [p.trail for p in split_paragraphs(text)] == [("1",), ("1", "1(2)"), ("1", "1(2)", "1(2)(a)")]


def test_a_paragraph_dedented_after_a_list_is_a_heading_of_its_own():
    text = "Aims\n\n  • Listen\n  • Believe\nSupport\n\nWe support you.\n"
    assert [(p.kind, p.clause) for p in split_paragraphs(text)][-2:] == [("heading", "Support"), ("text", "Support")]


def test_each_item_stands_at_the_paragraphs_its_quote_falls_in(tmp_path):
    page = dapolicy.literate(_policy(tmp_path))
    contact = page.index("**rule `contact_2_1`**")
    assert page.rindex("**¶ 5**", 0, contact) > page.rindex("**¶ 4**", 0, contact)
    listen = page.index("**rule `listen_2_2`**")
    assert page.index("**¶ 6**") < listen < page.index("**¶ 7**")


def test_a_quote_across_two_paragraphs_is_named_at_the_second_as_well(tmp_path):
    text = TEXT.replace("- 2.2. We will listen to you.\nWe will", "- 2.2. We will listen to you.\n\nWe will")
    page = dapolicy.literate(_policy(tmp_path, text=text))
    assert "- rule `listen_2_2` (shown at ¶ 6)" in page


def test_a_quote_found_twice_stands_at_the_occurrence_under_its_clause(tmp_path):
    text = TEXT + "\n## 4. Contact\n\n4.1. We will contact you | within one working day.\n"
    page = dapolicy.literate(_policy(tmp_path, text=text))
    assert "rule `contact_2_1` (shown at" not in page
    assert page.index("**rule `contact_2_1`**") < page.index("**¶ 6**")


def test_a_rule_shows_its_action_modality_deadline_and_condition_in_words(tmp_path):
    page = dapolicy.literate(_policy(tmp_path))
    assert "- **rule `contact_2_1`**: contact_survivor, must, 1 working day\n" in page
    assert "  - when: domestic_abuse and survivor.age is at least 16\n" in page


def test_a_paragraph_without_a_rule_is_marked_and_carries_its_clauses_note(tmp_path):
    extra = 'clauses:\n  "3":\n    says: How often the policy is reviewed\n    note: About the policy, not a case.\n'
    page = dapolicy.literate(_policy(tmp_path, extra))
    review = page.index("**¶ 7** · 3")
    assert page[review:].split("\n\n")[1:5] == [
        "> 3\\. Review", "*No rule.*", "**Note on 3.** What it says: How often the policy is reviewed",
        "About the policy, not a case."]  # fmt: skip


def test_source_text_is_escaped_so_pipes_and_list_marks_stay_text(tmp_path):
    page = dapolicy.literate(_policy(tmp_path))
    assert "> \\- 2.1. We will contact you \\| within one working day." in page


def test_the_html_page_is_self_contained_and_escaped(tmp_path):
    page = dapolicy.literate(_policy(tmp_path), format="html")
    assert "every &lt;three&gt; years" in page and "<three>" not in page
    assert "<script" not in page and "src=" not in page and "<link" not in page and "http" not in page


def test_a_note_for_a_clause_the_text_lacks_is_a_located_error(tmp_path):
    path = _policy(tmp_path, 'clauses:\n  "Example polcy":\n    note: About the policy.\n')
    with pytest.raises(dapolicy.PolicyError) as raised:
        dapolicy.literate(path)
    (problem,) = raised.value.problems
    assert (problem.code, problem.path, problem.mark.line, problem.hint) == (
        "doc.unknown_clause", ("clauses", "Example polcy"), 21, "did you mean 'Example policy'?")  # fmt: skip


def test_an_empty_note_and_an_unknown_key_are_refused_when_loading(tmp_path):
    path = _policy(tmp_path, 'clauses:\n  "3":\n    note: " "\n    whn: x\n')
    with pytest.raises(dapolicy.PolicyError) as raised:
        dapolicy.load_policy(path)
    assert sorted((p.code, p.path) for p in raised.value.problems) == [
        ("load.invalid", ("clauses", "3", "note")), ("load.unknown_key", ("clauses", "3", "whn"))]  # fmt: skip


def test_doc_writes_the_page_to_the_file_named(tmp_path):
    out = tmp_path / "page.html"
    assert main(["doc", str(_policy(tmp_path)), "--format", "html", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_doc_without_the_source_text_is_rejected_naming_where_it_looked(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["doc", str(_policy(tmp_path)), "--sources", str(tmp_path / "empty")]) == 1
    assert "error[doc.no_source_text]" in capsys.readouterr().err
