"""`newswatch status`: the daemon's readiness on the terminal, for cron and ssh users (exit 0
ready, 1 not). It asks the running daemon's /readyz (``[http] listen``, or ``--url``) with the
configured token; with the server turned off it checks what it can from here: the database, the
rule files and the last poll recorded in the database."""

from __future__ import annotations

import argparse
import json
import urllib.error
import urllib.request
from datetime import datetime, timezone
from typing import Any

from watcher.cli.exits import EXIT_OK, EXIT_RUNTIME, CommandError
from watcher.cli.loading import get_config
from watcher.config import Config
from watcher.web.health import STALE_INTERVALS, Check, Facts, Readiness, decide, format_duration_seconds
from watcher.web.settings import parse_listen

ASK_SECONDS = 10.0


def cmd_status(args: argparse.Namespace) -> int:
    config = get_config(args.config, check_urls=False)
    listen = config.model.http.listen
    if args.url or listen:
        base = (args.url or parse_listen(listen).url).rstrip("/")
        answer = ask_daemon(base, config.http_token)
        where = f"newswatch at {base}"
    else:
        answer = local_readiness(config).to_json()
        where = "newswatch (the [http] server is off: checked from here)"
    print(json.dumps(answer, indent=1) if args.json else render(where, answer))
    return EXIT_OK if answer.get("status") == "ready" else EXIT_RUNTIME


def ask_daemon(base: str, token: str) -> dict[str, Any]:
    request = urllib.request.Request(base + "/readyz", headers={"Accept": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=ASK_SECONDS) as response:
            answer: dict[str, Any] = json.loads(response.read())
            return answer
    except urllib.error.HTTPError as e:
        if e.code == 503:
            failed: dict[str, Any] = json.loads(e.read())
            return failed
        raise CommandError(f"{base}/readyz answered HTTP {e.code} {e.reason}"
                           + (" (check [http] token)" if e.code == 401 else "")) from None
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise CommandError(f"the daemon does not answer at {base} ({reason}): is `newswatch run` running?") from None
    except ValueError:
        raise CommandError(f"{base}/readyz did not answer JSON: is that newswatch?") from None


def local_readiness(config: Config) -> Readiness:
    # lazy-for-start-up: only this command needs these
    from storage import StorageError, open_reader
    from watcher.pipeline import load_checked

    result, problems = load_checked(config.rules_dir, [f.id for f in config.feeds], config.feed_tags())
    error, last_poll = None, None
    store = open_reader(config.database_url)
    try:
        last_poll = max((s.last_polled_at for s in store.feed_states() if s.last_polled_at), default=None)
    except StorageError as e:
        error = str(e)
    finally:
        store.close()
    now = datetime.now(timezone.utc)
    facts = Facts(database_error=error, rules_loaded=0 if problems else len(result.ruleset.rules),
                  rules_version=result.ruleset.fingerprint[:12], rules_rejected=False,
                  check_age=(now - last_poll).total_seconds() if last_poll else 0.0, oldest_round=0.0,
                  poll_interval=config.watch.poll_interval.total_seconds(), workers_alive=None)
    checks = list(decide(facts).checks)
    checks[2] = _last_poll(facts, last_poll, error)
    checks[3] = Check("parse_workers", True, "not checked: only the running daemon knows (turn [http] on)")
    if problems:
        checks[1] = Check("rules", False, f"{len(problems)} problem(s) in the rule files; run `newswatch check`")
    return Readiness(tuple(checks))


def _last_poll(facts: Facts, last_poll: datetime | None, error: str | None) -> Check:
    if error:
        return Check("polling", False, "unknown: the database cannot be read")
    if last_poll is None:
        return Check("polling", False, "no feed has been polled yet: is `newswatch run` running?")
    limit = STALE_INTERVALS * facts.poll_interval
    if facts.check_age > limit:
        return Check("polling", False, f"the last poll was {format_duration_seconds(facts.check_age)} ago "
                                       f"(more than {STALE_INTERVALS} poll intervals): is `newswatch run` running?")
    return Check("polling", True, f"last poll {format_duration_seconds(facts.check_age)} ago")


def render(where: str, answer: dict[str, Any]) -> str:
    lines = [f"{where}: {answer.get('status', '?')}"]
    checks = answer.get("checks", [])
    width = max((len(c["name"]) for c in checks), default=0)
    lines.extend(f"  {'ok ' if check['ok'] else 'BAD'}  {check['name'].ljust(width)}  {check['detail']}"
                 for check in checks)
    return "\n".join(lines)
