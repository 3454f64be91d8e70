"""The command line under bad input (issue 11): validate checks every file and every quote against its source
text, conformance gates CI with its exit status, explain has --format, usage errors show the subcommand's usage,
and the Markdown and HTML renderings carry a ruleset's words escaped and in print. The corpus entries are in
tests/bad_inputs/cli.yaml."""

from __future__ import annotations

import contextlib
import html
import io
import json
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import dapolicy
from dapolicy import cli
from dapolicy._yaml import load_yaml
from dapolicy.quotes import SOURCES_VARIABLE, check_quotes, check_source_quotes, fold, iter_quotes, source_text_places

POLICIES = Path(__file__).resolve().parents[1] / "policies"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HPG = (POLICIES / "hpg.yaml").read_text(encoding="utf-8")


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    saved, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(list(argv))
    finally:
        sys.stdin = saved
    return status, out.getvalue(), err.getvalue()


def hpg_with(tmp_path: Path, *replacements: tuple[str, str], name: str = "policy.yaml") -> Path:
    text = HPG
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- quotes ------------------------------------------------------------------------------------------------


def test_fold_straightens_curly_quotes_and_folds_whitespace():
    folded = fold("  the \u2018honour\u2019 based\n\tviolence \u201cso called\u201d ")
    assert folded == "the 'honour' based violence \"so called\""


def test_a_changed_quote_is_one_problem_at_its_quote_with_where_it_parts_from_the_source(tmp_path, sources_dir):
    path = hpg_with(tmp_path, ("within one working day\"", "within one calendar month\""))
    policy = dapolicy.load_policy(path)
    _, source = load_yaml(path.read_text(encoding="utf-8"), str(path))
    text = (sources_dir / "hpg.txt").read_text(encoding="utf-8")
    [problem] = check_quotes(policy, text, source)
    assert problem.code == "validate.quote_not_in_source"
    assert problem.path == ("parameters", "contact_deadline", "source", "quote")  # a lone mapping: no index
    assert (problem.mark.file, problem.mark.line, problem.mark.column) == (str(path), 23, 14)
    assert problem.found == "'will be contacted within one calendar month'"
    assert "the source has 'working day' where the quote has 'calendar month'" in problem.hint
    [unplaced] = check_quotes(policy, text)  # without the source map: no mark, the path as the model has it
    assert unplaced.mark is None and unplaced.path == ("parameters", "contact_deadline", "source", 0, "quote")
    assert (unplaced.code, unplaced.message, unplaced.hint) == (problem.code, problem.message, problem.hint)


def test_every_quote_of_rules_definitions_and_parameters_is_checked():
    model = dapolicy.load_policy("hpg").model
    owners = {owner.split(" ")[0] for _, owner, _, _ in iter_quotes(model)}
    assert owners == {"parameter", "definition", "rule"}
    expected = sum(len(o.source) for o in [*model.parameters.values(), *model.definitions.values(), *model.rules])
    assert len(list(iter_quotes(model))) == expected
    assert len(check_quotes(model, "")) == expected  # an empty text has none of them


def test_check_quotes_says_what_it_expected_for_wrong_arguments():
    with pytest.raises(TypeError, match="expected a loaded Policy or a Ruleset, not str"):
        check_quotes("hpg", "text")
    with pytest.raises(TypeError, match="the source text must be a str, not bytes"):
        check_quotes(dapolicy.load_policy("hpg"), b"text")


def test_the_source_text_is_looked_for_beside_the_ruleset_then_beside_the_working_repository(tmp_path, monkeypatch):
    monkeypatch.delenv(SOURCES_VARIABLE, raising=False)
    monkeypatch.chdir(POLICIES.parent)
    ruleset = tmp_path / "policy.yaml"
    places = source_text_places("hpg.txt", ruleset)
    assert places[0] == tmp_path.resolve() / "hpg.txt"
    assert POLICIES.parent.parent.resolve() / "shared" / "sources" / "hpg.txt" in places  # this checkout
    assert source_text_places("hpg.txt", ruleset, tmp_path / "mine") == [tmp_path / "mine" / "hpg.txt"]


def test_the_source_text_is_looked_for_in_the_folder_the_environment_names(tmp_path, monkeypatch):
    monkeypatch.setenv(SOURCES_VARIABLE, str(tmp_path / "texts"))
    monkeypatch.chdir(tmp_path)
    places = source_text_places("hpg.txt", tmp_path / "policy.yaml")
    assert places[:2] == [tmp_path.resolve() / "hpg.txt", tmp_path / "texts" / "hpg.txt"]


def test_a_working_folder_that_was_removed_is_not_looked_in(tmp_path, monkeypatch):
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    places = source_text_places("hpg.txt", tmp_path / "policy.yaml")
    assert places[0] == tmp_path.resolve() / "hpg.txt"


def test_a_source_text_beside_the_ruleset_comes_first(tmp_path):
    path = hpg_with(tmp_path)
    (tmp_path / "hpg.txt").write_text("nothing quoted here", encoding="utf-8")
    check = check_source_quotes(dapolicy.load_policy(path), ruleset_file=path)
    assert check.file == tmp_path.resolve() / "hpg.txt" and len(check.problems) == check.quotes > 50


# --- validate ----------------------------------------------------------------------------------------------


def test_validate_checks_the_rest_when_one_ruleset_crashes_it(tmp_path, monkeypatch):
    real = cli.load_policy

    def crashing(target, **kwargs):
        if target == "ckh":
            raise RuntimeError("boom")
        return real(target, **kwargs)

    monkeypatch.setattr(cli, "load_policy", crashing)
    status, out, err = run("validate", "hpg", "ckh", "ovh")
    assert status == 1
    assert "ok: hpg" in out and "ok: ovh" in out and "ok: ckh" not in out
    assert "dapolicy: ckh: error[internal]" in err and "RuntimeError: boom" in err and "Traceback" not in err
    assert "1 of 3 rulesets rejected: ckh; passed: hpg, ovh" in err


def test_validate_of_the_bundled_rulesets_finds_every_quote():
    status, out, err = run("validate")
    assert status == 0, err
    for policy_id in dapolicy.bundled_ids():
        assert f"ok: {policy_id} (" in out and f"{policy_id}.txt" in out
    assert "quotes not checked" not in out and err == ""


def test_validate_warns_and_passes_when_the_source_text_cannot_be_found(tmp_path):
    path = hpg_with(tmp_path, ("source_text: hpg.txt", "source_text: elsewhere.txt"))
    status, out, err = run("validate", str(path))
    assert status == 0
    assert f"{path}:13:16: warning[validate.source_text_not_found]" in err
    assert f"looked in: {tmp_path.resolve() / 'elsewhere.txt'}" in err
    assert "quotes not checked" in out


def test_validate_sources_points_at_a_folder_of_source_texts(tmp_path, sources_dir):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "hpg.txt").write_text((sources_dir / "hpg.txt").read_text(encoding="utf-8"), encoding="utf-8")
    status, out, err = run("validate", "--sources", str(folder), "hpg")
    assert status == 0, err
    assert f"found in {folder / 'hpg.txt'}" in out
    status, out, err = run("validate", "--sources", str(folder), "ckh")  # not in that folder: a warning
    assert status == 0 and "warning[validate.source_text_not_found]" in err and str(folder / "ckh.txt") in err


# --- the other subcommands -------------------------------------------------------------------------------


def test_version():
    status, out, _ = run("--version")
    assert status == 0 and out.startswith("dapolicy ") and out.strip() != "dapolicy"


def test_explain_json_is_the_decision_document_with_its_trace():
    case = str(EXAMPLES / "christmas-eve-referral.json")
    status, out, err = run("explain", "hpg", case, "--format", "json")
    assert status == 0, err
    document = json.loads(out)
    trace = document.pop("trace")
    assert document == json.loads(run("evaluate", "hpg", case)[1])
    assert trace and [event["seq"] for event in trace] == list(range(1, len(trace) + 1))
    assert {"definition", "rule"} <= {event["kind"] for event in trace}
    assert run("explain", "hpg", case, "--format", "text")[1] == run("explain", "hpg", case)[1]


@pytest.mark.parametrize("argv,usage", [
    (["evaluate", "hpg", "-", "--set", "x"], "usage: dapolicy evaluate"),
    (["explain", "hpg", "-", "--bogus"], "usage: dapolicy explain"),
    (["compare", "hpg"], "usage: dapolicy compare"),
    (["conformance", "hpg", "--baseline-set", "=1"], "usage: dapolicy conformance"),
    (["validate", "--sources", "/no/such/folder"], "usage: dapolicy validate"),
])  # fmt: skip
def test_a_subcommand_usage_error_prints_that_subcommands_usage(argv, usage):
    status, out, err = run(*argv, stdin="{}")
    assert status == 2 and err.startswith(usage) and "usage: dapolicy [-h]" not in err and out == ""


def test_conformance_exits_1_when_the_ruleset_does_not_conform_and_0_when_it_does():
    status, out, err = run("conformance", "hpg")
    assert status == 1 and json.loads(out)["conforms"] is False and "hpg does not conform" in err
    status, out, err = run("conformance", "ovh", "--format", "markdown")
    assert status == 0 and err == "" and "ovh conforms" in out


def test_set_values_are_read_as_yaml_scalars_and_lists():
    assert cli._parameters(["a=1", "b=true", "c=text", "d=[x, y]", "e='quoted: yes'"], "--set") == {
        "a": 1, "b": True, "c": "text", "d": ["x", "y"], "e": "quoted: yes"}  # fmt: skip
    assert cli._parameters(["a=1", "a=1"], "--set") == {"a": 1}  # the same value twice is harmless


# --- Markdown and HTML ----------------------------------------------------------------------------------------

HOSTILE = '<script>alert("x")</script> [click](https://example.com) *now*'


def test_markdown_comparison_and_conformance_escape_a_rulesets_html(tmp_path):
    path = hpg_with(tmp_path, ("within one working day\"", f"within one working day {HOSTILE.replace(chr(34), '')}\""),
                    ("name: Housing Plus Group", "name: Housing <b>Plus</b> Group"))
    policy = dapolicy.load_policy(path)
    comparison = dapolicy.compare(policy, dapolicy.load_policy("ckh"))
    markdown = dapolicy.render_comparison(comparison, markdown=True)
    assert "<script>" not in markdown and "&lt;script&gt;alert(x)&lt;/script&gt;" in markdown
    assert "\\[click\\](https://example.com) \\*now\\*" in markdown
    assert "<script>alert(x)</script>" in dapolicy.render_comparison(comparison)  # text is shown as written
    conformance = dapolicy.render_conformance(dapolicy.conformance(policy), markdown=True)
    assert "Housing &lt;b&gt;Plus&lt;/b&gt; Group" in conformance and "<b>" not in conformance
    assert "<b>" in dapolicy.render_conformance(dapolicy.conformance(policy))
    assert 'report\\_source' not in markdown and "report_source" in markdown  # snake_case stays readable


class Text(HTMLParser):
    """The text a printed page shows: character data only, never attributes (a hover title does not print)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def test_the_printed_matrix_carries_every_cited_clauses_words():
    side_by_side = dapolicy.matrix()
    page = dapolicy.render_matrix_html(side_by_side)
    parser = Text()
    parser.feed(page)
    printed = fold("".join(parser.parts))
    for policy_id in dapolicy.bundled_ids():
        compiled = dapolicy.load_policy(policy_id).compiled
        for rule in compiled.rules:
            for citation in rule.citations:
                assert fold(f"{citation.clause}: \u201c{citation.quote}\u201d") in printed, (policy_id, rule.id)


def test_the_matrix_words_are_escaped_and_markdown_cells_escape_html(tmp_path):
    path = hpg_with(tmp_path, ("within one working day\"", "within one <i>working</i> day\""),
                    ("clause: \"3.2\"", "clause: \"3.2<br>\""))
    side_by_side = dapolicy.matrix([dapolicy.load_policy(path)])
    page = dapolicy.render_matrix_html(side_by_side)
    words = "\u201cwill be contacted within one &lt;i&gt;working&lt;/i&gt; day\u201d"
    assert f'<span class="clause">{html.escape("3.2<br>")}</span>: {words}' in page
    assert "<i>" not in page
    markdown = dapolicy.render_matrix_markdown(side_by_side)
    assert "[3.2; 3.2&lt;br&gt;]" in markdown and "<br>]" not in markdown
