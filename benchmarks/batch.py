"""Benchmark: batch evaluation (issue 15) of generated cases, plain and on a local Dask cluster.

Generates `--cases` valid cases (each fact given with probability 0.7, seed 15) into a JSON Lines file, then times
`dapolicy batch` end to end (reading, evaluating, writing Parquet) three ways: the single-process loop (the
baseline, measured in the same run), and `--dask` on a local cluster of `--workers` worker processes. Prints cases
per second and the ratio to the baseline, and checks that both outputs hold the same rows.

    python benchmarks/batch.py [--cases 1000000] [--policy ckh] [--workers 2]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as arrow
import pyarrow.parquet as parquet

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_equivalence import random_case  # noqa: E402  (the generator the equivalence tests use)


def generate(file: Path, count: int) -> None:
    rng = random.Random(15)
    with open(file, "w", encoding="utf-8") as stream:
        for number in range(count):
            stream.write(json.dumps({"case_id": number, **random_case(rng, present=0.7)}) + "\n")


def run(policy: str, cases: Path, out: Path, options: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dapolicy", "batch", policy, str(cases), "--out", str(out), *options],
                   check=True, stderr=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - start


def same_rows(left: Path, right: Path) -> bool:
    """Whether two Parquet files hold the same rows, compared in slices of 20,000 rows (a million decision
    documents do not fit in memory twice; the files' row groups need not line up)."""
    return all(a is not None and b is not None and a.equals(b)
               for a, b in itertools.zip_longest(_slices(left), _slices(right)))  # fmt: skip


def _slices(file: Path, size: int = 20_000):
    pending, rows = [], 0
    for batch in parquet.ParquetFile(file).iter_batches(batch_size=size):
        pending.append(batch)
        rows += batch.num_rows
        while rows >= size:
            table = arrow.Table.from_batches(pending)
            yield table.slice(0, size)
            rest = table.slice(size)
            pending, rows = rest.to_batches(), rest.num_rows
    if rows:
        yield arrow.Table.from_batches(pending)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--policy", default="ckh")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        cases = Path(folder) / "cases.jsonl"
        began = time.perf_counter()
        generate(cases, args.cases)
        print(f"{args.cases:,} cases generated in {time.perf_counter() - began:.1f} s "
              f"({cases.stat().st_size / 1e6:,.0f} MB of JSON Lines); ruleset {args.policy}")  # fmt: skip
        plain_out, dask_out = Path(folder) / "plain.parquet", Path(folder) / "dask.parquet"
        plain = run(args.policy, cases, plain_out, [])
        print(f"  single process (baseline): {plain:7.1f} s, {args.cases / plain:9,.0f} cases/s")
        on_dask = run(args.policy, cases, dask_out, ["--dask", "--workers", str(args.workers)])
        print(f"  Dask, {args.workers} local workers:     {on_dask:7.1f} s, {args.cases / on_dask:9,.0f} cases/s "
              f"({plain / on_dask:.2f}x the baseline)")  # fmt: skip
        print(f"  the two outputs hold the same rows: {'yes' if same_rows(plain_out, dask_out) else 'NO'}")


if __name__ == "__main__":
    main()
