"""Batch evaluation (issue 15, first part): one row per case, in order, each equal to the library's decision for
it; a bad case a row with its error, never a stopped run; JSON Lines and Parquet in and out."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pyarrow as arrow
import pyarrow.parquet as parquet
import pytest
from test_equivalence import random_case

import dapolicy
from dapolicy.batch import columns, evaluate_many, read_cases, write_rows

FRIDAY = {"reported_at": "2026-12-18T16:30", "report_source": "survivor", "relationship": "spouse",
          "behaviours": ["physical"], "survivor": {"age": 34, "is_customer": True}, "perpetrator": {"age": 37}}  # fmt: skip


@pytest.mark.parametrize("policy_id", dapolicy.bundled_ids())
def test_each_row_holds_the_librarys_decision_for_its_case(policy_id):
    policy = dapolicy.load_policy(policy_id)
    rng = random.Random(policy_id)
    cases = [random_case(rng, present=(1.0, 0.5)[number % 2]) for number in range(60)]
    for case, row in zip(cases, evaluate_many(policy, cases), strict=True):
        decision = policy.evaluate(case)
        assert json.loads(row["decision"]) == decision.to_dict()
        assert row["domestic_abuse"] == decision.domestic_abuse.value.value and row["error"] is None
        for entry in decision.actions:
            name = entry.id if entry.recipient in (None, "any") else f"{entry.id}[{entry.recipient}]"
            assert (row[name], row[f"{name}.due"], row[f"{name}.authority"]) == (
                entry.modality, entry.due.isoformat() if entry.due else None, entry.authority)
        for entry in decision.undecided:
            name = entry.id if entry.recipient in (None, "any") else f"{entry.id}[{entry.recipient}]"
            assert row[name] == "undecided"


def test_a_survivor_reporting_at_1630_on_friday_is_contacted_by_monday_end_of_day():
    (row,) = evaluate_many(dapolicy.load_policy("hpg"), [{"case_id": "A1", **FRIDAY}])
    assert (row["case_id"], row["contact_survivor"], row["contact_survivor.due"]) == (
        "A1", "must", "2026-12-21T23:59:59+00:00")


def test_a_bad_case_is_a_row_with_its_error_and_the_run_goes_on():
    rows = list(evaluate_many(dapolicy.load_policy("hpg"), [{"case_id": 1, "survivor": {"agee": 3}}, FRIDAY]))
    assert rows[0]["case_id"] == "1" and rows[0]["decision"] is None and rows[0]["domestic_abuse"] is None
    assert rows[0]["error"] == "case.unknown_field at survivor.agee: unknown field (hint: did you mean 'survivor.age'?)"
    assert rows[1]["error"] is None and rows[1]["contact_survivor"] == "must"


def test_an_action_with_recipients_has_a_column_for_each_recipient_the_ruleset_names():
    names = columns(dapolicy.load_policy("wolverhampton"))
    assert "share_without_consent" in names and "share_without_consent[marac]" in names
    assert "share_without_consent[any]" not in names
    assert names[:2] == ["case_id", "domestic_abuse"] and names[-2:] == ["decision", "error"]


def test_the_cases_given_are_not_changed():
    case = {"case_id": "A1", **FRIDAY}
    list(evaluate_many(dapolicy.load_policy("hpg"), [case]))
    assert case == {"case_id": "A1", **FRIDAY}


def test_json_lines_in_parquet_out_and_back(tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps({"case_id": "A1", **FRIDAY}) + "\n\nnot json\n" + json.dumps({}) + "\n", encoding="utf-8")
    policy = dapolicy.load_policy("hpg")
    out = tmp_path / "rows.parquet"
    assert write_rows(evaluate_many(policy, read_cases(cases)), columns(policy), out) == 3
    table = parquet.read_table(out)
    assert table.column_names == columns(policy)
    rows = table.to_pylist()
    assert rows[0]["contact_survivor.due"] == "2026-12-21T23:59:59+00:00"
    assert rows[1]["error"].startswith("load.json_syntax") and rows[2]["domestic_abuse"] == "unknown"


def test_parquet_cases_with_nulls_are_unknown_facts(tmp_path):
    cases = tmp_path / "cases.parquet"
    parquet.write_table(arrow.Table.from_pylist([{"case_id": "A1", **FRIDAY},
                                                 {"case_id": "B2", "survivor": {"is_customer": True}}]), cases)  # fmt: skip
    rows = list(evaluate_many(dapolicy.load_policy("hpg"), read_cases(cases)))
    assert [row["case_id"] for row in rows] == ["A1", "B2"] and [row["error"] for row in rows] == [None, None]
    expected = dapolicy.load_policy("hpg").evaluate({"survivor": {"is_customer": True}}).to_dict()
    assert json.loads(rows[1]["decision"]) == expected


def test_the_batch_command_writes_rows_and_counts_them(tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps(FRIDAY) + "\n" + json.dumps({"survivor": {"agee": 3}}) + "\n", encoding="utf-8")
    out = tmp_path / "rows.jsonl"
    result = subprocess.run([sys.executable, "-m", "dapolicy", "batch", "hpg", str(cases), "--out", str(out)],
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "2 cases under hpg: 1 decided, 1 refused" in result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert json.loads(rows[0]["decision"]) == dapolicy.load_policy("hpg").evaluate(FRIDAY).to_dict()


def test_the_batch_command_refuses_a_missing_file(tmp_path):
    result = subprocess.run([sys.executable, "-m", "dapolicy", "batch", "hpg", str(tmp_path / "none.jsonl"), "--out",
                             str(tmp_path / "rows.jsonl")], capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 2 and "no such file" in result.stderr


# --- on Dask ----------------------------------------------------------------------------------------------------


def test_on_a_dask_cluster_the_rows_are_those_of_the_plain_run_in_order(dask_client):
    policy = dapolicy.load_policy("wolverhampton")
    rng = random.Random(15)
    cases = [{"case_id": number, **random_case(rng, present=0.6)} for number in range(700)]
    cases.insert(350, {"case_id": "bad", "survivor": {"agee": 1}})
    plain = list(evaluate_many(policy, [dict(case) for case in cases]))
    assert list(evaluate_many(policy, cases, client=dask_client, chunk=64)) == plain
    assert plain[350]["error"].startswith("case.unknown_field")


def test_a_refused_case_read_from_a_file_comes_back_from_a_worker_whole(dask_client, tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text("not json\n" + json.dumps(FRIDAY) + "\n", encoding="utf-8")
    policy = dapolicy.load_policy("hpg")
    on_dask = list(evaluate_many(policy, read_cases(cases), client=dask_client))
    assert on_dask == list(evaluate_many(policy, read_cases(cases)))


def test_the_batch_command_on_dask_writes_what_the_plain_run_writes(tmp_path):
    cases = tmp_path / "cases.jsonl"
    rng = random.Random(7)
    cases.write_text("".join(json.dumps(random_case(rng, present=0.5)) + "\n" for _ in range(300)), encoding="utf-8")
    outs = []
    for options in ([], ["--dask", "--workers", "2"]):
        out = tmp_path / f"rows{len(outs)}.parquet"
        result = subprocess.run([sys.executable, "-m", "dapolicy", "batch", "ckh", str(cases), "--out", str(out),
                                 *options], capture_output=True, text=True, timeout=300)  # fmt: skip
        assert result.returncode == 0, result.stderr
        outs.append(parquet.read_table(out).to_pylist())
    assert outs[0] == outs[1] and len(outs[0]) == 300


def test_a_scheduler_without_dask_is_a_usage_error(tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text("{}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "dapolicy", "batch", "hpg", str(cases), "--out",
                             str(tmp_path / "rows.jsonl"), "--scheduler", "tcp://127.0.0.1:1"], capture_output=True,
                            text=True)  # fmt: skip
    assert result.returncode == 2 and "give --dask too" in result.stderr


def test_run_file_on_dask_writes_the_plain_runs_file(dask_client, tmp_path):
    from dapolicy.batch import run_file

    cases = tmp_path / "cases.jsonl"
    rng = random.Random(3)
    lines = [json.dumps(random_case(rng, present=0.5)) for _ in range(40)]
    lines[17] = "not json"
    cases.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    policy = dapolicy.load_policy("ovh")
    for name in ("rows.jsonl", "rows.parquet"):
        plain, on_dask = tmp_path / f"plain-{name}", tmp_path / f"dask-{name}"
        assert run_file(policy, cases, plain) == (40, 1)
        assert run_file(policy, cases, on_dask, client=dask_client) == (40, 1)
        assert plain.read_bytes() == on_dask.read_bytes() if name.endswith(".jsonl") else \
            parquet.read_table(plain).equals(parquet.read_table(on_dask))  # fmt: skip


# --- pandas and Arrow -------------------------------------------------------------------------------------------


def test_a_dataframe_with_dotted_columns_is_read_a_row_a_case_and_a_gap_is_unknown():
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame([
        {"case_id": "friday", "reported_at": FRIDAY["reported_at"], "report_source": "survivor",
         "relationship": "spouse", "behaviours": ["physical"], "survivor.age": 34, "survivor.is_customer": True,
         "perpetrator.age": 37},
        {"case_id": "gaps", "reported_at": None, "report_source": None, "relationship": None, "behaviours": None,
         "survivor.age": float("nan"), "survivor.is_customer": True, "perpetrator.age": None},
    ])  # fmt: skip
    policy = dapolicy.load_policy("hpg")
    friday, gaps = evaluate_many(policy, frame)
    assert (friday["case_id"], friday["contact_survivor"], friday["contact_survivor.due"]) == (
        "friday", "must", "2026-12-21T23:59:59+00:00")  # survivor.age is a float column (it has a gap): 34.0 is 34
    assert json.loads(friday["decision"]) == policy.evaluate(FRIDAY).to_dict()
    assert json.loads(gaps["decision"]) == policy.evaluate({"survivor": {"is_customer": True}}).to_dict()


def test_a_fraction_in_a_whole_number_column_is_refused_not_rounded():
    pandas = pytest.importorskip("pandas")
    (row,) = evaluate_many(dapolicy.load_policy("hpg"), pandas.DataFrame([{"survivor.age": 16.5}]))
    assert row["error"].startswith("case.wrong_type at survivor.age")


def test_an_arrow_table_of_struct_columns_gives_the_rows_of_its_cases():
    cases = [{"case_id": str(number), **random_case(random.Random(number), present=0.6)} for number in range(40)]
    table = arrow.Table.from_struct_array(arrow.array(cases))  # the columns of every case (from_pylist: the first's)
    assert table.num_columns > 15
    policy = dapolicy.load_policy("ovh")
    assert list(evaluate_many(policy, table)) == list(evaluate_many(policy, cases))


def test_a_dask_dataframe_of_cases_gives_a_dask_dataframe_of_their_rows(dask_client, tmp_path):
    dataframe = pytest.importorskip("dask.dataframe")
    cases = [{"case_id": str(number), **random_case(random.Random(number), present=0.6)} for number in range(300)]
    parquet.write_table(arrow.Table.from_struct_array(arrow.array(cases)), tmp_path / "cases.parquet",
                        row_group_size=100)  # fmt: skip
    frame = dataframe.read_parquet(tmp_path / "cases.parquet", split_row_groups=True)  # groups as structs, lists
    policy = dapolicy.load_policy("hpg")
    rows = evaluate_many(policy, frame)
    assert rows.npartitions == 3 and list(rows.columns) == columns(policy)
    computed = rows.compute()
    assert computed.astype(object).where(computed.notna(), None).to_dict("records") == list(evaluate_many(policy, cases))
