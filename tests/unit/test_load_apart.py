"""Rules compiled and the prior built in a child process (watcher/apart.py, issue 13):
this process gets the same rule set (packed, as from the rule cache) and the same prior tables,
never the compiler's or wordfreq's modules and garbage; where a child cannot be used or fails,
the work is done here as before. Real rule files, real child processes, a cache in tmp_path."""

from __future__ import annotations

import dataclasses
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import Project, dedent

from watcher.config import check_config
from watcher.pipeline import priorcache
from watcher.pipeline import rules as rules_module
from watcher.pipeline.priorcache import build_apart, load_or_build
from watcher.pipeline.rules import _load_here, load_checked
from watcher.ruleset import Document
from watcher.stories.weights import PriorInputs, WordfreqPrior, default_inputs

HEADLINES = [
    ("Honduras extradita a Estados Unidos a un narcotraficante", "La Corte Suprema de Justicia autorizó la extradición."),
    ("Deportan a 120 hondureños desde Estados Unidos en dos vuelos", ""),
    ("Nicaragua excarcela 12 sacerdotes y los envía al Vaticano tras acuerdo", ""),
    ("Apple unveils a new iPhone", ""),
]

BROKEN = dedent("""
    rules:
      - id: deportations
        title: Deportations
        match: {any: [deportation], regex: "(unclosed"}
        tests:
          match: ["Mexico deportation flights resume"]
""")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = Project(tmp_path)
    project.write(feeds=[{"id": "bbc", "url": "http://127.0.0.1:1/feed"}])
    return project


def fresh_process(code: str, cwd: Path, cache: Path) -> str:
    env = {**os.environ, "NEWSWATCH_CACHE_DIR": str(cache), "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    done = subprocess.run([sys.executable, "-c", dedent(code)], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_cold_load_compiles_in_a_child(project: Project, cache: Path) -> None:
    """The shipped rules, no cache: the loading process never imports the compiler."""
    out = fresh_process(f"""
        import sys
        from watcher.config import check_config
        from watcher.pipeline.rules import load_checked
        config, _ = check_config({str(project.config)!r})
        result, problems = load_checked(config.rules_dir, ["bbc"], config.feed_tags(), config=config)
        print(len(problems), result.ruleset.packed, "watcher.ruleset.compile" in sys.modules, len(result.ruleset))
    """, project.root, cache)
    problems, packed, compiler, count = out.split()
    assert (problems, packed, compiler) == ("0", "True", "False") and int(count) >= 4


def loaded_in_a_fresh_process(code: str, cwd: Path, cache: Path) -> tuple[bool, tuple[Any, list[Any]]]:
    """(whether the rule set came back packed, the (LoadResult, problems)) of ``code``'s
    ``load_checked`` call, made in a new interpreter: no thread of an earlier test is running
    there, so the load may fork (in this worker a leftover thread would make it load here)."""
    out = cwd / "loaded.pickle"
    fresh_process(code + f"""
        import pickle
        with open({str(out)!r}, "wb") as f:
            pickle.dump((loaded[0].ruleset.packed, loaded), f)
    """, cwd, cache)
    # written a moment ago by our own child
    return pickle.loads(out.read_bytes())  # type: ignore[no-any-return]  # noqa: S301


def test_the_child_loads_the_rules_this_process_would(project: Project, cache: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    packed, (apart, found) = loaded_in_a_fresh_process(f"""
        from watcher.config import check_config
        from watcher.pipeline.rules import load_checked
        config, _ = check_config({str(project.config)!r})
        loaded = load_checked(config.rules_dir, ["bbc"], config.feed_tags(), config=config)
    """, project.root, cache)
    monkeypatch.chdir(project.root)              # the same working folder: the same display paths
    config, problems = check_config(project.config)
    assert config is not None and not problems
    here, here_found = _load_here(config.rules_dir, ("bbc",), config.feed_tags(), config.base_dir)
    assert found == here_found == [] and packed and not here.ruleset.packed
    assert [(r.id, r.file, r.hash, r.source, r.line, r.must_match, r.must_not_match) for r in apart.ruleset.rules] \
        == [(r.id, r.file, r.hash, r.source, r.line, r.must_match, r.must_not_match) for r in here.ruleset.rules]
    assert (apart.files, apart.ids, apart.tags) == (here.files, here.ids, here.tags)
    fired = set()
    for title, summary in HEADLINES:
        doc = Document(title, summary)
        assert apart.ruleset.match(doc, explain=True) == here.ruleset.match(doc, explain=True), title
        fired |= {m.rule_id for m in here.ruleset.match(doc)}
    assert len(fired) >= 2


def test_problems_from_the_child_are_the_problems_found_here(tmp_path: Path, cache: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "main.yaml").write_text(BROKEN, encoding="utf-8")
    packed, (_, problems) = loaded_in_a_fresh_process(f"""
        from pathlib import Path
        from watcher.pipeline.rules import load_checked
        loaded = load_checked(Path({str(folder)!r}), (), ())
    """, tmp_path, cache)
    monkeypatch.chdir(tmp_path)
    here, here_problems = _load_here(folder, (), (), None)
    assert problems and [str(p) for p in problems] == [str(p) for p in here_problems]
    assert "invalid regex" in str(problems[0]) and packed


def test_with_another_thread_running_the_rules_load_here(project: Project, cache: Path) -> None:
    config, _ = check_config(project.config)
    assert config is not None
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        result, problems = load_checked(config.rules_dir, ["bbc"], config.feed_tags(), config=config)
    finally:
        stop.set()
        other.join()
    assert problems == [] and not result.ruleset.packed


def test_a_child_that_fails_leaves_the_load_to_this_process(project: Project, cache: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    config, _ = check_config(project.config)
    assert config is not None
    parent, real = os.getpid(), rules_module._load_here

    def crashing_child(*args: object) -> object:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(rules_module, "_load_here", crashing_child)
    result, problems = load_checked(config.rules_dir, ["bbc"], config.feed_tags(), config=config)
    assert problems == [] and not result.ruleset.packed and len(result.ruleset) >= 4


@pytest.fixture(scope="module")
def small() -> PriorInputs:
    shipped = default_inputs()
    return PriorInputs(dataclasses.replace(shipped.lexicon, stemmer_names={"en": "english", "es": "spanish"}),
                       {"agreement": ["agreement", "accord*"], "honduras": ["Honduras"]}, frozenset({"hn", "us"}))


def test_the_prior_built_apart_is_the_prior_built_here(small: PriorInputs) -> None:
    """Also with a lexicon that has stemmed words already (it holds its stemmers, which do not
    pickle: the daemon's, once a story was placed)."""
    assert small.lexicon.term_key("en", "deportations", False)
    assert small.lexicon._stemmers
    apart, here = build_apart(small), small.build()
    assert isinstance(apart, WordfreqPrior)
    for mine, theirs in zip((apart.stems, apart.concepts, *apart.words), (here.stems, here.concepts, *here.words),
                            strict=True):
        assert mine.buffers() == theirs.buffers()
    assert apart.countries == here.countries and len(apart.words) == 2


def test_a_cold_prior_cache_never_loads_wordfreq_here(tmp_path: Path, cache: Path) -> None:
    out = fresh_process("""
        import sys
        from watcher.pipeline.priorcache import cached_prior
        prior = cached_prior()
        print("wordfreq" in sys.modules, prior.probability("c:hn"), prior.probability("t:extradit") < 0.01)
    """, tmp_path, cache)
    assert out == "False 0.02 True"
    assert len(list(cache.glob("prior-*.bin"))) == 1        # and the cache has it for the next start


def test_a_child_that_fails_leaves_the_prior_to_this_process(small: PriorInputs, cache: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(priorcache, "BUILD", "raise SystemExit(3)")
    assert build_apart(small) is None
    prior = load_or_build(small)
    assert isinstance(prior, WordfreqPrior) and prior.stems.buffers() == small.build().stems.buffers()
