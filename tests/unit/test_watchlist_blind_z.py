"""Blind set Z (issue 11): 145 items (Spanish 46%, English 43%, German, Portuguese, French, Italian),
2018-2026, built by a helper who never saw the rules and scored once with main at 3eab359 (sets T, U, V,
W and X's fixes in) before any change for it: recall 0.919 (79/86), precision 0.988 (79/80). Its miss
kinds: a person handed to the DEA named in Spanish ('Administración de Control de Drogas'); German
participles of agreeing ('geeinigt'); ICE's foreign fugitives 'facing ... charges in Honduras'; TPS taken
away ('quita el TPS', 'arrebató'); Nicaraguans who cannot enter their own country ('no pueden entrar a
su propio país'); US agents sent to 'la frontera de Guatemala con México' (the other word order, the US
6 words from the agents). Its false-alert kind: a neighbour's own people stranded abroad by the 2020
border closures flown home by their government ('retorna 150 connacionales varados'), not deported."""

from __future__ import annotations

import pytest
from conftest import fired

# (kind, rule, title, summary): set Z's misses and probes found by search, caught now
CAUGHT = [
    # https://elmundo.hn/cuenta-regresiva-para-entrega-del-expresidente-hernandez-a-eeuu
    ("handed to the DEA named in Spanish", 'extradition',
     'Cuenta regresiva para entrega del expresidente Hernández a EEUU',
     'Tegucigalpa – El portavoz de la Secretaría de Seguridad, comisionado Miguel Martínez Madrid, informó este '
     'lunes que, la Policía Nacional de Honduras se encuentra en apresto a ejecutar el protocolo de entrega del '
     'expresidente Juan Orlando Hernández a las autoridades de la Administración de Control de Drogas (DEA, por '
     'sus siglas en inglés), cuyos agentes ya están en el país.'),
    # https://elinformanteqro.com/fgr-entrega-en-extradicion-a-un-hombre-requerido-por-autoridades-de-eua
    ("handed to the US Marshals at a neighbour's airport", 'extradition',
     'FGR entrega en extradición a un hombre requerido por autoridades de EUA',
     'La entrega se realizó en el Aeropuerto Internacional de la Ciudad de Toluca, Estado de México, a los '
     'agentes del U.S. Marshals Service designados para su traslado final a EUA.'),
    # https://www.sueddeutsche.de/politik/usa-mexiko-einigung-strafzoelle-migration-trump-1.4480539
    ("German participle of agreeing: 'geeinigt'", 'us-neighbour-cooperation',
     'USA und Mexiko beenden Streit um Migration',
     'Die USA und Mexiko haben sich im Grenzstreit geeinigt. Damit werden die von US-Präsident Donald Trump '
     'angedrohten Strafzölle auf mexikanische Produkte vorerst nicht eingeführt.'),
    # https://www.deutschlandfunk.de/migration-mexiko-und-usa-einigen-sich-keine-strafzoelle.1939.de.html
    ("German agreement on migration", 'us-neighbour-cooperation',
     'Migration: Mexiko und USA einigen sich - keine Strafzölle',
     'Der Streit zwischen Mexiko und den USA ist beigelegt. Der mexikanische Außenminister Ebrard erklärte, seine '
     'Regierung werde umfangreiche Maßnahmen umsetzen, um die illegale Migration in die USA zu stoppen.'),
    # https://www.deutschlandfunk.de/zollstreit-mexiko-feiert-einigung-mit-den-usa.1939.de.html
    ("German agreement, the dispute named by tariffs", 'us-neighbour-cooperation',
     'Zollstreit: Mexiko feiert Einigung mit den USA',
     'Mexiko hat die Einigung mit den USA im Streit über illegale Migration und Strafzölle mit einer Kundgebung in '
     'der Grenzstadt Tijuana gefeiert.'),
    # https://americanseeker.net/ice-re-arrests-migrant-facing-homicide-charges-in-honduras/
    ("ICE's fugitive 'facing ... charges in Honduras'", 'deportation',
     'ICE Re-Arrests Migrant Facing Homicide Charges In Honduras',
     'In light of crimes allegedly committed by undocumented immigrants nationwide — including an attack that left '
     'University of Georgia student Laken Riley dead — in recent years, Republican lawmakers have been pushing for '
     'laws that would make it easier to detain and deport those charged with violent offenses.'),
    # https://www.ice.gov/news/releases/ice-removes-guatemalan-man-charged-murder
    ("ICE's fugitive 'charged with murder', wanted at home", 'deportation',
     'ICE removes Guatemalan man charged with murder',
     'A 24-year-old Guatemalan man wanted on murder charges in his home country was removed to Guatemala April 24 '
     "by U.S. Immigration and Customs Enforcement's (ICE) Enforcement and Removal Operations (ERO) officers in New "
     'York.'),
    # https://projectpatriot.com/ice-arrests-el-salvador-wanted-international-fugitive-in-nyc/
    ("ICE's fugitive wanted in El Salvador on charges", 'deportation',
     'ICE Arrests El Salvador-Wanted International Fugitive In NYC',
     'U.S. authorities recently apprehended an international fugitive in New York City who is currently wanted in '
     'El Salvador on charges relating to terrorism.'),
    # https://lanacionaldia.com/eeuu-quita-el-tps-a-55-000-hondurenos-y-les-pide-salir-del-pais-antes-de-2020
    ("TPS taken away: 'quita', 'arrebató'", 'deportation',
     'EEUU quita el TPS a 55.000 hondureños y les pide salir del país antes de 2020',
     'El Gobierno de Donald Trump arrebató la protección del Estatus de Protección Temporal (TPS) a 55.000 '
     'hondureños que viven en el país y les dio hasta enero de 2020 para regresar a su país o buscar el modo de '
     'regularizar su situación migratoria.'),
    # https://efectotequila.net/story/estados-unidos-retira-proteccion-200.000-salvadorenos-abre-puerta-depo
    ("TPS protection withdrawn: 'retira protección'", 'deportation',
     'Estados Unidos retira protección a 200.000 salvadoreños y abre la puerta a su deportación',
     'El Gobierno de Donald Trump anunció este lunes el fin del Estatus de Protección Temporal (TPS en sus siglas '
     'inglesas), un programa especial que evita la deportación, para unos 200.000 inmigrantes salvadoreños.'),
    # https://clasiguia.com.pa/nacional/nicas-no-pueden-entrar-su-propio-pais-382720
    ("Nicaraguans who cannot enter their own country", 'deportation',
     'Nicas no pueden entrar a su propio país',
     'Un grupo de nicaragüenses aún continúan pasando dificultades para llegar a su tierra. Aproximadamente unos 80 '
     'nicaragüenses que salieron en una caravana de buses desde la terminal de Albrook, Panamá, no han podido '
     'ingresar a su país.'),
    # https://elnortehoycr.com/2020/07/23/sin-agua-ni-comida-y-en-peligro-de-contagio-ortega-niega-ingreso-a-nicaraguenses-varados-en-pena-blancas/
    ("Nicaraguans who 'no pueden ingresar a su país'", 'deportation',
     'Sin agua ni comida y en peligro de contagio Ortega niega ingreso a nicaragüenses varados en Peña Blancas',
     'Uno 150 nicaraguenses que están varados en la frontera tica de Peñas Blancas, carecen de agua y comida y están '
     'en riesgo de contagio del coronavirus, ya que están todos juntos, pero no pueden ingresar a su país porque el '
     'regimen de Ortega les niega su entrada.'),
    # https://www.laprensani.com/2020/04/19/nacionales/2664534-nicaragua-el-unico-pais-de-centroamerica-con-las-fronteras-abiertas-para-los-extranjeros-pero-cerradas-para-los-nacionales
    ("Nicaraguans not let into their own country", 'deportation',
     'Nicaragua, el único país de Centroamérica con las fronteras abiertas para los extranjeros pero cerradas para '
     'los nacionales',
     'Este sábado 18 de abril se impidió la entrada de otro grupo de nicaragüenses, esta vez por vía terrestre. Al '
     'llegar al puesto fronterizo de El Guasaule no les permitieron entrar a su propio país.'),
    # https://imagenpoblana.com.mx/19/06/02/eu-envia-agentes-de-seguridad-la-frontera-de-guatemala-con-mexico
    ("US agents sent to 'la frontera de Guatemala con México'", 'us-neighbour-cooperation',
     'EU envía agentes de seguridad a la frontera de Guatemala con México',
     'Estados Unidos está enviando docenas de agentes de seguridad e investigadores del Departamento de Seguridad '
     'Nacional (DHS, por sus siglas en inglés) a Guatemala para ayudar a detener el flujo de migración no '
     'autorizada de América Central a Estados Unidos.'),
    # https://mexiconewsdaily.com/news/us-agents-will-seek-to-slow-migrant-flows
    ("US agents sent to the Mexico-Guatemala border", 'us-neighbour-cooperation',
     'U.S. Agents Will Seek to Slow Migrant Flows',
     'The United States is sending agents to the Mexico-Guatemala border to attempt to stem migration flows from '
     'Central America to the United States, according to a report by The Washington Post.'),
]


@pytest.mark.parametrize("kind, rule, title, summary", CAUGHT, ids=[f"{c[0]}: {c[2][:40]}" for c in CAUGHT])
def test_set_z_miss_kinds_alert(watchlist, kind, rule, title, summary):
    assert rule in fired(watchlist, title, summary), kind


# (kind, title, summary): near-misses of the same words, quiet
QUIET = [
    # https://vozdeamerica.com/a/centroamerica_el-salvador-gobierno-retorna-150-connacionales-varados-desde-washington/6065156.html
    ("a neighbour's own people stranded abroad flown home by their government",
     'El Salvador: gobierno retorna 150 connacionales varados desde Washington',
     'El martes, 150 salvadoreños fueron retornados hacia su país desde el Aeropuerto Internacional de Washington '
     'Dulles, como parte del programa de regreso asistido que el gobierno puso en marcha desde el pasado 1 de mayo y '
     'con el que pretenden regresar de manera coordinada a todos los ciudadanos que quedaron fuera de su país tras el '
     'cierre de fronteras ordenado por el presidente Nayib Bukele en el mes de marzo.'),
    # https://24-horas.mx/2020/03/29/eu-regresa-a-10-mil-connacionales-varados-por-covid-19/amp
    ("the US bringing its own stranded citizens home", 'EU regresa a 10 mil connacionales varados por Covid-19',
     'El secretario estadounidense de Estado, Mike Pompeo, anunció hoy que el gobierno repatrió, al momento, a 10 mil '
     'connacionales que quedaron varados en todo el globo debido a las restricciones de viajes impuestas para '
     'prevenir contagios por coronavirus.'),
    # https://eldiariony.com/2020/04/08/mas-de-50000-viajeros-varados-en-otros-paises-por-el-coronavirus-regresan-a-eeuu
    ("travellers stranded abroad going home to the US",
     'Más de 50,000 viajeros varados en otros países por el coronavirus regresan a EEUU',
     'Desde el 29 de enero más de 50,000 estadounidenses y residentes permanentes que estuvieron varados en otros '
     'países debido a las restricciones de viaje por el coronavirus han podido regresar a Estados Unidos.'),
    # https://www.confidencial.com.ni/nacion/servicio-para-solicitar-visa-costarricense-de-turismo-continuara-suspendido-en-nicaragua/
    ("Nicaraguan tourists who cannot enter another country (Costa Rica's visas)",
     'Turistas nicas no podrán ingresar por tierra a Costa Rica, pese a reapertura de frontera',
     'Fronteras terrestres de Costa Rica abrirán el 5 de abril, pero el servicio de visas de turismo seguirá '
     'suspendido por lo menos hasta el 30 de abril.'),
]


@pytest.mark.parametrize("kind, title, summary", QUIET, ids=[f"{c[0]}: {c[1][:40]}" for c in QUIET])
def test_set_z_near_miss_kinds_stay_quiet(watchlist, kind, title, summary):
    assert fired(watchlist, title, summary) == set(), kind
