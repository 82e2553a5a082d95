"""The schema of config.toml: one pydantic model per section, each feed and each subscriber.

Types are strict (``adaptive = "yes"`` is an error, not ``true``); each validator says what is
wrong in a line a person can act on. Loading, locating problems and checking across sections
is :mod:`watcher.config`'s.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ByteSize, ConfigDict, Field, field_validator, model_validator

from watcher.messages import excerpt
from watcher.textfold import language_tag
from watcher.types import Severity
from watcher.units import parse_duration
from watcher.validation import SLUG
from watcher.web.settings import HttpSection

__all__ = ["ConfigModel", "DeliverySection", "FeedSpec", "FetchSection", "StoriesSection", "SubscriberSpec",
           "WatchSection"]

Duration = Annotated[timedelta, BeforeValidator(lambda v: parse_duration(v) if not isinstance(v, timedelta) else v)]
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    @model_validator(mode="before")
    @classmethod
    def _arrays_are_tuples(cls, data: Any) -> Any:
        """TOML arrays arrive as lists; the (strict) models hold tuples."""
        if isinstance(data, dict):
            return {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        return data


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
    silent_after: Duration = timedelta(days=14)
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["text", "json"] = "text"


class FetchSection(_Model):
    timeout: Duration = timedelta(seconds=30)
    max_bytes: ByteSize = ByteSize(10_000_000)
    concurrency: int = Field(32, ge=1, le=1000)
    per_host: int = Field(2, ge=1, le=100)
    allow_private_networks: bool = False
    allow_networks: tuple[str, ...] = ()
    user_agent: str = ""
    max_entries: int = Field(500, ge=1, le=100_000)
    parse_timeout: Duration = timedelta(seconds=20)
    parse_memory: ByteSize = ByteSize(768 * 1024 * 1024)
    parse_workers: int = Field(2, ge=1, le=64)
    backoff_max: Duration = timedelta(hours=6)
    unhealthy_after: Duration = timedelta(hours=6)


    @field_validator("allow_networks")
    @classmethod
    def _networks(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for net in v:
            try:
                ipaddress.ip_network(net, strict=False)
            except ValueError:
                raise ValueError(f"not a network in CIDR form: {excerpt(net)} (e.g. '192.168.1.0/24')") from None
        return v


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
    language: str | None = None       # for entries whose feed declares none, e.g. "es-HN"

    @field_validator("language")
    @classmethod
    def _language(cls, v: str | None) -> str | None:
        tag = language_tag(v)
        if v is not None and tag is None:
            raise ValueError(f"expected a language tag like 'es' or 'es-HN' (got {excerpt(v)})")
        return tag

    @field_validator("url")
    @classmethod
    def _http_url(cls, v: str) -> str:
        if not re.match(r"^https?://[^\s/]+", v, re.IGNORECASE):
            raise ValueError(f"feed url must start with http:// or https:// (got {excerpt(v)})")
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
    follow_up: str | int = "off"      # "off", "new-language" or N: one short follow-up per alerted story
    admin: bool = False
    format: Literal["text", "html", "markdown"] | None = None
    template: str | None = None

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError, OSError):   # OSError: a name too long for a file
            raise ValueError(f"unknown timezone {excerpt(v)} (use an IANA name like 'America/Tegucigalpa')") from None
        return v

    @field_validator("follow_up")
    @classmethod
    def _follow_up(cls, v: str | int) -> str | int:
        if isinstance(v, int) and not isinstance(v, bool) and v >= 1:
            return v
        if v in ("off", "new-language"):
            return v
        raise ValueError(f"follow_up must be 'off', 'new-language' or a number of outlets >= 1 (got {excerpt(str(v))})")

    @field_validator("digest")
    @classmethod
    def _digest(cls, v: str) -> str:
        v = v.strip().lower()
        if v in ("off", "hourly"):
            return v
        times = [t.strip() for t in v.split(",") if t.strip()]
        if not times or not all(_CLOCK.match(t) for t in times):
            raise ValueError(f"digest must be 'off', 'hourly' or times like '07:00,13:00' (got {excerpt(v)})")
        return ",".join(f"{int(t.split(':')[0]):02d}:{t.split(':')[1]}" for t in times)

    @field_validator("quiet_hours")
    @classmethod
    def _quiet(cls, v: str | None) -> str | None:
        if v is None:
            return v
        parts = [p.strip() for p in v.split("-")]
        if len(parts) != 2 or not all(_CLOCK.match(p) for p in parts) or parts[0] == parts[1]:
            raise ValueError(f"quiet_hours must look like '22:00-07:00' (got {excerpt(v)})")
        return "-".join(f"{int(p.split(':')[0]):02d}:{p.split(':')[1]}" for p in parts)


class StoriesSection(_Model):
    window: Duration = timedelta(hours=72)
    max_stories: int = Field(default=50_000, ge=10, le=1_000_000)   # the story index's memory bound

    @field_validator("window")
    @classmethod
    def _window(cls, v: timedelta) -> timedelta:
        if not timedelta(hours=1) <= v <= timedelta(days=30):
            raise ValueError("window must be between 1h and 30d")
        return v


class ConfigModel(_Model):
    watch: WatchSection = WatchSection()
    fetch: FetchSection = FetchSection()
    delivery: DeliverySection = DeliverySection()
    stories: StoriesSection = StoriesSection()
    feeds: tuple[FeedSpec, ...] = ()
    subscribers: tuple[SubscriberSpec, ...] = ()
    http: HttpSection = HttpSection()
