"""The ``[http]`` section of config.toml and its checks (no aiohttp here: loading the config
must stay cheap).

``listen = "127.0.0.1:8470"`` by default; ``""`` turns the server off. Any listen address that
is not loopback needs ``token`` (a bearer token, or ``?token=`` on the URL), usually given as
``token = "${NEWSWATCH_HTTP_TOKEN}"``; without one the config is refused, so the page and the
metrics are never served to a network by accident.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, field_validator

DEFAULT_LISTEN = "127.0.0.1:8470"
MIN_TOKEN_LENGTH = 16
_LISTEN = re.compile(r"^(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<host>[A-Za-z0-9.-]+)):(?P<port>\d{1,5})$")
_ENV_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class HttpSection(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    listen: str = DEFAULT_LISTEN
    token: str = ""
    max_connections: int = Field(64, ge=1, le=10_000)

    @field_validator("listen")
    @classmethod
    def _listen(cls, v: str) -> str:
        v = v.strip()
        if v:
            parse_listen(v)
        return v


@dataclass(frozen=True)
class Listen:
    host: str
    port: int

    @property
    def loopback(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False   # a host name other than localhost may resolve to anything

    @property
    def url(self) -> str:
        """Where a client on this machine reaches the server (0.0.0.0 and :: mean "here")."""
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        return f"http://[{host}]:{self.port}" if ":" in host else f"http://{host}:{self.port}"


def parse_listen(value: str) -> Listen:
    m = _LISTEN.match(value.strip())
    if not m or int(m.group("port")) > 65535:
        raise ValueError(f"listen must be HOST:PORT such as '127.0.0.1:8470' or '[::1]:8470', or '' for off "
                         f"(got {value!r})")
    return Listen(m.group("v6") or m.group("host"), int(m.group("port")))


def expand_token(raw: str, environ: object) -> tuple[str, list[str]]:
    """``${VAR}`` in the token, from the environment; returns the token and the missing names."""
    missing: list[str] = []

    def repl(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in environ:  # type: ignore[operator]
            missing.append(name)
            return ""
        return str(environ[name])  # type: ignore[index]

    return _ENV_VAR.sub(repl, raw), missing


def token_problems(section: HttpSection, token: str) -> list[tuple[str, str]]:
    """(key, message) for every way the listen address and the token do not fit together."""
    if not section.listen:
        return []
    where = parse_listen(section.listen)
    if token and len(token) < MIN_TOKEN_LENGTH:
        return [("token", (f"the token is shorter than {MIN_TOKEN_LENGTH} characters; make a long random one "
                           "(e.g. `openssl rand -hex 32`)"))]
    if not where.loopback and not token:
        return [("listen", (f"listening on {section.listen} (not loopback) needs a token: set "
                            'token = "${NEWSWATCH_HTTP_TOKEN}" and export a long random value'))]
    return []
