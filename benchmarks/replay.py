"""Benchmark: `dapolicy replay` (issue 15) of generated cases under two versions of a policy, plain and on Dask.

Generates `--cases` valid cases (as benchmarks/batch.py does) and two versions of HPG's ruleset in a folder: the
bundled one as version 1 (effective 2021-06-01) and a version 2 (from 2025-04-01) that gives two working days to
contact a survivor instead of one. Times `dapolicy replay hpg@2024-01-01 hpg@2025-06-01` end to end (reading,
evaluating both versions, writing the changed cases as Parquet, checking against compare) in one process (the
baseline, measured in the same run) and with `--dask` on `--workers` local workers, then a replay between two
landlords (`--against`, default amplius), where most cases change. Prints cases per second, the ratio to the
baseline and `dapolicy batch`'s rate for one ruleset, and checks that the plain and Dask outputs are the same.

    python benchmarks/replay.py [--cases 200000] [--workers 2] [--against amplius]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as parquet

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from batch import generate  # noqa: E402  (the cases benchmarks/batch.py generates)
from test_versions import hpg_version  # noqa: E402  (the versions the replay tests use)


def run(arguments: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "dapolicy", *arguments], check=True, capture_output=True, text=True)
    return time.perf_counter() - start, result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--against", default="amplius")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folder, cases = Path(work) / "policies", Path(work) / "cases.jsonl"
        folder.mkdir()
        (folder / "hpg@2021.yaml").write_text(hpg_version("1", "2021-06-01"), "utf-8")
        (folder / "hpg.yaml").write_text(hpg_version("2", "2025-04-01", working_days=2), "utf-8")
        generate(cases, args.cases)
        print(f"{args.cases:,} cases generated ({cases.stat().st_size / 1e6:,.0f} MB of JSON Lines)")
        versions = ["replay", "hpg@2024-01-01", "hpg@2025-06-01", str(cases), "--policies", str(folder)]
        plain, table = run([*versions, "--out", str(Path(work) / "plain.parquet")])
        print(f"  hpg version 1 → 2, single process (baseline): {plain:6.1f} s, {args.cases / plain:8,.0f} cases/s;"
              f" {table.splitlines()[0].split(': ', 1)[1]}")  # fmt: skip
        on_dask, _ = run([*versions, "--out", str(Path(work) / "dask.parquet"), "--dask", "--workers", str(args.workers)])
        print(f"  the same on Dask, {args.workers} local workers:     {on_dask:6.1f} s, {args.cases / on_dask:8,.0f} "
              f"cases/s ({plain / on_dask:.2f}x the baseline)")  # fmt: skip
        same = parquet.read_table(Path(work) / "plain.parquet").equals(parquet.read_table(Path(work) / "dask.parquet"))
        print(f"  the two outputs hold the same rows: {'yes' if same else 'NO'}")
        batch, _ = run(["batch", "hpg", str(cases), "--out", str(Path(work) / "rows.parquet")])
        print(f"  dapolicy batch hpg (one ruleset, every row):  {batch:6.1f} s, {args.cases / batch:8,.0f} cases/s")
        landlords, table = run(["replay", "hpg", args.against, str(cases), "--out", str(Path(work) / "x.parquet")])
        print(f"  {'hpg → ' + args.against + ', single process:':45} {landlords:6.1f} s, {args.cases / landlords:8,.0f} "
              f"cases/s; {table.splitlines()[0].split(': ', 1)[1]}")  # fmt: skip


if __name__ == "__main__":
    main()
