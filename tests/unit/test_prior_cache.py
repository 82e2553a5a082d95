"""The word-frequency prior's cache (watcher/pipeline/priorcache.py, issue 13): a prior loaded
from the cache answers exactly as a freshly built one, anything the prior depends on changes the
key, and a damaged file or an unwritable folder never fails the caller. Real files in tmp_path;
a hit is seen in the log line it writes."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Any

import pytest

from watcher.pipeline import priorcache
from watcher.pipeline.priorcache import PriorCache, load_or_build
from watcher.stories import weights
from watcher.stories.weights import (
    COUNTRY_PROBABILITY,
    FrozenFloats,
    Prior,
    PriorInputs,
    WordfreqPrior,
    default_inputs,
    default_prior,
)


@pytest.fixture(scope="module")
def small() -> PriorInputs:
    """Inputs whose prior builds quickly: English only, three concepts, two countries."""
    shipped = default_inputs()
    return PriorInputs(dataclasses.replace(shipped.lexicon, stemmer_names={"en": "english"}),
                       {"agreement": ["agreement", "accord*"], "tps": ["TPS", "temporary protected status"],
                        "honduras": ["Honduras"]}, frozenset({"hn", "us"}))


def load(inputs: PriorInputs, caplog: pytest.LogCaptureFixture) -> tuple[Prior, bool]:
    """(the prior, whether it came from the cache)."""
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="newswatch.stories"):
        prior = load_or_build(inputs)
    return prior, any("prior from cache" in r.getMessage() for r in caplog.records)


def keys(table: FrozenFloats, step: int) -> list[str]:
    blob, ends, _ = table.buffers()
    return [blob[start:end].decode("utf-8") for start, end in zip([0, *ends[:-1]], ends)][::step]


def sample(prior: WordfreqPrior) -> list[str]:
    """Keys of every kind: stems, entities of every language, concepts, countries, unknown ones."""
    out = ["t:" + k for k in keys(prior.stems, 97)] + keys(prior.concepts, 1) + sorted(prior.countries)
    for words in prior.words:
        out += ["e:" + k for k in keys(words, 89)]
    return out + ["t:qzxqzxq", "e:qzxqzxq", "c:no-such-concept", "n:7", "c:zz"]


def test_a_loaded_prior_answers_as_the_built_one(cache: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The shipped prior: every table byte for byte, and probability() on a sample of keys."""
    fresh = default_prior()
    assert isinstance(fresh, WordfreqPrior)
    assert load(default_inputs(), caplog)[1] is False
    loaded, hit = load(default_inputs(), caplog)
    assert hit is True and isinstance(loaded, WordfreqPrior) and loaded is not fresh
    for mine, theirs in zip((loaded.stems, loaded.concepts, *loaded.words), (fresh.stems, fresh.concepts, *fresh.words),
                            strict=True):
        assert mine.buffers() == theirs.buffers()
    assert loaded.countries == fresh.countries and len(fresh.countries) > 50
    probes = sample(fresh)
    assert {k[0] for k in probes} == {"t", "e", "c", "n"} and len(probes) > 2000
    assert [loaded.probability(k) for k in probes] == [fresh.probability(k) for k in probes]
    assert loaded.probability("c:hn") == COUNTRY_PROBABILITY
    [entry] = cache.glob("prior-*.bin")
    assert entry.stat().st_mode & 0o777 == 0o600 and cache.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("damage", ["truncated", "a byte flipped", "empty", "foreign", "another key's"])
def test_a_damaged_file_is_ignored_and_replaced(damage: str, small: PriorInputs, cache: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    built, hit = load(small, caplog)
    assert hit is False and isinstance(built, WordfreqPrior)
    [entry] = cache.glob("prior-*.bin")
    good = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(good[:len(good) // 2])
    elif damage == "a byte flipped":
        middle = len(good) // 2
        entry.write_bytes(good[:middle] + bytes([good[middle] ^ 1]) + good[middle + 1:])
    elif damage == "empty":
        entry.write_bytes(b"")
    elif damage == "foreign":
        entry.write_bytes(b"\x80\x04\x95 not a prior at all" * 100)
    else:       # a whole, valid file written for other inputs
        other = PriorCache.for_inputs(dataclasses.replace(small, countries=frozenset({"hn"})))
        assert other is not None and other.path != entry
        other.store(built)
        other.path.replace(entry)
    rebuilt, hit = load(small, caplog)
    assert hit is False and isinstance(rebuilt, WordfreqPrior)
    probes = sample(built)
    assert [rebuilt.probability(k) for k in probes] == [built.probability(k) for k in probes]
    assert entry.read_bytes() == good                   # replaced by a good one
    assert load(small, caplog)[1] is True


def test_an_unwritable_cache_folder_still_gives_the_prior(small: PriorInputs, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    monkeypatch.setenv("NEWSWATCH_CACHE_DIR", str(tmp_path / "a-file" / "cache"))   # cannot be created
    for _ in range(2):
        prior, hit = load(small, caplog)
        assert hit is False and prior.probability("c:hn") == COUNTRY_PROBABILITY
        assert prior.probability("t:agreement") > prior.probability("t:qzxqzxq")


def test_the_key_follows_the_concepts_data(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the key reads: data/concepts.yaml (through shipped_data), the stemmers, the countries."""
    def path(inputs: PriorInputs) -> Path:
        entry = PriorCache.for_inputs(inputs)
        assert entry is not None
        return entry.path

    shipped = default_inputs()
    assert path(default_inputs()) == path(shipped)
    real = weights.shipped_data

    def edited(name: str) -> dict[str, Any]:
        data = dict(real(name))
        if name == "concepts.yaml":
            concepts = dict(data["concepts"])
            first = next(iter(concepts))
            concepts[first] = {**concepts[first], "en": [*(concepts[first].get("en") or []), "an added name"]}
            data["concepts"] = concepts
        return data

    with monkeypatch.context() as patch:
        patch.setattr(weights, "shipped_data", edited)
        assert default_inputs().concepts != shipped.concepts
        assert path(default_inputs()) != path(shipped)
    assert path(dataclasses.replace(shipped, countries=shipped.countries - {"hn"})) != path(shipped)
    fewer = dict(shipped.lexicon.stemmer_names)
    fewer.pop("en")
    assert path(dataclasses.replace(shipped, lexicon=dataclasses.replace(shipped.lexicon, stemmer_names=fewer))) \
        != path(shipped)
    before = path(shipped)
    monkeypatch.setattr(priorcache, "FORMAT", priorcache.FORMAT + 1)
    assert path(shipped) != before and path(shipped).parent == cache


def test_old_entries_are_pruned(small: PriorInputs, cache: Path, caplog: pytest.LogCaptureFixture) -> None:
    prior = load(small, caplog)[0]
    for code in ("aa", "bb", "cc", "dd"):
        entry = PriorCache.for_inputs(dataclasses.replace(small, countries=frozenset({code})))
        assert entry is not None
        entry.store(prior)
    assert len(list(cache.glob("prior-*.bin"))) == priorcache.KEEP
