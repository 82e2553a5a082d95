"""The rule language: loading YAML rule files, compiling them into one automaton, matching.

Public surface: :func:`load_rules`, :class:`RuleSet`, :class:`Rule`, :class:`Document`,
:class:`RuleMatch`, :class:`Snippet`, :func:`run_examples`.
"""

from watcher.errors import display_path
from watcher.ruleset.engine import Document, PreparedText, RuleMatch, Snippet
from watcher.ruleset.files import files_signature, rule_files
from watcher.ruleset.loader import LoadResult, load_rules
from watcher.ruleset.matcher import Rule, RuleSet
from watcher.ruleset.selftest import run_examples
from watcher.types import SEVERITY_RANK

__all__ = ["SEVERITY_RANK", "Document", "PreparedText", "LoadResult", "Rule", "RuleMatch", "RuleSet", "Snippet",
           "display_path", "files_signature", "load_rules", "rule_files", "run_examples"]
