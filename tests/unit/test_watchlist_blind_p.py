"""Blind set P (issue 11): 183 items of the watch countries' national and local everyday press, in
Spanish, scored once before any change for them (recall 0.876, precision 0.911). Each miss and false
alert was named by kind and the kind fixed in the rule lists; here the set's own real headlines show
each kind, caught or left alone."""

from __future__ import annotations

import pytest

from conftest import fired


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
    # https://elsoldemexico.com.mx/mexico/sociedad/detiene-inm-a-mas-de-dos-mil-migrantes-en-menos-de-24-horas-4737793.html
    ("migrants detained, a long count between verb and migrants", "deportation",
     "Detiene INM a más de dos mil migrantes en menos de 24 horas",
     "TAPACHULA. El Instituto Nacional de Migración (INM) dio a conocer que en tan un solo un día "
     "fueron rescatadas más de dos mil personas migrantes de origen centroamericano, las cuales "
     "incluyen adultos y menores de edad que ingresaron de manera irregular por la zona fronteriza de"
     " Tabasco y Chiapas."),
    # https://www.elsalvadornow.org/2025/08/20/forced-back-to-a-safer-el-salvador-but-with-fewer-opportunities-obligado-a-retornar-a-un-el-salvador-mas-seguro-pero-con-menos-oportunidades
    ("English 'forced back to'", "deportation",
     "Forced back to a safer El Salvador, but with fewer opportunities",
     "Mario arrived in the United States in 2021 to escape violence in El Salvador. An attack, "
     "preceded by weeks of threats, convinced him that his country had closed its doors to him."),
    # https://www.radiolaleyenlinea.com/2023/10/19/vaticano-confirma-que-ortega-solicito-a-la-santa-sede-recibir-a-los-12-sacerdotes-nicaraguenses/
    ("banished as 'expatriados al'", "deportation",
     "Vaticano confirma que Ortega solicitó a la Santa Sede recibir a los 12 sacerdotes nicaragüenses",
     "La Santa Sede confirmó este jueves que fueron los dictadores y criminales de lesa humanidad "
     "Daniel Ortega y Rosario Murillo quienes solicitaron al Papa Francisco que recibiera a los 12 "
     "sacerdotes de la iglesia católica de Nicaragua que fueron excarcelados y expatriados al "
     "Vaticano."),
    # https://elmundo.cr/costa-rica/costa-rica-analizara-caso-a-caso-para-admitir-a-nicaraguenses-que-sean-rechazados-por-su-pais/
    ("Nicaraguans refused by their own country", "deportation",
     "Costa Rica analizará caso a caso para admitir a nicaragüenses que sean rechazados por su país",
     "Guanacaste, 29 jul (VOA) – Las autoridades de Migración de Costa Rica han informado que tienen "
     "previsto aceptar a los nicaragüenses que fueron rechazados por su país, pero quedó claro que "
     "este proceso dependerá de muchos factores, y que analizarán caso por caso antes de admitir a "
     "todos los migrantes que se encuentran varados en la frontera de Costa Rica y Nicaragua."),
    # https://elregionalca.com/costa-rica-revisara-caso-a-caso-para-admitir-a-nicaraguenses-rechazados-por-el-regimen-sandinista/
    ("Nicaraguans refused by their own country", "deportation",
     "Costa Rica revisará caso a caso para admitir a nicaragüenses rechazados por el régimen sandinista",
     "El anuncio supone un alivio al clima de zozobra que experimentan al menos 500 nicaragüenses "
     "varados en la frontera entre Costa Rica y Nicaragua PEÑAS BLANCAS, COSTA RICA – Las autoridades"
     " de Migración de Costa Rica han informado que tienen previsto aceptar a los nicaragüenses que "
     "fueron rechazados por su país, pero quedó claro que este proceso dependerá de muchos factores, "
     "y que analizarán caso por caso antes de admitir a todos los migrantes que se encuentran varados"
     " en la frontera de Costa Rica y Nicaragua."),
    # found by search for the same kind (not in set P): US security aid by the present tense and other
    # security words (https://www.eleconomistaamerica.com/politica-eAm/noticias/7656457/06/16/EEUU-dona-a-Costa-Rica-dos-barcos-para-la-lucha-contra-el-crimen-organizado.html)
    ("US security aid donated", "us-neighbour-cooperation",
     "EE.UU. dona a Costa Rica dos barcos para la lucha contra el crimen organizado",
     "San José, 22 jun (EFE).- El Gobierno de Estados Unidos formalizó hoy la donación de dos embarcaciones para el "
     "Servicio Nacional de Guardacostas de Costa Rica con el fin de fortalecer la lucha contra el crimen organizado, "
     "especialmente el narcotráfico."),
    # https://tvgtnoticias.com/2024/10/eeuu-dona-una-embarcacion-a-guatemala-para-patrullaje-antidrogas
    ("US security aid donated", "us-neighbour-cooperation",
     "EEUU dona una embarcación a Guatemala para patrullaje antidrogas",
     "Estados Unidos donó este viernes una embarcación a la fuerza naval de Guatemala para reforzar la lucha antidrogas "
     "en aguas del Pacífico del país centroamericano, al que felicitó por sus “esfuerzos” contra el narcotráfico."),
    # https://www.pucara.org/post/ee-uu-fortalece-a-guatemala-con-una-donación-de-equipos-en-la-lucha-contra-el-narcotráfico
    ("US security aid donated", "us-neighbour-cooperation",
     "EE. UU. fortalece a Guatemala con una donación de equipos en la lucha contra el narcotráfico",
     "El Gobierno de Estados Unidos formalizó la entrega de un importante paquete de equipo militar y logístico al "
     "Ejército y la Marina de Guerra de Guatemala, valorado en 3.5 millones de dólares, con el objetivo estratégico de "
     "reforzar la interdicción marítima y terrestre frente al crimen organizado transnacional y el narcotráfico."),
]


@pytest.mark.parametrize("kind, rule, title, summary", CAUGHT, ids=[f"{c[0]}: {c[2][:40]}" for c in CAUGHT])
def test_set_p_kinds_are_caught(watchlist, kind, rule, title, summary):
    assert rule in fired(watchlist, title, summary), kind


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
    # https://146503.peyxn.group/2025/02/20/migrantes-en-eeuu-estarian-enviando-todos-sus-ahorros-por-temor-a-deportaciones
    ("remittances named as savings sent",
     "Migrantes en EEUU estarían enviando todos sus ahorros por temor a deportaciones",
     "Los migrantes hondureños radicados en los Estados Unidos estarían enviando todos sus ahorros "
     "por temor a las deportaciones que implementa el presidente Donald Trump, estimó hoy jueves el "
     "economista, Mario Sosa."),
    # https://departamento19.hn/repatriaran-cuerpos-de-50-hondurenos-muertos-en-el-extranjero/
    ("remains brought home ('retornados')",
     "Repatriarán cuerpos de 50 hondureños muertos en el extranjero",
     "Tegucigalpa– La Cancillería ha recibido 238 solicitudes de repatriación de los restos mortales "
     "de hondureños fallecidos en el extranjero, de las cuales han hecho efectivas 188, mientras 50 "
     "se encuentran en proceso de ser retornados."),
    # https://jornada.com.mx/notas/2022/11/19/politica/chiapas-abandonan-a-368-migrantes-en-una-zona-montanosa
    ("migrants rescued where smugglers left them",
     "Chiapas: abandonan a 368 migrantes en una zona montañosa",
     "La Guardia Nacional (GN), en coordinación con el Instituto Nacional de Migración (INM), rescató"
     " a 368 migrantes que fueron abandonados en un campamento clandestino en una zona montañosa de "
     "Chiapas, entre los que había menores de edad. De ellos, 217 eran de Guatemala, 85 de Nicaragua,"
     " 45 de Ecuador, 11 de Honduras, siete de El Salvador y tres de Cuba."),
    # https://www.itnow.connectab2b.com/post/guatemala-apuesta-por-la-biometr%C3%ADa-contra-las-plazas-fantasmas
    ("civil-service biometric attendance",
     "Guatemala apuesta por la biometría contra las plazas fantasmas",
     "A partir del 14 de enero de 2020, el servicio público de Guatemala iniciará la transición hacia"
     " el uso del control biométrico, indicó el presidente electo del país, Alejandro Giammattei. El "
     "objetivo persigue la transparencia en la contratación de personas para acabar con las plazas "
     "fantasmas o que una persona esté empleada en más de una entidad del Estado."),
    # found by search for the same kind (not in set P): the dead brought home, alerted before
    # (https://elheraldo.hn/honduras/cada-dia-repatrian-el-cuerpo-de-un-hondureno-por-muerte-en-el-extranjero-PN22584319)
    ("remains brought home ('retornados')",
     "Cada día repatrian el cuerpo de un hondureño por muerte en el extranjero",
     "Tegucigalpa, Honduras.- Cientos de hondureños que salen del país en busca de mejores oportunidades mueren por "
     "diferentes causas, ya sea durante la ruta migratoria que realizan o estando en el país de destino, por lo que sus "
     "cuerpos son retornados a Honduras a través de un proceso de repatriación."),
    # http://www.latribuna.hn/2019/02/12/cancilleria-confirma-23-hondurenos-en-proceso-de-repatriacion-que-murieron-en-su-ruta-migratoria/
    ("remains brought home",
     "Cancillería confirma 23 hondureños en proceso de repatriación que murieron en su ruta migratoria",
     "Luego de fallecer en la ruta migratoria hacia los Estados Unidos, 23 hondureños están en proceso de repatriación, "
     "según informó la directora de la Dirección General de Protección al Migrante Hondureño, Liza Medrano."),
]


@pytest.mark.parametrize("kind, title, summary", LEFT_ALONE, ids=[f"{c[0]}: {c[1][:40]}" for c in LEFT_ALONE])
def test_set_p_look_alikes_do_not_alert(watchlist, kind, title, summary):
    assert fired(watchlist, title, summary) == set(), kind
