"""A cache of the story engine's word-frequency prior (issue 13): a process that places its first
entry (``run --once`` finding a new entry, a daemon start, ``stories --jsonl``) reads the built
prior's tables from one file (~10 ms) instead of building them from wordfreq's lists (~1 s of
CPU: ~30k words stemmed per language, for each language the lexicon stems).

The prior (watcher/stories/weights.py ``WordfreqPrior``) is a pure function of wordfreq's lists,
the stemmers, the shipped lexicon and concept data and the code, so the key is a sha256 over:
the inputs themselves (``PriorInputs.fingerprint``: every concept's names, the countries, the
stemmers by language, the list size and words per entry), wordfreq's and PyStemmer's versions
and (name, size, mtime_ns) of wordfreq's list files, newswatch's and Python's versions (Unicode
folding), the machine's byte order and the code fingerprint of the whole ``watcher`` package
(cachefiles.py). The stored form is flat data, never a pickle: a small header (magic, format,
the key), the tables' buffers (FrozenFloats: keys' UTF-8 bytes, end offsets, doubles) and a
sha256 of everything before it. A file that is truncated, corrupt, of another format or another
key is ignored and replaced; a folder that cannot be written means no caching; never a failure.

Where: the rule cache's folder (cachefiles.py). Kept: the KEEP most recently used entries (~5 MB
each).
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import pickle
import struct
import sys
import time
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import watcher
from watcher.apart import spawned
from watcher.errors import display_path
from watcher.pipeline.cachefiles import cache_dir, code_fingerprint, dependency_versions, prune, touch, write_atomic
from watcher.stories.weights import WORDLIST, FrozenFloats, Prior, PriorInputs, WordfreqPrior, default_inputs

log = logging.getLogger("newswatch.stories")

FORMAT = 1           # bump when what is stored changes shape
KEEP = 2             # newest entries kept (an upgrade side by side with the old version)
MAGIC = b"newswatch prior\n"
HEADER = struct.Struct("<16sI32sI")     # magic, format, key (sha256), number of sections
DIGEST = 32
DEPENDENCIES = ("wordfreq", "PyStemmer")


@lru_cache(maxsize=1)
def cached_prior() -> Prior:
    """The shipped prior, once per process: from the cache when it has it, else built (and
    stored). What the daemon's story index and ``stories --jsonl`` weigh with."""
    return load_or_build(default_inputs())


def load_or_build(inputs: PriorInputs) -> Prior:
    """The prior of these inputs, from the cache or built and stored; the cache never fails it."""
    cache = PriorCache.for_inputs(inputs)
    prior = cache.load() if cache is not None else None
    if prior is None:
        started = time.perf_counter()
        prior = build_apart(inputs) or inputs.build()
        log.debug("word-frequency prior built in %.2f s", time.perf_counter() - started)
        if cache is not None:
            cache.store(prior)
    return prior


# the child of build_apart: what the prior is built from on stdin (the lexicon's stemmer names,
# not the lexicon: it holds its stemmers once used, which do not pickle), its tables on stdout
BUILD = """
import dataclasses, pickle, sys
from watcher.pipeline.priorcache import ANSWER, encode
from watcher.stories.lexicon import default_lexicon
from watcher.stories.weights import PriorInputs
names, concepts, countries = pickle.load(sys.stdin.buffer)
lexicon = dataclasses.replace(default_lexicon(), stemmer_names=names)
encode(PriorInputs(lexicon, concepts, countries).build(), ANSWER, sys.stdout.buffer)
"""
ANSWER = bytes(DIGEST)      # the key a child's answer is written under


def build_apart(inputs: PriorInputs) -> WordfreqPrior | None:
    """The prior built by a new interpreter (apart.py): wordfreq's modules and lists and the
    build's garbage (~20 MiB when built here) stay out of this process, which reads the flat
    tables (as from the cache); None when the child did not answer."""
    try:
        given = pickle.dumps((dict(inputs.lexicon.stemmer_names), dict(inputs.concepts), inputs.countries),
                             protocol=pickle.HIGHEST_PROTOCOL)
        data = spawned(BUILD, given)
        return decode(data, ANSWER) if data is not None else None
    except Exception as e:  # noqa: BLE001 - built here instead
        log.debug("the prior built apart could not be read (%s: %s)", type(e).__name__, e)
        return None


@lru_cache(maxsize=1)
def _dependencies() -> tuple[Any, ...]:
    """Versions of wordfreq and PyStemmer, and wordfreq's list files (found without importing
    wordfreq: ~0.3 s)."""
    lists: list[tuple[str, int, int]] = []
    spec = importlib.util.find_spec("wordfreq")
    for location in (spec.submodule_search_locations or []) if spec is not None else []:
        for path in sorted((Path(location) / "data").glob(f"{WORDLIST}_*")):
            st = path.stat()
            lists.append((path.name, st.st_size, st.st_mtime_ns))
    return dependency_versions(DEPENDENCIES), tuple(lists)


@dataclass(frozen=True)
class PriorCache:
    """The cache entry for one set of inputs: its file and key."""

    path: Path
    digest: bytes

    @classmethod
    def for_inputs(cls, inputs: PriorInputs) -> PriorCache | None:
        """The entry for these inputs, or None when there is no cache folder."""
        folder = cache_dir()
        if folder is None:
            return None
        try:
            key: list[Any] = [FORMAT, watcher.__version__, sys.version, sys.byteorder, array("I").itemsize,
                              _dependencies(), code_fingerprint(), inputs.fingerprint()]
        except OSError as e:        # a file vanished while it was stated: no caching this time
            log.debug("no prior cache (%s)", e)
            return None
        digest = hashlib.sha256(repr(key).encode()).digest()
        return cls(folder / f"prior-{digest.hex()[:16]}.bin", digest)

    def load(self) -> WordfreqPrior | None:
        """The cached prior, or None (absent, unreadable, truncated, corrupt, foreign: build it)."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as e:
            log.debug("ignoring the prior cache %s (%s)", self.path, e)
            return None
        try:
            prior = decode(data, self.digest)
        except ValueError as e:
            log.debug("ignoring the prior cache %s (%s)", self.path, e)
            return None
        touch(self.path)             # pruning keeps the most recently used
        log.debug("prior from cache %s", self.path)
        return prior

    def store(self, prior: Prior) -> None:
        """Write the prior's tables (atomically), then prune old entries; never raises."""
        if not isinstance(prior, WordfreqPrior):
            return
        try:
            write_atomic(self.path, lambda f: encode(prior, self.digest, f))
            prune(self.path.parent, self.path, "prior-*.bin", KEEP)
        except OSError as e:
            log.debug("the prior cache %s was not written (%s)", self.path, e)
        except Exception as e:  # noqa: BLE001 - placing entries never fails because of the cache
            log.warning("the prior cache %s was not written (%s: %s)", display_path(self.path), type(e).__name__, e)


def encode(prior: WordfreqPrior, digest: bytes, out: IO[bytes]) -> None:
    """Header, the section lengths, the sections (countries, then three buffers for each table:
    stems, concepts, each language's words), and a sha256 of all that."""
    sections = ["\n".join(sorted(prior.countries)).encode("utf-8")]
    for table in (prior.stems, prior.concepts, *prior.words):
        blob, ends, values = table.buffers()
        sections += [blob, ends.tobytes(), values.tobytes()]
    check = hashlib.sha256()
    for part in (HEADER.pack(MAGIC, FORMAT, digest, len(sections)), struct.pack(f"<{len(sections)}Q",
                 *map(len, sections)), *sections):
        check.update(part)
        out.write(part)
    out.write(check.digest())


def decode(data: bytes, digest: bytes) -> WordfreqPrior:
    """The prior ``encode`` wrote under this key; ValueError for anything else."""
    if len(data) < HEADER.size + DIGEST:
        raise ValueError("truncated")
    magic, form, key, count = HEADER.unpack_from(data)
    if (magic, form, key) != (MAGIC, FORMAT, digest) or count < 7 or count % 3 != 1:
        raise ValueError("another format or key")
    view = memoryview(data)
    if hashlib.sha256(view[:-DIGEST]).digest() != data[-DIGEST:]:
        raise ValueError("corrupt (checksum)")
    at = HEADER.size + 8 * count
    lengths = struct.unpack_from(f"<{count}Q", data, HEADER.size)
    if at + sum(lengths) + DIGEST != len(data):
        raise ValueError("section lengths do not add up")
    sections = []
    for length in lengths:
        sections.append(view[at:at + length])
        at += length
    text = bytes(sections[0]).decode("utf-8")
    tables = [_table(*sections[i:i + 3]) for i in range(1, count, 3)]
    return WordfreqPrior.from_tables(frozenset(text.split("\n")) if text else frozenset(), tables[0], tables[1],
                                     tables[2:])


def _table(blob: memoryview, ends: memoryview, values: memoryview) -> FrozenFloats:
    offsets, floats = array("I"), array("d")
    offsets.frombytes(ends)
    floats.frombytes(values)
    return FrozenFloats.from_buffers(bytes(blob), offsets, floats)
