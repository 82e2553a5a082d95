"""Hard negatives by kind, with real reporting from bench/data/stories.jsonl (ids given; each line
names its outlet and link): what a blind holdout merged that are different events, and the near
cases that are one event and must still group."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from watcher.stories import EntryText
from watcher.stories.timeline import place_all

BENCH = Path(__file__).resolve().parents[2] / "bench" / "data" / "stories.jsonl"
_ROWS = {d["id"]: d for d in map(json.loads, BENCH.read_text(encoding="utf-8").splitlines())}


def _real(item_id: str, at: str | None = None) -> EntryText:
    d = _ROWS[item_id]
    when = datetime.fromisoformat((at or d["published"]).replace("Z", "+00:00"))
    return EntryText(d["title"], d["summary"], d["link"], d["lang"], d["source"], when.astimezone(timezone.utc))


def _stories(*ids: str) -> list[int]:
    return [a.story_id for a in place_all([_real(i) for i in ids])]


def test_tour_legs_the_same_day_are_two_stories_even_when_a_lead_names_the_region():
    """Rubio's El Salvador leg (s0023 AP, s0027) and his arrival in Guatemala the next day
    (s0352: "... en el marco de su gira por Centroamérica", a region that covers El Salvador too)."""
    sv_en, sv_es, gt = _stories("s0023", "s0027", "s0352")
    assert sv_en == sv_es and gt != sv_en


def test_a_round_up_naming_the_region_still_joins_the_countries_it_covers():
    """"Tres países centroamericanos firman convenio..." (s0147) is the Guatemala-Honduras-El Salvador
    signing (s0141): a region is vague, but nothing it says contradicts the named countries."""
    named, roundup = _stories("s0141", "s0147")
    assert named == roundup


def test_a_famous_name_and_a_generic_concept_do_not_join_two_pardons():
    """Trump pardons Henry Cuellar (s0385, 3 Dec 2025) the day after Juan Orlando Hernández's
    pardon and release (s0092, s0097): "Trump" and "pardon" are shared, the people are not."""
    placed = place_all([_real(i) for i in ("s0092", "s0097", "s0385")])
    joh_en, joh_en2, cuellar = (a.story_id for a in placed)
    assert joh_en == joh_en2 and cuellar != joh_en
    assert "names" in placed[2].placement.explanation.text()


def test_a_hearing_the_day_after_an_arrest_is_another_story():
    """Maduro captured and flown to New York (3-4 Jan 2026: s0371, s0372, s0376), then his
    arraignment (s0377, s0378; published on 5 Jan, here 35 h after the capture, before the rule
    for later developments applies). The same man and charges, recapped in every lead; the
    headlines report two steps of the case."""
    placed = place_all([_real("s0371"), _real("s0372"), _real("s0376"),
                        _real("s0377", "2026-01-04T23:00:00Z"), _real("s0378", "2026-01-04T23:30:00Z")])
    capture, capture2, capture3, hearing, hearing2 = (a.story_id for a in placed)
    assert capture == capture2 == capture3 and hearing == hearing2 and hearing != capture
    assert "stage" in placed[3].placement.explanation.text()


def test_an_arrest_for_an_extradition_is_one_step():
    """The US asks Honduras for Juan Orlando Hernández in extradition (s0053, 14 Feb 2022); the next
    day's "capturado tras petición de EEUU" (s0052) is the same development."""
    request, arrest = _stories("s0053", "s0052")
    assert request == arrest


def test_a_plea_is_a_hearing_not_a_verdict():
    from watcher.stories import extract_features
    plea = extract_features(EntryText("Maduro, wife plead not guilty to drug, gun charges", lang="en"))
    verdict = extract_features(EntryText("Ex-Honduras President Found Guilty in Drug Trafficking Trial", lang="en"))
    assert "c:arraignment" in plea.title_keys and "c:sentence" not in plea.title_keys
    assert "c:sentence" in verdict.title_keys


def test_near_tallies_of_one_flight_are_shared_evidence():
    """One US flight of Venezuelans through Honduras (20-21 Feb 2025): "170 venezolanos" (s0200)
    and "avión con 177 migrantes" (s0206). Outlets round and update a tally; 170 and 177 agree
    (within 5%), which counts as something they share, not only as no contradiction."""
    first, landed = _stories("s0200", "s0206")
    assert first == landed


def test_only_counts_of_100_or_more_are_tallies_and_years_never_are():
    from watcher.stories.score import is_tally, agree
    assert is_tally("170") and is_tally("1250")
    assert not is_tally("29") and not is_tally("2025")
    assert agree("170", "177") and not agree("26", "29") and not agree("2025", "2026")


def test_a_headline_number_is_unmatched_only_when_no_number_of_the_other_side_agrees():
    """The numbers check keeps exactly the numbers that agree (``agree``) with none of the other
    side's: a tally with a near one, a small count or a year only with an equal number (written
    out in a loop for speed: it must say what the pairwise rule says)."""
    from itertools import combinations

    from watcher.stories.score import _unmatched, agree
    numbers = ["0", "3", "26", "29", "99.9", "100", "104.9", "105", "170", "177", "1899", "1900", "1950.5",
               "2025", "2026", "2100", "2101", "2100.5", "1000000", "1050000", "100.0"]
    for mine in combinations(numbers, 2):
        for size in range(4):
            for theirs in combinations(numbers, size):
                expected = frozenset(n for n in mine if n not in theirs and not any(agree(n, m) for m in theirs))
                assert _unmatched(mine, theirs) == expected, (mine, theirs)
    assert _unmatched(("170", "26"), ("177", "2026")) == {"26"}
    assert _unmatched(("2025",), ("2025.0",)) == frozenset()


def test_a_preview_two_days_before_is_not_the_event():
    """Mulino's press conference as Rubio "prepares to visit" (s0354, 31 Jan 2025) and the visit
    itself (s0337, s0338, 2 Feb): the same names, the canal, the same country; the preview is its
    own development (scored 0.56 against the visit, under the 0.6 asked of an entry 36 h later)."""
    placed = place_all([_real(i) for i in ("s0354", "s0337", "s0338")])
    preview, visit, visit2 = (a.story_id for a in placed)
    assert visit == visit2 and preview != visit
    assert "time:" in placed[1].placement.explanation.text()


def test_the_next_leg_of_a_tour_whose_lead_recalls_the_last_one_is_another_story():
    """Noem's tour, 26-28 Mar 2025: Colombia on the 27th (s0400 AP, s0401 its Spanish copy, s0408
    Prensa Latina, whose lead recalls El Salvador and says the tour ends in Mexico) then Mexico on
    the 28th (s0411 AP and s0413, leads naming El Salvador and Colombia). A Mexico headline names a
    country most of the Colombia story never mentions and not Colombia, which its headlines name:
    the members that name both legs do not carry the Mexico leg in."""
    placed = place_all([_real(i) for i in ("s0400", "s0401", "s0408", "s0411", "s0413")])
    co, co_es, co_bridge, mx, mx2 = (a.story_id for a in placed)
    assert co == co_es == co_bridge and mx == mx2 and mx != co
    assert any("not co, which its headlines name" in a.placement.explanation.text() for a in placed[3:])


def test_a_trip_announced_two_days_before_is_not_the_visit():
    """"Kristi Noem visitará El Salvador..." (s0421, 24 Mar 2025, the itinerary) and the visit to
    the CECOT two days later (s0226 in English, s0395 in Spanish): a headline announcing what is to
    come begins a story; the event itself, more than 36 h later, is another development."""
    placed = place_all([_real(i) for i in ("s0421", "s0226", "s0395")])
    preview, visit, visit_es = (a.story_id for a in placed)
    assert visit == visit_es and preview != visit
    assert any("preview" in a.placement.explanation.text() for a in placed[1:])


def test_the_english_and_spanish_halves_of_one_transfer_the_same_day_are_one_story():
    """Mexico sends 37 cartel members to the US (20 Jan 2026): AP in English (s0433) and in Spanish
    (s0439), CNN en Español (s0443). Their words are two languages' stems; the names (García
    Harfuch), the number and the concepts are what they can share, and they share them."""
    placed = place_all([_real(i) for i in ("s0433", "s0439", "s0443")])
    assert len({a.story_id for a in placed}) == 1, [a.placement.explanation.text() for a in placed]


def test_generic_concepts_alone_do_not_join_two_languages():
    """Noem's talks in Honduras (s0001, AP) and the deportees' bridge through Honduras (s0201, El
    Heraldo) placed the same day: deportation, migration, Honduras, the US and a foreign ministry
    in common, no name, no number, no rare concept: two stories."""
    placed = place_all([_real("s0001"), _real("s0201", "2025-06-25T15:00:00Z")])
    assert placed[0].story_id != placed[1].story_id
