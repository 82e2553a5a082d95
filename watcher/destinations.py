"""Subscriber destinations as Apprise sees them: is a URL one Apprise can send to, how it is
shown (Apprise's privacy mask, masked again by :mod:`watcher.redact`), and the check of every
destination of a config (its URLs and templates) before the daemon starts.

This is its own step, after loading config.toml (which never calls Apprise): ``check`` and
``run`` call :func:`check_destinations`; commands that only read the database skip it.
"""

from __future__ import annotations

import json
import os
import select
import stat
import sys
import time
from typing import TYPE_CHECKING, Any, NamedTuple

from watcher.apart import fork_child
from watcher.apprise_plugins import load_for
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
    """Apprise's plugin object for ``url``, or None when Apprise does not accept it (with its
    scheme's plugin loaded alone when it can be: :mod:`watcher.apprise_plugins`)."""
    load_for(url)
    return apprise_module().Apprise.instantiate(url, suppress_exceptions=True)


class Verdict(NamedTuple):
    """What Apprise says about a destination URL: does it accept it, and its privacy-masked
    form (None when not accepted)."""

    accepted: bool
    privacy: str | None


_verdicts: dict[str, Verdict] = {}     # per URL, asked once per process (or in a child: ask_apart)


def verdict(url: str) -> Verdict:
    """Apprise's verdict on ``url``, asked once per process: a start asks about every URL up to
    four times (the check, the secrets warning, the label and its legacy form)."""
    known = _verdicts.get(url)
    if known is None:
        known = _verdicts[url] = _ask(url)
    return known


def known_verdict(url: str) -> Verdict | None:
    """The verdict on ``url`` if this process has it (asked, or given by :func:`remember_verdict`)."""
    return _verdicts.get(url)


def remember_verdict(url: str, known: Verdict) -> None:
    """A verdict on ``url`` found elsewhere (the verdict cache, watcher/pipeline/verdictcache.py):
    Apprise is not asked about it again in this process."""
    _verdicts.setdefault(url, known)


def subscriber_urls(config: Config) -> list[str]:
    """The URLs Apprise is asked about: every subscriber's, but stdout and those left incomplete
    by an unset ``${VAR}``."""
    out = []
    for i, sub in enumerate(config.subscribers):
        for j, url in enumerate(config.subscriber_urls.get(sub.id, ())):
            if url != STDOUT and (i, j) not in config.unset_urls:
                out.append(url)
    return sorted(set(out))


def _ask(url: str) -> Verdict:
    plugin = instantiate(url)
    return Verdict(False, None) if plugin is None else Verdict(True, str(plugin.url(privacy=True)))


def check_url(url: str) -> str | None:
    """None when Apprise accepts the URL, else a message that never shows the secret."""
    if url == STDOUT:
        return None
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if not verdict(url).accepted:
        return f"not a valid Apprise URL ({scheme or 'no scheme'}://…); see https://github.com/caronc/apprise/wiki"
    return None


def privacy_url(url: str) -> str:
    """Apprise's privacy-masked form of ``url`` (passwords and tokens hidden), with its options."""
    if url == STDOUT:
        return url
    masked = verdict(url).privacy
    if masked is None:
        scheme = url.split("://", 1)[0] if "://" in url else "?"
        return f"{scheme}://****"
    return masked


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


ASK_APART_SECONDS = 60.0


class AskedApart:
    """Apprise's verdicts on a config's URLs, asked by a child process forked for it while this
    one goes on (the rules' validation): Apprise imports every one of its plugins to read one
    URL (~0.15 s of CPU and ~18 MiB at every start), so ``run`` gets the answers on a second core
    and never loads Apprise until it sends. :meth:`join` records them (:func:`verdict`); when the
    child could not answer, the verdicts are asked here as before."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid, self.fd = pid, fd

    def join(self) -> None:
        data, answered = b"", False
        try:
            deadline = time.monotonic() + ASK_APART_SECONDS
            while not answered and time.monotonic() < deadline:
                ready, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
                chunk = os.read(self.fd, 1 << 16) if ready else b""
                answered = bool(ready) and not chunk      # end of file: the child wrote all and closed
                data += chunk
        finally:
            os.close(self.fd)
            _reap(self.pid, answered)
        try:
            answers = json.loads(data) if answered and data else {}
        except ValueError:
            return
        for url, (accepted, privacy) in answers.items():
            _verdicts.setdefault(url, Verdict(bool(accepted), privacy))


def ask_apart(config: Config) -> AskedApart | None:
    """Start asking Apprise about every subscriber URL of ``config`` in a forked child; None
    when there is nothing to ask, Apprise is loaded already, or forking is not safe (a process
    with other threads: the child could inherit a lock held by one of them)."""
    urls = sorted({u for urls in config.subscriber_urls.values() for u in urls if u != STDOUT} - set(_verdicts))
    if not urls or "apprise" in sys.modules:
        return None
    child = fork_child(lambda: json.dumps({u: list(_ask(u)) for u in urls}).encode())
    return None if child is None else AskedApart(*child)


def _reap(pid: int, answered: bool) -> None:
    """Wait for the child (it exits once it has answered); one that did not answer in time is
    killed first."""
    try:
        if not answered:
            os.kill(pid, 9)
        os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass
