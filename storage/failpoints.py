"""Failpoints: named places where a test can make the process die with SIGKILL.

Set ``NEWSWATCH_FAILPOINT=<name>`` in a test's environment; when execution reaches that point
the process kills itself, exactly as a crash or ``kill -9`` would. Unset (always, in
production) a failpoint costs one string comparison.

Points: ``ingest-before-commit`` (inside the poll transaction, after every row is written),
``deliver-after-claim`` (deliveries leased, nothing sent), ``deliver-after-send`` (the
channel accepted the message, the row is not yet marked sent).
"""

from __future__ import annotations

import os
import signal

_ACTIVE = os.environ.get("NEWSWATCH_FAILPOINT", "")


def failpoint(name: str) -> None:
    if _ACTIVE and _ACTIVE == name:
        os.kill(os.getpid(), signal.SIGKILL)
