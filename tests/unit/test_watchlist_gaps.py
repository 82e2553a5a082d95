"""The kinds of story the watchlist used to miss, and the look-alikes it must still leave alone,
with real headlines (issue 11). Each kind is covered by a rule or a list, not by the headline."""

from __future__ import annotations

import pytest

from conftest import fired


# (kind, rule, title, summary); sources in the comments
CAUGHT = [
    # verb forms: preterite, participles, third person, by stem rather than by listing them
    ("morphology", "deportation", "EU ha deportado más de 8 mil mexicanos en las primeras semanas de Trump", ""),  # Por Esto!
    ("morphology", "extradition", "Mexico extradites alleged cartel leader to the United States", ""),  # shipped example
    # the place only in the summary, or as a demonym, city or institution
    ("place in summary", "extradition", "Ex-mayor faces extradition hearing",
     "The former mayor of a town near San Pedro Sula is wanted in New York on drug trafficking charges."),
    ("demonym", "deportation", "Llega a San Pedro Sula vuelo con 130 hondureños deportados desde Estados Unidos", ""),
    # US–neighbour agreements and talks without the topic's keyword
    # https://abc7.com/post/guatemala-eeuu-firman-acuerdo-para-hacer-controles-migratorios-conjuntos/16857191/
    ("cooperation", "us-neighbour-cooperation", "Guatemala y EEUU firman acuerdo para hacer controles migratorios conjuntos", ""),
    # https://lavoz.com.ar/noticias/agencias/mayorkas-se-reune-con-presidente-guatemalteco-arevalo-para-discutir-migracion-en-la-region
    ("US official named without the country", "us-neighbour-cooperation",
     "Mayorkas se reúne con presidente guatemalteco Arévalo para discutir migración en la región", ""),
    # https://www.startribune.com/honduras-us-discuss-immigration-security-after-tense-start-to-relations-under-trump-administration/601380678
    ("US in capitals", "us-neighbour-cooperation",
     "Honduras, US discuss immigration, security after tense start to relations under Trump administration", ""),
    # https://spainsnews.com/usa-and-honduras-sign-two-more-agreements-to-confront-irregular-migration/
    ("cooperation", "us-neighbour-cooperation", "USA and Honduras sign two more agreements to confront irregular migration", ""),
    # people handed over or sent to prisons without "extradited" / "deported"
    ("handover", "extradition", "Mexico sends drug lord Caro Quintero, 28 others to US as officials meet with Trump team", ""),  # AP
    ("third-country prison", "deportation", "Why Trump Sent Venezuelan Migrants to Prison in El Salvador", ""),  # WNYC
    # Nicaragua frees political prisoners and banishes them
    ("banishment", "deportation", "Nicaragua frees 222 political prisoners to the U.S.", ""),  # NPR
    ("banishment", "deportation", "El régimen de Daniel Ortega libera a más de 200 presos políticos en Nicaragua y "
                                  "los destierra a Estados Unidos", ""),  # LatAm Journalism Review (El País)
    # people stripped of their nationality, however the verb is put
    # https://forte.news/nicaragua-despoja-de-nacionalidad-a-135-expresos-politicos-exiliados-en-guatemala/
    ("nationality stripped", "deportation", "Nicaragua despoja de nacionalidad a 135 expresos políticos exiliados en Guatemala", ""),
    # https://imagenzac.com.mx/mundo/por-que-nicaragua-les-quito-su-nacionalidad-a-135-ciudadanos-esto-dijo-su-gobierno/
    ("nationality stripped", "deportation", "¿Por qué Nicaragua les quitó su nacionalidad a 135 ciudadanos? Esto dijo su Gobierno", ""),
    # other languages
    # https://ru24.pro/foreign/fr/419456918
    ("French handover", "extradition", "Le Mexique transfère à nouveau des narcotrafiquants à la justice américaine", ""),
    # https://almagala.com/politics/ (AP, Arabic): "a look at El Salvador's mega-prison tied to US deportation"
    ("Arabic third-country prison", "deportation", "نظرة على السجن الضخم في السلفادور مرتبط بالترحيل الأمريكي", ""),
    ("Portuguese", "extradition", "Ex-Presidente das Honduras extraditado para os EUA por tráfico de droga", ""),  # ANGOP
    ("French", "deportation", "USA : 200.000 Honduriens expulsés depuis 2000", ""),  # Europe 1 (AFP)
    ("German", "deportation", "Trumps Abschiebungen: So reagiert Mexiko auf die geplanten Massendeportationen aus den USA", ""),
    # a blind holdout's misses (issue 11, second round), by kind:
    # a neighbour's own biometric border control: e-gates, faces and fingerprints at airports,
    # the place as a demonym or in the lede, passports named or not
    # https://ticotimes.net/2025/01/08/costa-ricas-san-jose-airport-adding-electronic-immigration-gates
    ("e-gates", "biometric-data-sharing", "Costa Rica’s San Jose Airport Adding Electronic Immigration Gates",
     "The Juan Santamaría International Airport announced an improvement that will ease passenger flow. Airport "
     "officials confirmed that electronic migratory gates (eGates) will be installed starting in July 2025."),
    # https://elfinancierocr.com/economia-y-politica/nueva-tecnologia-biometrica-llegara-al-aeropuerto/5GGR3KVBYZFBPINDYUA2LZURUE/story
    ("border biometrics, demonym", "biometric-data-sharing", "Nueva tecnología biométrica llegará al aeropuerto",
     "El aeropuerto internacional Juan Santamaría espera estrenar este año una nueva tecnología biométrica disponible "
     "para los viajeros costarricenses que cuenten con el pasaporte biométrico."),
    # French names the country "le Salvador", and deports by "expulser"
    # https://www.qub.ca/article/lenfer-de-la-prison-du-salvador-pour-les-deportes-de-trump-1725121338
    ("French 'du Salvador'", "deportation", "L’enfer de la prison du Salvador pour les déportés de Trump",
     "L’une des prisons de haute sécurité les plus dures et controversées du Salvador garde entre ses murs depuis la "
     "mi-mars près de 300 immigrés vénézuéliens expulsés des États-Unis."),
    # https://www.rtl.be/actu/monde/international/trump-avait-promis-une-operation-dexpulsions-de-masse-des-centaines-de-migrants/2025-01-25/article/736842
    ("French expulsions, place in the lede", "deportation",
     "Trump avait promis une opération d'expulsions de masse: des centaines de migrants",
     "Deux avions militaires et un avion privé ont atterri au Guatemala vendredi, selon plusieurs sources."),
    # Mexico's own name for its e-gates, and its migration institute instead of the country
    # https://diarioelindependiente.mx/2023/01/evaluan-instalar-filtros-migratorios-automatizados-en-aeropuerto-de-los-cabos
    ("e-gates, Mexican name", "biometric-data-sharing",
     "Evalúan instalar filtros migratorios automatizados en Aeropuerto de Los Cabos",
     "San José del Cabo, Baja California Sur. El Instituto Nacional de Migración (INM) considera colocar filtros "
     "migratorios automatizados, para agilizar este proceso en el Aeropuerto Internacional de Los Cabos."),
    # an institution and airports without the country's name in the headline
    # https://www.elheraldo.hn/honduras/habilitan-modernos-dispositivos-electronicos-agilizar-control-migratorio-aeropuertos-BA28395015
    ("e-gates, airports named", "biometric-data-sharing",
     "Habilitan modernos dispositivos electrónicos para agilizar control migratorio en aeropuertos",
     "El Instituto Nacional de Migración (INM) puso en funcionamiento nuevos dispositivos electrónicos denominados "
     "e-Gates en los aeropuertos internacionales de Palmerola y Ramón Villeda Morales."),
    # a third blind holdout's misses (issue 11, third round), by kind:
    # an extradition case named by its person and national institutions, not the country
    # https://www.lateja.cr/sucesos/se-frena-extradicion-de-celso-gamboa-esto/UEJWX7QEBJA2BD4ZUBKDSDFM5M/story/
    ("institutions, no country", "extradition", "¿Se frena extradición de Celso Gamboa? Esto determinó la Sala Constitucional",
     "La Sala Constitucional, rechazó de plano la segunda acción de inconstitucionalidad presentada contra la "
     "extradición de nacionales tramitada bajo el expediente 25-021062-0007-CO."),
    # the institution in the headline, the extradition in the lede
    # https://www.diarioextra.com/noticia/las-quejas-de-celso-ante-la-sala-iv/
    ("institution in the headline", "extradition", "Las quejas de Celso ante la Sala IV",
     "Durante su primer mes en prisión, el exmagistrado Celso Gamboa presentó seis recursos ante la Sala "
     "Constitucional. Las gestiones incluyen amparos, hábeas corpus y acciones de inconstitucionalidad, relacionadas "
     "con el proceso de extradición que enfrenta y las condiciones de su detención."),
    # https://emisorasunidas.com/nacional/2025/09/14/capturan-a-extraditable-por-delitos-relacionados-al-narcotrafico/
    ("arrest for extradition, the police named", "extradition", "Capturan a extraditable por delitos relacionados al narcotráfico",
     "Agentes de la Policía Nacional Civil (PNC) confirmaron la captura de un hombre con fines de extradición, por "
     "supuesto narcotráfico durante la madrugada de este domingo 14 de septiembre de 2025."),
    # Mexico's batches of cartel members sent to the US, a long phrase between the verb and who is sent
    # https://liderweb.mx/mexico-anuncia-el-envio-a-eu-de-37-integrantes-de-organizaciones-criminales/
    ("handover, long phrase", "extradition", "México anuncia el envío a EU de 37 integrantes de organizaciones criminales",
     "CIUDAD DE MÉXICO (AP) — México anunció el martes el envío a Estados Unidos de 37 criminales, el tercero que "
     "realiza en menos de un año."),
    # US–neighbour dealings with the terms a little apart: a call, troops for a tariff pause, a warning
    # https://www.thedailyscrumnews.com/mexico-deploys-10000-troops-to-u-s-border-as-trump-pauses-tariffs-for-one-month/
    ("troops for tariffs", "us-neighbour-cooperation",
     "Mexico Deploys 10,000 Troops to U.S. Border as Trump Pauses Tariffs for One Month", ""),
    # https://agn.gt/guatemala-y-estados-unidos-fortalecen-sus-relaciones-diplomaticas
    ("the Secretary of State welcomed", "us-neighbour-cooperation",
     "Guatemala y Estados Unidos fortalecen sus relaciones diplomáticas",
     "Ciudad de Guatemala, 4 feb. (AGN).- El Gobierno de Guatemala, a través del ministro de Relaciones Exteriores, "
     "Carlos Martínez, dio la bienvenida al secretario de Estado de los Estados Unidos, Marco Rubio, y su delegación "
     "a nuestro país."),
    # https://inmigracion.com/agencias/presidente-hondureno-habla-migracion-corrupcion-funcionaria-ee-uu
    ("an official's long title", "us-neighbour-cooperation",
     "Presidente hondureño habla de migración y corrupción con funcionaria de EE. UU.",
     "Tegucigalpa, Honduras.- El presidente de Honduras, Juan Orlando Hernández, se reunió este lunes con la "
     "encargada para Latinoamérica del Departamento de Estado, Kimberly Breier."),
    # https://elplaneta.com/2018/07/27/deportes/eeuu-advierte-sobre-el-peligro-de-ingresar-al-pais
    ("a US warning to would-be migrants", "us-neighbour-cooperation", "EEUU advierte sobre el peligro de ingresar al país",
     "Carl Risch, secretario adjunto de Asuntos Consulares del Departamento de Estado de Estados Unidos, recordó desde "
     "Guatemala los riesgos que traen consigo cruzar a territorio norteamericano de forma ilegal."),
    # Nicaragua's released prisoners flown to a third country
    # https://zamaprime.com/asi-fue-la-excarcelacion-de-135-presos-politicos-de-nicaragua-salieron-del-avion-bendiciendo-a-america-y-guatemala/informativo/3680/
    ("released and flown abroad", "deportation", "Así fue la excarcelación de 135 presos políticos de Nicaragua: salieron "
                                                 "del avión bendiciendo a América y Guatemala", ""),
    # Dutch and Scandinavian wire copies
    # https://www.rd.nl/vandaag/buitenland/vs-sluiten-migratieakkoord-met-guatemala-1.1584517
    ("Dutch", "us-neighbour-cooperation", "VS sluiten migratieakkoord met Guatemala",
     "De Verenigde Staten hebben met Guatemala een akkoord gesloten om de migratiestroom richting Amerika een halt "
     "toe te roepen."),
    # https://aftonbladet.se/nyheter/a/KM65KE/nicaragua-frantar-135-personers-medborgarskap
    ("Swedish", "deportation", "Nicaragua fråntar 135 personers medborgarskap", ""),
    # https://www.kristeligt-dagblad.dk/udland/usa-og-guatemala-indgar-aftale-om-faerre-asylansogere-til-usa
    ("Danish", "us-neighbour-cooperation", "USA og Guatemala indgår aftale om færre asylansøgere til USA", ""),
    # Dutch participles and compounds the stemmer leaves whole
    # https://www.welingelichtekringen.nl/samenleving/eerste-groep-zelfgedeporteerde-migranten-vertrokken-uit-vs
    ("Dutch compound", "deportation", "Eerste groep zelfgedeporteerde migranten vertrokken uit VS",
     "De migranten stemden door de acceptatie van het geld in met \"zelfdeportatie\" en werden naar Honduras en "
     "Colombia gevlogen, aldus het Amerikaanse ministerie van Binnenlandse Veiligheid."),
    # a fourth blind holdout's kinds of everyday coverage (issue 11, fourth round):
    # a cartel names the country ("Los Chapitos", "Cártel del Golfo"); Spanish "EU" for the US
    # https://www.elsoldeleon.com.mx/mexico/extraditan-a-el-nini-jefe-de-seguridad-de-los-chapitos-a-estados-unidos-11978321.html
    ("cartel names the country", "extradition",
     "Extraditan a \"El Nini\", jefe de seguridad de Los Chapitos, a Estados Unidos", ""),
    # https://elheraldodeveracruz.com.mx/cd-veracruz/98708-el-nini-jefe-de-seguridad-de-los-chapitos-ya-esta-recluido-en-eu.html
    ("cartel names the country, extradition in the lede", "extradition",
     "\"El Nini\", jefe de seguridad de \"Los Chapitos\" ya está recluido en EU",
     "Néstor Isidro Pérez Salas, alias \"El Nini\", presunto jefe de seguridad de \"Los Chapitos\" fue extraditado "
     "a Estados Unidos y, de acuerdo con el Buró Federal de Prisiones, está recluido en el Centro de Detención "
     "Metropolitana (MDC) de Brooklyn, en Nueva York."),
    # an arrest of someone the US most wants
    # http://dominicannewsn.com/index.php/2022/07/15/cae-caro-quintero-el-narco-mexicano-mas-buscado-por-eeuu/
    ("most wanted by the US", "extradition", "Cae Caro Quintero, el narco mexicano más buscado por EEUU", ""),
    # deportee reception programmes and centres
    # https://www.eleconomista.com.mx/politica/mantiene-programa-mexico-te-abraza-recibir-connacionales-vienen-ee-uu-20251218-791906.html
    ("reception programme", "deportation",
     "Mantiene programa México te abraza para recibir connacionales que vienen de EE.UU.", ""),
    # https://departamento19.hn/migrantes-denuncian-falta-de-atencion-del-camr-en-zona-norte/
    ("reception centre", "deportation", "Migrantes denuncian falta de atención del CAMR en zona norte",
     "San Pedro Sula – Un grupo de migrantes que retornaron al país por la vía terrestre deportados desde México "
     "lamentaron la falta de atención del Centro de Atención del Migrante Retornado (CAMR)."),
    # Nicaragua barring its own nationals from coming home
    # https://lalupa.press/menores-separados-de-sus-familias-por-la-represion-del-regimen-en-nicaragua
    ("ban on return", "deportation", "Menores separados de sus familias por la represión del régimen en Nicaragua",
     "“Cuando nos prohibieron la entrada, el niño no entendía qué pasaba y quería regresar a su casa. Mi hijo "
     "pregunta todos los días porque no volvemos, porque no estamos en Nicaragua. Ha sido una situación muy "
     "difícil”, cuenta una nicaragüense a quien el régimen orteguista le prohibió el ingreso al país."),
    # a border post names the country; biometrics only in the lede
    # https://diariocolatino.com/las-chinamas-verificara-identidad-mediante-tecnologia
    ("border post", "biometric-data-sharing", "Las Chinamas verificará identidad mediante tecnología",
     "La frontera Las Chinamas, en el departamento de Ahuachapán, cuenta desde este miércoles con un sistema "
     "biométrico de verificación de la identidad."),
    # a neighbour's records used for US immigration decisions
    # https://accessnow.cshp.co/el-salvador-how-dirty-data-entraps-immigrants-to-the-u-s
    ("dirty data", "biometric-data-sharing", "El Salvador: How dirty data entraps immigrants to the U.S.", ""),
    # the neighbour's troops deployed to stop migrants, the US not named
    # http://diariodominicano.com/justicia-y-derecho/2019/06/25/294110/suman-25-mil-los-guardias-desplegados-en-mexico-para-frenar-migracion
    ("troops against migration", "us-neighbour-cooperation",
     "Suman 25 mil los guardias desplegados en México para frenar migración",
     "México, 25 jun (Prensa Latina) La Guardia Nacional de México desplegó 25 mil efectivos en las fronteras norte "
     "y sur del país para intentar frenar la migración, señalan hoy medios de prensa."),
    # the neighbour's troops stopping migrants, the US not named
    # https://inkatropical.pe/2021/09/11/mexico-guardias-impiden-el-paso-de-caravana-de-migrantes/
    ("troops stopping a caravan", "us-neighbour-cooperation", "México: guardias impiden el paso de caravana de migrantes",
     "Guardias nacionales en el estado mexicano de Chiapas dispersaron a un grupo de 400 migrantes, la mayoría "
     "salvadoreños, hondureños, guatemaltecos, además de algunos haitianos y venezolanos, que intentaba llegar a la "
     "frontera con Estados Unidos."),
    # a joint strategy with the US (https://elinformativo.hn/archivos/61278)
    ("joint strategy", "us-neighbour-cooperation",
     "Gobiernos de EE.UU, México y Honduras formulan estrategia conjunta de seguridad fronteriza, lucha contra "
     "pandillas y fortalecimiento de sistema penitenciario", ""),
    # a US asylum processing centre in a neighbour
    # https://ticotimes.net/2023/06/13/streamlining-asylum-applications-costa-rica-and-us-open-joint-migration-center
    ("processing centre", "us-neighbour-cooperation",
     "Streamlining asylum applications: Costa Rica and US open joint migration center",
     "Costa Rica and the United States have jointly announced the establishment of a migration center managed by "
     "the United States. This center will specifically process asylum applications from Venezuelan and "
     "Nicaraguan migrants."),
    # self-service migration kiosks: automated border control without a biometric word
    # https://tiempo.hn/comienzan-operar-nuevos-quioscos-control-migratorio-palmerola (title from URL slug)
    ("border kiosks", "biometric-data-sharing", "Comienzan a operar nuevos quioscos de control migratorio en Palmerola",
     "Redacción. El Instituto Nacional de Migración (INM) inauguró en las últimas horas los nuevos quioscos de "
     "control migratorio que estarán ubicados en el Aeropuerto Internacional de Palmerola, en el departamento de "
     "Comayagua."),
    # a Mexican airport or state names the country ("el país")
    # https://laverdadnoticias.com/quintanaroo/Aeropuerto-de-Cancun-primero-en-el-pais-en-tener-filtros-migratorios-automatizados-20221229-0135.html
    ("Mexican place without the country", "biometric-data-sharing",
     "Aeropuerto de Cancún: primero en el país en tener filtros migratorios automatizados",
     "El Aeropuerto Internacional de Cancún se ha convertido en la primera terminal aérea en contar con Filtros "
     "Migratorios Automatizados en el país, cuyo objetivo será agilizar los procesos de tramitología en cuanto a "
     "temas de migración."),
    # a fifth blind holdout's misses (issue 11, fifth round), by kind:
    # new border technology put in by a migration service, without the biometric word
    # http://laprensa.hn/inicio/744162-96/el-lunes-comienza-nuevo-control-migratorio-en-aeropuerto-de-san-pedro-sula
    ("border technology, no biometric word", "biometric-data-sharing",
     "El lunes comienza nuevo control migratorio en aeropuerto de San Pedro Sula",  # title from URL slug
     "San Pedro Sula, Honduras. La tecnología de avanzada llega al aeropuerto Ramón Villeda Morales para mejorar la "
     "seguridad de los viajeros y prevenir delitos, confirmaron ayer las autoridades de la Dirección General de "
     "Migración y Extranjería."),
    # US envoys named by title or surname meeting a neighbour's president or president-elect
    # https://www.elheraldo.hn/honduras/eeuu-reafirma-colaboracion-honduras-tras-encuentro-presidente-electo-nasry-asfura-DK28777343
    ("US envoy by title and surname", "us-neighbour-cooperation",
     "EEUU reafirma colaboración con Honduras tras encuentro con presidente electo Nasry Asfura",  # title from URL slug
     "Tegucigalpa, Honduras.- La encargada de negocios de Estados Unidos en Honduras, Colleen Anne Hoey, sostuvo un "
     "encuentro con el presidente electo Nasry Asfura para reafirmar el compromiso de Washington de trabajar junto al "
     "próximo gobierno hondureño en áreas de interés común."),
    # https://mail.porttada.com/bukele-se-reune-con-vicesecretario-de-estado-de-eeuu-para-fortalecer-cooperacion-bilateral
    ("US official meets the president, 'cooperation' only", "us-neighbour-cooperation",
     "Bukele se reúne con vicesecretario de Estado de EE.UU. para fortalecer cooperación bilateral",
     "Ayer, el presidente Nayib Bukele sostuvo una reunión con el vicesecretario de Estado de Estados Unidos, "
     "Christopher Landau, en la que abordaron temas relevantes para las relaciones entre ambas naciones."),
    # asylum deals by the press's other names for them ("tercer refugio", "terceros seguros", "país seguro")
    # https://centranews.com.gt/politicagt/guatemala-y-honduras-se-convierten-en-tercer-refugio-ee-uu-redefine-el-asilo-en-la-region
    ("asylum deal, 'tercer refugio'", "deportation",
     "Guatemala y Honduras se convierten en “tercer refugio”: EE. UU. redefine el asilo en la región", ""),
    # https://www.legalenusa.com/post/estados-unidos-firma-acuerdos-con-guatemala-y-honduras-para-enviar-solicitantes-de-asilo
    ("asylum deal, 'terceros seguros'", "deportation",
     "Estados Unidos firma acuerdos con Guatemala y Honduras para enviar solicitantes de asilo",
     "Estados Unidos firma acuerdos con Guatemala y Honduras para enviar solicitantes de asilo a esos países como "
     "terceros seguros, buscando reducir las solicitudes en territorio estadounidense."),
    # arrests of people the US asks for, without the word extradition ("buscado por EEUU", "requerido en EEUU")
    # https://uat.apnews.com/article/mexico-narcotrafico-detencion-eeuu-cartel-sinaloa-114aa9d73455391933fd6386fc3da98b
    ("wanted by the US, no extradition word", "extradition",
     "México detiene a presunto narcotraficante buscado por EEUU; el segundo en 24 horas", ""),
    # https://www.swissinfo.ch/spa/detienen-en-m%C3%A9xico-a-hombre-requerido-en-eeuu-por-asociaci%C3%B3n-con-distribuidores-de-drogas/89892691
    ("required in the US, no extradition word", "extradition",
     "Detienen en México a hombre requerido en EEUU por asociación con distribuidores de drogas",
     "Ciudad de México, 25 ago (EFE).- Autoridades mexicanas anunciaron este lunes la detención en Colima, en el "
     "oeste del país, de José Luis ‘N’, requerido por los Estados Unidos por ser uno de los principales operadores "
     "de un grupo criminal vinculado a la distribución de droga."),
    # a US official's tour, the migration agenda far from the official in a long lede
    # https://rcnguatemala.com/amp/la-red-wp/i/587295/marco-rubio-incluira-guatemala-en-su-primera-gira-oficial-como-secretario-de-estado-de-eeuu
    ("US official's tour, long lede", "us-neighbour-cooperation",
     "Marco Rubio incluirá Guatemala en su primera gira oficial como secretario de Estado de EEUU",  # title from URL slug
     "El recién nombrado secretario de Estado de Estados Unidos, Marco Rubio, ha anunciado su primera gira oficial "
     "por América Latina, que incluirá a Guatemala como una de las paradas principales."),
    # Mexico's troops to its southern border, or its controls reinforced against a caravan, the US not named
    # https://www.aljazeera.com/news/2019/6/14/confusion-over-mexicos-national-guard-deployment-to-south-border
    ("troops to the southern border, no migrant word", "us-neighbour-cooperation",
     "Confusion over Mexico’s National Guard deployment to south border",
     "Days after deployment announced, no signs of forces at Mexico-Guatemala border; officials refuse to discuss "
     "deployment."),
    # https://lostubos.com/2021/01/18/mexico-refuerza-control-en-chiapas-ante-caravana-de-9-mil-migrantes/
    ("controls reinforced against a caravan", "us-neighbour-cooperation",
     "México refuerza control en Chiapas ante caravana de 9 mil migrantes",
     "Ante la inminente llegada de una caravana migrante de alrededor de nueve mil integrantes, México reforzó los "
     "controles en su frontera con Guatemala, en el estado de Chiapas"),
    # wire copies in French, Portuguese and Arabic (the country as "le Salvador", a demonym, an Arabic stem)
    # https://gnews.one/nicolas-maduro-accuse-washington-d-avoir-renvoye-plus-de-migrants-venezueliens-vers-le-salvador-307967.html
    ("French, another country's leader heads it", "deportation",
     "Nicolas Maduro accuse Washington d'avoir renvoyé plus de migrants vénézuéliens vers le Salvador",  # URL slug
     "Le président vénézuélien Nicolas Maduro affirme que 324 migrants vénézuéliens ont été expulsés par les "
     "États-Unis vers une prison salvadorienne, contre 238 selon Washington et San Salvador."),
    # https://noticias.wiki.br/2025/04/14/trump-diz-querer-deportar-o-maximo-possivel-de-imigrantes-para-el-salvador
    ("Portuguese", "deportation", "Trump diz querer deportar o máximo possível de imigrantes para El Salvador", ""),
    # https://aajsa.com/society/ (Arabic: "Mexico: deportation to Honduras", title from URL slug)
    ("Arabic", "deportation", "المكسيك ترحيل إلى هندوراس", ""),
    # Nicaragua closing its border to its own nationals (not to foreigners)
    # https://www.infobae.com/america/america-latina/2020/04/26/el-unico-pais-que-ante-el-coronavirus-dejo-abierta-su-frontera-a-los-extranjeros-pero-la-cerro-para-sus-nacionales/
    ("border closed to its own nationals", "deportation",
     "El único país que ante el coronavirus dejó abierta su frontera a los extranjeros pero la cerró para sus "
     "nacionales",  # title from URL slug
     "“Oficialmente el gobierno no ha dicho que cierra fronteras. ¡Las fronteras están abiertas! Si un extranjero "
     "viene a visitar Corn Island (destino turístico), no tiene ningún problema para entrar al país. Entonces, ¿cómo "
     "nos explicamos que el gobierno de Nicaragua no deje entrar a sus connacionales? No lo entendemos”, dice Lea "
     "Montes, directora del Servicio Jesuita para Migrantes en Nicaragua."),
    # refused entry at the border and sent back ("rechazos administrativos"), a final blind check's miss
    # https://colarebo.net/2010/10/09/migracion-rechazo-de-nicas-no-es-masivo
    ("refused entry at the border", "deportation", "Migración: rechazo de nicas no es masivo",  # title from URL slug
     "El subdirector de Migración y Extranjería, comandante Mario Noguera, sostuvo que los rechazos administrativos "
     "efectuados por las autoridades costarricenses de nicaragüenses que pretendieron ingresar a ese país, no son "
     "masivos, como se asegura en publicaciones costarricenses."),
    # the blind sets of the sixth round (bench/data/README-watchlist.md): kinds each one showed
    # http://elfaro.net/es/202205/el_salvador/26156
    ("a mara's leader, no country", "extradition",
     "Corte confirma que Crook no está detenido y no puede pronunciarse sobre su extradición",
     "La Corte Suprema de Justicia respondió a una solicitud de información pública hecha por este periódico "
     "diciendo que no puede entregar información sobre un líder de la MS-13 porque no está detenido y porque aún "
     "no decide si extraditarlo a Estados Unidos."),
    # https://mysteriousblessingz.com/2025/03/fbis-most-wanted-ms-13-leader-to-be.html
    ("a mara's leader, no country", "extradition", "FBI's most wanted MS-13 leader to be extradited",
     "A suspected top leader of the notorious MS-13 gang, who has been on the FBI's Most Wanted list, is being "
     "extradited to the United States to face charges related to violent crimes, according to a statement from Patel."),
    # https://lavozdegoicoechea.info/2017/12/maquina-inteligente-verificara-rostro-y.html
    ("face and fingerprints", "biometric-data-sharing",
     "Máquina inteligente verificará rostro y huellas de ticos al entrar por aeropuerto",
     "Migración apuesta a tecnología para mejorar seguridad y agilizar paso por la terminal aérea."),
    # https://informador.mx/mexico/Mexico-entrega-al-Chapo-a-EU-20170120-0144.html
    ("handed over to US courts", "extradition", "México entrega al Chapo a EU",
     "Joaquín \"Chapo\" Guzmán llegó anoche a Nueva York, luego que el Gobierno mexicano lo entregara a Estados "
     "Unidos (EU) para que responda en cortes de San Diego (California), Brooklyn (Nueva York), Texas, Illinois y "
     "Florida."),
    # https://lacostenisima.com/2020/07/24/500-nicaraguenses-varados-por-el-regimen-en-penas-blancas-aguantan-hambre-y-sed
    ("Nicaraguans kept out by the regime", "deportation",
     "500 nicaragüenses varados por el régimen en Peñas Blancas aguantan hambre y sed", ""),
    # Nicaraguans kept out, the country they come back from named next to the entry
    # https://lajornadanet.com/nicaragua/niegan-entrada-nicaraguenses-que-regresaban-de-panama
    ("Nicaraguans kept out, coming back from Panama", "deportation",
     "Niegan entrada a nicaragüenses que regresaban de Panamá",
     "Mas de 90 nicaragüenses procedentes de Panamá, se encuentran varados en la frontera de Nicaragua con Costa "
     "Rica. Las autoridades han desplegado un cordón policial que les impide el paso al territorio nacional."),
    # the country only by its institutions' initials (INM, AICM)
    # https://politica.expansion.mx/mexico/2023/12/18/inai-ordena-al-inm-entregar-informacion-de-datos-biometricos-recabados-en-aicm
    ("institutions by initials", "biometric-data-sharing",
     "INAI ordena al INM entregar información de datos biométricos recabados en AICM", ""),
    # Mexico's own deployment, its minister named by surname alone
    # https://pulsoslp.com.mx/nacional/confirma-ebrard-despliegue-de-la-guardia-nacional-en-la-frontera-sur/945959
    ("the neighbour deploys, its minister by surname", "us-neighbour-cooperation",
     "Confirma Ebrard despliegue de la Guardia Nacional en la frontera sur",
     "El secretario de Relaciones Exteriores de México, Marcelo Ebrard, confirmó que se planteó a "
     "autoridades de Estados Unidos el despliegue de la Guardia Nacional (GN) en la frontera sur del "
     "territorio mexicano."),
    # a seventh blind set's kinds: the troops and send-back words of French and German wire copies,
    # forced exile
    # https://fdesouche.com/2020/10/03/migrants-le-mexique-deploie-des-militaires-a-sa-frontiere-avec-le-guatemala-ils-ne-passeront-pas
    ("troops sent to stop migrants, in French", "us-neighbour-cooperation",
     "Migrants : le Mexique déploie des militaires à sa frontière avec le Guatemala, « ils ne "
     "passeront pas »",
     "Le Mexique a déployé des militaires le long de sa frontière avec le Guatemala à l’annonce de "
     "l’arrivée de la caravane de migrants honduriens qui traversent actuellement le Guatemala pour "
     "tenter de rejoindre les Etats-Unis, bravant les menaces d’arrestation du président "
     "guatémaltèque."),
    # https://www.blickpunkt-lateinamerika.de/artikel/mexikanische-nationalgarde-stoppt-erneut-migranten/
    ("troops sent to stop migrants, in German", "us-neighbour-cooperation",
     "Mexikanische Nationalgarde stoppt erneut Migranten",
     "Erneut haben mexikanische Militärpolizisten mit Einsatz von Tränengas und Pfefferspray rund 1000"
     " Migranten an der Grenze zu Guatemala gestoppt. Einige versuchten zu fliehen, andere wurden in "
     "Bussen abtransportiert."),
    # https://www.tagnews.de/news/neue-migranten-karawane-zieht-nach-guatemala-mexiko-verstarkt-kontrolle?uid=1021860
    ("controls reinforced against a caravan, in German", "us-neighbour-cooperation",
     "Neue Migranten-Karawane zieht nach Guatemala - Mexiko verstärkt Kontrolle",
     "Wieder sind Tausende von Migranten aus Honduras in Richtung Amerika unterwegs. Nach Angaben "
     "lokaler Medien flüchten sie vor Gewalt, Armut und den Folgen zweier verheerender Hurrikans. Die "
     "Regierung Guatemalas rief Honduras zu Massnahmen auf, Mexiko verstärkte  die Überwachung der "
     "Grenze mit Guatemala."),
    # https://www.tt.com/ticker/14931962/mexiko-will-unregistrierte-migranten-zurueckschicken
    ("sent back, in German", "deportation",
     "Mexiko will unregistrierte Migranten zurückschicken",
     "Ciudad Hidalgo (APA/dpa) - Die mexikanischen Behörden wollen Hunderte Migranten zurückschicken, "
     "die durch den Grenzfluss zwischen Guatemala und Mexiko ins Land gekommen sind. Das kündigte das "
     "mexikanische Außenministerium am Samstag (Ortszeit) an. Die Migranten sind Teil einer Gruppe von"
     " bis zu 6.000 Menschen aus Zentralamerika, die über Mexiko in die USA weiterziehen wollte."),
    # http://www.thebostonpilot.com/article.php?ID=198021
    ("sent into exile", "deportation",
     "Otros dos sacerdotes nicaragüenses son exiliados a Roma",
     "CIUDAD DEL VATICANO (CNS) -- El gobierno nicaragüense arrestó a dos sacerdotes que luego fueron "
     "exiliados a Roma, poco después de que un grupo de siete sacerdotes fuera enviado a Roma a "
     "principios de mes."),
    # an eighth blind set's kinds
    # https://crhoy.com/nacionales/ee-uu-debe-presentar-un-documento-para-que-costa-rica-le-pueda-entregar-a-celso-gamboa-de-esto-trata
    ("the handover by the place, the extradition in the lede", "extradition",
     "EE. UU. debe presentar un documento para que Costa Rica le pueda entregar a Celso Gamboa: de "
     "esto trata",
     "El Tribunal de Apelación Penal de San José ratificó este martes la extradición del exmagistrado "
     "Celso Manuel Gamboa Sánchez y de Edwin Danney López Vega, alias Pecho de Rata, Diosito o el Rey "
     "de Cahuita, tras declarar sin lugar las objeciones interpuestas por los imputados y sus "
     "abogados."),
    # https://diaadianews.com/capturan-a-10-pandilleros-de-la-ms-13-expulsados-de-eeuu
    ("a mara's members sent back", "deportation",
     "Capturan a 10 pandilleros de la MS-13 expulsados de EEUU",
     "Un trabajo coordinado entre la Policía Nacional Civil (PNC) y las autoridades de Estados Unidos "
     "permitió la captura de 10 miembros de la MS-13 que fueron expulsados de dicho país."),
    # https://100noticias.com.ni/nacionales/102072-nicaraguenses-varados-panama-penas-blancas/
    ("Nicaraguans not let in", "deportation",
     "Nicaragüenses varados de Panamá en Peñas Blancas",
     "Unos 150 nicaragüenses prevenientes de Panamá y Costa Rica están varados desde la tarde de este "
     "lunes en la frontera de Peñas Blancas, ya que las autoridades de migración de Nicaragua no les "
     "permiten el ingreso."),
    # a ninth blind set's kinds
    # https://www.cbc.ca/news/world/migrant-caravan-mexico-1.5435129
    ("returned, with \"officials said\" in the lede", "deportation",
     "Mexico begins flying, busing migrants back to Honduras",
     "Hundreds of Central American migrants who entered southern Mexico in recent days have either "
     "been pushed back into Guatemala by Mexican troops, shipped to detention centres or returned to "
     "Honduras, officials said Tuesday. An unknown number slipped past Mexican authorities and "
     "continued north."),
    # https://portavozciudadano.com/quienes-son-los-lideres-fundadores-de-la-mara-salvatrucha-reclamados-por-estados-unidos
    ("a mara's leaders requested by the US", "extradition",
     "¿Quiénes son los líderes fundadores de la Mara Salvatrucha reclamados por Estados Unidos?",
     "Al menos 27 líderes de la Mara Salvatrucha son buscados por Estados Unidos, de los cuales 14 son"
     " miembros fundadores de la organización criminal. Estados Unidos ha estado buscando a estos "
     "líderes desde el año pasado, algunos de los cuales dirigen operaciones en México, Estados Unidos"
     " y El Salvador, según la Fiscalía del Distrito Este de Nueva York."),
    # https://embamex.sre.gob.mx/nigeria/index.php/en/avisos-eng/221-autonomous-migration-filters
    ("e-gates by their English name", "biometric-data-sharing",
     "Autonomous Migration Filters at Mexican Airports",
     "Autonomous Migration Filters (FMA) at International Airports in Mexico. The term refers to the "
     "technology used to carry out migration control through self-service systems installed in several"
     " international airports across Mexico."),
    # https://diariotijuana.com/trato-de-heroes-a-migrantes-mexicanos-repatriados-de-estados-unidos-pide-el-gobernador-jaime-bonilla-valdez/
    ("returnees whose remittances in dollars are named", "deportation",
     "Trato de héroes a migrantes mexicanos repatriados de Estados Unidos, pide el gobernador Jaime "
     "Bonilla Valdez",
     "TIJUANA, AGOSTO 20, 2020.- “Todo el reconocimiento y un trato de héroes, merecen los mexicanos "
     "que se arriesgan a todo por trabajar en los Estados Unidos, y enviar remesas a sus familias, por"
     " un monto superior a los $30,000 millones de dólares”, dijo el gobernador Jaime Bonilla Valdez, "
     "al visitar la oficina de Repatriados Mexicanos en la Garita “El Chaparral”, para observar el "
     "funcionamiento de la Ventanilla Única de Auxilio a Migrantes."),
    # https://jaliscorojo.com/2020/02/21/tras-extradicion-de-el-menchito-estados-unidos-emite-alerta-en-jalisco
    ("a Mexican state named without the country", "extradition",
     "Tras extradición de El Menchito, Estados Unidos emite alerta en Jalisco",
     "Rubén Oceguera González alias “El Menchito” fue extraditado a Estados Unidos, país que lanzó una"
     " alerta a sus connacionales que se encuentran en Jalisco por posibles replesalias. Los medios de"
     " comunicación fueron quienes difundieron la noticia debido a que el Gobierno Federal "
     "aparentemente hizo el procedimiento de forma sigilosa."),
    # https://dca.gob.gt/index.php/2017/08/30/tribunal-autoriza-extradicion-de-exministro-de-gobernacion
    ("an interior ministry names the country", "extradition",
     "Tribunal autoriza extradición de exministro de Gobernación",
     "Por unanimidad, el Tribunal Tercero del Ramo Penal, presidido por Saúl Álvarez, dio luz verde a "
     "la entrega de Mauricio López Bonilla, exministro de Gobernación, a los Estados Unidos y rechazó "
     "los medios de prueba propuestos por el requerido, al considerar que “su inocencia o culpabilidad"
     " se debe determinar ante la Justicia del país que lo solicita”."),
    # http://pulse.ng/world/mexicos-el-chapo-to-be-arraigned-in-court-friday-id6087693.html
    ("the place in the headline, the extradition in the lede", "extradition",
     "Mexico's El Chapo to be arraigned in court Friday",
     "Mexican drug baron Joaquin \"El Chapo\" Guzman, one of the world's most notorious criminals, will "
     "be arraigned on drugs, firearm and conspiracy charges in New York on Friday, one day after being"
     " extradited to the United States."),
    # https://gephardtdaily.com/national-international/mexico-begins-returning-migrants-seeking-asylum-in-u-s/
    ("returning migrants (English verb forms in a phrase)", "deportation",
     "Mexico begins returning migrants seeking asylum in U.S.",
     "July 3 (UPI) — The Mexican government on Tuesday began busing dozens of Central American "
     "migrants to their native countries, after they’d been forced to wait in Mexico while their U.S. "
     "asylum claims are being processed."),
    # http://www.cuartopoder.mx/chiapas/la-guardia-nacional-no-es-el-muro-de-trump/288442/
    ("an agreement on migration beside a US name", "us-neighbour-cooperation",
     "La Guardia Nacional no es el muro de Trump",
     "La Comisión de Hacienda en el Congreso de Chiapas consideró que la llegada de los elementos que "
     "integran la Guardia Nacional a la frontera sur en ningún sentido forman parte del otro muro del "
     "presidente de los Estados Unidos, Donald Trump, debido a que sólo se trata de un acuerdo para "
     "disminuir el flujo migratorio."),
    # https://www.tdg.ch/monde/caravane-migrants-mexique/story/23533883
    ("security forces deployed, in French", "us-neighbour-cooperation",
     "Caravane migrants Mexique",
     "Des centaines de migrants centro-américains ont tenté lundi de forcer la frontière entre le "
     "Guatemala et le Mexique, mais ont été repoussés par les forces de sécurité mexicaines déployées "
     "en nombre."),
    # https://deutsch.rt.com/newsticker/77934-hunderte-migranten-entscheiden-sich-fuer-rueckkehr-nach-honduras/
    ("brought back, in German", "deportation",
     "Hunderte Migranten entscheiden sich für Rückkehr nach Honduras",
     "Rund 2.000 Migranten aus Honduras, die sich in Richtung USA aufgemacht haben, sind nach Angaben "
     "der Regierung Guatemalas auf dem Rückweg in ihre Heimat. Weitere 500 sollten am Samstag "
     "(Ortszeit) in Bussen zurückgebracht werden, wie der guatemaltekische Präsident Jimmy Morales vor"
     " Journalisten sagte."),
    # https://accessnow.cshp.co/el-salvador-datos-poco-fiables-acorralan-personas-migrantes-en-ee-uu
    ("flawed records, in Spanish", "biometric-data-sharing",
     "El Salvador: datos poco fiables acorralan a personas migrantes en EE.UU.",
     "En el año 2014, la brutalidad policial despiadada y la violencia extrema ejercidas por las "
     "pandillas obligaron a Óscar* a tomar una decisión que cambiaría su historia: meter toda su vida "
     "en una pequeña maleta y dejar atrás su natal El Salvador. Buscando escapar de un país cuya "
     "historia está plagada"),
    # https://deraiz.media/2024/02/29/mexico-estados-unidos-y-guatemala-abordan-en-washington-tema-migratorio/
    ("governments \"abordan\" migration", "us-neighbour-cooperation",
     "México, Estados Unidos y Guatemala abordan en Washington tema migratorio",
     "29/02/2024 (Ciudad de México). En Washington D.C. la Secretaria de Relaciones Exteriores de "
     "México, Alicia Bárcena, el Secretario de Estado de los Estados Unidos, Antony Blinken y el "
     "ministro de Relaciones Exteriores de Guatemala, Carlos Ramiro Martínez, junto a sus respectivos "
     "equipos sostuvieron"),
    # blind sets M and N (seventh round), one kind each; scored before any change for them
    # https://www.noticias24miami.com/2019/06/mexico-blindara-frontera-sur-con-mas-agentes-migratorios-y-guardia-nacional
    ("Mexico deploying: blindar, the neighbour's troops next to 'EE.UU.'", "us-neighbour-cooperation",
     "México blindará frontera sur con más agentes migratorios y Guardia Nacional",
     "Tras días de incertidumbre, el Gobierno de México concretó este viernes sus acciones para "
     "frenar el flujo migratorio y contentar a EE.UU. confirmando el despliegue de 6.000 efectivos "
     "de la Guardia Nacional en la frontera sur para el 18 de junio y la contratación de 825 nuevos "
     "agentes migratorios."),
    # https://www.cairco.org/news/14000-national-guard-troops-protect-mexicos-southern-border
    ("troops at Mexico's own southern border", "us-neighbour-cooperation",
     "14,000 National Guard Troops Protect Mexico's Southern Border",
     "Hundreds of migrants from Haiti, Cuba and Central America clashed with security forces "
     "Saturday in southern Mexico. Two large groups departed from the Chiapas city of Tapachula - "
     "across the border from Guatemala - and were headed for the northern border with the U.S."),
    # https://www.thestar.com.my/news/world/2021/09/21/039this-is-a-prison039-mexico-struggles-to-hold-migrants-far-from-us-border
    ("migrants contained on Mexico's southern border", "us-neighbour-cooperation",
     "'This is a prison': Mexico struggles to hold migrants far from US border",
     "TAPACHULA, Mexico (Reuters) - A bid by Mexico to contain thousands of migrants on its southern "
     "border with Guatemala has created a major humanitarian headache for President Andres Manuel "
     "Lopez Obrador, and failed to prevent many from reaching the U.S. border en masse."),
    # https://dca.gob.gt/index.php/2022/10/18/refuerzan-controles-contra-exodo-irregular
    ("reforzar's diphthong forms (refuerzan)", "us-neighbour-cooperation",
     "Refuerzan controles contra éxodo irregular",
     "El trabajo conjunto entre los ministerios de Gobernación (Mingob) y de la Defensa Nacional "
     "(Mindef), así como del Instituto Guatemalteco de Migración (IGM) ha permitido mantener los "
     "controles migratorios en las principales carreteras y pasos fronterizos del país."),
    # https://americacentral.fes.de/rss/liberacion-destierro-desnacionalizacion-personas-presas-politicas-nicaragua.html
    ("the banished named as stateless", "deportation",
     "Lejos de Nicaragua y “sin nacionalidad”, pero libres",
     "Las personas liberadas han sido acogidas temporalmente en Guatemala, donde recibirán "
     "alimentación, hospedaje, atención médica y psicológica."),
    # https://imagazinetur.com/web/2012/03/07/costa-rica-creara-control-de-pasajeros-para-estados-unidos
    ("passenger records sent to the US", "biometric-data-sharing",
     "Costa Rica creará control de pasajeros para Estados Unidos",
     "Costa Rica sucribio un convenio con los Estados Unidos de Norteamerica para facilitar la "
     "información de los pasajeros que vayan a ingresar a suelo de este último, confirmó la "
     "Presidencia de la República."),
    # https://esilapp.com/post/378c5b98-0114-455a-986b-631d51ae22dc
    ("a deportee reception centre names its country", "deportation",
     "El 0.8% de migrantes retornados tiene orden de captura: ¿cuáles son los principales delitos?",
     "La Policía Nacional Civil (PNC) espera en el Centro de Recepción de Retornados a los "
     "deportados que tienen orden de captura vigente."),
    # https://www.prensalibre.com/guatemala/ministro-de-gobernacion-firma-acuerdo-de-asilo-en-estados-unidos/
    ("an interior minister by name", "us-neighbour-cooperation",
     "Ministro de Gobernación firma acuerdo de asilo en Estados Unidos",
     "El Ministro de Gobernación, Enrique Degenhart, acaba de firmar un acuerdo con el gobierno de "
     "Estados Unidos que da asilo a migrantes que viajan a aquel país."),
    # https://riviera-maya-news.com/cancun-international-part-of-initial-three-mexican-airports-to-have-inm-digital-kiosks-activated/2022.html
    ("INM by its initials as the migration authority", "biometric-data-sharing",
     "Cancun International Part of Initial Three Mexican Airports to Have INM Digital Kiosks Activated",
     "Cancun, Q.R. — Four years after installing digital kiosks in Mexican international airports, "
     "authorities say they are finally up and running. The digital kiosks that operate in most every "
     "other global international airport are only now being validated in Mexico."),
    # https://www.stern.de/panorama/video-nicaragua-laesst-mehr-als-200-gefangene-frei---und-weist-sie-aus-33183784.html?utm_campaign=panorama&utm_medium=rssfeed&utm_source=standard
    ("German copies of Nicaragua's banishment", "deportation",
     "Nicaragua lässt mehr als 200 Gefangene frei – und weist sie aus",
     "STORY: Freudentränen nach der überraschenden Freilassung von mehr als 200 politischen "
     "Gefangenen aus Nicaragua und Überführung in die USA. Unter ihnen: fünf ehemalige "
     "Präsidentschaftskandidaten wie Juan Sebastian Chamorro."),
    # https://ga.de/news/politik/ausland/nicaragua-schickt-222-politische-gefangene-in-die-usa_aid-84638187
    ("German copies of Nicaragua's banishment", "deportation",
     "Nicaragua schickt 222 politische Gefangene in die USA",
     "Washington/Managua Die USA drangen immer wieder auf die Freilassung. Nun hat Nicaraguas "
     "Machthaber Daniel Ortega Hunderte aus politischen Gründen Inhaftierte in die USA bringen "
     "lassen."),
    # https://www.eljedidnews.info/ar/node/12878
    ("Arabic: migrants moved to a neighbour, 'أميركا'", "deportation",
     "غواتيمالا تستقبل أول رحلة طيران من أميركا تقل مهاجرين أجانب",
     "نفذت طائرات عسكرية أميركية نقل أول دفعة من المهاجرين غير الشرعيين من الولايات المتحدة إلى "
     "غواتيمالا، منذ تولي دونالد ترمب منصب الرئاسة."),
    # https://diarioversionfinal.com/mundo/gobierno-de-ortega-declara-apatridas-a-lideres-religiosos-estudiantes-activistas-disidentes-y-periodistas-nicaraguenses
    ("the banished named as stateless", "deportation",
     "Gobierno de Ortega declara \"apátridas\" a líderes religiosos, estudiantes, activistas, disidentes y "
     "periodistas nicaragüenses", ""),
    # https://orf.at/stories/3304603/
    ("German copies of Nicaragua's banishment", "deportation",
     "Nicaragua lässt 222 politische Gefangene frei",
     "Die Regierung von Nicaragua hat 222 politische Gefangene freigelassen und an die USA überstellt."),
    # https://thecostaricanews.com/secretary-of-state-michael-pompeo-arrives-in-costa-rica
    ("a US official's visit named by the arrival", "us-neighbour-cooperation",
     "Secretary of State Michael Pompeo Arrives in Costa Rica",
     "This Tuesday, the US Secretary of State, Michael Pompeo, arrived at the Presidential House in "
     "Costa Rica, as part of Pompeo’s tour of Colombia, Costa Rica, and Jamaica, whose objective, "
     "according to official information, is to “renew the deep United States commitment to its "
     "hemispheric neighbors”. This will be the first visit to the country in 10 years of the top "
     "ranking of US diplomacy."),
    # https://news.gob.gt/operatives-to-regularize-migratory-situation-allow-to-locate-more-than-15000-people/
    ("refused entry, in English ('rejected from the country')", "deportation",
     "Operatives to Regularize Migratory Situation Allow to Locate More Than 15,000 People",
     "Guatemala City, by Brenda Larios -AGN- To legalize the migratory situation in Guatemala, more "
     "than 15,000 people have been located in the country who were traveling irregularly through the "
     "territory. Records of the Guatemalan Migration Institute -IGM- show that from January to "
     "September 17 of this year, 15,170 people have been rejected from the country."),
    # https://thestar.com.my/news/world/2023/11/16/top-ms-13-leader-to-stand-trial-in-new-york-on-terrorism-charges
    ("handed over to a US federal court", "extradition",
     "Top MS-13 leader to stand trial in New York on terrorism charges",
     "SAN SALVADOR (Reuters) - A top leader of the notorious Mara Salvatrucha (MS-13) gang will "
     "stand trial in New York on terrorism charges, the U.S. Justice Department said on Wednesday. "
     "El Salvador citizen Elmer Canales, known as \"Crook de Hollywood,\" was arrested by Mexican "
     "authorities last week and sent to Texas, where a federal court on Wednesday ordered him to "
     "face trial in New York."),
    # https://cialisbbv.com/americans-can-now-scan-their-way-into-cancun-for-faster-immigration/
    ("e-gates named with the passport they read", "biometric-data-sharing",
     "Americans Can Now Scan Their Way Into Cancun For Faster Immigration",
     "Mexican authorities are determined to make it easier for Americans to travel abroad for an annual "
     "vacation. As of January, U.S. Passport holders are officially allowed to use e-Gates Land at the best "
     "vacation spots in the Mexican Caribbean. Essentially, this means they can enter faster by simply "
     "scanning their way into Cancun."),
]

LEFT_ALONE = [
    # expulsions in sports, parties and diplomacy (dev near-misses: El Gráfico, Revista E&N, Rosario3)
    ("sports expulsion", "Expulsan a Zelaya y podría recibir un partido de suspensión", ""),
    ("party expulsion", "Presidenta electa Xiomara Castro expulsa a 18 diputados del partido Libre", ""),
    ("diplomatic expulsion", "El gobierno de facto de Honduras expulsó a los diplomáticos argentinos", ""),
    # repatriation of remains and artifacts (Soy502, MXC)
    ("remains", "El boleto de Q1.9 millones para repatriar a migrantes fallecidos", ""),
    ("artifacts", "México repatria 52 piezas arqueológicas de Estados Unidos", ""),
    # US–Mexico dealings that are not about migration
    # https://www.mundoejecutivocdmx.com/mundo-politico/mexico-y-ee-uu-acuerdan-solucion-definitiva-sobre-transferencia-de-agua-del-rio-bravo/
    ("water treaty", "México y EE. UU. acuerdan solución definitiva sobre transferencia de agua del Río Bravo", ""),
    ("cattle", "US re-imposes ban on Mexican cattle due to screwworm infestation", ""),  # voz.us
    # another country's extradition that mentions a neighbour in passing (IFM Noticias)
    ("other country", "Colombia extradita a EE.UU. a nueve capos del narcotráfico: vínculos con disidencias, carteles "
                      "mexicanos y lavado de activos", ""),
    # sports are "deportes", which shares the Spanish stem of "deportar"
    ("sports", "Deportes: Olimpia y Motagua empatan en el clásico capitalino de Honduras", ""),
    # a blind holdout's false alerts (issue 11, second round), by kind:
    # another country's deportation naming a neighbour only in passing in the lede
    # https://reporteconfidencial.info/2025/02/10/repatriacion-de-venezolanos-deportados-dos-aviones-de-conviasa-llegan-a-texas
    ("other country, Mexico as a stopover", "Repatriación de venezolanos deportados: dos aviones de Conviasa llegan a Texas",
     "Dos aviones modelo Embraer 190 de la aerolínea estatal venezolana Conviasa han aterrizado en El Paso, Texas, "
     "este lunes 10 de febrero de 2025, transportando el lema «Plan Vuelta a la Patria» y repatriando a venezolanos "
     "deportados. Estas aeronaves hicieron una parada en Cancún, México, antes de llegar al Biggs Army Airfield, "
     "ubicado en la frontera sur de Estados Unidos."),
    # "retornar" of classes and holidays
    # https://proceso.hn/educacion-instruye-reanudar-clases-presenciales-en-valle-y-choluteca-y-extiende-suspension-en-el-distrito-central/
    ("classes resume", "Educación instruye reanudar clases presenciales en Valle y Choluteca y extiende suspensión en "
                       "el Distrito Central",
     "Tegucigalpa – La Secretaría de Educación instruyó retornar a las clases presenciales en los departamentos de "
     "Valle y Choluteca y extendió la suspensión en el Distrito Central."),
    # https://hondudiario.com/nacionales/autoridades-coordinan-caravanas-de-retorno-para-evitar-accidentes-viales/
    ("holiday return", "Autoridades coordinan caravanas de retorno para evitar accidentes viales",
     "Las autoridades prevén que será en horas de la tarde que se formará una caravana de turistas que retornan a la "
     "capital hondureña, Tegucigalpa."),
    # Nicaragua as a charter-flight hub: transit, not deportation or cooperation
    # https://bloomberglinea.com/2023/11/22/eeuu-golpea-el-negocio-de-los-vuelos-charter-de-haitianos-y-cubanos-a-nicaragua
    ("charter-flight hub", "EEUU golpea el negocio de los vuelos chárter de haitianos y cubanos a Nicaragua",
     "Bloomberg Línea — El gobierno estadounidense anunció el martes restricciones de visa contra operadores que "
     "realizan los vuelos chárter a Nicaragua desde Cuba y Haití que ponen en peligro a migrantes."),
    # "negocio" (business) shares the Spanish stem of "negociar" (talks)
    # https://www.cuartopoder.mx/nacional/nicaragua-se-suma-al-negocio-de-la-migracion/470602
    ("business, not talks", "Nicaragua se suma al negocio de la migración",
     "En un pujante negocio, Nicaragua se transformó en una base aérea para recibir una gran cantidad de vuelos de "
     "Europa y América Latina y el Caribe con numerosos migrantes irregulares cubanos, haitianos, africanos y "
     "asiáticos que logran esquivar el paso por el Tapón del Darién y usan a Managua como punto de origen de su "
     "travesía terrestre a México y Estados Unidos."),
    # the US's own biometric entry/exit checks at its Mexican border crossings
    # https://www.biometricupdate.com/201508/customs-piloting-biometric-border-entry-and-exit-control-at-u-s-mexico-border
    ("US entry/exit at the Mexican border", "Customs piloting biometric border entry and exit control at U.S.-Mexico border",
     "U.S. Customs and Border Protection is set to launch a biometric border entry and exit control pilot program at "
     "Otay Mesa, San Diego in an effort to identify and apprehend foreigners with expired visas who are have surpassed "
     "their permitted duration, according to a report by The San Diego Union-Tribune."),
    # a US entry requirement for a neighbour's travellers is not the neighbour's border control
    # https://2001online.com/usa/servicios/costarricenses-tienen-nuevo-requisito-para-entrar-a-eeuu-sepa-de-que-se-trata--202510311800
    ("US entry requirement", "Costarricenses tienen nuevo requisito para entrar a EEUU: sepa de qué se trata",
     "Estados Unidos implementa un nuevo protocolo oficial que exige a todos los viajeros costarricenses, someterse a "
     "controles biométricos obligatorios al ingresar al país."),
    # a third blind holdout's false alerts (issue 11, third round), by kind:
    # a UN mission or official expelled: "expulsa" with no migrant
    # https://es.euronews.com/2018/08/31/daniel-ortega-expulsa-de-nicaragua-a-una-mision-de-la-onu
    ("UN mission expelled", "Daniel Ortega expulsa de Nicaragua a una misión de la ONU",
     "La decisión llega tras un informe que acusa al Gobierno nicaragüense de violaciones de derechos humanos."),
    # http://eltelegrafo.com.ec/noticias/mundo/9/crisis-en-guatemala-por-expulsion-de-funcionario
    ("official expelled", "Crisis en Guatemala por expulsión de funcionario",
     "Guatemala.- La expulsión de un funcionario de la Organización de las Naciones Unidas (ONU) desató una batalla "
     "política y la protesta social contra el jefe de Estado en Guatemala."),
    # remittances rise for fear of deportations: an economy story
    # https://updateme.news/?p=183475
    ("remittances", "Remesas en Centroamérica suben 20% por temor a deportaciones en EEUU",
     "Las remesas familiares enviadas a Guatemala, Honduras, El Salvador y Nicaragua crecieron cerca de 20% en el "
     "primer semestre de 2025."),
    # dead migrants identified: not migrants stopped on their way
    # https://ferplei.com/noticias/2023/02/17/mexico-11-migrantes-de-guatemala-entre-muertos-en-accidente/
    ("dead migrants identified", "México: 11 migrantes de Guatemala entre muertos en accidente",
     "CIUDAD DE GUATEMALA (AP) — La Cancillería guatemalteca anunció el jueves que identificó como migrantes de "
     "Guatemala a 11 de las 14 personas que fueron localizadas muertas la semana pasada dentro de una camioneta que "
     "se volcó en un río al norte de México."),
    # the US's own troops sent to its border: no dealing with the neighbour
    # http://boomer-news.com/politics/pentagon-sending-1-500-troops-to-secure-us-mexico-border
    ("US troops at the border", "Pentagon Sending 1,500 Troops To Secure US-Mexico Border",
     "The Pentagon is sending up to 1,500 troops to help secure the southern border as President Trump pushes to "
     "stem the tide of migrants entering the country."),
    # https://alandstidningen.ax/tt/omvarlden/trump-skickar-1-500-soldater-gransen
    ("US troops at the border, Swedish", "Trump skickar 1 500 soldater till gränsen",
     "Donald Trump har i ett presidentdekret beslutat att skicka 1 500 soldater till USA:s gräns mot Mexiko."),
    # prisoners released to their homes, not sent abroad (Dutch)
    # https://www.welingelichtekringen.nl/samenleving/ook-nicaragua-laat-nu-politieke-gevangenen-vrij
    ("released at home", "Ook Nicaragua laat nu politieke gevangenen vrij",
     "MANAGUA (ANP/AFP) - In navolging van Venezuela heeft inmiddels ook Nicaragua politieke gevangenen vrijgelaten."),
    # the US deporting migrants from other continents to Panama ("the Central American country")
    # https://voz.us/en/politics/250214/21073/u-s-deports-illegal-migrants-from-asia-to-panama.html
    ("deportees sent on via Panama", "US deports illegal migrants from Asia to Panama",
     "The deportations are carried out within the framework of an agreement that turns the Central American "
     "country into a stopover for certain immigrants expelled from US territory."),
    # MS-13 in US domestic crime news names no watched country
    # https://longislandpress.com/2017/06/16/41-ms-13-gang-members-busted-in-1-month-on-long-island
    ("US domestic gang arrests", "41 MS-13 Gang Members Busted in 1 Month on Long Island",
     "Forty one alleged members of MS-13, the street gang suspected of murdering 11 people in Suffolk County since "
     "September, were rounded up over the past month for violence in Nassau County, authorities announced Thursday."),
    # the US barring a neighbour's officials is not the neighbour barring its nationals
    # https://panampost.com/oriana-rivas/2021/11/16/eeuu-prohibe-dictador-daniel-ortega/
    ("US entry ban on officials", "EEUU prohíbe al dictador Daniel Ortega",  # title from URL slug
     "La Casa Blanca anunció que tanto el dictador nicaragüense Daniel Ortega, como su esposa Rosario Murillo y el "
     "resto de su gabinete tienen vetada la entrada a Estados Unidos."),
    # a fifth blind holdout's false-alert kinds (issue 11, fifth round):
    # more officers at an airport's migration posts, or its systems failing: no new technology
    # https://enblancoynegro.com.mx/2026/03/20/236-elementos-navales-reforzaran-control-migratorio-en-el-aeropuerto-de-cdmx
    ("staff, not technology", "236 elementos navales reforzarán control migratorio en el Aeropuerto de CDMX",
     "La Secretaría de Marina realizará labores migratorias en el Aeropuerto Internacional de la Ciudad de México "
     "durante el Mundial de Futbol, mediante un convenio con el Instituto Nacional de Migración (INM)."),
    # https://uni2noticias.com/intento-de-robo-de-cables-causa-fallas-en-tramites-de-ingreso-de-pasajeros-del-aicm/
    ("systems failing", "Intento de robo de cables causa fallas en trámites de ingreso de pasajeros del AICM",
     "El Instituto Nacional de Migración (INM) informó que las fallas en filtros para trámites migratorios en el "
     "Aeropuerto Internacional Benito Juárez de la Ciudad de México (AICM) se originaron por un intento de robo de "
     "cables en la colonia Moctezuma."),
    # US support for a neighbour's democratic transition, no migration or security in sight
    # https://eldia.com.do/subsecretario-eu-reune-con-arevalo-leon
    ("democratic transition", "Subsecretario de EU se reúne con Arévalo de León",  # title from URL slug
     "El subsecretario de Estado de Gestión y Recursos de Estados Unidos, Richard Verma, sostuvo una reunión con el "
     "presidente electo de Guatemala, Bernardo Arévalo de León. La reunión se dio cinco días después de que Arévalo "
     "de León dijera que existía un “golpe de Estado en curso”."),
    # a safe country for tourists, and the US's travel advisory for its own citizens
    # http://m.notimerica.com/sociedad/noticia-costa-rica-pura-vida-20180815173935.html
    ("safe for tourists", "Costa Rica, ¿pura vida?",
     "Costa Rica, el único país del mundo que no cuenta con ejército, ha anunciado en las últimas horas que destinará "
     "un presupuesto de 3,5 millones a reforzar la seguridad de los visitantes."),
    # https://quetortacr.com/estados-unidos-advierte-a-sus-ciudadanos-que-deben-andar-con-precaucion-si-viajan-a-costa-rica/
    ("US travel advisory", "Estados Unidos advierte a sus ciudadanos que deben andar con precaución si viajan a Costa Rica",
     "El Departamento de Estado de los Estados Unidos advirtió a los ciudadanos norteamericanos que si viajan a Costa "
     "Rica deben andar con precaución."),
    # an Ecuadorian narco linked to Mexican cartels, arrested in Colombia
    # https://voa.pangea-cms.com/preview/es/a/policia-colombia-captura-capo-droga-ecuatoriano-/6956308.html
    ("Ecuadorian narco", "La policía de Colombia captura a un importante capo ecuatoriano de la droga",
     "Conocido como Wilder S. F., el ecuatoriano acusado de tener vínculos con capos mexicanos fue detenido en "
     "Colombia, según anunció la Policía de colombiana el jueves. Uno de los narcotraficantes más buscados de "
     "Ecuador, acusado de tener vínculos con los cárteles de la droga mexicanos, fue capturado en la ciudad "
     "colombiana de Pasto, cerca de la frontera entre los dos países, informó el jueves la policía en Quito."),
    # the US's own border policy: Mexico only as the other side of the US's border (was the loose branch:
    # a US official near a migration word, a neighbour anywhere)
    # https://thebuzzinghub.com/articles/trump-declares-national-border-emergency-in-immigration-crackdown
    ("US's own border, Mexico far from the official", "Trump declares national border emergency in immigration crackdown",
     "President begins issuing flood of immigration-related executive orders after being sworn into office. Donald "
     "Trump on Monday began issuing a barrage of executive orders aimed at making good on his central campaign "
     "promise to crack down on immigration and unauthorized crossings at the US-Mexico border."),
    # https://redevc.com.br/2025/01/22/trump-decreta-fechamento-da-fronteira-com-mexico-para-imigrantes-ilegais
    ("US's own border, Portuguese", "Trump decreta fechamento da fronteira com México para imigrantes ilegais",
     "Donald Trump assinou uma ordem executiva que suspende a entrada de imigrantes ilegais pela fronteira sul dos "
     "EUA com o México."),
    # Mexico's troops deployed against cartel violence, not migrants
    # https://www.milenio.com/estados/refuerzan-seguridad-en-culiacan-tras-jornada-violenta
    ("troops against crime", "Refuerzan seguridad en Culiacán tras jornada violenta",  # title from URL slug
     "En respuesta a la reciente jornada violenta en la capital sinaloense, este martes arribaron 300 elementos del "
     "Ejército Mexicano para reforzar las labores de seguridad en la ciudad."),
    # remittances named by what is sent ("envían más dinero a casa"), not "remesas"
    # https://www.prensalibre.com/economia/migrantes-guatemaltecos-en-estados-unidos-envian-mas-dinero-a-casa-por-miedo-a-deportaciones-de-trump/
    ("remittances as money sent home",
     "Migrantes guatemaltecos en Estados Unidos envían más dinero a casa por miedo a deportaciones de Trump",
     "El efecto Trump en el envío de remesas familiares hacia Guatemala comienza a manifestarse ya que en enero se "
     "registró U$1 mil 817.6 millones."),
    # the US's entry/exit biometrics for every non-citizen, a neighbour's travellers only as an example
    # https://www.elsalvador.com/noticias/internacional/ee-uu-exigira-datos-biometricos-a-todos-los-viajeros-extranjeros/1248304/2025
    ("US entry/exit rule, Salvadorans as an example", "EE. UU. exigirá datos biométricos a todos los viajeros extranjeros",
     "Desde diciembre de 2025, Estados Unidos exigirá datos biométricos a todos los viajeros, incluidos los "
     "salvadoreños con Green Card, para reforzar la seguridad."),
    # Nicaragua keeping foreigners out (visas), not its own nationals
    # https://radiomitre.cienradios.com/mundo/nicaragua-restringio-el-ingreso-al-pais-de-cubanos-sin-visa/
    ("foreigners' entry restricted", "Nicaragua restringió el ingreso al país de cubanos sin visa",
     "Nicaragua anunció que restableció la visa para cubanos, poniendo fin al régimen de libre visado vigente desde "
     "2021."),
    # football's other words for a player sent off (guardameta, delantero, torneo, Liga Nacional)
    # https://www.laprensa.hn/deportes/arbitro-expulso-al-portero-junior-morales-por-gestos-obscenos-MFLP757290
    ("goalkeeper sent off", "Árbitro expulsó al portero Júnior Morales por gestos obscenos",  # title from URL slug
     "Tocoa, Honduras. El árbitro Manuel Zelaya justificó la expulsión del guardameta del Marathón, Júnior Morales, "
     "por considerar como un 'gesto obsceno' su acción con Henry Martínez, delantero de la Real Sociedad, en el "
     "estadio Francisco Martínez Durón de Tocoa."),
    # a US envoy meeting ministers on energy, investment or finance (the envoys added for the meetings on
    # migration must not make every embassy meeting an alert)
    # https://www.laprensa.hn/honduras/estados-unidos-honduras-exploran-nuevas-oportunidades-cooperacion-energetica-OP29403793
    ("US envoy on energy", "USA y Honduras exploran nuevas oportunidades de cooperación energética",
     "La encargada de Negocios de Estados Unidos en Honduras, Colleen A. Hoey, sostuvo este viernes una reunión con el "
     "ministro de Energía, Eduardo Oviedo, como parte de los encuentros que mantiene con los nuevos funcionarios del "
     "Gobierno del presidente Nasry Asfura."),
    # https://www.elheraldo.hn/honduras/ministro-finanzas-encargada-negocios-estados-unidos-reunieron-IN29179634
    ("US envoy on finance", "Ministro de Finanzas y encargada de negocios de Estados Unidos se reunieron",  # URL slug
     "Tegucigalpa, Honduras.-El ministro de la Secretaría de Finanzas, Emilio Hércules, sostuvo este miércoles 4 de "
     "febrero su primer encuentro oficial con la Encargada de Negocios de la Embajada de Estados Unidos en Honduras, "
     "Collen Hoey, con el objetivo de dialogar sobre oportunidades de cooperación económica y financiera entre ambos "
     "países."),
    # passport offices at airports are not a border check
    # https://proceso.hn/migracion-habilitara-emision-de-pasaportes-directamente-en-tres-aeropuertos/
    ("passport offices at airports", "Migración habilitará emisión de pasaportes directamente en tres aeropuertos",
     "Tegucigalpa – El director ejecutivo del Instituto Nacional de Migración (INM), Carlos Cordero, anunció que como "
     "parte de los cambios impulsados en su administración se habilitarán oficinas para la emisión de pasaportes en "
     "tres aeropuertos internacionales del país."),
    # the US only as where an airport's travellers come from
    # https://elmundo.hn/delegacion-aerea-de-migracion-en-palmerola-inicia-operaciones/
    ("travellers from US flights", "Delegación aérea de Migración en Palmerola inicia operaciones",
     "Comayagua. – La Delegación Aérea Palmerola del Instituto Nacional de Migración (INM), inició operaciones este "
     "sábado con un equipo de 23 personas dirigidas por el subdelegado, Mario Pacheco y el coordinador de "
     "Delegaciones, Wilfredo Escoto, los que recibieron para su control migratorio a 174 viajeros procedentes de "
     "Houston y Miami, Estados Unidos."),
    # another country's nationals extradited, Mexico only as the adjective of its cartels (a final blind check)
    # https://www.radiosantafe.com/2025/03/14/fueron-extraditados-a-ee-uu-siete-capos-colombianos-aliados-de-los-carteles-mexicanos-del-narcotrafico/
    ("Colombians extradited, Mexican cartels as partners",
     "Fueron extraditados a EE.UU. siete capos colombianos aliados de los carteles mexicanos del narcotráfico",
     "El director del FBI, Kash Patel, confirmó la extradición de siete cabecillas de carteles del narcotráfico "
     "colombianos responsables de enviar miles de kilos de cocaína desde la frontera colombo-venezolana a los carteles "
     "mexicanos con destino final los Estados Unidos."),
    # the blind sets of the sixth round: false-alert kinds each one showed
    # Cubans stranded on their way north: transit, not Nicaragua barring its own people
    # https://panamericana.pe/24horas/internacionales/195215-tres-mil-cubanos-encuentran-varados-costa-rica
    ("Cubans in transit", "Tres mil cubanos se encuentran varados en Costa Rica",
     "En su intento por llegar a Estados Unidos, miles de cubanos quedaron varados entre la frontera entre Costa "
     "rica y Nicaragua tras ser detenidos por las autoridades de Managua."),
    # MS-13 in US domestic crime news: no extradition, no watched country
    # https://www.wshu.org/news/2017-05-12/federal-authorities-round-up-ms-13-gang-members
    ("US domestic gang arrests", "Federal authorities round up MS-13 gang members", ""),
    # a fingerprint without a face, for a bank: not a border check
    # https://expansion.mx/empresas/2019/05/28/mastercard-apuesta-por-la-huella-digital
    ("bank fingerprints", "Mastercard apuesta por la huella digital", ""),
    # the US's own troops sent to its border against the 2018 caravans, as the Spanish-language
    # press wrote it: no neighbour deploying or talking
    # https://noticias.canal1.com.co/noticias/james-mattis-visito-la-frontera-sur-mcallen-texas/
    ("the US's own troops at its border, in Spanish", "James Mattis visitó la frontera sur de McAllen, Texas",
     "El secretario de Defensa de Estados Unidos, James Mattis, visitó la frontera sur de McAllen en "
     "Texas, para conocer el estado de las tropas que han sido desplegadas en la zona y cuyo objetivo es "
     "impedir la entrada de la caravana de migrantes centroamericanos que avanza hacia territorio "
     "estadounidense."),
    # https://www.cubaenmiami.com/militares-estadounidenses-en-la-frontera-con-mexico-comienzan-a-levantar-cercas-e-instalar-camaras/
    ("the US's own troops at its border, in Spanish",
     "Militares estadounidenses en la frontera con México comienzan a levantar cercas e instalar cámaras",
     "Tropas de Estados Unidos enviadas por el presidente Trump a la frontera para impedir a la caravana "
     "de centroamericanos que se dirige a pedir asilo han comenzado a levantar cercas e instalar cámaras "
     "en la zona entre Hidalgo, Texas, y Reynosa."),
    # https://oscarmariobeteta.com/ee-uu-aprueba-despliegue-de-tropas-militares-en-la-frontera-con-mexico/
    ("the US's own troops at its border, in Spanish", "EE.UU. aprueba despliegue de tropas militares en la frontera con México",
     "Jim Mattis, secretario de Defensa de Estados Unidos, anunció que se aprobará el despliegue de tropas"
     " en la frontera con México para detener a la caravana migrante que llegó el viernes pasado a "
     "territorio mexicano y que reconoció es un asunto de \"emergencia nacional\"."),
    # https://laraza1400.com/envian-a-5200-militares-a-la-frontera-para-frenar-a-inmigrantes/
    ("the US's own troops at its border, in Spanish", "Envían a 5,200 militares a la frontera para frenar a inmigrantes",
     "El lunes, el Gobierno de Estados Unidos anunció que enviará 5,200 soldados a la frontera con México "
     "durante esta semana para responder a la llegada de 2 caravanas de inmigrantes centroamericanos, un "
     "movimiento que llega en plena campaña para las elecciones legislativas del 6 de noviembre."),
    # a seventh blind set's false-alert kinds: officials expelled, travellers flown home, a
    # neighbour's citizen refused entry, artifacts returned
    # https://www.businessinsider.com/r-guatemala-expels-head-of-un-anti-graft-unit-probing-president-2017-8
    ("a UN official expelled",
     "Guatemala expels head of U.N. anti-graft unit probing president",
     "GUATEMALA CITY (Reuters) - Guatemalan President Jimmy Morales has declared as \"persona non "
     "grata\" the head of an influential U.N. anti-graft unit seeking to investigate his campaign "
     "financing and ordered the official to leave the Central American country immediately."),
    # https://damenoticias.com/nota/339398-renuncias-y-conflictos-por-la-acusacion-de-corrupcion-contra-el-presidente-morales
    ("a UN official expelled",
     "Renuncias y conflictos por la acusación de corrupción contra el presidente Morales",
     "En un mensaje televisado, Morales expresó que su fallo al expulsar al presidente de la Comisión "
     "Internacional Contra la Impunidad en Guatemala (Cicig) de la ONU,  el ex juez colombiano Iván "
     "Velásquez, “no constituye ni motiva un rompimiento del orden constitucional\"."),
    # https://youthandeldersja.wordpress.com/2016/06/26/nicaragua-expels-three-us-government-officials/
    ("US officials expelled",
     "Nicaragua expels three US government officials",
     "Nicaragua expelled two US government officials on June 15 for not obtaining the proper "
     "documentation to carry out functions which were described by Nicaragua as “tasks of security and"
     " certification for Customs and transfer of merchandise” to the United States as part of the "
     "fight against terrorism."),
    # https://prensalibre-com-develop.go-vip.co/guatemala/comunitario/coronavirus-ciudadanos-estadounidenses-comienzan-a-retornar-a-su-pais-desde-guatemala
    ("travellers flown home",
     "Coronavirus: ciudadanos estadounidenses comienzan a retornar a su país desde Guatemala",
     "Explicó que este lunes 23 de marzo salió el primer vuelo con 240 ciudadanos estadounidenses y "
     "para este martes y miércoles saldrán otros dos vuelos, cada uno con la misma cantidad de "
     "pasajeros. Argueta agregó que también este lunes saldrá un vuelo con 160 ciudadanos canadienses "
     "para repatriarlos a su país y el martes saldrá otro vuelo similar."),
    # https://infomedioni.com/autoridades-nicaraguenses-niegan-el-ingreso-a-costarricense-por-publicaciones-en-redes-sociales
    ("a Costa Rican refused entry by Nicaragua",
     "Autoridades nicaragüenses niegan el ingreso a costarricense por publicaciones en redes sociales",
     "Un costarricense, habitante de Sarapiquí, Heredia, denunció haber sido rechazado por las "
     "autoridades migratorias de Nicaragua el pasado 15 de enero, tras ser cuestionado por "
     "publicaciones realizadas en sus redes sociales en el año 2018."),
    # https://eu.lcsun-news.com/picture-gallery/news/local/new-mexico/2022/07/28/indigenous-items-returned-mexico/10172352002/
    ("artifacts returned",
     "Indigenous items returned to Mexico",
     "This 2022 photo provided by the Albuquerque Museum Foundation shows an Olmec greenstone figure "
     "indigenous to Mexico in Albuquerque, N.M. It's among a dozen sculptures that the Albuquerque "
     "Museum Foundation is returning to Mexico in a ceremony Wednesday, July 27, 2022."),
    # an eighth blind set's false-alert kinds
    # https://fold6.site./espanol/california/articulo/2020-05-07/habilitan-ocho-vuelos-para-repatriar-a-los-hondurenos-varados-en-diferentes-ciudades-de-ee-uu
    ("own people stranded abroad flown home",
     "Habilitan ocho vuelos para repatriar a los hondureños varados en diferentes ciudades de EE.UU.",
     "Los Ángeles — El gobierno de Honduras autorizó el ingreso de ocho vuelos procedentes de Estados "
     "Unidos, con el fin de repatriar a sus connacionales que no han podido retornar desde que fueron "
     "cerradas las fronteras, debido a la emergencia por el coronavirus que ha tenido un impacto "
     "global."),
    # https://www.elperiodico.com/es/internacional/20200728/repatriados-276-hondurenos-espana-8056246
    ("own people stranded abroad flown home",
     "Regresan a su país 276 hondureños en vuelo humanitario desde España",
     "Un avión de Air Europa trasladó al aeropuerto internacional de San Pedro Sula a estas personas "
     "que quedaron varadas por el coronavirus. Un total de 276 hondureños retornaron este lunes a su "
     "país desde España, en el segundo vuelo humanitario organizado por el Gobierno de Honduras por la"
     " pandemia del nuevo coronavirus SARS-CoV-2, informaron fuentes oficiales."),
    # https://evtv.online/destacados/mision-de-derechos-humanos-en-nicaragua-fue-expulsada-por-daniel-ortega
    ("a UN mission expelled",
     "Misión de Derechos Humanos en Nicaragua fue expulsada por Daniel Ortega",
     "La misión de Derechos Humanos de las Naciones Unidas, que estaban en Nicaragua fueron expulsadas"
     " por Daniel Ortega, jefe del régimen de Nicaragua,porque el organismo denunció un “alto grado de"
     " represión” en las protestas contra el gobierno nicaragüense."),
    # a ninth blind set's false-alert kinds
    # https://futbolcentroamerica.com/costarica/los-aficionados-de-saprissa-explotaron-contra-kevin-chamorro-tras-su-expulsion-vs-alajuelense
    ("a player sent off, the clubs named",
     "Los aficionados de Saprissa explotaron contra Kevin Chamorro tras su expulsión vs Alajuelense",
     "Deportivo Saprissa y la Liga Deportiva Alajuelense están disputando el juego de ida de la Gran "
     "Final de Costa Rica, en el que por el momento está empatado a cero goles, pero el compromiso se "
     "ha visto marcado por una acción que dejó con 10 hombres al Monstruo Morado."),
    # https://ovidiohoyos.com/el-vaticano-ve-grave-e-injustificada-la-expulsion-del-nuncio-en-nicaragua/
    ("the nuncio expelled",
     "El Vaticano ve «grave e injustificada» la expulsión del nuncio en Nicaragua",
     "El Vaticano atribuyó hoy al Gobierno de Nicaragua la expulsión del nuncio apostólico en ese "
     "país, monseñor Waldemar Stanislaw Sommertag, cuya labor defendió, y lo consideró una imposición "
     "«grave e injustificada»."),
    # https://www.romereports.com/2023/03/21/nicaragua-expulsa-al-encargado-de-negocios-de-la-nunciatura-en-managua/page/455/
    ("the nunciature charg\u00e9 expelled",
     "Nicaragua expulsa al encargado de negocios de la nunciatura en Managua",
     "Nicaragua ha expulsado a Marcel Diouf, el encargado de negocios de la Nunciatura en Managua. "
     "Antes de él, el régimen de Ortega ya había expulsado en 2022 al nuncio apostólico, Waldemar "
     "Stanisław Sommer."),
    # https://progresoweekly.us/first-deportation-flight-from-the-us-arrived-in-cuba-this-week-espanol
    ("Cuba's deportation flight, Mexico named in passing",
     "First deportation flight from the US arrived in Cuba this week (+Español)",
     "The US resumed deportation flights to Cuba for the first time since they were paused in 2020, as"
     " U.S. Immigration and Customs Enforcement (ICE) sent a plane with 123 Cuban nationals with final"
     " orders of removal to Cuba on Monday (April 24), Reuters reported. Cuba’s Ministry of the "
     "Interior (MININT) confirmed the flight on Twitter, adding that it consisted of 40 individuals "
     "intercepted at sea and 83 individuals detained at the U.S.-Mexico border."),
    # https://airguide.info/?p=372238
    ("a French stem inside an English word (\"banner\")",
     "Mexico Anticipates Record-Breaking 9.3 Million Cruise Passengers in 2024",
     "Mexico is gearing up for a banner year in cruise tourism, with over 9.3 million passengers "
     "expected to grace its shores across both the Caribbean and Pacific coasts. This forecast not "
     "only sets a new record but also signifies Mexico’s burgeoning appeal as a premier cruise "
     "destination."),
    # https://www.elnuevodiario.com.ni/nacionales/450096-esperan-ingreso-mas-80-mil-nicas-penas-blancas/
    ("the year-end return home for the holidays",
     "Esperan ingreso de más de 80 mil nicas por Peñas Blancas",
     "Un incremento en el movimiento migratorio se espera a partir de esta semana en el puesto "
     "fronterizo de Peñas Blancas con la llegada de miles de nicaragüenses que retornarán de Costa "
     "Rica, para reunirse con sus familiares durante las festividades de Navidad y Fin de Año."),
    # https://vostv.com.ni/actualidad/24786-guatemala-recibira-este-viernes-los-cuerpos-de-mig
    ("the dead brought home",
     "Guatemala recibirá este viernes los cuerpos de migrantes muertos en Texas",
     "La Cancillería guatemalteca detalló este jueves que el primer cuerpo que será recibido será el "
     "de un niño de 13 años que falleció en la tragedia. Guatemala empezará este viernes a recibir los"
     " cuerpos de los 22 connacionales fallecidos el pasado 27 de junio en Texas, Estados Unidos, "
     "quienes perdieron la vida asfixiados en un camión cuando intentaban llegar a Estados Unidos en "
     "busca de mejores condiciones de vida."),
    # https://longislandreport.org/news/suffolk-county-gang-unit-vows-to-fight-ms-13/25672
    ("US local news about MS-13",
     "Suffolk County Gang Unit Vows to Fight MS-13",
     "President Donald Trump called them “animals.” Attorney General Jeff Sessions said “They must be "
     "stopped.” As details of gruesome murders continue to ring through Long Island, and law "
     "enforcement continues to crack down, the El Salvadoran group known as MS-13 continues to grow in"
     " national notoriety."),
    # blind sets M and N (seventh round): the false alerts' kinds
    # https://radiopaishn.com/biden-plantea-enviar-agentes-migratorios-a-panama-para-frenar-el-transito-hacia-ee-uu
    ("'the Central American country' is the other country (Panama)",
     "Biden plantea enviar agentes migratorios a Panamá para frenar el tránsito hacia EE. UU.",
     "El Gobierno de Joe Biden planea enviar agentes de inmigración a Panamá para ayudar a las "
     "autoridades locales a entrevistar y deportar migrantes que atraviesan el país centroamericano "
     "rumbo a la frontera sur de Estados Unidos, confirmó un alto funcionario estadounidense."),
    # https://diariopopularmg.com.br/mais-um-voo-da-humilhacao-com-deportados-dos-eua-chega-a-confins-governo-lava-as-maos
    ("another country's deportees, Mexico only as the US's border",
     "Mais um voo da humilhação com deportados dos EUA chega a Confins; governo lava as mãos",
     "Cabisbaixos e tentando esconder o rosto como se fossem criminosos, muitos chorando e, "
     "principalmente, se sentindo humilhados, mais de uma centena de imigrantes deportados depois de "
     "frustrada tentativa de entrar clandestinamente nos EUA, desembarcou em Confins. O avião pousou "
     "as 23h40 de sexta-feira no aeroporto de Confins, a 37 km de Belo Horizonte. A maioria dos "
     "deportados veio do estado do Texas, na fronteira com o México."),
    # http://worldglobal.news/2018/01/10/u-s-travelers-should-not-visit-mexicos-crime-ridden-states-a-new-travel-advisory-system-warns/
    ("the US's travel advisory for its own travellers",
     "U.S. Travelers Should Not Visit Mexico's Crime-Ridden States, a New Travel Advisory System Warns",
     "The State Department is asking U.S. tourists to be careful when visiting the southern "
     "neighbor, but five Mexican states have received the highest warning under an overhauled travel "
     "advisory system."),
    # https://www.costarica-tv.de/costa-rica-bekommt-2022-biometrischen-pass-244.html
    ("a passport issued (German)",
     "Costa Rica bekommt 2022 biometrischen Pass",
     "Wie die Regierung in dieser Woche mitteilte, wird ein neuer Reisepass für Costa Rica "
     "eingeführt. Es handelt sich dabei um einen biometrischen Pass. Damit bestätigt man auch den "
     "Weg zur weiteren Digitalisierung im Land."),
    # http://www.spiegel.de/politik/ausland/us-praesident-donald-trump-will-15-000-soldaten-an-mexikanische-grenze-schicken-a-1236175.html
    ("the US's own troops at its border (German)",
     "Wahlkampf an US-Grenze: Trump will 15.000 Soldaten an mexikanische Grenze schicken",
     "US-Präsident Trump nutzt den Flüchtlingskonvoi aus Mittelamerika, um Wahlkampf zu machen. An "
     "die Südgrenze der USA will er doppelt so viele Soldaten senden wie vom Pentagon zuletzt "
     "angegeben."),
    # https://www.stern.de/video-us-militaer-stationiert-ueber-5200-soldaten-an-grenze-zu-mexiko-8424096.html?utm_campaign=alle&utm_medium=rss-feed&utm_source=standard
    ("the US's own troops at its border (German)",
     "US-Militär stationiert über 5200 Soldaten an Grenze zu Mexiko",
     "Das US-Militär stationiert mehr als 5200 teils bewaffnete Soldaten an der Grenze zu Mexiko. "
     "Sie sollen Präsident Donald Trump im Bemühen unterstützen, die Grenze angesichts der näher "
     "kommenden Flüchtlinge aus Mittelamerika zu sichern."),
    # https://walliq.com/at-least-22-dead-found-in-truck-in-san-antonio-texas-were-from-guatemala/
    ("the dead identified by fingerprints",
     "At least 22 dead found in truck in San Antonio, Texas, were from Guatemala",
     "(CNN Spanish) — At least 22 people who lost their lives and were found in a truck in San "
     "Antonio, Texas, last week, came from Guatemala, the Guatemalan Foreign Ministry said in a "
     "statement on Tuesday. “To confirm the recognition of deceased nationals, the process includes "
     "matching by means of fingerprints, and in the case of minors, the identification is made by "
     "relatives through photographs,” the statement said."),
    # migrants and caravans arriving at the US border: not a US official arriving in a neighbour
    # http://www1.cbn.com/cbnnews/national-security/2018/november/caravan-reaches-border-as-hundreds-begin-effort-to-enter-us-troops-and-border-agents-prepared-to-block-illegals
    ("caravans arriving at the US border", "Caravan Reaches Border as Hundreds Begin Effort to Enter US",
     "More than 1,500 migrants have arrived at the US-Mexico border after a nearly month-long trek through "
     "Central America. Mexican authorities said a group of 357 Central Americans traveling in the caravan "
     "arrived in Tijuana Tuesday, and several groups with hundreds of additional people arrived Wednesday-Friday."),
    # https://www.crosswalk.com/headlines/contributors/guest-commentary/350-migrants-from-the-central-america-caravan-arrive-at-the-us-border.html
    ("caravans arriving at the US border", "350 Migrants from the Central America Caravan Arrive at the US Border",
     "A caravan of nine buses carrying migrants arrived at the southern border this week. About 350 migrants "
     "are the first group to reach the U.S. border after weeks of travel through Central America and Mexico."),
    # https://www.wishtv.com/news/video-splintered-migrant-caravan-groups-arrive-at-us-border/
    ("caravans arriving at the US border", "VIDEO: Splintered migrant caravan groups arrive at US border",
     "ESCUINAPA, Mexico (AP) – A caravan of thousands of Central American migrants is speeding its journey to "
     "the U.S. border, breaking up into smaller groups as buses and trucks carry some hundreds of miles in a "
     "day, while others behind remain stranded."),
    # https://valleycentral.com/news/mexico/border-patrol-on-high-alert-after-recent-migrant-caravan-arrives
    ("caravans arriving at the US border", "Border patrol on high alert after recent migrant caravan arrives",
     "The most recent caravan has made its way to the Texas border. While they're seeking asylum from "
     "Central America, they're actually getting help from one group here in San Antonio. (SBG San Antonio)"),
]


@pytest.mark.parametrize("kind, rule, title, summary", CAUGHT, ids=[f"{c[0]}: {c[2][:40]}" for c in CAUGHT])
def test_each_gap_kind_is_caught(watchlist, kind, rule, title, summary):
    assert rule in fired(watchlist, title, summary), kind


@pytest.mark.parametrize("kind, title, summary", LEFT_ALONE, ids=[f"{c[0]}: {c[1][:40]}" for c in LEFT_ALONE])
def test_look_alikes_do_not_alert(watchlist, kind, title, summary):
    assert fired(watchlist, title, summary) == set(), kind


# A deportation of gang members is a deportation, not an extradition: one alert under the right
# rule (a desk that mutes one of them must not get it under the other).
# https://codigotv.net/internacionales/estados-unidos-deporta-a-el-salvador-a-17-presuntos-pandilleros-de-alto-perfil
DEPORTED_GANG_MEMBERS = "Estados Unidos deporta a El Salvador a 17 presuntos pandilleros de alto perfil"


def test_a_deportation_of_wanted_people_is_not_also_an_extradition(watchlist):
    assert fired(watchlist, DEPORTED_GANG_MEMBERS) == {"deportation"}
