"""The installed package carries the bundled rulesets and works from any directory."""

from __future__ import annotations

import pickle
import subprocess
import sys

import dapolicy


def test_bundled_rulesets_load_from_another_directory(tmp_path):
    script = "import dapolicy; p = dapolicy.load_policy('hpg'); print(p.id, len(p.compiled.rules))"
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("hpg ")


def test_the_bundled_ids_include_the_statutory_baseline_and_hpg():
    assert {"statutory", "hpg"} <= set(dapolicy.bundled_ids())


def test_a_loaded_policy_is_immutable():
    policy = dapolicy.load_policy("hpg")
    try:
        policy.digest = "x"  # type: ignore[misc]
    except AttributeError:
        pass
    else:
        raise AssertionError("a Policy accepted an attribute assignment")


def test_a_policy_pickles_with_its_digest():
    policy = dapolicy.load_policy("hpg")
    again = pickle.loads(pickle.dumps(policy))
    assert again.digest == policy.digest
    assert len(again.compiled.rules) == len(policy.compiled.rules)


def test_the_digest_changes_with_a_parameter_override():
    plain = dapolicy.load_policy("statutory")
    overridden = dapolicy.load_policy("statutory", parameters={"landlord_kind": "local_housing_authority"})
    assert plain.digest != overridden.digest
