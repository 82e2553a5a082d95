"""Blind set P (issue 11): 183 items of the watch countries' national and local everyday press, in
Spanish, scored once before any change for them (recall 0.876, precision 0.911). Each miss and false
alert was named by kind and the kind fixed in the rule lists; here the set's own real headlines show
each kind, caught or left alone."""

from __future__ import annotations

import pytest

from conftest import SHIPPED_RULES
from watcher.ruleset import Document, load_rules


@pytest.fixture(scope="module")
def ruleset():
    result = load_rules(SHIPPED_RULES)
    assert result.ok, [str(p) for p in result.problems]
    return result.ruleset


def fired(ruleset, title: str, summary: str = "") -> set[str]:
    return {m.rule_id for m in ruleset.match(Document(title, summary))}


# (kind, rule, title, summary): the miss kinds of set P, caught
CAUGHT = [
    # https://grcnoticias.mx/2020/01/migrantes-buscan-reagruparse-para-romper-cerco-de-la-gn/
    ("troops' cordon (cerco) of the GN", "us-neighbour-cooperation",
     "Migrantes buscan reagruparse para romper cerco de la GN",
     "Tapachula.- Alrededor de 200 migrantes que aguardaban en la ribera del río Suchiate, cruzaron a"
     " Tecún Umán, Guatemala para esperar a una nueva caravana de salvadoreños y hondureños, en donde"
     " buscan reagruparse y en las próximas horas romper el cerco militar de la Guardia Nacional."),
    # https://plumasatomicas.com/noticias/migracion/guardia-nacional-cierra-margenes-del-rio-suchiate/
    ("troops at the Suchiate, the border river", "us-neighbour-cooperation",
     "Guardia Nacional cierra márgenes del río Suchiate",
     "A partir de la madrugada del miércoles 3 de julio, elementos de la Guardia Nacional desplegados"
     " en Tapachula, 450 elementos vigilan el margen mexicano del río Suchiate como parte de las "
     "labores de reforzamiento de los controles fronterizos."),
    # https://digital506.com/oficina-antinarcoticos-de-usa-dono-40-millones-para-seguridad-maritima
    ("US security aid donated", "us-neighbour-cooperation",
     "Oficina antinarcóticos de USA donó 40 millones para seguridad marítima",
     "Para combatir al narcotráfico, la pesca ilegal, y proteger la riqueza marina nacional, Estados "
     "Unidos aportó al país 40 millones de dólares. Los fondos fueron donados por la Oficina "
     "Antinarcóticos, Seguridad Ciudadana y Justicia, del gobierno americano, informó el ministro de "
     "Seguridad, Mario Zamora."),
    # https://dialogo-americas.com/es/articles/costa-rica-fortalece-lucha-contra-crimen-organizado-con-donacion-de-los-ee-uu/
    ("US security aid donated", "us-neighbour-cooperation",
     "Costa Rica fortalece lucha contra crimen organizado con donación de los EE. UU.",
     "Costa Rica cuenta con nuevas herramientas para hacerle frente al crimen organizado "
     "transnacional, gracias a una donación realizada el 18 de febrero de 2021 por los Estados Unidos"
     " a las fuerzas de seguridad."),
]


@pytest.mark.parametrize("kind, rule, title, summary", CAUGHT, ids=[f"{c[0]}: {c[2][:40]}" for c in CAUGHT])
def test_set_p_kinds_are_caught(ruleset, kind, rule, title, summary):
    assert rule in fired(ruleset, title, summary), kind


# (kind, title, summary): the false-alert kinds of set P, and neighbours of the new catches
LEFT_ALONE = [
    # https://resistenciasv.com/el-salvador-sale-del-top-10-de-los-paises-con-mayores-encuentros-en-las-fronteras
    ("border-encounter statistics",
     "El Salvador sale del top 10 de los países con mayores encuentros en las fronteras",
     "La viceministra de Diáspora y Movilidad Humana, Cindy Portal, confirmó hoy que El Salvador ya "
     "no forma parte del top 10 de la lista de países con mayores encuentros en las fronteras en la "
     "frontera con el norte de México y Sur de Estados Unidos."),
    # https://stnhn.com/eeuu-dono-al-borde-de-200-millones-de-lempiras-para-la-emergencia-alimentaria-en-honduras/
    ("US food aid donated",
     "EEUU donó al borde de 200 millones de lempiras para la emergencia alimentaria en Honduras",
     "Tegucigalpa, M.D.C. – La Embajada de los Estados Unidos, a través de la Agencia de los Estados "
     "Unidos para el Desarrollo Internacional en Honduras (USAID/Honduras), donó US$8,000,000 (aprox."
     " L200,000,000). Con estos buscan ayudar a más de 116,000 hondureños y hondureñas que han sido "
     "afectados por la pandemia del COVID-19."),
]


@pytest.mark.parametrize("kind, title, summary", LEFT_ALONE, ids=[f"{c[0]}: {c[1][:40]}" for c in LEFT_ALONE])
def test_set_p_look_alikes_do_not_alert(ruleset, kind, title, summary):
    assert fired(ruleset, title, summary) == set(), kind
