"""The programs a list entry is listed under, named as their publishers name them: a hits
record says "UKRAINE-EO13661: Executive Order 13661 (Ukraine-/Russia-related)", not the bare
tag. The UK, Canadian, Swiss and OpenSanctions files write names already; OFAC, the EU and
the UN write codes, named here.

Provenance: OFAC's tags from OFAC's page "Program Tag Definitions for OFAC Sanctions Lists"
and the notes of 31 CFR chapter V that give each program's identifier ("incorporated into the
SDN List with the identifier [IRAN-HR]"); the EU's programme codes from the regulations the
EU Financial Sanctions File cites for them; the UN's from the Security Council committees
named on its consolidated list. Transcribed by hand: a code missing here is shown as given.
"""

from __future__ import annotations

OFAC = {
    "561-Related": "Correspondent or payable-through accounts: 31 CFR part 561 (Iran)",
    "BALKANS": "Western Balkans Stabilization Regulations, 31 CFR part 588",
    "BELARUS": "Belarus Sanctions Regulations, 31 CFR part 548",
    "BURMA-EO14014": "Executive Order 14014 (Burma)",
    "BURUNDI": "Burundi Sanctions Regulations, 31 CFR part 554",
    "CAATSA - IRAN": "Countering America's Adversaries Through Sanctions Act of 2017 (Iran)",
    "CAATSA - RUSSIA": "Countering America's Adversaries Through Sanctions Act of 2017 (Russia)",
    "CAR": "Central African Republic Sanctions Regulations, 31 CFR part 553",
    "CMIC-EO13959": "Executive Order 13959 as amended (Chinese military-industrial complex)",
    "CUBA": "Cuban Assets Control Regulations, 31 CFR part 515",
    "CYBER2": "Executive Order 13694 as amended by 13757 (cyber-related)",
    "DARFUR": "Darfur Sanctions Regulations, 31 CFR part 546",
    "DPRK": "North Korea Sanctions Regulations, 31 CFR part 510",
    "DPRK2": "Executive Order 13687 (North Korea)",
    "DPRK3": "Executive Order 13722 (North Korea)",
    "DPRK4": "Executive Order 13810 (North Korea)",
    "DPRK-NKSPEA": "North Korea Sanctions and Policy Enhancement Act of 2016",
    "DRCONGO": "Democratic Republic of the Congo Sanctions Regulations, 31 CFR part 547",
    "ELECTION-EO13848": "Executive Order 13848 (foreign interference in a US election)",
    "FSE-IR": "Foreign Sanctions Evaders, Executive Order 13608 (Iran)",
    "FSE-SY": "Foreign Sanctions Evaders, Executive Order 13608 (Syria)",
    "FTO": "Foreign Terrorist Organizations Sanctions Regulations, 31 CFR part 597",
    "GLOMAG": "Global Magnitsky Sanctions Regulations, 31 CFR part 583",
    "HIFPAA": "Hizballah International Financing Prevention Amendments Act of 2018",
    "HK-EO13936": "Executive Order 13936 (Hong Kong normalization)",
    "HRIT-IR": "Executive Order 13606 (human rights abuses via information technology, Iran)",
    "HRIT-SY": "Executive Order 13606 (human rights abuses via information technology, Syria)",
    "IFCA": "Iran Freedom and Counter-Proliferation Act of 2012",
    "IFSR": "Iranian Financial Sanctions Regulations, 31 CFR part 561",
    "ILLICIT-DRUGS-EO14059": "Executive Order 14059 (illicit drug trade)",
    "IRAN": "Iranian Transactions and Sanctions Regulations, 31 CFR part 560",
    "IRAN-CON-ARMS-EO": "Executive Order 13949 (conventional arms, Iran)",
    "IRAN-EO13846": "Executive Order 13846 (Iran)",
    "IRAN-EO13871": "Executive Order 13871 (Iran's iron, steel, aluminum and copper sectors)",
    "IRAN-EO13876": "Executive Order 13876 (Supreme Leader of Iran and his office)",
    "IRAN-EO13902": "Executive Order 13902 (further sectors of Iran's economy)",
    "IRAN-HR": "Executive Order 13553 (human rights abuses by the Government of Iran)",
    "IRAN-TRA": "Executive Order 13628 (Iran Threat Reduction and Syria Human Rights Act)",
    "IRAQ2": "Executive Order 13315 (the former Iraqi regime)",
    "IRAQ3": "Executive Order 13438 (threats to stabilization efforts in Iraq)",
    "IRGC": "Iranian Financial Sanctions Regulations, 31 CFR part 561 (IRGC and affiliates)",
    "ISA": "Iran Sanctions Act of 1996",
    "LEBANON": "Executive Order 13441 (Lebanon)",
    "LIBYA2": "Executive Order 13566 (Libya)",
    "LIBYA3": "Executive Order 13726 (Libya)",
    "MAGNIT": "Sergei Magnitsky Rule of Law Accountability Act of 2012",
    "MALI-EO13882": "Executive Order 13882 (Mali)",
    "NICARAGUA": "Executive Order 13851 (Nicaragua)",
    "NICARAGUA-NHRAA": "Nicaragua Human Rights and Anticorruption Act of 2018",
    "NPWMD": "Weapons of Mass Destruction Proliferators Sanctions Regulations, 31 CFR part 544",
    "NS-PLC": "Non-SDN Palestinian Legislative Council List",
    "PEESA": "Protecting Europe's Energy Security Act of 2019",
    "RUSSIA-EO14024": "Executive Order 14024 (harmful foreign activities of the Government "
    "of the Russian Federation)",
    "SDGT": "Global Terrorism Sanctions Regulations, 31 CFR part 594",
    "SDNT": "Narcotics Trafficking Sanctions Regulations, 31 CFR part 536",
    "SDNTK": "Foreign Narcotics Kingpin Sanctions Regulations, 31 CFR part 598",
    "SOMALIA": "Somalia Sanctions Regulations, 31 CFR part 551",
    "SOUTH SUDAN": "South Sudan Sanctions Regulations, 31 CFR part 558",
    "SYRIA": "Syrian Sanctions Regulations, 31 CFR part 542",
    "SYRIA-CAESAR": "Caesar Syria Civilian Protection Act of 2019",
    "SYRIA-EO13894": "Executive Order 13894 (Syria)",
    "TCO": "Transnational Criminal Organizations Sanctions Regulations, 31 CFR part 590",
    "UKRAINE-EO13660": "Executive Order 13660 (Ukraine-/Russia-related)",
    "UKRAINE-EO13661": "Executive Order 13661 (Ukraine-/Russia-related)",
    "UKRAINE-EO13662": "Executive Order 13662 (Ukraine-/Russia-related, sectoral)",
    "UKRAINE-EO13685": "Executive Order 13685 (Crimea)",
    "VENEZUELA": "Venezuela Sanctions Regulations, 31 CFR part 591",
    "VENEZUELA-EO13850": "Executive Order 13850 (Venezuela)",
    "VENEZUELA-EO13884": "Executive Order 13884 (Government of Venezuela)",
    "YEMEN": "Yemen Sanctions Regulations, 31 CFR part 552",
    "ZIMBABWE": "Zimbabwe Sanctions Regulations, 31 CFR part 541",
}
EU = {
    "AFG": "Afghanistan (Taliban)",
    "BLR": "Belarus",
    "CAF": "Central African Republic",
    "COD": "Democratic Republic of the Congo",
    "CYB": "Cyber-attacks",
    "EGY": "Egypt (misappropriation of state funds)",
    "GIN": "Guinea",
    "GNB": "Guinea-Bissau",
    "HR": "Global human rights sanctions regime",
    "HTI": "Haiti",
    "IRN": "Iran (proliferation)",
    "IRQ": "Iraq",
    "LBN": "Lebanon",
    "LBY": "Libya",
    "MLI": "Mali",
    "MMR": "Myanmar (Burma)",
    "NIC": "Nicaragua",
    "PRK": "North Korea (DPRK)",
    "RUS": "Russia (destabilising actions)",
    "SDN": "Sudan (Darfur)",
    "SDNZ": "Sudan (destabilising activities, 2023 regime)",
    "SOM": "Somalia",
    "SSD": "South Sudan",
    "SYR": "Syria",
    "TAQA": "ISIL (Da'esh) and Al-Qaida",
    "TERR": "Terrorist groups (CP 931)",
    "TUN": "Tunisia (misappropriation of state funds)",
    "TUR": "Turkey (unauthorised drilling activities in the Eastern Mediterranean)",
    "UKR": "Ukraine (territorial integrity)",
    "VEN": "Venezuela",
    "YEM": "Yemen",
    "ZWE": "Zimbabwe",
}
UN = {
    "Al-Qaida": "ISIL (Da'esh) and Al-Qaida sanctions (resolutions 1267, 1989, 2253)",
    "CAR": "Central African Republic sanctions (resolution 2127)",
    "DPRK": "Democratic People's Republic of Korea sanctions (resolution 1718)",
    "DRC": "Democratic Republic of the Congo sanctions (resolution 1533)",
    "GB": "Guinea-Bissau sanctions (resolution 2048)",
    "Haiti": "Haiti sanctions (resolution 2653)",
    "Iran": "Iran sanctions (resolution 1737)",
    "Iraq": "Iraq sanctions (resolution 1518)",
    "Libya": "Libya sanctions (resolution 1970)",
    "Somalia": "Al-Shabaab sanctions (resolution 2713; before it, Somalia, resolution 751)",
    "SouthSudan": "South Sudan sanctions (resolution 2206)",
    "Sudan": "Sudan sanctions (resolution 1591)",
    "Taliban": "Taliban sanctions (resolution 1988)",
    "Yemen": "Yemen sanctions (resolution 2140)",
}
BY_SOURCE = {
    "ofac-sdn": OFAC,
    "ofac-cons": OFAC,
    "ofac-advanced": OFAC,
    "csl": OFAC,
    "eu-fsf": EU,
    "eu": EU,
    "un": UN,
}


def program_name(source: str, code: str) -> str | None:
    """What a program code of a source stands for; None when the code is its name already,
    or is one this table does not know."""
    return BY_SOURCE.get(source, {}).get(code.strip())


def named(source: str, code: str) -> str:
    """'CODE: its name' where known, else the program as the list gives it."""
    name = program_name(source, code)
    return f"{code}: {name}" if name else code
