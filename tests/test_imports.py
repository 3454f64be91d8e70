"""What `import dapolicy` and `dapolicy evaluate` load: rule-engine, z3 and pydantic only when a command needs them
(issue 13). Each check runs in a fresh interpreter, since this one has imported everything already."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

import dapolicy
from dapolicy import cache

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


def test_evaluate_from_the_cache_imports_no_heavy_dependency(tmp_path):
    env = {"DAPOLICY_CACHE": str(tmp_path), "PATH": ""}
    for form in ("json", "text"):
        run = f"from dapolicy.cli import main\nmain(['evaluate', 'hpg', 'examples/friday-report.yaml', '--format', '{form}'])"
        assert "z3" not in loaded_after(run, env=env)  # the first run compiles (rule-engine) and fills the cache
        assert loaded_after(run, env=env) == set()


def test_evaluating_a_compiled_policy_imports_no_pydantic(tmp_path):
    """The compiled form (a deadline is a plain `model.dates.Due`) and the evaluation stage need no ruleset model."""
    compiled = tmp_path / "hpg.pickle"
    compiled.write_bytes(cache.dumps(dapolicy.load_policy("hpg").compiled))
    case = yaml.safe_load((REPO / "examples" / "friday-report.yaml").read_text(encoding="utf-8"))
    run = (f"from dapolicy import cache, evaluate\n"
           f"policy = cache.loads(open({str(compiled)!r}, 'rb').read())\n"
           f"evaluate.evaluate_case(policy, {case!r}).to_dict()")  # fmt: skip
    assert "pydantic" not in loaded_after(run)


def test_a_public_function_named_like_a_submodule_stays_the_function():
    code = ("import dapolicy, dapolicy.compare, dapolicy.schema, dapolicy.lint\n"
            "assert all(callable(getattr(dapolicy, n)) for n in ('compare', 'conformance', 'matrix', 'lint', "
            "'literate', 'schema'))")  # fmt: skip
    loaded_after(code)
