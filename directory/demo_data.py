"""The demo data: organizations, services and events of the seed documents (shared/seeds/).

Plain data, loaded by ``directory.demo``. Facts come from the seeds; where a seed is silent
(opening hours, most street addresses, event hours) the value is invented for the demo and
says so in the data itself (``ILLUSTRATIVE`` in a note or description), so that nobody takes
it for a fact.

Places are referred to by ČSÚ codes: municipalities (6 digits) and ORPs (4 digits), all in
the places file the project ships (``directory/data/places.json.gz``).
"""

import datetime
from zoneinfo import ZoneInfo

from directory.models import LegalForm
from events.models import EventKind
from services.models import (
    CapacityUnit,
    CaseworkerJoin,
    LocationKind,
    MpsvParagraph,
    ServiceStatus,
)

ILLUSTRATIVE = "Orientační údaj (doplněno pro ukázku)"
ILLUSTRATIVE_ADDRESS = "Adresa je orientační (doplněno pro ukázku); ověřte ji u poskytovatele."
# Schedule notes are read after the days and hours ("každý čtvrtek 13:00–18:00 – přesné hodiny
# …", "Čt 13:00–18:00: přesné hodiny …"): lower-case fragments that do not repeat the day.
ILLUSTRATIVE_HOURS = (
    "hodiny jsou orientační (doplněno pro ukázku), skutečnou provozní dobu ověřte u poskytovatele"
)
ILLUSTRATIVE_EXACT_HOURS = "přesné hodiny jsou orientační (doplněno pro ukázku)"
# The seeds give no capacities: every figure of a demo capacity is invented (issue 20).
ILLUSTRATIVE_CAPACITY = "počty jsou smyšlené (doplněno pro ukázku)"
# The seed names the towns of the outreach but not the days it comes to them.
ILLUSTRATIVE_DAY_AND_HOURS = "den i hodiny jsou orientační (doplněno pro ukázku)"

PRAGUE = ZoneInfo("Europe/Prague")

# "Verified on" of a demo service: the date of the seed document its facts come from, since
# that is when someone last stated them; never the day the demo was loaded. Seeds 002 (Podané
# ruce in Znojmo) and 003 (K-centrum Kyjov) carry no date, so their services have none.
SEED_000_DATE = datetime.date(2017, 5, 25)  # report on the OSPOD seminar, published 25. 5. 2017
SEED_001_DATE = datetime.date(2015, 3, 5)  # undated report; the meeting it describes: 5. 3. 2015
SEED_004_DATE = datetime.date(2024, 5, 27)  # report on the study visit, published 27. 5. 2024

# Municipalities (ČSÚ codes). Kyjov needs care: three municipalities bear the name.
JIHLAVA = "586846"
TELC = "588024"
TREST = "588032"  # in ORP Jihlava
DACICE = "546127"  # Jihočeský kraj
PELHRIMOV = "547492"
HUMPOLEC = "547999"
PACOV = "548511"
BRNO = "582786"
ZNOJMO = "593711"
OLOMOUC = "500496"
PROSTEJOV = "589250"
UHERSKE_HRADISTE = "592005"
ZLIN = "585068"
KYJOV = "586307"  # Kyjov, ORP Kyjov, Jihomoravský kraj
LIBEREC = "563889"
JABLONEC = "563510"
OSTRAVA = "554821"
PRAHA = "554782"

# ORPs (ČSÚ codes).
ORP_JIHLAVA = "6105"
ORP_TELC = "6112"
ORP_DACICE = "3104"
ORP_PELHRIMOV = "6110"
ORP_HUMPOLEC = "6103"
ORP_BLANSKO = "6201"
ORP_VYSKOV = "6219"
ORP_SUMPERK = "7111"
ORP_KYJOV = "6210"
ORP_VESELI = "6218"

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def _at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=PRAGUE)


# --------------------------------------------------------------------------------------------
# Organizations. Parents come before their branches. IČO is left blank throughout: none of
# the seeds gives one, and a wrong IČO would look authoritative.

ORGANIZATIONS = [
    {
        "slug": "centrum-u-vetrniku",
        "name": "Centrum U Větrníku",
        "legal_form": LegalForm.OTHER,
        "municipality": JIHLAVA,
        "description": (
            "Kontaktní centrum (K-centrum) v Jihlavě, v provozu od roku 1999. Pracuje na principu "
            "harm reduction (minimalizace škod a rizik): snížení škodlivých dopadů užívání drog "
            "má přednost před jeho pouhým potíráním a ochrana veřejného zdraví před dlouhodobým "
            "cílem abstinence. Od roku 2008 působí terénně i mimo Jihlavu – v Telči, Třešti, "
            "Dačicích, Pelhřimově a Humpolci."
        ),
    },
    {
        "slug": "spolecnost-podane-ruce",
        "name": "Společnost Podané ruce o.p.s.",
        "legal_form": LegalForm.PUBLIC_BENEFIT,
        "municipality": BRNO,
        "website": "https://www.podaneruce.cz/",
        "description": (
            "Provozuje kontaktní centra v šesti moravských městech (Brno, Znojmo, Olomouc, "
            "Prostějov, Uherské Hradiště, Zlín) a terénní programy v těchto městech a navíc na "
            "Blanensku, Vyškovsku a Šumpersku. V Brně provozuje Centrum Vlhká s tzv. mokrou "
            "službou a pilotní program aplikačního vozu."
        ),
    },
    {
        "slug": "diecezni-charita-brno",
        "name": "Diecézní charita Brno",
        "legal_form": LegalForm.CHURCH,
        "municipality": BRNO,
        "description": (
            "Diecézní charita, pod kterou patří oblastní charity brněnské diecéze včetně "
            "Oblastní charity Kyjov. (Vazba uvedena pro ukázku struktury Charity.)"
        ),
    },
    {
        "slug": "oblastni-charita-kyjov",
        "name": "Oblastní charita Kyjov",
        "legal_form": LegalForm.CHURCH,
        "parent": "diecezni-charita-brno",
        "municipality": KYJOV,
        "website": "https://kyjov.charita.cz/",
        "description": (
            "Místní Charita, která provozuje K-centrum v Kyjově a terénní programy pro uživatele "
            "drog na Kyjovsku a Veselsku."
        ),
    },
    {
        "slug": "renadi",
        "name": "Renadi",
        "legal_form": LegalForm.OTHER,
        "municipality": BRNO,
        "description": (
            "Brněnská organizace zaměřená na problematiku závislostí: projekt Housing First "
            "pro lidi se závislostí na alkoholu, terénní programy a ojedinělé kontaktní centrum "
            "zaměřené na snižování rizik v oblasti užívání alkoholu a hazardního hraní."
        ),
    },
    {
        "slug": "agentura-pro-socialni-zaclenovani",
        "name": "Agentura pro sociální začleňování",
        "legal_form": LegalForm.STATE,
        "municipality": PRAHA,
        "description": (
            "Organizuje Platformu velkých měst (mezi nimi Liberec, Jihlava, Jablonec nad Nisou, "
            "Chomutov a Děčín) v rámci projektu Rozvoj systémů pro sociální začleňování: "
            "pravidelná online setkání a studijní cesty do Brna a Ostravy."
        ),
    },
    {
        "slug": "drom-romske-stredisko",
        "name": "DROM, romské středisko",
        "legal_form": LegalForm.CONTRIBUTORY,
        "municipality": BRNO,
        "description": (
            "Městská příspěvková organizace v Brně, v provozu od roku 1989. Specializuje se na "
            "asistenci obětem a pachatelům trestné činnosti a pořádá setkání multidisciplinárních "
            "týmů k prevenci kriminality a bezpečnosti ve vybraných lokalitách."
        ),
    },
    {
        "slug": "iq-roma-servis",
        "name": "IQ Roma servis",
        "legal_form": LegalForm.OTHER,
        "municipality": BRNO,
        "description": (
            "Podporuje Romy v různých oblastech života: sociální služby a poradenské programy, "
            "část z nich pro děti a mládež, a program Gendalos (doučování, příprava na přijímací "
            "zkoušky, mentoring, studijní stipendia)."
        ),
    },
    {
        "slug": "magistrat-mesta-ostravy",
        "name": "Magistrát města Ostravy",
        "legal_form": LegalForm.MUNICIPALITY,
        "municipality": OSTRAVA,
    },
    # Vysočina: the OSPOD offices at the seminar of 24 May 2017.
    {
        "slug": "mestsky-urad-pelhrimov",
        "name": "Městský úřad Pelhřimov",
        "legal_form": LegalForm.MUNICIPALITY,
        "municipality": PELHRIMOV,
        "description": "Orgán sociálně-právní ochrany dětí (OSPOD) pro ORP Pelhřimov.",
    },
    {
        "slug": "mestsky-urad-humpolec",
        "name": "Městský úřad Humpolec",
        "legal_form": LegalForm.MUNICIPALITY,
        "municipality": HUMPOLEC,
        "description": "Orgán sociálně-právní ochrany dětí (OSPOD) pro ORP Humpolec.",
    },
    {
        "slug": "mestsky-urad-pacov",
        "name": "Městský úřad Pacov",
        "legal_form": LegalForm.MUNICIPALITY,
        "municipality": PACOV,
        "description": "Orgán sociálně-právní ochrany dětí (OSPOD) pro ORP Pacov.",
    },
    # Liberec: the participants of the working-group meeting of 5 March 2015, as the seed
    # names them. Seats are given only where the seed or the name says where they are.
    {"slug": "navrat", "name": "Návrat o.p.s.", "legal_form": LegalForm.PUBLIC_BENEFIT},
    {
        "slug": "lotos-dolecovaci-centrum",
        "name": "Lotos – doléčovací centrum",
        "legal_form": LegalForm.OTHER,
        "municipality": BRNO,
        "description": "Doléčovací centrum v Brně.",
    },
    {
        "slug": "anonymni-alkoholici-a-narkomani",
        "name": "Anonymní alkoholici a Anonymní narkomani",
        "legal_form": LegalForm.OTHER,
        "description": (
            "Svépomocná společenství lidí, kteří se zotavují ze závislosti na alkoholu nebo "
            "drogách. Na setkání v Liberci zastoupena skupinami z Ostravy, Prahy a Liberce."
        ),
    },
    {
        "slug": "vazebni-veznice-liberec",
        "name": "Vazební věznice Liberec",
        "legal_form": LegalForm.STATE,
        "municipality": LIBEREC,
    },
    {
        "slug": "rodinna-poradna-zavislosti-jablonec",
        "name": "Rodinná poradna – závislosti (Jablonec nad Nisou)",
        "legal_form": LegalForm.OTHER,
        "municipality": JABLONEC,
    },
    {
        "slug": "nadeje",
        "name": "Naděje o.p.s.",
        "legal_form": LegalForm.PUBLIC_BENEFIT,
        "description": "Název a právní forma podle zprávy ze setkání v Liberci (5. 3. 2015).",
    },
    {"slug": "rozkos-bez-rizika", "name": "Rozkoš bez rizika", "legal_form": LegalForm.OTHER},
    {
        "slug": "centrum-zdravotni-a-socialni-pece",
        "name": "Centrum zdravotní a sociální péče",
        "legal_form": LegalForm.OTHER,
    },
    {
        "slug": "most-k-nadeji",
        "name": "Most k naději o.p.s.",
        "legal_form": LegalForm.PUBLIC_BENEFIT,
    },
    {
        "slug": "stredisko-vychovne-pece-cap",
        "name": "Středisko výchovné péče Čáp",
        "legal_form": LegalForm.OTHER,
    },
    {
        "slug": "krajska-nemocnice-liberec",
        "name": "Krajská nemocnice Liberec",
        "legal_form": LegalForm.HEALTH,
        "municipality": LIBEREC,
        "description": "Na setkání v Liberci (5. 3. 2015) zastoupena psychiatrickým oddělením.",
    },
    {
        "slug": "probacni-a-mediacni-sluzba",
        "name": "Probační a mediační služba",
        "legal_form": LegalForm.STATE,
    },
    {
        "slug": "majak",
        "name": "Maják o.p.s.",
        "legal_form": LegalForm.PUBLIC_BENEFIT,
        "municipality": LIBEREC,
        "description": (
            "V roce 2015 poskytla prostory pro rozšířené setkání pracovní skupiny komunitního "
            "plánování regionu Liberec."
        ),
    },
    {"slug": "fokus-liberec", "name": "Fokus Liberec", "legal_form": LegalForm.OTHER},
    {
        "slug": "krajska-hygienicka-stanice-liberec",
        "name": "Krajská hygienická stanice Liberec",
        "legal_form": LegalForm.STATE,
        "municipality": LIBEREC,
    },
    {
        "slug": "magistrat-mesta-liberec",
        "name": "Magistrát města Liberec",
        "legal_form": LegalForm.MUNICIPALITY,
        "municipality": LIBEREC,
        "description": (
            "Kurátoři pro děti a mládež a koordinátor komunitního plánování sociálních služeb "
            "regionu Liberec."
        ),
    },
    {
        "slug": "krajsky-urad-libereckeho-kraje",
        "name": "Krajský úřad Libereckého kraje",
        "legal_form": LegalForm.MUNICIPALITY,
        "municipality": LIBEREC,
        "description": "Krajský protidrogový koordinátor.",
    },
    {
        "slug": "psychosocialni-poradenstvi-a-vzdelavani",
        "name": "Psychosociální poradenství a vzdělávání",
        "legal_form": LegalForm.OTHER,
    },
]


# --------------------------------------------------------------------------------------------
# Services. Each location is keyed by its name within the service; each schedule by its
# location, days and opening time. Areas: ("obec" | "orp" | "kraj", ČSÚ code or NUTS code),
# given only where a seed says whom a service covers (outreach, mobile and regional services):
# a premises-only service is found at its address, and an invented area would make search
# claim it "covers" towns it never comes to.

_VETRNIK_PROFESSIONAL = {
    "referral_process": (
        "Pracovník OSPOD může klienta nebo klientku odkázat do kontaktního centra v Jihlavě "
        "nebo na terénní pracovníky v den, kdy jsou v daném městě (Pelhřimov – pondělí, "
        "Humpolec – čtvrtek). Vhodné je předem zavolat a domluvit, kdy a kde se klient "
        "s pracovníkem setká; se souhlasem klienta lze předat základní informace. "
        f"{ILLUSTRATIVE}: pravidla spolupráce byla představena na semináři pro OSPOD "
        "24. 5. 2017, jejich přesné znění zde není."
    ),
    "response_time": f"Obvykle při nejbližším výjezdu do daného města, do týdne ({ILLUSTRATIVE}).",
    "caseworker_may_join": CaseworkerJoin.BY_ARRANGEMENT,
    "professional_contact": (
        "Michal Matula, terénní pracovník kontaktního centra; adiktologická ambulance: "
        "Mgr. Tereza Meruňková. (Jména podle reportáže ze semináře 24. 5. 2017; přímé "
        "telefonní číslo doplní služba.)"
    ),
}

_HARM_REDUCTION_ACTIVITIES = [
    "needle_exchange",
    "testing",
    "social_work",
    "information",
    "crisis_intervention",
]

_KYJOV_TARGET_GROUPS = [
    "problem_drug_users",
    "risky_users",
    "women_who_use_drugs",
    "experimenters",
    "family",
    "public",
]
# The seed gives one address and two numbers for the whole K-centrum, its contact centre and
# its outreach alike: one shared location, and both numbers on both services, each service's
# own first (the landline the centre's, the mobile the outreach team's).
_KYJOV_LANDLINE = "518 611 589"
_KYJOV_MOBILE = "776 316 515"
_KYJOV_PREMISES = {
    "name": "K-centrum Kyjov",
    "kind": LocationKind.PREMISES,
    "municipality": KYJOV,
    "address": "Palackého 194",
    "postal_code": "697 01",
}
_KYJOV_CONTACT = {
    "email": "K.centrum@kyjov.charita.cz",
    "min_age": 15,
    "target_groups": _KYJOV_TARGET_GROUPS,
}


def _podane_ruce_contact_centre(
    town, town_name, address, *, town_locative, hours=("10:00", "16:00"), **extra
):
    """One of Podané ruce's six contact centres; only the town is from the seed."""
    slug_town = {
        BRNO: "brno",
        ZNOJMO: "znojmo",
        OLOMOUC: "olomouc",
        PROSTEJOV: "prostejov",
        UHERSKE_HRADISTE: "uherske-hradiste",
        ZLIN: "zlin",
    }[town]
    return {
        "slug": f"podane-ruce-kontaktni-centrum-{slug_town}",
        "organization": "spolecnost-podane-ruce",
        "name": f"Kontaktní centrum {town_name}",
        "summary": (
            f"Kontaktní centrum Společnosti Podané ruce v {town_locative}: "
            "výměna injekčního materiálu, testování, sociální práce a zprostředkování léčby."
        ),
        "description": (
            "Nízkoprahová služba pro lidi, kteří užívají návykové látky a nacházejí se v obtížné "
            "životní situaci: harm reduction, sociální práce, poradenství a zprostředkování léčby. "
            "Pracovníci kontaktních center a terénních programů Podaných rukou se pravidelně "
            "setkávají a sdílejí zkušenosti (v posledním roce mj. o spolupráci s potravinovou "
            "bankou)."
        ),
        "types": ["contact_centre", "harm_reduction"],
        "activities": [*_HARM_REDUCTION_ACTIVITIES, "treatment_referral"],
        "target_groups": ["problem_drug_users", "risky_users"],
        "substances": ["opioids", "pervitin"],
        "is_anonymous": True,
        "mpsv_paragraph": MpsvParagraph.CONTACT_CENTRE,
        "website": "https://www.podaneruce.cz/",
        "locations": [
            {
                "name": f"Kontaktní centrum {town_name}",
                "kind": LocationKind.PREMISES,
                "municipality": town,
                "address": address,
                "note": ILLUSTRATIVE_ADDRESS,
                "schedules": [
                    {
                        "days": WEEKDAYS,
                        "opens": hours[0],
                        "closes": hours[1],
                        "note": ILLUSTRATIVE_HOURS,
                    }
                ],
            }
        ],
        **extra,
    }


SERVICES = [
    # ---- Centrum U Větrníku, Jihlava (seed 000) --------------------------------------------
    {
        "slug": "centrum-u-vetrniku-kontaktni-centrum",
        "last_verified": SEED_000_DATE,
        "organization": "centrum-u-vetrniku",
        "name": "K-centrum Jihlava (Centrum U Větrníku)",
        "summary": (
            "Kontaktní centrum v Jihlavě: výměna injekčního materiálu, testování, sociální práce, "
            "informační servis a krizová intervence."
        ),
        "description": (
            "Kontaktní centrum pracující na principu harm reduction, v provozu od roku 1999. "
            "Nabízí výměnu použitého injekčního materiálu, testování, sociální práci, informační "
            "servis a krizovou intervenci. Centrum chce služby rozšířit: vyjednává stálý prostor "
            "v Pelhřimově (pravidelně jednou týdně), dalším místem má být Humpolec."
        ),
        "types": ["contact_centre", "harm_reduction"],
        "activities": _HARM_REDUCTION_ACTIVITIES,
        "target_groups": ["problem_drug_users", "risky_users"],
        "substances": ["pervitin", "opioids"],
        "is_anonymous": True,
        "mpsv_paragraph": MpsvParagraph.CONTACT_CENTRE,
        **_VETRNIK_PROFESSIONAL,
        "locations": [
            {
                "name": "K-centrum Jihlava",
                "kind": LocationKind.PREMISES,
                "municipality": JIHLAVA,
                "address": "Žižkova 15",
                "note": ILLUSTRATIVE_ADDRESS,
                "schedules": [
                    {
                        "days": WEEKDAYS,
                        "opens": "12:00",
                        "closes": "18:00",
                        "note": ILLUSTRATIVE_HOURS,
                    }
                ],
            }
        ],
    },
    {
        "slug": "centrum-u-vetrniku-terenni-program",
        "last_verified": SEED_000_DATE,
        "organization": "centrum-u-vetrniku",
        "name": "Terénní program Centra U Větrníku (Telč, Třešť, Dačice, Pelhřimov, Humpolec)",
        "summary": (
            "Terénní práce K-centra mimo Jihlavu: Pelhřimov každé pondělí odpoledne až večer, "
            "Humpolec každý čtvrtek, dále Telč, Třešť a Dačice."
        ),
        "description": (
            "Od roku 2008 působí K-centrum i mimo Jihlavu – v Telči, Třešti, Dačicích, Pelhřimově "
            "a Humpolci. V Pelhřimově a Humpolci zatím jen terénně: v Humpolci každý čtvrtek, "
            "v Pelhřimově každé pondělí v odpoledních až večerních hodinách. Výměna injekčního "
            "materiálu, testování, sociální práce a informační servis přímo ve městě. "
            f"Dny v Telči, Třešti a Dačicích a přesné hodiny všude: {ILLUSTRATIVE.lower()}."
        ),
        "types": ["outreach", "harm_reduction"],
        "activities": _HARM_REDUCTION_ACTIVITIES,
        "target_groups": ["problem_drug_users", "risky_users"],
        "substances": ["pervitin", "opioids"],
        "is_anonymous": True,
        "mpsv_paragraph": MpsvParagraph.OUTREACH,
        **_VETRNIK_PROFESSIONAL,
        "locations": [
            {
                "name": "Terénní program – Pelhřimov",
                "kind": LocationKind.OUTREACH,
                "municipality": PELHRIMOV,
                "schedules": [
                    {
                        "days": ("mon",),
                        "opens": "13:00",
                        "closes": "18:00",
                        "note": f"odpoledne až večer; {ILLUSTRATIVE_EXACT_HOURS}",
                    }
                ],
            },
            {
                "name": "Terénní program – Humpolec",
                "kind": LocationKind.OUTREACH,
                "municipality": HUMPOLEC,
                "schedules": [
                    {
                        "days": ("thu",),
                        "opens": "13:00",
                        "closes": "18:00",
                        "note": ILLUSTRATIVE_EXACT_HOURS,
                    }
                ],
            },
            {
                "name": "Terénní program – Telč",
                "kind": LocationKind.OUTREACH,
                "municipality": TELC,
                "schedules": [
                    {
                        "days": ("tue",),
                        "opens": "12:00",
                        "closes": "14:30",
                        "note": ILLUSTRATIVE_DAY_AND_HOURS,
                    }
                ],
            },
            {
                "name": "Terénní program – Dačice",
                "kind": LocationKind.OUTREACH,
                "municipality": DACICE,
                "schedules": [
                    {
                        "days": ("tue",),
                        "opens": "15:00",
                        "closes": "18:00",
                        "note": ILLUSTRATIVE_DAY_AND_HOURS,
                    }
                ],
            },
            {
                "name": "Terénní program – Třešť",
                "kind": LocationKind.OUTREACH,
                "municipality": TREST,
                "schedules": [
                    {
                        "days": ("wed",),
                        "opens": "14:00",
                        "closes": "17:00",
                        "note": ILLUSTRATIVE_DAY_AND_HOURS,
                    }
                ],
            },
        ],
        "areas": [
            ("orp", ORP_TELC),
            ("orp", ORP_JIHLAVA),  # Třešť
            ("orp", ORP_DACICE),
            ("orp", ORP_PELHRIMOV),
            ("orp", ORP_HUMPOLEC),
        ],
    },
    {
        "slug": "centrum-u-vetrniku-adiktologicka-ambulance",
        "last_verified": SEED_000_DATE,
        "organization": "centrum-u-vetrniku",
        "name": "Adiktologická ambulance Centra U Větrníku",
        "summary": "Nová adiktologická ambulance při K-centru v Jihlavě.",
        "description": (
            "Adiktologická ambulance, kterou Centrum U Větrníku nově otevřelo; na semináři pro "
            "OSPOD ji představila Mgr. Tereza Meruňková. Ordinační hodiny a způsob objednání: "
            f"{ILLUSTRATIVE.lower()}."
        ),
        "types": ["outpatient"],
        "activities": ["counselling", "treatment_referral"],
        "target_groups": ["problem_drug_users", "risky_users", "family"],
        "substances": ["pervitin", "opioids"],
        **_VETRNIK_PROFESSIONAL,
        "locations": [
            {
                "name": "Adiktologická ambulance Jihlava",
                "kind": LocationKind.PREMISES,
                "municipality": JIHLAVA,
                "address": "Žižkova 15",
                "note": ILLUSTRATIVE_ADDRESS,
                "schedules": [
                    {
                        "days": ("tue", "thu"),
                        "opens": "09:00",
                        "closes": "15:00",
                        "note": (
                            "po objednání; dny, hodiny i způsob objednání jsou orientační "
                            "(doplněno pro ukázku)"
                        ),
                    }
                ],
            }
        ],
    },
    {
        "slug": "centrum-u-vetrniku-pelhrimov",
        "last_verified": SEED_000_DATE,
        "organization": "centrum-u-vetrniku",
        "name": "Kontaktní místo Centra U Větrníku v Pelhřimově",
        "summary": "Připravované stálé kontaktní místo v Pelhřimově, jednou týdně.",
        "description": (
            "Centrum U Větrníku vyjednává stálý prostor v Pelhřimově, kde by působilo pravidelně "
            "jedenkrát týdně; dalším místem má být Humpolec. Do té doby v obou městech pracuje "
            "terénní program."
        ),
        "status": ServiceStatus.PLANNED,
        "types": ["contact_centre", "harm_reduction"],
        "target_groups": ["problem_drug_users", "risky_users"],
        "is_anonymous": True,
        "areas": [("orp", ORP_PELHRIMOV)],
    },
    # ---- Společnost Podané ruce (seeds 002 and 004) ----------------------------------------
    _podane_ruce_contact_centre(
        BRNO, "Brno", "Vídeňská 3", hours=("09:00", "17:00"), town_locative="Brně"
    ),
    _podane_ruce_contact_centre(
        ZNOJMO,
        "Znojmo",
        "Vídeňská třída 14",
        town_locative="Znojmě",
        professional_contact=(
            "Mgr. Zuzana Štvrtňová, vedoucí Kontaktního centra ve Znojmě (přímý kontakt doplní "
            "služba)."
        ),
    ),
    _podane_ruce_contact_centre(OLOMOUC, "Olomouc", "Sokolská 48", town_locative="Olomouci"),
    _podane_ruce_contact_centre(PROSTEJOV, "Prostějov", "Vápenice 9", town_locative="Prostějově"),
    _podane_ruce_contact_centre(
        UHERSKE_HRADISTE,
        "Uherské Hradiště",
        "Průmyslová 1",
        town_locative="Uherském Hradišti",
    ),
    _podane_ruce_contact_centre(ZLIN, "Zlín", "Lorencova 3", town_locative="Zlíně"),
    {
        "slug": "podane-ruce-terenni-programy",
        "organization": "spolecnost-podane-ruce",
        "name": "Terénní programy Společnosti Podané ruce",
        "summary": (
            "Sociální pracovníci za klienty do ulic v Brně, Znojmě, Olomouci, Prostějově, "
            "Uherském Hradišti, Zlíně a na Blanensku, Vyškovsku a Šumpersku."
        ),
        "description": (
            "Terénní sociální práce s lidmi, kteří užívají návykové látky: základní potřebná "
            "pomoc přímo v ulicích, výměna injekčního materiálu, informace a zprostředkování "
            "léčby. V šesti městech s kontaktním centrem a navíc na Blanensku, Vyškovsku a "
            "Šumpersku. Časy výjezdů nejsou v ukázkových datech uvedeny."
        ),
        "types": ["outreach", "harm_reduction"],
        "activities": ["needle_exchange", "social_work", "information", "treatment_referral"],
        "target_groups": ["problem_drug_users", "risky_users"],
        "substances": ["opioids", "pervitin"],
        "is_anonymous": True,
        "mpsv_paragraph": MpsvParagraph.OUTREACH,
        "website": "https://www.podaneruce.cz/",
        "areas": [
            ("obec", BRNO),
            ("obec", ZNOJMO),
            ("obec", OLOMOUC),
            ("obec", PROSTEJOV),
            ("obec", UHERSKE_HRADISTE),
            ("obec", ZLIN),
            ("orp", ORP_BLANSKO),
            ("orp", ORP_VYSKOV),
            ("orp", ORP_SUMPERK),
        ],
    },
    {
        "slug": "centrum-vlhka",
        "last_verified": SEED_004_DATE,
        "organization": "spolecnost-podane-ruce",
        "name": "Centrum Vlhká",
        "summary": (
            "Mokrá služba v Brně pro lidi bez domova závislé na alkoholu, s programem "
            "kontrolovaného pití."
        ),
        "description": (
            "Tzv. mokrá služba pro lidi bez domova, kteří jsou zároveň závislí na alkoholu, "
            "v provozu zhruba od roku 2020; registrována jako kontaktní centrum. Klíčovou součástí "
            "je program kontrolovaného pití s pravidelným kontrolovaným výdejem alkoholu za "
            "nákladovou cenu za přítomnosti sociálního pracovníka, který klientům pomáhá "
            "postupně snižovat rizika nadměrného pití. Prostor funguje i jako komunitní centrum, "
            "kde se lidé organizují a vzájemně podporují. Pomáhá adiktolog a sociální pracovníci, "
            "kteří zprostředkují např. bydlení nebo setkání s lékařem."
        ),
        "types": ["wet_service", "contact_centre", "harm_reduction"],
        "activities": ["controlled_drinking", "social_work", "counselling", "treatment_referral"],
        "target_groups": ["homeless"],
        "substances": ["alcohol"],
        "is_free": False,
        "cost_note": (
            "Alkohol v programu kontrolovaného pití se vydává za nákladovou cenu; ostatní "
            "pomoc je zdarma."
        ),
        "mpsv_paragraph": MpsvParagraph.CONTACT_CENTRE,
        "website": "https://www.podaneruce.cz/",
        "locations": [
            {
                "name": "Centrum Vlhká",
                "kind": LocationKind.PREMISES,
                "municipality": BRNO,
                "address": "Vlhká",
                "note": "Ulice podle názvu centra; číslo popisné neuvedeno (doplněno pro ukázku).",
                "schedules": [
                    {
                        "days": WEEKDAYS,
                        "opens": "08:00",
                        "closes": "15:00",
                        "note": ILLUSTRATIVE_HOURS,
                    }
                ],
            }
        ],
    },
    {
        "slug": "aplikacni-vuz-brno",
        "last_verified": SEED_004_DATE,
        "organization": "spolecnost-podane-ruce",
        "name": "Aplikační vůz (Brno)",
        "summary": (
            "Program bezpečnější aplikace a prevence předávkování v bývalém sanitním voze, "
            "poprvé testovaný v Česku."
        ),
        "description": (
            "Program bezpečnější aplikace a prevence předávkování podle zahraničních zkušeností, "
            "který se vůbec poprvé testuje i v Česku. Bývalý sanitní vůz slouží k bezpečné "
            "aplikaci návykových látek za přítomnosti terénních sociálních pracovníků; cílem je "
            "snížit počet lidí, kteří aplikují na veřejných toaletách nebo v parcích. Součástí "
            "experimentu je rozsáhlá evaluace, která má ukázat, zda vůz účinně snižuje rizika "
            "injekčního užívání drog. Stanoviště a časy nejsou v ukázkových datech uvedeny."
        ),
        "types": ["consumption_van", "harm_reduction", "outreach"],
        "activities": ["supervised_consumption", "social_work"],
        "target_groups": ["problem_drug_users"],
        "substances": ["opioids", "pervitin"],
        "is_anonymous": True,
        "website": "https://www.podaneruce.cz/",
        "locations": [
            {
                "name": "Aplikační vůz – Brno",
                "kind": LocationKind.OUTREACH,
                "municipality": BRNO,
                "note": "Pojízdná služba (bývalý sanitní vůz); stanoviště se mění.",
            }
        ],
        "areas": [("obec", BRNO)],
    },
    # ---- Oblastní charita Kyjov (seed 003) -------------------------------------------------
    {
        "slug": "k-centrum-kyjov",
        "organization": "oblastni-charita-kyjov",
        "name": "K-centrum Kyjov",
        "summary": "Kontaktní centrum – víceúčelová drogová služba Oblastní charity Kyjov.",
        "description": (
            "Kontaktní centrum – víceúčelová drogová služba pro uživatele drog a jejich blízké "
            "z Kyjovska a Veselska: služba prvního kontaktu, odborné sociální poradenství, "
            "motivace k léčbě a hledání vhodného zařízení, harm reduction a ochrana veřejného "
            "zdraví. Pro klienty starší 15 let."
        ),
        "phone": _KYJOV_LANDLINE,
        "contacts": [("phone", _KYJOV_MOBILE, "terénní programy")],
        "types": ["contact_centre", "harm_reduction", "counselling"],
        "activities": [
            "needle_exchange",
            "social_work",
            "counselling",
            "family_counselling",
            "treatment_referral",
            "information",
        ],
        **_KYJOV_CONTACT,
        "is_anonymous": True,
        "mpsv_paragraph": MpsvParagraph.CONTACT_CENTRE,
        "locations": [
            {
                **_KYJOV_PREMISES,
                "schedules": [
                    {
                        "days": WEEKDAYS,
                        "opens": "09:00",
                        "closes": "15:00",
                        "note": ILLUSTRATIVE_HOURS,
                    }
                ],
            },
        ],
        "areas": [("orp", ORP_KYJOV), ("orp", ORP_VESELI)],
    },
    {
        "slug": "k-centrum-kyjov-terenni-programy",
        "organization": "oblastni-charita-kyjov",
        "name": "Terénní programy K-centra Kyjov (Kyjovsko a Veselsko)",
        "summary": (
            "Streetwork na Kyjovsku a Veselsku: vyhledávání uživatelů drog, harm reduction, "
            "případová a sociální práce, sběr pohozených stříkaček."
        ),
        "description": (
            "Streetwork je metoda terénní sociální práce, která aktivně vyhledává drogově závislé "
            "mimo síť služeb, nabízí sociální intervenci a krizovou pomoc a motivuje k návštěvám "
            "K-centra. Streetworker informuje o následcích rizikového chování (nesterilní sety) "
            "a o infekčních nemocech – hepatitidách A, B, C, HIV a syfilis. Program práce "
            "v terénu: aktivní vyhledávání uživatelů drog, služby harm reduction, případová "
            "a sociální práce, sběr pohozených injekčních stříkaček a informování veřejnosti. "
            "Práci vykonává vždy jeden terénní pracovník v doprovodu druhého terénního pracovníka, "
            "případně proškoleného dobrovolníka či stážisty. Pro klienty starší 15 let."
        ),
        "phone": _KYJOV_MOBILE,
        "contacts": [("phone", _KYJOV_LANDLINE, "K-centrum")],
        # The team's base: the K-centrum's address (no opening hours of its own there).
        "locations": [_KYJOV_PREMISES],
        "types": ["outreach", "harm_reduction"],
        "activities": [
            "needle_exchange",
            "case_management",
            "social_work",
            "syringe_collection",
            "information",
            "crisis_intervention",
            "counselling",
            "treatment_referral",
        ],
        **_KYJOV_CONTACT,
        "is_anonymous": True,
        "mpsv_paragraph": MpsvParagraph.OUTREACH,
        "areas": [("orp", ORP_KYJOV), ("orp", ORP_VESELI)],
    },
    # ---- Renadi, Brno (seed 004) -----------------------------------------------------------
    {
        "slug": "renadi-housing-first",
        "last_verified": SEED_004_DATE,
        "organization": "renadi",
        "name": "Housing First (Renadi)",
        "summary": "Zabydlování lidí se závislostí na alkoholu podle principů Housing First a recovery.",
        "description": (
            "Projekt Housing First fungující na principech tzv. recovery: zabydlování osob, "
            "převážně jednotlivců, se závislostí na alkoholu. Při výběru klientů je klíčová "
            "spolupráce s psychiatrickými nemocnicemi."
        ),
        "types": ["housing_first"],
        "activities": ["housing_support", "social_work"],
        "target_groups": ["homeless"],
        "substances": ["alcohol"],
        "areas": [("obec", BRNO)],
        # Figures set when the demo is first loaded; editors update them from then on.
        "capacities": [
            {
                "unit": CapacityUnit.PLACES,
                "maximum": 12,
                "available": 2,
                "waiting_people": 5,
                "note": f"byty pro jednotlivce; {ILLUSTRATIVE_CAPACITY}",
            }
        ],
    },
    {
        "slug": "renadi-terenni-programy",
        "last_verified": SEED_004_DATE,
        "organization": "renadi",
        "name": "Terénní programy Renadi",
        "summary": "Terénní programy Renadi v Brně.",
        "description": "Tým terénních programů organizace Renadi v Brně.",
        "types": ["outreach"],
        "activities": ["social_work"],
        "areas": [("obec", BRNO)],
    },
    {
        "slug": "renadi-kontaktni-centrum",
        "last_verified": SEED_004_DATE,
        "organization": "renadi",
        "name": "Kontaktní centrum Renadi (alkohol a hazardní hraní)",
        "summary": "Ojedinělé kontaktní centrum zaměřené na snižování rizik u alkoholu a gamblingu.",
        "description": (
            "Kontaktní centrum zaměřené na snižování rizik v oblasti užívání alkoholu "
            "a hazardního hraní. Adresu a provozní dobu doplní poskytovatel."
        ),
        "types": ["contact_centre", "harm_reduction"],
        "substances": ["alcohol", "gambling"],
        "areas": [("obec", BRNO)],
    },
    # ---- Liberec working group (seed 001): only what the seed clearly supports -------------
    {
        "slug": "lotos-dolecovaci-centrum",
        "last_verified": SEED_001_DATE,
        "organization": "lotos-dolecovaci-centrum",
        "name": "Lotos – doléčovací centrum",
        "summary": "Doléčovací centrum v Brně.",
        "description": "Doléčovací program v Brně. Podrobnosti doplní poskytovatel.",
        "types": ["aftercare"],
        "areas": [("obec", BRNO)],
        "capacities": [
            {
                "unit": CapacityUnit.BEDS,
                "maximum": 8,
                "available": 0,
                "waiting_weeks": 3,
                "note": f"doléčovací byty; {ILLUSTRATIVE_CAPACITY}",
            }
        ],
    },
    {
        "slug": "anonymni-alkoholici-a-narkomani",
        "last_verified": SEED_001_DATE,
        "organization": "anonymni-alkoholici-a-narkomani",
        "name": "Svépomocné skupiny AA a NA (Ostrava, Praha, Liberec)",
        "summary": "Svépomocné skupiny Anonymních alkoholiků a Anonymních narkomanů.",
        "description": (
            "Setkání svépomocných skupin Anonymních alkoholiků a Anonymních narkomanů. "
            "Na setkání v Liberci byly zastoupeny skupiny z Ostravy, Prahy a Liberce; místa "
            "a časy setkání doplní skupiny."
        ),
        "types": ["self_help"],
        "substances": ["alcohol"],
        "is_anonymous": True,
        "areas": [("obec", OSTRAVA), ("obec", PRAHA), ("obec", LIBEREC)],
    },
    {
        "slug": "rodinna-poradna-zavislosti-jablonec",
        "last_verified": SEED_001_DATE,
        "organization": "rodinna-poradna-zavislosti-jablonec",
        "name": "Rodinná poradna – závislosti",
        "summary": "Poradna pro otázky závislostí v Jablonci nad Nisou.",
        "description": "Poradenství v otázkách závislostí. Adresu a hodiny doplní poskytovatel.",
        "types": ["counselling"],
        "activities": ["counselling", "family_counselling"],
        "target_groups": ["family"],
        "areas": [("obec", JABLONEC)],
    },
    {
        "slug": "most-k-nadeji-k-centrum-liberec",
        "last_verified": SEED_001_DATE,
        "organization": "most-k-nadeji",
        "name": "K-centrum Liberec (Most k naději)",
        "summary": "Kontaktní centrum pro uživatele drog v Liberci.",
        "description": (
            "Kontaktní centrum organizace Most k naději v Liberci. Adresu, provozní dobu "
            "a nabídku doplní poskytovatel."
        ),
        "types": ["contact_centre", "harm_reduction"],
        "target_groups": ["problem_drug_users"],
        "is_anonymous": True,
        "areas": [("obec", LIBEREC)],
    },
]


# --------------------------------------------------------------------------------------------
# Events (seeds 000, 001, 002, 004).

EVENTS = [
    {
        "slug": "seminar-ospod-centrum-u-vetrniku-pelhrimov-2017",
        "title": "Seminář OSPOD a Centra U Větrníku v Pelhřimově",
        "kind": EventKind.SEMINAR,
        "summary": (
            "Pracovníci OSPOD z Humpolce, Pelhřimova a Pacova se seznámili s K-centrem "
            "Centrum U Větrníku a domluvili spolupráci."
        ),
        "description": (
            "Setkání pracovníků orgánů sociálně-právní ochrany dětí z Humpolce, Pelhřimova "
            "a Pacova s pracovníky Centra U Větrníku (K-centrum) na Městském úřadě v Pelhřimově. "
            "Cílem bylo seznámit OSPOD s fungováním kontaktního centra, s principy a obsahem práce "
            "a s programy centra, a domluvit intenzivnější spolupráci. Čas zahájení a konce není "
            f"ve zdroji uveden: 10:00–12:00 je {ILLUSTRATIVE.lower()}."
        ),
        "report": (
            "Michal Matula, terénní pracovník kontaktního centra, představil fungování "
            "organizace: Centrum U Větrníku působí od roku 1999 na principu harm reduction "
            "(minimalizace škod a rizik) – snížení škodlivých dopadů drog je efektivnější než "
            "jejich pouhé potírání a veřejné zdraví má přednost před dlouhodobým cílem "
            "abstinence. Kontaktní centrum nabízí výměnu injekčního materiálu, testování, "
            "sociální práci, informační servis, krizovou intervenci a nově i adiktologickou "
            "ambulanci, kterou představila Mgr. Tereza Meruňková. Od roku 2008 působí "
            "K-centrum i v Telči, Třešti, Dačicích, Pelhřimově a Humpolci.\n\n"
            "Pracovníci centra vysvětlili, kdy a v jakém časovém horizontu je lze kontaktovat "
            "a zda mohou pracovníci OSPOD přizvat k setkání s klientem. Centrum chce služby "
            "rozšířit: vyjednává stálý prostor v Pelhřimově (jednou týdně), dalším místem bude "
            "Humpolec. Zatím v obou městech působí terénně – v Humpolci každý čtvrtek, "
            "v Pelhřimově každé pondělí odpoledne až večer. Setkání se neslo v dobré náladě "
            "a účastníci je uvítali. (Podle reportáže krajských pracovnic z Vysočiny, MPSV, "
            "25. 5. 2017.)"
        ),
        "starts_at": _at(2017, 5, 24, 10),
        "ends_at": _at(2017, 5, 24, 12),
        "municipality": PELHRIMOV,
        "venue_name": "Městský úřad Pelhřimov",
        # The seed names no organizer; the hosting office stands in for one.
        "organizer": "mestsky-urad-pelhrimov",
        "participants": [
            "mestsky-urad-pelhrimov",
            "mestsky-urad-humpolec",
            "mestsky-urad-pacov",
            "centrum-u-vetrniku",
        ],
        "audiences": ["ospod"],
        "related_services": [
            "centrum-u-vetrniku-kontaktni-centrum",
            "centrum-u-vetrniku-terenni-program",
            "centrum-u-vetrniku-adiktologicka-ambulance",
            "centrum-u-vetrniku-pelhrimov",
        ],
    },
    {
        "slug": "rozsirene-setkani-pracovni-skupiny-liberec-2015",
        "title": "Rozšířené setkání pracovní skupiny komunitního plánování (Liberec)",
        "kind": EventKind.WORKING_GROUP,
        "summary": (
            "Pracovní skupina pro uživatele drog a osoby ohrožené závislostmi regionu Liberec "
            "se po roce sešla s dalšími organizacemi; přibližně 50 účastníků."
        ),
        "description": (
            "Setkání členů pracovní skupiny pro uživatele drog a pro osoby ohrožené závislostmi "
            "komunitního plánování sociálních služeb regionu Liberec s dalšími subjekty, kterých "
            "se dotýká užívání návykových látek nebo patologické hráčství. Kvůli vyššímu počtu "
            "přihlášených se konalo ve větších prostorách, které nabídla o.p.s. Maják. Čas "
            f"zahájení a konce není ve zdroji uveden: 9:00–13:00 je {ILLUSTRATIVE.lower()}; "
            "pořadatelem je uvedena koordinace komunitního plánování Magistrátu města Liberec "
            "(předpoklad)."
        ),
        "report": (
            "Účastníci se vzájemně představili, stručně pohovořili o svých službách a popsali, "
            "jak se jich dotýká užívání návykových látek, patologické hráčství či jiné závislostní "
            "chování a jací jsou typičtí a netypičtí uživatelé jejich služeb. Po přestávce "
            "společně rozebrali tři konkrétní případy a ukázali si možnosti zapojení jednotlivých "
            "služeb i možnosti a meze vzájemné spolupráce.\n\n"
            "Setkání se zúčastnilo přibližně 50 lidí – proti loňsku dvojnásobek – a přibylo "
            "zastoupení služeb z dalších oblastí oproti loni převažujícím sociálním službám "
            "a školství. Fotografovala Kateřina Richterová. (Podle zprávy na webu statutárního "
            "města Liberec.)"
        ),
        "starts_at": _at(2015, 3, 5, 9),
        "ends_at": _at(2015, 3, 5, 13),
        "municipality": LIBEREC,
        "venue_name": "Maják o.p.s.",
        "organizer": "magistrat-mesta-liberec",
        "participants": [
            "navrat",
            "lotos-dolecovaci-centrum",
            "anonymni-alkoholici-a-narkomani",
            "vazebni-veznice-liberec",
            "rodinna-poradna-zavislosti-jablonec",
            "nadeje",
            "rozkos-bez-rizika",
            "centrum-zdravotni-a-socialni-pece",
            "most-k-nadeji",
            "stredisko-vychovne-pece-cap",
            "krajska-nemocnice-liberec",
            "probacni-a-mediacni-sluzba",
            "majak",
            "fokus-liberec",
            "krajska-hygienicka-stanice-liberec",
            "magistrat-mesta-liberec",
            "krajsky-urad-libereckeho-kraje",
            "psychosocialni-poradenstvi-a-vzdelavani",
        ],
        "other_participants": "Soukromá poradenská a terapeutická činnost",
        "audiences": [
            "social_services",
            "health",
            "schools",
            "police_probation",
            "public_administration",
        ],
        "related_services": [
            "lotos-dolecovaci-centrum",
            "anonymni-alkoholici-a-narkomani",
            "rodinna-poradna-zavislosti-jablonec",
            "most-k-nadeji-k-centrum-liberec",
        ],
        "attendance": 50,
    },
    {
        "slug": "setkani-kontaktnich-center-a-terennich-programu-znojmo",
        "title": "Výměna zkušeností pracovníků kontaktních center a terénních programů ve Znojmě",
        "kind": EventKind.EXCHANGE,
        "summary": (
            "Šestnáct zástupců z devíti služeb Společnosti Podané ruce o spolupráci "
            "s potravinovou bankou a o zprostředkování léčby."
        ),
        "description": (
            "Každoroční setkání pracovníků kontaktních center a terénních programů Společnosti "
            "Podané ruce, tentokrát pořádané Kontaktním centrem ve Znojmě. Zdroj uvádí jen "
            "„minulý týden“ bez data: datum a čas 11. 4. 2019, 10:00–15:00 jsou "
            f"{ILLUSTRATIVE.lower()}."
        ),
        "report": (
            "Šestnáct zástupců z devíti služeb diskutovalo o aktuálních problémech a vyměnilo si "
            "zkušenosti z praxe. Hlavním tématem bylo navázání spolupráce s potravinovou bankou, "
            "která prostřednictvím zapojených organizací bezplatně distribuuje potraviny lidem "
            "v hmotné nouzi – mezi ně patří i mnoho klientů kontaktních center a terénních "
            "programů. Dále se řešilo zprostředkování léčby a možnosti, které lze klientům "
            "nabídnout. Po přestávce se s účastníky podělila o zkušenost s rekondičním pobytem "
            "po ukončení ústavní léčby klientka Kontaktního centra ve Znojmě.\n\n"
            "„Setkávání s kolegy je pro nás důležité. Můžeme srovnávat kvalitu jednotlivých "
            "služeb, diskutovat o zásadních věcech a otevřít i komplikovaná témata, ke kterým "
            "bychom se v běžném pracovním shonu nedostali,“ shrnula Mgr. Zuzana Štvrtňová, "
            "vedoucí Kontaktního centra ve Znojmě."
        ),
        "starts_at": _at(2019, 4, 11, 10),
        "ends_at": _at(2019, 4, 11, 15),
        "municipality": ZNOJMO,
        "venue_name": "Kontaktní centrum Znojmo",
        "organizer": "spolecnost-podane-ruce",
        "participants": ["spolecnost-podane-ruce"],
        "audiences": ["social_services"],
        "related_services": [
            "podane-ruce-kontaktni-centrum-brno",
            "podane-ruce-kontaktni-centrum-znojmo",
            "podane-ruce-kontaktni-centrum-olomouc",
            "podane-ruce-kontaktni-centrum-prostejov",
            "podane-ruce-kontaktni-centrum-uherske-hradiste",
            "podane-ruce-kontaktni-centrum-zlin",
            "podane-ruce-terenni-programy",
        ],
        "attendance": 16,
    },
    {
        "slug": "platforma-velkych-mest-studijni-cesta-brno-2024",
        "title": "Platforma velkých měst: studijní cesta do Brna",
        "kind": EventKind.STUDY_VISIT,
        "summary": (
            "Ostravští partneři Agentury pro sociální začleňování navštívili brněnské služby "
            "pro lidi se závislostí a romské rodiny."
        ),
        "description": (
            "Celodenní setkání platformy velkých měst spolupracujících s Agenturou pro sociální "
            "začleňování (projekt Rozvoj systémů pro sociální začleňování, "
            "CZ.03.02.02/00/22_004/0000366). Zástupci ostravských partnerů – odbornice "
            "z magistrátu a sociální pracovnice z neziskového sektoru – hledali odpověď na otázku, "
            "jak vytvářet služby pro nejohroženější skupiny, kterým standardní služby nevyhovují. "
            "Zdroj je článek z 27. 5. 2024, který den návštěvy neuvádí: datum 27. 5. 2024 a čas "
            f"9:00–16:00 jsou {ILLUSTRATIVE.lower()}."
        ),
        "report": (
            "Společnost Podané ruce představila Centrum Vlhká, které už čtyři roky poskytuje "
            "mokré služby lidem bez domova se závislostí na alkoholu; jeho součástí je program "
            "kontrolovaného pití s výdejem alkoholu za nákladovou cenu za přítomnosti sociálního "
            "pracovníka. Tým terénních programů ukázal aplikační vůz – program bezpečnější aplikace "
            "a prevence předávkování v bývalém sanitním voze, který se v Česku testuje poprvé "
            "a jehož účinnost ověřuje rozsáhlá evaluace.\n\n"
            "Odpoledne navštívili účastníci organizaci Renadi (Housing First pro lidi se "
            "závislostí na alkoholu ve spolupráci s psychiatrickými nemocnicemi, terénní programy "
            "a kontaktní centrum zaměřené na alkohol a hazardní hraní), dále DROM, romské "
            "středisko (asistence obětem a pachatelům trestné činnosti, multidisciplinární týmy "
            "prevence kriminality) a nakonec IQ Roma servis s programem Gendalos pro žáky "
            "a studenty."
        ),
        "starts_at": _at(2024, 5, 27, 9),
        "ends_at": _at(2024, 5, 27, 16),
        "municipality": BRNO,
        "venue_name": "Brno – Společnost Podané ruce, Renadi, DROM, IQ Roma servis",
        "organizer": "agentura-pro-socialni-zaclenovani",
        "participants": [
            "spolecnost-podane-ruce",
            "renadi",
            "drom-romske-stredisko",
            "iq-roma-servis",
            "magistrat-mesta-ostravy",
        ],
        "other_participants": "Sociální pracovnice neziskových organizací z Ostravy",
        "audiences": ["public_administration", "social_services"],
        "related_services": [
            "centrum-vlhka",
            "aplikacni-vuz-brno",
            "podane-ruce-terenni-programy",
            "renadi-housing-first",
            "renadi-terenni-programy",
            "renadi-kontaktni-centrum",
        ],
    },
]
