"""Work done in a child process so that what it leaves behind never stays in this one (issue 13).

Compiling the rule files (a cold rule cache) and building the word-frequency prior (a cold prior
cache) each allocate tens of MiB of short-lived objects: YAML documents and positions, every
intermediate of the compiler and the examples' matches; wordfreq's modules and lists, the
stemmed words. Freed, most of it stays in the process all the same (the allocators keep a page
while one object on it lives), and the daemon's cold cycle started ~50 MiB heavier than a start
from the caches. Here the work runs in a child that hands back its result as bytes (the rule set
pickled, the prior's flat tables) and exits: this process holds the result as a cache hit
would, nothing else.

- :func:`forked`: a fork of this process, when that is safe (no other thread runs: the child
  could inherit a lock one of them holds); the child runs the given function on the state it
  inherited (the rule loader's arguments, monkeypatches alike). :func:`fork_child` starts one
  without waiting (destinations.ask_apart: Apprise asked while the rules load).
- :func:`spawned`: a new interpreter (safe whatever threads run: the prior is built in a DB
  worker thread), given its input on stdin and answering on stdout.

Either returns None when the child could not answer (no fork, a failure, a crash, a timeout):
the caller then does the work itself, as before. Never a failure of its own.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from typing import Callable

log = logging.getLogger("newswatch")

SPAWN_TIMEOUT = 300.0      # seconds a spawned child may take (the prior: ~2 s)


def fork_child(work: Callable[[], bytes]) -> tuple[int, int] | None:
    """A forked child started on ``work()``, which writes its bytes to a pipe and exits (never
    returning into the caller's code): (pid, the pipe's read end), or None when forking is not
    safe here (another thread runs: the child could inherit a lock one of them holds) or fails.
    The caller reads the answer and reaps the child."""
    if threading.active_count() > 1 or not hasattr(os, "fork"):
        return None
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:   # the child: answer, never return into the caller's code
        status = 1
        try:
            os.close(read)
            data = work()
            with os.fdopen(write, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


def forked(work: Callable[[], bytes]) -> bytes | None:
    """``work()``'s bytes, computed in a forked child (:func:`fork_child`), waited for; None when
    forking is not safe here or the child did not answer."""
    child = fork_child(work)
    if child is None:
        return None
    pid, read = child
    data, status = b"", 1
    try:
        with os.fdopen(read, "rb") as source:
            data = source.read()
    finally:
        _, code = os.waitpid(pid, 0)
        status = os.waitstatus_to_exitcode(code)
    if status != 0:
        log.debug("a forked child exited %d; doing its work here", status)
        return None
    return data


def spawned(code: str, given: bytes, timeout: float = SPAWN_TIMEOUT) -> bytes | None:
    """What ``python -c code`` writes to stdout when ``given`` is its stdin, run with this
    process's ``sys.path``; None when it failed (non-zero exit, timeout, no interpreter)."""
    if not sys.executable:
        return None
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    try:
        done = subprocess.run([sys.executable, "-c", code], input=given, capture_output=True, env=env,
                              timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError) as e:
        log.debug("a child process could not run (%s); doing its work here", e)
        return None
    if done.returncode != 0:
        log.debug("a child process exited %d (%s); doing its work here", done.returncode,
                  done.stderr.decode(errors="replace").strip()[-300:])
        return None
    return done.stdout
