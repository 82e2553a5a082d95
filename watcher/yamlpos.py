"""Strict, position-keeping YAML loading for rule files.

PyYAML's ``safe_load`` keeps the last of duplicate keys, reads ``no`` as ``False`` (YAML 1.1)
and expands alias bombs; none of that is acceptable in a file people edit by hand. This module
composes the node tree itself and builds plain values, recording where every value and key sits:

- anchors and aliases are refused (no alias bombs), and so is nesting deeper than ``MAX_DEPTH``
  (no RecursionError, whatever the file); the size of a file is the reader's check
  (:mod:`watcher.ruleset.loader` reads at most ``MAX_BYTES``);
- duplicate keys are problems, each reported with its position;
- plain scalars follow YAML 1.2 (only ``true``/``false`` are booleans); ``yes``/``no``/``on``/``off``
  come back as :class:`Yaml11Bool` strings so a schema can flag them where text was meant;
- explicit non-standard tags (``!!python/object``...) are refused.

libyaml's C scanner and parser feed the Python composer when PyYAML has them (8x faster than
the pure-Python scanner on big rule sets); a file with a syntax error is parsed again by the
pure-Python loader, whose messages name the offending character.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, Event, MappingStartEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from watcher.errors import Problem
from watcher.messages import key_text, loc_text
from watcher.yamldoc import MAX_DEPTH, Path, Yaml11Bool, YamlDoc

_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$")
_BOOL11 = {"yes", "no", "on", "off", "y", "n"}
_STANDARD_TAG = "tag:yaml.org,2002:"


class _StrictComposer(Composer):
    """A composer that refuses anchors, aliases and nesting deeper than MAX_DEPTH."""

    depth = 0
    if TYPE_CHECKING:   # provided by the parser this composer is mixed with
        def check_event(self, *_choices: type[Event]) -> bool: ...
        def peek_event(self) -> Any: ...

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                None, None, f"YAML aliases (*{key_text(event.anchor)}) are not allowed in rule files", event.start_mark
            )
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise yaml.MarkedYAMLError(
                None, None, f"YAML anchors (&{key_text(anchor)}) are not allowed in rule files", event.start_mark
            )
        nested = isinstance(event, (MappingStartEvent, SequenceStartEvent))
        if nested and self.depth >= MAX_DEPTH:
            raise yaml.MarkedYAMLError(
                None, None, f"YAML nested more than {MAX_DEPTH} levels deep (the limit for rule files)",
                event.start_mark)
        self.depth += nested
        try:
            return Composer.compose_node(self, parent, index)
        finally:
            self.depth -= nested


class _StrictLoader(yaml.SafeLoader, _StrictComposer):
    """The pure-Python loader with the strict composer (exact error messages)."""

    compose_node = _StrictComposer.compose_node


_FastLoader: type[Any]
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _CLoader(CParser, _StrictComposer, Resolver):
        """libyaml's scanner and parser (C) under the strict composer (Python)."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _StrictComposer.__init__(self)
            Resolver.__init__(self)

        get_single_node = _StrictComposer.get_single_node
        compose_document = _StrictComposer.compose_document
        compose_node = _StrictComposer.compose_node
        compose_scalar_node = _StrictComposer.compose_scalar_node
        compose_sequence_node = _StrictComposer.compose_sequence_node
        compose_mapping_node = _StrictComposer.compose_mapping_node
    _FastLoader = _CLoader
else:  # pragma: no cover - PyYAML without libyaml
    _FastLoader = _StrictLoader


def _compose(text: str, loader_class: type[Any]) -> Node | None:
    loader = loader_class(text)
    try:
        node: Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def load_yaml(raw: bytes | str, source: str) -> YamlDoc:
    """Parse one YAML document. Problems are collected in ``doc.problems``; ``doc.data`` is
    ``None`` when the file could not be read at all."""
    doc = YamlDoc(source=source, data=None)
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            line = raw[: e.start].count(b"\n") + 1
            doc.problems.append(Problem(source, line, None, f"not valid UTF-8 ({e.reason} at byte {e.start})"))
            return doc
    else:
        text = raw
    try:
        try:
            node = _compose(text, _FastLoader)
        except yaml.YAMLError:
            node = _compose(text, _StrictLoader)      # the same error, in PyYAML's exact words
    except yaml.MarkedYAMLError as e:
        doc.problems.append(_syntax_problem(source, e, text))
        return doc
    except yaml.YAMLError as e:  # pragma: no cover - every PyYAML error we know is marked
        doc.problems.append(Problem(source, None, None, f"YAML error: {e}"))
        return doc
    if node is None:
        doc.data = None
        return doc
    doc.data = _build(node, (), doc)
    return doc


def _syntax_problem(source: str, e: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = e.problem_mark or e.context_mark
    problem = (e.problem or "").replace("\n", " ")
    context = (e.context or "").replace("\n", " ")
    if e.context_mark is not None and ("end of stream" in problem or "<stream end>" in problem
                                       or "could not find expected ':'" in problem):
        mark = e.context_mark   # an unclosed quote or bracket, a key without ':': point at where it began
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    opened = _runaway_quote(text, mark) if mark is not None else None
    if opened is not None:
        quote, start, end = opened   # a quote left open swallowed the lines up to the next quote
        return Problem(source, start.line + 1, start.column + 1, f"YAML syntax error: quoted text is not closed "
                       f"on its line: add the closing {quote} (the text runs on to line {end.line + 1})")
    key = _misplaced_key(text, problem, mark) if mark is not None else None
    if key is not None:
        key_col, what = key
        return Problem(source, line, key_col, "YAML syntax error: " + what)
    what = _plain_yaml(problem, context)
    prefix = "" if what.startswith("YAML") else "YAML syntax error: "
    return Problem(source, line, col, prefix + what)


def _runaway_quote(text: str, mark: Any) -> tuple[str, Any, Any] | None:
    """(quote, start, end) of a quoted scalar that runs over lines and ends on the line of the error:
    its closing quote is most likely the opening quote of a later value."""
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= mark.index:
                break
            if isinstance(token, yaml.ScalarToken):
                last = token
    except yaml.YAMLError:
        pass
    if last is None or last.style not in ("'", '"') or last.start_mark.line == last.end_mark.line:
        return None
    if last.end_mark.line != mark.line:
        return None
    return last.style, last.start_mark, last.end_mark


_KEY = re.compile(r"^( *)([^\s:#'\"\-\[{][^:#]*?|'[^']*'|\"[^\"]*\"):(\s|$)")


def _misplaced_key(text: str, problem: str, mark: Any) -> tuple[int, str] | None:
    """(column, message) for a key that is not indented like the keys it belongs with, naming it."""
    lines = text.splitlines()
    found = _KEY.match(lines[mark.line]) if mark.line < len(lines) else None
    if found is None:
        return None
    col, key = len(found.group(1)) + 1, found.group(2).strip("'\"")
    if problem == "expected <block end>, but found '?'":
        return col, (f"key '{key_text(key)}' is indented like the '- ' items of the list above, so it belongs "
                     "to no item: indent it like the keys of its item, or like the key above the list")
    if problem == "expected <block end>, but found '<block mapping start>'":
        return col, f"key '{key_text(key)}' does not line up with the keys above: indent it like its neighbours"
    above = [ln for ln in lines[:mark.line] if ln.strip() and not ln.lstrip().startswith("#")]
    if problem.startswith("mapping values are not allowed here") and mark.column == len(found.group(0).rstrip()) - 1 \
            and above and len(found.group(1)) > len(above[-1]) - len(above[-1].lstrip()) \
            and _KEY.match(above[-1].lstrip("- ")) and not above[-1].rstrip().endswith(":"):
        return col, (f"key '{key_text(key)}' is indented further than the key above it: "
                     "indent it like its neighbours")
    return None


_YAML_PLAIN = (
    ("found unexpected end of stream", "quoted text is never closed: add the closing quote"),
    ("mapping values are not allowed here",
     "unexpected ':' here: quote a value that contains ': ' (title: \"Note: this\"), or indent this line "
     "like the keys above it"),
    ("could not find expected ':'", "a key without ':' (write 'key: value'), or a line indented too far"),
    ("found unknown escape character", "unknown escape in \"double quotes\": write \\\\ for a backslash, "
                                       "or use 'single quotes'"),
    ("but found another document", "only one document per file: remove the '---' line"),
    ("expected a single document", "only one document per file: remove the '---' line"),
)
_TOKENS = {"'<block mapping start>'": "a new key", "'<block sequence start>'": "a '- ' item", "'-'": "a '- ' item",
           "'<scalar>'": "more text", "'<block end>'": "the end of the block", "'?'": "'?'"}


def _plain_yaml(problem: str, context: str) -> str:
    """PyYAML's scanner and parser wording (tokens, 'block end', 'simple key') in plain words."""
    found = re.match(r"found character '(.*)' that cannot start any token", problem)
    if found:
        char = found.group(1)
        if char == "\\t":
            return "tab character: indent with spaces, not tabs"
        example = "\"@places\"" if char == "@" else f"\"{char}...\""
        return f"a value cannot start with '{char}': put it in quotes, e.g. {example}"
    for needle, plain in _YAML_PLAIN:
        if needle in problem or needle in context:
            return plain
    block = re.match(r"expected <block end>, but found (.*)$", problem)
    if block:
        token = _TOKENS.get(block.group(1), block.group(1))
        if token == "more text":
            return "unexpected text after a value: quote the whole value if it contains quotes"
        return f"{token} that does not line up with the lines above: indent it like its neighbours"
    flow = re.match(r"expected ',' or '([\]}])', but got (.*)$", problem)
    if flow:
        kind = "list [ ]" if flow.group(1) == "]" else "{ } mapping"
        return f"{kind} not closed: expected ',' or '{flow.group(1)}' but found {flow.group(2)}"
    what = problem or "syntax error"
    return f"{what} ({context})" if context and problem else what


def _build(node: Node, path: Path, doc: YamlDoc) -> Any:
    doc.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, ScalarNode):
        return _scalar(node, path, doc)
    if isinstance(node, SequenceNode):
        return [_build(child, path + (i,), doc) for i, child in enumerate(node.value)]
    if isinstance(node, MappingNode):
        return _mapping(node, path, doc)
    raise AssertionError(f"unknown YAML node {node!r}")  # pragma: no cover


def _mapping(node: MappingNode, path: Path, doc: YamlDoc) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            doc.problems.append(Problem(doc.source, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                        "mapping keys must be plain text"))
            continue
        key = str(key_node.value)
        key_path = path + (key,)
        key_mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if key in out:
            first = doc.key_marks[key_path]
            doc.problems.append(Problem(doc.source, *key_mark, f"{loc_text(key_path)}: duplicate key "
                                        f"'{key_text(key)}' (first defined at line {first[0]})"))
            continue
        doc.key_marks[key_path] = key_mark
        out[key] = _build(value_node, key_path, doc)
    return out


def _scalar(node: ScalarNode, path: Path, doc: YamlDoc) -> Any:
    tag = node.tag or ""
    if tag.startswith("!") or (tag.startswith("tag:") and not tag.startswith(_STANDARD_TAG)):
        doc.problems.append(doc.problem(path, f"{loc_text(path) or 'document'}: tag {key_text(tag)} is not allowed"))
        return None
    value = node.value
    if node.style:  # quoted or block scalar: always text (plain is None, or "" from libyaml)
        return value
    lowered = value.lower()
    if value in ("", "~") or lowered == "null":
        return None
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in _BOOL11:
        return Yaml11Bool(value)
    if _INT.match(value):
        return int(value.replace("_", ""))
    if _FLOAT.match(value) and any(c.isdigit() for c in value):
        return float(value.replace("_", ""))
    return value
