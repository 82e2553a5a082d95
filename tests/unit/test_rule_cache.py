"""The compiled-rules cache (watcher/pipeline/rulecache.py): a load whose inputs did not change
comes from the cache with the same rules, and anything it depends on changing loads in full.
Real rule files and a real cache folder in tmp_path; a hit is seen in the log line it writes."""

from __future__ import annotations

import logging
import os
import pickle
import zlib
from pathlib import Path

import pytest
from conftest import Project, dedent

from watcher.config import check_config
from watcher.errors import ConfigError, display_path
from watcher.pipeline.rules import load_checked
from watcher.ruleset import Document, LoadResult

HEADLINES = [
    ("Doze padres processados na Nicarágua são enviados ao Vaticano", ""),
    ("Nicaragua excarcela 12 sacerdotes y los envía al Vaticano tras acuerdo", ""),
    ("Honduras extradita a Estados Unidos a un narcotraficante", "La Corte Suprema de Justicia autorizó la extradición."),
    ("EEUU y Guatemala crean fuerza de tareas para buscar a fugitivos", ""),
    ("Deportan a 120 hondureños desde Estados Unidos en dos vuelos", ""),
    ("Apple unveils a new iPhone", ""),
]

RULE = dedent("""
    rules:
      - id: deportations
        title: Deportations
        match: {any: [deportation, deportados]}
        feeds: [bbc]
        tests:
          match: ["Mexico deportation flights resume"]
          no_match: ["Weather in Tegucigalpa"]
""")


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "main.yaml").write_text(RULE, encoding="utf-8")
    return folder


def load(rules: Path, caplog: pytest.LogCaptureFixture, feeds: tuple[str, ...] = ("bbc",)
         ) -> tuple[LoadResult, list[str], bool]:
    """(result, problems, whether it came from the cache)."""
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="newswatch.rules"):
        result, problems = load_checked(rules, feeds, ())
    hit = any("rules from cache" in r.getMessage() for r in caplog.records)
    return result, [str(p) for p in problems], hit


def test_second_load_comes_from_the_cache(rules: Path, cache: Path, caplog: pytest.LogCaptureFixture) -> None:
    first, problems, hit = load(rules, caplog)
    assert (problems, hit) == ([], False)
    second, problems, hit = load(rules, caplog)
    assert (problems, hit) == ([], True)
    assert [r.id for r in second.ruleset.rules] == ["deportations"]
    [entry] = cache.glob("rules-*.pickle")
    assert entry.stat().st_mode & 0o777 == 0o600 and cache.stat().st_mode & 0o777 == 0o700


def test_cached_rules_are_the_fresh_rules(tmp_path: Path, cache: Path, caplog: pytest.LogCaptureFixture) -> None:
    """What alerts record (rule file, hash, source line), the examples and the matches on real
    headlines are the same from the cache as from the files (the shipped rules)."""
    project = Project(tmp_path)
    project.write(feeds=[{"id": "bbc", "url": "http://127.0.0.1:1/feed"}])
    config, problems = check_config(project.config)
    assert config is not None and not problems

    def loaded() -> tuple[LoadResult, bool]:
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="newswatch.rules"):
            result, found = load_checked(config.rules_dir, ["bbc"], config.feed_tags(), config=config)
        assert found == []
        return result, any("rules from cache" in r.getMessage() for r in caplog.records)

    (fresh, hit_fresh), (cached, hit_cached) = loaded(), loaded()
    assert (hit_fresh, hit_cached) == (False, True)

    def record(result: LoadResult) -> list[tuple[object, ...]]:
        return [(r.id, r.file, r.hash, r.source, r.line, r.title, r.severity, r.must_match, r.must_not_match)
                for r in result.ruleset.rules]

    assert record(cached) == record(fresh) and fresh.ruleset.rules[0].file == "rules/cooperation.yaml"
    assert cached.ruleset.fingerprint == fresh.ruleset.fingerprint and cached.files == fresh.files
    assert (cached.ids, cached.tags) == (fresh.ids, fresh.tags)
    fired = set()
    for title, summary in HEADLINES:
        doc = Document(title, summary)
        assert cached.ruleset.match(doc, explain=True) == fresh.ruleset.match(doc, explain=True), title
        fired |= {m.rule_id for m in fresh.ruleset.match(doc)}
    assert len(fired) >= 2     # the comparison covers real matches, not only silence


def test_an_edit_with_the_same_size_and_mtime_loads_the_files(rules: Path, cache: Path,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    load(rules, caplog)
    path = rules / "main.yaml"
    st = path.stat()
    path.write_text(RULE.replace("title: Deportations", "title: Deportationz"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    result, problems, hit = load(rules, caplog)
    assert (problems, hit) == ([], False)
    assert result.ruleset.rules[0].title == "Deportationz"


def test_a_new_list_file_and_an_imported_list_invalidate(rules: Path, cache: Path,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    (rules / "lists").mkdir()
    (rules / "lists" / "words.txt").write_text("lists:\n  words: [deportation]\n", encoding="utf-8")
    (rules / "main.yaml").write_text(RULE.replace("rules:", "imports: [lists/words.txt]\nrules:")
                                     .replace("{any: [deportation, deportados]}", "'@words'"), encoding="utf-8")
    assert load(rules, caplog)[1:] == ([], False)
    assert load(rules, caplog)[1:] == ([], True)
    (rules / "lists" / "words.txt").write_text("lists:\n  words: [deportations]\n", encoding="utf-8")
    result, problems, hit = load(rules, caplog)   # not a *.yaml: caught by the check of what was read
    assert hit is False and any("expected a match" in p for p in problems)
    (rules / "lists" / "words.txt").write_text("lists:\n  words: [deportation]\n", encoding="utf-8")
    assert load(rules, caplog)[1:] == ([], True)
    (rules / "lists" / "more.yaml").write_text("lists:\n  more: [x]\n", encoding="utf-8")
    assert load(rules, caplog)[1:] == ([], False)


def test_a_set_with_a_problem_is_never_cached(rules: Path, cache: Path, caplog: pytest.LogCaptureFixture) -> None:
    (rules / "main.yaml").write_text(RULE.replace('Mexico deportation flights', 'Mexico flights'), encoding="utf-8")
    for _ in range(2):
        result, problems, hit = load(rules, caplog)
        assert hit is False
        assert len(problems) == 1 and problems[0].startswith(f"{display_path((rules / 'main.yaml').resolve())}:7:")
        assert "rule 'deportations': tests.match[0]: expected a match" in problems[0]
    assert not list(cache.glob("rules-*.pickle"))


def test_a_corrupt_cache_file_is_ignored_and_replaced(rules: Path, cache: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    load(rules, caplog)
    [entry] = cache.glob("rules-*.pickle")
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    result, problems, hit = load(rules, caplog)
    assert (problems, hit) == ([], False) and [r.id for r in result.ruleset.rules] == ["deportations"]
    entry.write_bytes(b"not a pickle at all")
    assert load(rules, caplog)[1:] == ([], False)
    assert load(rules, caplog)[1:] == ([], True)       # rewritten by the load before


def test_a_cache_file_others_can_write_is_not_loaded(rules: Path, cache: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    load(rules, caplog)
    [entry] = cache.glob("rules-*.pickle")
    entry.chmod(0o666)
    assert load(rules, caplog)[1:] == ([], False)
    assert entry.stat().st_mode & 0o777 == 0o600       # replaced by our own


def test_an_unwritable_cache_folder_still_loads(rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    monkeypatch.setenv("NEWSWATCH_CACHE_DIR", str(tmp_path / "a-file" / "cache"))   # cannot be created
    for _ in range(2):
        result, problems, hit = load(rules, caplog)
        assert (problems, hit) == ([], False) and [r.id for r in result.ruleset.rules] == ["deportations"]


def test_a_feed_added_keeps_the_entry_and_a_named_feed_removed_loads_the_files(rules: Path, cache: Path,
                                                                              caplog: pytest.LogCaptureFixture) -> None:
    """The rule names feed 'bbc': other feeds coming and going change nothing it depends on (an
    analyst adding a feed to config.toml still starts from the cache); 'bbc' gone is a problem,
    reported with its line by a load in full."""
    assert load(rules, caplog, ("bbc", "cnn"))[1:] == ([], False)
    assert load(rules, caplog, ("cnn", "bbc"))[1:] == ([], True)      # the same set
    assert load(rules, caplog, ("bbc", "cnn", "elfaro"))[1:] == ([], True)
    result, problems, hit = load(rules, caplog, ("cnn",))
    assert hit is False and any("unknown feed id or tag 'bbc'" in p for p in problems)


def test_old_entries_are_pruned(rules: Path, cache: Path, caplog: pytest.LogCaptureFixture) -> None:
    for i in range(7):
        (rules / "main.yaml").write_text(RULE.replace("title: Deportations", f"title: Deportations {i}"),
                                         encoding="utf-8")
        load(rules, caplog)
    assert len(list(cache.glob("rules-*.pickle"))) == 4



def test_a_hit_stays_packed_until_a_rule_is_used(rules: Path, cache: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A start from the cache whose cycle matches nothing never unpickles the conditions: the
    rule set stays packed, its heads (ids, titles, hashes, example counts) readable, until the
    first use of anything else unpacks it into the same rules."""
    fresh, _, _ = load(rules, caplog)
    cached, problems, hit = load(rules, caplog)
    assert (problems, hit) == ([], True)
    assert cached.ruleset.packed        # (a fresh load is packed too: compiled in a child, test_load_apart.py)
    assert cached.ruleset.heads == fresh.ruleset.heads and len(cached.ruleset) == 1
    assert cached.ruleset.heads[0][:5] == ("deportations", "Deportations", "normal", True, fresh.ruleset.rules[0].hash)
    assert cached.ruleset.heads[0].examples == 2
    doc = Document("Mexico deportation flights resume")
    assert cached.ruleset.match(doc, "bbc", explain=True) == fresh.ruleset.match(doc, "bbc", explain=True)
    assert not cached.ruleset.packed and cached.ruleset.unpack() is cached.ruleset
    assert "_fallback" not in vars(cached.ruleset)


def _damage_packed_part(entry: Path) -> None:
    """Rewrite a cache entry so that its rule set's packed part passes the checksum but is no
    pickle: what a load cannot see, and only the first use finds out."""
    from watcher.ruleset.matcher import _packed_ruleset
    fmt, digest, result = pickle.loads(entry.read_bytes())
    result.ruleset = _packed_ruleset(result.ruleset.heads, b"not a pickle", zlib.crc32(b"not a pickle"))
    entry.write_bytes(pickle.dumps((fmt, digest, result)))


def test_a_packed_part_that_cannot_be_read_loads_the_files_again(rules: Path, cache: Path,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    load(rules, caplog)
    [entry] = cache.glob("rules-*.pickle")
    _damage_packed_part(entry)
    cached, problems, hit = load(rules, caplog)
    assert (problems, hit) == ([], True) and cached.ruleset.packed
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="newswatch.rules"):
        fired = cached.ruleset.match(Document("Mexico deportation flights resume"), "bbc")
    assert [m.rule_id for m in fired] == ["deportations"] and not cached.ruleset.packed
    [warning] = [r.getMessage() for r in caplog.records]
    assert warning.startswith(f"the rule cache {display_path(entry)} could not be read (UnpicklingError: ")
    assert warning.endswith("); loading the rule files again")


def test_a_packed_part_that_cannot_be_read_reports_the_files_problems(rules: Path, cache: Path,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    """The files changed into a set with a problem after the start: the first use raises it,
    located, as a load would have reported it."""
    load(rules, caplog)
    [entry] = cache.glob("rules-*.pickle")
    _damage_packed_part(entry)
    cached, _, hit = load(rules, caplog)
    assert hit
    (rules / "main.yaml").write_text(RULE.replace('Mexico deportation flights', 'Mexico flights'), encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        cached.ruleset.unpack()
    assert str(raised.value).startswith(f"{display_path((rules / 'main.yaml').resolve())}:7:")
    assert cached.ruleset.packed       # still packed: the next use tries again


def test_a_damaged_packed_part_is_a_miss(rules: Path, cache: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A byte changed inside the packed part fails its checksum at the load (not at the first
    match): the files are loaded and the entry rewritten."""
    load(rules, caplog)
    [entry] = cache.glob("rules-*.pickle")
    data = bytearray(entry.read_bytes())
    data[len(data) // 2] ^= 0xFF
    entry.write_bytes(bytes(data))
    result, problems, hit = load(rules, caplog)
    assert (problems, hit) == ([], False) and [r.id for r in result.ruleset.rules] == ["deportations"]
    assert load(rules, caplog)[1:] == ([], True)


def test_the_same_rules_in_another_deployment_folder_share_the_entry(tmp_path: Path, cache: Path,
                                                                       monkeypatch: pytest.MonkeyPatch,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    """A deployment copied to another folder (or each test's project) with the rules and config
    in its working folder loads from the first one's entry, with its own paths: what alerts
    record and what messages show is relative there. Rules outside the working folder are
    keyed by their absolute place, as before."""
    outcomes = []
    for name in ("one", "two"):
        project = Project(tmp_path / name)
        monkeypatch.chdir(project.root)
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="newswatch.rules"):
            result, problems = load_checked(Path("rules"), (), (), config=None)
        outcomes.append((result, any("rules from cache" in r.getMessage() for r in caplog.records)))
        assert problems == []
    (first, first_hit), (second, second_hit) = outcomes
    assert (first_hit, second_hit) == (False, True)
    assert len(list(cache.glob("rules-*.pickle"))) == 1
    assert [(r.id, r.source) for r in second.ruleset.rules] == [(r.id, r.source) for r in first.ruleset.rules]
    assert all(not Path(r.source).is_absolute() for r in second.ruleset.rules)

    monkeypatch.chdir(tmp_path / "one")                    # the same files, outside the working folder
    other = tmp_path / "elsewhere"
    Project(other)
    _, _, hit = load(other / "rules", caplog, feeds=())
    assert not hit
