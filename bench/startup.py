"""Start-up: how long `newswatch run --once` and `newswatch check` take before their first I/O.

    python bench/startup.py [--runs 3] [--feeds 20] [--importtime]

A local HTTP server (127.0.0.1, port 0) serves every configured feed; the time and the CPU time
(user + system, read with psutil while the request waits) of `newswatch run --once` when its
first feed request arrives are its start-up: interpreter, imports, config and rule validation
(the shipped rules and their examples), database open. `check` does no network I/O: its whole
run is measured. One unmeasured `run --once` first creates and migrates the database, as the
first start of a deployment does (and caches the byte code, as installing a package does); the
measured runs start on it as every later start does.
Medians of --runs. ``--importtime`` adds the ten slowest top-level imports of the daemon
(``python -X importtime``, cumulative). Needs the ``bench`` extra (psutil).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent


class FirstRequest(ThreadingHTTPServer):
    """Answers 304 to everything; remembers when the first request came and the CPU time the
    watched process had used by then."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pid: int | None = None
        self.first: tuple[float, float] | None = None
        self.lock = threading.Lock()

    def seen(self) -> None:
        with self.lock:
            if self.first is None and self.pid is not None:
                times = psutil.Process(self.pid).cpu_times()
                self.first = (time.perf_counter(), times.user + times.system)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FirstRequest

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        self.server.seen()
        self.send_response(304)
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", "0")
        self.end_headers()


def write_project(folder: Path, port: int, feeds: int) -> Path:
    shutil.copytree(ROOT / "rules", folder / "rules")
    lines = ["[watch]", 'database = "sqlite:///startup.db"', "[fetch]", "allow_private_networks = true"]
    for i in range(feeds):
        lines += ["[[feeds]]", f'id = "f{i}"', f'url = "http://127.0.0.1:{port}/feed/{i}.xml"']
    path = folder / "config.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def newswatch(*args: str) -> list[str]:
    return [sys.executable, "-m", "watcher", *args]


def env() -> dict[str, str]:
    """This environment, but with byte code cached as an installed package has it (a shell with
    PYTHONDONTWRITEBYTECODE set would compile every module of newswatch at every start)."""
    out = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out["PYTHONPATH"] = str(ROOT) + os.pathsep + out.get("PYTHONPATH", "")
    return out


def run_once(server: FirstRequest, config: Path) -> tuple[float, float]:
    """(wall, CPU) of `run --once` from its start to its first feed request."""
    server.first = None
    started = time.perf_counter()
    proc = subprocess.Popen(newswatch("run", "--once", "--config", str(config)), cwd=config.parent, env=env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    server.pid = proc.pid
    _, err = proc.communicate(timeout=300)
    if server.first is None:
        raise SystemExit(f"run --once made no request (exit {proc.returncode}):\n{err[-2000:]}")
    return server.first[0] - started, server.first[1]


def check(config: Path) -> tuple[float, float]:
    """(wall, CPU) of a whole `newswatch check`."""
    started = time.perf_counter()
    proc = psutil.Popen(newswatch("check", "--config", str(config)), cwd=config.parent, env=env(),
                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    cpu = 0.0
    while proc.poll() is None:    # the last reading before it exits
        try:
            times = proc.cpu_times()
            cpu = times.user + times.system
        except psutil.NoSuchProcess:
            break
        time.sleep(0.005)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"check failed: {proc.stderr.read().decode()[-2000:]}")   # type: ignore[union-attr]
    return wall, cpu


def slowest_imports(n: int = 10) -> list[tuple[str, float]]:
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import watcher.cli.run, watcher.daemon"],
                         capture_output=True, text=True, env=env(), cwd=ROOT, check=True)
    tops: dict[str, float] = {}
    for line in out.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)$", line)
        if m and "." not in m.group(3):
            tops[m.group(3)] = tops.get(m.group(3), 0) + int(m.group(1)) / 1e6
    return sorted(tops.items(), key=lambda kv: -kv[1])[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args()
    server = FirstRequest()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with tempfile.TemporaryDirectory(prefix="nw-startup-") as tmp:
            config = write_project(Path(tmp), server.server_address[1], args.feeds)
            run_once(server, config)          # creates and migrates the database (unmeasured)
            rows = {"run --once (to first request)": [run_once(server, config) for _ in range(args.runs)],
                    "check (whole run)": [check(config) for _ in range(args.runs)]}
    finally:
        server.shutdown()
    print(f"{args.feeds} feeds, the shipped rules; medians of {args.runs} (load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs)\n")
    print(f"{'command':<30} {'wall s':>7} {'CPU s':>7}")
    for name, runs in rows.items():
        print(f"{name:<30} {statistics.median(w for w, _ in runs):>7.2f} {statistics.median(c for _, c in runs):>7.2f}")
    if args.importtime:
        print("\nslowest top-level imports of `run` (python -X importtime, cumulative s):")
        for name, seconds in slowest_imports():
            print(f"  {name:<24} {seconds:.3f}")


if __name__ == "__main__":
    main()
