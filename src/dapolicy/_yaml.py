"""YAML text to plain data, keeping where every key and value stood.

Strict on purpose: duplicate keys, aliases and explicit tags (above all `!!python/...`, which asks to construct
Python objects) are problems, and plain scalars follow the YAML 1.2 core schema, so `no` stays the text "no" and
`2024-05-31` stays a string: the validated model, not the YAML library, decides what a value means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import BaseConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from .errors import Mark, PolicyError, Problem

Path = tuple[str | int, ...]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")


class _ComposeOnly(Reader, Scanner, Parser, Composer, BaseConstructor, BaseResolver):
    """A loader that only builds the node graph; BaseResolver resolves no implicit (YAML 1.1) types."""

    def __init__(self, stream: str):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        BaseConstructor.__init__(self)
        BaseResolver.__init__(self)


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a loaded document stands in its file."""

    file: str
    text: str
    values: dict[Path, Mark] = field(default_factory=dict)
    keys: dict[Path, Mark] = field(default_factory=dict)
    spans: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def line(self, number: int) -> str:
        """The text of a 1-based line of the file, for diagnostics."""
        lines = self.text.splitlines()
        return lines[number - 1] if 0 < number <= len(lines) else ""

    def mark_for(self, path: Path, *, key: bool = False) -> Mark | None:
        """The mark of `path`, or of its nearest ancestor that has one (a missing key marks its mapping)."""
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        for cut in range(len(path) - 1, -1, -1):
            if path[:cut] in self.values:
                return self.values[path[:cut]]
        return None

    def mark_in_scalar(self, path: Path, needle: str, occurrence: int | None = None) -> Mark | None:
        """The mark of `needle` inside the scalar at `path`, found in the raw file text.

        With `occurrence` (0-based) the nth match is marked; without it the needle must occur exactly once.
        None when it cannot be placed, so the caller falls back to the scalar's start.
        """
        span = self.spans.get(path)
        if span is None or not needle:
            return None
        raw = self.text[span[0] : span[1]]
        starts = [m.start() for m in re.finditer(re.escape(needle), raw)]
        if occurrence is None:
            if len(starts) != 1:
                return None
            occurrence = 0
        if occurrence >= len(starts):
            return None
        index = span[0] + starts[occurrence]
        line = self.text.count("\n", 0, index) + 1
        column = index - (self.text.rfind("\n", 0, index) + 1) + 1
        return Mark(self.file, line, column, len(needle))

    def problem(self, code: str, message: str, path: Path, *, key: bool = False, **details: Any) -> Problem:
        """A Problem at `path`, with its mark and source line filled in."""
        mark = details.pop("mark", None) or self.mark_for(path, key=key)
        return Problem(
            code=code,
            message=message,
            path=path,
            mark=mark,
            source_line=self.line(mark.line) if mark else None,
            **details,
        )


def load_yaml(text: str, file: str) -> tuple[Any, SourceMap]:
    """Parse YAML text into plain data and a SourceMap; raise PolicyError for syntax or disallowed constructs."""
    source = SourceMap(file=file, text=text)
    try:
        loader = _ComposeOnly(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        raise PolicyError([_syntax_problem(error, source)]) from error
    except yaml.YAMLError as error:
        raise PolicyError([Problem("load.yaml_syntax", str(error), mark=Mark(file, 1, 1))]) from error
    if root is None:
        raise PolicyError([Problem("load.empty", "the file holds no YAML document", mark=Mark(file, 1, 1))])
    problems: list[Problem] = []
    try:
        data = _to_data(root, (), source, problems, set())
    except RecursionError:
        raise PolicyError([Problem("load.too_deep", "the document nests too deeply (or an alias refers to itself)",
                                   mark=Mark(file, 1, 1), hint="write the structure out without aliases")]) from None
    if problems:
        raise PolicyError(problems)
    return data, source


def _syntax_problem(error: yaml.MarkedYAMLError, source: SourceMap) -> Problem:
    """Turn a YAML parser error into a Problem at the line and column it names."""
    mark = error.problem_mark or error.context_mark
    where = Mark(source.file, mark.line + 1, mark.column + 1) if mark else Mark(source.file, 1, 1)
    message = "YAML syntax: " + " ".join(part for part in (error.context, error.problem) if part)
    hint = "check the indentation and that every `key: value` has a space after the colon"
    if error.problem and ("tab" in error.problem or "\\t" in error.problem):
        hint = "YAML does not allow tabs for indentation; use spaces"
    return Problem("load.yaml_syntax", message, mark=where, source_line=source.line(where.line), hint=hint)


def _mark(node: Node, source: SourceMap) -> Mark:
    width = max(1, node.end_mark.index - node.start_mark.index) if isinstance(node, ScalarNode) else 1
    if node.start_mark.line != node.end_mark.line:
        width = 1
    return Mark(source.file, node.start_mark.line + 1, node.start_mark.column + 1, width)


def _to_data(node: Node, path: Path, source: SourceMap, problems: list[Problem], open_nodes: set[int]) -> Any:
    """Convert a node to plain data, recording marks and reporting disallowed constructs."""
    source.values[path] = _mark(node, source)
    if id(node) in open_nodes:
        problems.append(source.problem("load.recursive_alias", "an alias refers to a node that contains it", path,
                                       hint="write the structure out without aliases"))  # fmt: skip
        return None
    if node.tag not in _STANDARD_TAGS:
        problems.append(_tag_problem(node, path, source))
        return None
    if isinstance(node, ScalarNode):
        source.spans[path] = (node.start_mark.index, node.end_mark.index)
        return _scalar(node)
    open_nodes = open_nodes | {id(node)}
    if isinstance(node, SequenceNode):
        return [_to_data(item, path + (index,), source, problems, open_nodes) for index, item in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            problems.append(source.problem("load.bad_key", "a key must be a plain name", path))
            continue
        key = str(key_node.value)
        key_mark = _mark(key_node, source)
        if key in result:
            first = source.keys[path + (key,)]
            problems.append(
                source.problem(
                    "load.duplicate_key",
                    f"key {key!r} appears twice in this mapping (first at line {first.line})",
                    path + (key,),
                    mark=key_mark,
                    hint="remove one of them, or merge their contents",
                )
            )
            continue
        source.keys[path + (key,)] = key_mark
        result[key] = _to_data(value_node, path + (key,), source, problems, open_nodes)
    return result


def _tag_problem(node: Node, path: Path, source: SourceMap) -> Problem:
    if node.tag.startswith("tag:yaml.org,2002:python/"):
        message = f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')!r} asks to construct a Python object"
        return source.problem("load.unsafe_tag", message, path, hint="write plain values; rulesets never run code")
    return source.problem(
        "load.tag_not_allowed",
        f"explicit YAML tag {node.tag!r} is not allowed",
        path,
        hint="remove the tag; write the value as plain text, a number, true/false, a list or a mapping",
    )


def _scalar(node: ScalarNode) -> Any:
    """Resolve a scalar by the YAML 1.2 core schema; quoted and block scalars are always text."""
    text = node.value
    if node.style is not None or node.tag != "tag:yaml.org,2002:str":
        return _explicit(node) if node.tag != "tag:yaml.org,2002:str" else text
    if _NULL.match(text):
        return None
    if _TRUE.match(text):
        return True
    if _FALSE.match(text):
        return False
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def _explicit(node: ScalarNode) -> Any:
    """A scalar with an explicit core tag (`!!int 3`): resolve as the tag says, or keep the text."""
    kind = node.tag.rsplit(":", 1)[-1]
    text = node.value
    try:
        if kind == "int":
            return int(text)
        if kind == "float":
            return float(text)
    except ValueError:
        return text
    if kind == "bool":
        return True if _TRUE.match(text) else False if _FALSE.match(text) else text
    if kind == "null":
        return None
    return text
