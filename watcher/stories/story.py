"""One story's accumulated features, bounded however many entries join it (pure).

A story starts as its first entry's features and grows as members join: it learns every
language's words for the event ("deportees" and "deportados"), every outlet's link and headline
words, up to fixed caps. Members past ``MAX_MEMBERS`` are only counted, so a feed that re-sends
one article under new GUIDs every poll grows a counter, not memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from watcher.stories.features import Features

MAX_MEMBERS = 64        # members whose words, links and names the story keeps
MAX_KEYS = 160          # feature keys per story
MAX_TITLE_KEYS = 64
MAX_LINKS = 16
MAX_OUTLETS = 64       # distinct outlets a story remembers (follow_up = N counts them)
MAX_NAMES = 16
# the steps of a case, each its own development (concept keys of data/concepts.yaml -> step): an
# arrest and an extradition put someone in custody (one arrest is made for an extradition), then
# come the first hearing, the verdict or sentence, a pardon
STAGES = {"c:arrest": "custody", "c:extradition": "custody", "c:arraignment": "hearing", "c:sentence": "verdict",
          "c:pardon": "pardon"}


@dataclass(frozen=True, slots=True)
class Profile:
    """What one member says that another entry may contradict (countries, numbers, names); small
    sorted tuples, not sets: a window holds one per story and sets of two items cost 216 bytes."""

    title_countries: tuple[str, ...]
    countries: tuple[str, ...]
    specific_countries: tuple[str, ...]
    named_countries: tuple[str, ...]
    title_numbers: tuple[str, ...]
    numbers: tuple[str, ...]
    title_names: tuple[tuple[str, ...], ...]
    name_words: tuple[str, ...]
    title_stages: tuple[str, ...]               # what the headline says happened to a case (arrest, hearing...)
    preview: bool = False                       # the headline announces what is to come

    @classmethod
    def of(cls, f: Features) -> Profile:
        countries = _t(f.countries)
        specific = countries if f.specific_countries == f.countries else _t(f.specific_countries)
        return cls(_t(f.title_countries), countries, specific, _t(f.named_countries), _t(f.title_numbers), _t(f.numbers),
                   tuple(_t(n) for n in f.title_names[:MAX_NAMES]), _t(f.name_words), _t(f.title_keys & STAGES.keys()),
                   f.title_preview)


def _t(items: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(items))


def is_tally(number: str) -> bool:
    """A count worth comparing as a tally: 100 or more, not a year."""
    x = float(number)
    return x >= 100 and not (1900 <= x <= 2100 and x.is_integer())


def tallies(numbers: tuple[str, ...], have: tuple[float, ...] = ()) -> tuple[float, ...]:
    """``have`` and the tallies among ``numbers`` (as numbers), each once, in ascending order
    (score.overlap looks for near ones by bisection)."""
    new = [x for x in map(float, filter(is_tally, numbers)) if x not in have]
    return tuple(sorted({*have, *new})) if new else have


@dataclass(slots=True, eq=False)
class Story:
    story_id: int
    seq: int                                # insertion order in the index (postings hold it)
    first_seen_at: datetime
    published_at: datetime | None           # earliest member's
    members: int
    keys: tuple[str, ...]
    title_keys: tuple[str, ...]
    seed_keys: tuple[str, ...]              # the first member's keys (its "size")
    mass: float                             # their weight (score.story_mass), as of the last member
    profiles: tuple[Profile, ...]           # one per member, up to MAX_MEMBERS
    links: tuple[str, ...]
    langs: tuple[str, ...]
    rules: tuple[str, ...] = ()             # rules that alerted for it (what storage recorded)
    outlets: tuple[str, ...] = ()           # the distinct sources (feeds) of its members, up to MAX_OUTLETS
    cross_mass: float = 0.0                 # the first member's weight without its words: what another language can share
    tallies: tuple[float, ...] = ()         # its members' tallies (is_tally), each once, ascending

    @classmethod
    def seed(cls, story_id: int, seq: int, f: Features, keys: tuple[str, ...], seen_at: datetime, mass: float) -> Story:
        titles = tuple(k for k in keys if k in f.title_keys)
        profile = Profile.of(f)
        return cls(story_id, seq, seen_at, f.published_at, 1, keys, titles, keys, mass, (profile,),
                   (f.link,) if f.link else (), (f.lang,) if f.lang else (), tallies=tallies(profile.numbers))

    def grow(self, f: Features, keys: tuple[str, ...]) -> tuple[str, ...]:
        """Take in a new member; returns the keys the story did not have before."""
        self.members += 1
        if f.published_at:
            self.published_at = min(self.published_at or f.published_at, f.published_at)
        if self.members > MAX_MEMBERS:
            return ()
        if f.lang and f.lang not in self.langs:
            self.langs = (*self.langs, f.lang)
        if f.link and f.link not in self.links and len(self.links) < MAX_LINKS:
            self.links = (*self.links, f.link)
        profile = Profile.of(f)
        self.profiles = (*self.profiles, profile)
        self.tallies = tallies(profile.numbers, self.tallies)
        return self._grow_keys(f, keys)

    def _grow_keys(self, f: Features, keys: tuple[str, ...]) -> tuple[str, ...]:
        have = set(self.keys)
        fresh = [k for k in keys if k not in have]
        # headline words first: they say what the event is
        fresh.sort(key=lambda k: k not in f.title_keys)
        fresh = fresh[: max(0, MAX_KEYS - len(self.keys))]
        self.keys = (*self.keys, *fresh)
        titles = set(self.title_keys)
        new_titles = [k for k in keys if k in f.title_keys and k not in titles and (k in have or k in fresh)]
        self.title_keys = (*self.title_keys, *new_titles)[:MAX_TITLE_KEYS]
        return tuple(fresh)


@dataclass(frozen=True, slots=True)
class StoryView:
    """What a caller may read of a story (the index keeps the mutable one)."""

    story_id: int
    first_seen_at: datetime
    members: int
    langs: tuple[str, ...]
    links: tuple[str, ...]
