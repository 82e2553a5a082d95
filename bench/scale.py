"""Scale-out experiment (issue 14): N ``newswatch run`` daemons on one PostgreSQL database
against a changing feed farm, a recording webhook, and optional chaos.

    pip install -e '.[bench]'
    python bench/scale.py [--instances 3] [--feeds 300] [--duration 300] [--interval 1m]
                          [--chaos kill:60] [--chaos stop:90:30] [--latency 0]
    python bench/scale.py --instances 1,3 --latency 2 --concurrency 8   # slow farm: 1 vs 3

Per experiment (one per value of --instances, in order):
  1. a fresh database on --postgres (trust auth), dropped afterwards;
  2. the farm (bench/farm.py): --feeds feeds on 50 loopback hosts, a new item every
     60/--new-per-minute s on a random feed, every --match-every-th item written to match the
     shipped rules, initial items older than the backfill window (so they do not alert), and
     the ground-truth log; --latency delays every feed answer (a slow farm);
  3. the webhook sink (bench/sinks.py) with two subscribers, both wanting every rule:
     ``desk`` (answers at once) and ``slow`` (--slow-webhook SECONDS for every --slow-every-th POST),
     reached through Apprise ``json://``;
  4. N daemons with the same config (poll_interval --interval, adaptive off, --concurrency,
     --per-host), each with its own User-Agent and PostgreSQL application_name, started at
     once (--start together) or one after another's first poll (--start one-by-one); the
     window opens when all are started;
  5. --chaos kills (SIGKILL, restarted after --restart-after s) or pauses (SIGSTOP, SIGCONT
     after FOR s) a random running instance every EVERY s during the window, as long as
     another one keeps running (chaos tests failover, not a total outage);
  6. after --duration s the window closes; the daemons run --drain s more to deliver what was
     published in it, then get SIGTERM.

Prints (definitions in bench/scale_report.py): lost / once / duplicate per (item, subscriber),
delivery latency p50/p95, polls per feed per interval and the share of early and late re-polls,
each instance's share of polls (farm log, by User-Agent) and of sends (its log lines), its exits,
and the most database connections seen in pg_stat_activity. With several --instances values it
ends with feeds polled per minute side by side.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from farm import Farm, FarmSpec, Published  # noqa: E402
from farm_content import description  # noqa: E402
from scale_report import (InstanceLog, Outcome, Poll, PollStats, Post, delivery_outcome,  # noqa: E402
                          parse_instance_log, percentile, poll_stats)
from sinks import SinkProcess, read_webhook_log  # noqa: E402

SUBSCRIBERS = ("desk", "slow")
AGENT = "newswatch-bench-i{k}"


@dataclass
class Instance:
    """One daemon process, restartable; its log collects every run."""

    index: int
    config: Path
    log: Path
    proc: subprocess.Popen[bytes] | None = None
    exits: list[str] = field(default_factory=list)
    stopped: bool = False

    def start(self) -> None:
        out = open(self.log, "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "watcher", "--config", str(self.config), "run"],
                                     cwd=self.config.parent, stdout=out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        out.close()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def signal(self, sig: signal.Signals) -> None:
        if self.alive():
            assert self.proc is not None
            self.proc.send_signal(sig)

    def note_exit(self, why: str) -> None:
        assert self.proc is not None
        self.exits.append(f"{why}: exit {self.proc.wait()}")


@dataclass(frozen=True)
class Chaos:
    action: str        # kill | stop
    every: float
    hold: float = 0.0  # stop: seconds before SIGCONT

    @classmethod
    def parse(cls, text: str) -> "Chaos":
        parts = text.split(":")
        if parts[0] == "kill" and len(parts) == 2:
            return cls("kill", float(parts[1]))
        if parts[0] == "stop" and len(parts) == 3:
            return cls("stop", float(parts[1]), float(parts[2]))
        raise argparse.ArgumentTypeError(f"expected kill:EVERY or stop:EVERY:FOR, got {text!r}")


# -- set-up -----------------------------------------------------------------------------------

def create_database(base: str, name: str) -> str:
    with psycopg.connect(_libpq(base, "postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base.rstrip('/')}/{name}"


def drop_database(base: str, name: str) -> None:
    with psycopg.connect(_libpq(base, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _libpq(base: str, db: str) -> str:
    return base.replace("postgresql+psycopg://", "postgresql://").rstrip("/") + f"/{db}"


def write_configs(work: Path, args: argparse.Namespace, n: int, db_url: str, urls: list[str], sink_port: int) -> list[Path]:
    """One config.toml per instance: identical but for its User-Agent and application_name."""
    if not (work / "rules").exists():
        shutil.copytree(ROOT / "rules", work / "rules")
    feeds = [line for i, url in enumerate(urls) for line in ("[[feeds]]", f'id = "f{i}"', f'url = "{url}"')]
    subs = [line for sub in SUBSCRIBERS for line in
            ("[[subscribers]]", f'id = "{sub}"', f'urls = ["json://127.0.0.1:{sink_port}/{sub}"]')]
    paths = []
    for k in range(n):
        lines = ["[watch]", f'database = "{db_url}?application_name=nw-i{k}"', f'poll_interval = "{args.interval}s"',
                 "adaptive = false", "[fetch]", "allow_private_networks = true", f"concurrency = {args.concurrency}",
                 f"per_host = {args.per_host}", f'user_agent = "{AGENT.format(k=k)}"',
                 "[http]", 'listen = ""', *feeds, *subs]   # no status server: N instances, one machine
        path = work / f"instance{k}.toml"
        path.write_text("\n".join(lines) + "\n")
        paths.append(path)
    return paths


def matched_items(published: list[Published], start: float, end: float, work: Path) -> tuple[dict[str, float], int]:
    """guid -> publication time of the window's items that the shipped rules match, and how many
    of them disagree with the farm's design (should be 0)."""
    from watcher.pipeline import load_checked
    from watcher.ruleset import Document
    result, problems = load_checked(work / "rules", ["f0"], [])
    assert not problems, problems[:3]
    items, disagree = {}, 0
    for p in published:
        if p.initial or not start <= p.t <= end:
            continue
        number = int(p.guid.split("-")[1])
        hit = bool(result.ruleset.match(Document(p.title, description(number), ""), f"f{p.feed}", ()))
        disagree += hit != p.designed_match
        if hit:
            items[p.guid] = p.t
    return items, disagree


# -- running ----------------------------------------------------------------------------------

class Monitor:
    """Once a second: database connections, chaos, and instances that exited on their own."""

    def __init__(self, instances: list[Instance], chaos: list[Chaos], args: argparse.Namespace,
                 db_name: str, rng: random.Random) -> None:
        self.instances = instances
        self.chaos = chaos
        self.args = args
        self.db_name = db_name
        self.rng = rng
        self.max_connections = 0
        self.max_by_app: dict[str, int] = {}
        self.events: list[str] = []
        self.pending: list[tuple[float, Instance, str]] = []   # (when, instance, "restart" | "cont")
        self.next_chaos = {c: c.every for c in chaos}

    def tick(self, elapsed: float, window_open: bool, conn: Any) -> None:
        self._connections(conn)
        for when, inst, what in [p for p in self.pending if p[0] <= elapsed]:
            self.pending.remove((when, inst, what))
            if what == "restart":
                inst.start()
            else:
                inst.signal(signal.SIGCONT)
                inst.stopped = False
            self.events.append(f"{elapsed:6.0f}s {what} instance {inst.index}")
        for inst in self.instances:
            if inst.proc is not None and inst.proc.poll() is not None and not any(p[1] is inst for p in self.pending):
                inst.note_exit(f"{elapsed:.0f}s exited by itself")
                inst.proc = None
                self.events.append(f"{elapsed:6.0f}s instance {inst.index} exited: {inst.exits[-1]}")
        if window_open:
            self._chaos(elapsed)

    def _connections(self, conn: Any) -> None:
        rows = conn.execute("SELECT application_name, count(*) FROM pg_stat_activity WHERE datname = %s "
                            "GROUP BY application_name", (self.db_name,)).fetchall()
        self.max_connections = max(self.max_connections, sum(n for _, n in rows))
        for app, n in rows:
            self.max_by_app[app] = max(self.max_by_app.get(app, 0), n)

    def _chaos(self, elapsed: float) -> None:
        for chaos, due in self.next_chaos.items():
            victims = [i for i in self.instances if i.alive() and not i.stopped]
            if elapsed < due or len(victims) < 2:
                continue
            self.next_chaos[chaos] = due + chaos.every
            inst = self.rng.choice(victims)
            if chaos.action == "kill":
                inst.signal(signal.SIGKILL)
                inst.note_exit(f"{elapsed:.0f}s SIGKILL")
                self.pending.append((elapsed + self.args.restart_after, inst, "restart"))
            else:
                inst.signal(signal.SIGSTOP)
                inst.stopped = True
                self.pending.append((elapsed + chaos.hold, inst, "cont"))
            self.events.append(f"{elapsed:6.0f}s {chaos.action} instance {inst.index}")


def start_instances(instances: list[Instance], args: argparse.Namespace, farm: Farm) -> None:
    """All at once (--start together), or each after the previous one's first poll reached the
    farm (--start one-by-one: the database is prepared by the first, the others find it ready)."""
    for inst in instances:
        inst.start()
        if args.start == "one-by-one":
            agent = AGENT.format(k=inst.index)
            deadline = time.time() + 180
            while not any(r.agent == agent for r in farm.requests()):
                if time.time() > deadline or not inst.alive():
                    raise RuntimeError(f"instance {inst.index} did not poll (see {inst.log})")
                time.sleep(0.5)


def run_instances(instances: list[Instance], args: argparse.Namespace, db_name: str, farm: Farm) -> tuple[float, Monitor]:
    """Start, watch, stop. Returns the window start (epoch seconds) and the monitor's findings."""
    monitor = Monitor(instances, args.chaos, args, db_name, random.Random(args.seed))
    with psycopg.connect(_libpq(args.postgres, "postgres"), autocommit=True) as conn:
        start_instances(instances, args, farm)
        start = time.time()
        end = start + args.duration
        while time.time() < end + args.drain:
            monitor.tick(time.time() - start, time.time() < end, conn)
            time.sleep(1.0)
        stop_all(instances)
    return start, monitor


def stop_all(instances: list[Instance]) -> None:
    for inst in instances:
        inst.signal(signal.SIGCONT)
        inst.signal(signal.SIGTERM)
    deadline = time.time() + 30
    for inst in instances:
        if inst.proc is None:
            continue
        try:
            inst.proc.wait(max(0.1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            inst.proc.kill()
        inst.note_exit("SIGTERM at the end")


# -- one experiment ---------------------------------------------------------------------------

@dataclass
class Result:
    n: int
    outcome: Outcome
    polls: PollStats
    logs: list[InstanceLog]
    monitor: Monitor
    instances: list[Instance]
    disagree: int


def experiment(args: argparse.Namespace, n: int, work: Path) -> Result:
    work.mkdir(parents=True)
    name = f"nw_scale_{os.getpid()}_{n}"
    db_url = create_database(args.postgres, name)
    spec = FarmSpec(feeds=args.feeds, entries=args.entries, hosts=args.hosts, new_per_minute=args.new_per_minute,
                    match_every=args.match_every, latency=args.latency, backlog_age_hours=48, seed=args.seed,
                    workers=args.farm_workers)
    delay = [f"--delay=slow:{args.slow_webhook}:{args.slow_every}"] if args.slow_webhook else []
    try:
        with Farm(spec, work, truth=True, requests=True) as farm, \
                SinkProcess(["webhook", f"--log={work / 'webhook.jsonl'}", *delay]) as sink:
            configs = write_configs(work, args, n, db_url, farm.urls(), sink.port)
            instances = [Instance(k, c, work / f"instance{k}.log") for k, c in enumerate(configs)]
            start, monitor = run_instances(instances, args, name, farm)
            published, requests = farm.published(), farm.requests()
        return analyse(args, n, work, start, published, requests, instances, monitor)
    finally:
        drop_database(args.postgres, name)


def analyse(args: argparse.Namespace, n: int, work: Path, start: float, published: list[Published],
            requests: list[Any], instances: list[Instance], monitor: Monitor) -> Result:
    end = start + args.duration
    items, disagree = matched_items(published, start, end, work)
    posts = [Post(p["t"], p["path"], p["key"], tuple(p["guids"])) for p in read_webhook_log(work / "webhook.jsonl")]
    outcome = delivery_outcome(items, SUBSCRIBERS, posts, until=end + args.drain)
    polls = poll_stats([Poll(r.t, r.feed, r.status, r.agent) for r in requests], args.feeds, start, end, args.interval)
    logs = [parse_instance_log(i.log.read_text(errors="replace")) for i in instances]
    return Result(n, outcome, polls, logs, monitor, instances, disagree)


# -- the tables -------------------------------------------------------------------------------

def print_result(args: argparse.Namespace, r: Result) -> None:
    o, p = r.outcome, r.polls
    print(f"\n== {r.n} instance(s): {args.feeds} feeds, interval {args.interval:g}s, {args.duration:g}s window "
          f"+ {args.drain:g}s drain, farm latency {args.latency:g}s, start {args.start}, "
          f"chaos {[c.action for c in args.chaos] or 'none'}")
    print(f"\ncounted items: {o.pairs // len(SUBSCRIBERS)} matched items published in the "
          f"window (rules vs farm design disagree on {r.disagree}); pairs = items x {len(SUBSCRIBERS)} subscribers")
    print(f"{'pairs':>7} {'lost':>6} {'once':>7} {'duplicate':>9} {'same key':>8} {'extra copies':>12} "
          f"{'latency p50 s':>13} {'p95 s':>7}")
    print(f"{o.pairs:>7} {o.lost:>6} {o.once:>7} {o.duplicate:>9} {o.duplicate_same_key:>8} {o.extra_copies:>12} "
          f"{percentile(o.latencies, 0.5):>13.1f} {percentile(o.latencies, 0.95):>7.1f}")
    if o.lost_examples:
        print(f"lost, e.g.: {', '.join(o.lost_examples)}")
    print(f"\npolls in the window: {p.polls} ({p.per_minute:.0f}/min), {p.per_feed_per_interval:.2f} per feed per "
          f"interval; gaps < interval/2: {p.early:.1%}, > 1.5 intervals: {p.late:.1%}, longest {p.max_gap:.0f}s")
    print_instances(r)


def print_instances(r: Result) -> None:
    total_polls = max(1, r.polls.polls)
    total_rows = max(1, sum(log.rows for log in r.logs))
    print(f"\n{'instance':>8} {'polls':>6} {'share':>6} {'messages':>8} {'deliveries':>10} {'share':>6} "
          f"{'retries':>7} {'max conns':>9}  exits")
    for inst, log in zip(r.instances, r.logs):
        polls = r.polls.by_agent.get(AGENT.format(k=inst.index), 0)
        conns = r.monitor.max_by_app.get(f"nw-i{inst.index}", 0)
        print(f"{inst.index:>8} {polls:>6} {polls / total_polls:>6.1%} {log.messages:>8} {log.rows:>10} "
              f"{log.rows / total_rows:>6.1%} {log.retries:>7} {conns:>9}  {'; '.join(inst.exits) or '-'}")
        for line in log.errors:
            print(f"{'':>10}{line}")
    print(f"\nmost database connections at once: {r.monitor.max_connections}")
    for event in r.monitor.events:
        print(f"  {event}")


def print_comparison(results: list[Result]) -> None:
    base = results[0].polls.per_minute or 1.0
    print(f"\n{'instances':>9} {'feeds polled/min':>16} {'vs first':>8} {'lost':>5} {'duplicate':>9}")
    for r in results:
        print(f"{r.n:>9} {r.polls.per_minute:>16.0f} {r.polls.per_minute / base:>7.2f}x {r.outcome.lost:>5} "
              f"{r.outcome.duplicate:>9}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instances", default="3", help="comma-separated: one experiment per value")
    parser.add_argument("--feeds", type=int, default=300)
    parser.add_argument("--entries", type=int, default=20)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--new-per-minute", type=float, default=60.0, help="items published per minute (whole farm)")
    parser.add_argument("--match-every", type=int, default=5, help="every n-th item matches the rules")
    parser.add_argument("--latency", type=float, default=0.0, help="farm: seconds before every feed answer")
    parser.add_argument("--farm-workers", type=int, default=1)
    parser.add_argument("--interval", type=float, default=60.0, help="poll_interval of every feed, seconds")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--per-host", type=int, default=2)
    parser.add_argument("--duration", type=float, default=300.0, help="the window, seconds")
    parser.add_argument("--drain", type=float, default=120.0, help="seconds after the window to deliver")
    parser.add_argument("--start", choices=("together", "one-by-one"), default="together",
                        help="start every daemon at once, or each after the previous one's first poll")
    parser.add_argument("--slow-webhook", type=float, default=10.0, help="seconds the 'slow' subscriber takes")
    parser.add_argument("--slow-every", type=int, default=1, help="every n-th POST to 'slow' is slow")
    parser.add_argument("--chaos", type=Chaos.parse, action="append", default=[], help="kill:EVERY | stop:EVERY:FOR")
    parser.add_argument("--restart-after", type=float, default=5.0, help="seconds before a killed instance restarts")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs) and print its path")
    args = parser.parse_args()
    args.instances = [int(n) for n in args.instances.split(",")]
    return args


def main() -> None:
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="nw-scale-"))
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; work folder {work}", flush=True)
    try:
        results = []
        for n in args.instances:
            results.append(experiment(args, n, work / f"n{n}-{len(results)}"))
            print_result(args, results[-1])
        if len(results) > 1:
            print_comparison(results)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
