"""Start-up: what a command does not need is not loaded, and nothing starts before it is needed
(issue 13: `run --once` and `check` start quickly; the parse pool starts only for a body)."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys

import pytest
from conftest import REPO
from feeds import Item, rss
from harness import Clock, Harness, run
from servers import Route

HEAVY = ("apprise", "alembic", "jinja2")


def loaded_after(code: str, names: tuple[str, ...]) -> list[str]:
    """Which of ``names`` are in sys.modules after running ``code`` in a fresh interpreter."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps([n for n in {list(names)!r} if n in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_importing_the_cli_loads_no_apprise_alembic_or_jinja2():
    assert loaded_after("import watcher.cli", HEAVY) == []
    # the probe does see a library once something imports it
    assert loaded_after("import watcher.cli, jinja2, apprise", HEAVY) == ["apprise", "jinja2"]


def test_check_loads_neither_the_story_tables_nor_the_daemon_stack():
    names = ("wordfreq", "sqlalchemy", "aiohttp", "feedparser", *HEAVY)
    assert loaded_after("import watcher.cli.run, watcher.cli.loading", names) == []


def test_the_database_check_begins_before_the_daemon_stack_is_loaded():
    """`run` begins the SQLite file's quick check (watcher.preflight, in a thread) as soon as
    config.toml is read: importing what starts it loads neither SQLAlchemy nor aiohttp, so the
    check runs while the main thread imports them (~0.05 s less start-up on a 66 MB database)."""
    assert loaded_after("import watcher.preflight", ("sqlalchemy", "aiohttp", "storage")) == []


def test_pyyaml_loads_only_when_a_rule_file_is_read(project):
    """The rule engine's modules (and the daemon stack) need the YAML document types, not PyYAML
    (~11 ms of every start): it loads when a rule file is read, so not when the rules come from
    the cache."""
    names = ("yaml",)
    assert loaded_after("import watcher.cli.run, watcher.cli.loading, watcher.daemon, storage, watcher.ruleset, "
                        "watcher.pipeline.rulecache", names) == []
    read = f"from watcher.ruleset import load_rules\nload_rules(__import__('pathlib').Path({str(project.rules)!r}))"
    assert loaded_after(read, names) == ["yaml"]


def test_a_start_from_the_rule_cache_loads_no_rule_loader_schema_or_compiler(project):
    """A cache hit unpickles the matcher's types only: the loader, the rule schema (pydantic
    models), the compiler and re2 (the conditions' regexes, unpacked at the first match) stay
    unloaded (~10 ms of imports)."""
    project.write(feeds=[{"id": "diario-hn", "url": "http://127.0.0.1:1/feed", "tags": ["honduras", "es"]}])
    names = ("watcher.ruleset.loader", "watcher.ruleset.spec", "watcher.ruleset.compile", "re2")
    load = ("from watcher.config import check_config\nfrom watcher.pipeline.rules import load_checked\n"
            f"c, _ = check_config({str(project.config)!r})\n"
            "r, p = load_checked(c.rules_dir, c.feed_refs, c.feed_tags(), config=c)\nassert not p\n")
    # the files read and compiled in a child (watcher/apart.py), the cache filled
    assert loaded_after(load, names) == []
    here = load.replace("load_checked(c.rules_dir, c.feed_refs, c.feed_tags(), config=c)",
                        "_load_here(c.rules_dir, tuple(c.feed_refs), tuple(c.feed_tags()), c.base_dir)") \
        .replace("import load_checked", "import _load_here")
    assert loaded_after(here, names) == list(names)      # the probe sees them when they load here
    assert loaded_after(load + "assert r.ruleset.packed", names) == []
    assert loaded_after(load + "r.ruleset.unpack()", names) == ["re2"]


def test_the_daemon_stack_loads_no_orm_and_no_postgresql_dialect():
    """`run` needs SQLAlchemy Core only: the tables are Core tables (SQLModel and the ORM under it were
    ~0.1 s of every start), the PostgreSQL dialect loads with a PostgreSQL database."""
    names = ("sqlmodel", "sqlalchemy.orm", "sqlalchemy.dialects.postgresql", *HEAVY)
    assert loaded_after("import watcher.cli.run, watcher.daemon, storage", names) == []
    assert loaded_after("import storage, sqlalchemy.orm", names) == ["sqlalchemy.orm"]


def test_the_daemon_stack_loads_prometheus_client_only_for_a_scrape():
    """Metrics are counted in plain numbers; prometheus_client (~0.06 s of imports) loads when
    /metrics is first scraped, so `run --once` never loads it (test_http checks the exposition)."""
    names = ("prometheus_client",)
    assert loaded_after("import watcher.cli.run, watcher.daemon, storage", names) == []
    scrape = "from watcher.metrics import Metrics, Live\nMetrics().exposition(Live())"
    assert loaded_after(scrape, names) == ["prometheus_client"]


def test_the_daemon_stack_reads_no_ca_bundle_for_aiohttps_unused_default_contexts():
    """aiohttp builds two default TLS contexts at import, each reading the system's CA bundle
    (~40 ms of every start); newswatch never uses them (its connector has the FeedClient's own
    context: test_fetching checks it trusts certifi's CAs). Imported through watcher.fetch they
    hold no CA and still require verification (fail closed), and the process's own default
    contexts are untouched afterwards."""
    code = ("import ssl, json, watcher.daemon, aiohttp.connector as c\n"
            "v, u = c._SSL_CONTEXT_VERIFIED, c._SSL_CONTEXT_UNVERIFIED\n"
            "print(json.dumps([v.cert_store_stats()['x509_ca'], v.verify_mode == ssl.CERT_REQUIRED,\n"
            "                  v.check_hostname, u.cert_store_stats()['x509_ca'],\n"
            "                  ssl.SSLContext.load_default_certs.__qualname__,\n"
            "                  'set_default_verify_paths' in ssl.SSLContext.__dict__]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [0, True, True, 0, "SSLContext.load_default_certs", False]


def test_run_validates_destinations_in_a_child_and_gets_apprises_own_answers(project):
    """`run` asks Apprise about the destination URLs in a forked child while it validates the
    rules: the same problems and labels as Apprise gives in-process, and Apprise is not loaded
    in the daemon until it sends."""
    good, bad = "mailto://desk:s3cretpw@mail.example.org?to=desk@example.org", "nosuchscheme://host/x"
    project.write(subscribers=[{"id": "desk", "urls": [good]}, {"id": "other", "urls": [bad]}])
    code = (f"from watcher.cli.loading import validate\nfrom watcher import destinations as d\n"
            f"config, rules, problems = validate({str(project.config)!r})\n"
            f"import sys\napart = 'apprise' in sys.modules\n"
            f"labels = [d.privacy_url(u) for u in ({good!r}, {bad!r})]\n"
            f"d._verdicts.clear()\n"
            f"own = [d.privacy_url(u) for u in ({good!r}, {bad!r})]\n"
            f"import json\nprint(json.dumps([[str(p) for p in problems], apart, labels, own]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    problems, loaded, labels, own = json.loads(out.stdout.strip().splitlines()[-1])
    assert len(problems) == 1 and "not a valid Apprise URL (nosuchscheme://" in problems[0], problems
    assert problems[0].startswith(f"{project.config}:"), "located in config.toml as before"
    assert loaded is False, "the verdicts came from the child"
    assert labels == own, "the child's answers are Apprise's own"
    assert "s3cretpw" not in labels[0] and labels[1] == "nosuchscheme://****"


def test_a_start_with_the_destinations_of_the_last_one_asks_apprise_nothing(project, tmp_path):
    """Apprise's verdicts are cached across starts (watcher/pipeline/verdictcache.py): the next
    `run`/`check` with the same URLs forks no child and loads no Apprise, and reports the same
    problems and labels; the cache never holds a URL or its secret; a new URL is asked."""
    good, bad = "mailto://desk:s3cretpw@mail.example.org?to=desk@example.org", "nosuchscheme://host/x"
    project.write(subscribers=[{"id": "desk", "urls": [good]}, {"id": "other", "urls": [bad]}])
    env = {**os.environ, "NEWSWATCH_CACHE_DIR": str(tmp_path / "cache")}
    code = (f"import os, sys, json\nforks = []\nfork = os.fork\n"
            # Apprise's child only, forked by apart.fork_child for ask_apart (a cold rule cache forks one
            # of its own through apart.forked)
            f"os.fork = lambda: (sys._getframe(2).f_code.co_name == 'ask_apart' and forks.append(1)) or fork()\n"
            f"from watcher.cli.loading import validate\nfrom watcher import destinations as d\n"
            f"config, rules, problems = validate({str(project.config)!r})\n"
            f"labels = [d.privacy_url(u) for u in ({good!r}, {bad!r})]\n"
            f"print(json.dumps([[str(p) for p in problems], labels, len(forks), 'apprise' in sys.modules]))")

    def start() -> list:
        out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120, env=env)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout.strip().splitlines()[-1])

    first, second = start(), start()
    assert first[2] == 1 and second[2] == 0, "the first start asks in a child, the next one asks nobody"
    assert second[3] is False, "Apprise is not loaded"
    assert second[:2] == first[:2], "the same problems and labels"
    assert len(second[0]) == 1 and "not a valid Apprise URL (nosuchscheme://" in second[0][0]
    [cached] = (tmp_path / "cache").glob("verdicts-*.json")
    assert oct(cached.stat().st_mode & 0o777) == "0o600"
    text = cached.read_text()
    assert "s3cretpw" not in text and good not in text and bad not in text, "URLs are kept as hashes"
    assert "mailto://desk:****@mail.example.org/" in text, "beside them Apprise's masked form, as logs show it"
    project.write(subscribers=[{"id": "desk", "urls": [good.replace("desk@", "team@")]}, {"id": "other", "urls": [bad]}])
    assert start()[2] == 1, "a URL the cache does not know is asked"


def test_the_daemon_stack_loads_the_story_engine_and_deciding_only_for_a_body():
    """A cycle of 304s decides nothing: deciding and the story engine (~20 ms of imports) load
    with the first body to record (test_run_once: a 200 among 304s still decides and alerts)."""
    names = ("watcher.pipeline.decide", "watcher.pipeline.entrywork", "watcher.stories.index",
             "watcher.stories.features")
    assert loaded_after("import watcher.cli.run, watcher.cli.loading, watcher.daemon, storage", names) == []
    assert loaded_after("import watcher.daemon, watcher.stories as s\ns.StoryIndex", names) == [
        "watcher.stories.index", "watcher.stories.features"]


def test_alembic_runs_only_when_the_schema_needs_upgrading_and_never_in_the_daemon(tmp_path):
    url = f"sqlite:///{tmp_path / 'nw.db'}"
    code = f"from storage import open_store\nopen_store({url!r}).close()"
    # a new database is upgraded by a child process (storage.engine.upgrade_apart)
    assert loaded_after(code, ("alembic",)) == [], "a new database is migrated without Alembic here"
    assert loaded_after(code, ("alembic",)) == [], "a database at the newest revision is opened without Alembic"


def parse_workers() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name == "newswatch-parse"]


def test_a_cycle_of_304s_never_starts_the_parse_pool(project, feed_server):
    feed_server.routes["/f.xml"] = Route(rss([Item("Honduras extradita a un exjefe policial", "https://hn.example/a",
                                                   "a")]), etag='"v1"')
    project.write(feeds=[{"id": "f", "url": feed_server.url("/f.xml")}])
    clock = Clock()

    async def one_run() -> tuple[str, bool]:
        async with Harness(project.config, clock) as h:
            (report,) = await h.poll_all()
            return report.status, bool(parse_workers())

    assert run(one_run()) == ("new", True), "a changed body is parsed in a worker"
    assert parse_workers() == []
    assert run(one_run()) == ("not-modified", False), "a 304 needs no parser"
    assert feed_server.requests[-1].headers.get("if-none-match") == '"v1"'


def test_the_daemon_runs_on_uvloop_when_installed_unless_told_not_to():
    import os

    import pytest
    pytest.importorskip("uvloop")
    code = ("import asyncio\nfrom watcher.cli.run import run_loop\n"
            "async def kind():\n    return type(asyncio.get_running_loop()).__module__\n"
            "print(run_loop(kind()))")

    def loop_module(**env: str) -> str:
        out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120,
                             env={**os.environ, **env})
        assert out.returncode == 0, out.stderr
        return out.stdout.strip()

    assert loop_module().startswith("uvloop")
    assert loop_module(NEWSWATCH_UVLOOP="0") == "asyncio.unix_events"


def test_a_command_is_imported_with_the_cyclic_collector_off_and_runs_with_it_on():
    import gc

    from watcher.cli import _imported
    assert gc.isenabled()
    assert _imported(lambda args: gc.isenabled(), None) is False, "no collection while the modules load"
    assert gc.isenabled(), "the command itself runs as it did (run tunes the collector itself)"
    with pytest.raises(ZeroDivisionError):
        _imported(lambda args: 1 / 0, None)
    assert gc.isenabled()
