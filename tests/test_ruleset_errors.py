"""Mistakes a policy officer can make in a ruleset file, and what `load_policy` tells them.

Each test starts from one valid minimal ruleset (`valid_ruleset()`), changes one thing, and checks that loading
raises `PolicyError` holding a Problem with the expected code, and that the rendered message names the file,
the exact line and column of the mistake (`file.yaml:LINE:COL`) and, where there is an obvious one, the hint.
Contract section 2: "Loading a bad ruleset raises dapolicy.PolicyError (a subclass of ValueError) whose message
names file, line and column and what is wrong."
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import dapolicy
from dapolicy import PolicyError, Problem

# --- helpers ------------------------------------------------------------------------------------------------

_RULE_SOURCE = """\
    source:
      clause: "3.2"
      quote: "We will contact the survivor within one working day."
"""


def valid_ruleset() -> str:
    """The text of a minimal valid ruleset: one definition of domestic abuse and one timed rule."""
    return (
        "id: test_policy\n"
        "landlord:\n"
        '  name: "Test Homes"\n'
        "  kind: private_registered_provider\n"
        "document:\n"
        '  title: "Test Homes domestic abuse policy"\n'
        '  version: "1"\n'
        "  source_text: test.txt\n"
        "definitions:\n"
        "  domestic_abuse:\n"
        "    when: statutory.domestic_abuse\n"
        "    source:\n"
        '      clause: "1.1"\n'
        '      quote: "We use the definition in the Domestic Abuse Act 2021."\n'
        "rules:\n"
        "  - id: contact_within_one_day\n"
        "    action: contact_survivor\n"
        "    modality: must\n"
        "    when: survivor.is_customer and domestic_abuse\n"
        "    due: {working_days: 1}\n" + _RULE_SOURCE
    )


def changed(old: str, new: str, text: str | None = None) -> str:
    """The ruleset text with exactly one occurrence of `old` replaced by `new`."""
    text = valid_ruleset() if text is None else text
    assert text.count(old) == 1, f"{old!r} must occur once in the ruleset text"
    return text.replace(old, new)


def position(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the `occurrence`-th `needle` in `text`."""
    index = -1
    for _ in range(occurrence):
        index = text.find(needle, index + 1)
        assert index >= 0, f"{needle!r} not found {occurrence} time(s)"
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def write(tmp_path: Path, text: str, name: str = "ruleset.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def load_error(path: str | Path) -> PolicyError:
    with pytest.raises(PolicyError) as caught:
        dapolicy.load_policy(path)
    return caught.value


def only_problem(error: PolicyError, code: str) -> Problem:
    """The one problem of `error` with `code` (failing with every code found otherwise)."""
    found = [p for p in error.problems if p.code == code]
    assert len(found) == 1, f"expected one {code}, found {[p.code for p in error.problems]}:\n{error}"
    return found[0]


def assert_located(error: PolicyError, problem: Problem, file: str, line: int, column: int) -> None:
    """The problem is marked at file:line:column, and the rendered message says so."""
    assert problem.mark is not None, f"{problem.code} has no mark"
    assert (problem.mark.file, problem.mark.line, problem.mark.column) == (file, line, column)
    where = re.escape(f"{file}:{line}:{column}") + r"(?!\d)"
    assert re.search(where, str(error)), f"{file}:{line}:{column} not in:\n{error}"


def check(tmp_path: Path, text: str, code: str, needle: str, *, occurrence: int = 1) -> tuple[PolicyError, Problem]:
    """Load `text`; assert one `code` problem located at the `occurrence`-th `needle`; return error and problem."""
    path = write(tmp_path, text)
    error = load_error(path)
    problem = only_problem(error, code)
    line, column = position(text, needle, occurrence)
    assert_located(error, problem, path, line, column)
    return error, problem


# --- the valid starting point ---------------------------------------------------------------------------------


def test_minimal_valid_ruleset_loads_and_evaluates(tmp_path):
    policy = dapolicy.load_policy(write(tmp_path, valid_ruleset()))
    assert policy.id == "test_policy"
    assert policy.landlord == "Test Homes"
    decision = policy.evaluate(
        {
            "reported_at": "2026-12-24T10:00",
            "relationship": "spouse",
            "behaviours": ["physical"],
            "survivor": {"age": 30, "is_customer": True},
            "perpetrator": {"age": 31},
        }
    ).to_dict()
    assert decision["domestic_abuse"]["value"] == "yes"
    assert [(a["id"], a["modality"], a["due"]) for a in decision["actions"]] == [
        ("contact_survivor", "must", "2026-12-29T23:59:59+00:00")
    ]


def test_minimal_valid_ruleset_loads_from_a_path_object(tmp_path):
    path = tmp_path / "ruleset.yaml"
    path.write_text(valid_ruleset(), encoding="utf-8")
    assert dapolicy.load_policy(path).id == "test_policy"


def test_policy_error_is_a_value_error(tmp_path):
    assert issubclass(PolicyError, ValueError)
    path = write(tmp_path, changed("modality: must", "modality: shall"))
    with pytest.raises(ValueError) as caught:
        dapolicy.load_policy(path)
    assert isinstance(caught.value, PolicyError)
    assert all(isinstance(p, Problem) for p in caught.value.problems)


# --- YAML -------------------------------------------------------------------------------------------------------


def test_yaml_syntax_error_mis_indented_key_is_located(tmp_path):
    text = changed("    modality: must\n", "   modality: must\n")
    check(tmp_path, text, "load.yaml_syntax", "modality")


def test_yaml_syntax_error_tab_indentation_is_located(tmp_path):
    text = changed("    modality: must\n", "\tmodality: must\n")
    check(tmp_path, text, "load.yaml_syntax", "\tmodality")


def test_yaml_syntax_error_tab_indentation_hint_names_tabs(tmp_path):
    text = changed("    modality: must\n", "\tmodality: must\n")
    error, problem = check(tmp_path, text, "load.yaml_syntax", "\tmodality")
    assert problem.hint is not None and "tab" in problem.hint.lower()
    assert "tab" in str(error).split("hint:", 1)[1].lower()


def test_duplicate_key_is_located_at_the_second_key(tmp_path):
    text = changed("    modality: must\n", "    modality: must\n    modality: may\n")
    error, problem = check(tmp_path, text, "load.duplicate_key", "modality: may")
    assert "'modality'" in problem.message
    first_line, _ = position(text, "modality: must")
    assert f"first at line {first_line}" in str(error)


def test_duplicate_top_level_key_is_located(tmp_path):
    text = valid_ruleset() + "id: another_id\n"
    check(tmp_path, text, "load.duplicate_key", "id: another_id")


def test_python_object_tag_is_refused(tmp_path, capfd):
    text = changed('  version: "1"', '  version: !!python/object/apply:os.system ["echo hi"]')
    error, problem = check(tmp_path, text, "load.unsafe_tag", "!!python/object/apply:os.system")
    assert problem.path == ("document", "version")
    assert "!!python/object/apply:os.system" in str(error)
    out, err = capfd.readouterr()
    assert "hi" not in out
    assert "hi" not in err


def test_python_object_tag_never_runs_its_command(tmp_path):
    marker = tmp_path / "ran.txt"
    text = changed(
        "    when: survivor.is_customer and domestic_abuse\n",
        f'    when: !!python/object/apply:os.system ["touch {marker}"]\n',
    )
    check(tmp_path, text, "load.unsafe_tag", "!!python/object/apply")
    assert not marker.exists()


def test_python_name_tag_is_refused(tmp_path):
    text = changed("  source_text: test.txt", "  source_text: !!python/name:os.system ''")
    check(tmp_path, text, "load.unsafe_tag", "!!python/name")


def test_empty_file_is_refused(tmp_path):
    path = write(tmp_path, "# nothing here\n")
    error = load_error(path)
    problem = only_problem(error, "load.empty")
    assert_located(error, problem, path, 1, 1)


def test_file_that_is_a_list_not_a_mapping_is_wrong_type(tmp_path):
    path = write(tmp_path, "- id: test_policy\n")
    error = load_error(path)
    problem = only_problem(error, "load.wrong_type")
    assert_located(error, problem, path, 1, 1)


# --- keys and types ---------------------------------------------------------------------------------------------


def test_unknown_key_in_rule_suggests_when_for_condition(tmp_path):
    text = changed("    when: survivor", "    condition: survivor")
    error, problem = check(tmp_path, text, "load.unknown_key", "condition:")
    assert problem.path == ("rules", 0, "condition")
    assert "did you mean 'when'?" in str(error)


def test_misspelt_top_level_key_suggests_the_right_one(tmp_path):
    text = changed("definitions:\n", "defintions:\n")
    error, problem = check(tmp_path, text, "load.unknown_key", "defintions")
    assert problem.hint == "did you mean 'definitions'?"
    assert "did you mean 'definitions'?" in str(error)


def test_missing_modality_is_reported_at_its_rule(tmp_path):
    text = changed("    modality: must\n", "")
    error, problem = check(tmp_path, text, "load.missing_key", "id: contact_within_one_day")
    assert problem.path == ("rules", 0, "modality")
    assert "'modality'" in str(error)


def test_missing_landlord_kind_is_reported_at_the_landlord_mapping(tmp_path):
    text = changed("  kind: private_registered_provider\n", "")
    error, problem = check(tmp_path, text, "load.missing_key", 'name: "Test Homes"')
    assert problem.path == ("landlord", "kind")
    assert "'kind'" in str(error)


def test_list_where_text_is_expected_is_wrong_type(tmp_path):
    text = changed('  version: "1"', "  version: [1]")
    _, problem = check(tmp_path, text, "load.wrong_type", "[1]")
    assert problem.path == ("document", "version")


def test_text_where_a_mapping_is_expected_is_wrong_type(tmp_path):
    text = changed(
        'landlord:\n  name: "Test Homes"\n  kind: private_registered_provider\n', 'landlord: "Test Homes"\n'
    )
    _, problem = check(tmp_path, text, "load.wrong_type", '"Test Homes"')
    assert problem.path == ("landlord",)


def test_rule_id_given_as_a_number_is_wrong_type(tmp_path):
    text = changed("  - id: contact_within_one_day", "  - id: 5")
    _, problem = check(tmp_path, text, "load.wrong_type", "5\n")
    assert problem.path == ("rules", 0, "id")


def test_a_number_as_a_condition_is_wrong_type_located_at_the_value(tmp_path):
    text = changed("    when: survivor.is_customer and domestic_abuse", "    when: 5")
    error, problem = check(tmp_path, text, "load.wrong_type", "5")
    assert problem.path == ("rules", 0, "when")


def test_bare_true_as_a_condition_is_a_rule_that_always_applies(tmp_path):
    text = changed("    when: survivor.is_customer and domestic_abuse", "    when: true")
    path = tmp_path / "always.yaml"
    path.write_text(text, encoding="utf-8")
    decision = dapolicy.load_policy(path).evaluate({})
    assert [entry.id for entry in decision.actions] == ["contact_survivor"]


def test_unknown_modality_is_unknown_value(tmp_path):
    text = changed("modality: must", "modality: shall")
    error, problem = check(tmp_path, text, "load.unknown_value", "shall")
    assert problem.path == ("rules", 0, "modality")
    for modality in ("must", "should", "may", "must_not"):
        assert f"'{modality}'" in problem.message


def test_misspelt_modality_suggests_the_right_one(tmp_path):
    text = changed("modality: must", "modality: shoud")
    error, problem = check(tmp_path, text, "load.unknown_value", "shoud")
    assert problem.hint == "did you mean 'should'?"
    assert "did you mean 'should'?" in str(error)


def test_unknown_landlord_kind_is_unknown_value(tmp_path):
    text = changed("kind: private_registered_provider", "kind: housing_association")
    _, problem = check(tmp_path, text, "load.unknown_value", "housing_association")
    assert problem.path == ("landlord", "kind")


def test_rule_without_source_or_assumption_is_invalid(tmp_path):
    text = changed(_RULE_SOURCE, "")
    error, problem = check(tmp_path, text, "load.invalid", "id: contact_within_one_day")
    assert problem.path == ("rules", 0)
    assert "source" in problem.message and "assumption" in problem.message


def test_rule_id_that_is_not_snake_case_is_refused(tmp_path):
    text = changed("  - id: contact_within_one_day", "  - id: Contact Within One Day")
    error, problem = check(tmp_path, text, "load.bad_identifier", "Contact Within One Day")
    assert problem.hint == "try 'contact_within_one_day'"


# --- deadlines ------------------------------------------------------------------------------------------------


def test_due_in_days_is_unknown_key_hinting_working_days(tmp_path):
    text = changed("due: {working_days: 1}", "due: {days: 1}")
    error, problem = check(tmp_path, text, "load.unknown_key", "days: 1")
    assert problem.path == ("rules", 0, "due", "days")
    assert problem.hint == "did you mean 'working_days'?"
    assert "did you mean 'working_days'?" in str(error)


def test_due_as_a_bare_number_is_invalid(tmp_path):
    text = changed("due: {working_days: 1}", "due: 5")
    error, problem = check(tmp_path, text, "load.invalid", "5\n")
    assert problem.path == ("rules", 0, "due")
    assert "working_days" in problem.hint and "hours" in problem.hint


def test_due_with_both_hours_and_working_days_is_invalid(tmp_path):
    text = changed("due: {working_days: 1}", "due: {working_days: 1, hours: 24}")
    _, problem = check(tmp_path, text, "load.invalid", "{working_days: 1, hours: 24}")
    assert problem.path == ("rules", 0, "due")


def test_due_of_zero_hours_is_invalid(tmp_path):
    text = changed("due: {working_days: 1}", "due: {hours: 0}")
    _, problem = check(tmp_path, text, "load.invalid", "0}")
    assert problem.path == ("rules", 0, "due", "hours")


def test_due_naming_a_misspelt_parameter_suggests_the_parameter(tmp_path):
    parameter = (
        "parameters:\n"
        "  contact_deadline:\n"
        "    value: {working_days: 1}\n"
        "    source:\n"
        '      clause: "3.2"\n'
        '      quote: "within one working day"\n'
    )
    text = changed("definitions:\n", parameter + "definitions:\n")
    text = changed("due: {working_days: 1}", "due: contact_dedline", text)
    error, problem = check(tmp_path, text, "compile.unknown_parameter", "contact_dedline")
    assert problem.path == ("rules", 0, "due")
    assert "did you mean 'contact_deadline'?" in str(error)


def test_due_naming_a_parameter_loads(tmp_path):
    parameter = (
        "parameters:\n"
        "  contact_deadline:\n"
        "    value: {working_days: 1}\n"
        "    source:\n"
        '      clause: "3.2"\n'
        '      quote: "within one working day"\n'
    )
    text = changed("definitions:\n", parameter + "definitions:\n")
    text = changed("due: {working_days: 1}", "due: contact_deadline", text)
    policy = dapolicy.load_policy(write(tmp_path, text))
    decision = policy.evaluate({"reported_at": "2026-03-07T10:00", "survivor": {"is_customer": True}})
    # domestic_abuse is unknown, so the duty is undecided
    assert [u["id"] for u in decision.to_dict()["undecided"]] == ["contact_survivor"]
    settled = policy.evaluate(
        {
            "reported_at": "2026-03-07T10:00",
            "relationship": "spouse",
            "behaviours": ["physical"],
            "survivor": {"age": 30, "is_customer": True},
            "perpetrator": {"age": 31},
        }
    ).to_dict()
    assert [(a["id"], a["due"]) for a in settled["actions"]] == [("contact_survivor", "2026-03-09T23:59:59+00:00")]


# --- compile: actions, rule ids, definitions ----------------------------------------------------------------------


def test_unknown_action_suggests_the_nearest_id(tmp_path):
    text = changed("action: contact_survivor", "action: contact_survivour")
    error, problem = check(tmp_path, text, "compile.unknown_action", "contact_survivour")
    assert problem.path == ("rules", 0, "action")
    assert problem.rule == "contact_within_one_day"
    assert "did you mean 'contact_survivor'?" in str(error)


def test_duplicate_rule_id_is_located_at_the_second_use(tmp_path):
    second = (
        "  - id: contact_within_one_day\n"
        "    action: record_report\n"
        "    modality: must\n"
        "    when: domestic_abuse\n"
        "    assumption:\n"
        '      reason: "test"\n'
    )
    text = valid_ruleset() + second
    error, problem = check(tmp_path, text, "compile.duplicate_rule_id", "contact_within_one_day", occurrence=2)
    assert problem.path == ("rules", 1, "id")
    first_line, _ = position(text, "contact_within_one_day")
    assert f"line {first_line}" in problem.message


def test_definition_that_refers_to_itself_directly_is_a_cycle(tmp_path):
    text = changed("    when: statutory.domestic_abuse\n", "    when: statutory.domestic_abuse and domestic_abuse\n")
    error, problem = check(tmp_path, text, "compile.definition_cycle", "statutory.domestic_abuse and")
    assert problem.path == ("definitions", "domestic_abuse", "when")
    assert "domestic_abuse -> domestic_abuse" in problem.message


def test_definition_that_refers_to_itself_through_another_is_a_cycle(tmp_path):
    text = changed(
        "definitions:\n",
        "definitions:\n"
        "  connected:\n"
        '    when: relationship == "spouse" and abusive\n'
        "    assumption:\n"
        '      reason: "test"\n'
        "  abusive:\n"
        "    when: '\"physical\" in behaviours and connected'\n"
        "    assumption:\n"
        '      reason: "test"\n',
    )
    path = write(tmp_path, text)
    error = load_error(path)
    problem = only_problem(error, "compile.definition_cycle")
    start = problem.path[1]
    assert start in {"connected", "abusive"}
    assert problem.path == ("definitions", start, "when")
    other = "abusive" if start == "connected" else "connected"
    assert f"{start} -> {other} -> {start}" in problem.message
    needle = 'relationship == "spouse"' if start == "connected" else "'\"physical\""
    line, column = position(text, needle)
    assert_located(error, problem, path, line, column)


def test_ruleset_without_a_domestic_abuse_definition_is_refused(tmp_path):
    text = changed("  domestic_abuse:\n", "  abuse_defined:\n")
    error, problem = check(tmp_path, text, "compile.missing_definition", "abuse_defined")
    assert "domestic_abuse" in problem.hint


# --- compile: conditions ----------------------------------------------------------------------------------------


def test_misspelt_fact_suggests_the_fact(tmp_path):
    text = changed("when: survivor.is_customer and", "when: survivor.is_custmer and")
    error, problem = check(tmp_path, text, "compile.unknown_fact", "survivor.is_custmer")
    assert problem.path == ("rules", 0, "when")
    assert problem.hint == "did you mean 'survivor.is_customer'?"
    assert "did you mean 'survivor.is_customer'?" in str(error)


def test_fact_without_its_group_prefix_suggests_the_prefixed_fact(tmp_path):
    text = changed("when: survivor.is_customer and", "when: dash_score >= 14 and")
    error, problem = check(tmp_path, text, "compile.unknown_fact", "dash_score")
    assert "did you mean 'risk.dash_score'?" in str(error)


def test_is_customer_without_prefix_suggests_survivor_is_customer(tmp_path):
    text = changed("when: survivor.is_customer and", "when: is_customer and")
    error, problem = check(tmp_path, text, "compile.unknown_fact", "is_customer and")
    assert "'survivor.is_customer'" in problem.hint
    assert "did you mean 'survivor.is_customer'" in str(error)


def test_unknown_fact_on_the_second_line_of_a_folded_condition_is_located_on_that_line(tmp_path):
    text = changed(
        "    when: survivor.is_customer and domestic_abuse\n",
        "    when: >\n      domestic_abuse\n      and survivor.is_custmer\n",
    )
    error, problem = check(tmp_path, text, "compile.unknown_fact", "survivor.is_custmer")
    assert problem.mark.line == position(text, "and survivor.is_custmer")[0]
    assert problem.hint == "did you mean 'survivor.is_customer'?"


def test_enumerated_fact_compared_with_a_number_is_a_type_error(tmp_path):
    text = changed("when: survivor.is_customer and", "when: survivor.tenure == 3 and")
    error, problem = check(tmp_path, text, "compile.type_error", "survivor.tenure")
    assert problem.path == ("rules", 0, "when")
    assert "survivor.tenure" in problem.message


def test_yes_no_fact_compared_with_text_is_a_type_error(tmp_path):
    text = changed("when: survivor.is_customer and", 'when: survivor.is_customer == "yes" and')
    error, problem = check(tmp_path, text, "compile.type_error", "survivor.is_customer")
    assert "survivor.is_customer" in problem.hint


def test_value_outside_an_enumeration_suggests_the_value(tmp_path):
    text = changed("when: survivor.is_customer and", 'when: relationship == "spuose" and')
    error, problem = check(tmp_path, text, "compile.unknown_value", "spuose")
    assert problem.path == ("rules", 0, "when")
    assert problem.hint == "did you mean 'spouse'?"
    assert "did you mean 'spouse'?" in str(error)


def test_list_value_outside_its_enumeration_is_unknown_value(tmp_path):
    text = changed(
        "    when: survivor.is_customer and domestic_abuse\n",
        "    when: '\"verbal\" in behaviours and domestic_abuse'\n",
    )
    _, problem = check(tmp_path, text, "compile.unknown_value", "verbal")
    assert "behaviours" in problem.message


def test_condition_syntax_error_is_located_at_the_unexpected_word(tmp_path):
    text = changed("when: survivor.is_customer and domestic_abuse", "when: survivor.is_customer domestic_abuse")
    error, problem = check(tmp_path, text, "compile.syntax_error", "domestic_abuse\n    due")
    assert problem.path == ("rules", 0, "when")


def test_unclosed_bracket_is_a_syntax_error_at_the_condition(tmp_path):
    text = changed("when: survivor.is_customer and domestic_abuse", "when: (survivor.is_customer and domestic_abuse")
    check(tmp_path, text, "compile.syntax_error", "(survivor")


def test_doubled_and_is_a_syntax_error_located_at_the_second_and(tmp_path):
    text = changed("when: survivor.is_customer and domestic_abuse", "when: survivor.is_customer and and domestic_abuse")
    check(tmp_path, text, "compile.syntax_error", "and domestic_abuse")


# --- several problems -------------------------------------------------------------------------------------------


def test_several_schema_problems_are_all_reported_sorted_by_line(tmp_path):
    text = changed("    when: survivor", "    condition: x\n    when: survivor")
    text = changed("modality: must", "modality: shall", text)
    text = changed('  version: "1"', "  version: [1]", text)
    path = write(tmp_path, text)
    error = load_error(path)
    codes = [p.code for p in error.problems]
    assert codes == ["load.wrong_type", "load.unknown_value", "load.unknown_key"]
    lines = [p.mark.line for p in error.problems]
    assert lines == [position(text, "[1]")[0], position(text, "shall")[0], position(text, "condition:")[0]]
    assert lines == sorted(lines)
    assert str(error).startswith("3 problems in ruleset")
    message = str(error)
    offsets = [message.index(f"{path}:{line}:") for line in lines]
    assert offsets == sorted(offsets)


def test_several_condition_problems_are_all_reported_sorted_by_line(tmp_path):
    second = (
        "  - id: record_it\n"
        "    action: record_report\n"
        "    modality: must\n"
        "    when: survivor.is_custmer\n"
        "    assumption:\n"
        '      reason: "test"\n'
    )
    # the later mistake is written first in the file, so sorting has something to do
    text = changed("when: survivor.is_customer and", 'when: relationship == "spuose" and', valid_ruleset() + second)
    path = write(tmp_path, text)
    error = load_error(path)
    assert [(p.code, p.path) for p in error.problems] == [
        ("compile.unknown_value", ("rules", 0, "when")),
        ("compile.unknown_fact", ("rules", 1, "when")),
    ]
    assert_located(error, error.problems[0], path, *position(text, "spuose"))
    assert_located(error, error.problems[1], path, *position(text, "survivor.is_custmer"))
    assert str(error).startswith("2 problems in ruleset")


def test_problems_are_sorted_by_line_not_by_the_order_they_are_found_in(tmp_path):
    # `rules:` written before `document:`: the schema checks document first, but rules' mistake comes first
    text = valid_ruleset()
    rules_at = text.index("rules:\n")
    text = text[rules_at:] + text[:rules_at]
    text = changed("modality: must", "modality: shall", text)
    text = changed('  version: "1"', "  version: [1]", text)
    path = write(tmp_path, text)
    error = load_error(path)
    assert [p.code for p in error.problems] == ["load.unknown_value", "load.wrong_type"]
    assert_located(error, error.problems[0], path, *position(text, "shall"))
    assert_located(error, error.problems[1], path, *position(text, "[1]"))
    message = str(error)
    assert message.index(f"{path}:{position(text, 'shall')[0]}:") < message.index(f"{path}:{position(text, '[1]')[0]}:")


# --- finding the file -------------------------------------------------------------------------------------------


def test_unknown_bundled_id_suggests_the_nearest(tmp_path):
    error = load_error("statutroy")
    problem = only_problem(error, "load.not_found")
    assert problem.hint == "did you mean 'statutory'?"
    assert "did you mean 'statutory'?" in str(error)


def test_missing_ruleset_file_is_not_found(tmp_path):
    error = load_error(str(tmp_path / "absent.yaml"))
    only_problem(error, "load.not_found")
    assert "absent.yaml" in str(error)
