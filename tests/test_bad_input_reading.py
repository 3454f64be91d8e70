"""Reading files and texts (issue 11): bounded size, nesting, values and numbers; encodings; JSON as strict as YAML.

The command-line consequences are in tests/bad_inputs/reading.yaml; here are the API behaviours and the limits a
corpus file cannot carry (a 2 MB file, a file the user may not read, a named pipe, a 10,000-deep case).
"""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path

import pytest

import dapolicy
from dapolicy import CaseError, PolicyError
from dapolicy import _yaml
from dapolicy._yaml import MAX_DEPTH, MAX_FILE_BYTES, MAX_VALUES, load_yaml, read_source

POLICIES = Path(__file__).resolve().parent.parent / "policies"
BOMB = "".join(
    [f"a: &a [{', '.join(['lol'] * 10)}]\n"]
    + [f"{b}: &{b} [{', '.join(['*' + a] * 10)}]\n" for a, b in zip("abcdefgh", "bcdefghi")]
)


def codes(error: PolicyError) -> list[str]:
    return [problem.code for problem in error.problems]


def quick(function, *args, seconds: float = 5.0):
    """Call `function`, failing if it takes longer than `seconds`; return the exception it raised."""
    start = time.perf_counter()
    try:
        function(*args)
    except Exception as error:  # noqa: BLE001 - returned for the caller to check
        result = error
    else:
        result = None
    assert time.perf_counter() - start < seconds, f"took {time.perf_counter() - start:.1f} s"
    return result


# --- the limits stand well above what the bundled files need -----------------------------------------------------


def _shape(value, depth=1):
    """(values, depth) of plain data, as the loader counts them."""
    if isinstance(value, dict):
        inner = [_shape(item, depth + 1) for item in value.values()]
    elif isinstance(value, list):
        inner = [_shape(item, depth + 1) for item in value]
    else:
        return 1, depth - 1
    return 1 + sum(count for count, _ in inner), max([depth] + [deepest for _, deepest in inner])


@pytest.mark.parametrize("path", [POLICIES / f"{i}.yaml" for i in dapolicy.bundled_ids()], ids=lambda path: path.stem)
def test_every_bundled_ruleset_is_far_inside_the_limits(path):
    text = path.read_text(encoding="utf-8")
    data, _ = load_yaml(text, path.name)
    values, depth = _shape(data)
    assert len(text.encode("utf-8")) * 5 < MAX_FILE_BYTES  # with its clause notes, the largest is about 106 KB
    assert values * 10 < MAX_VALUES
    assert depth * 5 < MAX_DEPTH


def test_aliases_are_still_allowed_to_a_text_and_to_a_mapping():
    data, _ = load_yaml("q: &q 'we will'\nsource: &s {clause: '2.4', quote: *q}\nagain: *s\n", "x.yaml")
    assert data["again"] == {"clause": "2.4", "quote": "we will"}
    policy = dapolicy.load_policy("ovh")  # repeats quotes, and one whole source, with aliases
    assert policy.id == "ovh"


# --- alias bombs, nesting, values, numbers ---------------------------------------------------------------------------


def test_a_billion_laughs_case_is_refused_quickly_at_the_alias():
    error = quick(dapolicy.load_case, BOMB + "behaviours: *i\n", "case.yaml")
    assert isinstance(error, CaseError)
    assert "error[load.too_many_values]" in str(error) and "expanding this alias" in str(error)


def test_a_billion_laughs_ruleset_is_refused_quickly_at_the_alias(tmp_path):
    path = tmp_path / "lol.yaml"
    path.write_text("id: lol\n" + BOMB, encoding="utf-8")
    error = quick(dapolicy.load_policy, path)
    assert isinstance(error, PolicyError) and codes(error) == ["load.too_many_values"]
    mark = error.problems[0].mark
    assert (mark.file, mark.line, mark.column) == (str(path), 6, 12)  # the second alias in `e:` passes the limit
    assert error.problems[0].source_line.startswith("e: &e [*d")


@pytest.mark.parametrize("name, text", [
    ("case.json", '{"survivor": ' + "[" * 10_000 + "]" * 10_000 + "}"),
    ("case.yaml", "survivor: " + "[" * 10_000 + "]" * 10_000),
    ("case.yaml", "".join(" " * level + "k:\n" for level in range(1_000))),
    ("case.json", "[" * 500_000),
])  # fmt: skip
def test_a_case_nested_10000_deep_is_a_case_error_not_a_recursion_error(name, text):
    error = quick(dapolicy.load_case, text, name)
    assert isinstance(error, CaseError), repr(error)
    assert "error[load.too_deep]" in str(error) or "error[load.json_syntax]" in str(error)


def test_nesting_up_to_the_limit_is_read():
    text = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    assert load_yaml(text, "x.yaml")[0]["a"] is not None
    assert json.dumps(dapolicy.load_case('{"a": ' + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "}", "x.json"))


@pytest.mark.parametrize("name, text", [
    ("case.yaml", "[" + ", ".join(["1"] * 300_000) + "]"),
    ("case.json", "[" + ", ".join(["1"] * 300_000) + "]"),
    ("case.yaml", "behaviours:\n" + "  - physical\n" * 50_000),
])  # fmt: skip
def test_too_many_values_without_aliases_is_refused_quickly(name, text):
    error = quick(dapolicy.load_case, text, name)
    assert isinstance(error, CaseError) and "error[load.too_many_values]" in str(error)


@pytest.mark.parametrize("name, text", [
    ("case.json", '{"survivor": {"age": ' + "9" * 5000 + "}}"),
    ("case.yaml", "survivor:\n  age: " + "9" * 5000 + "\n"),
    ("case.json", '{"risk": {"dash_score": 1.' + "5" * 5000 + "}}"),
])  # fmt: skip
def test_a_5000_digit_number_is_a_located_case_error(name, text):
    with pytest.raises(CaseError) as caught:
        dapolicy.load_case(text, name)
    assert "error[load.number_too_long]" in str(caught.value) and f"{name}:" in str(caught.value)
    assert caught.value.path in ("survivor.age", "risk.dash_score")


@pytest.mark.parametrize("case", [
    {"survivor": {"age": 10**5000}}, {"survivor": {"is_customer": 10**5000}}, {"behaviours": [10**5000]},
    {"relationship": -(10**5000)}, {"reported_at": 10**5000}, {"area": 10**5000},
])  # fmt: skip
def test_a_5000_digit_number_given_to_evaluate_is_a_case_error(case):
    with pytest.raises(CaseError, match="far too large"):
        dapolicy.load_policy("hpg").evaluate(case)


def test_many_duplicate_keys_are_reported_briefly_and_quickly():
    text = "{" + ", ".join('"age": 1' for _ in range(20_000)) + "}"
    error = quick(dapolicy.load_case, text, "case.json")
    assert str(error).count("error[load.duplicate_key]") == _yaml.MAX_PROBLEMS
    assert "error[load.too_many_problems] and 19,899 more problems after these" in str(error)


def test_a_very_long_line_is_located_but_not_shown():
    with pytest.raises(PolicyError) as caught:
        load_yaml("a: [" + "x, " * 2000 + "[}]", "x.yaml")
    problem = caught.value.problems[0]
    assert problem.mark.line == 1 and problem.mark.column > 2000 and problem.source_line is None


# --- JSON as strict as YAML ------------------------------------------------------------------------------------------


def test_a_json_duplicate_key_is_refused_with_its_field_path_and_place():
    text = '{"behaviours": ["physical"],\n "survivor": {"age": 30},\n "behaviours": []}'
    with pytest.raises(CaseError) as caught:
        dapolicy.load_case(text, "case.json")
    assert caught.value.path == "behaviours"
    assert "case.json:3:2: error[load.duplicate_key] key 'behaviours' appears twice in this mapping (first at line 1)" \
        in str(caught.value)  # fmt: skip


def test_the_same_key_in_two_mappings_is_not_a_duplicate():
    case = dapolicy.load_case('{"survivor": {"age": 30}, "perpetrator": {"age": 31}, "x": [{"a": 1}, {"a": 2}]}',
                              "case.json")  # fmt: skip
    assert case["perpetrator"] == {"age": 31}


def test_a_json_duplicate_inside_a_list_is_located_by_index():
    with pytest.raises(CaseError) as caught:
        dapolicy.load_case('{"x": [{"a": 1}, {"a": 2, "a": 3}]}', "case.json")
    assert caught.value.path == "x[1].a"


# --- encodings and byte-order marks ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["case.json", "case.yaml"])
def test_a_utf8_byte_order_mark_is_dropped(name):
    assert dapolicy.load_case('\ufeff{"survivor": {"age": 30}}', name) == {"survivor": {"age": 30}}


def test_a_ruleset_with_a_utf8_byte_order_mark_loads_with_the_same_rules(tmp_path):
    path = tmp_path / "hpg.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (POLICIES / "hpg.yaml").read_bytes())
    assert len(dapolicy.load_policy(path).compiled.rules) == len(dapolicy.load_policy("hpg").compiled.rules)


@pytest.mark.parametrize("data, wanted", [
    ("id: x\n".encode("utf-16"), "the file is UTF-16 text"),
    ("id: x\n".encode("utf-16-be"), "looks like UTF-16"),
    ("id: x\n".encode("utf-32"), "the file is UTF-32 text"),
    ("id: x\nlandlord: Caf\u00e9\n".encode("latin-1"), "byte 0xe9 cannot be read"),
    (b"id: x\n\x00\x01\x02", "holds a NUL byte"),
])  # fmt: skip
def test_a_ruleset_in_another_encoding_is_refused_in_plain_words(tmp_path, data, wanted):
    path = tmp_path / "policy.yaml"
    path.write_bytes(data)
    with pytest.raises(PolicyError) as caught:
        dapolicy.load_policy(path)
    assert codes(caught.value) == ["load.encoding"]
    assert wanted in str(caught.value) and str(path) in str(caught.value)


def test_a_non_utf8_byte_is_located_by_line_and_character_column():
    with pytest.raises(PolicyError) as caught:
        _yaml.decode_source("id: x\nlandlord: \u00e9\u00e9 \u00e9".encode("utf-8") + b"\xe9\n", "p.yaml")
    mark = caught.value.problems[0].mark
    assert (mark.line, mark.column) == (2, 15)


# --- the file itself -------------------------------------------------------------------------------------------------


def test_a_ruleset_over_1_mib_is_refused_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# padding\n" * 200_000)
    monkeypatch.setattr(_yaml, "open", _no_open, raising=False)
    with pytest.raises(PolicyError) as caught:
        dapolicy.load_policy(path)
    assert codes(caught.value) == ["load.too_large"]
    assert f"{path} is 2,000,000 bytes; a ruleset file is at most 1,048,576 bytes (1 MiB)" in str(caught.value)


def test_a_case_text_over_1_mib_is_refused():
    with pytest.raises(CaseError, match=r"error\[load.too_large\] case.json is 2,097,152 bytes"):
        dapolicy.load_case("{" + " " * (2 * 1024 * 1024 - 2) + "}", "case.json")


def test_a_stream_is_read_only_up_to_the_limit():
    stream = io.BytesIO(b"x" * (5 * MAX_FILE_BYTES))
    with pytest.raises(PolicyError, match="<stdin> is more than 1,048,576 bytes; a case file is at most"):
        read_source(stream, "<stdin>", "case")
    assert stream.tell() == MAX_FILE_BYTES + 1


def _no_open(*args, **kwargs):
    raise AssertionError("the file was opened")


def _denied(*args, **kwargs):
    raise PermissionError(13, "Permission denied")


def test_an_unreadable_ruleset_names_its_file(tmp_path, monkeypatch):
    path = tmp_path / "policy.yaml"
    path.write_text("id: x\n", encoding="utf-8")
    monkeypatch.setattr(_yaml, "open", _denied, raising=False)  # root reads any file: make the open fail
    with pytest.raises(PolicyError) as caught:
        dapolicy.load_policy(path)
    assert codes(caught.value) == ["load.unreadable"]
    assert f"cannot read {path}: permission denied" in str(caught.value)
    assert "$: cannot read the file" not in str(caught.value)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file")
def test_a_ruleset_without_read_permission_names_its_file(tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_text("id: x\n", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(PolicyError, match="permission denied"):
        dapolicy.load_policy(path)


def test_a_directory_is_a_directory_not_a_missing_file(tmp_path):
    (tmp_path / "rules.yaml").mkdir()
    with pytest.raises(PolicyError) as caught:
        dapolicy.load_policy(tmp_path / "rules.yaml")
    assert codes(caught.value) == ["load.not_a_file"]
    assert "is a directory, not a ruleset file" in str(caught.value) and "no such" not in str(caught.value)


def test_a_missing_ruleset_is_not_found_and_named(tmp_path):
    with pytest.raises(PolicyError) as caught:
        dapolicy.load_policy(tmp_path / "absent.yaml")
    assert codes(caught.value) == ["load.not_found"] and str(tmp_path / "absent.yaml") in str(caught.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    error = quick(dapolicy.load_policy, tmp_path / "pipe.yaml")
    assert isinstance(error, PolicyError) and codes(error) == ["load.not_a_file"]
