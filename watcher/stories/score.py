"""Does an entry report the same development as a story? (pure)

Two questions, in this order:

1. Do they contradict each other? Merging two events hides the second one, so any of these keeps
   them apart whatever else they share:
   - countries: a headline names a country the other side never mentions, and the other side
     names one this side never mentions ("... in Honduras" / "... in Guatemala"), or a headline
     names two or more countries the other never mentions (a tour vs one of its stops);
   - numbers: each headline has a number the other side never gives ("3 flights" / "4 flights";
     tallies of 100 or more within 5% agree: outlets round and update them);
   - names: each headline names a person the other side never names, when the name is rare
     enough to be the subject (a president named in every other story is context).
   The check is made against each member of the story: contradicting at least half of them keeps
   the entry out (a member naming two countries must not open a story to both); and against the
   story's core: a headline naming a country most members never mention, and not one that at
   least half of the members' headlines name, is about another place (the next leg of a tour whose
   lead recalls the last one);
   - time: an entry published more than ``late_after`` after the story's first member must score
     ``late_min_score`` (a later development shares the words of the first one), and after
     ``new_country_after`` its headline may not name a country the story never mentions (the
     next leg of a tour). After ``next_day_after`` a headline reporting another step of a case
     than at least half of the story's members do is a new development (Maduro captured; two days
     later Maduro pleads not guilty). After ``late_after`` a headline reporting what a story of
     announcements (previews: "X will visit...", "visitará") said was to come is the event itself,
     another development.
2. How much of what the entry says does the story say too? Every shared feature counts by its
   rarity (weights.py), headline features double, a tally within 5% of one the story gives counts
   as given; the score is the shared weight over the weight
   of the smaller side (the entry, or the story's first member), and a minimum of shared weight
   keeps short headlines made of common words ("Honduras deportation flight") from joining anything.
   Across languages, within ``CROSS_WITHIN`` of the story's start and sharing a name, a number or
   a rare concept, the sides also weigh only what the other language can share (their words are
   another language's stems), discounted by ``CROSS_FACTOR``.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable, Collection, Iterable, Mapping, Sequence

from watcher.stories.features import Features
from watcher.stories.story import STAGES, Profile, Story, is_tally

TITLE_FACTOR = 2.0
NUMBER_TOLERANCE = 0.05
CROSS_FACTOR = 0.6     # across languages: the score over what the other language can share, discounted,
CROSS_RARE = 5.5       # ... sharing a name, a number or a concept at least this rare (a programme, not "deportation")
CROSS_WITHIN = timedelta(hours=20)  # for an entry published within this time of the story's first member
NAME_WEIGHT = 7.5      # a name whose words all weigh less ("Donald Trump") is context, not a subject


@dataclass(frozen=True, slots=True)
class Tuning:
    min_score: float = 0.28
    min_shared: float = 18.0
    # later developments: an entry published long after the story began must say much the same
    # ("agrees to take deportees" / "first deportees arrive" three days later), and one whose
    # headline names a country the whole story never mentions is a new leg of a tour, not the
    # same event ("Noem in Guatemala" / "... arrives in Mexico after Guatemala" the next day)
    late_after: timedelta = timedelta(hours=36)
    late_min_score: float = 0.6
    new_country_after: timedelta = timedelta(hours=12)
    # next-day developments of a case: another step (arrest, hearing, verdict, pardon) is another story
    next_day_after: timedelta = timedelta(hours=20)


DEFAULT_TUNING = Tuning()


@dataclass(frozen=True, slots=True)
class Verdict:
    score: float
    shared: tuple[tuple[str, float], ...]       # shared keys with their weight, heaviest first
    disagreements: tuple[str, ...]

    def joins(self, tuning: Tuning) -> bool:
        if self.disagreements:
            return False
        return self.score >= tuning.min_score and math.fsum(w for _, w in self.shared) >= tuning.min_shared


def disagreements(f: Features, s: Story, weigh: Callable[[str], float]) -> tuple[str, ...]:
    """What the entry contradicts in at least half of the story's members (none: no contradiction).

    Member by member, because a story's members together name more than each one does: a
    headline about Honduras and Guatemala must not open a Honduras story to Guatemala news."""
    def distinctive(name: tuple[str, ...]) -> bool:
        return max(weigh("e:" + w) for w in name) >= NAME_WEIGHT

    # measured: a strict majority lets more through. Looked for member by member until the
    # answer is known: half of them contradict it, or too few are left for half to
    profiles = s.profiles
    half, left = (len(profiles) + 1) // 2, len(profiles)
    first: tuple[str, ...] = ()
    count = 0
    for p in profiles:
        found = contradictions(f, p, distinctive)
        left -= 1
        if found:
            first = first or found
            count += 1
            if count >= half:
                return first
        elif count + left < half:
            break
    return another_place(f, s)


def another_place(f: Features, s: Story) -> tuple[str, ...]:
    """The entry's headline is about another place than the story's headlines: it names a country
    that most members never mention and not every country that at least half of its members'
    headlines name. Against the story's core, not the union of its members: the next leg of a tour
    whose lead recalls the last one ("Noem visits Mexico ... after El Salvador and Colombia") must
    not join the last leg, nor bring its vocabulary in for the rest of its leg."""
    mine = f.title_specific or f.title_countries
    if not mine:
        return ()
    profiles = s.profiles
    new = frozenset(c for c in mine if 2 * sum(c in p.specific_countries for p in profiles) < len(profiles))
    if not new:
        return ()
    named = [p.title_countries for p in profiles if p.title_countries]
    counts: dict[str, int] = {}
    for countries in named:
        for c in countries:
            counts[c] = counts.get(c, 0) + 1
    missing = [c for c, n in counts.items() if 2 * n >= len(named) and c not in mine]
    if not missing:
        return ()
    return (f"countries: entry's headline names {_list(new)}, which most of the story never mentions, "
            f"and not {_list(frozenset(missing))}, which its headlines name",)


def contradictions(f: Features, p: Profile, distinctive: Callable[[tuple[str, ...]], bool]) -> tuple[str, ...]:
    found = []
    if f.title_countries or p.title_countries:      # else neither headline names a country
        found.extend(_countries(f, p))
    # each side must have its own (the other side's is not looked for when this one has none)
    mine = _unmatched(f.title_numbers, p.numbers) if f.title_numbers and p.title_numbers else frozenset()
    theirs = _unmatched(p.title_numbers, f.numbers) if mine else frozenset()
    if mine and theirs:
        found.append(f"numbers: entry's headline says {_list(mine)}, the story's {_list(theirs)}")
    if f.title_names and p.title_names:
        name_words = p.name_words
        my_names = [n for n in f.title_names if n.isdisjoint(name_words) and distinctive(tuple(n))]
        their_names = [n for n in p.title_names if f.name_words.isdisjoint(n) and distinctive(n)] if my_names else []
        if my_names and their_names:
            found.append(f"names: entry's headline names {_names(my_names)}, the story's {_names(their_names)}")
    return tuple(found)


def _countries(f: Features, p: Profile) -> list[str]:
    if f.title_countries and p.title_countries:
        # both headlines name where it happened: a region mentioned in passing ("a tour of Central
        # America") does not make "Rubio in Guatemala" the same event as "Rubio in El Salvador"
        mine = f.title_countries.difference(p.specific_countries)
        theirs = _missing(p.title_countries, f.specific_countries)
    else:
        mine, theirs = f.title_countries.difference(p.countries), _missing(p.title_countries, f.countries)
    if len(mine) >= 2 or len(theirs) >= 2:
        return [f"countries: one headline names {_list(mine | theirs)}, the other never mentions them"]
    if mine and (theirs or _missing(p.named_countries, f.countries)):
        return [f"countries: entry's headline names {_list(mine)}, the story never mentions it"]
    if theirs and f.named_countries.difference(p.countries):
        return [f"countries: the story's headline names {_list(theirs)}, the entry never mentions it"]
    return []


def _missing(items: tuple[str, ...], others: frozenset[str]) -> frozenset[str]:
    return frozenset(items).difference(others) if items else frozenset()


def entry_weights(f: Features, weight: Mapping[str, float]) -> dict[str, float]:
    """Each of the entry's features with its weight (``weight``: each key's rarity, weights.py;
    headline features count double)."""
    title = f.title_keys
    return {k: weight[k] * (TITLE_FACTOR if k in title else 1.0) for k in f.keys}


def story_mass(keys: tuple[str, ...], title_keys: frozenset[str], weight: Mapping[str, float]) -> float:
    return math.fsum([weight[k] * (TITLE_FACTOR if k in title_keys else 1.0) for k in keys])


def cross_mass(keys: tuple[str, ...], title_keys: frozenset[str], weight: Mapping[str, float]) -> float:
    """The weight of what a text in another language can share: names, concepts, numbers (its words
    are another language's stems)."""
    return math.fsum([weight[k] * (TITLE_FACTOR if k in title_keys else 1.0) for k in keys if k[0] != "t"])


class Scoring:
    """What scoring an entry against candidates needs, computed once per entry: each feature's
    weight (headline features double), the entry's mass and cross-language mass, and its tallies
    that a near tally of the story may match."""

    __slots__ = ("cross", "f", "mass", "tallies", "weights")

    def __init__(self, f: Features, weights: dict[str, float]) -> None:
        self.f, self.weights = f, weights
        self.mass = math.fsum(weights.values())     # fsum: exact, so the order of a set's keys never shows
        self.cross = math.fsum([w for k, w in weights.items() if k[0] != "t"])
        self.tallies = tuple(("n:" + n, float(n)) for n in f.numbers if "n:" + n in weights and is_tally(n))


def overlap(e: Scoring, s: Story) -> tuple[float, frozenset[str]]:
    """The score (shared weight over the smaller side's weight) and the shared features. Across
    languages (no member in the entry's language) the sides weigh only what the other language
    can share, ``e.cross`` for the entry: a one-to-one concept match then counts like a rare word
    ("Remain in Mexico" / "Quédate en México" with the same numbers and names)."""
    f, weights, cross = e.f, e.weights, e.cross
    shared = f.keys.intersection(s.keys)
    total = math.fsum(map(weights.__getitem__, shared))   # exact: the same whatever the set's order
    # outlets round and update the tally of one flight (170 / 177): near tallies are shared too
    if e.tallies and s.tallies:
        # both sides are tallies (is_tally): they agree within the tolerance (_agree)
        near = frozenset(k for k, x in e.tallies if k not in shared and _near(x, s.tallies))
        if near:
            total += math.fsum(weights[k] for k in near)
            shared = shared | near
    score = total / (min(e.mass, s.mass) or 1.0)
    if (cross and s.cross_mass and f.lang and s.langs and f.lang not in s.langs
            and (f.published_at is None or s.published_at is None or f.published_at - s.published_at <= CROSS_WITHIN)
            and any(k[0] in "en" or (k in weights and weights[k] >= CROSS_RARE * (TITLE_FACTOR if k in f.title_keys else 1.0))
                    for k in shared if k[0] != "t")):
        score = max(score, CROSS_FACTOR * total / min(cross, s.cross_mass))
    return min(1.0, score), shared


def _near(x: float, theirs: tuple[float, ...]) -> bool:
    """A tally of ``theirs`` (ascending) agrees with ``x`` within the tolerance: only those between
    0.9x and x/0.9 can (a story of many members has many), the rule is applied to them."""
    lo, hi = bisect_left(theirs, x * 0.9), bisect_right(theirs, x / 0.9)
    return any(abs(x - t) <= NUMBER_TOLERANCE * (x if x > t else t) for t in theirs[lo:hi])


def verdict(f: Features, weights: dict[str, float], score: float, shared: frozenset[str], s: Story,
            weigh: Callable[[str], float], tuning: Tuning = DEFAULT_TUNING) -> Verdict:
    return Verdict(score, ranked(weights, shared), objections(f, s, score, weigh, tuning))


def objections(f: Features, s: Story, score: float, weigh: Callable[[str], float],
               tuning: Tuning = DEFAULT_TUNING) -> tuple[str, ...]:
    """A verdict's disagreements alone: what keeps the entry out of the story (none: nothing)."""
    return disagreements(f, s, weigh) or later_development(f, s, score, tuning)


def ranked(weights: Mapping[str, float], shared: Iterable[str]) -> tuple[tuple[str, float], ...]:
    """The shared keys with their weight, heaviest first (a verdict's ``shared``)."""
    return tuple(sorted(((k, weights[k]) for k in shared), key=lambda kv: (-kv[1], kv[0])))


def later_development(f: Features, s: Story, score: float, tuning: Tuning) -> tuple[str, ...]:
    """Why an entry published well after the story began is a new development (none: it is not)."""
    if f.published_at is None or s.published_at is None:
        return ()
    gap = f.published_at - s.published_at
    hours = gap.total_seconds() / 3600
    if gap > tuning.late_after and not f.title_preview and 2 * sum(p.preview for p in s.profiles) >= len(s.profiles):
        return (f"time: published {hours:.0f} h after the story began, which announced it (a preview); "
                "the event itself is another development",)
    if gap > tuning.late_after and score < tuning.late_min_score:
        return (f"time: published {hours:.0f} h after the story began, and too different (score {score:.2f} "
                f"< {tuning.late_min_score}) to be the same development",)
    if gap > tuning.new_country_after:
        mentioned = {c for p in s.profiles for c in p.countries}
        new = f.title_countries.difference(mentioned)
        if new:
            return (f"countries: published {hours:.0f} h after the story began, its headline names {_list(frozenset(new))}, "
                    "which the story never mentions",)
    if gap > tuning.next_day_after:
        return next_day(f, s, hours)
    return ()


def next_day(f: Features, s: Story, hours: float) -> tuple[str, ...]:
    """A day later, the same people at another step of a case: the entry's headline reports a step
    that at least half of the story's members' headlines do not (an arrest and an extradition are
    one step: custody; a hearing, a verdict or sentence, a pardon are others)."""
    steps = {STAGES[k] for k in f.title_keys if k in STAGES}
    if not steps:
        return ()
    other = [p.title_stages for p in s.profiles if p.title_stages and steps.isdisjoint(STAGES[k] for k in p.title_stages)]
    if 2 * len(other) < len(s.profiles):
        return ()
    return (f"stage: published {hours:.0f} h after the story began, its headline reports "
            f"{_list(frozenset(steps))}, the story's {_list(frozenset(STAGES[k] for k in other[0]))}",)


def _unmatched(numbers: Iterable[str], others: Collection[str]) -> frozenset[str]:
    """The numbers no other number agrees with (``others``: a tuple or a set). A plain loop: it
    runs for each member of each candidate story, most often one number against one."""
    found = []
    theirs: list[float] | None = None
    for n in numbers:
        if n not in others:
            if theirs is None:
                theirs = list(map(float, others))
            if not _agrees(float(n), theirs):
                found.append(n)
    return frozenset(found)


def _agrees(x: float, theirs: list[float]) -> bool:
    """``any(_agree(x, y) for y in theirs)``, written out (a call per pair was most of its cost):
    a small count or a year agrees only with an equal number; a tally, with an equal one or a
    tally within the tolerance."""
    if x < 100 or (1900 <= x <= 2100 and x.is_integer()):
        return x in theirs
    for y in theirs:
        if x == y or (y >= 100 and not (1900 <= y <= 2100 and y.is_integer())
                      and abs(x - y) <= NUMBER_TOLERANCE * (x if x > y else y)):
            return True
    return False


def agree(a: str, b: str) -> bool:
    """Counts of 100 or more within 5% of each other agree (outlets round and update tallies of one
    flight: 170 / 174 / 177); smaller counts and years must be equal (26 is not 29)."""
    return _agree(float(a), float(b))


def _agree(x: float, y: float) -> bool:
    if x == y:
        return True
    if x < 100 or y < 100 or (1900 <= x <= 2100 and x.is_integer()) or (1900 <= y <= 2100 and y.is_integer()):
        return False
    return abs(x - y) <= NUMBER_TOLERANCE * (x if x > y else y)


def _list(items: frozenset[str]) -> str:
    return ", ".join(sorted(items))


def _names(names: Sequence[Iterable[str]]) -> str:
    return "; ".join(" ".join(sorted(n)) for n in names)
