"""Our controlled vocabularies as HSDS taxonomies, and the ``profile`` taxonomy.

Service types, activities, target groups and substances are HSDS attributes whose taxonomy
terms carry our own codes (``code`` = ``Term.code``). What HSDS has no field for travels as
attributes with a term of the ``profile`` taxonomy and a ``value``: the one-sentence summary,
anonymity, the publication state, a location's kind and remote channel, and whether a schedule
also runs on public holidays. Ids of taxonomies and terms are uuid5s of the vocabulary and
code, so they never change.
"""

import dataclasses

from services.hsds.ids import canonical, derive
from services.models import Term, Vocabulary

# The vocabularies that describe a service, with the Service many-to-many field of each.
SERVICE_VOCABULARIES = {
    Vocabulary.SERVICE_TYPE: "types",
    Vocabulary.ACTIVITY: "activities",
    Vocabulary.TARGET_GROUP: "target_groups",
    Vocabulary.SUBSTANCE: "substances",
}
PROFILE = "profile"
PREFIX = "adresar/"  # the ``taxonomy`` name of our terms, e.g. "adresar/service_type"

# Fixed texts (not gettext): an export must not depend on the language of the request.
TAXONOMY_DESCRIPTIONS = {
    Vocabulary.SERVICE_TYPE: "Typy adiktologických služeb (service types).",
    Vocabulary.ACTIVITY: "Činnosti služby (activities).",
    Vocabulary.TARGET_GROUP: "Cílové skupiny (target groups).",
    Vocabulary.SUBSTANCE: "Návykové látky a chování (substances and behaviours).",
    PROFILE: (
        "Vlastnosti služeb českého profilu HSDS, které HSDS 3.0 nemá jako pole; hodnota je "
        "v attribute.value (Czech-profile properties HSDS has no field for; value in "
        "attribute.value)."
    ),
}


@dataclasses.dataclass(frozen=True)
class ProfileTerm:
    code: str
    name_cs: str
    description: str


PROFILE_TERMS = {
    term.code: term
    for term in (
        ProfileTerm("summary", "Krátký popis", "One-sentence summary; value = the text."),
        ProfileTerm(
            "anonymous", "Anonymní služba", "Clients need not give their name; value = true/false."
        ),
        ProfileTerm(
            "publication",
            "Zveřejněno v adresáři",
            "value = published: the source directory shows the service publicly; an importer "
            "may publish it without review.",
        ),
        ProfileTerm(
            "location_kind",
            "Druh místa",
            "value = premises (fixed premises), outreach (a stop of an outreach programme in a "
            "municipality) or remote (phone or online).",
        ),
        ProfileTerm("remote_channel", "Dálkový kanál", "value = phone or online."),
        ProfileTerm(
            "open_on_holidays",
            "Také ve státní svátky",
            "On a schedule: value = true when the sessions also take place on Czech public "
            "holidays (otherwise they do not).",
        ),
    )
}


def taxonomy_id(vocabulary: str) -> str:
    return derive("taxonomy", vocabulary)


def term_id(vocabulary: str, code: str) -> str:
    return derive("taxonomy_term", vocabulary, code)


def taxonomy_name(vocabulary: str) -> str:
    return f"{PREFIX}{vocabulary}"


def taxonomies() -> list[dict]:
    return [
        {
            "id": taxonomy_id(vocabulary),
            "name": taxonomy_name(vocabulary),
            "description": description,
            "version": "1",
        }
        for vocabulary, description in TAXONOMY_DESCRIPTIONS.items()
    ]


def _term(vocabulary: str, code: str, name: str, description: str) -> dict:
    return {
        "id": term_id(vocabulary, code),
        "code": code,
        "name": name,
        "description": description,
        "taxonomy": taxonomy_name(vocabulary),
        "taxonomy_id": taxonomy_id(vocabulary),
        "language": "cs",
    }


def term(obj: Term) -> dict:
    return _term(obj.vocabulary, obj.code, obj.name_cs, obj.description or obj.name_en)


def profile_term(code: str) -> dict:
    entry = PROFILE_TERMS[code]
    return _term(PROFILE, code, entry.name_cs, entry.description)


def all_terms() -> list[dict]:
    """Every term of our taxonomies, in a stable order: one query."""
    terms = Term.objects.filter(vocabulary__in=list(SERVICE_VOCABULARIES))
    vocabulary_order = list(SERVICE_VOCABULARIES)
    ordered = sorted(
        terms, key=lambda t: (vocabulary_order.index(t.vocabulary), t.position, t.name_cs, t.pk)
    )
    return [term(obj) for obj in ordered] + [profile_term(code) for code in PROFILE_TERMS]


def vocabulary_of(taxonomy_term: dict) -> str | None:
    """Which of our vocabularies an incoming HSDS taxonomy_term names, if any."""
    known = [*SERVICE_VOCABULARIES, PROFILE]
    by_id = {taxonomy_id(vocabulary): vocabulary for vocabulary in known}
    detail = taxonomy_term.get("taxonomy_detail")
    for candidate in (
        taxonomy_term.get("taxonomy_id"),
        detail.get("id") if isinstance(detail, dict) else None,
    ):
        if isinstance(candidate, str) and candidate.lower() in by_id:
            return by_id[candidate.lower()]
    names = [taxonomy_term.get("taxonomy")]
    if isinstance(detail, dict):
        names.append(detail.get("name"))
    for name in names:
        if isinstance(name, str):
            bare = name.strip().removeprefix(PREFIX)
            if bare in known:
                return bare
    return None


class Terms:
    """Our terms, to find the one an HSDS taxonomy term is: one query, when made."""

    def __init__(self):
        self.by_key = {(term.vocabulary, term.code): term for term in Term.objects.all()}
        self.keys_by_id = {term_id(v, c): (v, c) for (v, c) in self.by_key}

    def key(self, term: dict, vocabulary: str | None) -> tuple[str, str] | None:
        """The (vocabulary, code) of ours that ``term`` is: by its id, else by its code within
        ``vocabulary``, else by a code only one of the service vocabularies has."""
        found = canonical(term.get("id"))
        if found in self.keys_by_id:
            return self.keys_by_id[found]
        code = term.get("code")
        if not isinstance(code, str):
            return None
        if vocabulary is not None:
            return (vocabulary, code) if (vocabulary, code) in self.by_key else None
        matches = [key for key in self.by_key if key[1] == code and key[0] in SERVICE_VOCABULARIES]
        return matches[0] if len(matches) == 1 else None
