"""The compiled cache (issue 13): the same decisions as compiling, a new entry for a changed ruleset, a corrupt
entry ignored, concurrent writers safe, and a pickled Policy loaded without parsing its conditions again."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import rule_engine

import dapolicy
from dapolicy import api

CASES = (
    {"reported_at": "2026-12-18T16:30", "report_source": "survivor", "relationship": "spouse",
     "behaviours": ["physical"], "survivor": {"age": 34, "is_customer": True}, "perpetrator": {"age": 37}},
    {"reported_at": "2026-12-24T10:00", "survivor": {"is_customer": True}},
)  # fmt: skip


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DAPOLICY_CACHE", str(folder))
    return folder


@pytest.fixture
def compiles(monkeypatch) -> list[str]:
    """The ids of the rulesets compiled (not read from the cache) while the test runs."""
    compiled: list[str] = []
    original = api.compile_policy

    def counting(model, *args, **kwargs):
        compiled.append(model.id)
        return original(model, *args, **kwargs)

    monkeypatch.setattr(api, "compile_policy", counting)
    return compiled


def documents(policy: dapolicy.Policy) -> list[dict]:
    return [policy.evaluate(case).to_dict() for case in CASES]


@pytest.mark.parametrize("policy_id", dapolicy.bundled_ids())
def test_a_cached_load_gives_the_same_decisions(policy_id, cache_dir, compiles, monkeypatch):
    first = dapolicy.load_policy(policy_id)
    cached = dapolicy.load_policy(policy_id)
    assert compiles == [policy_id]
    monkeypatch.setenv("DAPOLICY_CACHE", "off")
    fresh = dapolicy.load_policy(policy_id)
    assert documents(cached) == documents(fresh) == documents(first)
    assert cached.digest == fresh.digest
    assert cached.model == fresh.model  # validated when first asked for


def test_a_changed_ruleset_misses_the_cache(cache_dir, compiles, tmp_path):
    ruleset = tmp_path / "mine.yaml"
    text = (Path(api._bundled_dir()) / "hpg.yaml").read_text(encoding="utf-8")
    ruleset.write_text(text, encoding="utf-8")
    before = dapolicy.load_policy(ruleset)
    ruleset.write_text(text + "\n# edited\n", encoding="utf-8")
    after = dapolicy.load_policy(ruleset)
    assert len(compiles) == 2 and before.digest != after.digest
    dapolicy.load_policy(ruleset, parameters={"contact_deadline": {"hours": 48}})
    assert len(compiles) == 3  # the overrides are in the key too


def test_another_package_version_misses_the_cache(cache_dir, compiles, monkeypatch):
    from dapolicy import cache

    dapolicy.load_policy("hpg")
    monkeypatch.setattr(cache, "__version__", "0.0.0-other")
    dapolicy.load_policy("hpg")
    assert compiles == ["hpg", "hpg"]


def test_the_version_keying_the_cache_is_the_installed_version():
    import importlib.metadata

    from dapolicy._version import __version__

    assert importlib.metadata.version("dapolicy") == __version__


def test_the_cache_folder_keeps_the_newest_entries_only(cache_dir, monkeypatch):
    from dapolicy import cache

    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    for number in range(5):
        cache.write_entry(f"entry{number}", number)
    assert sorted(entry.stem for entry in cache_dir.glob("*.pickle")) == ["entry2", "entry3", "entry4"]
    assert cache.read_entry("entry4") == 4 and cache.read_entry("entry0") is None


def test_a_corrupt_entry_is_ignored_and_rewritten(cache_dir, compiles):
    expected = documents(dapolicy.load_policy("ckh"))
    entries = list(cache_dir.glob("*.pickle"))
    assert entries
    for entry in entries:
        entry.write_bytes(b"not a pickle")
    assert documents(dapolicy.load_policy("ckh")) == expected
    assert documents(dapolicy.load_policy("ckh")) == expected
    assert compiles == ["ckh", "ckh"]  # compiled again once, then read from the rewritten entry


def test_an_unwritable_cache_folder_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("DAPOLICY_CACHE", str(blocker / "cache"))
    assert dapolicy.load_policy("hpg").id == "hpg"


def test_two_processes_writing_at_once_are_safe(cache_dir):
    code = ("import dapolicy\nfor _ in range(3):\n    for policy_id in dapolicy.bundled_ids():\n"
            "        dapolicy.load_policy(policy_id).evaluate({'reported_at': '2026-12-24T10:00'})\n")  # fmt: skip
    env = {"DAPOLICY_CACHE": str(cache_dir), "PATH": ""}
    runs = [subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        assert run.wait(timeout=300) == 0, run.stderr.read().decode()
    assert not list(cache_dir.glob("*.tmp"))
    for entry in cache_dir.glob("*.pickle"):
        pickle.loads(entry.read_bytes())


def test_a_pickled_policy_loads_without_parsing_conditions(cache_dir, monkeypatch):
    policy = dapolicy.load_policy("wolverhampton")
    data = pickle.dumps(policy)

    def refuse(*args, **kwargs):
        raise AssertionError("a condition was parsed again")

    monkeypatch.setattr(rule_engine, "Rule", refuse)
    again = pickle.loads(data)
    assert documents(again) == documents(policy)
    assert documents(dapolicy.load_policy("wolverhampton")) == documents(policy)  # from the cache, unparsed too
    assert (again.id, again.digest, again.model) == (policy.id, policy.digest, policy.model)
