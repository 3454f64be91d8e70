"""YAML (and JSON) text to plain data, keeping where every key and value stood; and reading the text of a file.

Strict on purpose: duplicate keys and every tag written in the file (`!!str 34`, `!!int "1_4"`, above all
`!!python/...`, which asks to construct Python objects) are problems, and plain scalars follow the YAML 1.2 core
schema, so `no` stays the text "no" and `2024-05-31` stays a string: the validated model, not the YAML library,
decides what a value means. Merge keys (`<<: *base`) are not supported.

Bounded on purpose, so that no file can hang the reader or exhaust memory: a file is at most `MAX_FILE_BYTES`,
mappings and lists nest at most `MAX_DEPTH` deep, a document holds at most `MAX_VALUES` values once its aliases
are expanded (aliases are allowed, the bundled rulesets repeat quotes and sources with them, but a "billion
laughs" document is refused at the alias that would pass the limit), and a number is at most `MAX_NUMBER_LENGTH`
characters. Text must be UTF-8; a UTF-8 byte-order mark is dropped.
"""

from __future__ import annotations

import bisect
import functools
import codecs
import json
import os
import re
import stat
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import BaseConstructor
from yaml.events import AliasEvent, MappingStartEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # PyYAML built without libyaml: the pure-Python loader reads everything
    _CParser = None

from .errors import Mark, PolicyError, Problem

Path = tuple[str | int, ...]

#: The largest ruleset or case file read, in bytes: 1 MiB, fourteen times the largest bundled ruleset (75 KB).
MAX_FILE_BYTES = 1024 * 1024
#: How deeply mappings and lists may nest: the bundled rulesets nest 5 deep, a case document 2 deep.
MAX_DEPTH = 50
#: How many values (mappings, lists and the scalars in them, keys aside) a document may hold, as written and once
#: its aliases are expanded: the largest bundled ruleset holds about 1,600. This also bounds the time the (pure
#: Python) YAML parser spends on a file, about 1 s at the limit.
MAX_VALUES = 25_000
#: The longest number, in characters: ages and scores have a few digits, deadlines a few more.
MAX_NUMBER_LENGTH = 100
#: How many problems loading one file reports: the first ones, then how many more there were.
MAX_PROBLEMS = 100
#: A source line longer than this is not shown under a problem (its line and column still are).
_LONGEST_SHOWN_LINE = 300

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
#: Control characters (a tab aside) shown as their Unicode pictures (U+240C for a form feed), one column each.
_VISIBLE = {code: 0x2400 + code for code in range(0x20) if code != 0x09} | {0x7F: 0x2421}
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
#: Characters libyaml and PyYAML's pure-Python parser do not always read alike: libyaml takes a tab as white
#: space where PyYAML refuses it; PyYAML marks a byte-order mark as a column. (`?` too, but only inside a flow
#: collection, `[...]` or `{...}`, where PyYAML ends a plain scalar at it: `_question_mark_in_flow`.)
_READ_DIFFERENTLY = ("\t", "\ufeff")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")


class _Alias:
    """An alias (`*name`) in the node graph: the anchored node it repeats, and where the alias itself stands."""

    __slots__ = ("target", "anchor", "start_mark")

    def __init__(self, target: Node, anchor: str, start_mark: Any):
        self.target = target
        self.anchor = anchor
        self.start_mark = start_mark


class _TooDeep(Exception):
    """Nesting past MAX_DEPTH: at a PyYAML mark while composing, at a Mark while expanding aliases."""

    def __init__(self, start_mark: Any):
        self.start_mark = start_mark


class _TooMany(Exception):
    """More than MAX_VALUES values: at a PyYAML mark while composing, at a Mark (the alias) while expanding."""

    def __init__(self, mark: Any, aliased: bool):
        self.mark = mark
        self.aliased = aliased


class _Limits(Composer):
    """Composing the node graph within the limits, whichever parser gives the events.

    An alias becomes an `_Alias` (so that its own place is known), and nesting deeper than MAX_DEPTH stops
    composing before Python's recursion limit is reached.
    """

    def _start(self) -> None:
        """Set up composing (after the parser's own set-up); BaseResolver resolves no implicit (YAML 1.1) types."""
        Composer.__init__(self)
        BaseConstructor.__init__(self)  # type: ignore[arg-type]
        BaseResolver.__init__(self)  # type: ignore[arg-type]
        self._depth = 0
        self._count = 0
        self.tags: dict[int, str] = {}  # id(node) -> the tag written in the file (`!!int`, `!foo`, `!`)

    def compose_node(self, parent: Node | None, index: Any) -> Any:
        if self.check_event(AliasEvent):
            event = self.get_event()
            if event.anchor not in self.anchors:
                raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
            return _Alias(self.anchors[event.anchor], event.anchor, event.start_mark)
        self._count += 1
        if self._count > MAX_VALUES:
            raise _TooMany(self.peek_event().start_mark, False)
        written = self.peek_event().tag
        if not self.check_event(SequenceStartEvent, MappingStartEvent):
            return self._tagged(super().compose_node(parent, index), written)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)
            return self._tagged(super().compose_node(parent, index), written)
        finally:
            self._depth -= 1

    def _tagged(self, node: Node, written: str | None) -> Node:
        """Remember a tag written in the file: the node's own tag cannot tell `!!str 34` from `"34"`."""
        if written is not None:
            self.tags[id(node)] = written
        if isinstance(node, ScalarNode) and node.style == "":  # libyaml's plain style; PyYAML's is None
            node.style = None
        return node


class _ComposeOnly(_Limits, Reader, Scanner, Parser, BaseConstructor, BaseResolver):
    """The pure-Python loader: its messages and marks are the ones every problem reports."""

    def __init__(self, stream: str):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        self._start()


class _CComposeOnly(_Limits, _CParser or object, BaseConstructor, BaseResolver):  # type: ignore[misc]
    """libyaml's parser under the same composing: the same node graph and marks, about seven times faster."""

    def __init__(self, stream: str):
        _CParser.__init__(self, stream)
        self._start()


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a loaded document stands in its file."""

    file: str
    text: str
    values: dict[Path, Mark] = field(default_factory=dict)
    keys: dict[Path, Mark] = field(default_factory=dict)
    spans: dict[Path, tuple[int, int]] = field(default_factory=dict)
    _lines: list[str] | None = field(default=None, init=False, repr=False, compare=False)

    def line(self, number: int) -> str | None:
        """The text of a 1-based line of the file, for diagnostics; None for a line too long to show."""
        if self._lines is None:
            self._lines = _LINE_BREAK.split(self.text)  # YAML's line breaks only (not str.splitlines's \f, \v, …)
        lines = self._lines
        text = lines[number - 1] if 0 < number <= len(lines) else ""
        return text.translate(_VISIBLE) if len(text) <= _LONGEST_SHOWN_LINE else None

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
    check_size(text, file)
    source = SourceMap(file=file, text=text)
    try:
        root, tags = _compose_with_libyaml(text) or _compose(_ComposeOnly, text)
    except _TooDeep as error:
        raise PolicyError([_too_deep(_yaml_mark(error.start_mark, source), source)]) from None
    except _TooMany as error:
        raise PolicyError([_too_many(_yaml_mark(error.mark, source), source, aliases=False)]) from None
    except ReaderError as error:
        raise PolicyError([_reader_problem(error, source)]) from None
    except yaml.MarkedYAMLError as error:
        raise PolicyError([_syntax_problem(error, source)]) from error
    except yaml.YAMLError as error:
        raise PolicyError([Problem("load.yaml_syntax", str(error), mark=Mark(file, 1, 1))]) from error
    if root is None:
        raise PolicyError([Problem("load.empty", "the file holds no YAML document", mark=Mark(file, 1, 1))])
    converter = _Converter(source, tags)
    try:
        data = converter.data(root, (), frozenset(), 0)
    except _TooDeep as error:
        raise PolicyError([_too_deep(error.start_mark, source, aliases=True)]) from None
    except _TooMany as error:
        raise PolicyError([_too_many(error.mark, source, aliases=error.aliased)]) from None
    if converter.problems:
        raise PolicyError(_at_most(converter.problems, file))
    return data, source


def _compose(loader_class: type[_Limits], text: str) -> tuple[Node | None, dict[int, str]]:
    """The node graph of the text's single document, and the tags written in it."""
    loader = loader_class(text)  # type: ignore[call-arg]
    try:
        return loader.get_single_node(), loader.tags
    finally:
        loader.dispose()  # type: ignore[attr-defined]


def _compose_with_libyaml(text: str) -> tuple[Node, dict[int, str]] | None:
    """The node graph from libyaml's parser; None when libyaml is missing, the text holds no document or is
    refused, or it holds what the two parsers read differently (a tab, a byte-order mark, a `?` inside a flow
    collection, a last line without its line break): the pure-Python loader then reads it again, for its messages
    and marks."""
    if _CParser is None or not text.endswith("\n") or any(c in text for c in _READ_DIFFERENTLY):
        return None
    try:
        root, tags = _compose(_CComposeOnly, text)
    except (yaml.YAMLError, ValueError, _TooDeep, _TooMany):
        return None
    if root is None or ("?" in text and _question_mark_in_flow(root, text)):
        return None
    return root, tags


def _question_mark_in_flow(root: Node, text: str) -> bool:
    """Whether a `?` stands inside a flow collection (`[...]`, `{...}`) as libyaml read the text. Outside one (in
    block context, a quoted scalar, a block scalar) both parsers read `?` alike; inside one PyYAML may not."""
    nodes: list[Any] = [root]
    while nodes:
        node = nodes.pop()
        if isinstance(node, _Alias) or isinstance(node, ScalarNode):
            continue
        if node.flow_style and "?" in text[node.start_mark.index : node.end_mark.index]:
            return True
        if isinstance(node, MappingNode):
            nodes += [part for pair in node.value for part in pair]
        else:
            nodes += node.value
    return False


def _at_most(problems: list[Problem], file: str) -> list[Problem]:
    """The first MAX_PROBLEMS problems (in file order), and a last one saying how many more there were."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    kept = sorted(problems, key=Problem.sort_key)[:MAX_PROBLEMS]
    last = kept[-1].mark or Mark(file, 1, 1)
    more = Problem("load.too_many_problems", f"and {len(problems) - MAX_PROBLEMS:,} more problems after these",
                   mark=Mark(last.file, last.line, last.column + 1), hint="fix these first, then load the file again")  # fmt: skip
    return [*kept, more]


def _syntax_problem(error: yaml.MarkedYAMLError, source: SourceMap) -> Problem:
    """Turn a YAML parser error into a Problem at the line and column it names."""
    mark = error.problem_mark or error.context_mark
    where = Mark(source.file, mark.line + 1, mark.column + 1) if mark else Mark(source.file, 1, 1)
    message = "YAML syntax: " + " ".join(part for part in (error.context, error.problem) if part)
    hint = "check the indentation and that every `key: value` has a space after the colon"
    if error.problem and ("tab" in error.problem or "\\t" in error.problem):
        hint = "YAML does not allow tabs for indentation; use spaces"
    elif error.problem and "undefined alias" in error.problem:
        hint = "an alias (*name) repeats a value anchored earlier in the file with &name: define the anchor first"
    return Problem("load.yaml_syntax", message, mark=where, source_line=source.line(where.line), hint=hint)


def _reader_problem(error: ReaderError, source: SourceMap) -> Problem:
    """A character YAML does not allow (a control character, say), at its line and column."""
    where = _offset_mark(source.text, max(0, error.position), source.file)
    code = error.character if isinstance(error.character, int) else ord(error.character)
    kind = "control character" if code < 0x20 or 0x7F <= code < 0xA0 else "character"
    return Problem(
        "load.bad_character",
        f"the file holds the {kind} U+{code:04X}, which YAML does not allow",
        mark=where,
        source_line=source.line(where.line),
        hint="remove it; a file saved by a word processor or spreadsheet may need saving again as plain UTF-8 text",
    )


def _too_deep(mark: Mark, source: SourceMap, *, aliases: bool = False) -> Problem:
    message = f"mappings and lists nest more than {MAX_DEPTH} deep here"
    if aliases:
        message += " once the aliases are expanded"
    return Problem("load.too_deep", message, mark=mark, source_line=source.line(mark.line),
                   hint="a ruleset nests 5 deep at most and a case 2 deep: check the indentation and the brackets")  # fmt: skip


def _too_many(mark: Mark, source: SourceMap, *, aliases: bool) -> Problem:
    if aliases:
        message = f"expanding this alias takes the document past {MAX_VALUES:,} values"
        hint = ("an alias (*name) repeats the whole value of its anchor (&name), and aliases inside anchored values "
                "multiply; alias only short texts or sources, or write the values out")
    else:
        message = f"the document holds more than {MAX_VALUES:,} values"
        hint = "a ruleset holds a few thousand values and a case a few dozen: check that this is the right file"
    return Problem("load.too_many_values", message, mark=mark, source_line=source.line(mark.line), hint=hint)


def _yaml_mark(mark: Any, source: SourceMap, width: int = 1) -> Mark:
    return Mark(source.file, mark.line + 1, mark.column + 1, width)


def _mark(node: Node, source: SourceMap) -> Mark:
    width = max(1, node.end_mark.index - node.start_mark.index) if isinstance(node, ScalarNode) else 1
    if node.start_mark.line != node.end_mark.line:
        width = 1
    return Mark(source.file, node.start_mark.line + 1, node.start_mark.column + 1, width)


class _Converter:
    """Nodes to plain data, recording marks, reporting disallowed constructs and counting values against the limits."""

    def __init__(self, source: SourceMap, tags: dict[int, str]):
        self.source = source
        self.tags = tags
        self.problems: list[Problem] = []
        self.count = 0
        self.aliases = 0  # aliases being expanded right now
        self.outer_alias: Mark | None = None  # the outermost of them, where a limit is reported

    def data(self, node: Node | _Alias, path: Path, open_nodes: frozenset[int], depth: int) -> Any:
        """Convert a node to plain data, recording marks and reporting disallowed constructs."""
        source, problems = self.source, self.problems
        if isinstance(node, _Alias):
            if self.aliases == 0:
                self.outer_alias = _yaml_mark(node.start_mark, source, width=len(node.anchor) + 1)
            self.aliases += 1
            try:
                return self.data(node.target, path, open_nodes, depth)
            finally:
                self.aliases -= 1
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooMany(self.outer_alias if self.aliases else _mark(node, source), self.aliases > 0)
        source.values[path] = _mark(node, source)
        if id(node) in open_nodes:
            problems.append(source.problem("load.recursive_alias", "an alias refers to a node that contains it", path,
                                           hint="write the structure out without aliases"))  # fmt: skip
            return None
        if id(node) in self.tags:
            if not self.aliases:  # an aliased node's tag is reported once, at its anchor
                problems.append(_tag_problem(self.tags[id(node)], path, source))
            return None
        if isinstance(node, ScalarNode):
            source.spans[path] = (node.start_mark.index, node.end_mark.index)
            if len(node.value) > MAX_NUMBER_LENGTH and node.style is None and _is_number(node.value):
                problems.append(_number_problem(len(node.value), path, source))
                return None
            return _scalar(node)
        if depth >= MAX_DEPTH:
            raise _TooDeep(self.outer_alias if self.aliases else _mark(node, source))
        open_nodes = open_nodes | {id(node)}
        if isinstance(node, SequenceNode):
            return [self.data(item, path + (index,), open_nodes, depth + 1) for index, item in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, _Alias) and isinstance(key_node.target, ScalarNode):
                key_node = key_node.target
            if not isinstance(key_node, ScalarNode):
                problems.append(source.problem("load.bad_key", "a key must be a plain name", path))
                continue
            key = str(key_node.value)
            key_mark = _mark(key_node, source)
            if id(key_node) in self.tags:
                problems.append(_tag_problem(self.tags[id(key_node)], path + (key,), source, mark=key_mark))
                continue
            if key == "<<" and key_node.style is None:
                problems.append(source.problem("load.merge_key", "YAML merge keys (`<<: *name`) are not supported",
                                               path + (key,), mark=key_mark,
                                               hint="write the keys out in full in this mapping"))  # fmt: skip
                continue
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
            result[key] = self.data(value_node, path + (key,), open_nodes, depth + 1)
        return result


def _is_number(text: str) -> bool:
    return bool(_INT.match(text) or _FLOAT.match(text))


def _number_problem(length: int, path: Path, source: SourceMap, **details: Any) -> Problem:
    return source.problem(
        "load.number_too_long",
        f"a number of {length:,} characters; a number here has at most {MAX_NUMBER_LENGTH}",
        path,
        hint="check for a paste mistake: ages, scores and deadlines are a few digits",
        **details,
    )


# --- reading files ------------------------------------------------------------------------------------------------


def read_source(file: Any, display: str, kind: str = "ruleset") -> str:
    """The text of a ruleset or case file, checked: raises PolicyError naming `display` when it cannot be read.

    `file` is a path (str or os.PathLike), a package resource, or an open binary or text stream (standard input);
    at most MAX_FILE_BYTES are read from a stream. `kind` ("ruleset", "case") is named in the messages.
    """
    if hasattr(file, "read") and not isinstance(file, (str, os.PathLike)):
        data = getattr(file, "buffer", file).read(MAX_FILE_BYTES + 1)
        if isinstance(data, str):
            check_size(data, display)
            return data.removeprefix("\ufeff")
        return decode_source(data, display, kind)
    if not isinstance(file, (str, os.PathLike)):  # a package resource (importlib.resources)
        return decode_source(file.read_bytes(), display, kind)
    try:
        status = os.stat(file)
    except FileNotFoundError:
        raise _file_problem("load.not_found", f"no such {kind} file: {display}", "check the path") from None
    except NotADirectoryError:
        raise _file_problem("load.not_found", f"no such {kind} file: {display} (a part of the path is a file, "
                                              "not a folder)", "check the path") from None  # fmt: skip
    except PermissionError:
        raise _file_problem("load.unreadable", f"cannot read {display}: permission denied for a folder on its path",
                            "check the folders' permissions (ls -ld)") from None  # fmt: skip
    except (OSError, ValueError) as error:
        raise _file_problem("load.unreadable", f"cannot read {display}: {_reason(error)}", "check the path") from None
    if stat.S_ISDIR(status.st_mode):
        raise _file_problem("load.not_a_file", f"{display} is a directory, not a {kind} file",
                            f"give the path of a {_extensions(kind)} file") from None  # fmt: skip
    if not stat.S_ISREG(status.st_mode):
        raise _file_problem("load.not_a_file", f"{display} is not a regular file (a device, pipe or socket)",
                            f"give the path of a {_extensions(kind)} file") from None  # fmt: skip
    if status.st_size > MAX_FILE_BYTES:
        raise _too_large(status.st_size, display, kind)
    try:
        with open(file, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        raise _file_problem("load.unreadable", f"cannot read {display}: permission denied",
                            "make the file readable by the user running dapolicy (chmod +r)") from None  # fmt: skip
    except OSError as error:
        raise _file_problem("load.unreadable", f"cannot read {display}: {_reason(error)}", None) from None
    return decode_source(data, display, kind)


def decode_source(data: bytes, display: str, kind: str = "ruleset") -> str:
    """The bytes of a file as UTF-8 text (a UTF-8 byte-order mark is dropped); PolicyError for any other encoding."""
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(len(data), display, kind)
    hint = "save the file as UTF-8 (in Notepad or Excel: Save as, then choose UTF-8)"
    for bom, encoding in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                          (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):  # fmt: skip
        if data.startswith(bom):
            raise PolicyError([Problem("load.encoding", f"the file is {encoding} text; dapolicy reads UTF-8",
                                       mark=Mark(display, 1, 1), hint=hint)])  # fmt: skip
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    nul = data.find(b"\0")
    if nul >= 0:
        if data[:200].count(b"\0") * 3 >= min(len(data), 200):
            message = "the file looks like UTF-16 text (every other byte is zero); dapolicy reads UTF-8"
        else:
            message = "the file holds a NUL byte: it is not a text file"
        where = _byte_mark(data, nul, display)
        raise PolicyError([Problem("load.encoding", message, mark=where, hint=hint)])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        where = _byte_mark(data, error.start, display)
        byte = data[error.start]
        line = data[data.rfind(b"\n", 0, error.start) + 1 :].split(b"\n", 1)[0].decode("utf-8", "replace")
        line = line.translate(_VISIBLE) if len(line) <= _LONGEST_SHOWN_LINE else None
        message = f"the file is not UTF-8 text: byte 0x{byte:02x} cannot be read"
        guess = bytes([byte]).decode("cp1252", "replace")
        if byte >= 0x80 and guess != "\ufffd":
            message += f" (it may be {guess!r} saved as Windows-1252 or Latin-1)"
        raise PolicyError([Problem("load.encoding", message, mark=where, source_line=line, hint=hint)]) from None


def check_size(text: str, file: str, kind: str = "document") -> None:
    """PolicyError if `text` is longer than MAX_FILE_BYTES in UTF-8."""
    if len(text) > MAX_FILE_BYTES // 4:
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_FILE_BYTES:
            raise _too_large(size, file, kind)


def _too_large(size: int, display: str, kind: str) -> PolicyError:
    """The file or text is over the limit; a size of exactly the limit plus one comes from a capped read."""
    size_text = f"more than {MAX_FILE_BYTES:,}" if size == MAX_FILE_BYTES + 1 else f"{size:,}"
    if kind == "case":
        hint = "a case document is a few hundred bytes of facts: check that this is the right file"
    elif kind == "ruleset":
        hint = "check that this is the right file: the largest bundled ruleset is about 75 KB"
    else:
        hint = "a case document is a few hundred bytes, the largest bundled ruleset about 75 KB: is this the right file?"
    what = f"a {kind} file" if kind in ("case", "ruleset") else "a document"
    return _file_problem("load.too_large", f"{display} is {size_text} bytes; {what} is at most "
                                           f"{MAX_FILE_BYTES:,} bytes (1 MiB)", hint)  # fmt: skip


def _file_problem(code: str, message: str, hint: str | None) -> PolicyError:
    return PolicyError([Problem(code, message, hint=hint)])


def _reason(error: BaseException) -> str:
    reason = getattr(error, "strerror", None) or str(error)
    return reason[:1].lower() + reason[1:]


def _extensions(kind: str) -> str:
    return ".yaml" if kind in ("ruleset", "test") else ".json or .yaml"


def _offset_mark(text: str, offset: int, file: str) -> Mark:
    line = text.count("\n", 0, offset) + 1
    return Mark(file, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _byte_mark(data: bytes, offset: int, file: str) -> Mark:
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", "replace")) + 1
    return Mark(file, data.count(b"\n", 0, offset) + 1, column)


# --- JSON ---------------------------------------------------------------------------------------------------------

_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+|\s+', re.S)
_JSON_NUMBER = re.compile(r"-?[0-9][0-9.eE+-]*")


def load_json(text: str, file: str) -> Any:
    """Parse JSON text into plain data as strictly as YAML: a duplicate key, nesting deeper than MAX_DEPTH, a number
    longer than MAX_NUMBER_LENGTH and NaN or Infinity (which are not JSON) are problems at their line and column."""
    check_size(text, file)
    text = text.removeprefix("\ufeff")
    source = SourceMap(file=file, text=text)
    data: Any = None
    doubtful: list[str] = []  # what json.loads lets pass and the scan below would refuse, seen while parsing
    try:
        data = json.loads(text, object_pairs_hook=functools.partial(_json_object, doubtful),
                          parse_int=functools.partial(_json_int, doubtful),
                          parse_float=functools.partial(_json_float, doubtful),
                          parse_constant=lambda constant: doubtful.append(constant))  # fmt: skip
    except json.JSONDecodeError as error:
        where = Mark(file, error.lineno, error.colno)
        raise PolicyError([Problem("load.json_syntax", f"not valid JSON: {error.msg[:1].lower()}{error.msg[1:]}",
                                   mark=where, source_line=source.line(where.line),
                                   hint="check for a missing comma or quote, or a comma before } or ]")]) from None  # fmt: skip
    except RecursionError:
        doubtful.append("nesting")  # nested too deeply: the scan below says where
    if doubtful or not _well_within_limits(data):
        problems = list(_json_problems(text, source))
        if problems:
            raise PolicyError(_at_most(problems, file))
    return data


def _json_object(doubtful: list[str], pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) < len(pairs):
        doubtful.append("duplicate key")
    return found


def _json_int(doubtful: list[str], text: str) -> int | None:
    if len(text) <= MAX_NUMBER_LENGTH:
        return int(text)
    doubtful.append("long number")
    return None


def _json_float(doubtful: list[str], text: str) -> float | None:
    if len(text) <= MAX_NUMBER_LENGTH:
        return float(text)
    doubtful.append("long number")
    return None


def _well_within_limits(data: Any) -> bool:
    """Fewer than MAX_VALUES values and less than MAX_DEPTH deep, counted over the parsed data: then the scan of
    the text (which says where a limit is passed) can find nothing, and a document without a doubt skips it."""
    count, pending = 0, [(data, 1)]
    while pending:
        value, depth = pending.pop()
        count += 1
        if count >= MAX_VALUES or depth >= MAX_DEPTH:
            return False
        if isinstance(value, dict):
            pending += [(item, depth + 1) for item in value.values()]
        elif isinstance(value, list):
            pending += [(item, depth + 1) for item in value]
    return True


def _json_problems(text: str, source: SourceMap):
    """Scan (syntactically valid) JSON text without recursion for what json.loads lets pass."""
    newlines = [match.start() for match in re.finditer("\n", text)]

    def mark(offset: int, width: int = 1) -> Mark:
        line = bisect.bisect_left(newlines, offset)
        column = offset - (newlines[line - 1] + 1 if line else 0) + 1
        return Mark(source.file, line + 1, column, max(1, width))

    # one frame per open container: [keys seen (None for a list), path, current key or index, expecting a key]
    stack: list[list[Any]] = []
    count = 0
    for token in _JSON_TOKEN.finditer(text):
        value = token.group()
        first = value[0]
        top = stack[-1] if stack else None
        path: Path = (*top[1], top[2]) if top is not None and top[2] is not None else top[1] if top else ()
        is_key = first == '"' and top is not None and top[0] is not None and top[3]
        if not is_key and first not in "}],:" and not first.isspace():
            count += 1  # a value: a container, a string that is not a key, a number, true, false or null
            if count > MAX_VALUES:
                yield _too_many(mark(token.start()), source, aliases=False)
                return
        if first in "{[":
            if len(stack) >= MAX_DEPTH:
                where = mark(token.start())
                yield _too_deep(where, source)
                return
            stack.append([{} if first == "{" else None, path, None if first == "{" else 0, first == "{"])
        elif first in "}]":
            if stack:
                stack.pop()
        elif first == ",":
            if top is not None:
                if top[0] is None:
                    top[2] += 1
                else:
                    top[3] = True
        elif first == ":":
            if top is not None:
                top[3] = False
        elif first == '"':
            if top is not None and top[0] is not None and top[3]:
                try:
                    key = json.loads(value)
                except ValueError:
                    continue
                here = mark(token.start(), len(value))
                if key in top[0]:
                    yield source.problem(
                        "load.duplicate_key",
                        f"key {key!r} appears twice in this mapping (first at line {top[0][key].line})",
                        (*top[1], key),
                        mark=here,
                        hint="remove one of them, or merge their contents",
                    )
                else:
                    top[0][key] = here
                top[2] = key
        elif not first.isspace():
            where = mark(token.start(), len(value))
            if value in ("NaN", "Infinity", "-Infinity"):
                yield source.problem("load.json_syntax", f"not valid JSON: {value} is not a JSON number", path,
                                     mark=where, hint="write a number, or leave the field out if it is unknown")  # fmt: skip
            elif len(value) > MAX_NUMBER_LENGTH and _JSON_NUMBER.fullmatch(value):
                yield _number_problem(len(value), path, source, mark=where)


def _tag_problem(tag: str, path: Path, source: SourceMap, **details: Any) -> Problem:
    """An explicit tag written in the file: refused, whatever it is, so no tag can change what a value means."""
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    if tag.startswith("tag:yaml.org,2002:python/"):
        message = f"the tag {shown!r} asks to construct a Python object"
        return source.problem("load.unsafe_tag", message, path, hint="write plain values; rulesets never run code",
                              **details)  # fmt: skip
    hint = "remove the tag; write the value as plain text, a number, true/false, a list or a mapping"
    if shown in ("!!str", "!"):
        hint = "remove the tag; to make a value text, put it in quotes (`\"34\"` is text, `34` a number)"
    return source.problem("load.tag_not_allowed", f"explicit YAML tag {shown!r} is not allowed", path, hint=hint,
                          **details)  # fmt: skip


def _scalar(node: ScalarNode) -> Any:
    """Resolve a scalar by the YAML 1.2 core schema; quoted and block scalars are always text."""
    text = node.value
    if node.style is not None:
        return text
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
