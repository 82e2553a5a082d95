"""The story engine's signals, one normalisation at a time: links, numbers, entities, concepts."""

from __future__ import annotations

import unicodedata

import pytest
import yaml

from conftest import REPO
from watcher.parse.identity import canonical_url
from watcher.stories import EntryText, extract_features, link_key
from watcher.stories.concepts import build_table, default_table, TableError
from watcher.stories.lexicon import default_lexicon
from watcher.stories.numbers import find_numbers
from watcher.stories.text import analyse, strip_publisher


# -- links -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("variant", [
    "https://www.laprensa.hn/honduras/extradici%C3%B3n-joh",
    "https://www.laprensa.hn/honduras/extradici%c3%b3n-joh",
    "https://www.laprensa.hn/honduras/extradición-joh",
    "https://laprensa.hn/honduras/" + unicodedata.normalize("NFD", "extradición") + "-joh/",
    "http://www.LaPrensa.hn:80/honduras/extradici%C3%B3n-joh?utm_source=rss#comments",
])
def test_percent_encoding_case_and_utf8_forms_are_one_link(variant):
    assert canonical_url(variant) == "https://laprensa.hn/honduras/extradici%C3%B3n-joh"


def test_canonical_links_keep_what_identifies_the_article():
    assert canonical_url("https://x.example/nota?id=1") != canonical_url("https://x.example/nota?id=2")
    assert canonical_url("https://x.example/a%2Fb") != canonical_url("https://x.example/a/b"), "an encoded slash is data"
    assert canonical_url("https://x.example/Nota") != canonical_url("https://x.example/nota"), "paths are case-sensitive"
    assert canonical_url("mailto:desk@example.org") == "mailto:desk@example.org"


@pytest.mark.parametrize("variant", [
    "https://amp.elheraldo.hn/pais/deportados-vuelo",
    "https://www.elheraldo.hn/amp/pais/deportados-vuelo",
    "https://elheraldo.hn/pais/deportados-vuelo/amp/",
    "https://elheraldo.hn/pais/deportados-vuelo?outputType=amp",
    "https://www-elheraldo-hn.cdn.ampproject.org/c/s/www.elheraldo.hn/pais/deportados-vuelo",
    "https://www.google.com/amp/s/www.elheraldo.hn/pais/deportados-vuelo",
])
def test_amp_variants_lead_to_the_article(variant):
    assert link_key(variant) == "https://elheraldo.hn/pais/deportados-vuelo"


def test_links_that_only_contain_amp_are_left_alone():
    assert link_key("https://x.example/campaign/amplify-voices") == "https://x.example/campaign/amplify-voices"


@pytest.mark.parametrize("title,source,expected", [
    ("Honduras firma carta de intención con EE. UU. - La Prensa", None, "Honduras firma carta de intención con EE. UU."),
    ("Noem se reúne con Xiomara Castro | El Heraldo", "El Heraldo Honduras", "Noem se reúne con Xiomara Castro"),
    ("Deportados llegan a San Pedro Sula - diario tiempo", "Diario Tiempo", "Deportados llegan a San Pedro Sula"),
    ("Guatemala - Estados Unidos: acuerdo de tercer país seguro firmado hoy", None,
     "Guatemala - Estados Unidos: acuerdo de tercer país seguro firmado hoy"),
])
def test_the_publisher_suffix_of_aggregator_titles_goes(title, source, expected):
    assert strip_publisher(title, source) == expected


# -- numbers ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["1.250 deportados", "1,250 deportees", "1250 deportees", "1 250 migrantes",
                                  "1\u202f250 migrants"])
def test_thousands_separators_of_every_convention_are_one_number(text):
    scales = {**default_lexicon().scales["en"], **default_lexicon().scales["es"]}
    assert find_numbers(text, scales) == ["1250"]


@pytest.mark.parametrize("text,expected", [
    ("3,5 %", ["3.5"]), ("3.5 percent", ["3.5"]), ("$1.5 billion", ["1500000000"]),
    ("1,5 millones de dólares", ["1500000"]), ("1.250 millones", ["1250000000"]),
    ("COVID-19 y el G20", []), ("el 20th y el 2nd", ["20", "2"]), ("en 2025.", ["2025"]),
])
def test_decimals_scales_and_names_with_digits(text, expected):
    scales = {**default_lexicon().scales["en"], **default_lexicon().scales["es"]}
    assert find_numbers(text, scales) == expected


def test_number_words_count_in_their_own_language_only():
    es = extract_features(EntryText("Honduras extradita a tres narcotraficantes", lang="es"))
    en = extract_features(EntryText("Honduras extradites three drug traffickers", lang="en"))
    once = extract_features(EntryText("Honduras once again extradites a drug lord", lang="en"))
    assert es.title_numbers == en.title_numbers == {"3"}
    assert once.title_numbers == frozenset(), "'once' is 11 in Spanish only"


# -- entities --------------------------------------------------------------------------------------

def test_names_are_folded_and_lose_their_titles_in_both_languages():
    es = extract_features(EntryText("Presidenta Xiomara Castro recibe a la secretaria Kristi Noem", lang="es"))
    en = extract_features(EntryText("Honduran President Xiomara Castro meets Secretary Kristi Noem", lang="en"))
    assert {"e:xiomara", "e:castro", "e:kristi", "e:noem"} <= es.keys & en.keys
    assert {frozenset({"xiomara", "castro"}), frozenset({"kristi", "noem"})} <= set(es.title_names)
    assert not any(k in es.keys for k in ("e:presidenta", "e:secretaria"))


def test_accents_do_not_split_a_name():
    a = extract_features(EntryText("Fiscalía acusa a Mario José Hernández Álvarez", lang="es"))
    b = extract_features(EntryText("Prosecutors charge Mario Jose Hernandez Alvarez", lang="en"))
    assert {"e:mario", "e:jose", "e:hernandez", "e:alvarez"} <= a.keys & b.keys


def test_capitals_of_title_case_headlines_and_sentence_starts_are_not_names():
    titled = extract_features(EntryText("Guatemala Agrees To Take More Deportation Flights", lang="en"))
    assert not any(k.startswith("e:") for k in titled.keys)
    start = extract_features(EntryText("Deportan a 64 migrantes desde Texas", lang="es"))
    assert "e:deportan" not in start.keys
    named = extract_features(EntryText("Rubio dice que El Salvador acepta deportados",
                                       "El secretario Marco Rubio anunció el acuerdo.", lang="es"))
    assert "e:rubio" in named.keys, "a capital at a sentence start counts when the name appears mid-sentence"


def test_datelines_in_capitals_are_places_not_abbreviations():
    f = extract_features(EntryText("Bukele ofrece sus cárceles", "SAN SALVADOR, El Salvador (AP) — El presidente ...",
                                   lang="es"))
    assert "c:sv" in f.keys and not any(k in f.keys for k in ("e:san", "t:san", "e:ap"))


# -- concepts --------------------------------------------------------------------------------------

def concepts_of(text: str, lang: str) -> set[str]:
    return {k[2:] for k in analyse(text, lang, default_lexicon(), default_table()).keys if k.startswith("c:")}


@pytest.mark.parametrize("text,lang", [
    ("EE. UU.", "es"), ("EEUU", "es"), ("EE.UU.", "es"), ("Estados Unidos", "es"), ("U.S.", "en"), ("US", "en"),
    ("United States", "en"), ("estadounidenses", "es"), ("Americans", "en"), ("Vereinigten Staaten", "de"),
])
def test_every_name_of_the_united_states_is_one_concept(text, lang):
    assert "us" in concepts_of(f"{text} y Honduras", lang)


def test_capitals_matter_only_for_abbreviations():
    assert "us" not in concepts_of("Noem told us about it", "en")
    assert "ice" not in concepts_of("Roads covered in ice", "en")
    assert "ice" in concepts_of("ICE detained him", "en")


@pytest.mark.parametrize("pair,concept", [
    (("Department of Homeland Security", "Departamento de Seguridad Nacional"), "dhs"),
    (("DHS", "Seguridad Nacional"), "dhs"),
    (("Supreme Court", "Corte Suprema de Justicia"), "supreme-court"),
    (("extradition", "extradición"), "extradition"),
    (("deportees", "deportados"), "deportation"),
    (("letter of intent", "carta de intención"), "letter-of-intent"),
    (("safe third country", "tercer país seguro"), "safe-third-country"),
    (("biometric", "biométricos"), "biometric"),
    (("pardoned", "indultado"), "pardon"),
])
def test_bilingual_concepts(pair, concept):
    en, es = pair
    assert concept in concepts_of(en, "en") and concept in concepts_of(es, "es")


def test_mexican_eu_is_not_the_european_union_and_agreeing_verbs_are_agreements():
    """Mexican Spanish writes EU for Estados Unidos ("“Quédate en México”, México y EU Acuerdan
    Reanudar el Programa", Crónicas Políticas, 2 Dec 2021,
    https://cronicaspoliticas.mx/quedate-en-mexico-mexico-y-eu-acuerdan-reanudar-el-programa/;
    "México y Estados Unidos acordaron reactivar...", https://noticiascubanas.com/?p=54891): read as the European Union it
    gave a Spanish entry a concept its English coverage never has; the verb ("acuerdan",
    "acordaron") is the same agreement as "acuerdo" and "deal"."""
    es = concepts_of("“Quédate en México”, México y EU Acuerdan Reanudar el Programa", "es")
    assert "european-union" not in es and {"remain-in-mexico", "agreement"} <= es
    assert "agreement" in concepts_of("México y Estados Unidos acordaron reactivar el programa", "es")
    assert "european-union" in concepts_of("La Unión Europea aprueba el pacto migratorio", "es")


def test_the_longest_name_wins_and_regions_are_not_countries():
    assert concepts_of("New Mexico governor", "en") == {"new-mexico", "us"}
    assert concepts_of("Gulf of Mexico", "en") == {"gulf-of-mexico"}
    assert "mx" not in concepts_of("Centroamérica y el Golfo de México", "es")


def test_regions_and_people_imply_countries_without_naming_them():
    f = extract_features(EntryText("Tres países centroamericanos firman convenio biométrico",
                                   "El acuerdo lo anunció Bukele.", lang="es"))
    assert {"gt", "hn", "sv"} <= f.countries and f.title_countries == frozenset()


def test_rule_lists_name_the_same_countries_as_the_concept_table():
    """The shipped watchlist's country lists (rules/lists/central-america.yaml) and the concept
    table must agree: every place term there names its country here."""
    lists = yaml.safe_load((REPO / "rules" / "lists" / "central-america.yaml").read_text(encoding="utf-8"))["lists"]
    country = {"honduras": "hn", "guatemala": "gt", "el-salvador": "sv", "nicaragua": "ni", "costa-rica": "cr",
               "mexico": "mx"}
    lex, table = default_lexicon(), default_table()
    for name, code in country.items():
        for term in lists[name]:
            text = term.rstrip("*") + ("o" if term.endswith("*") else "")
            signals = analyse(f"Noticias: {text} hoy", "es", lex, table)
            assert code in signals.mentions, f"{name}: {term!r} does not name {code}"


def test_a_term_naming_two_concepts_is_refused():
    with pytest.raises(TableError, match="names both"):
        build_table({"countries": {"hn": {"en": ["Honduras"]}, "gt": {"es": ["Honduras"]}}})
    with pytest.raises(TableError, match="unknown country"):
        build_table({"countries": {"hn": {"en": ["Honduras"]}}, "places": {"x": {"in": "zz", "en": ["Xplace"]}}})


def test_the_shipped_tables_load():
    data = yaml.safe_load((REPO / "watcher" / "stories" / "data" / "language.yaml").read_text(encoding="utf-8"))
    for section in ("stopwords", "titles"):
        for lang, words in data[section].items():
            assert all(isinstance(w, str) for w in words), f"{section}.{lang}: YAML read a word as a boolean"
    assert len(default_table().countries) > 50


@pytest.mark.parametrize("url", ["https://WWW.Example.com/a/b/", "http://news.example./x.html", "https://a.example/./b",
                                 "https://a.example/b/../c", "https://a.example//b//", "https://a.example",
                                 "https://a.example/~user/x-y_z.html", "https://a.example/.hidden/x"])
def test_the_fast_path_of_canonical_links_agrees_with_yarl(url, monkeypatch):
    from watcher.parse import identity
    fast = identity.canonical_url(url)
    monkeypatch.setattr(identity, "_PLAIN", identity.re.compile(r"(?!)"))    # every URL through yarl
    assert fast == identity.canonical_url(url)


@pytest.mark.parametrize("url", ["https://example.com/campaign/2024", "https://amp.example.com/a", "https://example.com/a/amp",
                                 "https://example.com/amp/a", "https://example.com/a.amp.html", "https://example.com/amp.html",
                                 "https://camp.example/ampa/x", "https://example.com/AMP/a", "https://ex-amp-le.com/a//amp",
                                 "https://example.com/champ?amp=1", "https://example.com./amp"])
def test_the_fast_path_of_story_links_agrees_with_yarl(url, monkeypatch):
    from watcher.stories import links
    fast = links.link_key(url)
    monkeypatch.setattr(links, "_plain_without_amp", lambda canonical: False)    # every AMP-ish URL through yarl
    assert fast == links.link_key(url)


@pytest.mark.parametrize("concept, texts", [
    # named programmes and laws: phrases with the names real reporting gives them (bench/data/stories.jsonl
    # s0445-s0456: Remain in Mexico 2021 and 2025)
    ("remain-in-mexico", [("Biden reaches an agreement with AMLO to reestablish Remain in Mexico", "en"),
                          ("Return of the first migrants as part of the 'stay in Mexico' policy", "en"),
                          ("El DHS restableció los Protocolos de Protección a Migrantes (MPP)", "es"),
                          ("Retorna EU a 226 durante el reinicio del programa Permanecer en México", "es")]),
    ("title-42", [("US and Mexico expand Title 42", "en"), ("Termina el Título 42 en la frontera", "es")]),
    ("extradition-treaty", [("Honduras to end extradition treaty with the US", "en"),
                            ("Honduras denuncia el tratado de extradición con Estados Unidos", "es"),
                            ("هندوراس تلغي معاهدة تسليم المجرمين مع الولايات المتحدة", "ar")]),
    # legal actions on nationality (s0422-s0432: Nicaragua, 15 Feb 2023)
    ("stripped-of-nationality", [("Nicaragua withdraws the nationality of another 94 opponents", "en"),
                                 ("Ortega revokes the citizenship of 94 other Nicaraguans", "en"),
                                 ("Nicaragua: casi 100 ciudadanos fueron despojados de su nacionalidad", "es"),
                                 ("Nicaragua destierra al Premio Cervantes Sergio Ramírez", "es"),
                                 ("94 nicaragüenses declarados apátridas", "es")]),
    # transfers of prisoners between governments (s0433-s0444: Mexico, 20 Jan 2026)
    ("transfer", [("Mexico hands over 37 members of criminal organizations to the U.S.", "en"),
                  ("México traslada 37 presos vinculados al narco a Estados Unidos", "es"),
                  ("México entrega a Estados Unidos a otros 37 miembros de organizaciones criminales", "es")]),
])
def test_a_named_programme_or_measure_is_one_concept_in_every_language(concept, texts):
    for text, lang in texts:
        assert "c:" + concept in extract_features(EntryText(text, lang=lang)).keys, text


@pytest.mark.parametrize("tail", ["The post Noem visits Honduras appeared first on Diario X.",
                                  "LA ENTRADA Noem visita Honduras se publicó primero en Diario X.",
                                  "Continue Reading →", "SEGUIR LEYENDO", "Read More..."])
def test_feed_boilerplate_tails_are_cut_whatever_their_capitals(tail):
    from watcher.stories.text import strip_boilerplate
    assert strip_boilerplate(f"Kristi Noem met Xiomara Castro in Tegucigalpa. {tail}", "") == \
        "Kristi Noem met Xiomara Castro in Tegucigalpa."


def test_a_brother_coming_home_is_not_hondurass_returnee_programme():
    """Honduras' programme for deportees is "Hermano, hermana vuelve a casa": the rules' country list
    reads its comma form or the programme named (review 7), and so must the concept table, or a
    sports headline about a brother coming home names Honduras to the story engine."""
    lex, table = default_lexicon(), default_table()
    sport = analyse("El hermano vuelve a casa: Jonathan dos Santos regresa al América", "es", lex, table)
    programme = analyse("Programa Hermano, hermana vuelve a casa recibe a 300 deportados", "es", lex, table)
    assert "hn" not in sport.mentions
    assert "hn" in programme.mentions
