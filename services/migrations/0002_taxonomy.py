"""Seed the controlled vocabularies with stable codes (used in URLs, the API and HSDS files)."""

from django.db import migrations

TERMS = {
    "service_type": [
        ("contact_centre", "Kontaktní centrum", "Contact centre"),
        ("outreach", "Terénní program", "Outreach programme"),
        ("harm_reduction", "Snižování rizik (harm reduction)", "Harm reduction"),
        ("outpatient", "Adiktologická ambulance", "Addiction outpatient clinic"),
        ("substitution", "Substituční léčba", "Substitution treatment"),
        ("housing_first", "Housing First", "Housing First"),
        ("wet_service", "Mokrá služba", "Wet service"),
        ("consumption_van", "Aplikační vůz", "Safer-consumption van"),
        ("aftercare", "Doléčovací program", "Aftercare"),
        ("therapeutic_community", "Terapeutická komunita", "Therapeutic community"),
        ("inpatient", "Ústavní léčba", "Inpatient treatment"),
        ("crisis_help", "Krizová pomoc", "Crisis help"),
        ("counselling", "Poradenství", "Counselling"),
        ("self_help", "Svépomocná skupina", "Self-help group"),
        ("prevention", "Primární prevence", "Prevention"),
    ],
    "activity": [
        ("needle_exchange", "Výměna injekčního materiálu", "Needle and syringe exchange"),
        ("testing", "Testování (HIV, HCV, syfilis)", "Testing (HIV, HCV, syphilis)"),
        ("naloxone", "Naloxon", "Naloxone"),
        ("social_work", "Sociální práce", "Social work"),
        ("case_management", "Případová práce", "Case management"),
        ("crisis_intervention", "Krizová intervence", "Crisis intervention"),
        ("counselling", "Poradenství", "Counselling"),
        ("family_counselling", "Poradenství pro rodiče a blízké", "Counselling for families"),
        ("information", "Informační servis", "Information service"),
        ("treatment_referral", "Zprostředkování léčby", "Referral to treatment"),
        ("food_bank", "Potravinová banka", "Food bank"),
        ("hygiene", "Hygienický servis", "Hygiene service"),
        ("basic_medical_care", "Základní zdravotní ošetření", "Basic medical care"),
        ("controlled_drinking", "Program kontrolovaného pití", "Controlled drinking programme"),
        ("supervised_consumption", "Bezpečnější aplikace", "Supervised consumption"),
        ("syringe_collection", "Sběr pohozených stříkaček", "Collection of discarded syringes"),
        ("housing_support", "Podpora v bydlení", "Housing support"),
        ("psychotherapy", "Psychoterapie", "Psychotherapy"),
    ],
    "target_group": [
        ("problem_drug_users", "Problémoví uživatelé drog (EMCDDA)", "Problem drug users (EMCDDA)"),
        ("risky_users", "Rizikově užívající", "People who use drugs riskily"),
        ("women_who_use_drugs", "Uživatelky drog", "Women who use drugs"),
        ("experimenters", "Experimentátoři", "Experimenters"),
        ("family", "Rodiče a blízcí", "Parents and close ones"),
        ("homeless", "Lidé bez domova", "People experiencing homelessness"),
        ("young_people", "Děti a mládež", "Children and young people"),
        ("public", "Veřejnost", "The public"),
    ],
    "substance": [
        ("opioids", "Opioidy", "Opioids"),
        ("pervitin", "Pervitin (metamfetamin)", "Pervitin (methamphetamine)"),
        ("alcohol", "Alkohol", "Alcohol"),
        ("cannabis", "Konopné látky", "Cannabis"),
        ("cocaine", "Kokain", "Cocaine"),
        ("new_psychoactive", "Nové psychoaktivní látky", "New psychoactive substances"),
        ("medicines", "Léky (benzodiazepiny aj.)", "Medicines (benzodiazepines etc.)"),
        ("nicotine", "Tabák a nikotin", "Tobacco and nicotine"),
        ("gambling", "Hazardní hraní", "Gambling"),
    ],
    "language": [
        ("cs", "čeština", "Czech"),
        ("sk", "slovenština", "Slovak"),
        ("en", "angličtina", "English"),
        ("de", "němčina", "German"),
        ("uk", "ukrajinština", "Ukrainian"),
        ("ru", "ruština", "Russian"),
        ("pl", "polština", "Polish"),
        ("vi", "vietnamština", "Vietnamese"),
        ("rom", "romština", "Romani"),
    ],
    "audience": [
        ("ospod", "OSPOD", "Child protection (OSPOD)"),
        ("social_services", "Sociální služby", "Social services"),
        ("health", "Zdravotnictví", "Health care"),
        ("schools", "Školy", "Schools"),
        ("police_probation", "Policie a probace", "Police and probation"),
        ("public_administration", "Obce a kraje", "Municipalities and regions"),
        ("public", "Veřejnost", "The public"),
    ],
}


def seed(apps, schema_editor):
    Term = apps.get_model("services", "Term")
    for vocabulary, terms in TERMS.items():
        for position, (code, name_cs, name_en) in enumerate(terms):
            Term.objects.update_or_create(
                vocabulary=vocabulary,
                code=code,
                defaults={"name_cs": name_cs, "name_en": name_en, "position": position},
            )


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
