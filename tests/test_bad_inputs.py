"""The corpus of bad inputs (tests/bad_inputs/*.yaml): each is run through the command line and must give its exit
status and a message naming where and what (the strings it lists), and never a traceback.

An entry:

    - id: parameter_deadline_negative          # unique across the corpus
      about: a parameter's deadline of -1 working days
      files:                                   # written into a fresh directory, `{dir}` in argv
        policy.yaml:
          from: hpg                            # a bundled ruleset's text ...
          replace: [["working_days: 1", "working_days: -1"]]   # ... with these replacements (each must match)
        case.json: '{"survivor": {"age": 30}}'           # or plain text
        odd.json: {base64: "//4A..."}          # or bytes
      argv: [validate, "{dir}/policy.yaml"]
      stdin: "..."                             # optional
      exit: 1
      expect: ["policy.yaml:", "error[compile.bad_parameter]"]   # every one must be in stderr
      expect_stdout: ["..."]                   # optional: for an input accepted with a warning (exit 0)
"""

from __future__ import annotations

import base64
import contextlib
import io
import signal
import sys
from pathlib import Path

import pytest
import yaml

from dapolicy.cli import main

CORPUS_DIR = Path(__file__).resolve().parent / "bad_inputs"
POLICIES = Path(__file__).resolve().parent.parent / "policies"
SECONDS = 20


def corpus() -> list[dict]:
    entries = []
    for path in sorted(CORPUS_DIR.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            entries.append({**entry, "corpus": path.name})
    return entries


ENTRIES = corpus()


def test_the_corpus_has_at_least_a_hundred_distinct_bad_inputs():
    ids = [entry["id"] for entry in ENTRIES]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert len(ids) >= 100


def write_files(directory: Path, files: dict) -> None:
    for name, content in (files or {}).items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        elif "base64" in content:
            target.write_bytes(base64.b64decode(content["base64"]))
        else:
            text = (POLICIES / f"{content['from']}.yaml").read_text(encoding="utf-8")
            for old, new in content.get("replace", []):
                assert old in text, f"{name}: {old!r} is not in {content['from']}.yaml"
                text = text.replace(old, new, 1)
            target.write_text(text, encoding="utf-8")


class _TooLong(Exception):
    pass


def _alarm(signum, frame):
    raise _TooLong()


def run(argv: list[str], stdin: str | None) -> tuple[int, str, str]:
    """The command line in this process, with a time limit: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SECONDS)
    saved_stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO((stdin or "").encode("utf-8")), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(argv)
            except SystemExit as exit_:
                status = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        sys.stdin = saved_stdin
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry["id"] for entry in ENTRIES])
def test_a_bad_input_is_refused_with_a_located_message(entry, tmp_path):
    write_files(tmp_path, entry.get("files"))
    argv = [arg.replace("{dir}", str(tmp_path)) for arg in entry["argv"]]
    try:
        status, stdout, stderr = run(argv, entry.get("stdin"))
    except _TooLong:
        pytest.fail(f"{entry['id']}: still running after {SECONDS} s")
    assert "Traceback" not in stderr, stderr
    assert status == entry["exit"], stderr
    for wanted in entry.get("expect", []):
        assert wanted.replace("{dir}", str(tmp_path)) in stderr, f"{wanted!r} not in: {stderr}"
    for wanted in entry.get("expect_stdout", []):
        assert wanted.replace("{dir}", str(tmp_path)) in stdout, f"{wanted!r} not in: {stdout}"
