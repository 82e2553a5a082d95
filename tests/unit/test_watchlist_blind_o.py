"""Blind set O (issue 11): 173 Spanish wire and international items scored once before any change
for them (recall 0.864, precision 0.848). Each miss and false alert was named by kind and the kind
fixed in the rule lists; here the set's own real headlines show each kind, caught or left alone."""

from __future__ import annotations

import pytest

from conftest import fired


# (kind, title, summary): the false-alert kinds of set O, and a neighbour of each
LEFT_ALONE = [
    # evacuees going home after an eruption: "retornar" is also said of people coming home by themselves
    # https://www.prensalibre.com/guatemala/comunitario/evacuados-retornan-a-poblados-tras-erupcion-de-volcan-de-guatemala/
    ("evacuees going home", "Evacuados retornan a poblados tras erupción de volcán de Guatemala",
     "“Efectivamente todos retornarán a sus hogares” este sábado, afirmó a la AFP el vocero de la "
     "estatal Coordinadora para la Reducción de Desastres (Conred), Rodolfo García."),
    # https://t13.cl/noticia/mundo/evacuados-erupcion-volcan-guatemala-retornan-sus-comunidades
    ("evacuees going home", "Evacuados por erupción de volcán en Guatemala retornan a sus comunidades",
     "Cerca de 2.000 evacuados por la violenta erupción del volcán de Fuego, en el suroeste de "
     "Guatemala, comenzaron a retornar este martes a sus comunidades tras el fin de la intensa "
     "actividad del coloso que en junio había dejado 194 muertos."),
    # https://cawtv.net/noticias/los-evacuados-retornan-a-los-poblados-tras-la-erupcion-de-un-volcan-en-guatemala
    ("evacuees going home",
     "Los evacuados retornan a los poblados tras la erupción de un volcán en Guatemala",
     "Unas 1.200 personas evacuadas de forma preventiva por la erupción del volcán de Fuego, el más "
     "activo de Centroamérica y cercano a la capital de Guatemala, retornaban este sábado a sus "
     "comunidades, tras finalizar la actividad eruptiva, informaron las autoridades."),
    # prisoners exchanged under a treaty with a third country (not an extradition to or from a neighbour)
    # https://www.swissinfo.ch/spa/rusia-y-nicaragua-firmar%C3%A1n-acuerdo-para-la-entrega-mutua-de-presos/90606211
    ("prisoner exchange treaty", "Rusia y Nicaragua firmarán acuerdo para la entrega mutua de presos",
     "Moscú, 9 dic (EFE).- El presidente ruso, Vladímir Putin, encargó hoy al Ministerio de Justicia "
     "firmar un acuerdo entre Rusia y Nicaragua sobre la entrega mutua de ciudadanos condenados a "
     "penas de cárcel."),
    # https://nicaraguainvestiga.com/politica/166999-rusia-y-nicaragua-podran-intercambiar-prisioneros-tras-decision-de-putin
    ("prisoner exchange treaty", "Rusia y Nicaragua podrán intercambiar prisioneros tras decisión de Putin",
     "El presidente de Rusia, Vladimir Putin, aprobó este martes, 9 de diciembre, la firma de "
     "tratados de extradición entre el país euroasiático y el régimen de Nicaragua que permitirá el "
     "intercambio de prisioneros."),
    # a neighbour's government reacting to another country's extradition of another country's national
    # https://laprensadelara.com/mundo/nicaragua-tilda-de-barbarie-la-extradicion-de-alex-saab
    ("a neighbour reacting to another country's extradition",
     "Nicaragua tilda de «barbarie» la extradición de Alex Saab",
     "EFE | LA PRENSA DE LARA.- Nicaragua calificó este martes de «barbarie» la extradición a Estados "
     "Unidos del empresario colombo-venezolano Alex Saab, presunto testaferro del presidente Nicolás "
     "Maduro, aliado del mandatario nicaragüense, Daniel Ortega."),
    # foreigners as visitors, not migrants ("se capturó una observación" in the next sentence)
    # https://laactualidadhoy.com/?p=4397
    ("foreigners as visitors",
     "Las ballenas jorobadas deslumbran a los visitantes frente a la costa de Costa Rica",
     "Costa Rica sigue cautivando tanto a locales como extranjeros. El sábado, se capturó una "
     "observación notable de una ballena jorobada en video en la Playa Punta Leona, en el Pacífico "
     "Central."),
    # a football league's biometric fan ID; a country's own identity register
    # https://mexicotv.mx/liga-mx-implementa-nuevo-fan-id-obligatorio-para-2025-con-registro-biometrico-en-18-estadios
    ("stadium fan ID",
     "Liga MX implementa nuevo Fan ID obligatorio para 2025 con registro biométrico en 18 estadios",
     "El 78% de los estadios de la Liga MX ya operan con sistemas de identificación digital, pero a "
     "partir de 2025 el cambio será radical: el Fan ID Liga MX con registro biométrico obligatorio se "
     "convertirá en el único pase de entrada para los 18 recintos de la primera división. La medida, "
     "anunciada en colaboración con la Federación Mexicana de Fútbol y autoridades de seguridad, "
     "exige que los aficionados completen un proceso de verificación facial y de huellas dactilares "
     "antes del Clausura 2025, eliminando por completo la venta de boletos anónimos en taquilla o "
     "plataformas en línea."),
    # https://ejecentral.com.mx/nuestro-eje/gobierno-de-sheinbaum-busca-tener-acceso-a-todos-los-datos-biometricos-y-al-padron-electoral
    ("national identity register",
     "Gobierno de Sheinbaum busca tener acceso a todos los datos biométricos y al padrón electoral",
     "La iniciativa de Sheinbaum propone crear una Plataforma Única de Identidad, la cual se "
     "interconectará con todos los sistemas de información que incluyan datos de personas, ya sean "
     "públicos o privados."),
    # a past deportation campaign told as history (1954)
    # https://larepublica.pe/amp/estados-unidos/2024/12/06/operacion-espalda-mojada-superara-donald-trump-en-2025-la-mayor-deportacion-de-inmigrantes-en-estados-unidos-de-hace-70-anos-lrtmus-434808
    ("historic deportation",
     "Operación Espalda Mojada: superará Donald Trump en 2025 la mayor deportación de inmigrantes en "
                             "Estados Unidos de hace 70 años",
     "Donald Trump revivió una de las propuestas más controvertidas de su carrera política: ejecutar "
     "la mayor operación de deportación en la historia de Estados Unidos, similar a la realizada en "
     "1954, durante la presidencia de Dwight Eisenhower. La \"Operación Espalda Mojada\", que marcó un "
     "antes y un después en la historia migratoria de Estados Unidos, expulsó a más de un millón de "
     "inmigrantes, principalmente mexicanos, en una serie de tácticas que hoy siguen siendo "
     "recordadas como brutales y efectivas."),
    # a diplomat declared persona non grata, the expulsion named in passing
    # https://hch.tv/2022/10/10/union-europea-declara-persona-non-grata-a-representante-de-nicaragua/
    ("persona non grata", "Unión Europea declara persona non grata a representante de Nicaragua",
     "La Unión Europea (UE) anunció su decisión de declarar persona «non grata» a la representante de "
     "Nicaragua, Zoila Muller Goff, como «una respuesta recíproca» por la expulsión de la enviada del "
     "bloque en Managua."),
    # the US's own troops and ports against a caravan: not a neighbour stopping it
    # https://mendozapost.com/nota/105290-eeuu-endurece-los-pasos-fronterizos-ante-la-llegada-de-la-caravana-migrante
    ("the US's own border against a caravan",
     "EEUU endurece los pasos fronterizos ante la llegada de la caravana migrante",
     "Más de 5 mil militares fueron desplegados para ayudar a contener a los migrantes."),
    # https://www.cubaenmiami.com/militares-estadounidenses-en-la-frontera-con-mexico-comienzan-a-levantar-cercas-e-instalar-camaras/
    ("the US's own border against a caravan",
     "Militares estadounidenses en la frontera con México comienzan a levantar cercas e instalar cámaras",
     "Tropas de Estados Unidos enviadas por el presidente Trump a la frontera para impedir a la caravana de "
     "centroamericanos que se dirige a pedir asilo han comenzado a levantar cercas e instalar cámaras en la "
     "zona entre Hidalgo, Texas, y Reynosa."),
    # gang members arrested at home: no demonym marks them as foreigners
    # https://www.diariotrv.com/articulo/nacionales/capturan-peligroso-pandillero-18-surenos-soyapango/20221208131650077830.html
    ("gang members arrested at home", "Capturan a peligroso pandillero de la 18 Sureños en Soyapango",
     "En los primeros cinco días de haberse instalado el cerco de seguridad en Soyapango, más de 200 pandilleros "
     "han sido capturados en diferentes colonias del municipio."),
    # https://ultimahora.sv/autoridades-de-el-salvador-capturaron-a-14-pandilleros (title from URL slug)
    ("gang members arrested at home", "Autoridades de El Salvador capturaron a 14 pandilleros",
     "La Policía Nacional Civil (PNC) informó la captura de 14 pandilleros que delinquían en los municipios de "
     "Soyapango, Ilopango y San Martín."),
]


@pytest.mark.parametrize("kind, title, summary", LEFT_ALONE, ids=[f"{c[0]}: {c[1][:40]}" for c in LEFT_ALONE])
def test_set_o_look_alikes_do_not_alert(watchlist, kind, title, summary):
    assert fired(watchlist, title, summary) == set(), kind


# (kind, rule, title, summary): the miss kinds of set O, caught
CAUGHT = [
    # a neighbour's flawed records used for US immigration decisions, in other Spanish words
    # https://lalupa.press/ee-uu-niega-procesos-migratorios-a-personas-salvadorenas-falsamente-acusadas-de-pertenecer-a-pandillas/
    ("flawed records (información poco fidedigna)", "biometric-data-sharing",
     "EE. UU. niega procesos migratorios a personas salvadoreñas falsamente acusadas de pertenecer a "
                                                                              "pandillas",
     "El Departamento de Seguridad Nacional de Estados Unidos (DHS) utiliza información poco "
     "fidedigna brindada por autoridades de El Salvador para tomar decisiones en los procesos "
     "migratorios de personas procedentes de dicho país, incluyendo aquellas que solicitan refugio y "
     "asilo político, denuncian organizaciones de derechos humanos en un comunicado."),
    # a neighbour's troops named 'militares' sent to its southern border
    # https://gabycoutino.com/2021/03/19/mexico-despliega-a-miles-de-militares-y-policias-en-la-frontera-sur-como-parte-de-las-nuevas-restricciones-por-covid-19
    ("troops as militares", "us-neighbour-cooperation",
     "México despliega a miles de militares y policías en la frontera sur como parte de las nuevas "
                                                        "restricciones por Covid-19",
     "Tuxtla Gutiérrez, Chis. 19 Marzo.- El gobierno de México desplegará en los puertos fronterizos "
     "y cruces irregulares de su frontera con Guatemala, al Ejército Mexicano, Marinos, Guardia "
     "Nacional, agentes del Instituto Nacional de Migración, protección civil y personal sanitario, "
     "con los que busca evitar la propagación del Covid 19, combatir el tráfico de personas y "
     "contener la migración no regulada."),
    # a US refugee office in a neighbour ('oficina', 'solicitudes de refugio')
    # https://lahora.gt/internacionales/agencia-afp/2024/03/22/anuncian-reapertura-de-oficina-migratoria-de-ee-uu-en-honduras
    ("US refugee office in a neighbour", "us-neighbour-cooperation",
     "Anuncian reapertura de oficina migratoria de EE. UU. en Honduras",
     "Estados Unidos reabrirá una oficina en Tegucigalpa para tratar solicitudes de refugio y "
     "reunificación familiar, informó este viernes la agencia que supervisa la migración en el país."),
    # a neighbour stopping a caravan, or reinforcing its border against one
    # https://departamento19.hn/autoridades-migratorias-de-guatemala-impiden-paso-a-caravana-de-hondurenos
    ("a caravan stopped", "us-neighbour-cooperation",
     "Autoridades migratorias de Guatemala impiden paso a caravana de hondureños",
     "Ciudad de Guatemala – Las autoridades migratorias de Guatemala indicaron este viernes que "
     "frustraron el paso de una escueta caravana de migrantes hondureños que buscaba hacerse paso por "
     "puntos no autorizados en su intento por iniciar su camino hacia Estados Unidos."),
    # https://reportemexiquense.com/refuerza-honduras-frontera-para-evitar-paso-de-caravana-migrante
    ("border reinforced against a caravan", "us-neighbour-cooperation",
     "Refuerza Honduras frontera para evitar paso de caravana migrante",
     "HONDURAS, Méx.- Las autoridades de Honduras reforzaron hoy las medidas de control migratorio en "
     "el punto de Agua Caliente, fronterizo con Guatemala, para evitar que crucen al vecino país más "
     "de 1.000 hondureños que salieron anoche en una nueva caravana que busca llegar a México y EU."),
    # the same found by search, titles from URL slugs: the army or the security forces stop it
    # https://frontalnoticias.com/mundo/contiene-el-ejercito-de-guatemala-a-caravana-migrante-que-busca-llegar-a-eua/?amp=1
    ("a caravan stopped", "us-neighbour-cooperation",
     "Contiene el Ejército de Guatemala a caravana migrante que busca llegar a EUA",
     "El Ejército de Guatemala detiene y reprende con violencia a miles de migrantes hondureños que van en "
     "caravana rumbo a Estados Unidos."),
    # biometric equipment the US gave a neighbour's border service; a neighbour's congress by its name
    # https://www.soy502.com/articulo/senalado-terrorismo-pretendia-ingresar-guatemala-100931
    ("biometric equipment donated by the US", "biometric-data-sharing",
     "¡Rechazado! El hombre con alerta por terrorismo que quería entrar a Guatemala",
     "Un hombre señalado de terrorismo en su país, intentaba ingresar como turista a Guatemala. El "
     "Instituto Guatemalteco de Migración (IGM) informó que impidieron el ingreso al país de un "
     "ciudadano colombiano con alerta de terrorismo. El hombre, que intentaba ingresar como turista a "
     "Guatemala, fue detectado a través del uso del sistema biométrico donado por Estados Unidos."),
    # https://www.diarioextra.com/noticia/congreso-aprueba-reforma-para-extradicion-de-nacionales
    ("a neighbour's congress by its name (Asamblea Legislativa)", "extradition",
     "Congreso aprueba reforma para extradición de nacionales",
     "Los diputados de la Asamblea Legislativa aprobaron en segundo debate, en primera legislatura, "
     "la reforma que permite la extradición de nacionales que incurran en delitos de narcotráfico "
     "internacional y terrorismo."),
    # a neighbour's gang members caught in another neighbour, to be sent back (the handover in the next paragraph)
    # https://centroamerica360.com/region/policia-hondurena-captura-a-pandillera-con-orden-de-captura-en-el-salvador
    ("a neighbour's gang members caught in another neighbour", "deportation",
     "Policía hondureña captura a pandillera con orden de captura en El Salvador",
     "La Policía Militar de Orden Público (PMOP) de Honduras detuvo este sábado en una isla del Golfo "
     "de Fonseca a una pandillera salvadoreña que tenía orden de captura por varios delitos en El "
     "Salvador y que había escapado a ese país."),
    # https://newsweekespanol.com/elsalvador/2024/08/14/guatemala-reporta-la-captura-de-57-pandilleros-salvadorenos-en-su-territorio-en-2024
    ("a neighbour's gang members caught in another neighbour", "deportation",
     "Guatemala reporta la captura de 57 pandilleros salvadoreños en su territorio en 2024",
     "Agentes del centro antipandillas transnacional de la Policía Nacional Civil de Guatemala (PNC) "
     "han capturado a 57 pandilleros de origen salvadoreño en lo que va de 2024, informaron fuentes "
     "de la institución."),
    # the US's asylum-appointment app, used only from Mexico, names Mexico
    # https://cubaherald.org/nuevo-requisito-para-solicitar-citas-de-asilo-en-la-frontera-de-ee-uu-a-partir-del-1-de-julio
    ("CBP One names Mexico", "us-neighbour-cooperation",
     "Nuevo requisito para solicitar citas de asilo en la frontera de EE. UU. a partir del 1 de julio",
     "Desde el 1 de julio de 2024, los solicitantes de asilo que deseen usar la aplicación CBP One "
     "para programar sus citas en la frontera de Estados Unidos enfrentarán un nuevo requisito. "
     "Ahora, todas las personas mayores de 14 años deberán tomar una foto en vivo y pasar un control "
     "de geolocalización en el momento de agendar su cita."),
    # someone wanted taken out of his country to face another's justice, without the word
    # https://lateja.cr/sucesos/supuesto-narco-hondureno-fue-sacado-de-su-pais/FHOSBHSMRBD5BNMIEGMU4YFOSU/story
    ("handed over as 'sacado de su país'", "extradition", "Supuesto narco hondureño fue sacado de su país",
     "Un supuesto narco hondureño, apellidado González, de 43 años, fue sacado a la fuerza de la "
     "comodidad de su país para que enfrente a la justicia costarricense."),
    # https://www.contrapunto.com.sv/frenan-con-violencia-la-caravana-migrante-en-frontera-de-guatemala/
    ("a caravan stopped", "us-neighbour-cooperation", "Frenan con violencia la caravana migrante en frontera de Guatemala",
     "Fuerzas de seguridad de Guatemala detuvieron a una caravana migrante compuesta por miles de hondureños, que "
     "quieren cruzar la frontera del país para llegar a México y, posteriormente, a Estados Unidos."),
    # the same office found by search (title from URL slug)
    # https://lavozviral.com/2025/04/se-volvera-a-abrir-en-honduras-la-oficina-migratoria-de-estados-unidos-para-refugiados-y-sus-familiares
    ("US refugee office in a neighbour", "us-neighbour-cooperation",
     "Se volverá a abrir en Honduras la oficina migratoria de Estados Unidos para refugiados y sus familiares",
     "Después de 11 años desde el cierre de la oficina migratoria de Estados Unidos en Honduras, se ha tomado la "
     "decisión de reabrirla con el objetivo de agilizar el procesamiento de refugiados y sus familiares."),
]


@pytest.mark.parametrize("kind, rule, title, summary", CAUGHT, ids=[f"{c[0]}: {c[2][:40]}" for c in CAUGHT])
def test_set_o_kinds_are_caught(watchlist, kind, rule, title, summary):
    assert rule in fired(watchlist, title, summary), kind
