"""Subscriber destinations as Apprise sees them: is a URL one Apprise can send to, how it is
shown (Apprise's privacy mask, masked again by :mod:`watcher.redact`), and the check of every
destination of a config (its URLs and templates) before the daemon starts.

This is its own step, after loading config.toml (which never calls Apprise): ``check`` and
``run`` call :func:`check_destinations`; commands that only read the database skip it.
"""

from __future__ import annotations

import stat
from typing import TYPE_CHECKING, Any

from watcher.errors import Problem, TemplateError, display_path
from watcher.redact import STDOUT, mask_url, url_secrets
from watcher.render import Renderer

if TYPE_CHECKING:
    from watcher.config import Config


def apprise_module() -> Any:
    """The ``apprise`` module, imported on first use (lazy for start-up speed: it takes ~0.3 s)."""
    import apprise
    return apprise


def instantiate(url: str) -> Any | None:
    """Apprise's plugin object for ``url``, or None when Apprise does not accept it."""
    return apprise_module().Apprise.instantiate(url, suppress_exceptions=True)


def check_url(url: str) -> str | None:
    """None when Apprise accepts the URL, else a message that never shows the secret."""
    if url == STDOUT:
        return None
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if instantiate(url) is None:
        return f"not a valid Apprise URL ({scheme or 'no scheme'}://…); see https://github.com/caronc/apprise/wiki"
    return None


def privacy_url(url: str) -> str:
    """Apprise's privacy-masked form of ``url`` (passwords and tokens hidden), with its options."""
    if url == STDOUT:
        return url
    plugin = instantiate(url)
    if plugin is None:
        scheme = url.split("://", 1)[0] if "://" in url else "?"
        return f"{scheme}://****"
    return str(plugin.url(privacy=True))


def destination_label(url: str) -> str:
    """The label of a destination: Apprise's privacy-masked URL, masked again by :func:`mask_url`."""
    return mask_url(privacy_url(url))


def legacy_label(url: str) -> str:
    """The label older versions stored (Apprise's masked URL without its query): only used to
    find their outbox rows again, never shown or stored."""
    return privacy_url(url).split("?", 1)[0]


def secrets_of(url: str) -> set[str]:
    """The raw secret pieces of ``url`` the log filter redacts (see :func:`watcher.redact.url_secrets`)."""
    return url_secrets(url, destination_label(url))


def check_destinations(config: Config) -> list[Problem]:
    """Every subscriber URL Apprise does not accept and every subscriber template that does not
    load (as the daemon will load it), located like config problems. A URL left incomplete by an
    unset ``${VAR}`` was reported when the config was loaded and is not checked again."""
    problems = []
    for i, sub in enumerate(config.subscribers):
        for j, url in enumerate(config.subscriber_urls.get(sub.id, ())):
            error = None if (i, j) in config.unset_urls else check_url(url)
            if error and config.locator is not None:
                problems.append(config.locator.problem(("subscribers", i, "urls", j), error))
    return problems + _template_problems(config)


def literal_secret_places(config: Config) -> list[tuple[int, int]]:
    """(subscriber index, url index) of every subscriber URL holding a secret written into the
    file itself rather than taken from ``${VAR}``."""
    expanded_values = [v for v in config.secrets if len(v) >= 3]
    places = []
    for i, sub in enumerate(config.subscribers):
        for j, url in enumerate(config.subscriber_urls.get(sub.id, ())):
            literal = [s for s in secrets_of(url) if not any(v in s or s in v for v in expanded_values)]
            if literal:
                places.append((i, j))
    return places


def exposure_warnings(config: Config, mode: int) -> list[str]:
    """One warning per literal secret in a config file that every user may read (``mode`` is
    the file's ``st_mode``), located like config errors. Never quotes the secret."""
    if not mode & stat.S_IROTH or config.locator is None:
        return []
    message = (f"warning: a secret is written in a file every user can read (mode {stat.S_IMODE(mode):o}); write "
               f"it as ${{VAR}} and set VAR in the service's environment, or `chmod o-r {config.path.name}`")
    places: list[tuple[str | int, ...]] = [("subscribers", i, "urls", j) for i, j in literal_secret_places(config)]
    if literal_http_token(config):
        places.append(("http", "token"))
    return [str(config.locator.problem(place, message)) for place in places]


def literal_http_token(config: Config) -> bool:
    """True when ``[http] token`` is written into the file (no ``${VAR}`` in it)."""
    raw = config.model.http.token
    return bool(raw) and "${" not in raw


def _template_problems(config: Config) -> list[Problem]:
    renderer = Renderer()
    problems = []
    for sub in config.subscribers:
        if sub.template and sub.format:
            path = config.resolve(sub.template)
            try:
                renderer.add_custom(sub.id, sub.format, path)
            except TemplateError as e:
                problems.append(Problem(display_path(path), e.line, e.col, e.message))
    return problems
