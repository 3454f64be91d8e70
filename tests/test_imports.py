"""What `import dapolicy` and `dapolicy evaluate` load: rule-engine, z3 and pydantic only when a command needs them
(issue 13). Each check runs in a fresh interpreter, since this one has imported everything already."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import dapolicy

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("rule_engine", "z3", "pydantic")


def loaded_after(code: str, *, env: dict[str, str] | None = None) -> set[str]:
    """Which of HEAVY are in sys.modules after running `code` in a new interpreter."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO,
                            env=env)  # fmt: skip
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_import_dapolicy_loads_no_heavy_dependency():
    assert loaded_after("import dapolicy") == set()


def test_every_public_name_resolves_and_dir_lists_them():
    assert dir(dapolicy) == sorted(dapolicy.__all__)
    for name in dapolicy.__all__:
        assert getattr(dapolicy, name) is not None, name


def test_from_import_of_a_public_name_works():
    assert loaded_after("from dapolicy import Truth, PolicyError, Problem") == set()


def test_an_unknown_name_is_an_attribute_error():
    try:
        dapolicy.no_such_name  # noqa: B018
    except AttributeError as error:
        assert "no_such_name" in str(error)
    else:
        raise AssertionError("expected AttributeError")


def test_evaluate_does_not_import_z3_nor_rule_engine_from_the_cache(tmp_path):
    env = {"DAPOLICY_CACHE": str(tmp_path), "PATH": ""}
    run = "from dapolicy.cli import main\nmain(['evaluate', 'hpg', 'examples/friday-report.yaml'])"
    assert "z3" not in loaded_after(run, env=env)  # the first run compiles (rule-engine) and fills the cache
    assert not {"z3", "rule_engine"} & loaded_after(run, env=env)


def test_a_public_function_named_like_a_submodule_stays_the_function():
    code = ("import dapolicy, dapolicy.compare, dapolicy.schema, dapolicy.lint\n"
            "assert all(callable(getattr(dapolicy, n)) for n in ('compare', 'conformance', 'matrix', 'lint', "
            "'literate', 'schema'))")  # fmt: skip
    loaded_after(code)
