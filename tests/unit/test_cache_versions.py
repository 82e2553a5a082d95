"""The caches' dependency versions (watcher/pipeline/cachefiles.py): read from the ``Version:``
header of each distribution's METADATA, the same as ``importlib.metadata.version``."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

from watcher.pipeline.cachefiles import _version, dependency_versions
from watcher.pipeline.rulecache import DEPENDENCIES


def test_the_versions_are_importlib_metadatas() -> None:
    assert dependency_versions(DEPENDENCIES) == tuple((n, metadata.version(n)) for n in DEPENDENCIES)


def test_a_missing_distribution_is_a_question_mark() -> None:
    assert _version("newswatch-no-such-distribution") == "?"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def _dist(site: Path, name: str, text: str) -> None:
    folder = site / f"{name.replace('-', '_')}-0.dist-info"
    folder.mkdir()
    (folder / "METADATA").write_text(text)


def test_only_the_headers_version_counts(site: Path) -> None:
    # a "Version:" line in the description (after the blank line) is not the version
    _dist(site, "nwfake-a", "Metadata-Version: 2.1\nName: nwfake-a\nVersion: 1.2.3\n\nVersion: 9.9\n")
    _dist(site, "nwfake-b", "Metadata-Version: 2.1\nName: nwfake-b\n\nVersion: 9.9\n")
    assert _version("nwfake-a") == metadata.version("nwfake-a") == "1.2.3"
    assert _version("nwfake-b") == "?"
