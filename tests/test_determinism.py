"""Every document is byte-for-byte the same for the same inputs, whatever the process (contract section 5):
the command line is run under several hash seeds and its output compared."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEEDS = ("0", "1", "2", "3")

COMMANDS = {
    "evaluate json": ["evaluate", "amplius", str(EXAMPLES / "friday-report.yaml"), "--format", "json"],
    "evaluate text": ["evaluate", "hpg", str(EXAMPLES / "christmas-eve-referral.json")],
    "explain": ["explain", "wolverhampton", str(EXAMPLES / "partial-third-party.yaml")],
    "compare json": ["compare", "hpg", "amplius", "--format", "json"],
    "conformance json": ["conformance", "ckh", "--format", "json"],
    "matrix json": ["compare", "--all", "--format", "json"],
}


def run(arguments: list[str], seed: str) -> str:
    result = subprocess.run([sys.executable, "-m", "dapolicy", *arguments], capture_output=True, text=True,
                            env={**os.environ, "PYTHONHASHSEED": seed}, check=False)  # fmt: skip
    assert result.returncode == (1 if arguments[0] == "conformance" else 0), result.stderr  # ckh does not conform
    return result.stdout


@pytest.mark.parametrize("arguments", list(COMMANDS.values()), ids=list(COMMANDS))
def test_the_output_is_the_same_whatever_the_hash_seed(arguments):
    outputs = {run(arguments, seed) for seed in SEEDS}
    assert len(outputs) == 1
