"""Shared fixtures: real local servers, a temporary project (config.toml + rules), the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from typing import Any, Iterator

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from servers import FeedServer, HttpSink, SmtpServer  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SHIPPED_RULES = REPO / "rules"
CORPUS = Path(os.environ.get("NEWSWATCH_CORPUS") or REPO.parent / "shared" / "corpus")


@pytest.fixture(scope="session")
def watchlist() -> Any:
    """The shipped rules (rules/), loaded once for the tests that match real headlines against them."""
    from watcher.ruleset import load_rules
    result = load_rules(SHIPPED_RULES)
    assert result.ok, [str(p) for p in result.problems]
    return result.ruleset


def fired(ruleset: Any, title: str, summary: str = "") -> set[str]:
    """The ids of the rules that match a headline and its summary."""
    from watcher.ruleset import Document
    return {m.rule_id for m in ruleset.match(Document(title, summary))}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", help="run slow soak/load tests")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow test: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _rule_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The compiled-rules and word-frequency prior caches of the tests' loads (and their CLI
    runs) in a folder of their own, never the user's ~/.cache/newswatch."""
    before = os.environ.get("NEWSWATCH_CACHE_DIR")
    os.environ["NEWSWATCH_CACHE_DIR"] = str(tmp_path_factory.mktemp("rule-cache"))
    yield
    if before is None:
        os.environ.pop("NEWSWATCH_CACHE_DIR", None)
    else:
        os.environ["NEWSWATCH_CACHE_DIR"] = before


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of this test's own (rules, prior, Apprise's verdicts), not the session's."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("NEWSWATCH_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def _no_apprise_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Apprise waits 5.5 s between e-mails from one plugin instance; tests must not."""
    from apprise.plugins.email import NotifyEmail
    from apprise.plugins.slack import NotifySlack
    monkeypatch.setattr(NotifyEmail, "request_rate_per_sec", 0)
    monkeypatch.setattr(NotifySlack, "request_rate_per_sec", 0)


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    yield server
    server.close()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    yield server
    server.close()


@pytest.fixture
def sink() -> Iterator[HttpSink]:
    server = HttpSink()
    yield server
    server.close()


class Project:
    """A temporary deployment: config.toml, a copy of the shipped rules, a database path."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.rules = root / "rules"
        shutil.copytree(SHIPPED_RULES, self.rules)
        self.config = root / "config.toml"
        self.db = root / "newswatch.db"

    def write(self, feeds: list[dict[str, Any]] | None = None, subscribers: list[dict[str, Any]] | None = None,
              extra: str = "", fetch: str = "", watch: str = "", delivery: str = "",
              http: str = 'listen = "127.0.0.1:0"') -> Path:
        fetch_defaults = {"allow_private_networks": "true", "timeout": '"10s"'}
        given = {line.split("=")[0].strip() for line in fetch.splitlines() if "=" in line}
        defaults = [f"{k} = {v}" for k, v in fetch_defaults.items() if k not in given]
        lines = ["[watch]", 'database = "sqlite:///newswatch.db"', 'rules = "rules"', watch,
                 "[fetch]", *defaults, fetch, "[delivery]", delivery]
        for feed in feeds or []:
            lines.append("[[feeds]]")
            lines.extend(f"{k} = {_toml(v)}" for k, v in feed.items())
        for sub in subscribers or []:
            lines.append("[[subscribers]]")
            lines.extend(f"{k} = {_toml(v)}" for k, v in sub.items())
        lines.append(extra)
        lines += ["[http]", http]      # last, so the lines above keep their numbers
        self.config.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return self.config

    def cli(self, *args: str, timeout: float = 120, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return run_cli(*args, "--config", str(self.config), cwd=self.root, timeout=timeout, env=env)


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


def cli_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("NEWSWATCH_CONFIG", None)
    extra = dict(extra or {})
    if "PYTHONPATH" in extra:
        env["PYTHONPATH"] = extra.pop("PYTHONPATH") + os.pathsep + env["PYTHONPATH"]
    env.update(extra)
    return env


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 120,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "watcher", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=cli_env(env))


def popen_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "watcher", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=cli_env(env))


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database per test, when NEWSWATCH_TEST_POSTGRES_URL is set."""
    base = os.environ.get("NEWSWATCH_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("PostgreSQL tests need NEWSWATCH_TEST_POSTGRES_URL (e.g. postgresql+psycopg://postgres@127.0.0.1/test)")
    from sqlalchemy import create_engine, text
    name = f"nw_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.rsplit("/", 1)[0] + "/" + name
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")
