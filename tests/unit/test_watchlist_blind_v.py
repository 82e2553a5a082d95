"""Blind set V (issue 11): 149 items, mostly English (72%) with Spanish, French, Italian, German and
Portuguese, scored once with main at 2228cc4 before any change for them (recall 0.782, 68/87; precision
0.958, 68/71). Its miss kinds: ICE's own releases about a neighbour's fugitives, removed ('ICE removes
Guatemalan fugitive wanted for robbery', 'removed ... to Mexico'), repatriated or turned over to the home
country, or arrested as foreign fugitives wanted at home (12 of 19 misses; one named New Mexico too);
French 'déportés', whose folded form is Spanish 'deportes' (sports); CBP One by what it is (an app or
online system to seek asylum in the US, from Mexico). Its false-alert kinds: the US's 'Do Not Travel'
advisory for its own travellers, and migrants sending billions home for fear of deportation."""

from __future__ import annotations

import pytest
from conftest import fired

# (kind, rule, title, summary): set V's misses and probes found by search, caught now
CAUGHT = [
    # https://thefederalnewswire.com/stories/671609176-ice-removes-guatemalan-fugitives-wanted-for-felonies (set V line 17)
    ("ICE removing a neighbour's fugitive ('removes', 'removed ... to')", "deportation",
     "ICE removes Guatemalan fugitives wanted for felonies",
     "U.S. Immigration and Customs Enforcement (ICE) in Buffalo has removed two Guatemalan fugitives who "
     "were illegally present in the United States and wanted for felony offenses in their home country. "
     "The removal took place on May 12."),
    # https://www.ice.gov/news/releases/ice-removes-murder-suspect-mexico (set V line 20)
    ("ICE removing a neighbour's fugitive ('removes', 'removed ... to')", "deportation",
     "ICE removes murder suspect to Mexico",
     "RICHMOND, Va. – A Mexican national wanted on homicide charges in his home country was removed from "
     "the U.S. Tuesday by officers with U.S. Immigration and Customs Enforcement’s (ICE) Enforcement and "
     "Removal Operations (ERO)."),
    # https://www.fox26houston.com/news/iguala-mexico-mass-kidnapping-suspect-deported-houston (set V line 44)
    ("ICE removing a neighbour's fugitive ('removes', 'removed ... to')", "deportation",
     "ICE: Man accused of infamous mass kidnapping removed from Houston area to Mexico",
     "HOUSTON - A man has been removed from Houston to Mexico for his alleged role in a mass kidnapping at "
     "a college over a decade ago, according to U.S. Immigration and Customs Enforcement (ICE)."),
    # https://thefederalnewswire.com/stories/629354123-seals-ice-works-to-apprehend-and-remove-foreign-fugitives (set V line 14)
    ("ICE removing a neighbour's fugitive ('removes', 'removed ... to')", "deportation",
     "Seals: ICE works to apprehend and remove foreign fugitives",
     "U.S. Immigration and Customs Enforcement's Enforcement and Removal Operations removed a wanted "
     "Guatemalan man unlawfully residing in the United States. Carlos Horacio Suarez Monroy, 39, was "
     "reportedly wanted by Guatemalan law enforcement for aggravated sexual assault, according to a July "
     "20 news release. He was turned over to the Guatemalan National Police."),
    # https://www.visaverge.com/news/ice-philadelphia-removes-honduran-fugitive-wanted-for-femicide-and-attempted-homicide
    ("ICE removing a neighbour's fugitive ('removes', 'removed ... to')", "deportation",
     "ICE Philadelphia removes Honduran fugitive wanted for femicide and attempted homicide",
     "A Honduran national wanted for femicide and attempted homicide was removed from the United States 🇺🇸 "
     "by ICE Philadelphia on July 29, 2025."),
    # https://www.ice.gov/news/releases/ice-removes-honduran-national-wanted-murder-his-home-country
    ("ICE removing a neighbour's fugitive ('removes', 'removed ... to')", "deportation",
     "ICE removes Honduran national wanted for murder in his home country",
     "PHILADELPHIA — Immigration and Customs Enforcement (ICE) Enforcement and Removal Operations (ERO) "
     "removed a Honduran national Dec. 6, wanted by Honduran law enforcement for homicide."),
    # (set V line 21)
    # https://www.newsbreak.com/news/2403081545403/border-patrol-repatriates-unauthorized-migrant-wanted-in-mexico-murder
    ("handed to the home country ('repatriates', 'turned over to Mexico'), New Mexico named too", "deportation",
     "Border Patrol repatriates unauthorized migrant wanted in Mexico murder",
     "EL PASO, Texas (Border Report) – The U.S. Border Patrol has turned over to Mexico a murder suspect "
     "who recently entered the United States without authorization. Border Patrol agents arrested the man "
     "near the border at Santa Teresa, New Mexico."),
    # https://www.ice.gov/news/releases/ero-arrests-honduran-foreign-fugitive (set V line 8)
    ("ICE arresting a neighbour's fugitive wanted at home ('foreign fugitive', 'wanted in <country>')", "deportation",
     "ERO arrests Honduran foreign fugitive",
     "NEW ORLEANS - ERO New Orleans arrested a Honduran foreign fugitive wanted for murder in his home "
     "country, in Bossier City, Louisiana, on Feb. 27. At an unknown date and location, the Honduran "
     "citizen entered the United States without inspection, admission or parole by an immigration "
     "official."),
    # (set V line 11)
    # https://governmentagencynews.com/ero-detroit-arrests-unlawfully-present-honduran-citizen-facing-proposed-murder-charges-in-his-home-country/
    ("ICE arresting a neighbour's fugitive wanted at home ('foreign fugitive', 'wanted in <country>')", "deportation",
     "ERO Detroit arrests unlawfully present Honduran citizen facing proposed murder charges in his home "
     "country",
     "DETROIT — Enforcement and Removal Operations (ERO) Detroit arrested an unlawfully present citizen of "
     "Honduras in Adrian, Michigan, on July 11 who is wanted in his home country for proposal to commit "
     "murder."),
    # https://www.theforgegastown.ca/2024/10/02/lido-pnto/JEB273680MI24OD10.html
    ("ICE arresting a neighbour's fugitive wanted at home ('foreign fugitive', 'wanted in <country>')", "deportation",
     "ICE arrests illegal Salvadoran migrant wanted for human trafficking: ‘disturbing’",
     "Immigration and Customs Enforcement (ICE) officials announced Monday the arrest of an illegal "
     "Salvadoran migrant wanted for crimes against humanity and human trafficking in his home country."),
    # https://thefederalnewswire.com/stories/641893912-lyons-ero-boston-will-continue-to-arrest-and-remove-individuals-who-pose-a-threat-to-our-communities
    ("ICE arresting a neighbour's fugitive wanted at home ('foreign fugitive', 'wanted in <country>')", "deportation",
     "Lyons: ERO Boston will continue to arrest and remove individuals who pose a threat to our "
     "communities",
     "A Salvadoran national wanted by law enforcement authorities in El Salvador was arrested in "
     "Massachusetts last month, U.S. Immigrations and Customs Enforcement (ICE) reported at the time."),
    # https://totalnews.com/multiple-illegal-immigrants-wanted-for-murder-arrested-in-2-week-span-in-houston
    ("ICE arresting a neighbour's fugitive wanted at home ('foreign fugitive', 'wanted in <country>')", "deportation",
     "Multiple illegal immigrants wanted for murder arrested in 2-week span in Houston",
     "In just two weeks, fugitive investigators from the Federal Enforcement and Deportation Bureau in "
     "Houston and ERO’s Waco office have successfully arrested five illegal immigrants currently wanted on "
     "murder or manslaughter charges in the United States or overseas. According to a press release from "
     "U.S. Immigration and Customs Enforcement (ICE), agents were able to arrest three individuals: a "
     "Honduran national wanted in Mexico for “multiple murders,” a Honduran national wanted for murder in "
     "Charlotte, North Carolina, and a Mexican national wanted for murder in Mexico."),
    # (set V line 70)
    # https://noticias.ar-follow.com/nouvelles/2025/02/04/rubio-dit-que-el-salvador-abritera-des-deportes-de-nous-y-compris-les-americains-npr/
    ("French 'déportés' (folded: Spanish 'deportes')", "deportation",
     "Rubio dit que El Salvador abritera des déportés de nous, y compris les Américains - NPR",
     "SAN SALVADOR, EL Salvador – Le secrétaire d’État américain Marco Rubio a déclaré lundi tard lundi "
     "que le président d’El Salvador avait proposé d’accepter les déportés des États-Unis de toute "
     "nationalité, y compris des criminels américains violents maintenant emprisonnés aux États-Unis."),
    # (set V line 133)
    # https://listeningexpress.com/englishreading/voacorr/2023/01/voacorr-2023-01-28-Online-System-to-Seek-Asylum-in-US-Quickly-Overwhelmed.html
    ("CBP One by what it is: an app or online system for asylum in the US", "us-neighbour-cooperation",
     "Online System to Seek Asylum in US Quickly Overwhelmed",
     "TIJUANA, MEXICO —Hours before sunrise, migrants at one of Mexico's largest shelters wake up and go "
     "online, hoping to secure an appointment to seek asylum in the U.S. The daily ritual resembles a race "
     "for concert tickets when online sales begin for a major act, as about 100 people glide their thumbs "
     "over phone screens."),
    # https://hardstackstreetmag.com/first-immigrant-crosses-from-mexico-to-us-using-mobile-app-2 (set V line 134)
    ("CBP One by what it is: an app or online system for asylum in the US", "us-neighbour-cooperation",
     "First Immigrant Crosses From Mexico to US Using Mobile App",
     "Migrants at the northern border of Mexico on Wednesday began entering the United States using a "
     "mobile app designed to ease the asylum application process, but have had problems using the system."),
]


@pytest.mark.parametrize("kind, rule, title, summary", CAUGHT, ids=[f"{c[0][:30]}: {c[2][:40]}" for c in CAUGHT])
def test_set_v_miss_kinds_alert(watchlist, kind, rule, title, summary):
    assert rule in fired(watchlist, title, summary), kind


# (kind, title, summary): near-misses of the same words, quiet
LEFT_ALONE = [
    # https://splinternews.com/u-s-government-issues-do-not-travel-notice-for-5-mex-1822008138 (set V line 112)
    ("the US's 'Do Not Travel' advisory for its own travellers",
     "U.S. Government Issues \"Do Not Travel\" Notice for 5 Mexican States",
     "A curt travel advisory issued Thursday by the U.S. State Department told Americans not to visit five "
     "states in Mexico, all coastal areas the U.S. said has seen an uptick in violent gang-related drug "
     "crimes. Those states are Sinaloa, Tamaulipas, Michoacán, Guerrero, and Colima."),
    # https://www.offthepress.com/do-not-travel-alert-for-mexico-over-crime-kidnapping/
    ("the US's 'Do Not Travel' advisory for its own travellers",
     "‘Do Not Travel’ Alert For MEXICO Over Crime, Kidnapping",
     "Just as Americans begin to pack their bags and catch flights to hit the beaches and bars for spring "
     "break, the US government is cautioning all those headed to Mexico to stay out of six dangerous "
     "states."),
    # https://cbsnews.com/amp/losangeles/news/5-mexican-states-travel-warning
    ("the US's 'Do Not Travel' advisory for its own travellers",
     "5 Mexican States Get US 'Do Not Travel' Warning",
     "MEXICO CITY (AP) — Five states in Mexico have gotten the sternest \"do not travel\" advisories under a "
     "revamped U.S. State Department system unveiled Wednesday."),
    # http://gossiphangout.com/2018/01/12/state-department-puts-5-mexican-states-on-do-not-travel-list.html
    ("the US's 'Do Not Travel' advisory for its own travellers",
     "State Department puts 5 Mexican states on 'Do Not Travel' list",
     "But five Mexican states - Sinaloa, Guerrero, Michoacan, Colima and Tamaulipas - were given the "
     "highest rating of \"do not travel\", the same designation applied to near-failed states plagued by "
     "terrorism and open warfare."),
    # https://aggregator.oikosix.com/2025/09/08/migrants-send-billions-to-latin-america-amid-deportation-fears (set V line 115)
    ("migrants sending money home (billions) for fear of deportation",
     "Migrants Send Billions to Latin America Amid Deportation Fears",
     "The surge in money transfers to Guatemala, Honduras, and other Latin American countries has reached "
     "billions of dollars in recent months, with undocumented migrants in the United States sending funds "
     "to relatives as they navigate the growing risks of deportation and new restrictions on remittance "
     "transactions."),
    # http://christianityhouse.com/2025/01/27/mass-deportations-threaten-the-lifeline-of-money-migrants-send-back-home/
    ("migrants sending money home (billions) for fear of deportation",
     "Mass deportations threaten the lifeline of money migrants send back home",
     "The telltale signs of a community built with money earned abroad are unmistakable in this mountain "
     "hamlet."),
    # https://pedirayudas.com/en/fear-of-deportation-changing-migrants
    ("migrants sending money home (billions) for fear of deportation",
     "Confirmed—fear of deportation is changing how Central American migrants send remittances from the "
     "United States",
     "The mass deportations (primarily carried out by ICE) under Donald Trump are having consequences in "
     "various areas, one of which is remittances sent by migrants. Money transfers to Guatemala, Honduras, "
     "and other countries have increased in recent months, reaching billions of dollars."),
    # https://bnnbreaking.com/breaking-news/crime/ice-arrests-convicted-child-sex-abuse-offender-in-bridgeport-ct
    ("ICE arresting a neighbour's national for a crime in the US, no fugitive or removal",
     "ICE arrests convicted child sex abuse offender in Bridgeport, CT",
     "On January 26th, a 26-year-old Salvadoran national was apprehended in Bridgeport, Connecticut by the "
     "U.S. Immigration and Customs Enforcement's Enforcement and Removal Operations (ERO) in Boston. The "
     "individual, previously convicted for possessing child sexual abuse material in 2020, was unlawfully "
     "present in the United States."),
    # https://www.foxnews.com/us/honduran-man-active-warrant-murder-arrested-private-ranch-texas
    ("a neighbour's fugitive arrested by a state police, no US immigration agency",
     "Honduran man with active warrant for murder arrested on private ranch in Texas",
     "A Honduran man who was arrested for alleged criminal trespassing on a private ranch in Texas over "
     "the weekend has an active warrant for murder in his home country, the Texas Department of Public "
     "Safety said."),
    # https://idomavoice.com/trump-administration-launches-self-deportation-app-for-undocumented-migrants
    ("the CBP Home app for leaving the US, no neighbour",
     "Trump administration launches ‘Self-Deportation’ app for undocumented migrants",
     "The Trump administration has repurposed a mobile application—originally designed to facilitate "
     "asylum appointments—into a tool for undocumented migrants in the U.S. to “self-deport.”"),
    # https://pastebn.online/story/news/immigration/2025/04/11/cbp-home-key-details-on-app-encouraging-migrants-to-self-deport/82757731007
    ("the CBP Home app for leaving the US, no neighbour",
     "What to know about the CBP Home app encouraging migrants to self-deport",
     "The Trump administration has retooled a Biden-era application that allowed migrants to access the "
     "asylum system into a device for self deportation."),
    # (the set's line 3578)
    # https://www.biometricupdate.com/202306/mexico-said-to-be-near-an-app-designed-to-ease-growing-asylum-crisis
    ("Mexico's own asylum app (COMAR), compared with the US's",
     "Mexico said to be near an app designed to ease growing asylum crisis",
     "Mexico reportedly has developed an app intended to lessen the chaos, dangers and wait times faced by "
     "asylum seekers at its border. The United States Department of Homeland Security launched similar, "
     "allegedly wobbly, mobile software for asylum seekers 18 months ago."),
]


@pytest.mark.parametrize("kind, title, summary", LEFT_ALONE, ids=[f"{c[0][:30]}: {c[1][:40]}" for c in LEFT_ALONE])
def test_set_v_near_miss_kinds_stay_quiet(watchlist, kind, title, summary):
    assert fired(watchlist, title, summary) == set(), kind
