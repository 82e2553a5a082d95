"""config.toml: pydantic models, loading and validation.

Every problem is collected and reported together as ``config.toml:LINE:COL: where: what``.
Relative paths resolve against the config file's folder. ``${VAR}`` is expanded only inside
subscriber urls, after parsing, never in the raw file.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from watcher import tomlpos
from watcher.errors import ConfigErrors, Problem
from watcher.units import parse_duration, parse_size

Duration = Annotated[timedelta, BeforeValidator(lambda v: parse_duration(v) if not isinstance(v, timedelta) else v)]
Size = Annotated[int, BeforeValidator(parse_size)]
SLUG = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
SEVERITIES = ("low", "normal", "high", "urgent")
Severity = Literal["low", "normal", "high", "urgent"]
_ENV_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WatchSection(_Model):
    database: str = "sqlite:///newswatch.db"
    rules: str = "rules"
    poll_interval: Duration = timedelta(minutes=15)
    backfill: Duration = timedelta(hours=24)
    adaptive: bool = True
    min_interval: Duration = timedelta(minutes=5)
    max_interval: Duration = timedelta(hours=1)
    retention: Duration = timedelta(days=90)
    rules_check: Duration = timedelta(minutes=1)
    log_level: Literal["debug", "info", "warning", "error"] = "info"


class FetchSection(_Model):
    timeout: Duration = timedelta(seconds=30)
    max_bytes: Size = 10_000_000
    concurrency: int = Field(32, ge=1, le=1000)
    per_host: int = Field(2, ge=1, le=100)
    allow_private_networks: bool = False
    allow_networks: tuple[str, ...] = ()
    user_agent: str = ""
    max_entries: int = Field(500, ge=1, le=100_000)
    parse_timeout: Duration = timedelta(seconds=20)
    parse_memory: Size = 768 * 1024 * 1024
    parse_workers: int = Field(2, ge=1, le=64)
    backoff_max: Duration = timedelta(hours=6)
    unhealthy_after: Duration = timedelta(hours=6)


    @field_validator("allow_networks")
    @classmethod
    def _networks(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        import ipaddress
        for net in v:
            try:
                ipaddress.ip_network(net, strict=False)
            except ValueError:
                raise ValueError(f"not a network in CIDR form: {net!r} (e.g. '192.168.1.0/24')") from None
        return v

    def address_policy(self) -> "object":
        import ipaddress

        from watcher.fetch.guard import AddressPolicy
        return AddressPolicy(self.allow_private_networks,
                             tuple(ipaddress.ip_network(n, strict=False) for n in self.allow_networks))


class DeliverySection(_Model):
    max_attempts: int = Field(40, ge=1, le=1000)
    max_age: Duration = timedelta(hours=48)
    retry_base: Duration = timedelta(seconds=30)
    retry_max: Duration = timedelta(hours=1)
    lease: Duration = timedelta(minutes=2)
    send_timeout: Duration = timedelta(seconds=60)
    interval: Duration = timedelta(seconds=15)


class FeedSpec(_Model):
    id: str = Field(pattern=SLUG)
    url: str
    title: str = ""
    tags: tuple[str, ...] = ()
    interval: Duration | None = None
    enabled: bool = True

    @field_validator("url")
    @classmethod
    def _http_url(cls, v: str) -> str:
        if not re.match(r"^https?://[^\s/]+", v, re.IGNORECASE):
            raise ValueError(f"feed url must start with http:// or https:// (got {v!r})")
        return v


class SubscriberSpec(_Model):
    id: str = Field(pattern=SLUG)
    urls: tuple[str, ...] = Field(min_length=1)
    rules: tuple[str, ...] = ("*",)
    feeds: tuple[str, ...] = ()
    min_severity: Severity = "low"
    digest: str = "off"
    timezone: str = "UTC"
    quiet_hours: str | None = None
    max_per_hour: int | None = Field(None, ge=1)
    admin: bool = False
    format: Literal["text", "html", "markdown"] | None = None
    template: str | None = None

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {v!r} (use an IANA name like 'America/Tegucigalpa')") from None
        return v

    @field_validator("digest")
    @classmethod
    def _digest(cls, v: str) -> str:
        v = v.strip().lower()
        if v in ("off", "hourly"):
            return v
        times = [t.strip() for t in v.split(",") if t.strip()]
        if not times or not all(_CLOCK.match(t) for t in times):
            raise ValueError(f"digest must be 'off', 'hourly' or times like '07:00,13:00' (got {v!r})")
        return ",".join(f"{int(t.split(':')[0]):02d}:{t.split(':')[1]}" for t in times)

    @field_validator("quiet_hours")
    @classmethod
    def _quiet(cls, v: str | None) -> str | None:
        if v is None:
            return v
        parts = [p.strip() for p in v.split("-")]
        if len(parts) != 2 or not all(_CLOCK.match(p) for p in parts) or parts[0] == parts[1]:
            raise ValueError(f"quiet_hours must look like '22:00-07:00' (got {v!r})")
        return "-".join(f"{int(p.split(':')[0]):02d}:{p.split(':')[1]}" for p in parts)


class ConfigModel(_Model):
    watch: WatchSection = WatchSection()
    fetch: FetchSection = FetchSection()
    delivery: DeliverySection = DeliverySection()
    feeds: tuple[FeedSpec, ...] = ()
    subscribers: tuple[SubscriberSpec, ...] = ()


@dataclass(frozen=True)
class Config:
    """The validated config with every path resolved and every subscriber url expanded."""

    path: Path
    model: ConfigModel
    database_url: str
    rules_dir: Path
    subscriber_urls: dict[str, tuple[str, ...]]  # subscriber id -> expanded urls (secrets!)
    secrets: frozenset[str]

    @property
    def watch(self) -> WatchSection:
        return self.model.watch

    @property
    def fetch(self) -> FetchSection:
        return self.model.fetch

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


def default_config_path() -> Path:
    return Path(os.environ.get("NEWSWATCH_CONFIG") or "config.toml")


def load_config(path: str | os.PathLike[str], *, environ: dict[str, str] | None = None,
                check_urls: bool = True) -> Config:
    """Read, validate and resolve config.toml. Raises ConfigErrors listing every problem."""
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigErrors([Problem(source, None, None,
                                    "config file not found (pass --config or set NEWSWATCH_CONFIG)")]) from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigErrors([Problem(source, None, None, f"cannot read config: {e}")]) from e
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigErrors([_toml_problem(source, e)]) from e
    marks = tomlpos.locate(text)
    try:
        model = ConfigModel.model_validate(raw)
    except ValidationError as e:
        raise ConfigErrors(pydantic_problems(e, source, marks)) from None
    problems = _cross_check(model, source, marks)
    env = os.environ if environ is None else environ
    urls, secrets = _expand_urls(model, source, marks, env, problems)
    if check_urls and not problems:
        problems.extend(_check_apprise_urls(model, urls, source, marks))
    if problems:
        raise ConfigErrors(problems)
    config = Config(
        path=path.resolve(),
        model=model,
        database_url="",
        rules_dir=Path(),
        subscriber_urls=urls,
        secrets=frozenset(secrets),
    )
    object.__setattr__(config, "database_url", resolve_database_url(model.watch.database, config.base_dir))
    object.__setattr__(config, "rules_dir", config.resolve(model.watch.rules))
    return config


def resolve_database_url(url: str, base_dir: Path) -> str:
    """``sqlite:///newswatch.db`` is relative to the config folder; ``sqlite:////abs`` is absolute."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith("sqlite:////") and url != "sqlite:///:memory:":
        return prefix + str((base_dir / url[len(prefix):]).resolve())
    return url


def _toml_problem(source: str, e: tomllib.TOMLDecodeError) -> Problem:
    m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
    message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e)) or "invalid TOML"
    if m:
        return Problem(source, int(m.group(1)), int(m.group(2)), f"TOML syntax error: {message}")
    return Problem(source, None, None, f"TOML syntax error: {message}")


def loc_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def pydantic_problems(error: ValidationError, source: str, marks: dict[Any, tuple[int, int]]) -> list[Problem]:
    problems = []
    for err in error.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "lax-", "json-"))))
        line, col = tomlpos.nearest(marks, loc)
        problems.append(Problem(source, line, col, f"{loc_text(loc)}: {friendly_error(err)}"))
    return problems


def friendly_error(err: dict[str, Any]) -> str:
    kind = err["type"]
    loc = err["loc"]
    if kind == "extra_forbidden":
        return f"unknown key '{loc[-1]}'"
    if kind == "missing":
        return "required key is missing"
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if kind.endswith("_type") or kind.endswith("_parsing"):
        msg = f"{msg[0].lower()}{msg[1:]} (got {err.get('input')!r})"
    return msg[0].lower() + msg[1:] if msg else kind


def _cross_check(model: ConfigModel, source: str, marks: dict[Any, tuple[int, int]]) -> list[Problem]:
    problems: list[Problem] = []

    def at(path: tuple[Any, ...], message: str) -> None:
        line, col = tomlpos.nearest(marks, path)
        problems.append(Problem(source, line, col, f"{loc_text(path)}: {message}"))

    for kind, items in (("feeds", model.feeds), ("subscribers", model.subscribers)):
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                at((kind, i, "id"), f"duplicate id '{item.id}' (also {kind}[{seen[item.id]}])")
            seen.setdefault(item.id, i)
    feed_ids = {f.id for f in model.feeds}
    feed_tags = {t for f in model.feeds for t in f.tags}
    for i, sub in enumerate(model.subscribers):
        for j, ref in enumerate(sub.feeds):
            if ref not in feed_ids and ref not in feed_tags:
                at(("subscribers", i, "feeds", j), f"unknown feed id or tag '{ref}'")
        if sub.template is not None and sub.format is None:
            at(("subscribers", i, "template"), "a template needs 'format' (text, html or markdown) too")
    return problems


def _expand_urls(model: ConfigModel, source: str, marks: dict[Any, tuple[int, int]],
                 env: Any, problems: list[Problem]) -> tuple[dict[str, tuple[str, ...]], set[str]]:
    urls: dict[str, tuple[str, ...]] = {}
    secrets: set[str] = set()
    for i, sub in enumerate(model.subscribers):
        expanded = []
        for j, url in enumerate(sub.urls):
            def repl(m: re.Match[str], i: int = i, j: int = j) -> str:
                name = m.group(1)
                if name not in env:
                    line, col = tomlpos.nearest(marks, ("subscribers", i, "urls", j))
                    problems.append(Problem(source, line, col,
                                            f"subscribers[{i}].urls[{j}]: environment variable {name} is not set"))
                    return ""
                value = env[name]
                if len(value) >= 3:
                    secrets.add(value)
                return value
            expanded.append(_ENV_VAR.sub(repl, url))
        urls[sub.id] = tuple(expanded)
    return urls, secrets


def _check_apprise_urls(model: ConfigModel, urls: dict[str, tuple[str, ...]], source: str,
                        marks: dict[Any, tuple[int, int]]) -> list[Problem]:
    from watcher.notify import check_url  # lazy: Apprise is slow to import

    problems = []
    for i, sub in enumerate(model.subscribers):
        for j, url in enumerate(urls[sub.id]):
            error = check_url(url)
            if error:
                line, col = tomlpos.nearest(marks, ("subscribers", i, "urls", j))
                problems.append(Problem(source, line, col, f"subscribers[{i}].urls[{j}]: {error}"))
    return problems
