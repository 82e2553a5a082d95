"""Running a command as a whole process and measuring it: wall time, CPU time (user + system of
the process and all its descendants) and peak memory (the sum of the RSS of the whole process
tree, sampled every 20 ms, and the largest single process's peak).

Descendants that outlive the process or were never waited for by it (a multiprocessing
forkserver and its workers) are re-parented to this process, which is made a child subreaper,
and reaped here so their CPU time counts too.

Used by bench/peers.py; needs the ``bench`` extra (psutil).
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import psutil

SAMPLE_SECONDS = 0.02
PSS_EVERY = 5           # PSS is dearer to read (the kernel walks the page tables): every 0.1 s
PR_SET_CHILD_SUBREAPER = 36
ORPHAN_GRACE_SECONDS = 15.0


@dataclass(frozen=True)
class Usage:
    wall: float
    cpu: float              # user + system, the process and its reaped descendants
    tree_rss_mib: float     # peak of the sampled sum over the process tree
    max_rss_mib: float      # largest peak RSS of one process in the tree (getrusage ru_maxrss)
    returncode: int
    tree_pss_mib: float = 0.0   # peak of the sampled sum of PSS (shared pages divided among their users)


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and its descendants until stopped, and every
    PSS_EVERY samples their summed PSS (Linux): RSS counts a page shared by several processes
    (a forkserver and the workers forked from it) once in each, PSS divides it among them."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.pss_peak = 0
        self.seen: set[int] = set()
        self.done = threading.Event()

    def run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        samples = 0
        while not self.done.is_set():
            total = 0
            try:
                tree = [root, *root.children(recursive=True)]
                self.seen.update(p.pid for p in tree[1:])
                for proc in tree:
                    try:
                        total += proc.memory_info().rss
                    except psutil.NoSuchProcess:
                        pass
            except psutil.NoSuchProcess:
                return
            self.peak = max(self.peak, total)
            if samples % PSS_EVERY == 0:
                self.pss_peak = max(self.pss_peak, sum(_pss(p.pid) for p in tree))
            samples += 1
            self.done.wait(SAMPLE_SECONDS)


def _pss(pid: int) -> int:
    """Bytes of PSS of ``pid`` (0 when unknown: gone, or no /proc/<pid>/smaps_rollup)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def become_subreaper() -> None:
    """Orphaned descendants of our children become our children (Linux prctl)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def reap_orphans(pids: set[int]) -> tuple[float, int]:
    """Wait for descendants that were re-parented to us; their CPU seconds and largest peak RSS (KiB)."""
    cpu, maxrss = 0.0, 0
    deadline = time.monotonic() + ORPHAN_GRACE_SECONDS
    pending = set(pids)
    while pending and time.monotonic() < deadline:
        for pid in list(pending):
            try:
                done, _, usage = os.wait4(pid, os.WNOHANG)
            except ChildProcessError:   # not ours: reaped inside the tree, already counted
                pending.discard(pid)
                continue
            if done:
                cpu += usage.ru_utime + usage.ru_stime
                maxrss = max(maxrss, usage.ru_maxrss)
                pending.discard(pid)
        time.sleep(0.05)
    return cpu, maxrss


def run_measured(cmd: Sequence[str], *, cwd: Path, env: dict[str, str] | None = None,
                 log: Path | None = None) -> Usage:
    """Run ``cmd`` to completion; its stdout and stderr go to ``log`` (or are discarded)."""
    become_subreaper()
    out = open(log, "wb") if log else subprocess.DEVNULL
    try:
        started = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, rusage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        sampler.done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        orphan_cpu, orphan_rss = reap_orphans(sampler.seen)
    finally:
        if log:
            out.close()  # type: ignore[union-attr]
    return Usage(wall=wall, cpu=rusage.ru_utime + rusage.ru_stime + orphan_cpu, tree_rss_mib=sampler.peak / 2**20,
                 max_rss_mib=max(rusage.ru_maxrss, orphan_rss) / 1024, returncode=proc.returncode,
                 tree_pss_mib=sampler.pss_peak / 2**20)
