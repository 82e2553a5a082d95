"""Blind set W (issue 11): 147 items (Spanish 66%, English 16%, German, French, Portuguese, Italian),
scored once with main at 758b118 before any change for them (recall 0.935 (86/92), precision 0.966
(86/89)). Its miss kinds: tariffs in French (and the same in Italian, German, Portuguese: 'droits de
douane', 'dazi', 'Zölle') pausing the US-troops guard for a neighbour's deployment; the end of TPS named
by what it leaves ('desprotegidos'); records exchanged named as an exchange ('will exchange biographic
information'); Nicaragua's ban on return whose lede names the one barred a Nicaraguan national further
on. Its false-alert kinds: the US's own troops in French (and Italian, Portuguese, German: 'le
Pentagone', 'soldats américains', 'frontière mexicaine'); an airline's check-in and boarding by face at
a neighbour's airport (AIFA) with no migration or border word; Nicaragua keeping out or sending back
foreign journalists and content creators (the guide's foreigners-refused-entry). After: 0.978 (90/92) /
1.000 (90/90)."""

from __future__ import annotations

import pytest
from conftest import fired

# (kind, rule, title, summary): set W's misses and probes found by search, caught now
CAUGHT = [
    # https://mail.linformation.ma/news/monde/mexico-deploie-des-troupes-a-la-frontiere-americaine-apres-la-suspension-des-droits-de-douane/55220
    ("set W line 40: French tariffs ('droits de douane') pause the US-troops guard", 'us-neighbour-cooperation',
     'Mexico déploie des troupes à la frontière américaine après la suspension des droits de douane',
     'Le Mexique a commencé mardi à déployer 10.000 agents de la Garde nationale à la frontière avec les États-Unis, '
     'comme promis la veille en échange d’une suspension de la menace américaine d’imposer des droits de douane de '
     '25% sur les produits mexicains, a annoncé sa présidente Claudia Sheinbaum.'),
    # https://directinfo.webmanagercenter.com/2025/02/04/le-mexique-renforce-sa-frontiere-avec-10-000-soldats/
    ("French tariffs, 'tarifs douaniers'", 'us-neighbour-cooperation',
     'Le Mexique renforce sa frontière avec 10 000 soldats',
     'La Mexique a déployé ce mardi 10 000 soldats à sa frontière avec les États-Unis, en réponse à la promesse '
     'faite la veille par le gouvernement mexicain afin d’éviter la mise en place de tarifs douaniers de 25 % sur '
     'les produits mexicains, menacés par le président américain Donald Trump.'),
    # (title from the URL slug)
    # https://gnews.one/le-mexique-commence-le-deploiement-de-10-000-soldats-a-la-frontiere-avec-les-etats-unis-237251.html
    ("French 'droits de douane' in the lede", 'us-neighbour-cooperation',
     'Le Mexique commence le déploiement de 10 000 soldats à la frontière avec les États-Unis',
     'Alors que le président Donald Trump a annoncé le 3 février une "pause" sur les droits de douane au Mexique, 24 '
     'heures après avoir signé le décret augmentant les taxes, le Mexique a déclaré ce mardi 4 février déployer une '
     'dizaine de milliers de soldats aux abords de la frontière avec les Etats-Unis.'),
    # (title from the URL slug)
    # https://ladiscussione.com/350825/esteri/il-messico-schiera-i-primi-10-000-soldati-della-guardia-nazionale-al-confine-con-gli-usa-dopo-la-minaccia-tariffaria-di-trump
    ("Italian tariffs ('minacce tariffarie': tariff*), a regression probe", 'us-neighbour-cooperation',
     'Il Messico schiera i primi 10.000 soldati della Guardia Nazionale al confine con gli USA dopo la minaccia '
     'tariffaria di Trump',
     'Una colonna di camion della Guardia Nazionale e dell’esercito messicano ha attraversato, mercoledì, il confine '
     'tra Ciudad Juárez ed El Paso, in Texas, segnando l’arrivo dei primi dei 10.000 soldati che il Messico ha '
     'deciso di inviare alla frontiera settentrionale in risposta alle minacce tariffarie del presidente USA Donald '
     'Trump.'),
    # (title from the URL slug)
    # https://www.quotidiano.net/video/messico-iniziato-rafforzamento-frontiere-a-confine-con-usa-lzwavyfn
    ("Italian 'dazi USA' in the lede", 'us-neighbour-cooperation',
     'Messico, iniziato rafforzamento frontiere a confine con Usa',
     'Ciudad Jarez, 4 feb. (askanews) - Migliaia di membri della Guardia Nazionale messicana stanno arrivando a '
     'Ciudad Juarez, al confine tra Messico e Stati Uniti. Si tratta della mobilitazione parte di una serie di '
     "accordi per ritardare l'inizio dei dazi USA di un mese."),
    # https://proceso.hn/lucha-por-el-tps-sigue-solo-que-ahora-estamos-desprotegidos-juan-flores/
    ("set W line 135: TPS's loss named by what it leaves ('desprotegidos')", 'deportation',
     'Lucha por el TPS sigue, solo que ahora estamos desprotegidos: Juan Flores',
     'Tegucigalpa – El presidente de la Fundación 15 de Septiembre, Juan Flores, señaló hoy que la lucha por el '
     'Estatus de Protección Temporal (TPS) continua, solo que se encuentran desprotegidos con la decisión de una '
     'Corte de California de mantener la cancelación a solicitud del Gobiernos de Estados Unidos.'),
    # https://proceso.hn/category/portada-2/page/6
    ("TPS's loss, 'quedan desprotegidos'", 'deportation',
     'TPS expira; Honduras ante un éxodo incierto',
     'Tanto Estados Unidos como Honduras marcan este 08 de septiembre un punto de inflexión en la política '
     'migratoria con la cancelación definitiva del Estatus de Protección Temporal (TPS, por sus siglas en inglés). '
     'Unos 55 mil hondureños quedan desprotegidos y con la orden de abandonar el territorio estadounidense a partir '
     'de esta fecha.'),
    # https://cbp.gov/newsroom/national-media-release/us-mexico-announce-pilot-enhance-border-security-san-ysidro-el
    ("set W line 138: records exchanged named as an exchange ('will exchange biographic information')", 'biometric-data-sharing',
     'U.S., Mexico Announce Pilot to Enhance Border Security at San Ysidro-El Chaparral',
     'US and Mexico will exchange biographic information on certain pedestrians to create entry and exit records'),
    # https://titularesdenoticias.com/ortega-prohibe-reingreso-a-corresponsal-de-la-agencia-efe/
    ('set W line 21: a ban on return, the one barred named a Nicaraguan national further on', 'deportation',
     'Ortega prohíbe reingreso a corresponsal de la agencia EFE',
     '“¡Hasta pronto mi Nicaragua! ¡Hasta pronto familia!… ¡Hasta pronto, valientes colegas nicaragüenses!” escribió '
     'el periodista en su perfil de Facebook. En los últimos años, el régimen sandinista ha vetado el ingreso de '
     'numerosos periodistas extranjeros que intentaban cubrir hechos en Nicaragua, pero esta es la primera vez que '
     'se impide el regreso de un corresponsal de un medio internacional acreditado en el país que además tiene '
     'nacionalidad nicaragüense.'),
    # https://infobae.com/america/agencias/2022/11/30/nicaragua-prohibe-reingreso-a-corresponsal-de-la-agencia-efe
    ("a ban on return, 'el periodista nicaragüense'", 'deportation',
     'Nicaragua prohíbe reingreso a corresponsal de la agencia EFE',
     'CIUDAD DE MÉXICO (AP) — El gobierno de Nicaragua prohibió el reingreso al país del representante de la agencia '
     'española de noticias EFE, el periodista nicaragüense Luis Felipe Palacios, después de que viajara a Panamá y '
     'Estados Unidos, informó el miércoles ese medio.'),
    # https://100noticias.com.ni/nacionales/136227-influencers-nicaraguenses-prohibieron-ingreso-2024/?view=amp
    ("a ban on return, 'influencers nicaragüenses'", 'deportation',
     'Los influencers nicaragüenses a quienes el régimen prohibió su ingreso al país en 2024',
     'Influencers nicaragüenses enfrentan el destierro: Sheynnis Palacios, primera Miss Universo de Nicaragua, el '
     'presentador Osman Flores y el youtuber Chico Reyes Rosas fueron prohibidos de ingresar a su país.'),
]


@pytest.mark.parametrize("kind, rule, title, summary", CAUGHT, ids=[f"{c[0]}: {c[2][:40]}" for c in CAUGHT])
def test_set_w_miss_kinds_alert(watchlist, kind, rule, title, summary):
    assert rule in fired(watchlist, title, summary), kind


# (kind, title, summary): set W's false alerts and near-misses of the same words found by search, quiet
LEFT_ALONE = [
    # http://www.linfo.re/archives-linfo-re/archives-2018/octobre/monde/amerique/immigration-plus-de-5000-soldats-americains-deployes-a-la-frontiere-mexicaine
    ("set W line 43: the US's own troops in French ('le Pentagone', 'frontière mexicaine')",
     'Immigration: plus de 5000 soldats américains déployés à la frontière mexicaine',
     'Afin d’empêcher l’entrée aux Etats-Unis d’un cortège de plusieurs milliers de migrants pour fuir la violence '
     'et la misère dans leur pays, le Pentagone a déployé plus de 5000 militaires américains à la frontière '
     'mexicaine.'),
    # (title from the URL slug)
    # https://fr.news-front.su/2018/10/25/pentagone-renforce-la-frontiere-des-etats-unis-avec-le-mexique
    ("the US's own troops in French, 'le Pentagone' and 'frontière avec le Mexique'",
     'Pentagone renforce la frontière des États-Unis avec le Mexique',
     'Le Pentagone doit déployer « plusieurs centaines » de militaires à la frontière avec le Mexique, a indiqué '
     'aujourd’hui à l’AFP un responsable américain alors que des milliers de migrants partis du Honduras marchent en '
     'direction des Etats-Unis.'),
    # (title from the URL slug)
    # https://www.linfo.re/monde/amerique/frontiere-avec-le-mexique-donald-trump-veut-deployer-jusqu-a-15-000-soldats
    ("the US's own troops in French, Trump's 15,000 soldiers",
     "Frontière avec le Mexique: Donald Trump veut déployer jusqu'à 15 000 soldats",
     'Le président des États-Unis a affirmé mercredi vouloir mettre jusqu’à 15 000 soldats à la frontière avec le '
     'Mexique. L’objectif est d’empêcher l’entrée d’une caravane de migrants centraméricains sur le territoire '
     'américain.'),
    # https://voaafrique.com/a/anticipant-un-afflux-de-migrants-le-pentagone-déploie-1-500-soldats-à-la-frontière-/7078528.html
    ("the US's own troops in French, 'le Pentagone déploie'",
     'Anticipant un afflux de migrants, le Pentagone déploie 1 500 soldats à la frontière',
     'Les Etats-Unis déploient 1.500 soldats supplémentaires à leur frontière avec le Mexique à quelques jours de '
     "l'expiration d'une mesure anti-Covid permettant d'expulser sans délai les migrants franchissant illégalement "
     'les frontières terrestres.'),
    # https://voaportugues.com/a/pentágono-envia-5-200-soldados-para-a-fronteira-com-o-méxico/4635112.html
    ("the US's own troops in Portuguese, 'Pentágono'",
     'Pentágono envia 5.200 soldados para a fronteira com o México',
     'O Pentágono anunciou estar a preparar o envio de 5.200 soldados para a fronteira com o México para ajudar a '
     'polícia de fronteira a lidar com a ameaça da caravana de migrantes hondurenhos que se dirige para os Estados '
     'Unidos.'),
    # (title from the URL slug)
    # https://www.gazzettadiparma.it/news/italia-mondo/506202/usa-guardia-nazionale-arriva-a-confine-con-messico.html
    ("the US's own troops in Italian, 'Usa, Guardia nazionale'",
     'Usa, Guardia nazionale arriva a confine con Messico',
     "(ANSA) - NEW YORK, 10 APR - La Guardia Nazionale e' arrivata nella zona al confine con il Messico. Si tratta "
     "dell'ultima misura di Trump per far fronte a quella che lui stesso ha definito la crisi dei migranti."),
    # (title from the URL slug)
    # http://www.tgcom24.mediaset.it/mondo/trump-invia-la-guardia-nazionale-al-confine-con-il-messico_3132282-201802a.shtml
    ("the US's own troops in Italian, 'Trump invia'",
     'Trump invia la Guardia nazionale al confine con il Messico',
     'Nel provvedimento Trump ordina al segretario della Difesa di supportare il dipartimento per la sicurezza '
     'nazionale nel garantire che al confine sud si metta fine al flusso illegale di droga e persone.'),
    # https://hipertextual.com/2022/03/aifa-mexico-santa-lucia-reconocimiento-facial
    ("set W line 140: an airline's check-in and boarding by face at AIFA ('documentación y abordaje')",
     'AIFA México, Santa Lucía: reconocimiento facial',
     'Tras la polémica cancelación del NAIM, el Gobierno de México inauguró el Aeropuerto Internacional Felipe '
     'Ángeles (AIFA), el eje de su estrategia para acabar con la saturación de vuelos en el Valle de México. Una de '
     'las características de la nueva terminal en Santa Lucía es el uso de reconocimiento facial y recolección de '
     'datos biométricos para facilitar la documentación y abordaje.'),
    # https://24-horas.mx/?p=1738551
    ("AIFA's boarding biometrics, 'salas de abordar' / 'el abordaje'",
     'Desconocen usuarios toma de datos biométricos en AIFA',
     'Aunque el registro de usuarios inició desde la inauguración del Aeropuerto Internacional Felipe Ángeles '
     '(AIFA), el 21 de marzo pasado, usuarios desconocen que previo a ingresar a salas de abordar les tomarán datos '
     'biométricos. Luego de que se cumpliera un mes de la inauguración del AIFA, ya se encuentra activo el protocolo '
     'de toma de datos biométricos para facilitar el abordaje, la misma operación que ya se emplea en otros '
     'aeropuertos del mundo.'),
    # (title from the URL slug)
    # https://cronicaspoliticas.mx/el-aifa-pedira-y-manejara-datos-biometricos-de-pasajeros/
    ("AIFA's boarding biometrics, face in the lede and biometrics in the headline",
     'El AIFA pedirá y manejará datos biométricos de pasajeros',
     'Escanearán el rostro de los usuarios del nuevo aeropuerto en la documentación, lo que servirá para las '
     'revisiones de seguridad y el abordaje'),
    # https://radioondapopular.com/nicaragua-cierra-sus-fronteras-a-influencers-y-periodistas-expulsiones-vigilancia-y-censura-intolerable
    ("set W line 20: Nicaragua closing its borders to foreign influencers and journalists ('expulsiones')",
     'Nicaragua cierra sus fronteras a influencers y periodistas: expulsiones, vigilancia y censura intolerable',
     'En Nicaragua, las autoridades migratorias han intensificado su control sobre los extranjeros que intentan '
     'ingresar al país, especialmente aquellos que producen contenido digital.'),
    # https://www.centroamerica360.com/politica/dictadura-ortega-murillo-impide-ingreso-a-nicaragua-a-otro-creador-de-contenido-internacional/?amp=1
    ("Nicaragua keeping out a foreign content creator ('internacional')",
     'Dictadura Ortega-Murillo impide ingreso a Nicaragua a otro creador de contenido internacional',
     'El régimen nicaragüense sigue cerrando puertas a comunicadores, periodistas, influencers y cualquier turista '
     'con cámara o drones'),
    # https://exiliados.net/regimen-niega-la-entrada-a-nicaragua-a-famoso-youtuber-espanol-me-retuvieron-mas-de-dos-horas-nicaragua-investiga
    ('Nicaragua keeping out a Spanish youtuber',
     'Régimen niega la entrada a Nicaragua a famoso youtuber español: «Me retuvieron más de dos horas»',
     'En un nuevo episodio de las restricciones migratorias selectivas impuestas por la dictadura de Daniel Ortega y '
     'Rosario Murillo, el emprendedor y youtuber español Sergio Rivera ha revelado públicamente cómo le fue negado '
     'el acceso a Nicaragua en la frontera con Honduras.'),
    # https://bitlysdowssl-aws.com/mundo/regimen-de-ortega-expulso-de-nicaragua-a-periodistas-del-diario-el-heraldo
    ("Nicaragua expelling a Honduran paper's reporters ('diario hondureño')",
     'Régimen de Ortega expulsó de Nicaragua a periodistas del diario El Heraldo',
     'El régimen de Daniel Ortega y Rosario Murillo expulsó a un equipo periodístico del diario hondureño El '
     'Heraldo, denunció este martes el rotativo.'),
    # https://www.infobae.com/america/america-latina/2025/09/13/non-gratos-la-dictadura-de-ortega-impide-el-ingreso-a-nicaragua-a-influencers-extranjeros/
    ("Nicaragua keeping out foreign influencers ('extranjeros')",
     '“Non gratos”: la dictadura de Ortega impide el ingreso a Nicaragua a influencers extranjeros',
     'Ocurre en los aeropuertos y pasos terrestres. Agentes migratorios preguntan si el viajero es “influencer” o '
     'periodista, rastrean sus canales y ahí mismo deciden si el extranjero entra o no a Nicaragua. Y si entra, será '
     'vigilado.'),
    # https://es.theepochtimes.com/no-son-bienvenidos-a-nicaragua-regimen-de-ortega-prohibe-entrada-a-prensa-extranjera-previo-a-elecciones_913828.html
    ("Nicaragua keeping out the foreign press ('prensa extranjera')",
     '«No son bienvenidos a Nicaragua»: Régimen de Ortega prohíbe entrada a prensa extranjera previo a elecciones',
     'Reporteros y fotoperiodistas de distintos periódicos internacionales tales como El Heraldo, Le Monde y The New '
     'York Times, denuncian que el régimen de Ortega ha prohibido recientemente la entrada al país a la prensa '
     'extranjera de cara a las elecciones que se celebrarán el 7 de noviembre.'),
]


@pytest.mark.parametrize("kind, title, summary", LEFT_ALONE, ids=[f"{c[0]}: {c[1][:40]}" for c in LEFT_ALONE])
def test_set_w_near_miss_kinds_stay_quiet(watchlist, kind, title, summary):
    assert fired(watchlist, title, summary) == set(), kind
