"""Generators of bad input shared by the fuzz test and the fuzz benchmark: random JSON/YAML documents and random
mutations of the bundled rulesets and example cases, and one function that feeds an input to the library and says
whether anything other than the documented errors escaped."""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path
from typing import Any

import dapolicy

ROOT = Path(__file__).resolve().parent.parent
RULESETS = {path.stem: path.read_text(encoding="utf-8") for path in sorted((ROOT / "policies").glob("*.yaml"))
            if not path.name.endswith(".tests.yaml")}  # fmt: skip
CASES = {path.name: path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples").iterdir())}
EXPECTED = (dapolicy.PolicyError, dapolicy.CaseError, TypeError)

_VALUES = ["-1", "0", "1.5", "100000000", "1e12", '"one"', "2027-06-31", '"2027-13-01"', "{hours: 0}",
           "{working_days: 1, hours: 2}", "[]", "{}", "null", "~", "yes", "banana", "9999-12-31T23:00", '"<script>"',
           "*a", "&a x", "!!binary AAAA", "[[[[[[1]]]]]]", "'it''s'", "@", "`x`"]  # fmt: skip
_BIG = "__a 5,000-digit number__"
_NOISE = ["", " ", "\t", ":", "- ", "{", "}", "[", "]", "'", '"', "&a", "*a", "!!python/object:os.system", "#", "\n",
          "null", "true", "no", "-1", "1e999", "9" * 50, "é", "\ufeff", "\x00", "%", "<b>", "..", "  ", "---\n"]  # fmt: skip


def mutate(text: str, rng: random.Random, steps: int = 3) -> str:
    """`text` with a few random edits: a line deleted, duplicated or moved, characters replaced or inserted."""
    lines = text.splitlines(keepends=True)
    for _ in range(steps):
        if not lines:
            lines = [rng.choice(_NOISE)]
        kind = rng.randrange(8)
        at = rng.randrange(len(lines))
        if kind == 0:
            del lines[at]
        elif kind == 1:
            lines.insert(at, lines[rng.randrange(len(lines))])
        elif kind == 2:
            line = lines[at]
            cut = rng.randrange(len(line) + 1)
            lines[at] = line[:cut] + rng.choice(_NOISE) + line[cut:]
        elif kind == 3:
            line = lines[at]
            if line.strip():
                cut = rng.randrange(len(line))
                lines[at] = line[:cut] + line[cut + 1:]
        elif kind == 4:
            lines[at] = " " * rng.randrange(6) + lines[at].lstrip(" ")
        elif kind in (6, 7):
            line = lines[at]
            if ": " in line:  # a value replaced: where a policy officer's typo or a form's odd value lands
                key, _, _ = line.partition(": ")
                lines[at] = f"{key}: {rng.choice(_VALUES)}\n"
        else:
            words = lines[at].split(" ")
            words[rng.randrange(len(words))] = rng.choice(_NOISE)
            lines[at] = " ".join(words)
    return "".join(lines)


def random_value(rng: random.Random, depth: int = 0) -> Any:
    """A random JSON value, nested a few levels."""
    kind = rng.randrange(8 if depth < 4 else 5)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, -1, 16, 24, 25, 10**30, 1.5, -0.0, float("inf"), _BIG])
    if kind == 3:
        return rng.choice(["", "yes", "spouse", "2026-12-24T10:00", "2026-13-45T99:99", "9999-12-31T23:00",
                           "2026-03-29T01:30", "0001-01-01T00:00", "physical", "x" * 200, "Peterborough"])
    if kind == 4:
        return rng.choice(["survivor", "risk", "behaviours", "area", "peterborough"])
    if kind == 5:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    keys = ["survivor", "perpetrator", "children", "risk", "age", "is_customer", "behaviours", "relationship",
            "reported_at", "area", "dash_score", "consents_to_share", "unknown_fact", "1"]  # fmt: skip
    return {rng.choice(keys): random_value(rng, depth + 1) for _ in range(rng.randrange(5))}


def random_case_text(rng: random.Random) -> tuple[str, str]:
    """(file name, text): a mutated example case, or a random document written as JSON or YAML."""
    choice = rng.randrange(3)
    if choice == 0:
        name = rng.choice(sorted(CASES))
        return name, mutate(CASES[name], rng, rng.randrange(1, 5))
    text = json.dumps(random_value(rng)).replace(json.dumps(_BIG), "9" * 5000)
    if choice == 1:
        return "case.json", text
    return "case.yaml", mutate(text, rng, rng.randrange(0, 3))


_POLICIES: dict[str, Any] = {}


def _policy(policy_id: str):
    if policy_id not in _POLICIES:
        _POLICIES[policy_id] = dapolicy.load_policy(policy_id)
    return _POLICIES[policy_id]


def try_case(name: str, text: str, policy_id: str) -> BaseException | None:
    """Parse a case and evaluate it; the exception that escaped if it is not a documented one."""
    try:
        case = dapolicy.load_case(text, name)
        _policy(policy_id).evaluate(case).to_dict()
    except EXPECTED:
        return None
    except Exception as error:  # noqa: BLE001 - the point is to catch what should not escape
        return error
    return None


def try_ruleset(text: str, directory: Path | None = None) -> BaseException | None:
    """Load a ruleset from text (written to a file) and evaluate the example cases; what escaped, if undocumented."""
    with tempfile.TemporaryDirectory(dir=directory) as folder:
        path = Path(folder) / "mutated.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            policy = dapolicy.load_policy(path)
            for name, case_text in CASES.items():
                policy.evaluate(dapolicy.load_case(case_text, name)).to_dict()
        except EXPECTED:
            return None
        except Exception as error:  # noqa: BLE001
            return error
    return None
