"""The rule set's files: which ``*.yaml`` files of the rules folder are read, and reading them
within bounds.

Only files inside the rules folder are read: a rule file that is a symlink to a file elsewhere
(``rules/env.yaml -> ../secrets/.env``) is refused unread, so no error can quote it. A rule set
is bounded (MAX_SET_BYTES over at most MAX_SET_FILES files, each at most
:data:`~watcher.yamlpos.MAX_BYTES`) so that loading it stays cheap. Each refusal is a
:class:`~watcher.errors.Problem`, never an exception.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from watcher.errors import Problem, display_path
from watcher.yamldoc import MAX_BYTES, YamlDoc

MAX_SET_BYTES = 4_000_000
MAX_SET_FILES = 500


def recorded_path(path: Path, base_dir: Path | None) -> str:
    """A rule file as recorded with its alerts: relative to ``base_dir`` (the config folder),
    whatever the working folder (systemd starts the daemon in ``/``); absolute when outside it.
    Without ``base_dir``, as shown in messages (:func:`display_path`)."""
    if base_dir is None:
        return display_path(path)
    absolute = path.resolve()
    try:
        return absolute.relative_to(base_dir.resolve()).as_posix()
    except ValueError:
        return str(absolute)


def rule_files(rules_dir: Path) -> list[Path]:
    """The rule files of the folder that may be read (see :func:`scan_rules_dir`)."""
    return scan_rules_dir(rules_dir)[0]


def scan_rules_dir(rules_dir: Path) -> tuple[list[Path], list[Problem]]:
    """``*.yaml`` files of the folder, and a problem for each that resolves outside the folder
    (a symlink) or is not a regular file: those are never opened."""
    if not rules_dir.is_dir():
        return [], []
    root = rules_dir.resolve()
    paths, problems = [], []
    for p in sorted(rules_dir.iterdir()):
        if p.suffix not in (".yaml", ".yml") or p.name.startswith((".", "#")):
            continue
        refusal = _refusal(p, root)
        if refusal:
            problems.append(Problem(display_path(p), None, None, refusal))
        else:
            paths.append(p)
    return paths, problems


def _refusal(path: Path, root: Path) -> str | None:
    """Why ``path`` must not be read as part of the rule set under ``root``, or None."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "cannot read file: a broken or looping symlink"
    if root != target.parent and root not in target.parents:
        return "is a symlink to a file outside the rules folder; not read (copy the file into the folder)"
    if not target.is_file():
        return "not a regular file; not read"
    return None


def files_signature(rules_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Cheap change detector: (name, mtime_ns, size) of every rule and list file."""
    out = []
    if rules_dir.is_dir():
        for p in sorted(rules_dir.rglob("*")):
            if p.suffix in (".yaml", ".yml") and p.is_file():
                st = p.stat()
                out.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(out)


class RuleFiles:
    """Reads the rule and list files of one load, each once (parsed as YAML), within the limits;
    ``files`` maps each file read to the sha256 of its bytes, ``complete`` is False once a file
    could not be read or parsed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.files: dict[str, str] = {}
        self.docs: dict[Path, YamlDoc | None] = {}
        self.complete = True
        self.total = 0                        # bytes read so far

    def read(self, path: Path) -> YamlDoc | None:
        path = path.resolve()
        if path in self.docs:
            return self.docs[path]
        source = display_path(path)
        self.docs[path] = None
        raw = self.read_bytes(path, source)
        if raw is None:
            self.complete = False
            return None
        self.files[source] = hashlib.sha256(raw).hexdigest()
        # lazy-for-start-up: PyYAML (~11 ms of imports) loads with the first rule file read, never
        # when the rules come from the cache (watcher.pipeline.rulecache)
        from watcher.yamlpos import load_yaml
        doc = load_yaml(raw, source)
        self.problems.extend(doc.problems)
        self.complete = self.complete and not (doc.problems and doc.data is None)
        self.docs[path] = doc
        return doc

    def read_bytes(self, path: Path, source: str) -> bytes | None:
        """The file's bytes, within the per-file and whole-set limits (a problem otherwise)."""
        def refuse(message: str) -> None:
            self.problems.append(Problem(source, None, None, message))
        try:
            with path.open("rb") as f:
                raw = f.read(MAX_BYTES + 1)
        except OSError as e:
            refuse(f"cannot read file: {e.strerror or e}")
            return None
        if len(raw) > MAX_BYTES:
            size = max(path.stat().st_size, len(raw))
            refuse(f"file is {size:,} bytes; rule files are limited to {MAX_BYTES:,}")
            return None
        if len(self.files) >= MAX_SET_FILES or self.total + len(raw) > MAX_SET_BYTES:
            refuse(f"not read: the rule set would exceed {MAX_SET_FILES:,} files or {MAX_SET_BYTES:,} bytes "
                   "in total (rule files and the files they import)")
            return None
        self.total += len(raw)
        return raw

    def over_limits(self, paths: list[Path], where: str) -> bool:
        """One clear problem, and nothing loaded, when the rule files alone are over the limits."""
        size = sum(p.stat().st_size for p in paths)
        if len(paths) <= MAX_SET_FILES and size <= MAX_SET_BYTES:
            return False
        self.complete = False
        self.problems.append(Problem(where, None, None,
            f"the rule set is too large: {len(paths):,} files, {size:,} bytes; it is limited to "
            f"{MAX_SET_FILES:,} files and {MAX_SET_BYTES:,} bytes in total (each file to {MAX_BYTES:,})"))
        return True
