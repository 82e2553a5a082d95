"""The rule language: loading YAML rule files, compiling them into one automaton, matching.

Public surface: :func:`load_rules`, :class:`RuleSet`, :class:`Rule`, :class:`Document`,
:class:`RuleMatch`, :class:`Snippet`, :func:`run_examples`.

The names below are loaded on first use (PEP 562), lazy-for-start-up: a start from the rule
cache needs the matcher (RuleSet, LoadResult), not the loader, the rule schema (pydantic
models), the compiler and the examples' runner (~10 ms of imports).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from watcher.errors import display_path
from watcher.lazy import lazy_names
from watcher.types import SEVERITY_RANK

_WHERE = {
    "Document": "engine", "PreparedText": "engine", "RuleMatch": "engine", "Snippet": "engine",
    "files_signature": "files", "rule_files": "files", "load_rules": "loader", "LoadResult": "result",
    "Rule": "matcher", "RuleSet": "matcher", "run_examples": "selftest",
}

if TYPE_CHECKING:
    from watcher.ruleset.engine import Document, PreparedText, RuleMatch, Snippet
    from watcher.ruleset.files import files_signature, rule_files
    from watcher.ruleset.loader import load_rules
    from watcher.ruleset.matcher import Rule, RuleSet
    from watcher.ruleset.result import LoadResult
    from watcher.ruleset.selftest import run_examples

__getattr__ = lazy_names(__name__, _WHERE, globals())

__all__ = ["SEVERITY_RANK", "Document", "PreparedText", "LoadResult", "Rule", "RuleMatch", "RuleSet", "Snippet",
           "display_path", "files_signature", "load_rules", "rule_files", "run_examples"]
