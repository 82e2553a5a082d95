"""Blind set S (issue 11): 200 items spread over six languages (Spanish 67%, English 25%, de/pt/fr/ro),
scored once with main at f04fa43 before any change for them (recall 0.930, precision 0.915). Its miss
kinds: Nicaragua's banishment of bishops and priests to Rome and the Vatican told in English and
Portuguese (the release a few more words from the clergy, 'enviados', 'padres', clergy arriving in Rome)
and a joint US-neighbour force hunting fugitives ('prófugos' as security);
its false alerts: the US's own entry/exit biometrics ('que entren', read as entrenar's stem), the US's
own visa bans and restrictions on a neighbour's firms (migration-other), staff clocking in ('reloj checador'),
Global Entry explained for Mexico's travellers with no accession, agreement or talks,
past deportation campaigns told as history ('Eisenhower-era', '1950s', 1954) and Nicaragua expelling
the missions of the OAS's human-rights commission (CIDH/IACHR, MESENI, GIEI), not migrants."""

from __future__ import annotations

import pytest
from conftest import fired

# (kind, rule, title, summary): set S's misses and probes found by search, caught now
CAUGHT = [
    # https://cruxnow.com/vatican/2024/01/bishop-who-spent-over-a-year-in-a-nicaraguan-jail-released-with-18-others
    ('English banishment: the bishop released 10 words on, Rome in the lede', 'deportation',
     'Bishop who spent over a year in a Nicaraguan jail released with 18 others',
     'ROME – An outspoken Catholic bishop who spent over a year behind bars for criticizing the regime of '
     'Nicaraguan President Daniel Ortega, and whose case has received broad international attention, was '
     'released Saturday along with 18 others.'),
    # https://oglobo.globo.com/mundo/noticia/2023/10/19/doze-padres-processados-na-nicaragua-sao-enviados-ao-vaticano.ghtml
    ("Portuguese banishment: 'padres ... enviados ao Vaticano'", 'deportation',
     'Doze padres processados na Nicarágua são enviados ao Vaticano',
     '"Um acordo foi alcançado com a Santa Sé para o deslocamento ao Vaticano dos 12 padres que, por diferentes '
     'motivos, foram processados e que viajaram para Roma", afirma o texto.'),
    # https://lahoratv.com/2023/10/19/nicaragua-excarcela-12-sacerdotes-y-los-envia-al-vaticano-tras-acuerdo
    ('Spanish banishment to the Vatican', 'deportation',
     'Nicaragua excarcela 12 sacerdotes y los envía al Vaticano tras acuerdo',
     'El Gobierno que preside Daniel Ortega en Nicaragua excarceló este miércoles a 12 sacerdotes y los envió '
     'al Vaticano tras un acuerdo con la Santa Sede.'),
    # https://razon.com.mx/mundo/2024/01/15/ortega-destierra-ahora-a-19-religiosos
    ('Spanish banishment to Rome', 'deportation', 'Ortega destierra ahora a 19 religiosos',
     'El régimen nicaragüense excarceló a 19 representantes de la Iglesia católica, a quienes expatrió a Roma, '
     'tras fuertes choques con el Vaticano.'),
    # https://kvia.com/news/ap-national/2024/01/14/nicaragua-says-it-released-bishop-rolando-alvarez-18-priests-from-jail-handed-them-over-to-vatican
    ('English banishment: the clergy arriving in Rome, the release in the lede', 'deportation',
     'Nicaraguan Bishop Rolando Álvarez and 18 priests arrive in Rome from prison, guests of Vatican',
     'MEXICO CITY (AP) — The Vatican says Nicaraguan Bishop Rolando Álvarez and 18 Catholic clergy members from '
     'the Latin American country have arrived in Rome and are guests of the Holy See. The Nicaraguan government '
     'said it released the group on Sunday from jail and handed them over to Vatican authorities.'),
    # https://newsweekespanol.com/elsalvador/2025/06/12/eeuu-y-guatemala-fuerza-de-tareas (AFP)
    ("a joint US-neighbour force hunting fugitives ('prófugos' as security)", 'us-neighbour-cooperation',
     'EEUU y Guatemala crean fuerza de tareas para buscar a fugitivos',
     'El objetivo de la nueva fuerza policial conjunta es ubicar y detener a prófugos de la justicia guatemalteca '
     'que escaparon del país. Estados Unidos y Guatemala crearon este miércoles una fuerza policial conjunta que '
     'se encargará de ubicar y detener a prófugos de la justicia guatemalteca que escaparon del país, informaron '
     'funcionarios.'),
    # https://lapagina.com.sv/internacionales/agentes-de-seguridad-de-ee-uu-entrenan-a-policias-de-guatemala-por-fallas-en-controles-a-migrantes
    # (the set's line 250): training still counts once 'entren' (entrar) is no longer entrenar's stem
    ("US agents training a neighbour's police ('entrenan')", 'us-neighbour-cooperation',
     'Agentes de seguridad de EE. UU. entrenan a policías de Guatemala por fallas en controles a migrantes', ''),
    # http://www.gob.mx/inm/prensa/fortalecen-lazos-mexico-y-estados-unidos-en-materia-de-internacion-para-viajeros-frecuentes
    # both governments at their trusted-traveller programmes: not the Global Entry explainer left alone below
    ('Global Entry with both governments at it', 'us-neighbour-cooperation',
     'Fortalecen lazos México y Estados Unidos en materia de internación para viajeros frecuentes',
     'Los gobiernos de México y Estados Unidos fortalecen los programas Viajero Confiable y Global Entry, '
     'respectivamente, con el fin de agilizar el ingreso en los aeropuertos participantes a las personas que '
     'viajan de manera frecuente hacia territorio mexicano y estadounidense, inscritos a un procedimiento de '
     'verificación e impulsar el turismo entre ambas naciones.'),
    # (the set's line 2759) a neighbour's accession stays cooperation
    ('Global Entry accession', 'us-neighbour-cooperation',
     'Costa Rica se suma al programa Global Entry y agiliza el ingreso de viajeros a Estados Unidos', ''),
]


@pytest.mark.parametrize("kind, rule, title, summary", CAUGHT, ids=[f"{c[0]}: {c[2][:40]}" for c in CAUGHT])
def test_set_s_miss_kinds_alert(watchlist, kind, rule, title, summary):
    assert rule in fired(watchlist, title, summary), kind


# (kind, title, summary): near-misses of the same words, quiet
LEFT_ALONE = [
    # https://www.theday.com/nation/20240227/trumps-deportation-plan-is-modeled-on-inhumane-1950s-program-experts-say/
    ("a past campaign told as history, '1950s'", "Trump’s deportation plan is modeled on ‘inhumane’ 1950s program, experts say",
     'After hundreds of thousands of Mexican migrants were put on buses, planes and boats during the scorching '
     'summer of 1954 and sent across the U.S. border into often-unfamiliar parts of Mexico, the head of the '
     'Immigration and Naturalization Service declared the border “secured.”'),
    # http://www.homelandsecuritynewswire.com/dr20240508-trump-promises-to-deport-all-undocumented-immigrants-resurrecting-a-1950s-strategy-but-it-didn-t-work-then-and-is-les
    ("a past campaign told as history, a campaign promise beside it",
     'Trump Promises to Deport All Undocumented Immigrants, Resurrecting a 1950s Strategy − but It Didn’t Work '
     'Then and Is Less Likely to Do So Now',
     'Donald Trump said he would follow “the Eisenhower model” but on a much larger scale — referring to the 1954 '
     '“Operation Wetback” which aimed to deport hundreds of thousands of Mexicans.'),
    # https://americasvoice.org/blog/3-startling-details-behind-the-brutal-and-deadly-eisenhower-era-mass-deportation-program-repeatedly-praised-by-trump/
    ("'Eisenhower-era', the cooperation rule too",
     '3 startling details behind the brutal and deadly Eisenhower-era mass deportation program repeatedly '
     'praised by Trump',
     'From the start of GOP presidential nominee Donald Trump’s first campaign in 2015 (when he descended the '
     'escalators of Trump Tower and called Mexican immigrants criminals and “rapists”) to the present day, over '
     'and over and over again Trump has pointed to President Dwight D. Eisenhower’s 1954 mass deportation '
     'program as a model for his mass purging agenda'),
    # https://www.storstrange.club/2024/11/14/operation-wetback-what-happened-last-time-us-conducted-mass-deportations/
    ("'Operation Wetback' in the headline",
     '‘Operation Wetback’: What Happened Last Time US Conducted Mass Deportations',
     'President-elect Donald Trump has promised to carry out the largest deportation project in American '
     'history, using the military and local law enforcement to do it, in a move that could echo the last major '
     'effort to remove migrants en masse in the 1950s.'),
    # http://www.eldeber.com.bo/mundo/Nicaragua-expulsa-a-dos-misiones-de-la-CIDH-por-supuesta-injerencia-20181220-9303.html
    ("the OAS commission's missions expelled ('misiones')", 'Nicaragua expulsa a dos misiones de la CIDH por supuesta injerencia',
     'El organismo de la OEA denunció graves violaciones a los derechos humanos por la represión estatal contra '
     'opositores'),
    # https://www.laestrella.com.pa/mundo/america/cidh-meseni-lamenta-expulsion-YOLE36436
    ('the MESENI expelled', 'CIDH lamenta expulsión del Meseni de Nicaragua',
     'La Comisión Interamericana de Derechos Humanos (CIDH) lamentó ayer la decisión del Gobierno de Nicaragua de '
     'expulsar de forma temporal del país al Mecanismo Especial de Seguimiento para Nicaragua (Meseni), pero '
     'aseguró que continuará actuando desde su sede en Washington.'),
    # https://noticias.canal1.com.co/internacional/ortega-expulsa-nicaragua-dos-misiones-la-cidh/
    ("the IACHR's missions expelled, 'opositores' nowhere near", 'Ortega expulsa de Nicaragua a dos misiones de la CIDH',
     'Acusándolas de actuar de forma injerencista y parcializada, el mandatario nicaragüense, Daniel Ortega, '
     'ordenó la expulsión de las misiones de la Comisión Interamericana de Derechos Humanos, que han denunciado '
     'las graves violaciones contra quienes desde el pasado abril se han manifestado para exigir la renuncia del '
     'presidente tras 11 años en el poder.'),
    # https://www.visahq.com/news/2025-11-18/us/state-department-slaps-visa-bans-on-nicaraguan-migration-brokers
    ("the US's visa bans on a neighbour's firms ('visa bans')",
     'State Department slaps visa bans on Nicaraguan migration brokers',
     'In its latest bid to choke irregular migration flows, the U.S. State Department on 17 November began '
     'revoking visas and imposing new entry bans on Nicaraguan business owners accused of selling “express” '
     'routes to the southern border.'),
    # https://britbrief.co.uk/politics/diplomacy/us-slaps-visa-restrictions-on-nicaraguan-travel-firms.html
    ("'visa restrictions' on travel firms", 'US slaps visa restrictions on Nicaraguan travel firms',
     'The United States government has escalated its crackdown on illegal migration by announcing a new wave of '
     'visa restrictions targeting Nicaraguan travel and transport companies.'),
    # https://www.middleeastbulletin.com/us-intensifies-visa-restrictions-against-nicaragua-amid-immigration-challenges
    ("'visa restrictions', migration in the lede",
     'US Intensifies Visa Restrictions Targeting Nicaragua Amid Immigration Challenges',
     'In a significant shift in its immigration approach, the United States has imposed stricter visa '
     'restrictions on individuals in Nicaragua. These restrictions are directed at those allegedly facilitating '
     "illegal migration to the US through unauthorized pathways, marking a crucial escalation in the current "
     "administration's efforts to combat illegal immigration."),
    # https://www.anews.com.tr/world/2025/11/17/us-imposes-visa-restrictions-on-nicaraguans-allegedly-facilitating-illegal-migration
    ("'visa restrictions' on the neighbour's people",
     'US imposes visa restrictions on Nicaraguans allegedly facilitating illegal migration',
     'The US on Monday announced visa revocations and restrictions targeting individuals based in Nicaragua who it '
     'accused of facilitated illegal immigration to the country.'),
    # https://ticoslandia.com/la-amplia-norma-biometrica-de-eeuu-afectara-a-todos-los-viajeros-extranjeros
    ("the US's own entry/exit biometrics, 'que entren o salgan' (entrar, not entrenar: not talks)",
     'La amplia norma biométrica de EEUU afectará a todos los viajeros extranjeros',
     'San José, Costa Rica — San José – Esta semana entrará en vigor un cambio significativo en la política de '
     'control fronterizo de Estados Unidos, con la introducción de un nuevo proceso obligatorio de control '
     'biométrico para todos los ciudadanos no estadounidenses. A partir del 26 de diciembre, todos los extranjeros '
     'que entren o salgan del país estarán sujetos a la recopilación de datos biométricos, una medida que altera '
     'fundamentalmente la experiencia de viaje de millones de personas, incluidos los costarricenses.'),
    # https://bi-spain.com/articulo/el-ayuntamiento-mexicano-de-matamoros-utilizara-un-sistema-de-reloj-registrador-biometrico-para-controlar-el-horario-de-ingreso-de-los-trabajadores
    ("a town hall's staff clocking in by fingerprint ('reloj registrador')",
     'El ayuntamiento mexicano de Matamoros utilizará un sistema de reloj registrador biométrico para controlar el '
     'horario de ingreso de los trabajadores',
     'En un intento por tener un mejor control y pagar solamente los días e incluso las horas laboradas, el '
     'Ayuntamiento de Matamoros (Tamaulipas, México) inició la implementación del sistema de reloj registrador de '
     'huellas digitales, al que incluso serán sometidos subdirectores, directores y hasta secretarios.'),
    # https://www.geovictoria.com/es-mx/blog/tecnologia/reloj-checador-mexico-controlar-asistencia/
    ("a vendor's 'reloj checador' for Mexican employers", 'Reloj Checador en México: Controla la Asistencia de tus Empleados',
     'Controla entradas y salidas con un reloj checador biométrico. Mejora la puntualidad y automatiza reportes.'),
    # https://travesiasdigital.com/noticias/global-entry-el-pase-para-entrar-mas-rapido-a-estados-unidos/amp
    ('how Global Entry works for Mexican travellers, no accession (the lead\'s trusted-traveler-program)',
     'Global Entry: el pase para entrar más rápido a Estados Unidos',
     'Global Entry permite evitar las largas filas en migración a residentes legales y ciudadanos de algunos '
     'países, entre ellos México.'),
    # http://www.elimparcial.com/EdicionEnLinea/Notas/Sonora/08042017/1201173-Comparten-programas-para-facilitar-entrada-a-Estados-Unidos.html
    ("a Mexican consulate explaining Sentri and Global Entry", 'Comparten programas para facilitar entrada a Estados Unidos',
     'HERMOSILLO, Sonora(GH) Los procesos para obtener los beneficios de los programas de viajero confiable '
     'Sentri y Global Entry, dio a conocer el Consulado de México en Douglas, Arizona.'),
    # https://aeronotas.com/?p=103
    ('a travel blog on Global Entry for Mexicans', 'Global Entry Mexicanos',
     'Si viajas con cierta frecuencia a Estados Unidos probablemente las largas filas en migración y seguridad te '
     'sean familiares.'),
]


@pytest.mark.parametrize("kind, title, summary", LEFT_ALONE, ids=[f"{c[0]}: {c[1][:40]}" for c in LEFT_ALONE])
def test_set_s_near_miss_kinds_stay_quiet(watchlist, kind, title, summary):
    assert fired(watchlist, title, summary) == set(), kind
