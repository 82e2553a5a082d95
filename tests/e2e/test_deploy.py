"""The files in deploy/ are checked, not quoted: the systemd unit by systemd-analyze, the
Containerfile and compose.yaml by what they must contain and the configs they ship, the
Prometheus rules by a PromQL parser (and promtool when present) against real /metrics output."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
import yaml

from conftest import REPO
from desk import running_desk
from watcher.config import load_config
from watcher.destinations import check_destinations
from watcher.web.settings import parse_listen

DEPLOY = REPO / "deploy"
TOKEN_ENV = {"NEWSWATCH_HTTP_TOKEN": "0123456789abcdef0123", "SMTP_PASSWORD": ""}


def _unit_for_here(tmp_path: Path) -> Path:
    """The unit with ExecStart pointing at this venv's newswatch (verify checks it exists)."""
    here = Path(sys.executable).parent / "newswatch"
    unit = tmp_path / "newswatch.service"
    unit.write_text((DEPLOY / "newswatch.service").read_text().replace("/opt/newswatch/bin/newswatch", str(here)))
    return unit


def test_the_systemd_unit_verifies_and_is_hardened(tmp_path):
    text = (DEPLOY / "newswatch.service").read_text()
    for directive in ("DynamicUser=yes", "StateDirectory=newswatch", "CacheDirectory=newswatch",
                      "Environment=NEWSWATCH_CACHE_DIR=/var/cache/newswatch", "ProtectSystem=strict", "NoNewPrivileges=yes",
                      "PrivateTmp=yes", "RestrictAddressFamilies=", "Restart=on-failure",
                      "ExecReload=/bin/kill -HUP $MAINPID"):
        assert re.search(rf"^{re.escape(directive)}", text, re.M), directive
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed: only the directives were checked")
    unit = _unit_for_here(tmp_path)
    verify = subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True, timeout=60)
    assert verify.returncode == 0 and verify.stderr.strip() == "", verify.stderr   # unknown keys only warn
    security = subprocess.run([analyze, "security", "--offline=yes", "--threshold=25", str(unit)],
                              capture_output=True, text=True, timeout=60)
    assert security.returncode == 0, security.stdout[-600:]
    assert re.search(r"Overall exposure level for newswatch.service: [0-2]\.\d OK", security.stdout)


def test_the_config_the_unit_and_image_ship_is_valid(monkeypatch):
    for name, value in TOKEN_ENV.items():
        monkeypatch.setenv(name, value)
    image = load_config(DEPLOY / "config.toml")
    assert check_destinations(image) == []
    assert image.database_url == "sqlite:////var/lib/newswatch/newswatch.db"
    assert image.rules_dir == DEPLOY / "rules" and image.http_token == TOKEN_ENV["NEWSWATCH_HTTP_TOKEN"]
    assert not parse_listen(image.model.http.listen).loopback
    compose = load_config(DEPLOY / "compose.config.toml")
    assert check_destinations(compose) == []
    assert compose.database_url.startswith("postgresql+psycopg://newswatch@db:5432/")


def _instructions(text: str) -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n\s*", " ", text)
    return [(m.group(1).upper(), m.group(2).strip()) for m in re.finditer(r"^\s*([A-Za-z]+)\s+(.*)$", joined, re.M)
            if not m.group(0).lstrip().startswith("#")]


def test_the_containerfile_runs_as_a_user_with_a_volume_and_a_healthcheck():
    steps = _instructions((DEPLOY / "Containerfile").read_text())
    final = steps[max(i for i, (op, _) in enumerate(steps) if op == "FROM"):]
    assert re.match(r"docker\.io/library/python:3\.11-slim$", final[0][1])
    users = [arg for op, arg in final if op == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert ("VOLUME", '["/var/lib/newswatch"]') in final
    health = next(arg for op, arg in final if op == "HEALTHCHECK")
    port = parse_listen(load_config(DEPLOY / "config.toml", environ=TOKEN_ENV).model.http.listen).port
    assert f"http://127.0.0.1:{port}/healthz" in health and ("EXPOSE", str(port)) in final
    for op, arg in steps:
        if op == "COPY" and not arg.startswith("--from"):
            for source in arg.split()[:-1]:
                assert (REPO / source).exists(), f"COPY {source}: not in the repository"


def test_compose_runs_several_daemons_on_one_postgresql():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    db, daemon = compose["services"]["db"], compose["services"]["newswatch"]
    assert db["image"].startswith("docker.io/library/postgres:") and "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert daemon["depends_on"]["db"]["condition"] == "service_healthy"
    assert daemon["deploy"]["replicas"] >= 2 and "ports" not in daemon, "replicas must not fight over a host port"
    assert (DEPLOY / daemon["build"]["context"] / daemon["build"]["dockerfile"]).exists()
    mounts = dict(v.rsplit(":", 1)[0].split(":", 1) for v in daemon["volumes"])
    config = load_config(DEPLOY / "compose.config.toml", environ=TOKEN_ENV)
    assert mounts["./compose.config.toml"] == "/etc/newswatch/config.toml"
    assert "@db:" in config.database_url and "db" in compose["services"]
    password = db["environment"]["POSTGRES_PASSWORD"].split(":")[0]
    assert daemon["environment"]["PGPASSWORD"].split(":")[0] == password, "libpq reads PGPASSWORD"
    assert "NEWSWATCH_HTTP_TOKEN" in daemon["environment"]


def _metric_names(expr) -> set[str]:
    found: set[str] = set()
    name = getattr(expr, "name", None)
    if type(expr).__name__ == "VectorSelector" and name:
        found.add(name)
    for attr in ("lhs", "rhs", "expr", "args", "param", "vector_selector"):
        child = getattr(expr, attr, None)
        for item in child if isinstance(child, list) else [child]:
            if item is not None and not isinstance(item, (str, int, float)):
                found |= _metric_names(item)
    return found


async def test_prometheus_rules_parse_and_name_metrics_the_daemon_exports(project, feed_server, sink):
    promql = pytest.importorskip("promql_parser", reason="promql-parser is in the test extra")
    document = yaml.safe_load((DEPLOY / "prometheus-rules.yaml").read_text())
    rules = [r for group in document["groups"] for r in group["rules"]]
    assert {g["name"] for g in document["groups"]} == {"newswatch.recording", "newswatch.alerts"}
    async with running_desk(project, feed_server, sink) as (h, base):
        await h.deliver()
        async with aiohttp.ClientSession() as session, session.get(base + "/metrics") as response:
            exposition = await response.text()
    exported = set(re.findall(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{| )", exposition, re.M))
    for rule in rules:
        assert set(rule) <= {"alert", "record", "expr", "for", "labels", "annotations"}, rule
        names = _metric_names(promql.parse(rule["expr"]))
        unknown = names - exported - {"up"}
        assert names and not unknown, f"{rule.get('alert') or rule.get('record')}: unknown metrics {unknown}"
        if "alert" in rule:
            assert re.match(r"^Newswatch[A-Z][A-Za-z]+$", rule["alert"])
            assert rule["labels"]["severity"] in ("critical", "warning", "info")
            assert rule["annotations"]["summary"] and rule["annotations"]["description"]
        else:
            assert re.match(r"^newswatch:[a-z_]+:[a-z0-9_]+$", rule["record"])
    with pytest.raises(ValueError):
        promql.parse("sum(rate(newswatch_polls_total[5m])")   # the parser does reject broken PromQL
    promtool = shutil.which("promtool")
    if promtool:
        check = subprocess.run([promtool, "check", "rules", str(DEPLOY / "prometheus-rules.yaml")],
                               capture_output=True, text=True, timeout=60)
        assert check.returncode == 0, check.stdout + check.stderr
