"""Replay (issue 15): the same cases under two rulesets, keeping only those whose decisions differ, with what
changed; every change one that `compare` reports; the same on Dask."""

from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as parquet
import pytest
from test_equivalence import random_case
from test_versions import REPORT, hpg_version

import dapolicy
from dapolicy.replay import changes, replay, replay_file

#: Monday 2 June 2025, 10:00: contacted by the end of Tuesday under one working day, of Wednesday under two.
MONDAY = {**REPORT, "case_id": "monday"}


@pytest.fixture(scope="module")
def versions(tmp_path_factory) -> tuple[dapolicy.Policy, dapolicy.Policy, Path]:
    """HPG's 2021 version (contact within one working day) and its 2025 version (two), from one folder."""
    folder = tmp_path_factory.mktemp("hpg-versions")
    (folder / "hpg@2021.yaml").write_text(hpg_version("1", "2021-06-01"), "utf-8")
    (folder / "hpg.yaml").write_text(hpg_version("2", "2025-04-01", working_days=2), "utf-8")
    old, new = (dapolicy.load_policy("hpg", on=day, folder=folder) for day in ("2024-01-01", "2025-06-01"))
    return old, new, folder


def cases(seed: int, count: int, present: float = 0.7) -> list[dict]:
    rng = random.Random(seed)
    return [random_case(rng, present) for _ in range(count)]


def test_a_longer_contact_deadline_is_a_later_due_for_the_same_report(versions):
    old, new, _ = versions
    (row,) = replay(old, new, [MONDAY])
    assert (row["case_number"], row["case_id"], row["changed"]) == (1, "monday", "contact_survivor due")
    (change,) = json.loads(row["changes"])
    assert (change["subject"], change["change"], change["aspects"]) == ("contact_survivor", "changed", ["due"])
    assert (change["old"]["due"], change["new"]["due"]) == ("2025-06-03T23:59:59+01:00", "2025-06-04T23:59:59+01:00")
    assert change["old"]["citations"][0]["clause"] == "3.2"


def test_only_the_cases_whose_decision_differs_are_kept(versions):
    old, new, _ = versions
    unknown_time = {key: value for key, value in MONDAY.items() if key != "reported_at"}  # no deadline to differ
    result = replay(old, new, [unknown_time, MONDAY, unknown_time])
    assert [row["case_number"] for row in result] == [2]
    assert (result.summary.cases, result.summary.changed, result.summary.refused) == (3, 1, 0)


def test_a_refused_case_is_a_row_with_its_error(versions):
    old, new, _ = versions
    (row,) = replay(old, new, [{"survivor": {"agee": 3}}])
    assert row["error"].startswith("case.unknown_field at survivor.agee") and row["changes"] is None


def test_an_action_added_and_one_removed_are_named_so():
    hpg, amplius = dapolicy.load_policy("hpg"), dapolicy.load_policy("amplius")
    found = {(c.subject, c.recipient): c for c in changes(hpg.evaluate(REPORT), amplius.evaluate(REPORT), hpg, amplius)}
    record = found[("record_report", None)]  # Amplius records every report; HPG's ruleset has no such rule
    assert (record.kind, record.aspects, record.old, record.new["modality"]) == ("added", ("presence",), None, "must")
    assert str(record) == "record_report added"


def test_the_summary_counts_each_change_with_what_it_went_from_and_to(versions):
    old, new, _ = versions
    result = replay(old, new, [MONDAY, MONDAY, {"survivor": {"agee": 3}}])
    list(result)
    result.summary.check(dapolicy.compare(old, new))
    assert result.summary.to_dict()["changes"] == [{
        "subject": "contact_survivor", "recipient": None, "aspect": "due", "cases": 2, "transitions": {"later": 2},
        "reported_by_compare": True}]  # fmt: skip
    assert result.summary.to_dict()["old"] == {"id": "hpg", "version": "1", "effective": "2021-06-01",
                                               "digest": old.digest}  # fmt: skip
    table = result.summary.table()
    assert table.splitlines()[0] == "hpg '1' → hpg '2': 3 cases, 2 changed (66.7%), 1 refused"
    assert table.splitlines()[2].split() == ["contact_survivor", "due", "2", "later", "2", "yes"]


PAIRS = [("hpg", "amplius"), ("ckh", "ovh"), ("wolverhampton", "statutory"), ("ovh", "hpg"), ("amplius", "ckh")]


@pytest.mark.parametrize(("old_id", "new_id"), PAIRS)
def test_every_change_a_replay_finds_is_a_difference_compare_reports(old_id, new_id):
    old, new = dapolicy.load_policy(old_id), dapolicy.load_policy(new_id)
    result = replay(old, new, cases(hash((old_id, new_id)) % 1000, 600, present=0.6)
                    + cases(1, 300, present=1.0))  # fmt: skip
    rows = list(result)
    result.summary.check(dapolicy.compare(old, new))
    assert rows and result.summary.unreported == []
    reported = {(d.subject, d.aspect, d.recipient) for d in dapolicy.compare(old, new).differences}
    for row in rows:
        for change in json.loads(row["changes"]):
            assert {(change["subject"], aspect, change["recipient"]) for aspect in change["aspects"]} <= reported


def outcome(document: dict, action: str, recipient: str | None) -> object:
    """What a decision document says of an action for a recipient, as a change is judged: its modality, due and
    authority in `actions`, or `undecided` (whatever modalities it waits between), or neither (absent, or in
    conflict); a recipient without an entry of its own takes the `any` entry's."""
    for wanted in dict.fromkeys((recipient, "any" if recipient is not None else None)):
        for section in ("actions", "undecided", "conflicts"):
            for entry in document[section]:
                if entry["id"] == action and entry.get("recipient") == wanted:
                    if section == "actions":
                        return entry["modality"], entry["due"], entry["authority"]
                    return "undecided" if section == "undecided" else None
    return None


@pytest.mark.parametrize(("old_id", "new_id"), PAIRS[:3])
def test_a_case_is_kept_exactly_when_an_outcome_in_its_documents_differs(old_id, new_id):
    from dapolicy.differences import recipients

    old, new = dapolicy.load_policy(old_id), dapolicy.load_policy(new_id)
    given = cases(len(old_id) * 31 + len(new_id), 400, present=0.6)
    kept = {row["case_number"]: row for row in replay(old, new, given)}
    actions = sorted(set(old.compiled.actions) | set(new.compiled.actions))
    for number, case in enumerate(given, 1):
        before, after = old.evaluate(case).to_dict(), new.evaluate(case).to_dict()
        differing = {(action, recipient) for action in actions
                     for recipient in recipients(action, old.compiled, new.compiled)
                     if outcome(before, action, recipient) != outcome(after, action, recipient)}  # fmt: skip
        if any(before["domestic_abuse"][aspect] != after["domestic_abuse"][aspect] for aspect in ("value", "statutory")):
            differing.add(("domestic_abuse", None))
        found = {(c["subject"], c["recipient"]) for c in json.loads(kept[number]["changes"])} if number in kept else set()
        assert found == differing, number


def test_replay_does_not_change_the_cases_given(versions):
    old, new, _ = versions
    given = cases(5, 50) + [MONDAY]
    copy = json.loads(json.dumps(given))
    list(replay(old, new, given))
    assert given == copy


def test_on_a_dask_cluster_the_rows_and_summary_are_those_of_the_plain_run(dask_client):
    old, new = dapolicy.load_policy("ckh"), dapolicy.load_policy("ovh")
    given = [{"case_id": n, **case} for n, case in enumerate(cases(21, 500, present=0.6))]
    given.insert(250, {"survivor": {"agee": 1}})
    plain = replay(old, new, given)
    on_dask = replay(old, new, given, client=dask_client, chunk=64)
    assert list(on_dask) == list(plain)
    assert on_dask.summary.to_dict() == plain.summary.to_dict() and plain.summary.refused == 1


def test_replay_file_on_dask_writes_the_plain_runs_file(dask_client, tmp_path, versions):
    old, new, _ = versions
    source = tmp_path / "cases.jsonl"
    lines = [json.dumps(case) for case in cases(9, 200)] + [json.dumps(MONDAY), "not json"]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name in ("changes.jsonl", "changes.parquet"):
        plain, on_dask = tmp_path / f"plain-{name}", tmp_path / f"dask-{name}"
        one = replay_file(old, new, source, plain, decisions=True)
        two = replay_file(old, new, source, on_dask, client=dask_client, decisions=True)
        assert one.to_dict() == two.to_dict() and (one.cases, one.refused) == (202, 1)
        if name.endswith(".jsonl"):
            assert plain.read_bytes() == on_dask.read_bytes()
        else:
            table = parquet.read_table(plain)
            assert table.equals(parquet.read_table(on_dask)) and str(table.schema.field("case_number").type) == "int64"
    rows = [json.loads(line) for line in (tmp_path / "plain-changes.jsonl").read_text("utf-8").splitlines()]
    assert rows[-2]["case_number"] == 201 and json.loads(rows[-2]["new_decision"]) == new.evaluate(REPORT).to_dict()
    assert rows[-1]["case_number"] == 202 and rows[-1]["error"].startswith("load.json_syntax")


def run(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dapolicy", *arguments], capture_output=True, text=True, timeout=300)


def test_the_replay_command_writes_the_changed_cases_and_prints_the_summary(tmp_path, versions):
    _, new, folder = versions
    source = tmp_path / "cases.jsonl"
    source.write_text(json.dumps(MONDAY) + "\n" + json.dumps({**MONDAY, "case_id": "no time", "reported_at": None})
                      + "\n", encoding="utf-8")  # fmt: skip
    out = tmp_path / "changes.jsonl"
    result = run("replay", "hpg@2024-01-01", "hpg@2025-06-01", str(source), "--out", str(out), "--policies", str(folder))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "hpg '1' → hpg '2': 2 cases, 1 changed (50.0%), 0 refused"
    assert "compare reports it" in result.stdout
    assert "2 cases replayed: 1 changed, 0 refused" in result.stderr
    (row,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert row["case_id"] == "monday"
    summary = json.loads(run("replay", "hpg@2024-01-01", "hpg@2025-06-01", str(source), "--out", str(out),
                             "--policies", str(folder), "--format", "json").stdout)  # fmt: skip
    assert summary["new"]["digest"] == new.digest and summary["changes"][0]["reported_by_compare"] is True


def test_a_day_no_version_was_in_force_on_is_refused_with_the_reason(tmp_path, versions):
    _, _, folder = versions
    source = tmp_path / "cases.jsonl"
    source.write_text(json.dumps(MONDAY) + "\n", encoding="utf-8")
    result = run("replay", "hpg@2020-01-01", "hpg@2025-06-01", str(source), "--out", str(tmp_path / "out.jsonl"),
                 "--policies", str(folder))  # fmt: skip
    assert result.returncode == 1 and "error[version.not_in_force] no version of 'hpg' was in force on 2020-01-01" in result.stderr


def test_evaluate_takes_the_version_in_force_on_a_day(tmp_path, versions):
    _, _, folder = versions
    case = tmp_path / "case.json"
    case.write_text(json.dumps(REPORT), encoding="utf-8")
    decided = {day: json.loads(run("evaluate", f"hpg@{day}", str(case), "--policies", str(folder)).stdout)
               for day in ("2024-01-01", "2025-06-01")}  # fmt: skip
    assert [decided[day]["policy"]["version"] for day in decided] == ["1", "2"]


def test_every_pair_of_bundled_rulesets_replays_without_a_change_compare_misses():
    given = cases(77, 150, present=0.5)
    for old_id, new_id in itertools.combinations(dapolicy.bundled_ids(), 2):
        old, new = dapolicy.load_policy(old_id), dapolicy.load_policy(new_id)
        result = replay(old, new, given)
        list(result)
        result.summary.check(dapolicy.compare(old, new))
        assert result.summary.unreported == [], (old_id, new_id)


def test_a_dataframe_of_cases_replays_as_its_rows_do(versions):
    pandas = pytest.importorskip("pandas")
    old, new, _ = versions
    given = cases(12, 120) + [REPORT]
    frame = pandas.DataFrame([{"case_id": str(n), **case} for n, case in enumerate(given)])
    from_frame = list(replay(old, new, frame))
    assert from_frame == list(replay(old, new, [{"case_id": str(n), **case} for n, case in enumerate(given)]))
    assert from_frame[-1]["case_id"] == str(len(given) - 1)


@pytest.mark.parametrize(("old_id", "new_id"), [("hpg", "amplius"), ("ovh", "wolverhampton")])
def test_replaying_the_other_way_finds_the_same_changes_turned_round(old_id, new_id):
    old, new = dapolicy.load_policy(old_id), dapolicy.load_policy(new_id)
    given = cases(41, 300, present=0.6)
    forward, backward = list(replay(old, new, given)), list(replay(new, old, given))
    assert [row["case_number"] for row in forward] == [row["case_number"] for row in backward]
    turned = {"added": "removed", "removed": "added", "changed": "changed"}
    for there, back in zip(forward, backward):
        for a, b in zip(json.loads(there["changes"]), json.loads(back["changes"]), strict=True):
            assert (a["subject"], a["recipient"], a["aspects"], a["old"], a["new"], turned[a["change"]]) == (
                b["subject"], b["recipient"], b["aspects"], b["new"], b["old"], b["change"])


def test_the_same_ruleset_on_both_sides_changes_nothing():
    hpg = dapolicy.load_policy("hpg")
    result = replay(hpg, hpg, cases(3, 200, present=0.5))
    assert list(result) == [] and (result.summary.cases, result.summary.changed) == (200, 0)


@pytest.mark.parametrize("command", ["batch", "replay"])
def test_an_out_that_cannot_be_written_is_a_message_not_a_traceback(tmp_path, command):
    source = tmp_path / "cases.jsonl"
    source.write_text(json.dumps(MONDAY) + "\n", encoding="utf-8")
    policies = ["hpg"] if command == "batch" else ["hpg", "amplius"]
    for out, status, words in ((tmp_path / "none" / "out.jsonl", 2, "--out: no such folder"),
                               (tmp_path, 2, "--out: a folder, not a file"),
                               (Path("/proc/dapolicy-out.jsonl"), 1, "error[output.unwritable] cannot write")):  # fmt: skip
        result = run(command, *policies, str(source), "--out", str(out))
        assert result.returncode == status and words in result.stderr and "Traceback" not in result.stderr
