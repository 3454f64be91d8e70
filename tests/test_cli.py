"""The command line: validate, evaluate, explain; exit 0 success, 1 input rejected, 2 usage; never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dapolicy", *args], input=stdin, capture_output=True, text=True)


def test_evaluate_prints_the_decision_document_as_json():
    result = run("evaluate", "hpg", str(EXAMPLES / "christmas-eve-referral.json"))
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    contact = next(a for a in decision["actions"] if a["id"] == "contact_survivor")
    assert contact["due"] == "2026-12-29T23:59:59+00:00"
    assert contact["modality"] == "must"
    assert "25, 26 and 28 Dec are not working days" in contact["because"][0]


def test_evaluate_text_gives_the_deadline_in_words_with_the_clause_and_its_quote():
    result = run("evaluate", "hpg", str(EXAMPLES / "christmas-eve-referral.json"), "--format", "text")
    assert result.returncode == 0, result.stderr
    assert "by 23:59 on Tuesday 29 December 2026" in result.stdout
    assert 'Clause 3.2: "Customers reporting domestic abuse' in result.stdout


def test_a_friday_afternoon_report_is_due_by_the_end_of_monday():
    result = run("evaluate", "hpg", str(EXAMPLES / "friday-report.yaml"), "--format", "text")
    assert result.returncode == 0, result.stderr
    assert "by 23:59 on Monday 21 December 2026" in result.stdout


def test_explain_shows_what_did_not_apply_and_what_waits_on_which_facts():
    result = run("explain", "hpg", str(EXAMPLES / "partial-third-party.yaml"))
    assert result.returncode == 0, result.stderr
    assert "Rules that did not apply" in result.stdout
    assert "Rules waiting on facts" in result.stdout
    assert "needs " in result.stdout and "survivor.age" in result.stdout


def test_the_case_can_come_from_standard_input():
    case = json.dumps({"survivor": {"is_customer": False}})
    result = run("evaluate", "hpg", "-", stdin=case)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["actions"] == []


def test_a_bad_case_is_rejected_with_exit_1_naming_the_field_and_no_traceback():
    result = run("evaluate", "hpg", "-", stdin='{"survivor": {"age": "thirty"}}')
    assert result.returncode == 1
    assert "survivor.age" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_ruleset_is_rejected_with_exit_1_naming_file_line_and_column(tmp_path):
    policy = tmp_path / "bad.yaml"
    policy.write_text("id: bad\nlandlord: {name: X, kind: none}\nrules: [\n")
    result = run("validate", str(policy))
    assert result.returncode == 1
    assert f"{policy}:4:1" in result.stderr or f"{policy}:3:" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_with_no_files_checks_every_bundled_ruleset():
    result = run("validate")
    assert result.returncode == 0, result.stderr
    assert "ok: hpg" in result.stdout and "ok: statutory" in result.stdout


def test_an_unknown_bundled_policy_is_rejected_with_a_suggestion():
    result = run("evaluate", "hgp", str(EXAMPLES / "friday-report.yaml"))
    assert result.returncode == 1
    assert "did you mean 'hpg'?" in result.stderr


@pytest.mark.parametrize("args", [(), ("evaluate", "hpg"), ("evaluate", "hpg", "x.yaml", "--format", "xml"),
                                  ("evaluate", "statutory", "-", "--set", "landlord_kind")])
def test_usage_errors_exit_2(args):
    assert run(*args, stdin="{}").returncode == 2


def test_a_parameter_can_be_overridden_from_the_command_line():
    case = json.dumps({"relationship": "spouse", "behaviours": ["physical"], "survivor": {"age": 30, "tenure": "secure"},
                       "perpetrator": {"age": 31}})
    result = run("evaluate", "statutory", "-", "--set", "landlord_kind=local_housing_authority", stdin=case)
    assert result.returncode == 0, result.stderr
    assert "rehousing_same_tenure" in [a["id"] for a in json.loads(result.stdout)["actions"]]


def test_a_missing_case_file_is_rejected_with_exit_1():
    result = run("evaluate", "hpg", "no-such-case.yaml")
    assert result.returncode == 1
    assert "no such case file" in result.stderr


def test_compare_prints_the_comparison_document_with_verified_witnesses():
    result = run("compare", "hpg", "hpg")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["equivalent"] is True and document["differences"] == []


def test_compare_text_names_each_difference_with_both_clauses_and_the_witness():
    result = run("compare", "hpg", "amplius", "--format", "text")
    assert result.returncode == 0, result.stderr
    assert "contact_survivor: required or permitted by one ruleset, not the other" in result.stdout
    assert 'clause 3.2: "Customers reporting domestic abuse' in result.stdout
    assert "witness: " in result.stdout


def test_compare_text_gives_a_deadline_difference_in_words_with_the_report_time():
    result = run("compare", "hpg", "ckh", "--format", "text")
    assert result.returncode == 0, result.stderr
    block = result.stdout.split("contact_survivor: different deadline for the same report\n")[1].split("\n\n")[0]
    assert block.splitlines()[0] == "  hpg: must, due by 23:59 on Wednesday 3 April 2024"
    assert "  ckh: must, no deadline" in block
    assert 'witness: reported_at = "2024-04-02T10:00:00+01:00"' in block


def test_compare_all_prints_the_matrix_in_markdown_and_as_a_printable_page():
    markdown = run("compare", "--all")
    assert markdown.returncode == 0, markdown.stderr
    header = next(line for line in markdown.stdout.splitlines() if line.startswith("| Subject"))
    assert header == "| Subject | amplius | ckh | hpg | ovh | statutory | wolverhampton |"
    contact = next(line for line in markdown.stdout.splitlines() if line.startswith("| `contact_survivor`"))
    assert "must, 1 working day [3.2]" in contact
    page = run("compare", "--all", "--format", "html")
    assert page.returncode == 0, page.stderr
    assert page.stdout.startswith("<!DOCTYPE html>") and "@media print" in page.stdout and "<script" not in page.stdout


@pytest.mark.parametrize("arguments,message", [
    (("compare", "hpg"), "compare needs two rulesets"),
    (("compare", "--all", "hpg"), "compare --all takes no POLICY"),
    (("compare", "hpg", "ckh", "--format", "html"), "--format html is for compare --all"),
])  # fmt: skip
def test_compare_refuses_a_wrong_combination_of_arguments_as_a_usage_error(arguments, message):
    result = run(*arguments)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_conformance_names_the_narrower_definition_with_both_clauses_and_the_witness():
    result = run("conformance", "hpg", "--format", "text")
    assert result.returncode == 1, result.stderr  # it does not conform: CI can gate on the status
    assert "hpg does not conform: 4 shortfalls" in result.stderr
    assert "hpg does not conform: 4 findings, 4 shortfalls" in result.stdout
    assert "domestic_abuse: the policy's definition is narrower than the Act's" in result.stdout
    assert 'clause 1.1: "Domestic abuse is any incident' in result.stdout
    assert 'relationship = "shared_parent"' in result.stdout


def test_conformance_baseline_set_overrides_the_landlord_kind():
    result = run("conformance", "wolverhampton", "--baseline-set", "landlord_kind=private_registered_provider")
    assert result.returncode == 1, result.stderr  # a shortfall remains; the document is still printed
    document = json.loads(result.stdout)
    assert document["baseline"]["parameters"] == {"landlord_kind": "private_registered_provider"}
    assert "rehousing_same_tenure" not in {f["subject"] for f in document["findings"]}
