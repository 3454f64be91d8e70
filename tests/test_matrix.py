"""The matrix of rulesets side by side: every rule in its cell, and the Markdown and HTML renderings."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

import dapolicy
from dapolicy.matrix import policy_matrix, render_matrix_html, render_matrix_markdown
from dapolicy.model.vocabulary import ACTIONS
from test_compare import ruleset

VOID = {"meta", "br"}
LEFT_RULES = """
    - {id: contact_fast, action: contact_survivor, modality: must, when: survivor.is_customer, due: {hours: 24},
       authority: safeguarding_lead,
       source: [{clause: "2", quote: "we contact <b>&\\" now"}, {clause: "2", quote: "within a day"}]}
"""
RIGHT_RULES = """
    - {id: plan, action: action_plan, modality: may, when: "true", source: {clause: "A|B", quote: "a plan"}}
    - {id: plan_soon, action: action_plan, modality: should, when: survivor.is_customer, due: {working_days: 3},
       source: {clause: "C", quote: "soon"}}
    - {id: no_noise, action: tenancy_enforcement_for_noise, modality: must_not, when: "true",
       source: {clause: "D", quote: "never"}}
"""


@pytest.fixture(scope="module")
def bundled():
    return [dapolicy.load_policy(policy_id).compiled for policy_id in dapolicy.bundled_ids()]


@pytest.fixture
def pair(tmp_path):
    left = ruleset(tmp_path, "left", LEFT_RULES)
    right = ruleset(tmp_path, "right", RIGHT_RULES, definition="survivor.is_customer")
    return policy_matrix([left.compiled, right.compiled])


def cell(document: dict, subject: str, ruleset_id: str) -> list[dict]:
    return next(row for row in document["rows"] if row["subject"] == subject)["cells"][ruleset_id]


def table_line(markdown: str, starts: str) -> str:
    return next(line for line in markdown.splitlines() if line.startswith(starts))


class Elements(HTMLParser):
    """Checks that every element is closed in order and counts the top-level ones."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.top: list[str] = []
        self.titles: list[str] = []

    def handle_starttag(self, tag, attrs):
        if not self.open:
            self.top.append(tag)
        self.titles += [value for name, value in attrs if name == "title"]
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open.pop() == tag


def test_every_rule_of_every_bundled_ruleset_is_in_its_cell(bundled):
    document = policy_matrix(bundled).to_dict()
    json.dumps(document)
    assert document["columns"] == [{"id": p.id, "landlord": p.landlord} for p in bundled]
    actions = sorted({rule.action for policy in bundled for rule in policy.rules})
    assert [row["subject"] for row in document["rows"]] == ["domestic_abuse", *actions]
    assert [row["description"] for row in document["rows"][1:]] == [ACTIONS[action] for action in actions]
    for row in document["rows"][1:]:
        for policy in bundled:
            expected = [
                {"modality": rule.modality, "rule": rule.id, "authority": rule.authority,
                 "due": None if rule.due is None else rule.due.model_dump(exclude_none=True),
                 "clauses": list(dict.fromkeys(c.clause for c in rule.citations)),
                 "recipient": rule.recipient, "exception_to": list(rule.exception_to)}
                for rule in policy.rules if rule.action == row["subject"]
            ]  # fmt: skip
            assert row["cells"][policy.id] == expected


def test_bundled_deadlines_and_approvers_read_as_elsewhere_in_the_project(bundled):
    matrix = policy_matrix(bundled)
    assert cell(matrix.to_dict(), "contact_survivor", "hpg") == [
        {"modality": "must", "due": {"working_days": 1}, "authority": None, "clauses": ["3.2"],
         "rule": "contact_within_one_working_day_3_2", "recipient": None, "exception_to": []}
    ]  # fmt: skip
    markdown = render_matrix_markdown(matrix)
    assert "| must, 1 working day [3.2] |" in table_line(markdown, "| `contact_survivor`:")
    assert "may, to police, approved by safeguarding lead, except to utmost_confidence_confidentiality [Confidentiality]" in (
        table_line(markdown, "| `share_without_consent`:")
    )


def test_the_definition_row_marks_the_baseline_and_rulesets_that_adopt_the_acts_definition(bundled):
    row = policy_matrix(bundled).to_dict()["rows"][0]
    assert (row["subject"], row["description"]) == ("domestic_abuse", "definition of domestic abuse")
    assert {ruleset_id: entries[0]["statutory"] for ruleset_id, entries in row["cells"].items()} == {
        "amplius": False, "ckh": True, "hpg": False, "ovh": False, "statutory": True, "wolverhampton": True,
    }  # fmt: skip
    assert row["cells"]["wolverhampton"] == [{"clauses": ["4.0"], "statutory": True, "definition": "domestic_abuse"}]
    assert row["cells"]["hpg"] == [{"clauses": ["1.1"], "statutory": False, "definition": "domestic_abuse"}]
    assert table_line(render_matrix_markdown(policy_matrix(bundled)), "| **Definition").split(" | ")[2:4] == [
        "the Act's definition [Definition of domestic abuse]", "own definition [1.1]",
    ]  # fmt: skip


def test_a_definition_that_only_uses_the_acts_is_not_the_acts(tmp_path):
    narrower = ruleset(tmp_path, "narrower", "[]\n", definition="statutory.domestic_abuse and survivor.is_customer")
    document = policy_matrix([narrower.compiled]).to_dict()
    assert document["rows"] == [{
        "subject": "domestic_abuse", "description": "definition of domestic abuse",
        "cells": {"narrower": [{"clauses": ["1"], "statutory": False, "definition": "domestic_abuse"}]},
    }]  # fmt: skip


def test_a_pair_of_rulesets_gives_exact_cells(pair):
    document = pair.to_dict()
    assert document["columns"] == [{"id": "left", "landlord": "Test Homes"}, {"id": "right", "landlord": "Test Homes"}]
    assert [row["subject"] for row in document["rows"]] == [
        "domestic_abuse", "action_plan", "contact_survivor", "tenancy_enforcement_for_noise",
    ]  # fmt: skip
    assert cell(document, "contact_survivor", "left") == [
        {"modality": "must", "due": {"hours": 24}, "authority": "safeguarding_lead", "clauses": ["2"],
         "rule": "contact_fast", "recipient": None, "exception_to": []}
    ]  # fmt: skip
    assert cell(document, "contact_survivor", "right") == []
    assert cell(document, "action_plan", "left") == []
    assert cell(document, "action_plan", "right") == [
        {"modality": "may", "due": None, "authority": None, "clauses": ["A|B"], "rule": "plan", "recipient": None, "exception_to": []},
        {"modality": "should", "due": {"working_days": 3}, "authority": None, "clauses": ["C"], "rule": "plan_soon", "recipient": None, "exception_to": []},
    ]
    assert cell(document, "domestic_abuse", "left") == [
        {"clauses": ["1"], "statutory": True, "definition": "domestic_abuse"}
    ]
    assert cell(document, "domestic_abuse", "right") == [
        {"clauses": ["1"], "statutory": False, "definition": "domestic_abuse"}
    ]


def test_the_columns_keep_the_order_given_and_a_ruleset_appears_once(tmp_path):
    left = ruleset(tmp_path, "left", LEFT_RULES).compiled
    right = ruleset(tmp_path, "right", RIGHT_RULES).compiled
    assert [column.id for column in policy_matrix([right, left]).columns] == ["right", "left"]
    assert list(policy_matrix([right, left]).to_dict()["rows"][1]["cells"]) == ["right", "left"]
    with pytest.raises(ValueError, match="each ruleset may appear once in the matrix: left, right, left"):
        policy_matrix([left, right, left])


def test_the_markdown_table_reads_as_a_compliance_officer_expects(pair):
    markdown = render_matrix_markdown(pair)
    lines = markdown.splitlines()
    assert lines[0] == "# Domestic-abuse policies side by side"
    assert lines[2].startswith("How to read a cell: each line is one rule of that ruleset")
    assert lines[4:10] == [
        "| Subject | left | right |",
        "| --- | --- | --- |",
        "| **Definition of domestic abuse** | the Act's definition [1] | own definition [1] |",
        "| `action_plan`: agree an action or safety plan | — | may [A\\|B]<br>should, 3 working days [C] |",
        "| `contact_survivor`: make (discreet, safe) contact with the survivor "
        "| must, 24 hours, approved by safeguarding lead [2] | — |",
        "| `tenancy_enforcement_for_noise`: noise enforcement against the survivor (a prohibition where abuse may be "
        "the cause) | — | must not [D] |",
    ]
    assert lines[10:] == [
        "",
        "Rulesets:",
        "",
        "- `left`: Test Homes: Test policy left (version 1)",
        "- `right`: Test Homes: Test policy right (version 1)",
    ]
    assert markdown.endswith("\n")


def test_the_html_is_one_self_contained_escaped_printable_page(pair):
    page = render_matrix_html(pair)
    assert page.startswith("<!DOCTYPE html>\n") and page.count("<html") == page.count("</html>") == 1
    elements = Elements()
    elements.feed(page.removeprefix("<!DOCTYPE html>\n"))
    elements.close()
    assert elements.top == ["html"] and elements.open == []
    assert "<script" not in page.lower() and "http://" not in page and "https://" not in page
    assert "<link" not in page and "src=" not in page and "@import" not in page and "url(" not in page
    assert "<title>Domestic-abuse policies side by side</title>" in page
    assert "<h1>Domestic-abuse policies side by side</h1>" in page
    for css in ("thead { display: table-header-group; }", "position: sticky", "@media print {",
                "@page { size: A4 landscape; margin: 12mm; }", "tr { break-inside: avoid;", "font-size: 7pt;"):
        assert css in page
    assert page.index("@media print {") < page.index("@page") < page.index("tr { break-inside: avoid;")
    contact = ('<li class="modality-must" title="2: &quot;we contact &lt;b&gt;&amp;&quot; now&quot;\n'
               '2: &quot;within a day&quot;"><strong>must</strong>, 24 hours, approved by safeguarding lead [2]</li>')
    assert contact in page
    assert '<b>&"' not in page
    assert '2: "we contact <b>&\" now"\n2: "within a day"' in elements.titles
    assert '<li class="modality-must-not" title="D: &quot;never&quot;"><strong>must not</strong> [D]</li>' in page
    assert '<td class="none">—</td>' in page
    assert "<td>Test policy left</td><td>1</td>" in page and "<td>Test policy right</td><td>1</td>" in page
    for modality, meaning in (("must", "a duty"), ("should", "best endeavours"), ("must-not", "a prohibition")):
        words = modality.replace("-", " ")
        assert f'<li><span class="modality-{modality}">{words}</span>: {meaning}</li>' in page
