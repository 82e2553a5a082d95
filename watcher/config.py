"""config.toml: loading and validation (the schema is :mod:`watcher.configspec`).

Every problem is collected and reported together as ``config.toml:LINE:COL: where: what``:
a section, feed or subscriber with an error is validated again without the offending keys, so
the rest of it (and the rule files, urls and templates that depend on it) is still checked.
Types are strict (``adaptive = "yes"`` is an error, not ``true``). Only a regular file up to
``MAX_CONFIG_BYTES`` is read. Relative paths resolve against the config file's folder.
``${VAR}`` is expanded only inside subscriber urls, after parsing, never in the raw file.
"""

from __future__ import annotations

import copy
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from pydantic import ValidationError

from watcher import tomlpos, tomlsyntax
from watcher.configspec import ConfigModel, DeliverySection, FeedSpec, FetchSection, StoriesSection, SubscriberSpec, WatchSection
from watcher.errors import ConfigError, Problem
from watcher.messages import did_you_mean, excerpt, loc_text
from watcher.validation import clean_loc, pydantic_problems
from watcher.web.settings import expand_token, token_problems

__all__ = ["Config", "ConfigModel", "DeliverySection", "FeedSpec", "FetchSection", "StoriesSection", "SubscriberSpec",
           "WatchSection", "check_config", "load_config"]

MAX_CONFIG_BYTES = 16_000_000
_ENV_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Config:
    """The validated config with every path resolved and every subscriber url expanded."""

    path: Path
    model: ConfigModel
    database_url: str
    rules_dir: Path
    subscriber_urls: dict[str, tuple[str, ...]]  # subscriber id -> expanded urls (secrets!)
    secrets: frozenset[str]
    locator: "Locator | None" = field(default=None, repr=False, compare=False)   # for located problems
    feed_refs: frozenset[str] = frozenset()        # every feed id and tag written, valid or not
    http_token: str = ""                           # [http] token, expanded (a secret)
    unset_urls: frozenset[tuple[int, int]] = frozenset()   # (subscriber, url) indexes naming an unset ${VAR}

    @property
    def watch(self) -> WatchSection:
        return self.model.watch

    @property
    def fetch(self) -> FetchSection:
        return self.model.fetch

    @property
    def stories(self) -> StoriesSection:
        return self.model.stories

    @property
    def delivery(self) -> DeliverySection:
        return self.model.delivery

    @property
    def feeds(self) -> tuple[FeedSpec, ...]:
        return self.model.feeds

    @property
    def subscribers(self) -> tuple[SubscriberSpec, ...]:
        return self.model.subscribers

    @property
    def base_dir(self) -> Path:
        return self.path.parent

    def feed(self, feed_id: str) -> FeedSpec | None:
        index = self.__dict__.get("_feeds_by_id")
        if index is None:
            index = {f.id: f for f in self.feeds}
            object.__setattr__(self, "_feeds_by_id", index)
        return index.get(feed_id)

    def feed_tags(self) -> set[str]:
        return {t for f in self.feeds for t in f.tags}

    def resolve(self, relative: str) -> Path:
        p = Path(relative).expanduser()
        return p if p.is_absolute() else (self.base_dir / p)


@dataclass(frozen=True)
class Locator:
    """Turns a path into the validated model into a located problem in config.toml. Items
    dropped while validating (see ``_validate``) shift array indexes: ``origin`` maps them back."""

    source: str
    marks: Mapping[Any, tuple[int, int]] = field(default_factory=dict, repr=False)
    origin: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def original(self, path: tuple[Any, ...]) -> tuple[Any, ...]:
        if len(path) >= 2 and path[0] in self.origin and isinstance(path[1], int):
            return (path[0], self.origin[path[0]][path[1]], *path[2:])
        return path

    def problem(self, path: tuple[Any, ...], message: str) -> Problem:
        path = self.original(path)
        line, col = tomlpos.nearest(self.marks, path)
        return Problem(self.source, line, col, f"{loc_text(path)}: {message}")


def default_config_path() -> Path:
    return Path(os.environ.get("NEWSWATCH_CONFIG") or "config.toml")


def load_config(path: str | os.PathLike[str], *, environ: dict[str, str] | None = None) -> Config:
    """Read, validate and resolve config.toml. Raises ConfigError listing every problem.
    Destinations (Apprise URLs, templates) are a step of their own: :mod:`watcher.destinations`."""
    config, problems = check_config(path, environ=environ)
    if problems or config is None:
        raise ConfigError(problems)
    return config


def check_config(path: str | os.PathLike[str], *, environ: dict[str, str] | None = None
                 ) -> tuple[Config | None, list[Problem]]:
    """Every problem of config.toml, and the config as far as it is valid (None when it could
    not be read or parsed at all). Never calls Apprise: see :mod:`watcher.destinations`."""
    path = Path(path)
    source = str(path)
    text, problem = read_config_text(path)
    if problem is not None:
        return None, [problem]
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        return None, [_toml_problem(source, text, e)]
    marks = tomlpos.LazyMarks(text)   # positions only when a problem needs one (lazy-for-start-up)
    model, origin, problems = _validate(raw, source, marks)
    if model is None:
        return None, problems
    at = Locator(source, marks, origin)
    refs = _declared_feed_refs(raw)
    problems.extend(_cross_check(model, at, refs))
    env = os.environ if environ is None else environ
    urls, secrets, unset = _expand_urls(model, at, env, problems)
    http_token = _http_token(model, at, env, problems)
    config = Config(path=path.resolve(), model=model, database_url="", rules_dir=Path(), subscriber_urls=urls,
                    secrets=frozenset(secrets | {http_token} - {""}), locator=at, feed_refs=refs, http_token=http_token,
                    unset_urls=frozenset(unset))
    object.__setattr__(config, "database_url", resolve_database_url(model.watch.database, config.base_dir))
    object.__setattr__(config, "rules_dir", config.resolve(model.watch.rules))
    return config, problems


def read_config_text(path: Path) -> tuple[str, Problem | None]:
    """The text of a regular file of at most MAX_CONFIG_BYTES (never a device, FIFO or folder)."""
    source = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return "", Problem(source, None, None, "not a regular file (a device, pipe or folder?); "
                                                   "give the path of config.toml")
        if info.st_size > MAX_CONFIG_BYTES:
            return "", _too_big(source, info.st_size)
        with path.open("rb") as f:
            data = f.read(MAX_CONFIG_BYTES + 1)
        if len(data) > MAX_CONFIG_BYTES:
            return "", _too_big(source, len(data))
        return data.decode("utf-8"), None
    except FileNotFoundError:
        return "", Problem(source, None, None, "config file not found (pass --config or set NEWSWATCH_CONFIG)")
    except UnicodeDecodeError as e:
        return "", Problem(source, None, None, f"not valid UTF-8 ({e.reason} at byte {e.start})")
    except OSError as e:
        return "", Problem(source, None, None, f"cannot read config: {e.strerror or e}")


def _too_big(source: str, size: int) -> Problem:
    return Problem(source, None, None, f"file is {size:,} bytes or more; config.toml is limited to {MAX_CONFIG_BYTES:,}")


def _validate(raw: dict[str, Any], source: str, marks: Mapping[Any, tuple[int, int]]
              ) -> tuple[ConfigModel | None, dict[str, tuple[int, ...]], list[Problem]]:
    """Validate; on errors, report them and validate again without the offending keys (and
    without array items that then lack a required key), so the rest can still be checked.
    Returns the model, where each surviving array item came from, and the problems."""
    try:
        return ConfigModel.model_validate(raw), {}, []
    except ValidationError as e:
        problems = pydantic_problems(e, source, lambda loc, _key: tomlpos.nearest(marks, loc), ConfigModel)
        errors = e.errors()
    pruned = copy.deepcopy(raw)
    origin = {k: list(range(len(v))) for k, v in pruned.items() if isinstance(v, list)}
    for _ in range(4):
        _prune(pruned, origin, [(clean_loc(tuple(err["loc"])), err["type"]) for err in errors])
        try:
            model = ConfigModel.model_validate(pruned)
        except ValidationError as e:
            errors = e.errors()
            continue
        return model, {k: tuple(v) for k, v in origin.items()}, problems
    return None, {}, problems


def _prune(data: dict[str, Any], origin: dict[str, list[int]], errors: list[tuple[tuple[Any, ...], str]]) -> None:
    removals: dict[tuple[Any, ...], set[Any]] = {}
    for loc, kind in errors:
        if kind == "missing":
            loc = loc[:-1]
        while loc and isinstance(loc[-1], int) and not isinstance(_get(data, loc), dict):
            loc = loc[:-1]            # a bad array element: drop the array (its default applies)
        if loc:
            removals.setdefault(loc[:-1], set()).add(loc[-1])
    for parent_loc, keys in removals.items():
        parent = _get(data, parent_loc)
        for key in sorted(keys, key=lambda k: (str(type(k)), k), reverse=True):
            try:
                del parent[key]
            except (KeyError, IndexError, TypeError):
                continue
            if len(parent_loc) == 1 and isinstance(key, int) and parent_loc[0] in origin:
                del origin[parent_loc[0]][key]
            elif not parent_loc and key in origin:
                del origin[key]


def _get(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _declared_feed_refs(raw: dict[str, Any]) -> frozenset[str]:
    feeds = raw.get("feeds")
    refs: set[str] = set()
    for feed in feeds if isinstance(feeds, list) else ():
        if isinstance(feed, dict):
            if isinstance(feed.get("id"), str):
                refs.add(feed["id"])
            tags = feed.get("tags")
            refs.update(t for t in (tags if isinstance(tags, list) else ()) if isinstance(t, str))
    return frozenset(refs)


def resolve_database_url(url: str, base_dir: Path) -> str:
    """``sqlite:///newswatch.db`` is relative to the config folder; ``sqlite:////abs`` is absolute."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith("sqlite:////") and url != "sqlite:///:memory:":
        return prefix + str((base_dir / url[len(prefix):]).resolve())
    return url


def _toml_problem(source: str, text: str, e: tomllib.TOMLDecodeError) -> Problem:
    line, col, message = tomlsyntax.explain(text, e)
    return Problem(source, line, col, f"TOML syntax error: {message}")


def _cross_check(model: ConfigModel, at: Locator, refs: frozenset[str]) -> list[Problem]:
    problems: list[Problem] = []
    groups: tuple[tuple[str, Sequence[FeedSpec | SubscriberSpec]], ...] = (
        ("feeds", model.feeds), ("subscribers", model.subscribers))
    for kind, items in groups:
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                first = at.original((kind, seen[item.id]))[1]
                problems.append(at.problem((kind, i, "id"), f"duplicate id '{item.id}' (also {kind}[{first}])"))
            seen.setdefault(item.id, i)
    for i, sub in enumerate(model.subscribers):
        for j, ref in enumerate(sub.feeds):
            if ref not in refs:
                problems.append(at.problem(("subscribers", i, "feeds", j),
                                           f"unknown feed id or tag {excerpt(ref)}{did_you_mean(ref, refs)}"))
        if sub.template is not None and sub.format is None:
            problems.append(at.problem(("subscribers", i, "template"),
                                       "a template needs 'format' (text, html or markdown) too"))
    return problems


def _expand_urls(model: ConfigModel, at: Locator, env: Any, problems: list[Problem]
                 ) -> tuple[dict[str, tuple[str, ...]], set[str], set[tuple[int, int]]]:
    """Subscriber urls with ``${VAR}`` replaced; also the secrets and the (i, j) left incomplete."""
    urls: dict[str, tuple[str, ...]] = {}
    secrets: set[str] = set()
    unset: set[tuple[int, int]] = set()
    for i, sub in enumerate(model.subscribers):
        expanded = []
        for j, url in enumerate(sub.urls):
            def repl(m: re.Match[str], i: int = i, j: int = j) -> str:
                name = m.group(1)
                if name not in env:
                    unset.add((i, j))
                    problems.append(at.problem(("subscribers", i, "urls", j),
                                               f"environment variable {name} is not set"))
                    return ""
                value: str = env[name]
                if len(value) >= 3:
                    secrets.add(value)
                return value
            expanded.append(_ENV_VAR.sub(repl, url))
        urls[sub.id] = tuple(expanded)
    return urls, secrets, unset


def _http_token(model: ConfigModel, at: Locator, env: Any, problems: list[Problem]) -> str:
    """The [http] token with ``${VAR}`` expanded, and a problem for a listen address it cannot protect."""
    token, missing = expand_token(model.http.token, env)
    found = [("token", f"environment variable {name} is not set") for name in missing]
    for key, message in found or token_problems(model.http, token):
        problems.append(at.problem(("http", key), message))
    return token
