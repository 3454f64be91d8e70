"""The JSON Schemas (`dapolicy schema KIND`, docs/schemas/): valid draft 2020-12, the committed files are current, and
every bundled ruleset, example case and produced document is valid against its schema; a misspelt key is not."""

from __future__ import annotations

import copy
import importlib.util
import json
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dapolicy
from dapolicy._yaml import load_yaml
from dapolicy.cli import main
from fuzzing import CASES, random_case_text

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "docs" / "schemas"
MODELINE = "# yaml-language-server: $schema=../docs/schemas/ruleset.schema.json"
VALIDATORS = {kind: jsonschema.Draft202012Validator(dapolicy.schema(kind)) for kind in dapolicy.SCHEMA_KINDS}
POLICIES = {policy_id: dapolicy.load_policy(policy_id) for policy_id in dapolicy.bundled_ids()}


def errors(kind: str, document: Any) -> list[tuple[tuple, str]]:
    """Each place the document breaks its schema, with the message (empty: valid)."""
    return [(tuple(error.absolute_path), error.message) for error in VALIDATORS[kind].iter_errors(document)]


def example_cases() -> dict[str, dict[str, Any]]:
    return {name: dapolicy.load_case(text, name) for name, text in CASES.items()}


def bundled_ruleset_data(policy_id: str) -> Any:
    """A bundled ruleset as the YAML data the loader validates (YAML 1.2 core types: dates and `no` stay text)."""
    path = REPO / "policies" / f"{policy_id}.yaml"
    return load_yaml(path.read_text(encoding="utf-8"), str(path))[0]


# --- the schemas themselves ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", dapolicy.SCHEMA_KINDS)
def test_each_schema_is_a_valid_draft_2020_12_schema(kind):
    document = dapolicy.schema(kind)
    jsonschema.Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("kind", dapolicy.SCHEMA_KINDS)
def test_the_published_schema_is_the_one_the_code_generates(kind):
    spec = importlib.util.spec_from_file_location("generate_docs", REPO / "docs" / "generate.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    assert (SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8") == generator.schema_json(kind)


@pytest.mark.parametrize("kind", dapolicy.SCHEMA_KINDS)
def test_the_schema_command_prints_the_published_file(kind, capsys):
    assert main(["schema", kind]) == 0
    assert capsys.readouterr().out == (SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8")


def test_the_schema_command_refuses_an_unknown_kind_as_a_usage_error(capsys):
    assert main(["schema", "rulset"]) == 2
    assert "invalid choice: 'rulset'" in capsys.readouterr().err


def test_an_unknown_kind_is_a_value_error_naming_the_kinds():
    with pytest.raises(ValueError, match=r"no schema of kind 'rulset'; kinds: ruleset, case, decision, comparison "
                                         r"\(did you mean 'ruleset'\?\)"):  # fmt: skip
        dapolicy.schema("rulset")


def test_the_case_schema_is_the_case_schema_function():
    assert dapolicy.schema("case") == dapolicy.case_schema()


def test_importing_dapolicy_and_building_every_schema_does_not_import_jsonschema():
    script = ("import sys, dapolicy; [dapolicy.schema(kind) for kind in dapolicy.SCHEMA_KINDS]; "
              "print('jsonschema' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


# --- rulesets ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("policy_id", dapolicy.bundled_ids())
def test_every_bundled_ruleset_is_valid_against_the_ruleset_schema(policy_id):
    assert errors("ruleset", bundled_ruleset_data(policy_id)) == []


@pytest.mark.parametrize("policy_id", dapolicy.bundled_ids())
def test_every_bundled_ruleset_names_the_ruleset_schema_on_its_first_line(policy_id):
    path = REPO / "policies" / f"{policy_id}.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == MODELINE
    assert (path.parent / first.partition("$schema=")[2]).resolve() == (SCHEMAS / "ruleset.schema.json").resolve()


def test_every_key_of_a_ruleset_has_a_description_for_editors_to_show():
    ruleset = dapolicy.schema("ruleset")
    models = {"Ruleset": ruleset, **ruleset["$defs"]}
    undescribed = [f"{model}.{key}" for model, schema in models.items()
                   for key, form in schema.get("properties", {}).items() if not form.get("description")]  # fmt: skip
    assert undescribed == []


def test_a_misspelt_when_fails_the_schema_at_the_rule():
    data = bundled_ruleset_data("hpg")
    rule = data["rules"][0]
    data["rules"][0] = {("whne" if key == "when" else key): value for key, value in rule.items()}
    assert sorted(errors("ruleset", data)) == [
        (("rules", 0), "'when' is a required property"),
        (("rules", 0), "Additional properties are not allowed ('whne' was unexpected)"),
    ]


def _source(clause: str) -> dict[str, str]:
    return {"clause": clause, "quote": "the words"}


BASE: dict[str, Any] = {
    "id": "forms",
    "landlord": {"name": "Example Homes", "kind": "private_registered_provider"},
    "document": {"title": "Example Homes Domestic Abuse Policy", "version": "2", "source_text": "example.txt"},
    "parameters": {"contact_deadline": {"value": {"working_days": 1}, "source": _source("3.2")}},
    "definitions": {"domestic_abuse": {"when": "statutory.domestic_abuse", "source": _source("1.1")}},
    "rules": [
        {"id": "contact_3_2", "action": "contact_survivor", "modality": "must", "when": "domestic_abuse",
         "due": "contact_deadline", "source": _source("3.2")},
        {"id": "share_only_with_consent_5_1", "action": "share_without_consent", "recipient": "any",
         "modality": "must_not", "when": "domestic_abuse", "source": _source("5.1")},
    ],
}  # fmt: skip


def _rule(**changes: Any) -> Any:
    """A change to the first rule (a value of None leaves the key out)."""
    return lambda data: _set(data["rules"][0], changes)


def _exception(**changes: Any) -> Any:
    """A second rule of the sharing action, an exception to the first sharing rule."""
    rule = {"id": "share_where_the_law_requires_5_3", "action": "share_without_consent", "recipient": "any",
            "modality": "must", "when": "legal_duty_to_disclose", "source": _source("5.3"), **changes}  # fmt: skip
    return lambda data: data["rules"].append(rule)


def _at(*path: Any, **changes: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        node = data
        for step in path:
            node = node[step]
        _set(node, changes)

    return change


def _set(node: dict[str, Any], changes: dict[str, Any]) -> None:
    for key, value in changes.items():
        if value is None:
            node.pop(key, None)
        else:
            node[key] = value


FORMS = [
    # (what, change, loads)
    ("the base ruleset", lambda data: None, True),
    ("exception_to one id", _exception(exception_to="share_only_with_consent_5_1"), True),
    ("exception_to a list", _exception(exception_to=["share_only_with_consent_5_1"]), True),
    ("exception_to null", _exception(exception_to=None), False),
    ("due in hours", _rule(due={"hours": 24}), True),
    ("due in working days, hours null", _rule(due={"working_days": 1, "hours": None}), True),
    ("due null", _rule(due=None), True),
    ("one source as a mapping", _rule(source=_source("3.2")), True),
    ("sources as a list", _rule(source=[_source("3.2"), _source("3.3")]), True),
    ("an assumption instead of a source", _rule(source=None, assumption={"reason": "read so"}), True),
    ("an empty source list beside an assumption", _rule(source=[], assumption={"reason": "read so"}), True),
    ("when: true", _rule(when=True), True),
    ("version as a number", _at("document", version=2), False),
    ("review as a year number", _at("document", review=2027), True),
    ("review as a month", _at("document", review="2027-06"), True),
    ("a parameter by area", _at("parameters", threshold={"by_area": {"peterborough": 17, "default": 14},
                                                         "source": _source("4.1")}), True),
    ("a deadline by area", _at("parameters", review_deadline={"by_area": {"sefton": {"hours": 24},
                                                                          "default": {"working_days": 1}},
                                                              "source": _source("4.2")}), True),
    ("a deadline by area with both units", _at("parameters", review_deadline={
        "by_area": {"default": {"hours": 24, "working_days": 1}}, "source": _source("4.2")}), False),
    ("a parameter's allowed values", _at("parameters", limit={"value": 14, "allowed": [10, 14, "none"],
                                                              "assumption": {"reason": "read so"}}), True),
    ("whne for when", _rule(when=None, whne="domestic_abuse"), False),
    ("due with both units", _rule(due={"hours": 24, "working_days": 1}), False),
    ("due with no unit", _rule(due={}), False),
    ("due of 0 hours", _rule(due={"hours": 0}), False),
    ("due as a number", _rule(due=24), False),
    ("due as words", _rule(due="one working day"), False),
    ("a deadline parameter with both units", _at("parameters", "contact_deadline",
                                                 value={"hours": 1, "working_days": 1}), False),
    ("neither source nor assumption", _rule(source=None), False),
    ("an empty source list alone", _rule(source=[]), False),
    ("exception_to a number", _exception(exception_to=5), False),
    ("a blank condition", _rule(when="   "), False),
    ("a blank quote", _rule(source={"clause": "3.2", "quote": " "}), False),
    ("a condition as a number", _rule(when=1), False),
    ("an unknown modality", _rule(modality="shall"), False),
    ("an action not in the vocabulary", _rule(action="contact_survivr"), False),
    ("a recipient not in the vocabulary", _at("rules", 1, recipient="polic"), False),
    ("an id that is not snake_case", _rule(id="Contact 3.2"), False),
    ("a parameter name that is not an id", _at("parameters", **{"Contact Deadline": {"value": 1,
                                                                       "source": _source("1")}}), False),
    ("a parameter with value and by_area", _at("parameters", "contact_deadline", by_area={"default": 1}), False),
    ("a parameter with neither", _at("parameters", "contact_deadline", value=None), False),
    ("an allowed value that is yes/no", _at("parameters", limit={"value": 1, "allowed": [True],
                                                                 "assumption": {"reason": "read so"}}), False),
    ("no domestic_abuse definition", _at("definitions", domestic_abuse=None, other={"when": "true",
                                                                               "source": _source("1")}), False),
    ("version true", _at("document", version=True), False),
    ("review month 13", _at("document", review="2027-13"), False),
    ("review in 1899", _at("document", review=1899), False),
    ("review in 2101", _at("document", review="2101-01"), False),
    ("review as a date with a time", _at("document", review="2027-06-30T00:00"), False),
    ("an unknown landlord kind", _at("landlord", kind="charity"), False),
    ("a source text given as a path", _at("document", source_text="../shared/sources/example.txt"), False),
    ("a source text given as a Windows path", _at("document", source_text="sources\\example.txt"), False),
    ("a source text of ..", _at("document", source_text=" .. "), False),
    ("a source text with dots in its name", _at("document", source_text="example.v2..txt"), True),
]  # fmt: skip


def _loads(data: dict[str, Any], tmp_path: Path) -> bool:
    path = tmp_path / "forms.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML
    try:
        dapolicy.load_policy(path)
    except dapolicy.PolicyError:
        return False
    return True


@pytest.mark.parametrize(("what", "change", "loads"), FORMS, ids=[form[0] for form in FORMS])
def test_the_ruleset_schema_accepts_a_form_exactly_when_loading_does(tmp_path, what, change, loads):
    data = copy.deepcopy(BASE)
    change(data)
    assert _loads(data, tmp_path) is loads
    assert (errors("ruleset", data) == []) is loads


# --- cases -------------------------------------------------------------------------------------------------------


def test_every_example_case_is_valid_against_the_case_schema():
    assert sorted(CASES) == sorted(path.name for path in (REPO / "examples").iterdir())
    assert {name: errors("case", case) for name, case in example_cases().items()} == {name: [] for name in CASES}


@pytest.mark.parametrize("bad", [{"survivor": {"age": "thirty"}}, {"relationship": "spuose"},
                                 {"behaviours": ["verbal"]}, {"risk": {"dash_score": 25}},
                                 {"survivor": {"is_custmer": True}}, {"unknown_fact": 1}])
def test_the_case_schema_rejects_what_the_case_reader_rejects(bad):
    with pytest.raises(dapolicy.CaseError):
        POLICIES["hpg"].evaluate(bad)
    assert errors("case", bad) != []


# --- decisions ---------------------------------------------------------------------------------------------------


def _partial(case: dict[str, Any], field: str) -> dict[str, Any]:
    return {key: value for key, value in case.items() if key != field}


@pytest.mark.parametrize("policy_id", dapolicy.bundled_ids())
def test_the_decision_for_every_example_case_and_each_partial_case_is_valid(policy_id):
    cases = {}
    for name, case in example_cases().items():
        cases[name] = case
        cases.update({f"{name} without {field}": _partial(case, field) for field in case})
    cases["no facts"] = {}
    documents = {name: POLICIES[policy_id].evaluate(case).to_dict() for name, case in cases.items()}
    assert {name: errors("decision", d) for name, d in documents.items()} == {name: [] for name in documents}
    assert documents["no facts"]["undecided"] != []  # undecided entries are among those checked


CONFLICTED = {
    **BASE,
    "id": "conflicted",
    "rules": [*BASE["rules"], {"id": "no_contact_6_1", "action": "contact_survivor", "modality": "must_not",
                               "when": "survivor.is_customer", "source": _source("6.1")}],
}  # fmt: skip


@pytest.fixture(scope="module")
def conflicted(tmp_path_factory):
    path = tmp_path_factory.mktemp("conflicted") / "conflicted.yaml"
    path.write_text(json.dumps(CONFLICTED), encoding="utf-8")
    return dapolicy.load_policy(path)


def test_a_decision_with_a_conflict_is_valid(conflicted):
    case = {"relationship": "spouse", "behaviours": ["physical"], "survivor": {"age": 30, "is_customer": True},
            "perpetrator": {"age": 31}, "reported_at": "2026-12-24T10:00"}  # fmt: skip
    document = conflicted.evaluate(case).to_dict()
    assert [entry["id"] for entry in document["conflicts"]] == ["contact_survivor"]
    assert errors("decision", document) == []


def test_the_explanation_document_with_its_trace_is_valid(capsys):
    assert main(["explain", "hpg", str(REPO / "examples" / "friday-report.yaml"), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["trace"] != []
    assert errors("decision", document) == []


def test_a_decision_with_a_field_the_schema_does_not_know_is_invalid():
    document = POLICIES["hpg"].evaluate({}).to_dict()
    document["undecided"][0]["reason"] = "a field no one described"
    assert errors("decision", document) == [
        (("undecided", 0), "Additional properties are not allowed ('reason' was unexpected)"),
    ]


def _accepted_part(case: dict[str, Any], policy: dapolicy.Policy) -> dict[str, Any]:
    """The case with each field the case reader rejects left out, one at a time: a partial case that loads."""
    while True:
        try:
            policy.evaluate(case)
            return case
        except dapolicy.CaseError as error:
            group, _, member = re.split(r"\[", error.path)[0].partition(".")
            if member and isinstance(case.get(group), dict) and member in case[group]:
                case = {**case, group: {k: v for k, v in case[group].items() if k != member}}
            elif group in case:
                case = _partial(case, group)
            else:
                return {}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), policy_id=st.sampled_from(dapolicy.bundled_ids()))
def test_a_random_partial_case_from_the_fuzzer_gives_a_decision_valid_against_the_schema(seed, policy_id):
    name, text = random_case_text(random.Random(seed))
    try:
        document = dapolicy.load_case(text, name)
    except dapolicy.CaseError:
        document = {}
    case = _accepted_part(document, POLICIES[policy_id])
    assert errors("decision", POLICIES[policy_id].evaluate(case).to_dict()) == []


def test_an_unknown_field_given_as_null_is_refused_by_the_reader_as_by_the_schema():
    assert errors("case", {"is_customer": None}) != []
    with pytest.raises(dapolicy.CaseError):
        POLICIES["hpg"].evaluate({"is_customer": None})


# --- comparisons and conformance ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("left", "right"), [("hpg", "amplius"), ("statutory", "ovh"), ("ckh", "ckh")])
def test_the_comparison_of_two_bundled_rulesets_is_valid(left, right):
    document = dapolicy.compare(POLICIES[left], POLICIES[right]).to_dict()
    assert document["equivalent"] is (left == right)
    assert errors("comparison", document) == []


def test_a_comparison_with_a_ruleset_in_conflict_is_valid(conflicted):
    document = dapolicy.compare(conflicted, POLICIES["hpg"]).to_dict()
    assert any(d["left"] and "conflict" in d["left"] for d in document["differences"])
    assert errors("comparison", document) == []


@pytest.mark.parametrize("policy_id", ["hpg", "wolverhampton"])
def test_the_conformance_document_is_valid_against_the_comparison_schema(policy_id):
    document = dapolicy.conformance(POLICIES[policy_id]).to_dict()
    assert document["findings"] != []
    assert errors("comparison", document) == []
