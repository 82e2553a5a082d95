"""What of a subscriber's destination URL is secret, and how it is shown (pure).

Apprise's privacy mask knows which parts of each service's URL are tokens (Slack's, Discord's,
Telegram's) but leaves generic parts alone: ``json://host/hook/TOKEN`` comes back unmasked. So
the label people see (logs, ``deliveries``, notices, the database) is Apprise's masked URL with,
whatever the service, the user and password and every path segment masked again and the query
left out: ``json://u...r:****@127.0.0.1:8080/****/T...N``.

The log filter also gets the raw secret pieces, so a library message quoting one is redacted:
passwords, and user names, path segments, query values and hidden host tokens that look like
tokens (see :func:`url_secrets`). Values expanded from ``${VAR}`` are redacted as they are.

Apprise's side of it (its masked URL, the label built on it, the warning about a literal
secret in a readable config file) lives in :mod:`watcher.destinations`.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

_MASKED = re.compile(r"^(?:.\.\.\..|\*+|)$")
_SECRET_KEY = re.compile(r"pass|pwd|token|key|secret|auth|sig|webhook|hook|api", re.IGNORECASE)
_PIECES = re.compile(r"[/:@?&=#,]+")
STDOUT = "stdout://"


def mask_piece(piece: str) -> str:
    """``TIiajkdnlazkcOXrIdevi7`` -> ``T...7``; short pieces become ``****``; masked ones stay."""
    if _MASKED.match(piece):
        return piece
    return f"{piece[0]}...{piece[-1]}" if len(piece) >= 8 else "****"


def mask_url(url: str) -> str:
    """Mask the user, password and every path segment of ``url``; drop query and fragment."""
    if url == STDOUT:
        return url
    scheme, sep, rest = url.partition("://")
    if not sep:
        return "****"
    rest = re.split(r"[?#]", rest, maxsplit=1)[0]
    netloc, slash, path = rest.partition("/")
    userinfo, at, hostport = netloc.rpartition("@")
    if at:
        user, colon, _password = userinfo.partition(":")
        netloc = mask_piece(user) + (":****" if colon else "") + "@" + hostport
    segments = [mask_piece(s) if s else s for s in path.split("/")] if slash else []
    return f"{scheme}://{netloc}" + (("/" + "/".join(segments)) if slash else "")


def url_secrets(url: str, label: str) -> set[str]:
    """Raw pieces of ``url`` for the log filter: the password, and every user name, path
    segment, query value or host token that ``label`` (the shown form of ``url``) hides and that
    looks like a token (8+ characters with a digit or mixed case, or 20+ characters; e-mail
    addresses excepted)."""
    if url == STDOUT:
        return set()
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return {p for p in _PIECES.split(url) if _token_like(p)}
    secrets = {unquote(password)} if password else set()
    pieces = [parts.username or "", *parts.path.split("/"), *(v for _, v in parse_qsl(parts.query))]
    secrets.update(v for k, v in parse_qsl(parts.query) if _SECRET_KEY.search(k) and len(v) >= 4)
    shown = set(_PIECES.split(label))
    hidden = set(_PIECES.split(url.split("?", 1)[0])) - shown
    for piece in [*pieces, *hidden]:
        for form in {piece, unquote(piece)}:
            if form not in shown and _token_like(form):
                secrets.add(form)
    return secrets


def _token_like(piece: str) -> bool:
    if "@" in unquote(piece) or len(piece) < 8:
        return False
    mixed = piece.lower() != piece and piece.upper() != piece
    return len(piece) >= 20 or mixed or any(c.isdigit() for c in piece)
