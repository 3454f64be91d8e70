"""Effective-dated versions (issue 15): a folder holds several versions of one landlord's policy, and
`load_policy(id, on=DAY)` gives the one in force that day; where a month or a year leaves it open, it says so."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import dapolicy
from dapolicy import PolicyError

HPG = (Path(__file__).parents[1] / "policies" / "hpg.yaml").read_text("utf-8")
REPORT = {"reported_at": "2025-06-02T10:00", "report_source": "survivor", "relationship": "spouse",
          "behaviours": ["physical"], "survivor": {"age": 34, "is_customer": True}, "perpetrator": {"age": 37}}  # fmt: skip


def hpg_version(version: str, effective: str | None, working_days: int = 1, policy_id: str = "hpg") -> str:
    """HPG's ruleset as another version: its own version, effective date and contact deadline (and a review
    date after them all)."""
    dated = f'  version: "{version}"\n' + (f'  effective: "{effective}"\n' if effective else "")
    text = HPG.replace('  version: "1"\n', dated, 1).replace('  review: "2024-05"\n', '  review: "2029-05"\n', 1)
    text = text.replace("value: {working_days: 1}",
                                                             f"value: {{working_days: {working_days}}}", 1)
    return text.replace("id: hpg\n", f"id: {policy_id}\n", 1)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two versions of HPG: 2021 (one working day to contact) and, from 1 April 2025, a second (two)."""
    (tmp_path / "hpg@2021.yaml").write_text(hpg_version("1", "2021-06-01"), "utf-8")
    (tmp_path / "hpg.yaml").write_text(hpg_version("2", "2025-04-01", working_days=2), "utf-8")
    return tmp_path


def problem(error: pytest.ExceptionInfo) -> dapolicy.Problem:
    (only,) = error.value.problems
    return only


def test_the_version_in_force_on_a_day_is_the_latest_that_had_taken_effect(folder):
    assert dapolicy.load_policy("hpg", on="2025-03-31", folder=folder).version == "1"
    assert dapolicy.load_policy("hpg", on="2025-04-01", folder=folder).version == "2"
    assert dapolicy.load_policy("hpg", on=dt.date(2030, 1, 1), folder=folder).version == "2"


def test_a_datetime_with_an_offset_names_its_london_day(folder):
    # 23:30 UTC on 31 March 2025 is 00:30 on 1 April in London (BST began on 30 March)
    late = dt.datetime(2025, 3, 31, 23, 30, tzinfo=dt.timezone.utc)
    assert dapolicy.load_policy("hpg", on=late, folder=folder).version == "2"


def test_without_a_day_an_id_is_its_id_yaml(folder):
    assert dapolicy.load_policy("hpg", folder=folder).version == "2"


def test_the_decision_records_the_version_it_followed(folder):
    old, new = (dapolicy.load_policy("hpg", on=day, folder=folder) for day in ("2024-01-01", "2025-06-01"))
    assert old.evaluate(REPORT).to_dict()["policy"] == {
        "id": "hpg", "landlord": "Housing Plus Group", "version": "1", "effective": "2021-06-01",
        "digest": old.digest}  # fmt: skip
    assert new.evaluate(REPORT).to_dict()["policy"]["version"] == "2"
    assert old.digest != new.digest


def test_each_version_gives_its_own_deadline(folder):
    # a report on Monday 2 June 2025: one working day under version 1, two under version 2
    due = {day: dapolicy.load_policy("hpg", on=day, folder=folder).evaluate(REPORT).action("contact_survivor").due
           for day in ("2025-01-01", "2025-06-01")}  # fmt: skip
    assert {day: value.isoformat() for day, value in due.items()} == {
        "2025-01-01": "2025-06-03T23:59:59+01:00", "2025-06-01": "2025-06-04T23:59:59+01:00"}


def test_no_version_was_in_force_before_the_earliest_took_effect(folder):
    with pytest.raises(PolicyError) as error:
        dapolicy.load_policy("hpg", on="2021-05-31", folder=folder)
    assert problem(error).code == "version.not_in_force"
    assert "the earliest, version '1'" in str(error.value) and "hpg@2021.yaml" in str(error.value)


def test_a_day_inside_a_month_of_taking_effect_is_not_guessed(tmp_path):
    (tmp_path / "hpg@1.yaml").write_text(hpg_version("1", "2021-06-01"), "utf-8")
    (tmp_path / "hpg.yaml").write_text(hpg_version("2", "2025-04"), "utf-8")
    with pytest.raises(PolicyError) as error:
        dapolicy.load_policy("hpg", on="2025-04-15", folder=tmp_path)
    assert problem(error).code == "version.uncertain"
    assert "version '1' or '2'" in str(error.value) and "full day" in problem(error).hint
    assert dapolicy.load_policy("hpg", on="2025-04-30", folder=tmp_path).version == "2"
    assert dapolicy.load_policy("hpg", on="2025-03-31", folder=tmp_path).version == "1"


def test_an_approval_date_stands_in_for_a_missing_effective_date():
    hpg = dapolicy.load_policy("hpg", on="2025-01-01")  # bundled: approved 2021-05, no effective date
    assert (hpg.version, hpg.effective) == ("1", None)
    with pytest.raises(PolicyError) as error:
        dapolicy.load_policy("hpg", on="2021-05-10")
    assert problem(error).code == "version.uncertain"
    assert "document.approved: it gives no document.effective" in str(error.value)


def test_a_version_that_says_no_date_cannot_be_placed(folder):
    text = hpg_version("3", None).replace('  approved: "2021-05"\n', "", 1)
    (folder / "hpg@draft.yaml").write_text(text, "utf-8")
    with pytest.raises(PolicyError) as error:
        dapolicy.load_policy("hpg", on="2025-06-01", folder=folder)
    assert problem(error).code == "version.no_date"
    assert "hpg@draft.yaml" in str(error.value) and problem(error).hint == "add document.effective: YYYY-MM-DD"


def test_two_files_with_one_version_are_refused(folder):
    (folder / "hpg@copy.yaml").write_text(hpg_version("2", "2026-01-01"), "utf-8")
    with pytest.raises(PolicyError) as error:
        dapolicy.policy_versions("hpg", folder=folder)
    assert problem(error).code == "version.same_version"


def test_versions_in_overlapping_periods_are_refused(folder):
    (folder / "hpg@2025.yaml").write_text(hpg_version("2b", "2025"), "utf-8")
    with pytest.raises(PolicyError) as error:
        dapolicy.policy_versions("hpg", folder=folder)
    assert problem(error).code == "version.overlap"


def test_a_version_file_that_says_another_id_is_refused(folder):
    (folder / "hpg@other.yaml").write_text(hpg_version("9", "2026-01-01", policy_id="ckh_draft"), "utf-8")
    with pytest.raises(PolicyError) as error:
        dapolicy.load_policy("hpg", on="2026-02-01", folder=folder)
    assert problem(error).code == "version.wrong_id"
    assert problem(error).hint == "write `id: hpg` or rename the file"


def test_several_versions_and_no_id_yaml_need_a_day(tmp_path):
    (tmp_path / "hpg@1.yaml").write_text(hpg_version("1", "2021-06-01"), "utf-8")
    (tmp_path / "hpg@2.yaml").write_text(hpg_version("2", "2025-04-01"), "utf-8")
    with pytest.raises(PolicyError) as error:
        dapolicy.load_policy("hpg", folder=tmp_path)
    assert problem(error).code == "version.several"
    assert dapolicy.load_policy("hpg", folder=tmp_path, on="2025-04-01").version == "2"


def test_policy_versions_lists_them_earliest_first(folder):
    assert [(p.version, p.effective) for p in dapolicy.policy_versions("hpg", folder=folder)] == [
        ("1", "2021-06-01"), ("2", "2025-04-01")]


def test_a_path_with_a_day_is_checked_to_be_in_force(folder):
    assert dapolicy.load_policy(folder / "hpg.yaml", on="2025-04-01").version == "2"
    with pytest.raises(PolicyError) as error:
        dapolicy.load_policy(folder / "hpg.yaml", on="2025-03-31")
    assert problem(error).code == "version.not_in_force"


def test_an_unknown_id_in_a_folder_names_what_is_there(folder):
    with pytest.raises(PolicyError) as error:
        dapolicy.load_policy("hgp", folder=folder)
    assert problem(error).code == "load.not_found"
    assert f"no ruleset 'hgp' in {folder} (there: hpg)" in str(error.value) and problem(error).hint == "did you mean 'hpg'?"


@pytest.mark.parametrize("on", ["2025-4-1", "April 2025", "2025-04", "2025-02-30", ""])
def test_a_day_that_is_not_yyyy_mm_dd_is_refused(on):
    with pytest.raises(PolicyError) as error:
        dapolicy.load_policy("hpg", on=on)
    assert problem(error).code == "load.on_date"


@pytest.mark.parametrize("on", [20250401, 2025.0, ["2025-04-01"]])
def test_a_day_of_the_wrong_type_is_a_type_error(on):
    with pytest.raises(TypeError, match="on= expected a day"):
        dapolicy.load_policy("hpg", on=on)


def test_a_report_before_the_version_took_effect_is_warned_of(folder):
    new = dapolicy.load_policy("hpg", folder=folder)
    warnings = new.evaluate({**REPORT, "reported_at": "2025-03-14T10:00"}).warnings
    assert ("this version of the policy ('2') took effect on 2025-04-01 (document.effective), after the report was "
            "received: the decision follows a version not yet in force then") in warnings
    assert not any("took effect" in w for w in new.evaluate(REPORT).warnings)


def test_a_report_in_the_month_a_version_took_effect_is_warned_of():
    wolverhampton = dapolicy.load_policy("wolverhampton")  # effective 2022-03
    warnings = wolverhampton.evaluate({**REPORT, "reported_at": "2022-03-10T10:00"}).warnings
    assert ("this version of the policy ('2.0') took effect in 2022-03 (document.effective), the period in which the "
            "report was received: it may not yet have been in force") in warnings


def run(*arguments: str):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "dapolicy", *arguments], capture_output=True, text=True, timeout=120)


def test_the_command_line_takes_id_at_a_day_for_the_bundled_rulesets(tmp_path):
    case = tmp_path / "case.json"
    case.write_text('{"reported_at": "2025-06-02T10:00", "survivor": {"is_customer": true}}', encoding="utf-8")
    result = run("evaluate", "hpg@2025-06-01", str(case))
    assert result.returncode == 0, result.stderr
    assert '"version": "1"' in result.stdout


@pytest.mark.parametrize(("policy", "words"), [
    ("hpg@yesterday", "error[load.on_date] on='yesterday' is not a day written YYYY-MM-DD"),
    ("hpg@2019-01-01", "error[version.not_in_force] no version of 'hpg' was in force on 2019-01-01"),
    ("hgp@2025-01-01", "error[load.not_found] no bundled ruleset 'hgp'"),
])  # fmt: skip
def test_a_day_or_id_the_command_line_cannot_answer_for_is_refused_with_the_reason(tmp_path, policy, words):
    case = tmp_path / "case.json"
    case.write_text("{}", encoding="utf-8")
    result = run("evaluate", policy, str(case))
    assert result.returncode == 1 and words in result.stderr


def test_the_tests_beside_a_version_file_test_that_version(tmp_path):
    (tmp_path / "hpg@2021.yaml").write_text(hpg_version("1", "2021-06-01"), "utf-8")
    (tmp_path / "hpg.yaml").write_text(hpg_version("2", "2025-04-01", working_days=2), "utf-8")
    expect = "\n".join([
        "tests:", "  - name: contacted within {days}", "    case: {case}", "    expect:", "      policy: {{version: '{version}'}}",
        "      actions: [{{id: contact_survivor, modality: must, due: '{due}'}}]", ""])  # fmt: skip
    case = ('{reported_at: "2026-03-02T10:00", report_source: survivor, relationship: spouse, behaviours: [physical], '
            "survivor: {age: 30, is_customer: true}, perpetrator: {age: 32}}")
    (tmp_path / "hpg@2021.tests.yaml").write_text(expect.format(days="one working day", case=case, version="1",
                                                                due="2026-03-03T23:59:59+00:00"), "utf-8")  # fmt: skip
    (tmp_path / "hpg.tests.yaml").write_text(expect.format(days="two working days", case=case, version="2",
                                                           due="2026-03-04T23:59:59+00:00"), "utf-8")  # fmt: skip
    result = run("test", str(tmp_path))
    assert result.returncode == 0 and "2 passed" in result.stdout, result.stdout + result.stderr


def test_the_command_lines_id_at_a_day_given_to_load_policy_points_to_on():
    with pytest.raises(PolicyError) as error:
        dapolicy.load_policy("hpg@2025-06-01")
    assert problem(error).hint == "for the version of 'hpg' in force on a day, write load_policy('hpg', on='2025-06-01')"
