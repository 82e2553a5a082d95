"""The `newswatch` command line. Owns exit codes (0 ok, 1 runtime failure, 2 config or rule
error) and everything printed for people; the commands live in the sibling modules."""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from typing import Callable, NoReturn, Sequence, TypeVar

from watcher import __version__
from watcher.cli.exits import EXIT_CONFIG, EXIT_RUNTIME, CommandError
from watcher.pipeline import codecache

T = TypeVar("T")
CONFIG_HELP = "config.toml (default: $NEWSWATCH_CONFIG or ./config.toml)"
_DELIVERY_STATUS_HELP = {
    "pending": "only deliveries waiting to be sent (first try or a retry)",
    "sending": "only deliveries a sender is sending now",
    "sent": "only deliveries sent",
    "dead": "only deliveries given up after their last try",
    "muted": "only deliveries a mute kept from being sent",
    "failed": "only deliveries that failed: pending and dead ones",
}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newswatch", description="News-watch alerting daemon.")
    p.add_argument("--version", action="version", version=f"newswatch {__version__}")
    p.add_argument("--config", metavar="PATH", help=CONFIG_HELP)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", default=argparse.SUPPRESS, metavar="PATH", help=CONFIG_HELP)
    sub = _Sub(p.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     help="newswatch COMMAND --help: what it does and its options"), common)
    _run_commands(sub)
    _rule_commands(sub)
    _feed_commands(sub)
    _inspect_commands(sub)
    _mute_commands(sub)
    _operator_commands(sub)
    return p


def _run_commands(sub: _Sub) -> None:
    """run, check."""
    run = sub.add_parser("run", help="run the daemon (foreground)")
    run.add_argument("--once", action="store_true", help="poll every feed once, deliver what is due, exit")
    run.add_argument("--all", action="store_true",
                     help="with --once: poll even the feeds backing off after errors or a Retry-After")
    run.add_argument("--log-level", choices=["debug", "info", "warning", "error"],
                     help="log this level and above (default: [watch] log_level)")

    sub.add_parser("check", help="validate config.toml and the rule files, run the rules' examples")


def _rule_commands(sub: _Sub) -> None:
    """test-rule, backfill."""
    tr = sub.add_parser("test-rule", help="dry-run rules over text, a feed, a JSONL file or stored entries")
    tr.add_argument("rule_ids", nargs="*", metavar="RULE_ID", help="only these rules (default: every enabled rule)")
    src = tr.add_mutually_exclusive_group(required=True)
    src.add_argument("--text", help="one entry with this title")
    src.add_argument("--feed", metavar="FILE_OR_URL", help="the entries of an RSS/Atom/JSON feed, a file or a URL")
    src.add_argument("--jsonl", metavar="FILE", help="one entry per line: title, summary, content, link, source")
    src.add_argument("--since", metavar="DURATION", help="stored entries first seen within DURATION, e.g. 7d")
    tr.add_argument("--json", action="store_true", help="one JSON line per input entry")
    tr.add_argument("--explain", action="store_true",
                    help="why each rule matched or not: with RULE_IDs the whole condition tree, "
                         "else the branch that matched or the first failure of each branch")

    bf = sub.add_parser("backfill", help="run one rule over stored entries and create real alerts")
    bf.add_argument("rule_id", metavar="RULE_ID", help="the rule to run")
    bf.add_argument("--since", required=True, metavar="DURATION", help="stored entries first seen within DURATION, e.g. 7d")


def _feed_commands(sub: _Sub) -> None:
    """feeds [import|export|discover]."""
    feeds = sub.add_parser("feeds", help="feed health; import/export OPML; discover feeds on a page")
    fsub = _Sub(feeds.add_subparsers(dest="action", metavar="ACTION",
                                              help="without one: the health of every feed"), sub.common)
    imp = fsub.add_parser("import", help="append the feeds of an OPML file to config.toml")
    imp.add_argument("file", metavar="FILE.opml", help="the OPML file (folders become tags)")
    fsub.add_parser("export", help="print the configured feeds as OPML")
    disc = fsub.add_parser("discover", help="find the feed links of an HTML page")
    disc.add_argument("url", metavar="URL", help="the page whose feed links to list")


def _inspect_commands(sub: _Sub) -> None:
    """What is stored: alerts, deliveries [retry], stories, rules."""
    al = sub.add_parser("alerts", help="recent alerts with their rule and subscribers")
    al.add_argument("--limit", type=_at_least_one, default=20, metavar="N", help="at most this many alerts (default 20)")
    al.add_argument("--rule", metavar="ID", help="only the alerts of this rule")

    dl = sub.add_parser("deliveries", help="the outbox: pending, sent, failed and dead deliveries")
    for status in ("pending", "sending", "sent", "dead", "muted", "failed"):   # DeliveryStatus, and failed
        dl.add_argument(f"--{status}", action="store_true", help=_DELIVERY_STATUS_HELP[status])
    dl.add_argument("--limit", type=_at_least_one, default=50, metavar="N", help="at most this many deliveries (default 50)")
    dsub = _Sub(dl.add_subparsers(dest="action", metavar="ACTION", help="without one: list the outbox"), sub.common)
    retry = dsub.add_parser("retry", help="send failed or dead deliveries again")
    retry.add_argument("ids", nargs="*", type=int, metavar="ID", help="delivery ids (from `newswatch deliveries`)")
    retry.add_argument("--dead", action="store_true", help="every dead delivery")

    st = sub.add_parser("stories", help="stored stories (entries, outlets, languages, alerts), or a dry run (--jsonl)")
    st.add_argument("--since", metavar="DURATION",
                    help="stories with entries first seen this recently (default: [stories] window)")
    st.add_argument("--rule", metavar="ID", help="only stories this rule alerted for")
    st.add_argument("--limit", type=_at_least_one, default=200, metavar="N", help="at most this many stories (default 200)")
    st.add_argument("--jsonl", metavar="FILE", help="dry run: one entry per line: title, summary, link, published, source, lang")
    st.add_argument("--json", action="store_true", help="one JSON line per story (per input entry with --jsonl)")
    st.add_argument("--explain", action="store_true", help="why each entry joined its story or began one")
    st.add_argument("--window", metavar="DURATION", help="override [stories] window (default 72h)")

    ru = sub.add_parser("rules", help="rule health: alerts per 24 h / 7 d / 30 d, last fired, share matched, noisy or silent")
    ru.add_argument("--json", action="store_true", help="one JSON line per rule")


def _mute_commands(sub: _Sub) -> None:
    """mute, mutes, unmute."""
    mu = sub.add_parser("mute", help="record but do not send the alerts of a rule, story or feed for a while")
    what = mu.add_mutually_exclusive_group(required=True)
    what.add_argument("--rule", metavar="ID", help="a rule id")
    what.add_argument("--story", metavar="S", help="a story number (from `newswatch stories` or `newswatch alerts`)")
    what.add_argument("--feed", metavar="ID", help="a feed id from config.toml")
    mu.add_argument("--for", dest="duration", required=True, metavar="DURATION", help="e.g. 2h, 3d")
    mu.add_argument("--comment", metavar="TEXT", help="why (shown by `newswatch mutes`)")
    mu.add_argument("--by", metavar="NAME", help="who (default: the OS user)")
    ms = sub.add_parser("mutes", help="active mutes: what, who, why, until")
    ms.add_argument("--all", action="store_true", help="also expired and ended mutes")
    ms.add_argument("--json", action="store_true", help="one JSON line per mute")
    um = sub.add_parser("unmute", help="end a mute now")
    um.add_argument("id", type=int, metavar="ID", help="the mute's id (from `newswatch mutes`)")
    um.add_argument("--by", metavar="NAME", help="who (default: the OS user)")


def _operator_commands(sub: _Sub) -> None:
    """notify-test, status."""
    nt = sub.add_parser("notify-test", help="send a sample alert through every URL of a subscriber")
    nt.add_argument("subscriber", metavar="SUBSCRIBER", help="a subscriber id from config.toml")

    st = sub.add_parser("status", help="is the daemon ready? (exit 0 ready, 1 not; asks its /readyz)")
    st.add_argument("--url", help="the daemon's HTTP server (default: from [http] listen)")
    st.add_argument("--json", action="store_true", help="print /readyz's JSON answer")


_HANDLERS = {
    "run": ("run", "cmd_run"), "check": ("run", "cmd_check"), "test-rule": ("testrule", "cmd_test_rule"),
    "backfill": ("testrule", "cmd_backfill"), "alerts": ("show", "cmd_alerts"),
    "deliveries": ("show", "cmd_deliveries"), "notify-test": ("show", "cmd_notify_test"),
    "status": ("status", "cmd_status"), "stories": ("stories", "cmd_stories"),
    "rules": ("rules", "cmd_rules"), "mute": ("mutes", "cmd_mute"), "mutes": ("mutes", "cmd_mutes"),
    "unmute": ("mutes", "cmd_unmute"),
}
_FEEDS = {"import": ("feedsio", "cmd_feeds_import"), "export": ("feedsio", "cmd_feeds_export"),
          "discover": ("feedsio", "cmd_feeds_discover")}


def _handler(args: argparse.Namespace) -> Callable[[argparse.Namespace], int]:
    """The command's function; only its module is imported (lazy-for-start-up)."""
    if args.command == "feeds":
        module, name = _FEEDS.get(args.action, ("show", "cmd_feeds"))
    else:
        module, name = _HANDLERS[args.command]
    return getattr(importlib.import_module(f"watcher.cli.{module}"), name)  # type: ignore[no-any-return]


def _at_least_one(text: str) -> int:
    """An argparse type: a whole number of at least 1 (``--limit -1`` is refused, exit 2)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1 (got {text!r})")
    return value


class _Sub:
    """add_parser that gives every (sub)command the --config option too."""

    def __init__(self, action: "argparse._SubParsersAction[argparse.ArgumentParser]", common: argparse.ArgumentParser) -> None:
        self.action = action
        self.common = common

    def add_parser(self, name: str, **kwargs: object) -> argparse.ArgumentParser:
        kwargs.setdefault("description", kwargs.get("help"))     # `newswatch check --help` says what check does
        return self.action.add_parser(name, parents=[self.common], **kwargs)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    codecache.install()     # dataclasses' methods compiled once across starts, before any command's imports
    args = build_parser().parse_args(argv)
    handler = _imported(_handler, args)
    try:
        return handler(args)
    except CommandError as e:
        sys.stdout.flush()      # what was printed comes before the error, also with 2>&1
        print(f"newswatch: {e}" if e.code != EXIT_CONFIG else str(e), file=sys.stderr)
        return e.code
    except KeyboardInterrupt:
        return EXIT_RUNTIME
    except Exception as e:  # noqa: BLE001 - the last line of defence prints, never a traceback wall
        # lazy-for-start-up: storage (SQLAlchemy) is loaded only by the commands that use it
        from storage import StorageError
        if isinstance(e, StorageError):
            print(f"newswatch: database: {e}", file=sys.stderr)
            return EXIT_RUNTIME
        raise


def console() -> NoReturn:
    """The ``newswatch`` console script and ``python -m watcher``: :func:`main`, then out of
    the process without the interpreter's teardown (watcher/cli/leave.py)."""
    from watcher.cli.leave import leave
    leave(main())


def _imported(find: Callable[[argparse.Namespace], T], args: argparse.Namespace) -> T:
    """``find(args)`` (the command's module and all it imports) with the cyclic collector off:
    importing makes objects that all live on (modules, classes, functions), and the collections
    they set off found nothing to free (~60 ms of the ~0.45 s of CPU `run` spends importing)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return find(args)
    finally:
        if enabled:
            gc.enable()


__all__ = ["main", "console", "build_parser"]
