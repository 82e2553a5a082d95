"""TOML syntax errors in plain words, at the line and column a person would look at.

``tomllib`` says ``Illegal character '\\n'`` for a quote left open, ``Cannot overwrite a value``
for a key written twice (pointing past the value, naming neither key nor first line) and
``Unterminated string (at end of document)`` with no line at all. :func:`explain` turns each of
its messages into one sentence, pointing at the opening quote, the repeated key or the token.
"""

from __future__ import annotations

import re
import tomllib

from watcher.messages import excerpt, loc_text
from watcher.tomlpos import Path, Statement, statements

_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")
_DUPLICATE = ("Cannot overwrite a value", "Cannot declare", "Cannot mutate immutable namespace",
              "Cannot redefine namespace", "An object other than list found behind this key",
              "There is no nest behind this key")
_PLAIN = {
    "Expected '=' after a key in a key/value pair":
        "expected '=' after the key (write key = value; a key with spaces must be in quotes)",
    "Expected ']' at the end of a table declaration": "table header not closed: add ']'",
    "Expected ']]' at the end of an array declaration": "table header not closed: add ']]'",
    "Unclosed array": "list not closed: a ']' is missing, or a ',' between two items",
    "Unclosed inline table": "{ } table not closed: add '}' (a { } table stays on one line)",
    "Invalid initial character for a key part":
        "expected a key here (letters, digits, '_' or '-', or a key in quotes); "
        "a { } table stays on one line, with no ',' after its last item",
    "Invalid statement": "expected 'key = value', a [table] header or a # comment",
    "Expected newline or end of document after a statement":
        "unexpected text after the value: one 'key = value' per line, text in quotes",
    "Unescaped '\\' in a string":
        "a backslash in \"double quotes\" starts an escape: write \\\\ for a backslash, or use 'single quotes'",
    "Invalid hex value": "invalid \\u escape in quoted text (write \\u followed by 4 hex digits)",
    "Escaped character is not a Unicode scalar value": "invalid \\u escape in quoted text (not a character)",
    "Invalid date or datetime": "invalid date or time (write 2024-05-01 or 2024-05-01T08:00:00Z)",
}


def explain(text: str, error: tomllib.TOMLDecodeError) -> tuple[int | None, int | None, str]:
    """(line, col, sentence) for a document ``tomllib`` refused."""
    raw = str(error)
    at = _AT.search(raw)
    message = raw[:at.start()] if at else raw
    if at and at.group(1):
        line, col = int(at.group(1)), int(at.group(2))
        offset = _offset(text, line, col)
    else:
        line, col, offset = None, None, len(text)
    if message.startswith(("Illegal character '\\n'", "Illegal character '\\r'", "Unterminated string",
                           "Found invalid character '\\n'", "Found invalid character '\\r'")) \
            or (offset >= len(text) and message.startswith("Expected")):
        opened = _open_quote(text, offset)
        if opened is not None:
            start, quote = opened
            where = "" if len(quote) == 3 else " on its line"
            hint = "" if len(quote) == 3 else f" (text on several lines goes between {quote * 3})"
            return (*_pos(text, start), f"quoted text is not closed{where}: add the closing {quote}{hint}")
    if message.startswith(_DUPLICATE):
        found = _duplicate(text, offset)
        if found is not None:
            return found
    if message.startswith(("Illegal character", "Found invalid character")):
        char = message.rsplit(" ", 1)[-1]
        return line, col, f"character {char} is not allowed here (write it as an escape such as \\u0001 in quotes)"
    if message == "Invalid value":
        token = re.match(r"[^\s,\]}#]*", text[offset:])
        word = token.group(0) if token else ""
        if not word:
            return line, col, "a value is missing after '='"
        return line, col, (f"{excerpt(word)} is not a value: put text in quotes (\"{word[:20]}\"); "
                           "numbers, true/false, [lists] and dates go without")
    if message == "Unclosed array" and col == 1 and line is not None and line > 1:
        line, col = _end_of_content(text, offset)   # the ']' belongs after the list's last item, above
    dup_inline = re.match(r"Duplicate inline table key '(.*)'$", message)
    if dup_inline:
        return line, col, f"key '{dup_inline.group(1)}' is written twice in the same {{ }} table"
    plain = _PLAIN.get(message)
    if plain is None:
        expected = re.match(r"Expected (.*)$", message)
        plain = f"expected {expected.group(1)} here" if expected else (message[:1].lower() + message[1:])
    return line, col, plain


def _offset(text: str, line: int, col: int) -> int:
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + col - 1


def _pos(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _end_of_content(text: str, offset: int) -> tuple[int, int]:
    """Line and column just past the last value before ``offset`` (blank lines and comments skipped)."""
    lines = text[:offset].split("\n")
    for index in range(len(lines) - 1, -1, -1):
        body = _uncommented(lines[index]).rstrip()
        if body:
            return index + 1, len(body) + 1
    return _pos(text, offset)


def _uncommented(line: str) -> str:
    """``line`` without its ``# comment`` (a '#' inside quotes is text)."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            return line[:i]
    return line


def _open_quote(text: str, limit: int) -> tuple[int, str] | None:
    """Where the quoted text still open at ``limit`` starts, and its quote."""
    i = 0
    while i < min(limit + 1, len(text)):
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end + 1
        elif ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            closed = _close(text, i + len(quote), quote)
            if closed is None or closed > limit + 1:
                return i, quote
            i = closed
        else:
            i += 1
    return None


def _close(text: str, i: int, quote: str) -> int | None:
    """The offset just past the closing ``quote`` of text starting at ``i``, or None."""
    while i < len(text):
        if text[i] == "\\" and quote[0] == '"':
            i += 2
            continue
        if len(quote) == 1 and text[i] == "\n":
            return None
        if text.startswith(quote, i):
            i += len(quote)
            while len(quote) == 3 and text.startswith(quote[0], i):
                i += 1
            return i
        i += 1
    return None


def _duplicate(text: str, offset: int) -> tuple[int, int, str] | None:
    """A key or table defined twice: point at the second one and name the line of the first."""
    stated = [s for s in statements(text[:offset]) if s.offset < offset]
    if not stated:
        return None
    last = stated[-1]
    line, col = _pos(text, last.offset)
    here = _show(last)
    for earlier in stated[:-1]:
        if earlier.path == last.path:
            first = _pos(text, earlier.offset)[0]
            if earlier.table and last.table:
                return line, col, f"table {here} is declared twice (first at line {first}); keep one {here}"
            if not earlier.table and not last.table:
                return line, col, f"{here} is set twice (first at line {first}); keep one"
    for earlier in stated[:-1]:
        if not earlier.table and last.path[:len(earlier.path)] == earlier.path:
            first = _pos(text, earlier.offset)[0]
            what = f"table {here} cannot start here" if last.table else f"{here} cannot be set"
            return line, col, f"{what}: {_show(earlier)} is already a value (line {first})"
    for earlier in stated[:-1]:
        if earlier.path[:len(last.path)] == last.path:
            first = _pos(text, earlier.offset)[0]
            return line, col, f"{here} already has keys under it (line {first}); it cannot be set again here"
    return line, col, f"{here} is already defined above; it cannot be set again here"


def _show(statement: Statement) -> str:
    path: Path = tuple(p for p in statement.path if not isinstance(p, int)) if statement.table else statement.path
    text = loc_text(path)
    return f"[{text}]" if statement.table else f"'{text}'"
