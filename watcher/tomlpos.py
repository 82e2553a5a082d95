"""Find where keys and array items sit in a TOML document, for ``config.toml:LINE:COL`` errors.

``tomllib`` parses without positions. After it has accepted a document, this scanner walks the
same text once and records the 1-based (line, col) of every table header, key and array item,
keyed by the path pydantic reports in its errors (``('feeds', 0, 'url')``).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Statement:
    """A table header or a top-level ``key = value`` line: its full path and where it starts."""

    path: Path
    offset: int
    table: bool


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.marks: dict[Path, tuple[int, int]] = {}
        self.array_counts: dict[Path, int] = {}
        self.statements: list[Statement] = []
        self._line_starts = [0] + [n + 1 for n, ch in enumerate(text) if ch == "\n"]

    # -- positions -------------------------------------------------------------------------
    def pos(self, i: int) -> tuple[int, int]:
        """(line, column), both from 1, of the character at offset ``i``."""
        line = bisect.bisect_right(self._line_starts, i) - 1
        return line + 1, i - self._line_starts[line] + 1

    def mark(self, path: Path, i: int) -> None:
        self.marks.setdefault(path, self.pos(i))

    # -- lexing helpers ----------------------------------------------------------------------
    def peek(self, s: str) -> bool:
        return self.text.startswith(s, self.i)

    def skip_ws(self, newlines: bool = False) -> None:
        while self.i < len(self.text):
            ch = self.text[self.i]
            if ch in " \t\r" or (newlines and ch == "\n"):
                self.i += 1
            elif ch == "#":
                while self.i < len(self.text) and self.text[self.i] != "\n":
                    self.i += 1
            else:
                break

    def skip_string(self) -> str:
        t = self.text
        for quote in ('"""', "'''"):
            if self.peek(quote):
                end = t.find(quote, self.i + 3)
                while quote == '"""' and end > 0 and _escaped(t, end):
                    end = t.find(quote, end + 1)
                end = len(t) if end < 0 else end
                while t.startswith(quote[0], end + 3):  # up to two extra quotes belong to the string
                    end += 1
                value = t[self.i + 3:end]
                self.i = end + 3
                return value
        q = t[self.i]
        j = self.i + 1
        while j < len(t) and t[j] != q:
            j += 2 if (q == '"' and t[j] == "\\") else 1
        value = t[self.i + 1:j]
        self.i = j + 1
        return value

    def read_key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_ws()
            if self.i >= len(self.text):
                return parts
            ch = self.text[self.i]
            if ch in "\"'":
                parts.append(self.skip_string())
            else:
                j = self.i
                while j < len(self.text) and (self.text[j].isalnum() or self.text[j] in "-_"):
                    j += 1
                parts.append(self.text[self.i:j])
                self.i = j
            self.skip_ws()
            if self.peek("."):
                self.i += 1
                continue
            return parts

    # -- grammar -----------------------------------------------------------------------------
    def document(self) -> None:
        table: Path = ()
        while self.i < len(self.text):
            self.skip_ws(newlines=True)
            if self.i >= len(self.text):
                break
            start = self.i
            if self.peek("[["):
                self.i += 2
                name = tuple(self.read_key())
                idx = self.array_counts.get(name, 0)
                self.array_counts[name] = idx + 1
                table = name + (idx,)
                self.statements.append(Statement(table, start, True))
                self.mark(table, start)
                self.mark(name, start)
                self.i = self._past("]]")
            elif self.peek("["):
                self.i += 1
                table = tuple(self.read_key())
                self.statements.append(Statement(table, start, True))
                self.mark(table, start)
                self.i = self._past("]")
            else:
                key = tuple(self.read_key())
                self.statements.append(Statement(table + key, start, False))
                self.mark(table + key, start)
                self.skip_ws()
                if self.peek("="):
                    self.i += 1
                    self.value(table + key)
            self.skip_line()

    def _past(self, closing: str) -> int:
        end = self.text.find(closing, self.i)
        return len(self.text) if end < 0 else end + len(closing)

    def skip_line(self) -> None:
        end = self.text.find("\n", self.i)
        self.i = len(self.text) if end < 0 else end + 1

    def value(self, path: Path) -> None:
        self.skip_ws()
        if self.i >= len(self.text):
            return
        ch = self.text[self.i]
        if ch == "[":
            self.array(path)
        elif ch == "{":
            self.inline_table(path)
        elif ch in "\"'":
            self.skip_string()
        else:
            while self.i < len(self.text) and self.text[self.i] not in ",]}\n#":
                self.i += 1

    def array(self, path: Path) -> None:
        self.i += 1
        index = 0
        while self.i < len(self.text):
            self.skip_ws(newlines=True)
            if self.peek("]"):
                self.i += 1
                return
            before = self.i
            self.mark(path + (index,), self.i)
            self.value(path + (index,))
            index += 1
            self.skip_ws(newlines=True)
            if self.peek(","):
                self.i += 1
            elif self.i == before:      # not TOML (only when explaining a syntax error): move on
                self.i += 1

    def inline_table(self, path: Path) -> None:
        self.i += 1
        while self.i < len(self.text):
            self.skip_ws()
            if self.peek("}"):
                self.i += 1
                return
            start = self.i
            key = tuple(self.read_key())
            self.mark(path + key, start)
            self.skip_ws()
            if self.peek("="):
                self.i += 1
                self.value(path + key)
            self.skip_ws()
            if self.peek(","):
                self.i += 1
            elif self.i == start:       # not TOML (only when explaining a syntax error): move on
                self.i += 1


def _escaped(text: str, i: int) -> bool:
    n = 0
    while i - n - 1 >= 0 and text[i - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def locate(text: str) -> dict[Path, tuple[int, int]]:
    """Map every table, key and array-item path of a valid TOML document to (line, col)."""
    scanner = _Scanner(text)
    scanner.document()
    return scanner.marks


def statements(text: str) -> list[Statement]:
    """Every table header and top-level key of a TOML text, valid up to its end, in order."""
    scanner = _Scanner(text)
    scanner.document()
    return scanner.statements


class LazyMarks(Mapping[Path, tuple[int, int]]):
    """``locate(text)``, computed the first time a position is asked for: only problems need
    positions, and mapping a valid config.toml of 1,000 feeds costs ~0.3 s of every start."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._marks: dict[Path, tuple[int, int]] | None = None

    def _all(self) -> dict[Path, tuple[int, int]]:
        if self._marks is None:
            self._marks = locate(self._text)
        return self._marks

    def __getitem__(self, path: Path) -> tuple[int, int]:
        return self._all()[path]

    def __iter__(self) -> Iterator[Path]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def nearest(marks: Mapping[Path, tuple[int, int]], path: Path) -> tuple[int | None, int | None]:
    p = tuple(path)
    while p:
        if p in marks:
            return marks[p]
        p = p[:-1]
    return None, None
