"""The status page in a real headless browser (Debian's chromium driven through chromedriver by
selenium) against a daemon with real data: the DOM shows the stories, feeds and rules; a hostile
feed title renders as text and runs nothing; the page fits a phone; screenshots are written.

Skips with the reason when chromium, chromedriver or selenium is missing (.ci/run installs them).
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import pytest

from desk import HOSTILE_TITLE, running_desk

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage")


def _browser_or_skip() -> Any:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not Path(path).exists():
            pytest.skip(f"{path} not found: install Debian's {package} (apt-get install -y chromium chromium-driver)")
    return webdriver


def _drive(webdriver: Any, url: str, profile: Path, shots: Path) -> dict[str, Any]:
    """Blocking selenium session (run in a thread: the server answers on the test's event loop)."""
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        driver.set_page_load_timeout(30)
        driver.set_window_size(1280, 1000)
        driver.get(url)
        found = {
            "title": driver.title,
            "stories": [e.text for e in driver.find_elements(By.CSS_SELECTOR, "article.story h3")],
            "feeds": [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#feeds tbody tr")],
            "feed_status": [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#feeds tbody td:nth-child(2)")],
            "rules": [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#rules tbody tr")],
            "images": len(driver.find_elements(By.TAG_NAME, "img")),
            "scripts": len(driver.find_elements(By.TAG_NAME, "script")),
            "script_links": len(driver.find_elements(By.CSS_SELECTOR, "a[href^='javascript']")),
            "styled": driver.execute_script("return getComputedStyle(document.body).marginTop"),
            "also": [e.text for e in driver.find_elements(By.CSS_SELECTOR, "article.story .also")],
        }
        driver.save_screenshot(str(shots / "status-page.png"))
        driver.set_window_size(390, 844)          # a phone
        driver.refresh()
        found["phone_overflow"] = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        driver.save_screenshot(str(shots / "status-page-phone.png"))
        found["title_after"] = driver.title
        return found
    finally:
        driver.quit()


async def test_the_status_page_in_headless_chromium(project, feed_server, sink, tmp_path):
    webdriver = _browser_or_skip()
    shots = tmp_path / "screenshots"
    shots.mkdir()
    async with running_desk(project, feed_server, sink) as (h, base):
        loop = asyncio.get_running_loop()
        found = await loop.run_in_executor(None, _drive, webdriver, base + "/", tmp_path / "profile", shots)
        shipped_rules = len(h.rt.rules.current.rules)
    print(f"\nscreenshots: {shots / 'status-page.png'} {shots / 'status-page-phone.png'}")
    assert found["title"] == found["title_after"] == "newswatch", "no script changed the title"
    assert HOSTILE_TITLE in found["stories"], "the hostile title is shown as text"
    assert "Llegan 120 hondureños deportados a San Pedro Sula" in found["stories"] and len(found["stories"]) == 3
    assert found["images"] == 0 and found["scripts"] == 0 and found["script_links"] == 0
    assert any(row.startswith("broken") and "failing" in row for row in found["feeds"])
    assert sorted(found["feed_status"]) == ["failing (1 in a row)", "ok", "ok"]
    assert found["also"] == ["Also reported by:"]
    assert len(found["rules"]) == shipped_rules and any(row.startswith("extradition") for row in found["rules"])
    assert found["styled"] == "0px", "the stylesheet loads under the Content-Security-Policy"
    assert found["phone_overflow"] <= 0, "the page fits a phone's width"
    assert (shots / "status-page.png").stat().st_size > 10_000
