"""Blind set X (issue 11): 159 items of 2024-2026 coverage (Trump's second term: deportation flights, CECOT,
third-country deportations, Nicaragua's banishments and releases, cartel handovers; Spanish 60%, English 29%,
de/fr/it/pt), scored once with main at 758b118 before any change for it (recall 0.979 (93/95), precision
0.959 (93/97)). Its miss kind: the US's self-deportation flights named in one word ('migrantes autodeportados
a Honduras'; pt 'autodeportação', de 'Selbstabschiebung'); its false-alert kinds: Nicaragua releasing
political prisoners to their homes with the US only as the embassy that asked for it or the government that
pressed ('luego de que la Embajada de Estados Unidos en Managua abogara', 'tras presión de Estados Unidos';
not banished: the 2023 release flown to Washington still alerts), and migrants going back south named
'retorno inverso', 'de Norte a Sur' (set Q's reverse flow). Left missed: Guatemala's migration institute
refusing entry to 1,195 foreigners (the set files the same kind, a neighbour turning foreign travellers back,
as near-misses: foreigners-refused-entry)."""

from __future__ import annotations

import pytest
from conftest import fired

# (kind, rule, title, summary): set X's miss and probes found by search, caught now
CAUGHT = [
    # https://expedientes.ec/ee-uu-realiza-primer-vuelo-de-migrantes-autodeportados-a-honduras-y-colombia (set X line 2)
    ("self-deportation flight, 'autodeportados'", 'deportation',
     'EE. UU. realiza primer vuelo de migrantes autodeportados a Honduras y Colombia',
     'El 19 de mayo de 2025, el Departamento de Seguridad Interior (DHS) de EE. UU. ejecutó el primer vuelo del '
     'proyecto “Vuelta a Casa”, enviando a 64 migrantes—38 hondureños y 26 colombianos—desde Texas a sus países '
     'de origen.'),
    # https://www.mdzol.com/mundo/2025/5/20/aterrizo-el-primer-vuelo-de-autodeportados-con-ninos-ciudadanos-estadounidenses-1210663.html
    ("self-deportation flight, Honduras in the lede", 'deportation',
     'Aterrizó el primer vuelo de autodeportados con niños ciudadanos estadounidenses',
     '“Había de todo. Había madres con niños. A cada uno le dieron 1.000 dólares, incluyendo a los niños”, fue lo '
     'que afirmó el viceministro de Relaciones Exteriores de Honduras, Antonio García, ante la prensa en el '
     'Aeropuerto Internacional Ramón Villeda Morales de Honduras, donde aterrizó el primer vuelo con autodeportados '
     'de Estados Unidos.'),
    # https://www.oann.com/noticias-latinas/estados-unidos-lleva-a-cabo-el-primer-vuelo-de-migrantes-que-se-autodeportan-a-honduras
    ("the verb, 'se autodeportan'", 'deportation',
     'Estados Unidos lleva a cabo el primer vuelo de migrantes que se autodeportan a Honduras', ''),
    # https://noticias.uol.com.br/ultimas-noticias/afp/2025/05/19/eua-realiza-primeiro-voo-de-autodeportacao-de-imigrantes.htm
    ("Portuguese 'autodeportação'", 'deportation',
     'EUA realiza primeiro voo de autodeportação de imigrantes',
     'O primeiro voo com imigrantes que se "autodeportaram" dos Estados Unidos partiu do Texas para Honduras e '
     'Colômbia com 64 pessoas a bordo, informou nesta segunda-feira (19) o Departamento de Segurança Interna (DHS).'),
    # https://www.puls24.at/news/politik/erste-migranten-in-usa-nutzten-selbstabschiebungs-programm/410760
    ("German 'Selbstabschiebungs-Programm'", 'deportation',
     'Erste Migranten in USA nutzten "Selbstabschiebungs"-Programm',
     'In den USA haben erste Einwanderer ohne Papiere das Angebot der Regierung von Präsident Donald Trump genutzt, '
     'sich gegen 1.000 Dollar (883 Euro) "selbst abzuschieben". Wie das Heimatschutzministerium mitteilte, befanden '
     'sich an Bord des am Montag in Houston im Bundesstaat Texas gestarteten "freiwilligen Charterflugs" nach '
     'Südamerika 64 illegale Migranten. 38 von ihnen wurden demnach nach Honduras geflogen, weitere 26 reisten nach '
     'Kolumbien.'),
    # the 2023 banishment still alerts with the US named as where they were flown
    # https://delfino.cr/2023/02/regimen-de-nicaragua-libera-y-destierra-a-222-presos-politicos-rumbo-a-estados-unidos
    ("Nicaragua's release abroad, 'rumbo a Estados Unidos'", 'deportation',
     'Régimen de Nicaragua libera y destierra a 222 presos políticos rumbo a Estados Unidos',
     'El régimen dictatorial de Nicaragua autorizó la liberación de más de 200 presos políticos y su salida este '
     'jueves de madrugada en un avión rumbo a los Estados Unidos, según han anunciado varias activistas opositoras, '
     'y luego confirmado por la prensa propagandística de ese país.'),
    # https://noticiasyprotagonistas.com/?p=135843
    ("Nicaragua's release abroad, 'volaron a Washington'", 'deportation',
     'Nicaragua libera 222 presos políticos y los manda a Washington',
     'Más de 200 reclusos considerados como presos políticos del Gobierno del presidente nicaragüense, Daniel '
     'Ortega, volaron a Washington después de una liberación masiva.'),
    # https://elintransigente.com/2023/02/nicaragua-excarcelan-a-mas-de-200-presos-politicos-y-son-trasladados-a-estados-unidos
    ("Nicaragua's release abroad, 'trasladados a Estados Unidos'", 'deportation',
     'Nicaragua: excarcelan a más de 200 presos políticos y son trasladados a Estados Unidos',
     'Más de 200 presos políticos de Nicaragua fueron liberados y trasladados a Estados Unidos, informaron este '
     'jueves medios y familiares de los detenidos.'),
]


@pytest.mark.parametrize("kind, rule, title, summary", CAUGHT, ids=[f"{c[0]}: {c[2][:40]}" for c in CAUGHT])
def test_set_x_miss_kinds_alert(watchlist, kind, rule, title, summary):
    assert rule in fired(watchlist, title, summary), kind


# (kind, title, summary): near-misses of the same words, quiet
LEFT_ALONE = [
    # https://www.teletica.com/internacional/nicaragua-libera-a-decenas-de-presos-politicos_400228 (set X line 22)
    ("released at home, the US embassy asked for it",
     'Nicaragua libera a decenas de presos políticos',
     'El gobierno de Nicaragua informó este sábado la excarcelación de decenas de personas, luego de que la Embajada '
     'de Estados Unidos en Managua abogara públicamente por la liberación de presos políticos en el país.'),
    # https://laopinion.com/2026/01/10/gobierno-de-nicaragua-libera-a-decenas-de-presos-politicos/ (set X line 21)
    ("released at home, the US embassy asked for it (DW copy)",
     'Gobierno de Nicaragua libera a decenas de presos políticos',
     'El gobierno de Nicaragua excarceló a decenas de personas luego de que la embajada de Estados Unidos en Managua '
     'abogara por la liberación de presos políticos, según un comunicado oficial divulgado este sábado (10.01.2026).'),
    # https://regeneracion.mx/nicaragua-libera-presos-politicos-tras-presion-de-estados-unidos/ (set X line 23)
    ("released at home 'tras presión de Estados Unidos'",
     'Nicaragua libera presos políticos tras presión de Estados Unidos',
     'Al menos 24 presos políticos salieron de prisión aunque siguen bajo vigilancia, restricciones y amenaza de '
     'retorno. Regeneración, 14 de enero 2026– La administración de Nicaragua, encabezada por Daniel Ortega y '
     'Rosario Murillo, comunicó el pasado 10 de enero que un número indeterminado de individuos, entre ellos algunos '
     'encarcelados por razones políticas, serán liberados.'),
    # https://listindiario.com/las-mundiales/20260118/ortega-libera-decenas-presos-politicos-opositores-nicaragua-presion-ee-uu_890319.html
    ("released at home 'ante presión de EE.UU.', the embassy in the lede",
     'Ortega libera a decenas de presos políticos opositores en Nicaragua ante presión de EE.UU.',
     'El régimen de Nicaragua anunció durante el pasado fin de semana la liberación de "decenas" de opositores y '
     'críticos encarcelados, ante la presión de Estados Unidos y una semana después del derrocamiento del presidente '
     'venezolano Nicolás Maduro, su estrecho aliado.'),
    # http://econotimes.com/Nicaragua-Frees-Political-Prisoners-Amid-Growing-US-Pressure-on-Latin-American-Governments-1730627
    ("English: released at home amid 'US Pressure'",
     'Nicaragua Frees Political Prisoners Amid Growing US Pressure on Latin American Governments',
     'Nicaragua’s government announced the release of dozens of inmates from its national penitentiary system, a '
     'move that came just one day after the United States publicly demanded the freedom of more than 60 political '
     'prisoners still held in the country.'),
    # https://www.the-world-now.com/news/nicaragua-releases-dozens-of-political-prisoners-following-us-pressure-under-trump-administration-mk8x4e9c
    ("English: 'Following U.S. Pressure'",
     'Nicaragua Releases Dozens of Political Prisoners Following U.S. Pressure Under Trump Administration',
     "Managua, Nicaragua – Nicaragua's government announced the release of dozens of political prisoners on January "
     "10, 2026, in a move attributed to mounting pressure from the United States, signaling a potential thaw amid "
     "longstanding bilateral tensions."),
    # https://www1.brasilemfolhas.com.br/2026/01/nicaragua-liberta-presos-politicos-apos-pressao-dos-eua-2
    ("Portuguese: 'após pressão dos EUA'",
     'Nicarágua liberta presos políticos após pressão dos EUA',
     'No dia 10 de janeiro, o governo da Nicarágua anunciou a libertação de dezenas de presos políticos, em resposta '
     'a uma declaração da embaixada dos Estados Unidos em Manágua que pedia a soltura de detidos injustamente.'),
    # https://m.metrolibre.com/nacionales/panama-y-costa-rica-coordinan-estrategia-para-retorno-de-migrantes-al-sur-PC10653682 (set X line 10)
    ("reverse flow: 'retorno inverso', 'de Norte a Sur'",
     'Panamá y Costa Rica coordinan estrategia para retorno de migrantes al Sur',
     'Los ministros de Seguridad Pública de Panamá y Costa Rica, Frank Alexis Ábrego y Mario Zamora Cordero, se '
     'reunieron en territorio costarricense para analizar y optimizar el flujo de retorno inverso de migrantes, es '
     'decir, de Norte a Sur.'),
    # https://actualidadcr.com/?p=14122
    ("reverse flow 'del norte al sur', a report by the ombudsmen",
     'El informe regional revela una mayor migración inversa en la ruta Costa Rica – Panamá – Colombia',
     'San José, 29 de agosto () .- La migración en la región vive un giro inesperado y sin precedentes: el retorno '
     'masivo de los migrantes del norte al sur del continente.'),
    # https://expedientes.ec/ee-uu-ofrece-1000-a-migrantes-indocumentados-para-autodeportarse
    ("the US's self-deportation offer, no neighbour named",
     'EE. UU. ofrece $1,000 a migrantes indocumentados para autodeportarse',
     'El Departamento de Seguridad Nacional (DHS) de Estados Unidos anunció el 5 de mayo de 2025 un programa que '
     'ofrece $1,000 y asistencia para viajes a migrantes indocumentados que opten por autodeportarse a través de la '
     'aplicación móvil CBP Home.'),
    # https://talcualdigital.com/no-quiero-estar-mas-aca-venezolanos-intentaron-autodeportarse-pero-quedaron-atrapados-en-eeuu/
    ("Venezuelans trying to self-deport",
     '“No quiero estar más acá”: venezolanos intentaron autodeportarse pero quedaron atrapados',
     'Inmigrantes venezolanos se registraron en una aplicación promovida por Trump llamada CBP Home, que prometía una '
     'forma segura y fácil de salir del país. Se prepararon para partir en las fechas asignadas. Esas fechas pasaron '
     'y siguen atrapados en Estados Unidos'),
]


@pytest.mark.parametrize("kind, title, summary", LEFT_ALONE, ids=[f"{c[0]}: {c[1][:40]}" for c in LEFT_ALONE])
def test_set_x_near_miss_kinds_stay_quiet(watchlist, kind, title, summary):
    assert fired(watchlist, title, summary) == set(), kind
