"""aiohttp, imported without reading the system's CA bundle for contexts newswatch never uses.

aiohttp builds two default TLS contexts when it is first imported, one trusting the system's CAs
(``ssl.create_default_context()``) and one that verifies nothing; each reads the CA bundle
(~40 ms of a ``run --once`` that takes ~0.5 s to its first request). newswatch never uses them:
its one connector gets the FeedClient's own context, which trusts certifi's CAs from the first
https URL (watcher.fetch.client). Imported through here, aiohttp builds both with no CA loaded,
so anything that did use its default would fail verification: never trust more than before.
Only while this is the process's one thread (the patch is process-wide for the import's
duration); otherwise aiohttp is imported as it is."""

from __future__ import annotations

import ssl
import sys
import threading


def import_aiohttp() -> None:
    if "aiohttp.connector" in sys.modules or threading.active_count() > 1:
        return
    context = ssl.SSLContext
    saved = context.__dict__.get("set_default_verify_paths"), context.__dict__.get("load_default_certs")
    context.set_default_verify_paths = _no_cas            # type: ignore[method-assign]
    context.load_default_certs = _no_cas                  # type: ignore[method-assign,assignment]
    try:
        import aiohttp.connector  # noqa: F401
    finally:
        for name, value in zip(("set_default_verify_paths", "load_default_certs"), saved, strict=True):
            if value is None:
                delattr(context, name)
            else:
                setattr(context, name, value)


def _no_cas(self: ssl.SSLContext, *args: object) -> None:
    return None


import_aiohttp()
