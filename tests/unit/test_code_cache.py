"""The cache of dataclasses' compiled methods (watcher/pipeline/codecache.py): a later start
compiles nothing it compiled before and its classes behave the same; a changed class is compiled
anew; a damaged or foreign file is ignored and replaced."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import textwrap

import pytest

from watcher.pipeline import codecache


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSWATCH_CACHE_DIR", str(tmp_path))
    return tmp_path


def make(monkeypatch, table: codecache.CodeTable, extra: str = "") -> type:
    """A frozen dataclass made with ``table`` as the dataclasses module's exec."""
    monkeypatch.setattr(dataclasses, "exec", table.exec, raising=False)
    namespace: dict[str, object] = {}
    exec(textwrap.dedent(f"""
        from dataclasses import dataclass, field
        @dataclass(frozen=True, order=True)
        class Item:
            name: str
            count: int = 0
            tags: tuple = field(default_factory=tuple)
            {extra}
        """), namespace)
    monkeypatch.delattr(dataclasses, "exec")
    return namespace["Item"]  # type: ignore[return-value]


def start(monkeypatch, extra: str = "") -> tuple[codecache.CodeTable, type]:
    path = codecache.table_path()
    table = codecache.CodeTable(path, codecache.read_table(path))
    item = make(monkeypatch, table, extra)
    table_new = table.new
    table.save()
    table.new = table_new
    return table, item


def behaves(item: type) -> None:
    a, b = item("a", 1), item("a", 1)
    assert a == b and hash(a) == hash(b) and a < item("b") and a.tags == ()
    assert repr(a) == "Item(name='a', count=1, tags=())"
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.count = 2  # type: ignore[misc]


def test_a_later_start_compiles_nothing_and_its_classes_behave_the_same(folder, monkeypatch):
    first, item = start(monkeypatch)
    assert first.new >= 6          # __init__, __repr__, __eq__, order, __setattr__, __delattr__, __hash__
    behaves(item)
    second, item = start(monkeypatch)
    assert second.new == 0 and second.used == first.used
    behaves(item)


def test_a_changed_class_is_compiled_anew(folder, monkeypatch):
    start(monkeypatch)
    changed, item = start(monkeypatch, "note: str = ''")
    assert changed.new >= 1
    assert item("a", 1, (), "x").note == "x"
    again, _ = start(monkeypatch, "note: str = ''")
    assert again.new == 0


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "other magic", "not ours alone", "a folder"])
def test_a_damaged_or_foreign_file_is_ignored_and_replaced(folder, monkeypatch, damage):
    start(monkeypatch)
    path = codecache.table_path()
    assert path is not None and codecache.read_table(path)
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flipped byte":
        path.write_bytes(data[:-10] + bytes([data[-10] ^ 1]) + data[-9:])
    elif damage == "other magic":
        path.write_bytes(b"x" + data[1:])
    elif damage == "not ours alone":
        path.chmod(0o620)
    else:
        path.unlink()
        path.mkdir()
    assert codecache.read_table(path) == {}
    table, item = start(monkeypatch)
    behaves(item)
    assert table.new >= 6, "compiled again"
    if damage != "a folder":          # a folder in the way: no caching, never a failure
        assert start(monkeypatch)[0].new == 0, "and cached again"


def test_a_second_process_compiles_nothing(folder):
    script = textwrap.dedent("""
        import dataclasses, sys
        from watcher.pipeline import codecache
        table = codecache.install()
        assert codecache.install() is None            # once per process
        import watcher.types, watcher.errors          # modules full of dataclasses
        print(table.new, len(table.used))
        """)
    env = {**os.environ, "NEWSWATCH_CACHE_DIR": str(folder)}
    runs = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
            for _ in range(2)]
    (new1, used1), (new2, used2) = (map(int, r.stdout.split()) for r in runs)
    assert new1 > 0 and used1 > 0
    assert (new2, used2) == (0, used1)
    assert [p.name for p in folder.iterdir()] == [codecache.table_path().name]  # type: ignore[union-attr]


def test_every_command_installs_it(folder, tmp_path):
    env = {**os.environ, "NEWSWATCH_CACHE_DIR": str(folder)}
    subprocess.run([sys.executable, "-m", "watcher", "--config", str(tmp_path / "missing.toml"), "check"], env=env,
                   capture_output=True, check=False)
    path = codecache.table_path()
    assert path is not None and len(codecache.read_table(path)) > 100


def test_a_full_table_keeps_only_what_the_saving_process_used(folder, monkeypatch):
    start(monkeypatch)
    monkeypatch.setattr(codecache, "MAX_ENTRIES", 1)
    changed, _ = start(monkeypatch, "note: str = ''")
    assert set(codecache.read_table(codecache.table_path())) == changed.used
