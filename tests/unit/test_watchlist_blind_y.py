"""Blind set Y (issue 11): 158 items (Spanish 66%, English 22%, German, Italian, French, Portuguese),
scored once with main at 3eab359 before any change for them (recall 0.750 (69/92), precision 0.932
(69/74)). Its miss kinds: Nicaragua barring its critics' return in English and Italian ('prevents the
return'); Nicaraguans stranded at their border waiting to enter their own country; the nationality taken
among civil rights ('despojar ... de sus derechos civiles y políticos, en particular la nacionalidad') and
in Italian ('ritirato ... la nazionalità'); US migration offices and centres in a neighbour in Portuguese
('escritório', 'pedidos de refúgio') and named in an English headline ('Regional Center for Migrants');
Homeland Security agents sent to a neighbour by name; US security support by other words than a donation
(joint patrols, 'cooperación ... contra el narcotráfico', the DEA withdrawn for lack of cooperation). Its
false-alert kinds: the US's yearly drug-transit list; a body's members expelled (the OAS); a circumstance
that keeps refugees from going home ('situación que impide su regreso'). After: 0.901 (82/91, line 120
relabelled) / 0.976 (82/84)."""

from __future__ import annotations

import pytest
from conftest import fired

# (kind, rule, title, summary): set Y's misses and probes found by search, caught now
CAUGHT = [
    # https://www.today90.com/daniel-ortega-prevents-the-return-to-nicaragua-of-voices-critical-of-his-regime-international/
    ("set Y line 126: a ban on return in English ('prevents the return')", 'deportation',
     'Daniel Ortega prevents the return to Nicaragua of voices critical of his regime',
     'The exile has become a new form of repression of the regime of Daniel Ortega in Nicaragua. The '
     'Government has prevented the return to the Central American country of a priest, a defender of the '
     'rights of indigenous populations and the vice-rector of the Jesuit Central American University '
     '(UCA), a study center that was the epicenter of the student protests in 2018, which Ortega '
     'violently suppressed.'),
    # http://articles.chicagotribune.com/1986-06-30/news/8602160506_1_father-carballo-cardinal-obando-y-bravo-sandinistas
    ("a ban on return, 'prevent ... from returning' (1986)", 'deportation',
     'Sandinistas Prevent Critic From Returning To His Flock',
     'MANAGUA, NICARAGUA — A high-ranking priest critical of the Managua government was barred from '
     'returning home in what may be the first forced exile of opponents to Sandinista rule, sources said '
     'Sunday.'),
    # https://cnne-stage.cnn.com/2020/07/23/cientos-de-nicaraguenses-varados-en-la-frontera-sur-esperan-permiso-para-ingresar-a-su-pais
    ('set Y line 1: Nicaraguans stranded waiting to enter their own country', 'deportation',
     'Cientos de nicaragüenses varados en la frontera sur esperan permiso para ingresar a su país',
     '(CNN Español) – Un grupo de las Fuerzas especiales de la Policía Nacional de Nicaragua llegó a '
     'Peñas Blancas, en la frontera con Costa Rica, donde se encuentran cientos de nicaragüenses que '
     'esperan la autorización de las autoridades migratorias de su país para ingresar, informó el Centro '
     'Nicaragüense de Derechos Humanos.'),
    # https://www.elpais.com.co/mundo/onu-alerto-sobre-despojo-de-derechos-civiles-en-nicaragua.html
    ('set Y line 12: nationality the last of the civil rights taken in Nicaragua', 'deportation',
     'ONU alertó sobre despojo de derechos civiles en Nicaragua',
     '“El secretario general estaba alarmado de ver la decisión del Gobierno de Nicaragua de despojar a '
     '94 de sus ciudadanos de sus derechos civiles y políticos, en particular la nacionalidad y el '
     'derecho a la propiedad”.'),
    # https://www.agenzianova.com/a/64e89ab053f691.27801193/4503010/2023-08-25/nicaragua-scrittore-ed-ex-vicepresidente-ramirez-prende-la-cittadinanza-colombiana-3
    ("set Y line 20: Italian 'ritirato ... la nazionalità'", 'deportation',
     'Nicaragua: scrittore ed ex vicepresidente Ramírez prende la cittadinanza colombiana',
     'Le autorità del Nicaragua hanno ritirato, con due decisioni successive, la nazionalità e spogliato '
     'i beni di oltre 300 cittadini accusati di "tradimento alla patria". Il 9 febbraio hanno scarcerato '
     'ed espulso negli Stati Uniti 222 persone condannate "per aver commesso atti che attentano '
     'all\'indipendenza, la sovranità e l\'autodeterminazione del popolo", nonché "per aver istigato alla '
     'violenza, al terrorismo e alla destabilizzazione economica".'),
    # https://www.bol.uol.com.br/noticias/2024/03/22/eua-reabre-escritorio-migratorio-na-capital-de-honduras.htm
    ("set Y line 83: a US migration office in Portuguese ('escritório', 'pedidos de refúgio')", 'us-neighbour-cooperation',
     'EUA reabre escritório migratório na capital de Honduras',
     'Os Estados Unidos vão reabrir um escritório em Tegucigalpa para processar pedidos de refúgio e '
     'reagrupamento familiar, informou, nesta sexta-feira (22), a agência que supervisiona a migração no '
     'país.'),
    # https://havanatimes.org/news/us-to-open-regional-center-for-migrants-on-june-12/
    ('set Y line 57: a US centre named in the headline, asylum seekers in the lede', 'us-neighbour-cooperation',
     'US to Open “Regional Center for Migrants” on June 12th',
     'Asylum seekers from any country, including Nicaragua, can file applications for refugee status, '
     'family reunification programs and work permits. HAVANA TIMES – On June 12, the United States and '
     'Guatemala will begin the pilot phase of a migration program that seeks to facilitate access '
     '“through legal channels” to the USA.'),
    # https://www.voanews.com/a/report-us-homeland-security-agents-heading-to-guatemala-/4941817.html
    ('set Y line 133: Homeland Security agents heading to a neighbour', 'us-neighbour-cooperation',
     'Report: US Homeland Security Agents Heading to Guatemala',
     'The United States is reportedly sending dozens of Department of Homeland (DHS) security agents and '
     'investigators to Guatemala to help stem the flow of unauthorized migration from Central America to '
     'the U.S.'),
    # https://en.news-front.su/2019/06/01/not-so-homeland-security-us-to-send-dhs-advisers-to-guatemala-border
    ("DHS 'advisers' sent to a neighbour's border", 'us-neighbour-cooperation',
     'Not-so-homeland security: US to send DHS ‘advisers’ to Guatemala border',
     'The US Department of Homeland Security is working with the Guatemalan government on the country’s '
     'northern border to stem the flow of migrants, reportedly sending dozens of agents south in an '
     'advisory capacity.'),
    # https://larepublica.net/noticia/estados-unidos-y-costa-rica-unen-esfuerzos-para-el-patrullaje-conjunto
    ("set Y line 114: joint patrols with the US ('unen esfuerzos', 'patrullaje conjunto')", 'us-neighbour-cooperation',
     'Estados Unidos y Costa Rica unen esfuerzos para el patrullaje conjunto',
     'Barco estadounidense con alta tecnología visitó el país para capacitar al personal del Servicio '
     'Nacional de Guardacostas.'),
    # https://cr.usembassy.gov/es/estados-unidos-ayuda-a-costa-rica-a-adquirir-embarcaciones/
    ("set Y line 2: US help buying patrol boats ('han trabajado juntos ... contra el narcotráfico')", 'us-neighbour-cooperation',
     'Estados Unidos ayuda a Costa Rica a adquirir embarcaciones',
     '“Estados Unidos y Costa Rica han trabajado juntos por décadas en la lucha contra el narcotráfico. '
     'El mejoramiento de la capacidad de Costa Rica para patrullar sus aguas con estas nuevas '
     'embarcaciones demuestra nuestro compromiso por construir una región más estable, próspera y segura”.'),
    # https://soynuevaprensadigital.com/npd/chaves-celebra-decomiso-record-de-44-toneladas-con-apoyo-de-ee-uu/
    ("set Y line 111: a drug seizure 'con apoyo de EE. UU.', the cooperation in the lede", 'us-neighbour-cooperation',
     'Chaves celebra decomiso récord de 4.4 toneladas con apoyo de EE. UU.',
     'El presidente Rodrigo Chaves celebró este viernes la cooperación con Estados Unidos en la lucha '
     'antinarcóticos tras decomisar 4,4 toneladas de cocaína en aguas del Pacífico costarricense, el '
     'mayor golpe en la historia del país.'),
    # http://elpais.comunicamaranhao.com/america/2025-06-11/estados-unidos-retira-a-la-dea-de-nicaragua-por-falta-de-cooperacion-del-regimen-de-ortega-y-murillo.html
    ("set Y line 62: the DEA withdrawn for 'falta de cooperación'", 'us-neighbour-cooperation',
     'Estados Unidos retira a la DEA de Nicaragua por “falta de cooperación” del régimen de Ortega y '
     'Murillo',
     'Washington acusa al Gobierno sandinista de ocultar información clave sobre el narcotráfico. La '
     'istración de Control de Drogas, conocida por su siglas en inglés como DEA, se retirará de Nicaragua '
     'en 2025.'),
    # https://www.cronista.com/usa/trending/un-pais-de-america-latina-forma-alianza-con-estados-unidos-y-permitira-el-ingreso-de-195-embarcaciones-esta-a-punto-de-declarar-la-guerra/
    ("set Y line 112: US Coast Guard ships let into a neighbour's ports ('alianza')", 'us-neighbour-cooperation',
     'Un país de América Latina forma alianza con Estados Unidos y permitirá el ingreso de 195 '
     'embarcaciones: ¿está a punto de declarar la guerra?',
     'La cooperación internacional volvió al centro del debate político en Costa Rica tras la reciente '
     'decisión legislativa que autoriza el ingreso de hasta 195 embarcaciones de la Guardia Costera de '
     'Estados Unidos a los puertos costarricenses durante el próximo año. La medida busca fortalecer la '
     'seguridad marítima y frenar el avance del narcotráfico en rutas clave del Pacífico y el Caribe.'),
    # https://closeup.mx/mundo/decomisan-mas-de-cuatro-toneladas-de-cocaina-transportadas-en-una-embarcacion-en-costa-rica/
    ("the US's cooperation at sea against drug trafficking", 'us-neighbour-cooperation',
     'Decomisan más de cuatro toneladas de cocaína transportadas en una embarcación en Costa Rica',
     'EFE.- El presidente de Costa Rica, Rodrigo Chaves, celebró este viernes el trabajo y la cooperación '
     'que realiza Estados Unidos en los océanos en la lucha contra el narcotráfico, luego de que en una '
     'operación conjunta se decomisaron alrededor de 4.4 toneladas de cocaína.'),
]


@pytest.mark.parametrize("kind, rule, title, summary", CAUGHT, ids=[f"{c[0]}: {c[2][:40]}" for c in CAUGHT])
def test_set_y_miss_kinds_alert(watchlist, kind, rule, title, summary):
    assert rule in fired(watchlist, title, summary), kind


# (kind, title, summary): set Y's false-alert kinds and their near-misses found by search, quiet now
LEFT_ALONE = [
    # https://elpais.com/america/2025-09-17/trump-senala-a-nicaragua-como-pais-clave-para-el-transito-de-drogas-y-refuta-el-supuesto-muro-de-contencion-de-ortega.html?outputType=amp
    ("set Y line 66: the US's drug-transit list",
     'Trump señala a Nicaragua como país clave para el tránsito de drogas y refuta el supuesto “muro de '
     'contención” de Ortega',
     'La designación del Departamento de Estado dinamita la narrativa del Ejército sandinista sobre el '
     'control del narcotráfico. La Administración de Donald Trump continúa cercando, al menos con '
     'herramientas diplomáticas y de seguridad regional, al régimen copresidencial de Daniel Ortega y '
     'Rosario Murillo.'),
    # https://confidencialhn.com/eeuu-mantiene-a-honduras-en-lista-negra-de-paises-vinculados-al-narcotrafico
    ("the drug-transit list, 'cooperación con Estados Unidos' denied in the lede",
     'EEUU mantiene a Honduras en lista negra de países vinculados al narcotráfico',
     'El Departamento de Estado publicó el listado de 23 naciones señaladas como productoras o de '
     'tránsito de drogas; 17 de ellas están en América. TEGUCIGALPA, HONDURAS. El Gobierno de Estados '
     'Unidos mantuvo este 15 de septiembre a Honduras dentro de la lista de países considerados con mayor '
     'tránsito de drogas o mayores productores de drogas ilícitas, según el memorando oficial emitido por '
     'el Departamento de Estado.'),
    # https://proceso.hn/eeuu-incluye-a-honduras-en-lista-de-paises-de-alto-transito-de-drogas-en-2025/
    ("the drug-transit list ('alto tránsito de drogas')",
     'EEUU incluye a Honduras en lista de países de alto tránsito de drogas en 2025',
     'Washington – El presidente de Estados Unidos, Donald Trump, remitió este lunes al Congreso una '
     'determinación oficial en la que identifica a Honduras y otros 21 países como naciones de mayor '
     'tránsito o producción ilícita de drogas, en el marco de la estrategia global contra el narcotráfico.'),
    # https://www.elreporterohnradio.net/noticia/1858220/estados-unidos-incluye-a-honduras-en-lista-de-paises-con-mayor-transito-de-drogas-para-2026
    ('the drug-transit list, the cooperation disclaimer',
     'Estados Unidos incluye a Honduras en lista de países con mayor tránsito de drogas para 2026',
     'Honduras volvió a aparecer en la lista de países identificados por Estados Unidos como relevantes '
     'en el tránsito o producción ilícita de drogas. La decisión fue oficializada por el presidente '
     'Donald Trump en un comunicado difundido por el Departamento de Estado, donde se presentan las '
     'designaciones correspondientes al año fiscal 2026.'),
    # https://nationalpost.com/pmn/news-pmn/nicaragua-says-state-to-take-over-headquarters-of-deplorable-oas
    ("set Y line 146: a body's members expelled (the OAS)",
     "Nicaragua says state to take over headquarters of 'deplorable' OAS",
     'MANAGUA — Nicaragua said on Tuesday the state would take possession of the headquarters of the '
     'Organization of American States (OAS) in Managua, two days after the Central American country '
     'exited the group and expelled some of its members.'),
    # https://costaricanews24.com/solicitudes-de-refugio-crecieron-15-veces-en-los-ultimos-5-anos-ante-crisis-en-paises-latinos-2
    ('set Y line 49: a circumstance keeps refugees from going home',
     'Solicitudes de refugio crecieron 15 veces en los últimos 5 años ante crisis en países latinos',
     'Las solicitudes de refugio en Costa Rica crecieron hasta 15 veces en el último lustro, de la mano '
     'de las crisis sociopolíticas de Nicaragua y Venezuela. Una persona solicita el refugio cuando se '
     'siente perseguida en su nación de origen, situación que impide su regreso a esta.'),
]


@pytest.mark.parametrize("kind, title, summary", LEFT_ALONE, ids=[f"{c[0]}: {c[1][:40]}" for c in LEFT_ALONE])
def test_set_y_near_miss_kinds_stay_quiet(watchlist, kind, title, summary):
    assert fired(watchlist, title, summary) == set(), kind
