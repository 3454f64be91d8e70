"""Reading JSON skips the scan for mistakes json.loads lets pass only when parsing saw no doubt (issue 15: a case
a line of a large file): on generated texts with duplicate keys, NaN, long numbers and deep nesting, the data and
every message are those of always scanning."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from dapolicy import _yaml
from dapolicy.errors import PolicyError

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=8),
                    st.floats(allow_nan=False, allow_infinity=False))  # fmt: skip
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                                              max_size=3), max_leaves=20)  # fmt: skip
oddities = st.sampled_from(['{"a": 1, "a": 2}', '{"a": NaN}', '[Infinity]', "1" * 120, "[" * 60 + "]" * 60,
                            '{"k": {"k": 1, "k": 1}}', "[" * 49 + "]" * 49, '{"a": -Infinity}'])  # fmt: skip


def outcome(text: str):
    try:
        return ("data", _yaml.load_json(text, "case.json"))
    except PolicyError as error:
        return ("problems", [(p.code, p.message, p.mark) for p in error.problems])


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(values.map(json.dumps), oddities, st.tuples(values.map(json.dumps), oddities).map(
    lambda pair: f'{{"x": {pair[0]}, "y": {pair[1]}}}')))  # fmt: skip
def test_the_fast_path_reads_as_always_scanning_does(text):
    fast = outcome(text)
    original = _yaml._well_within_limits
    _yaml._well_within_limits = lambda data: False  # always scan, as before the fast path
    try:
        scanned = outcome(text)
    finally:
        _yaml._well_within_limits = original
    assert repr(fast) == repr(scanned)
