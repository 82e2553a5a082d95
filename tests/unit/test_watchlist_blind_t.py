"""Blind set T (issue 11): 146 items (Spanish 68%, English 25%, fr/pt/de/it), deduplicated against the
labelled set and scored once with main at 2228cc4 before any change for them (recall 0.835, 81/97;
precision 0.953, 81/85). Its miss kinds: a neighbour containing a caravan by other names than the rules
knew ('caravana migratoria', 'caravana hondureña', Portuguese 'conter'/'retém', police blockades, a plan
activated 'ante' a caravan, its migration agents deployed, US agents with its police on a caravan's route;
German 'entgegentreten'), migrants turned back at a border ('repelidos'), Nicaragua's ban on return in
French and as an English fear ('not being able to return') or at its border posts ('varados en Peñas
Blancas'), and a US official warning a neighbour's president; its false-alert kinds: Italian 'visita'
stemmed like 'visa' (Nicaragua as a transit hub for Africans, US visa restrictions named), and a drug
bust whose suspects include foreigners. Each kind with the set's items and probes found by search."""

from __future__ import annotations

import pytest
from conftest import fired

# (kind, rule, title, summary): set T's misses and probes found by search, caught now
CAUGHT = [
    # (the set's line 49) https://prensalibre-com-develop.go-vip.co/guatemala/migrantes/imagenes-mexico-prepara-su-frontera-con-guatemala-ante-posible-llegada-de-caravana-hondurena
    ("a neighbour's migration agents deployed against a caravan named by demonym ('caravana hondureña')",
     'us-neighbour-cooperation',
     'Imágenes: México prepara su frontera con Guatemala ante posible llegada de caravana hondureña',
     'Un grupo de personas de este país centroamericano se organizó y el jueves 14 de enero por la noche '
     'partieron desde San Pedro Sula, Honduras, hacia la frontera con Guatemala. El gobierno de México '
     'desplegó unos 500 agentes migratorios en su frontera con Guatemala ante la formación de una '
     'caravana de migrantes, informó el jueves AFP.'),
    # (line 87) https://archivo.prensa-latina.cu/2022/04/11/guatemala-activa-plan-ante-posible-caravana-de-migrantes-hondurenos
    ("a plan activated 'ante' a caravan", 'us-neighbour-cooperation',
     'Guatemala activa plan ante posible caravana de migrantes hondureños',
     'El Instituto Guatemalteco de Migración (IGM) confirmó en su portal la realización de una reunión '
     'con autoridades y representantes de más de 15 instituciones, organizaciones y organismos '
     'internacionales para responder de manera integral a ese flujo de personas.'),
    # (line 140) https://eluniversal.com.mx/mundo/caravana-migratoria-se-diluye-camino-guatemala/?outputType=amp
    ("police blockades ('bloqueos policiales') on the migrants' road", 'us-neighbour-cooperation',
     'Caravana migratoria se diluye en camino a Guatemala',
     'Corinto, Honduras.— Al menos 300 migrantes hondureños salieron ayer hacia la frontera con Guatemala '
     'en una nueva caravana rumbo a Estados Unidos, pero el éxodo se diluyó en el camino por los bloqueos '
     'policiales, y muy pocos lograron cruzar por puntos ciegos.'),
    # (line 141) https://www.osul.com.br/honduras-tenta-conter-caravana-migratoria/amp
    ("Portuguese: 'conter caravana migratória'", 'us-neighbour-cooperation',
     'Honduras tenta conter caravana migratória',
     'O governo de Honduras intensificou o controle de fronteiras para tentar impedir que duas caravanas '
     'de 1,5 mil cidadãos do país cheguem à Guatemala e El Salvador, rumo aos Estados Unidos, fugindo da '
     'violência e da crise econômica.'),
    # (line 88) https://elsoldemexico.com.mx/mexico/sociedad/caravana-migrante-se-prepara-para-ingresar-a-mexico-cruza-tecun-uman-guatemala-4713420.html/amp
    ("US agents with a neighbour's police, the caravan in the headline", 'us-neighbour-cooperation',
     'Caravana migrante se prepara para ingresar a México; cruza Tecún Umán, Guatemala',
     'Una caravana integrada por al menos 3 mil 500 migrantes que partió de Honduras atravesó Guatemala '
     'rumbo a Estados Unidos, en medio de crecientes controles policiales y la atenta mirada de México. A '
     'diferencia de las caravanas masivas de 2018, la marcha se ha topado con policías locales '
     'acompañados de agentes estadounidenses de la oficina de Aduanas y Protección Fronteriza de los '
     'Estados Unidos (CBP por sus siglas en inglés) y el Servicio de Inmigración y Control de Aduanas '
     '(ICE).'),
    # (search probe, title from URL slug) https://noticias.canal1.com.co/internacional/tension-frontera-guatemala-mexico-miles-hondurenos-intentan-llegar-eua/
    ("'bloqueo policial' against migrants at the border", 'us-neighbour-cooperation',
     'Tensión en frontera Guatemala-México: miles de hondureños intentan llegar a EUA',
     'Momentos de tensión se viven en la frontera de Guatemala con México, donde miles de migrantes '
     'hondureños ignoraron el bloqueo policial y militar, saltando las vallas del control fronterizo, y '
     'lograron su objetivo de cruzar a México, en su intento por llegar a Estados Unidos.'),
    # (search probe, title from URL slug) https://www.opovo.com.br/noticias/mundo/2024/01/21/policia-da-guatemala-retem-caravana-de-migrantes-que-deixou-honduras-rumo-aos-eua.html
    ("Portuguese: 'retém caravana de migrantes'", 'us-neighbour-cooperation',
     'Polícia da Guatemala retém caravana de migrantes que deixou Honduras rumo aos EUA',
     'A polícia da Guatemala reteve na fronteira, no sábado (20), cerca de 200 pessoas que tinham saído '
     'de Honduras com destino aos Estados Unidos, na primeira caravana centro-americana de migrantes de '
     '2024, informaram as autoridades locais.'),
    # (search probe, title from URL slug) https://diauno.com.mx/%e2%80%95ejercito-y-policia-nacional-de-guatemala-contienen-y-desintegran-caravana-hondurena%e2%80%95
    ("'contienen ... caravana hondureña'", 'us-neighbour-cooperation',
     'Ejército y Policía Nacional de Guatemala contienen y desintegran caravana hondureña',
     'La Policía Nacional Civil y el Ejército de Guatemala desintegraron la caravana de más de 1,500 '
     'migrantes de Honduras que transitaban por el Peten en busca de la frontera de El Ceibo en Tabasco.'),
    # (the labelled set's line 1412, a miss before) https://de.euronews.com/2022/10/22/demonstration-der-starke-mexiko-und-guatemala-uben-migranten-abwehr
    ("German: 'Migranten-Karawane ... entgegentreten'", 'us-neighbour-cooperation',
     'Demonstration der Stärke: Mexiko und Guatemala üben Migranten-Abwehr',
     'Mexiko und Guatemala wollen einer möglichen Neuauflage einer "Migranten-Karawane" durch die Länder '
     'energisch entgegentreten. Das lässt sich jedenfalls aus Aufnahmen einer Grenzübung schließen.'),
    # (line 144) https://primiciahonduras.hn/en-corinto-despiertan-de-sueno-americano-decenas-de-migrantes-que-iban-en-caravana
    ("migrants turned back at the border ('repelidos por la policía')", 'deportation',
     'En Corinto despiertan de “sueño americano” decenas de migrantes que iban en caravana',
     'En la aduana de Corinto despertaron del “sueño americano” decenas de migrantes, repelidos por la '
     'policía, que intentaban pasar a Guatemala en su meta de llegar a México y luego a los Estados '
     'Unidos.'),
    # (line 119) https://labrigade-schoolbus.com/le-nicaragua-nie-le-pays-a-des-dizaines-de-personnes-qui-essaient-de-revenir-des-etats-unis/
    ("French ban on return ('empêchés de retourner au Nicaragua')", 'deportation',
     'Le Nicaragua nie le pays à des dizaines de personnes qui essaient de revenir des États-Unis',
     "Au moins 160 Nicaraguens ont été empêchés de retourner au Nicaragua avec l'entrée en vigueur d'une "
     "réforme de la loi sur la migration qui permet de rejeter l'entrée de leurs citoyens en considérant "
     "qu'ils peuvent tenter contre la paix et la sécurité du pays."),
    # (line 117) https://havanatimes.org/?p=235384
    ("English ban on return told as a fear ('not being able to return')", 'deportation',
     'Fear of Leaving and Not Returning to Nicaragua',
     'When traveling outside of Nicaragua, many face the fear of not being able to return and suffering '
     'forced exile. Three Nicaraguans share their stories'),
    # (line 44) https://nacion.com/sucesos/judiciales/150-nicaraguenses-varados-en-penas-blancas/T75MTHV6VVH4BF5C7Y24VH3XZE/story
    ("Nicaraguans stranded at their border post ('varados en Peñas Blancas')", 'deportation',
     '150 nicaragüenses varados en Peñas Blancas',
     'Alrededor de 150 nicaragüenses están varados actualmente en Peñas Blancas, Guanacaste, luego de que '
     'el Gobierno de aquel país les impusiera un nuevo requisito para permitirles el ingreso a su '
     'territorio: comprobar que no portan el nuevo coronavirus.'),
    # (line 50) https://votamonterrey.com/local/kamala-harris-vicepresidente-de-eua-advirtio-al-presidente-de-guatemala-alejandro-giammattei/
    ("a US official warning a neighbour's president", 'us-neighbour-cooperation',
     'Kamala Harris, vicepresidente de EUA, advirtió al presidente de Guatemala, Alejandro Giammattei',
     'La vicepresidenta de Estados Unidos, Kamala Harris, advirtió al presidente de Guatemala, Alejandro '
     'Giammattei, que aunque la mayoría del pueblo guatemalteco se resiste a migrar por vías irregulares '
     'al exterior, termina «huyendo» por miedo o porque «no puede satisfacer sus necesidades básicas».'),
]


@pytest.mark.parametrize("kind, rule, title, summary", CAUGHT, ids=[f"{c[0]}: {c[2][:40]}" for c in CAUGHT])
def test_set_t_miss_kinds_alert(watchlist, kind, rule, title, summary):
    assert rule in fired(watchlist, title, summary), kind


# (kind, title, summary): near-misses of the same words, quiet
LEFT_ALONE = [
    # (line 58, migration-other) https://www.laprensani.com/2023/12/07/nacionales/3248869-migrantes-africanos-llegan-por-montones-a-managua-desde-el-salvador
    ("Nicaragua as a transit hub: 'visa' is not Italian 'visita'",
     'Migrantes africanos llegan por montones a Managua desde El Salvador',
     'La llegada de migrantes de origen africano sigue siendo una realidad en Nicaragua, pese a las '
     'restricciones de visa anunciadas por el Gobierno de Estados Unidos contra quienes promuevan la '
     'migración irregular hacia ese país. El Aeropuerto Internacional Augusto C. Sandino, en Managua, '
     'cada vez que arriba un vuelo desde San Salvador, El Salvador, luce abarrotado de personas de origen '
     'africano, que buscan seguir su travesía hacia Estados Unidos.'),
    # (line 97, drug-seizure) https://diariobarricada.com/nacionales/golpe-al-narcotrafico-cinco-detenidos-y-miles-de-dolares-incautados
    ('a drug bust whose suspects include foreigners',
     'Golpe al narcotráfico: cinco detenidos y miles de dólares incautados',
     'La Policía Nacional de Nicaragua asestó un duro golpe al crimen organizado el pasado jueves 31 de '
     'octubre, con la captura de un ciudadano nicaragüense y cuatro extranjeros, además, de incautar una '
     'considerable cantidad de droga y miles de dólares en efectivo.'),
    # (search probe, title from URL slug) https://www.gob.mx/sspc/prensa/mexico-activa-plan-de-atencion-a-caravana-migrante-con-vision-humanitaria?idiom=es
    ("a humanitarian plan for a caravan, not 'ante' one",
     'México activa plan de atención a caravana migrante con visión humanitaria',
     'El gobierno de México puso en marcha el Plan de Atención Caravana Migrante, en el que participan '
     'todas las dependencias federales, bajo la dirección de la Secretaría de Seguridad y Protección '
     'Ciudadana y la Secretaría de Gobernación, especial mente el Instituto Nacional de Migración (INAMI) '
     'y bajo coordinación de la Coordinación Nacional de Protección Civil (CNPC).'),
    # (search probe, title from URL slug) https://voa.pangea-cms.com/preview/es/a/eeuu-impondr%C3%ADa-nuevas-sanciones-a-nicaragua-por-endurecimiento-de-la-crisis-pol%C3%ADtica/6605770.html
    ("a US official warning about sanctions on a neighbour's president, not to him",
     'EEUU impondría nuevas sanciones a Nicaragua por endurecimiento de la crisis política',
     'El subsecretario para Asuntos del Hemisferio Occidental del Departamento de Estado de EEUU, Brian '
     'Nichols, advirtió este lunes sobre la posibilidad de nuevas sanciones contra la administración del '
     'presidente Daniel Ortega durante el inicio del Foro de la Sociedad Civil enmarcado en la Cumbre de '
     'las Américas.'),
    # (search probe, title from URL slug) https://www.elnuevodiario.com.ni/nacionales/4053-centenares-vehiculos-varados-penas-blancas/
    ('vehicles, not Nicaraguans, stranded at Peñas Blancas',
     'Centenares de vehículos varados en Peñas Blancas',
     'Un verdadero caos vehicular se vive en la frontera de Peñas Blancas, ya que centenares de furgones, '
     'buses y vehículos livianos permanecen a ambos lados de la carretera tratando de salir o ingresar al '
     'país, por lo que se ha generado un atolladero, y la fila de vehículos ya sobrepasa los cinco '
     'kilómetros sólo en territorio nacional.'),
    # (search probe, title from URL slug) https://archivo.prensa-latina.cu/2022/09/12/incautan-en-nicaragua-mas-de-121-mil-500-dolares-del-narcotrafico
    ("a drug bust naming a neighbour's national",
     'Incautan en Nicaragua más de 121 mil 500 dólares del narcotráfico',
     'La autoridad comunicó que el decomiso se realizó el pasado sábado 10 de septiembre, tras la captura '
     'de dos personas entre ellos un hondureño, quienes viajaban en un autobús en la ruta Nueva '
     'Segovia–Managua.'),
    # (search probe, title from URL slug) https://www.caymancompass.com/2020/06/17/nicaraguan-borders-remain-closed-but-some-residents-allowed-in/
    ('Nicaraguans stranded abroad by the pandemic hoping to return',
     'Nicaraguan borders remain closed but some residents allowed in',
     'Stranded Nicaraguan residents in Cayman are hopeful they may be able to return home soon, as their '
     'government has begun accepting a select few of its nationals back across its border.'),
    # (the labelled set's line 670, us-own-border-policy) https://redevc.com.br/2025/01/22/trump-decreta-fechamento-da-fronteira-com-mexico-para-imigrantes-ilegais
    ("the US's own border order ('repelir', an order, not migrants turned back)",
     'Trump decreta fechamento da fronteira com México para imigrantes ilegais',
     'Donald Trump assinou uma ordem executiva que suspende a entrada de imigrantes ilegais pela '
     'fronteira sul dos EUA com o México. A medida instrui os departamentos de Segurança Interna, Justiça '
     'e Estado a tomarem ações imediatas para repelir e remover esses imigrantes.'),
]


@pytest.mark.parametrize("kind, title, summary", LEFT_ALONE, ids=[f"{c[0]}: {c[1][:40]}" for c in LEFT_ALONE])
def test_set_t_near_miss_kinds_stay_quiet(watchlist, kind, title, summary):
    assert fired(watchlist, title, summary) == set(), kind
