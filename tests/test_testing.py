"""The YAML policy tests (docs/testing.md): reading test files, matching a partial decision, coverage, the CLI
and the pytest plugin."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

import dapolicy
from dapolicy import PolicyError, cli
from dapolicy.testing import TestSession, find_test_files, load_test_file, run_tests

pytest_plugins = ["pytester"]

#: A complete HPG customer case reported on Monday 2 March 2026 at 10:00 GMT.
BASE = """\
policy: hpg
base_cases:
  default:
    reported_at: "2026-03-02T10:00"
    report_source: survivor
    relationship: spouse
    behaviours: [physical]
    survivor: {age: 30, is_customer: true, is_leaseholder: false, has_care_and_support_needs: false}
    perpetrator: {age: 32, is_customer: false, seeks_to_change: false}
    children: {affected: false, at_risk: false}
    risk: {safe_to_remain: true, enforcement_compromises_safety: false}
    safeguarding_concern: false
    legal_duty_to_disclose: false
    statutory_agency_support: []
    evidence_sufficient: false
    property_damage_by_perpetrator: false
tests:
"""

CONTACT = """\
  - name: a customer who reports is contacted within one working day
    keywords: ["3.2", deadline]
    expect:
      actions:
        - id: contact_survivor
          modality: must
          due: "2026-03-03T23:59:59+00:00"
          authority: null
          citations: [{clause: "3.2"}]
"""


def write(tmp_path, tests: str, name: str = "hpg.tests.yaml", head: str = BASE):
    path = tmp_path / name
    path.write_text(head + textwrap.dedent(tests), encoding="utf-8")
    return path


def only_result(path, **kwargs):
    report = run_tests([path], **kwargs)
    assert not report.file_problems, report.file_problems
    assert len(report.results) == 1
    return report.results[0]


def messages(result) -> list[str]:
    return [f"{d.mark.line}:{d.mark.column} {d.field}: {d.message}" for d in result.differences]


# --- matching ----------------------------------------------------------------------------------------------


def test_a_test_stating_the_exact_contact_duty_passes(tmp_path):
    assert only_result(write(tmp_path, CONTACT)).status == "passed"


def test_a_wrong_deadline_is_named_at_the_line_where_the_test_states_it(tmp_path):
    path = write(tmp_path, CONTACT.replace("2026-03-03T23:59:59", "2026-03-04T23:59:59"))
    result = only_result(path)
    assert result.status == "failed"
    assert messages(result) == ["24:14 actions[contact_survivor].due: expected '2026-03-04T23:59:59+00:00', "
                                "found '2026-03-03T23:59:59+00:00'"]


def test_an_action_expected_but_undecided_says_where_it_is_and_what_it_waits_on(tmp_path):
    path = write(tmp_path, CONTACT.replace("    expect:", "    case: {survivor: {age: null}}\n    expect:"))
    assert messages(only_result(path)) == [
        "23:9 actions[contact_survivor]: contact_survivor is not in actions; it is in undecided "
        "(must, waits on survivor.age)"
    ]


def test_a_clause_the_action_does_not_cite_fails(tmp_path):
    result = only_result(write(tmp_path, CONTACT.replace('clause: "3.2"', 'clause: "3.3"')))
    assert result.status == "failed" and "no entry of actions[contact_survivor].citations matches" in messages(result)[0]


def test_an_empty_list_means_no_entry_at_all(tmp_path):
    path = write(tmp_path, """\
      - name: a complete case leaves nothing undecided and nothing in conflict
        expect: {undecided: [], conflicts: []}
      - name: with the age unknown the contact duty waits on it
        case: {survivor: {age: null}}
        expect: {undecided: []}
    """)
    first, second = run_tests([path]).results
    assert first.status == "passed"
    assert second.status == "failed"
    assert any("contact_survivor is in undecided" in d.message for d in second.differences)


def test_exhaustive_actions_fails_on_an_action_the_test_does_not_list(tmp_path):
    path = write(tmp_path, CONTACT + "    exhaustive: [actions]\n")
    result = only_result(path)
    assert result.status == "failed"
    assert any(d.field == "actions[action_plan]" and "lists every entry of actions" in d.message
               for d in result.differences)  # fmt: skip


def test_absent_fails_when_the_action_is_anywhere_in_the_decision(tmp_path):
    path = write(tmp_path, """\
      - name: a customer's report is not dropped
        absent: [contact_survivor, refer_to_marac]
    """)
    result = only_result(path)
    assert [d.field for d in result.differences] == ["absent[contact_survivor]"]
    assert "contact_survivor is in actions (must, due 2026-03-03T23:59:59+00:00)" in result.differences[0].message


def test_a_yes_without_quotes_is_the_text_yes_and_true_is_not_yes(tmp_path):
    path = write(tmp_path, """\
      - name: the case is domestic abuse
        expect: {domestic_abuse: {value: yes, statutory: "yes"}}
      - name: true is not the word yes
        expect: {domestic_abuse: {value: true}}
    """)
    first, second = run_tests([path]).results
    assert first.status == "passed"
    assert messages(second) == ["21:36 domestic_abuse.value: expected True, found 'yes' (the decision gives text "
                                "here; write it in quotes: 'yes')"]


def test_a_misspelt_field_of_the_decision_is_named_with_the_nearest(tmp_path):
    result = only_result(write(tmp_path, "  - name: misspelt\n    expect: {actons: []}\n"))
    assert messages(result) == ["19:20 actons: the decision has no field 'actons'; did you mean 'actions'?"]


def example_ruleset(tmp_path):
    """The small complete example of docs/ruleset-format.md, with a rule of its own for the police (5.4)."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "ruleset-format.md").read_text(encoding="utf-8")
    example = re.search(r"## A small complete example\n\n```yaml\n(.*?)```", text, re.S).group(1)
    police = textwrap.indent(textwrap.dedent("""\
        - id: report_to_the_police_5_4
          action: share_without_consent
          recipient: police
          modality: may
          exception_to: [share_only_with_consent_5_1]
          when: domestic_abuse and risk.serious_harm
          source:
            clause: "5.4"
            quote: "we may tell the police where there is a risk of serious harm"
        """), "  ")
    path = tmp_path / "example.yaml"
    path.write_text(example.replace("\nassumptions:", police + "\nassumptions:"), encoding="utf-8")
    return path


EXAMPLE = """\
base_cases:
  default:
    reported_at: "2026-12-24T10:00"
    relationship: spouse
    behaviours: [sexual]
    survivor: {age: 40, is_customer: true}
    perpetrator: {age: 41}
    legal_duty_to_disclose: false
    risk: {serious_harm: true}
tests:
"""


def test_an_action_with_an_entry_per_recipient_needs_the_recipient_stated(tmp_path):
    example_ruleset(tmp_path)
    path = write(tmp_path, """\
      - name: the police may be told without consent where harm is serious, nobody else
        expect:
          actions:
            - {id: share_without_consent, recipient: police, modality: may}
          conflicts: []
          undecided: []
        absent: [{id: share_without_consent, recipient: marac}]
      - name: which entry is meant must be said
        expect:
          actions: [{id: share_without_consent, modality: must_not}]
    """, name="example.tests.yaml", head=EXAMPLE)
    first, second = run_tests([path]).results
    assert first.status == "passed", first.differences
    assert second.status == "failed"
    assert second.differences[0].message == ("share_without_consent has an entry for each of: any, police; "
                                             "state `recipient:`")


def test_the_base_case_is_merged_key_by_key_and_null_makes_a_fact_unknown(tmp_path):
    path = write(tmp_path, "  - name: x\n    case: {survivor: {age: null}, behaviours: [sexual]}\n    absent: [x]\n")
    case = load_test_file(path).tests[0].case
    assert case["survivor"] == {"age": None, "is_customer": True, "is_leaseholder": False,
                                "has_care_and_support_needs": False}  # fmt: skip
    assert case["behaviours"] == ["sexual"]


# --- results kept apart ------------------------------------------------------------------------------------


def test_a_rejected_case_is_not_an_outcome_that_differs(tmp_path):
    result = only_result(write(tmp_path, "  - name: misspelt fact\n    case: {survivor: {aeg: 3}}\n    absent: [x]\n"))
    assert result.status == "rejected"
    assert "survivor.aeg" in result.problems[0] and "the case was rejected" in result.problems[0]


def test_a_ruleset_that_does_not_load_is_an_error_for_its_tests(tmp_path):
    (tmp_path / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    path = write(tmp_path, CONTACT, name="broken.tests.yaml", head=BASE.replace("policy: hpg\n", ""))
    result = only_result(path)
    assert result.status == "error" and "broken.yaml" in result.problems[0]


def test_a_test_file_names_the_ruleset_beside_it_by_default(tmp_path):
    path = write(tmp_path, CONTACT, name="hpg.tests.yaml", head=BASE.replace("policy: hpg\n", ""))
    assert load_test_file(path).tests[0].policy == "hpg"  # no hpg.yaml beside it: the bundled one
    (tmp_path / "hpg.yaml").write_text("id: hpg\n", encoding="utf-8")
    assert load_test_file(path).tests[0].policy == str(tmp_path / "hpg.yaml")


# --- mistakes in a test file -------------------------------------------------------------------------------


@pytest.mark.parametrize(("tests", "where", "words"), [
    ("  - name: a\n    expct: {}\n", "19:5", "unknown key 'expct' in a test"),
    ("  - description: no name\n    absent: [x]\n", "18:5", "every test needs a `name:`"),
    ("  - name: a\n    absent: [x]\n  - name: a\n    absent: [y]\n", "20:11", "two tests are named 'a' (the first at line 18)"),
    ("  - name: a\n", "18:5", "the test states nothing the decision must say"),
    ("  - name: a\n    base: defualt\n    absent: [x]\n", "19:11", "no base case named 'defualt'"),
    ("  - name: a\n    exhaustive: [action]\n    absent: [x]\n", "19:18", "'action' is not one of actions"),
    ("  - name: a\n    expect: {actions: [contact_survivor]}\n", "19:24", "each entry of `actions:` is a mapping"),
    ("  - name: a\n    case: [1]\n    absent: [x]\n", "19:11", "`case:` is a case document"),
])  # fmt: skip
def test_a_mistake_in_a_test_file_is_located(tmp_path, tests, where, words):
    path = tmp_path / "hpg.tests.yaml"
    path.write_text(BASE + tests, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_test_file(path)
    rendered = str(caught.value)
    assert f"{path}:{where}:" in rendered and words in rendered, rendered
    assert rendered.startswith("1 problem in test file\n"), rendered


def test_an_empty_test_list_is_refused(tmp_path):
    with pytest.raises(PolicyError, match="`tests:` must be a list of tests"):
        load_test_file(write(tmp_path, "", head=BASE.replace("tests:\n", "tests: []\n")))


def test_a_test_file_with_mistakes_does_not_stop_the_others(tmp_path):
    write(tmp_path, "  - name: a\n    expct: {}\n", name="a.tests.yaml")
    write(tmp_path, CONTACT, name="b.tests.yaml")
    report = run_tests([tmp_path])
    assert [p.code for p in report.file_problems] == ["test.unknown_key"]
    assert [r.status for r in report.results] == ["passed"] and not report.ok


# --- coverage ----------------------------------------------------------------------------------------------


def test_coverage_names_the_rules_no_test_made_hold_and_the_clauses_left(tmp_path):
    report = run_tests([write(tmp_path, CONTACT)], coverage=True)
    (coverage,) = report.coverage.values()
    model = dapolicy.load_policy("hpg").model
    assert "contact_within_one_working_day_3_2" in coverage.held
    assert "consider_rehousing_3_8" in coverage.never_held
    assert len(coverage.items) == len(model.rules) + len(model.definitions)
    assert 0 < coverage.percent < 100
    assert "3.8" in coverage.untested_clauses and "3.2" not in coverage.untested_clauses
    assert report.below(100) == [coverage] and report.below(coverage.percent) == []


def test_a_branch_is_decisive_only_where_it_alone_decides(tmp_path):
    """`customer_experiencing_abuse and not risk.safe_to_remain` (3.8): with the survivor safe to remain, only the
    second part decides; with her not safe, both do."""
    safe = run_tests([write(tmp_path, CONTACT)], coverage=True)
    (coverage,) = safe.coverage.values()
    parts = {b.text: decided for b, decided in coverage.branches.items() if b.owner == "consider_rehousing_3_8"}
    assert parts["not risk.safe_to_remain"] is True and parts["customer_experiencing_abuse"] is False
    unsafe = CONTACT.replace("    expect:", "    case: {risk: {safe_to_remain: false}}\n    expect:")
    (coverage,) = run_tests([write(tmp_path, unsafe)], coverage=True).coverage.values()
    parts = {b.text: decided for b, decided in coverage.branches.items() if b.owner == "consider_rehousing_3_8"}
    assert parts["customer_experiencing_abuse"] is True and "consider_rehousing_3_8" in coverage.held


def test_unknown_facts_decide_no_branch(tmp_path):
    session = TestSession(coverage=True)
    path = write(tmp_path, "  - name: nothing known\n    base: empty\n    absent: [x]\n",
                 head=BASE.replace("base_cases:\n", "base_cases:\n  empty: {}\n"))  # fmt: skip
    session.run(load_test_file(path).tests[0])
    (coverage,) = session.coverage.values()
    owners = {b.owner for b, decided in coverage.branches.items() if decided}
    assert "consider_rehousing_3_8" not in owners and "customer" not in owners


# --- the command -------------------------------------------------------------------------------------------


def run(capsys, *argv):
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_dapolicy_test_exits_1_on_a_failure_and_prints_where(tmp_path, capsys):
    path = write(tmp_path, CONTACT.replace('modality: must', 'modality: should'))
    status, out, _ = run(capsys, "test", str(path))
    assert status == 1
    assert f"{path}:18:3: FAILED (outcome differs): a customer who reports" in out
    assert f"{path}:23:19: actions[contact_survivor].modality: expected 'should', found 'must'" in out
    assert "0 passed, 1 failed" in out


def test_dapolicy_test_selects_by_keyword_and_checks_the_threshold(tmp_path, capsys):
    path = write(tmp_path, CONTACT + "  - name: other\n    keywords: [\"9.9\"]\n    absent: [x]\n")
    status, out, _ = run(capsys, "test", str(path), "-k", "deadline")
    assert status == 0 and "1 passed, 1 deselected" in out
    status, _, err = run(capsys, "test", str(path), "--threshold", "100")
    assert status == 1 and "below the threshold of 100%" in err
    status, out, _ = run(capsys, "test", str(path), "--coverage", "--format", "json")
    document = json.loads(out)
    assert status == 0 and document["counts"]["passed"] == 2 and document["coverage"][0]["rules_percent"] < 100


def test_dapolicy_test_says_when_nothing_ran(tmp_path, capsys):
    status, _, err = run(capsys, "test", str(tmp_path))
    assert status == 1 and "no tests ran" in err
    status, _, err = run(capsys, "test", str(tmp_path / "nowhere"))
    assert status == 2 and "no such file or folder" in err
    status, _, err = run(capsys, "test", str(tmp_path), "--threshold", "120")
    assert status == 2 and "from 0 to 100" in err


def test_the_bundled_test_files_are_found_and_not_taken_for_rulesets():
    assert all(path.name.endswith(".tests.yaml") for path in find_test_files())
    assert not any(policy_id.endswith(".tests") for policy_id in dapolicy.bundled_ids())


# --- pytest ------------------------------------------------------------------------------------------------


def test_pytest_collects_the_yaml_tests_and_shows_what_differs(pytester):
    head = BASE
    pytester.makefile(".tests.yaml", hpg=head + CONTACT + CONTACT.replace("reports is", "reports, again, is")
                      .replace("modality: must", "modality: may"))  # fmt: skip
    result = pytester.runpytest("-p", "no:cacheprovider", "--dapolicy-coverage")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*FAILED (outcome differs): a customer who reports, again, is contacted*",
                                 "*actions?contact_survivor?.modality: expected 'may', found 'must'*",
                                 "*dapolicy coverage*", "coverage of hpg*"])  # fmt: skip
    assert pytester.runpytest("-p", "no:cacheprovider", "-k", "deadline and again").ret == 1


def test_every_bundled_ruleset_has_tests_that_pass_and_make_every_rule_and_definition_hold():
    report = run_tests(coverage=True)
    assert report.ok, [r.test.name for r in report.results if not r.passed]
    assert sorted(c.policy for c in report.coverage.values()) == sorted(dapolicy.bundled_ids())
    for coverage in report.coverage.values():
        assert (coverage.policy, coverage.percent, coverage.never_held) == (coverage.policy, 100.0, [])
        assert coverage.untested_clauses == [], coverage.policy
