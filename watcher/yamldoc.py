"""What a loaded YAML document is, without PyYAML: the values with where each sits
(:class:`YamlDoc`), YAML 1.1 booleans kept as text (:class:`Yaml11Bool`) and the limits. The rule
engine's modules need these types at every start; the loader that makes them
(:mod:`watcher.yamlpos`, which imports PyYAML: ~11 ms) only when rule files are read, not when
the rules come from the cache."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from watcher.errors import Problem

Path = tuple[str | int, ...]
MAX_BYTES = 1_000_000
MAX_DEPTH = 100           # nested mappings and lists; a deep rule needs about 2 per condition level


class Yaml11Bool(str):
    """A plain ``yes``/``no``/``on``/``off`` scalar: text in YAML 1.2, a boolean in YAML 1.1."""


@dataclass
class YamlDoc:
    source: str
    data: Any
    value_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def mark(self, path: Path, *, key: bool = False) -> tuple[int | None, int | None]:
        """Position (1-based line, col) of ``path`` or of its nearest located ancestor."""
        table = self.key_marks if key else self.value_marks
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if key and p in self.value_marks:
                return self.value_marks[p]
            p = p[:-1]
        return self.value_marks.get((), (1, 1))

    def problem(self, path: Path, message: str, *, key: bool = False) -> Problem:
        line, col = self.mark(path, key=key)
        return Problem(self.source, line, col, message)
