"""Names, texts and proportions for the synthetic data (directory/synthetic/).

Codes are those of the taxonomy (services/migrations/0002_taxonomy.py).
"""

from directory.models import LegalForm
from services.models import MpsvParagraph

# Service type code → (weight, names of services of that type).
SERVICE_TYPES = {
    "outreach": (20, ["Terénní program", "Terénní sociální práce", "Streetwork"]),
    "contact_centre": (12, ["Kontaktní centrum", "K-centrum", "Nízkoprahové kontaktní centrum"]),
    "outpatient": (14, ["Adiktologická ambulance", "Ambulance pro závislosti"]),
    "counselling": (14, ["Poradna pro závislosti", "Adiktologická poradna", "Rodinná poradna"]),
    "prevention": (8, ["Program primární prevence", "Preventivní programy pro školy"]),
    "self_help": (8, ["Svépomocná skupina", "Skupina AA", "Skupina pro blízké"]),
    "aftercare": (6, ["Doléčovací centrum", "Doléčovací program"]),
    "crisis_help": (5, ["Krizové centrum", "Linka důvěry", "Krizová pomoc"]),
    "therapeutic_community": (3, ["Terapeutická komunita"]),
    "housing_first": (3, ["Housing First"]),
    "substitution": (3, ["Substituční centrum", "Substituční ambulance"]),
    "wet_service": (2, ["Mokrý dům", "Mokrá služba"]),
    "inpatient": (2, ["Oddělení léčby závislostí"]),
    "consumption_van": (1, ["Aplikační vůz"]),
}
MPSV = {
    "outreach": MpsvParagraph.OUTREACH,
    "contact_centre": MpsvParagraph.CONTACT_CENTRE,
    "counselling": MpsvParagraph.COUNSELLING,
    "aftercare": MpsvParagraph.AFTERCARE,
    "crisis_help": MpsvParagraph.CRISIS_HELP,
    "therapeutic_community": MpsvParagraph.THERAPEUTIC_COMMUNITY,
}
# Types that travel to their clients (outreach stops) and that answer remotely.
TRAVELLING = {"outreach", "consumption_van"}
REMOTE_FIRST = {"crisis_help", "counselling"}
EXTRA_TYPES = {
    "outreach": ["harm_reduction"],
    "contact_centre": ["harm_reduction"],
    "consumption_van": ["harm_reduction"],
    "outpatient": ["counselling"],
}
ACTIVITIES = {
    "outreach": ["needle_exchange", "testing", "naloxone", "social_work", "syringe_collection"],
    "contact_centre": ["needle_exchange", "testing", "hygiene", "food_bank", "social_work"],
    "consumption_van": ["supervised_consumption", "needle_exchange", "naloxone"],
    "outpatient": ["psychotherapy", "counselling", "treatment_referral", "family_counselling"],
    "counselling": ["counselling", "family_counselling", "information", "crisis_intervention"],
    "crisis_help": ["crisis_intervention", "counselling", "information"],
    "housing_first": ["housing_support", "case_management", "social_work"],
    "wet_service": ["controlled_drinking", "housing_support", "basic_medical_care"],
    "aftercare": ["case_management", "psychotherapy", "housing_support"],
}
TARGET_GROUPS = {
    "prevention": ["young_people", "public", "experimenters"],
    "self_help": ["family", "risky_users"],
    "housing_first": ["homeless", "problem_drug_users"],
    "wet_service": ["homeless", "risky_users"],
}
DEFAULT_TARGET_GROUPS = ["problem_drug_users", "risky_users", "women_who_use_drugs", "family"]
SUBSTANCES = ["pervitin", "opioids", "alcohol", "cannabis", "medicines", "new_psychoactive"]
EXTRA_LANGUAGES = ["sk", "en", "uk", "ru", "vi", "rom"]

ORGANIZATION_NAMES = [
    (LegalForm.CHURCH, "Oblastní charita {town}"),
    (LegalForm.CHURCH, "Diakonie {town}"),
    (LegalForm.INSTITUTE, "Centrum adiktologických služeb {town}"),
    (LegalForm.ASSOCIATION, "Spolek {word} {town}"),
    (LegalForm.PUBLIC_BENEFIT, "{word} {town}, o.p.s."),
    (LegalForm.HEALTH, "Nemocnice {town}"),
    (LegalForm.CONTRIBUTORY, "Centrum sociálních služeb {town}"),
]
WORDS = ["Most", "Cesta", "Naděje", "Krok", "Prostor", "Kotva", "Světlo", "Dotek", "Přístav"]
STREETS = ["Masarykova", "Nádražní", "Husova", "Palackého", "Komenského", "Riegrova", "Školní"]
SUMMARIES = {
    "outreach": "Vyhledáváme lidi, kteří užívají drogy, přímo v ulicích a nabízíme jim pomoc.",
    "contact_centre": "Bezpečné místo pro lidi, kteří užívají drogy: výměna, testy, poradenství.",
    "outpatient": "Ambulantní léčba závislostí na alkoholu, drogách a hazardu.",
    "counselling": "Poradenství pro lidi se závislostí a jejich rodiče a blízké.",
    "prevention": "Programy primární prevence pro základní a střední školy.",
    "self_help": "Pravidelná setkání lidí, kteří chtějí abstinovat, a jejich blízkých.",
    "aftercare": "Podpora po léčbě: skupiny, bydlení, práce.",
    "crisis_help": "Okamžitá pomoc v krizi, anonymně a zdarma.",
    "therapeutic_community": "Dlouhodobá pobytová léčba v komunitě.",
    "housing_first": "Nejdřív bydlení: byt bez podmínky abstinence a podpora v něm.",
    "substitution": "Substituční léčba pro lidi závislé na opioidech.",
    "wet_service": "Bydlení a péče pro lidi, kteří pijí, s programem kontrolovaného pití.",
    "inpatient": "Ústavní léčba závislostí.",
    "consumption_van": "Aplikační vůz: bezpečnější užití pod dohledem zdravotníka.",
}
SUBSTANCE_WORDS = {
    "pervitin": "pervitin",
    "opioids": "heroin a jiné opioidy",
    "alcohol": "alkohol",
    "cannabis": "marihuanu",
    "medicines": "léky",
    "new_psychoactive": "nové syntetické drogy",
    "cocaine": "kokain",
    "gambling": "hazard",
    "nicotine": "tabák",
}
CLOSURE_REASONS = ["Dovolená", "Rekonstrukce prostor", "Školení týmu", "Nemoc pracovníků"]
EVENT_TOPICS = [
    "Harm reduction v praxi",
    "Spolupráce s OSPOD",
    "Pervitin a rodina",
    "Komunitní plánování protidrogové politiky",
    "Naloxon a předávkování",
    "Housing First v kraji",
    "Děti a mládež a návykové látky",
    "Hazardní hraní",
]
