"""The story index: what joins, what never merges (each hard-negative kind), explanations,
determinism and the memory bound."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from watcher.stories import EntryText, Limits, Reason, StoredMember, StoryIndex, extract_features, place_all
from watcher.stories import story as story_module

T0 = datetime(2025, 6, 25, 12, 0, tzinfo=timezone.utc)


def entry(title: str, summary: str = "", lang: str = "es", at: datetime = T0, link: str | None = None) -> EntryText:
    return EntryText(title, summary, link, lang, None, at)


def grouped(*entries: EntryText) -> list[int]:
    return [a.story_id for a in place_all(list(entries))]


# Real AP copy of 25 June 2025 (English and Spanish wires), as carried by outlets.
AP_EN = entry(
    "Honduras, US discuss immigration, security after tense start to relations under Trump administration",
    "TEGUCIGALPA, Honduras — Honduras President Xiomara Castro and U.S. Homeland Security Secretary Kristi Noem "
    "discussed immigration and border security in their first meeting Wednesday. Honduras Foreign Affairs Minister "
    "Javier Bú Soto later said that Honduras signed a letter of intent toward reaching an agreement on sharing "
    "biometric data from people transiting the country with the U.S. government.", "en")
AP_ES = entry(
    "Honduras y EEUU discuten migración y seguridad tras inicio tenso de relaciones con gobierno de Trump",
    "TEGUCIGALPA, Honduras (AP) — La presidenta de Honduras, Xiomara Castro, y la secretaria de Seguridad Nacional "
    "de Estados Unidos, Kristi Noem, discutieron el miércoles sobre inmigración y seguridad fronteriza en su primera "
    "reunión. El ministro de Relaciones Exteriores de Honduras, Javier Bú Soto, dijo más tarde que Honduras firmó "
    "una carta de intención para compartir datos biométricos.", "es", T0 + timedelta(hours=3))


def test_one_event_in_two_languages_is_one_story_and_says_why():
    (a, b) = place_all([AP_EN, AP_ES])
    assert a.story_id == b.story_id
    why = b.placement.explanation
    assert why.reason is Reason.JOINED
    shared = why.shared_by_kind()
    assert {"noem", "xiomara", "castro"} <= set(shared["entities"])
    assert {"letter-of-intent", "biometric", "hn", "us"} <= set(shared["concepts"])
    assert why.text().startswith(f"joined story {a.story_id} (score ")


EXTRADITION = ("{country} extradita a Estados Unidos a exalcalde acusado de narcotráfico y lavado de dinero",
               "La Corte Suprema de Justicia autorizó la entrega del exalcalde, pedido por una corte de Nueva York "
               "por conspirar para traficar cocaína.")


def test_a_different_country_is_a_different_story():
    title, summary = EXTRADITION
    hn = entry(title.format(country="Honduras"), summary)
    gt = entry(title.format(country="Guatemala"), summary, at=T0 + timedelta(hours=2))
    same = entry(title.format(country="Honduras") + " - La Prensa", summary, at=T0 + timedelta(hours=3))
    first, second, third = place_all([hn, gt, same])
    assert first.story_id != second.story_id and third.story_id == first.story_id
    why = second.placement.explanation
    assert why.reason is Reason.NEW and why.story_id == first.story_id
    assert any(d.startswith("countries:") for d in why.disagreements)


def test_different_numbers_are_different_stories_whatever_the_convention():
    three = entry("Honduras recibe 3 vuelos con migrantes deportados desde Estados Unidos este martes")
    four = entry("Honduras recibe 4 vuelos con migrantes deportados desde Estados Unidos este martes",
                 at=T0 + timedelta(hours=1))
    assert len(set(grouped(three, four))) == 2
    es = entry("Honduras recibió 1.250 deportados desde Estados Unidos en enero, según el Instituto de Migración")
    en = entry("Honduras received 1,250 deportees from the United States in January, migration institute says",
               lang="en", at=T0 + timedelta(hours=1))
    other = entry("Honduras received 2,100 deportees from the United States in January, migration institute says",
                  lang="en", at=T0 + timedelta(hours=2))
    assert grouped(es, en, other) == [1, 1, 2]


def test_tallies_of_one_flight_may_differ_a_little():
    a = entry("Llegan a Honduras 177 venezolanos deportados desde Guantánamo rumbo a Caracas")
    b = entry("Llegan a Honduras 174 venezolanos deportados desde Guantánamo rumbo a Caracas", at=T0 + timedelta(hours=1))
    c = entry("Llegan a Honduras 26 venezolanos deportados desde Guantánamo rumbo a Caracas", at=T0 + timedelta(hours=2))
    d = entry("Llegan a Honduras 29 venezolanos deportados desde Guantánamo rumbo a Caracas", at=T0 + timedelta(hours=3))
    ids = grouped(a, b, c, d)
    assert ids[0] == ids[1] and len({ids[0], ids[2], ids[3]}) == 3


def test_different_people_named_are_different_stories():
    urbina = entry("Extraditan a Estados Unidos al exalcalde Arnaldo Urbina Soto por narcotráfico",
                   "El exalcalde Arnaldo Urbina Soto fue entregado a agentes de la DEA en Tegucigalpa.")
    najera = entry("Extraditan a Estados Unidos al exdiputado Fredy Nájera Montoya por narcotráfico",
                   "El exdiputado Fredy Nájera Montoya fue entregado a agentes de la DEA en Tegucigalpa.",
                   at=T0 + timedelta(hours=5))
    first, second = place_all([urbina, najera])
    assert first.story_id != second.story_id
    assert any(d.startswith("names:") for d in second.placement.explanation.disagreements)


def test_a_president_named_in_passing_does_not_split_a_story():
    a = entry("Noem visits CECOT mega-prison in El Salvador as Trump deportations continue",
              "Homeland Security Secretary Kristi Noem toured the CECOT prison with President Nayib Bukele.", "en")
    b = entry("Kristi Noem recorre el CECOT con Nayib Bukele en El Salvador",
              "La secretaria de Seguridad Nacional, Kristi Noem, visitó la megacárcel CECOT.", "es",
              T0 + timedelta(hours=2))
    assert len(set(grouped(a, b))) == 1


def test_a_follow_up_a_week_later_is_a_new_story():
    again = entry(AP_ES.title, AP_ES.summary, at=T0 + timedelta(days=7))
    ids = grouped(AP_EN, AP_ES, again)
    assert ids[0] == ids[1] != ids[2]


def test_the_window_is_measured_from_the_story_s_first_member():
    index = StoryIndex(Limits(window=timedelta(hours=24)))
    f = extract_features(AP_EN)
    index.add(1, f, T0)
    later = extract_features(AP_ES)
    assert index.place(later, T0 + timedelta(hours=23)).story_id == 1
    assert index.place(later, T0 + timedelta(hours=25)).story_id is None
    assert index.expire(T0 + timedelta(hours=25)) == [1] and len(index) == 0


def test_the_same_article_joins_by_link_whatever_its_spelling():
    a = entry("Honduras firma carta de intención", link="https://www.latribuna.hn/2025/06/25/carta-de-intenci%C3%B3n/")
    b = entry("Completely different words here", link="https://amp.latribuna.hn/2025/06/25/carta-de-intención/amp/",
              at=T0 + timedelta(hours=1))
    first, second = place_all([a, b])
    assert second.story_id == first.story_id and second.placement.explanation.reason is Reason.LINK


def test_placing_changes_nothing_and_the_result_does_not_depend_on_input_order():
    """Even the story numbers: entries published at the same moment are ordered by their text."""
    index = StoryIndex()
    index.add(1, extract_features(AP_EN), T0)
    before = index.stats()
    f = extract_features(AP_ES)
    assert index.place(f, AP_ES.published_at) == index.place(f, AP_ES.published_at)
    assert index.stats() == before
    entries = [AP_EN, AP_ES, entry(EXTRADITION[0].format(country="Guatemala"), EXTRADITION[1])]
    forward = [a.story_id for a in place_all(entries)]
    shuffled = [2, 0, 1]
    backward = [a.story_id for a in place_all([entries[i] for i in shuffled])]
    assert [backward[shuffled.index(i)] for i in range(3)] == forward


def test_a_feed_rotating_guids_keeps_the_index_within_its_bound():
    """The same article re-sent under a new GUID every poll (same link, same words), then with a
    new session id in its link every poll, then pure junk every poll: members only count, and
    junk never holds more than max_stories stories."""
    limits = Limits(max_stories=200)
    index = StoryIndex(limits)
    now, story_ids = T0, iter(range(1, 10**6))
    rng = random.Random(3)

    def poll(e: EntryText) -> None:
        f = extract_features(e)
        index.expire(now)
        placed = index.place(f, now)
        index.add(placed.story_id or next(story_ids), f, now)

    for i in range(3000):
        now = T0 + timedelta(minutes=i)
        poll(entry(AP_ES.title, AP_ES.summary, at=now, link="https://hn.example/nota"))
        poll(entry(AP_EN.title, AP_EN.summary, "en", now, f"https://us.example/story?session={i}x{rng.random()}"))
    stats = index.stats()
    assert stats.stories == 1, "both wires report one event"
    assert index.story(1).members == 6000
    assert stats.most_profiles <= story_module.MAX_MEMBERS and stats.most_keys <= story_module.MAX_KEYS
    assert stats.links <= 2 * story_module.MAX_LINKS
    words = [w for w in AP_EN.summary.split() if w.isalpha()]
    for i in range(3000):
        now = T0 + timedelta(hours=1, seconds=i)
        junk = " ".join(f"{rng.choice(words)}{rng.randrange(10**6)}" for _ in range(12))
        poll(entry(junk, junk, "en", now, f"https://junk.example/{i}"))
    stats = index.stats()
    assert stats.stories <= limits.max_stories
    assert stats.features <= limits.max_stories * story_module.MAX_KEYS
    assert stats.postings <= 3 * limits.max_stories * story_module.MAX_KEYS
    assert stats.links <= limits.max_stories * story_module.MAX_LINKS


def test_candidate_work_is_bounded_however_common_a_feature_is():
    limits = Limits(max_candidates=8)
    index = StoryIndex(limits)
    for i in range(500):
        index.add(i + 1, extract_features(entry(f"Honduras y Estados Unidos: reunión número {i} sobre migración")), T0)
    placed = index.place(extract_features(entry("Honduras y Estados Unidos hablan de migración")), T0)
    assert placed.explanation.candidates <= limits.max_candidates


def test_an_index_rebuilt_from_stored_rows_decides_as_the_live_one():
    """After a restart the daemon rebuilds the index from what storage keeps per entry (story id,
    first seen, text): the next entry is placed exactly as the live index would have."""
    title, summary = EXTRADITION
    arrivals = [(AP_EN, T0), (AP_ES, T0 + timedelta(hours=3)),
                (entry(title.format(country="Guatemala"), summary), T0 + timedelta(hours=4)),
                (entry(title.format(country="Honduras"), summary), T0 + timedelta(hours=5))]
    live, stored, next_id = StoryIndex(), [], 1
    for e, seen in arrivals:
        f = extract_features(e)
        story = live.place(f, seen).story_id
        if story is None:
            story, next_id = next_id, next_id + 1
        live.add(story, f, seen)
        stored.append(StoredMember(story, seen, e))
    now = T0 + timedelta(hours=6)
    rebuilt = StoryIndex.rebuild(reversed(stored), now)
    assert rebuilt.stats() == live.stats()
    late = extract_features(entry(AP_EN.title + " - AP News", AP_EN.summary, "en", now))
    assert rebuilt.place(late, now) == live.place(late, now)
    assert live.place(late, now).story_id == 1


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def _bench(item_id: str, at: datetime) -> EntryText:
    """A labelled real entry of bench/data/stories.jsonl (its line names the source), published ``at``."""
    path = Path(__file__).resolve().parents[2] / "bench" / "data" / "stories.jsonl"
    d = next(d for d in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if d["id"] == item_id)
    return EntryText(d["title"], d["summary"], d["link"], d["lang"], d["source"], at)


def test_the_next_leg_of_a_tour_is_not_chained_to_the_last_one():
    """Rubio in El Salvador (3 Feb 2025, AP and La Prensa Gráfica as in bench/data s0023, s0027),
    then a report of his arrival in Costa Rica that names the El Salvador leg (icndigital.com) and
    the Costa Rica leg itself (newsworldmedia.news). The arrival is the next leg's story."""
    sv_en, sv_es = (_bench(i, _at(t)) for i, t in (("s0023", "2025-02-03T23:00"), ("s0027", "2025-02-04T01:00")))
    chain = EntryText("Marco Rubio continúa su gira y llega a Costa Rica tras visitar El Salvador",
                      "Después de su visita a El Salvador, Marco Rubio, Secretario de Estado de Estados Unidos, llegó "
                      "a Costa Rica para continuar su gira por Centroamérica.", None, "es", None, _at("2025-02-04T16:00"))
    leg = EntryText("Rubio visiting Costa Rica, Guatemala to countering Chinese influence",
                    "U.S. Secretary of State Marco Rubio is set to hold meetings Tuesday with officials in Costa Rica "
                    "and later in Guatemala as part of a tour of Latin America focused on migration. Rubio was in El "
                    "Salvador for talks Monday with President Nayib Bukele.", None, "en", None, _at("2025-02-04T18:00"))
    placed = place_all([sv_en, sv_es, chain, leg])
    ids = [a.story_id for a in placed]
    assert ids[0] == ids[1] and ids[2] != ids[0] and ids[3] != ids[0]
    assert "never mentions" in placed[2].placement.explanation.text()


def test_an_agreement_and_its_first_flight_days_later_are_two_stories():
    """Costa Rica agrees to take deportees from other countries (17-19 Feb 2025: rccnoticias.com.do,
    nation.com.pk) and the first flight arrives on the 20th (cnewsliveenglish.com)."""
    agreed_es = EntryText("Costa Rica acepta recibir migrantes deportados de EE. UU.",
                          "El Gobierno de Costa Rica aceptó colaborar con Estados Unidos en la repatriación de 200 "
                          "migrantes ilegales, quienes serán trasladados temporalmente al país antes de ser enviados a "
                          "sus naciones de origen.", None, "es", None, _at("2025-02-18T02:00"))
    agreed_en = EntryText("Costa Rica says will receive deported migrants from US",
                          "SAN JOSÉ - Costa Rica announced Monday it would receive migrants from other countries who "
                          "were deported by the United States, following in the footsteps of Panama and Guatemala.",
                          None, "en", None, _at("2025-02-19T04:00"))
    arrived = EntryText("Costa Rica receives US deported migrants, majority from Asia",
                        "Costa Rica's government on Thursday welcomed its first group of mostly Asian migrants "
                        "deported from the United States, marking the beginning of a deal to temporarily shelter up "
                        "to 200 deportees from various nations.", None, "en", None, _at("2025-02-20T22:00"))
    placed = place_all([agreed_es, agreed_en, arrived])
    ids = [a.story_id for a in placed]
    assert ids[0] == ids[1] != ids[2]
    assert placed[2].placement.explanation.text().startswith("new story: nearest is story")


def test_a_storys_keys_are_entities_concepts_numbers_words_then_others_each_in_key_order():
    """kind_sorted (a story's key order, which decides the keys kept past its cap) sorts by kind,
    then by the key itself, whatever the keys: the same as sorting on (kind, key)."""
    from watcher.stories.features import kind_sorted
    order = {"e": 0, "c": 1, "n": 2, "t": 3}
    assert kind_sorted(["t:deport", "n:170", "x:1", "c:hn", "e:noem", "e:kristi", "a:2", "t:flight"]) == (
        "e:kristi", "e:noem", "c:hn", "n:170", "t:deport", "t:flight", "a:2", "x:1")
    rnd = random.Random(13)
    for _ in range(3000):
        keys = {"".join(rnd.choice("abcdefnotuzé:Ñ_0") for _ in range(rnd.randint(1, 5))) for _ in range(rnd.randint(0, 40))}
        assert kind_sorted(keys) == tuple(sorted(keys, key=lambda k: (order.get(k[0], 4), k)))
