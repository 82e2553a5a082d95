"""Blind set Q (issue 11): 195 Spanish and English items from NGO, IGO, church and government sources
and digital natives, scored once before any change for them (recall 0.931, precision 0.883). Most
false alerts were one kind: a return verb near migrants when the return was of their own accord,
voluntary and assisted by the UN's agencies (OIM/IOM, ACNUR), or migrants giving up on the US and
going back south through Costa Rica and Panama (reverse migration). A return counts as a deportation
when something says it was forced or done by an authority; the set's own real headlines show each
side."""

from __future__ import annotations

import pytest

from conftest import fired


# (kind, title, summary): returns of their own accord, set Q's false alerts before
LEFT_ALONE = [
    # https://confidencial.com.ni/nacion/acnur-en-costa-rica-nos-preocupa-el-retorno-a-su-pais-de-nicas-refugiados/
    ("refugees' return, UNHCR", 'ACNUR en Costa Rica: nos preocupa el retorno a su país de nicas refugiados',
     'La covid-19 profundizó las carencias de los refugiados en Costa Rica, la ayuda humanitaria es '
     'insuficiente y volver al país de origen no es una opción'),
    # https://notimerica.com/sociedad/noticia-honduras-mas-centenar-migrantes-regresan-honduras-mexico-ayuda-onu-20191011134945.html
    ('assisted voluntary return',
     'Honduras.- Más de un centenar de migrantes regresan a Honduras desde México con ayuda de la ONU',
     'MADRID, 11 Oct. (EUROPA PRESS) - Más de un centenar de migrantes hondureños de 53 familias han '
     'regresado a su país desde México gracias a un programa de retorno voluntario organizado por la '
     'Organización Internacional para las Migraciones (OIM), que ha fletado un vuelo desde una zona '
     'cercana a la frontera con Estados Unidos.'),
    # http://programamesoamerica.iom.int/es/noticia/mas-de-mil-migrantes-han-retornado-voluntariamente-con-asistencia-de-la-oim-en-centroamerica
    ('assisted voluntary return',
     'Más de mil migrantes han retornado voluntariamente con asistencia de la OIM en Centroamérica',
     'En el marco de las llamadas “caravanas de migrantes” en Centroamérica, desde octubre 2018 la '
     'Organización Internacional para las Migraciones (OIM) creó un programa especial y transitorio para '
     'asistir el retorno voluntario de personas migrantes desamparadas que se encuentran en México o '
     'Guatemala y no cuentan con los recursos necesarios para regresar a sus hogares.'),
    # https://www.notivox.com.mx/politica/incluyen-mexico-programa-retorno-asistido-migrantes
    ('assisted voluntary return', 'Incluyen a México en programa de retorno asistido de migrantes',
     'Por primera vez México ha sido incluido en el programa de apoyo a migrantes "Retorno Voluntario '
     'Asistido", que impulsa la Organización Internacional para las Migraciones (OIM), adscrita a Naciones '
     'Unidas.'),
    # https://contralinea.com.mx/noticias/la-oim-facilito-el-retorno-de-41-migrantes-de-mexico-a-el-salvador
    ('assisted voluntary return', 'La OIM facilitó el retorno de 41 migrantes de México a El Salvador',
     'La Organización Internacional para las Migraciones (OIM) contribuyó el jueves pasado al retorno por '
     'vía aérea de 41 migrantes desde México a El Salvador, con la finalidad de asegurar sus derechos '
     'humanos fundamentales, gestionando un regreso digno y seguro frente al contexto pandémico por el '
     'virus SARS-CoV-2.'),
    # https://www.vtv.com.hn/noticia/migrantes-hondurenos-retornan-voluntariamente-por-puntos-ciegos-ante-amenazas-de-carteles/
    ('voluntary return', 'Migrantes hondureños retornan voluntariamente por puntos ciegos ante amenazas de cárteles',
     'El retorno de migrantes hondureños no reflejaría cifras reales, pues muchos no aparecen en registros '
     'oficiales porque regresan voluntariamente por puntos ciegos ante amenazas de cárteles méxicanos.'),
    # https://www.univision.com/noticias/inmigracion/costa-rica-panama-coordinan-transporte-de-migrantes-regresan-a-sus-paises-desde-eeuu
    ('reverse migration', 'Costa Rica y Panamá coordinan transporte de migrantes que regresan a sus países desde EEUU',
     'Costa Rica y Panamá se están coordinando para agilizar el tránsito a través de sus países de '
     'migrantes que regresan hacia el sur por la misma ruta que llevó a cientos de miles a la frontera de '
     'México y EEUU en los últimos años, dijeron funcionarios el lunes.'),
    # https://www.ecotvpanama.com/telemetro-reporta-regional/programas/drama-humano-paso-canoas-migrantes-cruzan-la-frontera-e-intentan-retornar-sus-paises-n6028365
    ('reverse migration', 'Drama humano en Paso Canoas: migrantes cruzan la frontera e intentan retornar a sus países',
     'Una caravana con decenas de migrantes, la mayoría venezolanos, cruzaron sin autorización este '
     'martes, la frontera de Paso Canoas, ubicada entre Costa Rica y Panamá, con la intención de retornar '
     'a sus países de origen en Suramérica, acción que motivó la intervención de unidades policiales y del '
     'Servicio Nacional de Fronteras (Senafront).'),
    # https://www.exitos943.com/migrantes-desisten-de-llegar-a-ee-uu-y-buscan-regresar/
    ('reverse migration', 'Migrantes desisten de llegar a EE. UU. y buscan regresar',
     'Costa Rica y Panamá han acordado un plan conjunto para facilitar el retorno de migrantes que, tras '
     'renunciar a su intento de llegar a Estados Unidos, buscan regresar a sus países de origen. La '
     'iniciativa responde al aumento de viajeros varados en el sur de México, quienes han desistido debido '
     'a las estrictas políticas migratorias impuestas por el gobierno de Donald Trump.'),
    # https://ecotvpanama.com/nacionales/costa-rica-y-panama-coordinan-traslado-buses-migrantes-que-desisten-ir-eeuu-n6030907
    ('reverse migration', 'Costa Rica y Panamá coordinan traslado en buses de migrantes que desisten de ir a EEUU',
     'Costa Rica y Panamá coordinarán el traslado en autobuses de migrantes que retornan hacia el sur tras '
     'fracasar en su intento de ingresar a Estados Unidos, con el fin de controlar un flujo migratorio '
     'inverso en ascenso, informaron este lunes ministros de ambos países.'),
    # https://midiario.com/nacionales/entre-el-limbo-y-el-regreso-mas-de-150-migrantes-irregulares-regresan-al-darien-desde-costa-rica
    ('reverse migration',
     'Entre el limbo y el regreso: más de 150 migrantes irregulares regresan al Darién desde Costa Rica',
     'Más de 150 migrantes irregulares que se encontraban en el Centro de Atención al Migrante de Costa '
     'Rica comenzaron su regreso hacia el Darién, en Panamá.'),
    # https://www.centroamerica360.com/region/costa-rica-y-panama-coordinan-esfuerzos-para-atender-el-flujo-migratorio-inverso/
    ('reverse migration', 'Costa Rica y Panamá coordinan esfuerzos para atender el flujo migratorio inverso',
     'Costa Rica y Panamá anunciaron este lunes su disposición para colaborar en la atención del flujo '
     'migratorio inverso, compuesto por personas que no pudieron ingresar a Estados Unidos debido a las '
     'nuevas políticas migratorias implementadas por el gobierno de Donald Trump.'),
    # other kinds: a country ranked third (not a third country), prisoners asked back by their own consulate
    # https://conape.org/mexico/acnur-presenta-su-informe-de-resultados-2021-proteccion-y-soluciones-en-pandemia
    ('a country ranked third',
     'ACNUR presenta su Informe de Resultados 2021 “Protección y soluciones en pandemia”',
     'Ciudad de México, 21 de abril de 2022.- 2021 fue testigo de una cantidad récord de solicitudes de '
     'asilo en México. Con más de 131,000 nuevas solicitudes, 220% más que en 2020, México se convirtió en '
     'el tercer país en el mundo en recibir más solicitudes de asilo.'),
    # https://qcostarica.com/costa-rican-consulate-in-nicaragua-asks-for-repatriation-a-group-of-costa-rican-prisoners-due-to-the-pandemic/
    ('prisoners asked back by their consulate',
     'Costa Rican Consulate in Nicaragua asks for repatriation a group of Costa Rican prisoners due to the '
     'pandemic',
     'The Costa Rican Consulate in Nicaragua made a formal request to the Ortega Government to be able to '
     'repatriate “a group” of Costa Rican prisoners, in the face of the pandemic due to the new '
     'coronavirus. It did not detail how many people there would be.'),
]


@pytest.mark.parametrize("kind, title, summary", LEFT_ALONE, ids=[f"{c[0]}: {c[1][:40]}" for c in LEFT_ALONE])
def test_set_q_returns_of_their_own_accord_do_not_alert(watchlist, kind, title, summary):
    assert fired(watchlist, title, summary) == set(), kind


# (kind, rule, title, summary): returns that were forced or done by an authority, still caught
# (items of the labelled set)
CAUGHT = [
    # http://proceso.hn/migracion-reporta-que-704-migrantes-hondurenos-de-la-caravana-han-retornado-desde-guatemala
    ('partly voluntary, partly detained', 'deportation',
     'Migración reporta que 704 migrantes hondureños de la caravana han retornado desde Guatemala',
     'Tegucigalpa – Un total de 704 migrantes hondureños han retornado desde Guatemala en las últimas 48 '
     'horas, unos voluntariamente y otros porque fueron detenidos, luego de que trataran de cruzar esa '
     'nación centroamericana como parte de la caravana irregular hacia Estados Unidos, informó en las '
     'últimas horas el Instituto Nacional de Migración (INM).'),
    # https://chroniclesofshame.com/refugees/mexico-offers-to-send-asylum-seekers-turned-away-by-u-s-back-to-home-countries
    ("a government's voluntary-return programme", 'deportation',
     'Mexico offers to send asylum seekers turned away by U.S. back to home countries',
     'MEXICO CITY, July 2 (Xinhua) — The Mexican government on Tuesday began to implement a program for '
     'Central American migrants to voluntarily return to their countries.'),
    # https://siete24.mx/mundo/hondurenos-dejan-caravana-y-regresan-a-su-pais/amp
    ("a neighbour's people leaving a caravan, sent home from Mexico", 'deportation',
     'Hondureños dejan caravana y regresan a su país',
     'Tegucigalpa.- Unos 729 inmigrantes hondureños de más de 2 mil que salieron en la caravana el pasado '
     '15 de enero hacia Estados Unidos han retornado a su país desde México. Los inmigrantes decidieron '
     'desistir “en su propósito de llegar a los Estados Unidos, luego de vivir en carne propia los '
     'peligros en la ruta migratoria”, subraya un comunicado de la Casa Presidencial de Honduras.'),
    # https://www.newser.com/story/368939/first-us-charter-returns-migrants-who-volunteered.html
    ('the US\'s "voluntary deportations"', 'deportation', 'First US charter returns migrants who volunteered',
     'The US on Monday sent 68 immigrants from Honduras and Colombia back to their countries, the first '
     'government-funded flight of what the Trump administration is calling voluntary deportations. In the '
     'northern Honduran city of San Pedro Sula, 38 Hondurans, including 19 children, disembarked from the '
     'charter flight carrying $1,000 debit cards from the US government and the offer to one day be '
     'allowed to apply for legal entry into the US.'),
    # https://www.diariocontraste.com/2025/05/primeros-migrantes-participantes-en-programa-de-retorno-de-ee-uu-llegan-a-honduras-y-colombia
    ('the US\'s "voluntary deportations"', 'deportation',
     'Primeros migrantes participantes en programa de retorno de EE.UU. llegan a Honduras y Colombia',
     'Un grupo de 64 inmigrantes indocumentados, conformado por 38 hondureños y 26 colombianos, regresó a '
     'sus países esta semana, bajo un nuevo programa del gobierno de Estados Unidos que ha sido denominado '
     '«deportaciones voluntarias». Este es el primer vuelo gubernamental de este tipo.'),
    # https://inoticias.mx/deporta-inm-a-110-migrantes-hondurenos
    ('"retorno asistido" by the migration institute', 'deportation', 'Deporta INM a 110 migrantes hondureños',
     'CIUDAD DE MÉXICO.- El Instituto Nacional de Migración (INM) deportó a 110 migrantes de nacionalidad '
     'hondureña que ingresaron de manera indocumentada al País. En el contexto de la caravana migrante que '
     'fue contenida en la frontera sur, los hondureños fueron llevados a su país vía aérea, mediante el '
     'esquema de retorno asistido.'),
]


@pytest.mark.parametrize("kind, rule, title, summary", CAUGHT, ids=[f"{c[0]}: {c[2][:40]}" for c in CAUGHT])
def test_set_q_forced_returns_alert(watchlist, kind, rule, title, summary):
    assert rule in fired(watchlist, title, summary), kind


# (kind, rule, title, summary): set Q's miss kinds, caught
CAUGHT_MISSES = [
    # https://www.diarioconstitucional.cl/2024/09/18/nicaragua-cidh-repudia-la-privacion-arbitraria-de-nacionalidad-de-las-135-personas-excarceladas/
    ("stripping of nationality named as 'privación'", 'deportation',
     'Nicaragua: CIDH repudia la privación arbitraria de nacionalidad de las 135 personas excarceladas',
     'La Comisión Interamericana de Derechos Humanos (CIDH) toma nota de la excarcelación de 135 personas '
     'consideradas opositoras al régimen de Daniel Ortega; sin embargo, repudia la privación arbitraria de '
     'su nacionalidad nicaragüense y la confiscación de sus bienes.'),
    # http://windpress.info:/es/press-release/412588/nicaragua-comunidad-internacional-debe-rechazar-las-privaciones-arbitrarias-de-la-nacionalidad
    ("stripping of nationality named as 'privación'", 'deportation',
     'Nicaragua: Comunidad Internacional debe rechazar las privaciones arbitrarias de la nacionalidad',
     'En su declaración ante el Consejo de Derechos Humanos de Naciones Unidas, la FIDH denuncia la '
     'continuidad de las violaciones a los derechos humanos en Nicaragua. Se hace un llamado a la '
     'comunidad internacional a condenar las privaciones a la nacionalidad de las 135 personas '
     'recientemente liberadas y a continuar sus esfuerzos para que cese la represión en Nicaragua.'),
    # https://www.expedientepublico.org/cidh-acusa-a-nicaragua-de-violar-prohibicion-mundial-de-la-apatridia/
    ("statelessness named as 'apatridia'", 'deportation',
     'CIDH acusa a Nicaragua de violar prohibición mundial de la apatridia',
     'Relatora sobre los Derechos de las Personas Migrantes explicó que en Nicaragua “hay una situación '
     'muy delicada” en cuanto al reconocimiento de nacionalidad, a diferencia de otros países del '
     'continente.'),
    # https://100noticias.com.ni/politica/126653-cidh-nicaragua-viola-derecho-nacionalidad/?view=amp
    ('the right to a nationality violated', 'deportation',
     'CIDH denuncia a régimen de Nicaragua, por violar el derecho a la nacionalidad',
     'La Comisión Interamericana de Derechos Humanos señaló a Nicaragua, Cuba y las Bahamas, de ser '
     'Estados que violan el derecho a la nacionalidad y obligan al desplazamiento a sus ciudadanos'),
    # https://www.cronica.com.mx/nacional/2026/02/04/defensores-de-los-derechos-humanos-rechazan-la-reimplementacion-del-programa-mpp/
    ('Remain in Mexico named as the MPP', 'us-neighbour-cooperation',
     'Defensores de los derechos humanos rechazan la reimplementación del programa MPP',
     'Tras la información que diversas fuentes han otorgado acerca de que la administración Estadounidense '
     'Migrant Protection Protocols (MPP) podría retomar las deportaciones incluyendo perfiles de alto '
     'riesgo, las organizaciones y personas defensoras de los derechos humanos de la población en '
     'movilidad presentaron una carta donde expresan su desacuerdo y exponen los riesgos ante esa '
     'posibilidad.'),
    # https://mexiconewsdaily.com/news/us-agents-will-seek-to-slow-migrant-flows
    ("US agents sent to a neighbour's border", 'us-neighbour-cooperation',
     'U.S. Agents Will Seek to Slow Migrant Flows',
     'The United States is sending agents to the Mexico-Guatemala border to attempt to stem migration '
     'flows from Central America to the United States, according to a report by The Washington Post.'),
    # https://chiapas-support.org/2018/04/08/the-us-collected-data-on-30000-immigrants-in-mexico/
    ("migrants' data collected under an agreement with the US", 'biometric-data-sharing',
     'The US collected data on 30,000 immigrants in Mexico',
     'México maintains an agreement with the United States derived from the Merida Plan [1] that has '
     'permitted collecting data on more than 30,000 Central American immigrants in national detention '
     'centers in the past 13 months, authorities of the National Immigration Institute (INM, its initials '
     'in Spanish) admitted.'),
]


@pytest.mark.parametrize("kind, rule, title, summary", CAUGHT_MISSES, ids=[f"{c[0]}: {c[2][:40]}" for c in CAUGHT_MISSES])
def test_set_q_miss_kinds_alert(watchlist, kind, rule, title, summary):
    assert rule in fired(watchlist, title, summary), kind


# (kind, title, summary): the same kinds found by search afterwards (titles from URL slugs where the page
# showed none), quiet for the deportation rule; a deportation of caravan members who gave up still alerts
PROBES_QUIET = [
    # https://www.elheraldo.hn/minisitios/hondurenosenelmundo/1268979-471/ (slug: más de mil migrantes retornaron
    # voluntariamente a Centroamérica, el 72% eran hondureños)
    ('"retornados voluntariamente", the IOM',
     'Más de mil migrantes retornaron voluntariamente a Centroamérica; el 72% eran hondureños',
     'TEGUCIGALPA HONDURAS.- Un total de 1,238 centroamericanos han sido retornados voluntariamente desde la '
     'frontera de México con Estados Unidos a sus países de origen, la mayoría de ellos hondureños, de acuerdo '
     'a un informe de la Organización Internacional para las Migraciones (OIM).'),
    # https://diario.mx/juarez/mas-de-mil-300-regresaron-a-su-pais-20211119-1864610.html
    ('assisted voluntary return', 'Más de mil 300 regresaron a su país',
     'Ciudad Juárez.— Después de migrar hasta 7 mil 700 kilómetros sin lograr el asilo político en Estados '
     'Unidos, más de mil 394 personas migrantes han regresado de una manera segura desde Ciudad Juárez hasta sus '
     'países de origen, a través del programa de Retorno Voluntario Asistido (RVA) de la Organización '
     'Internacional para las Migraciones de Naciones Unidas (OIM-ONU).'),
    # https://www.midiario.com/nacionales/prefiero-dormir-en-la-playa-migrantes-rechazan-albergues-mientras-retroceden-a-casa
    ('reverse migration', 'Prefiero dormir en la playa: migrantes rechazan albergues mientras retroceden a casa',
     'Una nueva ola de “migración inversa” está sacudiendo Centroamérica. Tras cruzar México y otros países de la '
     'región en busca de llegar a Estados Unidos, decenas de migrantes venezolanos se han visto obligados a dar '
     'marcha atrás después de que la frontera norte se volviera más difícil.'),
    # https://www.univision.com/noticias/inmigracion/14-000-migrantes-camino-eeuu-han-regresado-sur-desde-cambios-fronterizos-trump-segun-onu
    ('reverse migration',
     '14.000 migrantes camino a EEUU han regresado al sur desde cambios fronterizos de Trump, según ONU',
     'Más de 14,000 migrantes, principalmente venezolanos, que esperaban llegar a Estados Unidos han dado marcha '
     'atrás y se han dirigido hacia el sur desde que comenzó la ofensiva migratoria del presidente Donald Trump, '
     'según un informe publicado el viernes por los gobiernos de Colombia, Panamá y Costa Rica.'),
    # https://caraotadigital.net/mundo/los-duros-testimonios-de-los-venezolanos-que-estan-haciendo-migracion-inversa-desde-el-norte/
    ('reverse migration', 'Los duros testimonios de los venezolanos que están haciendo migración inversa desde el norte',
     'Después de enfrentar enormes obstáculos en su intento por alcanzar territorio estadounidense, numerosos '
     'migrantes venezolanos siguen intentando la difícil travesía para retornar a su país o buscar refugio en '
     'naciones de tránsito, una elección que se les ha hecho difícil y ha estado marcada por la frustración y la '
     'nostalgia.'),
    # Spanish "calles" (streets) has the English stem of "call", a talks word of the cooperation rule
    # https://bc.marfeel.com/maduradas.com/cientos-migrantes-venezolanos-varados-costa-rica-buscan-regresar-al-pais/
    ('streets, not a call', 'Cientos de migrantes venezolanos varados en Costa Rica buscan regresar al país',
     'Cientos de migrantes venezolanos permanecen varados en las calles de la ciudad San José (Costa Rica), '
     'buscando la manera de subsistir y otros hacer el dinero para emprender el viaje de vuelta a su país, luego '
     'de adoptadas las nuevas políticas migratorias de los Estados Unidos.'),
]


@pytest.mark.parametrize("kind, title, summary", PROBES_QUIET, ids=[f"{c[0]}: {c[1][:40]}" for c in PROBES_QUIET])
def test_returns_of_their_own_accord_found_by_search_are_no_deportation(watchlist, kind, title, summary):
    fired_rules = fired(watchlist, title, summary)
    assert "deportation" not in fired_rules, kind
    if kind.startswith(("reverse", "streets")):
        assert fired_rules == set(), kind


def test_caravan_members_who_gave_up_and_were_deported_still_alert(watchlist):
    # https://www.sdpnoticias.com/nacional/2018/10/25/deportan-a-134-miembros-de-la-caravana-migrante-que-prefirieron-no-seguir-hacia-eu
    assert "deportation" in fired(
        watchlist, "Deportan a 134 miembros de la caravana migrante que prefirieron no seguir hacia EU",
        "México.- El Instituto Nacional de Migración (INM) deportó a 134 hondureños que ingresaron al país con la "
        "caravana migrante, y que se encontraban en la Estación Migratoria Siglo XXI de Tapachula, Chiapas.")
