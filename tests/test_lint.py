"""`dapolicy lint`: each check fires on a small ruleset and stays quiet on a near-identical one; explanations in
the YAML; text, JSON and SARIF output; exit status; every bundled ruleset lints clean."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

import dapolicy
from dapolicy.cli import main
from dapolicy.lint import CHECKS, MODALITY_WORDS, modal_words
from dapolicy.model.ruleset import LINT_ALLOWABLE

SOURCE = """\
1 Domestic abuse has the meaning the Act gives it.
2 We will contact you within one working day. We will contact you within five working days.
3 We will not share your information. We will only share your information with your consent.
4 We may report to the police. We will share where the law requires it.
5 We should offer advice. We will offer advice. Where possible we will visit you.
"""

HEAD = """\
id: example
landlord: {name: Example Homes, kind: private_registered_provider}
document: {title: Example policy, version: "1", source_text: example.txt}
"""

DOMESTIC_ABUSE = """\
  domestic_abuse:
    when: statutory.domestic_abuse
    source: {clause: "1", quote: "Domestic abuse has the meaning the Act gives it."}
"""


def ruleset(tmp_path: Path, rules: str, definitions: str = "", parameters: str = "", source: str = SOURCE) -> Path:
    """A ruleset file with the given rules (and definitions, parameters) beside its source text."""
    (tmp_path / "example.txt").write_text(source, encoding="utf-8")
    text = HEAD + (f"parameters:\n{parameters}" if parameters else "") + f"definitions:\n{DOMESTIC_ABUSE}{definitions}"
    path = tmp_path / "example.yaml"
    path.write_text(text + f"rules:\n{rules}", encoding="utf-8")
    return path


def codes(path: Path) -> list[str]:
    """The codes of the findings not explained in the ruleset."""
    report = dapolicy.lint(path)
    return [finding.code for finding in report.errors + report.warnings]


def rule(rule_id: str, action: str, modality: str, when: str, quote: str, **keys: str) -> str:
    extra = "".join(f"    {key}: {value}\n" for key, value in keys.items())
    return (f"  - id: {rule_id}\n    action: {action}\n    modality: {modality}\n    when: {when}\n{extra}"
            f"    source: {{clause: \"2\", quote: \"{quote}\"}}\n")


NEVER = rule("never_share", "share_without_consent", "must_not", "survivor.is_customer", "We will not share your information.")
POLICE = rule("tell_police", "share_without_consent", "may", "risk.serious_harm", "We may report to the police.",
              recipient="police")


# --- lint.must_and_must_not -----------------------------------------------------------------------------------


def test_a_permission_and_a_prohibition_in_effect_together_is_an_error_with_the_smallest_witness(tmp_path):
    report = dapolicy.lint(ruleset(tmp_path, NEVER + POLICE))
    [finding] = report.errors
    assert (finding.code, finding.severity) == ("lint.must_and_must_not", "error")
    assert finding.witness == {"survivor": {"is_customer": True}, "risk": {"serious_harm": True}}


def test_the_witness_of_a_conflict_shows_the_conflict_when_evaluated(tmp_path):
    path = ruleset(tmp_path, NEVER + POLICE)
    [finding] = dapolicy.lint(path).errors
    conflicts = dapolicy.load_policy(path).evaluate(finding.witness).conflicts
    assert [(c.id, c.recipient, c.rules) for c in conflicts] == [("share_without_consent", "police", ("never_share", "tell_police"))]


def test_a_permission_that_is_an_exception_to_the_prohibition_is_no_conflict(tmp_path):
    excepted = POLICE + "    exception_to: [never_share]\n"
    assert codes(ruleset(tmp_path, NEVER + excepted)) == []


# --- lint.never_applies ---------------------------------------------------------------------------------------


def test_a_rule_whose_condition_cannot_hold_never_applies(tmp_path):
    impossible = rule("advice", "advice_and_assistance", "must", "survivor.age >= 18 and survivor.age < 16",
                      "We will offer advice.")
    assert codes(ruleset(tmp_path, impossible)) == ["lint.never_applies"]


def test_a_rule_whose_condition_can_hold_applies(tmp_path):
    possible = rule("advice", "advice_and_assistance", "must", "survivor.age >= 16 and survivor.age < 18",
                    "We will offer advice.")
    assert codes(ruleset(tmp_path, possible)) == []


def test_an_exception_that_never_meets_its_base_never_displaces_it(tmp_path):
    base = rule("never_share", "share_without_consent", "must_not", "survivor.age >= 18", "We will not share your information.")
    exception = rule("law", "share_without_consent", "must", "survivor.age < 16", "We will share where the law requires it.",
                     exception_to="[never_share]")
    report = dapolicy.lint(ruleset(tmp_path, base + exception))
    assert [(f.code, f.path[-1]) for f in report.warnings] == [("lint.never_applies", "exception_to")]


def test_an_exception_that_meets_its_base_displaces_it(tmp_path):
    base = rule("never_share", "share_without_consent", "must_not", "survivor.age >= 18", "We will not share your information.")
    exception = rule("law", "share_without_consent", "must", "survivor.age >= 65", "We will share where the law requires it.",
                     exception_to="[never_share]")
    assert codes(ruleset(tmp_path, base + exception)) == []


def test_a_rule_an_exception_displaces_wherever_it_holds_never_applies(tmp_path):
    base = rule("never_share", "share_without_consent", "must_not", "risk.serious_harm", "We will not share your information.")
    exception = rule("law", "share_without_consent", "must", "risk.serious_harm", "We will share where the law requires it.",
                     exception_to="[never_share]")
    report = dapolicy.lint(ruleset(tmp_path, base + exception))
    assert [(f.code, f.message.split(":")[0]) for f in report.warnings] == [("lint.never_applies", "rule `never_share`")]


def test_a_rule_an_exception_displaces_only_sometimes_applies(tmp_path):
    base = rule("never_share", "share_without_consent", "must_not", "risk.serious_harm", "We will not share your information.")
    exception = rule("law", "share_without_consent", "must", "risk.serious_harm and legal_duty_to_disclose",
                     "We will share where the law requires it.", exception_to="[never_share]")
    assert codes(ruleset(tmp_path, base + exception)) == []


# --- lint.unused_definition, lint.unused_parameter --------------------------------------------------------------

ADULT = """\
  adult:
    when: survivor.age >= 18
    source: {clause: "1", quote: "Domestic abuse"}
"""


def test_a_definition_no_rule_uses_is_unused(tmp_path):
    advice = rule("advice", "advice_and_assistance", "must", "domestic_abuse", "We will offer advice.")
    assert codes(ruleset(tmp_path, advice, definitions=ADULT)) == ["lint.unused_definition"]


def test_a_definition_a_rule_uses_is_used(tmp_path):
    advice = rule("advice", "advice_and_assistance", "must", "adult", "We will offer advice.")
    assert codes(ruleset(tmp_path, advice, definitions=ADULT)) == []


CONTACT_DEADLINE = """\
  contact_deadline:
    value: {working_days: 1}
    source: {clause: "2", quote: "within one working day"}
"""
HOME_VISITS = """\
  home_visits:
    value: true
    source: {clause: "5", quote: "Where possible we will visit you."}
"""


def test_a_parameter_nothing_uses_is_unused(tmp_path):
    contact = rule("contact", "contact_survivor", "must", "domestic_abuse", "We will contact you within one working day.")
    assert codes(ruleset(tmp_path, contact, parameters=CONTACT_DEADLINE)) == ["lint.unused_parameter"]


def test_a_parameter_named_as_a_due_is_used(tmp_path):
    contact = rule("contact", "contact_survivor", "must", "domestic_abuse", "We will contact you within one working day.",
                   due="contact_deadline")
    assert codes(ruleset(tmp_path, contact, parameters=CONTACT_DEADLINE)) == []


def test_a_yes_no_parameter_a_definition_uses_is_used(tmp_path):
    visits = ADULT.replace("adult:", "visited:").replace("survivor.age >= 18", "params.home_visits and domestic_abuse")
    advice = rule("advice", "advice_and_assistance", "must", "visited", "We will offer advice.")
    assert codes(ruleset(tmp_path, advice, definitions=visits, parameters=HOME_VISITS)) == []


# --- lint.shadowed ------------------------------------------------------------------------------------------------


def test_a_weaker_rule_a_stronger_one_always_accompanies_is_shadowed(tmp_path):
    should = rule("advice_should", "advice_and_assistance", "should", "survivor.is_customer", "We should offer advice.")
    must = rule("advice_must", "advice_and_assistance", "must", "survivor.is_customer", "We will offer advice.")
    report = dapolicy.lint(ruleset(tmp_path, should + must))
    assert [(f.code, f.message.split(":")[0]) for f in report.warnings] == [("lint.shadowed", "rule `advice_should`")]


def test_a_weaker_rule_that_holds_where_the_stronger_does_not_is_not_shadowed(tmp_path):
    should = rule("advice_should", "advice_and_assistance", "should", "survivor.is_customer or perpetrator.is_customer",
                  "We should offer advice.")
    must = rule("advice_must", "advice_and_assistance", "must", "survivor.is_customer", "We will offer advice.")
    assert codes(ruleset(tmp_path, should + must)) == []


def test_a_later_deadline_of_the_same_modality_always_accompanied_by_an_earlier_one_is_shadowed(tmp_path):
    late = rule("contact_late", "contact_survivor", "must", "survivor.is_customer",
                "We will contact you within five working days.", due="{working_days: 5}")
    early = rule("contact_early", "contact_survivor", "must", "survivor.is_customer",
                 "We will contact you within one working day.", due="{working_days: 1}")
    report = dapolicy.lint(ruleset(tmp_path, late + early))
    assert [(f.code, f.message.split(":")[0]) for f in report.warnings] == [("lint.shadowed", "rule `contact_late`")]


def test_two_rules_with_the_same_outcome_restate_each_other_and_neither_is_shadowed(tmp_path):
    first = rule("contact_first", "contact_survivor", "must", "survivor.is_customer",
                 "We will contact you within one working day.", due="{working_days: 1}")
    second = first.replace("contact_first", "contact_second")
    assert codes(ruleset(tmp_path, first + second)) == []


def test_a_weaker_rule_whose_deadline_is_the_earliest_is_not_shadowed(tmp_path):
    should = rule("contact_should", "contact_survivor", "should", "survivor.is_customer", "We should offer advice.",
                  due="{hours: 4}")
    must = rule("contact_must", "contact_survivor", "must", "survivor.is_customer", "We will contact you within one working day.")
    assert codes(ruleset(tmp_path, should + must)) == []


# --- lint.modality_word -------------------------------------------------------------------------------------------


def test_a_quote_whose_modal_words_say_must_on_a_may_rule_is_a_warning(tmp_path):
    advice = rule("advice", "advice_and_assistance", "may", "domestic_abuse", "We will offer advice.")
    report = dapolicy.lint(ruleset(tmp_path, advice))
    assert [(f.code, f.path[-1]) for f in report.warnings] == [("lint.modality_word", "modality")]


def test_a_quote_whose_modal_words_agree_with_the_modality_is_quiet(tmp_path):
    advice = rule("advice", "advice_and_assistance", "must", "domestic_abuse", "We will offer advice.")
    assert codes(ruleset(tmp_path, advice)) == []


def test_a_quote_with_modal_words_of_several_modalities_is_quiet(tmp_path):
    visit = rule("visit", "contact_survivor", "may", "domestic_abuse", "Where possible we will visit you.")
    assert codes(ruleset(tmp_path, visit)) == []


def test_a_prohibition_quoting_only_with_consent_is_quiet(tmp_path):
    consent = rule("consent", "share_without_consent", "must_not", "domestic_abuse",
                   "We will only share your information with your consent.")
    assert codes(ruleset(tmp_path, consent)) == []


def test_modal_words_take_the_longer_phrase_first():
    assert modal_words("We will not share it, and in May 2024 we will consider it") == {
        "must_not": ["will not"], "may": ["will consider"]}


def test_the_modality_table_in_the_ruleset_format_is_the_one_lint_uses():
    text = (Path(__file__).parent.parent / "docs" / "ruleset-format.md").read_text(encoding="utf-8")
    table = text.split("| the policy says | modality |")[1].split("\n\n")[0]
    rows = {m: tuple(re.findall(r'"([^"]+)"', words)) for words, m in re.findall(r"\| (.+?) \| `(\w+)` \|", table)}
    assert rows == dict(MODALITY_WORDS)


# --- lint.quote_not_in_source, lint.source_text_not_found ----------------------------------------------------------


def test_a_quote_not_in_the_source_text_is_an_error(tmp_path):
    advice = rule("advice", "advice_and_assistance", "must", "domestic_abuse", "We will offer advice at once.")
    assert codes(ruleset(tmp_path, advice)) == ["lint.quote_not_in_source"]


def test_a_source_text_not_found_is_a_warning(tmp_path):
    advice = rule("advice", "advice_and_assistance", "must", "domestic_abuse", "We will offer advice.")
    path = ruleset(tmp_path, advice)
    (tmp_path / "example.txt").unlink()
    assert codes(path) == ["lint.source_text_not_found"]


# --- explanations ---------------------------------------------------------------------------------------------------

ALLOW_SHADOWED = """\
    lint:
      - allow: lint.shadowed
        reason: The policy states the aim and the commitment in separate clauses.
"""
SHOULD = rule("advice_should", "advice_and_assistance", "should", "survivor.is_customer", "We should offer advice.")
MUST = rule("advice_must", "advice_and_assistance", "must", "survivor.is_customer", "We will offer advice.")


def test_an_explained_finding_is_neither_a_warning_nor_an_error_and_keeps_its_reason(tmp_path):
    report = dapolicy.lint(ruleset(tmp_path, SHOULD + ALLOW_SHADOWED + MUST))
    assert (report.errors, report.warnings) == ((), ())
    assert [(f.code, f.allowed) for f in report.allowed] == [
        ("lint.shadowed", "The policy states the aim and the commitment in separate clauses.")]


def test_an_explanation_that_explains_nothing_is_a_warning(tmp_path):
    report = dapolicy.lint(ruleset(tmp_path, MUST + ALLOW_SHADOWED))
    assert [(f.code, f.path) for f in report.warnings] == [("lint.unused_allow", ("rules", 0, "lint", 0, "allow"))]


def test_an_explanation_naming_an_unknown_code_does_not_load(tmp_path):
    with pytest.raises(dapolicy.PolicyError) as raised:
        dapolicy.lint(ruleset(tmp_path, SHOULD + ALLOW_SHADOWED.replace("lint.shadowed", "lint.shadow") + MUST))
    assert [(p.code, p.path, p.hint) for p in raised.value.problems] == [
        ("load.unknown_value", ("rules", 0, "lint", 0, "allow"), "did you mean 'lint.shadowed'?")]


def test_an_explanation_without_a_reason_does_not_load(tmp_path):
    with pytest.raises(dapolicy.PolicyError) as raised:
        dapolicy.lint(ruleset(tmp_path, SHOULD + "    lint: [{allow: lint.shadowed, reason: ''}]\n" + MUST))
    assert [(p.code, p.path) for p in raised.value.problems] == [("load.invalid", ("rules", 0, "lint", 0, "reason"))]


def test_every_code_an_explanation_may_name_is_a_check():
    assert set(LINT_ALLOWABLE) <= set(CHECKS)


# --- the command -----------------------------------------------------------------------------------------------------


def test_lint_exits_1_on_an_error_and_lists_errors_before_warnings(tmp_path, capsys):
    unused = "  unused:\n    when: survivor.age >= 18\n    source: {clause: \"1\", quote: \"Domestic abuse\"}\n"
    path = ruleset(tmp_path, NEVER + POLICE, definitions=unused)
    assert main(["lint", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.index("errors:") < out.index("error[lint.must_and_must_not]") < out.index("warnings:") < out.index(
        "warning[lint.unused_definition]")


def test_lint_exits_0_on_warnings_alone(tmp_path, capsys):
    assert main(["lint", str(ruleset(tmp_path, SHOULD + MUST))]) == 0
    assert "warning[lint.shadowed]" in capsys.readouterr().out


def test_text_output_lists_explained_findings_only_when_asked(tmp_path, capsys):
    path = ruleset(tmp_path, SHOULD + ALLOW_SHADOWED + MUST)
    main(["lint", str(path)])
    assert "lint.shadowed" not in capsys.readouterr().out
    main(["lint", str(path), "--show-allowed"])
    assert "allowed (line 15): The policy states the aim" in capsys.readouterr().out


def test_json_output_keeps_errors_warnings_and_suppressed_findings_apart(tmp_path, capsys):
    path = ruleset(tmp_path, NEVER + POLICE + SHOULD + ALLOW_SHADOWED + MUST)
    assert main(["lint", str(path), "--format", "json"]) == 1
    [document] = json.loads(capsys.readouterr().out)["rulesets"]
    assert [f["code"] for f in document["errors"]] == ["lint.must_and_must_not"]
    assert document["warnings"] == []
    assert [(f["code"], f["suppressed"]["reason"]) for f in document["suppressed"]] == [
        ("lint.shadowed", "The policy states the aim and the commitment in separate clauses.")]


#: The parts of SARIF 2.1.0 (https://json.schemastore.org/sarif-2.1.0.json) that dapolicy writes.
SARIF_SUBSET = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["tool", "results"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name", "rules"],
                    "properties": {"rules": {"type": "array", "items": {
                        "type": "object", "required": ["id", "shortDescription", "help"],
                        "properties": {"shortDescription": {"$ref": "#/$defs/message"}, "help": {"$ref": "#/$defs/message"},
                                       "defaultConfiguration": {"properties": {"level": {"$ref": "#/$defs/level"}}}}}}}}}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["ruleId", "level", "message", "locations"],
                    "properties": {
                        "level": {"$ref": "#/$defs/level"},
                        "message": {"$ref": "#/$defs/message"},
                        "ruleIndex": {"type": "integer", "minimum": 0},
                        "locations": {"type": "array", "items": {"type": "object", "required": ["physicalLocation"],
                                      "properties": {"physicalLocation": {
                                          "type": "object", "required": ["artifactLocation", "region"],
                                          "properties": {"artifactLocation": {"type": "object", "required": ["uri"],
                                                                              "properties": {"uri": {"type": "string"}}},
                                                         "region": {"type": "object", "required": ["startLine", "startColumn"],
                                                                    "properties": {"startLine": {"type": "integer", "minimum": 1},
                                                                                   "startColumn": {"type": "integer", "minimum": 1}}}}}}}},
                        "suppressions": {"type": "array", "items": {"type": "object", "required": ["kind"],
                                         "properties": {"kind": {"enum": ["inSource", "external"]},
                                                        "justification": {"type": "string"}}}},
                    }}},
            }}},
    },
    "$defs": {
        "message": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string", "minLength": 1}}},
        "level": {"enum": ["none", "note", "warning", "error"]},
    },
}  # fmt: skip


def test_sarif_output_is_well_formed_with_a_rule_per_check_and_located_results(tmp_path, capsys):
    path = ruleset(tmp_path, NEVER + POLICE + SHOULD + ALLOW_SHADOWED + MUST)
    main(["lint", str(path), "--format", "sarif"])
    log = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator(SARIF_SUBSET).validate(log)
    [run] = log["runs"]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == list(CHECKS)
    assert [(r["ruleId"], r["level"], rules[r["ruleIndex"]], "suppressions" in r) for r in run["results"]] == [
        ("lint.must_and_must_not", "error", "lint.must_and_must_not", False),
        ("lint.shadowed", "warning", "lint.shadowed", True),
    ]
    location = run["results"][0]["locations"][0]["physicalLocation"]
    assert (location["artifactLocation"]["uri"], location["region"]) == (str(path), {"startLine": 9, "startColumn": 9})


def test_lint_given_a_loaded_policy_marks_rules_at_their_lines(tmp_path):
    path = ruleset(tmp_path, SHOULD + MUST)
    report = dapolicy.lint(dapolicy.load_policy(path))
    assert [(f.code, f.mark.line) for f in report.warnings if f.code == "lint.shadowed"] == [("lint.shadowed", 9)]


# --- the bundled rulesets ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("policy_id", dapolicy.bundled_ids())
def test_every_bundled_ruleset_lints_clean_or_explains_each_finding(policy_id):
    report = dapolicy.lint(policy_id)
    assert [(f.code, f.message) for f in report.errors + report.warnings] == []
