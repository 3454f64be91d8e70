"""Bad arguments to the Python API (issue 11): a wrong argument type is a TypeError saying what was expected; bad
content is a PolicyError or a CaseError, as it would be in a file; ids and paths are accepted wherever a loaded
Policy is."""

from __future__ import annotations

import os
import types
from pathlib import Path

import pytest

import dapolicy
from dapolicy import CaseError, PolicyError

ROOT = Path(__file__).resolve().parent.parent
HPG_FILE = ROOT / "policies" / "hpg.yaml"
HPG = dapolicy.load_policy("hpg")
CASE = {"reported_at": "2026-12-24T10:00", "survivor": {"is_customer": True, "age": 30}}


def codes(error: PolicyError) -> list[str]:
    return [problem.code for problem in error.problems]


# --- ids and paths wherever a Policy is taken ---------------------------------------------------------------------


def test_compare_takes_bundled_ids_and_paths_as_well_as_policies():
    by_id = dapolicy.compare("hpg", HPG_FILE).to_dict()
    assert by_id == dapolicy.compare(HPG, dapolicy.load_policy("hpg")).to_dict()
    assert by_id["left"]["id"] == by_id["right"]["id"] == "hpg"


def test_conformance_takes_a_bundled_id():
    assert dapolicy.conformance("hpg").to_dict() == dapolicy.conformance(HPG).to_dict()


def test_matrix_takes_a_list_of_ids_paths_and_policies():
    assert dapolicy.matrix(["hpg", ROOT / "policies" / "ckh.yaml"]).to_dict() == dapolicy.matrix(
        [HPG, dapolicy.load_policy("ckh")]
    ).to_dict()


@pytest.mark.parametrize(
    "call, fragment",
    [
        (lambda: dapolicy.compare(None, "hpg"), "compare() argument 'left': expected a Policy, a bundled ruleset id"),
        (lambda: dapolicy.compare("hpg", 5), "compare() argument 'right': expected a Policy"),
        (lambda: dapolicy.conformance({"id": "hpg"}), "conformance() argument 'policy': expected a Policy"),
        (lambda: dapolicy.matrix([HPG, None]), "matrix() argument 'policies[1]': expected a Policy"),
    ],
    ids=["compare_none", "compare_int", "conformance_dict", "matrix_item_none"],
)
def test_a_policy_argument_of_the_wrong_type_is_a_type_error(call, fragment):
    with pytest.raises(TypeError, match="found") as caught:
        call()
    assert fragment in str(caught.value)


def test_a_misspelt_id_given_to_compare_is_a_policy_error_with_a_suggestion():
    with pytest.raises(PolicyError) as caught:
        dapolicy.compare("hgp", "ckh")
    assert codes(caught.value) == ["load.not_found"]
    assert "did you mean 'hpg'?" in str(caught.value)


@pytest.mark.parametrize("value", ["hpg", HPG, Path("hpg.yaml"), 5], ids=["str", "policy", "path", "int"])
def test_matrix_of_one_thing_not_in_a_list_is_a_type_error(value):
    with pytest.raises(TypeError, match=r"matrix\(\) expected a list of Policies, bundled ruleset ids or paths"):
        dapolicy.matrix(value)


def test_matrix_of_a_bare_id_says_how_to_write_it():
    with pytest.raises(TypeError, match=r"write matrix\(\['hpg'\]\)"):
        dapolicy.matrix("hpg")


# --- load_policy ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, fragment",
    [(None, "found None"), (5, "found int 5"), (b"hpg", "found bytes b'hpg'; decode it first"), (["hpg"], "found list")],
    ids=["none", "int", "bytes", "list"],
)
def test_load_policy_of_a_non_text_non_path_is_a_type_error(value, fragment):
    with pytest.raises(TypeError, match=r"load_policy\(\) expected a bundled ruleset id \(str, e\.g\. 'hpg'\)") as caught:
        dapolicy.load_policy(value)
    assert fragment in str(caught.value)


def test_load_policy_of_the_ruleset_text_says_to_pass_a_path_or_an_id():
    with pytest.raises(PolicyError) as caught:
        dapolicy.load_policy(HPG_FILE.read_text(encoding="utf-8"))
    assert codes(caught.value) == ["load.not_a_path"]
    assert "found the contents of a file" in str(caught.value)
    assert "pass its path, or pass a bundled id" in str(caught.value)


def test_load_policy_of_text_longer_than_any_path_is_refused_without_touching_the_file_system():
    with pytest.raises(PolicyError) as caught:
        dapolicy.load_policy("x" * 5000 + ".yaml")
    assert codes(caught.value) == ["load.not_a_path"]
    assert "text of 5005 characters, longer than any path" in str(caught.value)


@pytest.mark.parametrize("value", ["", "   "], ids=["empty", "blank"])
def test_load_policy_of_an_empty_id_says_it_is_empty(value):
    with pytest.raises(PolicyError, match="the ruleset id or path is empty") as caught:
        dapolicy.load_policy(value)
    assert codes(caught.value) == ["load.not_found"]


def test_load_policy_takes_any_path_like_object():
    class Where(os.PathLike):
        def __fspath__(self) -> str:
            return str(HPG_FILE)

    assert dapolicy.load_policy(Where()).digest == dapolicy.load_policy(HPG_FILE).digest


@pytest.mark.parametrize(
    "parameters, fragment",
    [
        ("landlord_kind=local_housing_authority", "found str 'landlord_kind=local_housing_authority'; "
                                                  "write {'landlord_kind': 'local_housing_authority'}"),
        (["landlord_kind"], "expected a mapping of parameter names to values"),
        ({1: 2}, "a parameter name is text, found int 1"),
    ],
    ids=["text", "list", "int_key"],
)
def test_parameters_that_are_not_a_mapping_of_names_are_a_type_error(parameters, fragment):
    with pytest.raises(TypeError, match=r"load_policy\(\) argument 'parameters'") as caught:
        dapolicy.load_policy("statutory", parameters=parameters)
    assert fragment in str(caught.value)


def test_baseline_parameters_that_are_not_a_mapping_are_a_type_error():
    with pytest.raises(TypeError, match=r"conformance\(\) argument 'baseline_parameters': expected a mapping"):
        dapolicy.conformance(HPG, baseline_parameters="landlord_kind=local_housing_authority")


# --- load_case -----------------------------------------------------------------------------------------------------


def test_load_case_of_a_path_says_to_read_the_file_first(tmp_path):
    path = tmp_path / "case.json"
    path.write_text('{"survivor": {"age": 30}}', encoding="utf-8")
    with pytest.raises(TypeError, match=r"load_case\(\) takes the text of a case document, not its path") as caught:
        dapolicy.load_case(path)
    assert "load_case(path.read_text(encoding='utf-8'), str(path))" in str(caught.value)
    assert dapolicy.load_case(path.read_text(encoding="utf-8"), str(path)) == {"survivor": {"age": 30}}


@pytest.mark.parametrize(
    "text, fragment",
    [(None, "found None"), (b'{"survivor": {}}', "decode it first"), ({"survivor": {}}, "found dict")],
    ids=["none", "bytes", "already_parsed"],
)
def test_load_case_of_anything_but_text_is_a_type_error(text, fragment):
    with pytest.raises(TypeError, match=r"load_case\(\) expected the text of a case document \(str\)") as caught:
        dapolicy.load_case(text, "case.json")
    assert fragment in str(caught.value)


def test_load_case_with_a_name_that_is_not_text_is_a_type_error():
    with pytest.raises(TypeError, match=r"load_case\(\) argument 'name': expected the document's name \(str\)"):
        dapolicy.load_case("{}", Path("case.json"))


# --- Policy.evaluate -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case, path, found",
    [
        ({1: 2}, "1", "the number 1"),
        ({"survivor": {"age": 30}, None: True}, "null", "nothing"),
        ({True: "yes"}, "true", "true"),
        ({"survivor": {16: True}}, "survivor.16", "the number 16"),
    ],
    ids=["int", "none", "bool", "nested_int"],
)
def test_a_field_name_that_is_not_text_is_a_case_error_naming_its_path(case, path, found):
    with pytest.raises(CaseError) as caught:
        HPG.evaluate(case)
    assert caught.value.path == path
    assert f"a field name is text, found {found}" in str(caught.value)


@pytest.mark.parametrize(
    "case, found",
    [("text", "the text 'text'"), (None, "nothing"), ([CASE], "a list"), (42, "the number 42")],
    ids=["text", "none", "list", "number"],
)
def test_a_case_a_parser_could_give_that_is_not_a_mapping_is_a_case_error(case, found):
    with pytest.raises(CaseError, match=f"a case document is a mapping of facts, found {found}") as caught:
        HPG.evaluate(case)
    assert caught.value.path == ""


def test_a_case_given_as_text_says_to_parse_it_first():
    with pytest.raises(CaseError) as caught:
        HPG.evaluate('{"survivor": {"age": 30}}')
    assert "dapolicy.load_case(text, name)" in caught.value.hint


@pytest.mark.parametrize(
    "case, fragment",
    [(Path("case.json"), "found PosixPath" if os.name != "nt" else "found WindowsPath"),
     (b"{}", "found bytes"), ({"survivor"}, "found set")],
    ids=["path", "bytes", "set"],
)
def test_a_case_that_is_no_parsed_document_is_a_type_error(case, fragment):
    with pytest.raises(TypeError, match=r"evaluate\(\) expected a case document \(a mapping of facts\)") as caught:
        HPG.evaluate(case)
    assert fragment in str(caught.value)


@pytest.mark.parametrize("sink", [1, "buffer", types.SimpleNamespace(emit="not callable")], ids=["int", "str", "attr"])
def test_a_sink_without_an_emit_method_is_a_type_error(sink):
    with pytest.raises(TypeError, match=r"evaluate\(\) argument 'sink': expected an object with an emit\(event\)"):
        HPG.evaluate(CASE, sink=sink)


def test_a_good_case_in_any_mapping_with_a_sink_is_decided_as_before():
    sink = dapolicy.BufferSink()
    frozen = types.MappingProxyType({**CASE, "survivor": types.MappingProxyType(CASE["survivor"])})
    assert HPG.evaluate(frozen, sink=sink).to_dict() == HPG.evaluate(CASE).to_dict()
    assert sink.events
