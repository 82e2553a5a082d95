"""Kinds a sixth blind set (issue 11) showed the watchlist missing, with real headlines: the
country named only by a mara, the body parts a biometric check reads instead of the word, a
fugitive handed over to the US's courts without the word extradition, and Nicaraguans left at
their own border by the regime; and a false-alert kind, the US's own troops at its border in
Spanish. Each is covered by a list and a branch, not by the headline."""

from __future__ import annotations

import pytest
from conftest import SHIPPED_RULES

from watcher.ruleset import Document, load_rules


@pytest.fixture(scope="module")
def ruleset():
    result = load_rules(SHIPPED_RULES)
    assert result.ok, [str(p) for p in result.problems]
    return result.ruleset


def fired(ruleset, title: str, summary: str = "") -> set[str]:
    return {m.rule_id for m in ruleset.match(Document(title, summary))}


CAUGHT = [
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
]

LEFT_ALONE = [
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
]


@pytest.mark.parametrize("kind, rule, title, summary", CAUGHT, ids=[f"{c[0]}: {c[2][:40]}" for c in CAUGHT])
def test_each_blind_kind_is_caught(ruleset, kind, rule, title, summary):
    assert rule in fired(ruleset, title, summary), kind


@pytest.mark.parametrize("kind, title, summary", LEFT_ALONE, ids=[f"{c[0]}: {c[1][:40]}" for c in LEFT_ALONE])
def test_their_look_alikes_do_not_alert(ruleset, kind, title, summary):
    assert fired(ruleset, title, summary) == set(), kind
