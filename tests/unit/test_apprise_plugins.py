"""Apprise loads the plugin of a destination's scheme alone (issue 13: ~15 MiB of plugins a
daemon sending e-mail never used), and answers every URL as it does with all its plugins."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO

from watcher.apprise_plugins import declaring_modules

URLS = ["mailto://127.0.0.1:2525?from=newswatch@example.org&to=desk@example.org",
        "json://127.0.0.1:9/hook", "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ",
        "kodi://127.0.0.1/", "nosuch://127.0.0.1/", "not a url"]


def ask(code: str) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter (Apprise's plugin manager is process-wide); it prints JSON."""
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def answers(urls: list[str], *, everything_first: bool) -> dict[str, object]:
    first = "from apprise.manager_plugins import NotificationManager\nNotificationManager().load_modules()\n"
    return ask(f"""{first if everything_first else ''}
import json, sys
from watcher.destinations import instantiate
seen = {{}}
for url in {urls!r}:
    plugin = instantiate(url)
    seen[url] = None if plugin is None else [type(plugin).__name__, plugin.url(privacy=True)]
    seen[url + ' plugins'] = sum(1 for m in sys.modules if m.startswith('apprise.plugins.'))
print(json.dumps(seen))""")


def test_a_destination_loads_its_schemes_plugin_alone_and_gets_what_all_plugins_give():
    mine, apprise_own = answers(URLS, everything_first=False), answers(URLS, everything_first=True)
    for url in URLS:
        assert mine[url] == apprise_own[url], url
    assert apprise_own[URLS[0] + " plugins"] > 150
    assert mine[URLS[0] + " plugins"] <= 8, "e-mail alone"
    assert mine[URLS[2] + " plugins"] <= 12, "e-mail, json and slack"
    # kodi declares its schemes in other attributes: Apprise loads everything, as it always did
    assert mine[URLS[3] + " plugins"] > 150


def test_schemes_declared_by_name_are_found_in_the_module_apprise_maps_them_to():
    known = ask("""
import json
from apprise.manager_plugins import NotificationManager
m = NotificationManager()
print(json.dumps({'folder': m.module_path, 'schemes': {s: m[s].__module__ for s in m.schemas()}}))""")
    folder, schemes = str(known["folder"]), dict(known["schemes"])  # type: ignore[call-overload]
    found = {s: declaring_modules(folder, s) for s in schemes}
    wrong = {s: f for s, f in found.items() if f and schemes[s].split(".")[2] not in f}
    assert not wrong
    missed = sorted(s for s, f in found.items() if not f)
    assert len(missed) <= 10, f"Apprise declares more schemes another way now: {missed}"
