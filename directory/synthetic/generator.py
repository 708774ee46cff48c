"""What every kind of synthetic record draws on: the random generator, the day, the places by
ORP with each ORP's seat, the taxonomy's ids, and the rows waiting to be written."""

import dataclasses
import datetime
import random
from collections import Counter, defaultdict

from django.utils import translation

from directory.models import Organization, Orp, Region
from directory.synthetic.data import SERVICE_TYPES
from directory.text import fold
from services.models import Term, Vocabulary

PREFIX = "syn-"
BATCH = 2_000


@dataclasses.dataclass
class Place:
    id: int
    code: str
    name: str
    orp_id: int
    region_id: int
    latitude: float | None
    longitude: float | None
    postal_code: str


class Rows:
    """Rows waiting for bulk_create, written in batches to keep memory flat."""

    def __init__(self, counts: Counter):
        self.counts = counts
        self.pending: dict[type, list] = defaultdict(list)

    def add(self, obj):
        self.pending[type(obj)].append(obj)

    def flush(self, model):
        objs = self.pending.pop(model, [])
        for start in range(0, len(objs), BATCH):
            model.objects.bulk_create(objs[start : start + BATCH])
        meta = model._meta
        with translation.override(None):  # stable English keys whatever the active language
            label = f"{meta.db_table} rows" if meta.auto_created else str(meta.verbose_name_plural)
        self.counts[label] += len(objs)
        return objs


class Generator:
    def __init__(self, places: list[Place], rng: random.Random, today: datetime.date):
        self.rng = rng
        self.today = today
        self.places = places
        self.counts = Counter()
        self.rows = Rows(self.counts)
        self.terms = {(t.vocabulary, t.code): t.pk for t in Term.objects.all()}
        self.by_orp: dict[int, list[Place]] = defaultdict(list)
        for place in places:
            self.by_orp[place.orp_id].append(place)
        orp_names = dict(Orp.objects.values_list("id", "search_name"))
        # The seat of an ORP is the municipality of the same name (else its first by code):
        # where services and organizations mostly are.
        self.seats = {}
        for orp_id, members in self.by_orp.items():
            named = [p for p in members if fold(p.name) == orp_names.get(orp_id)]
            self.seats[orp_id] = (named or members)[0]
        self.orp_ids = sorted(self.by_orp)
        self.orps_in_region: dict[int, list[int]] = defaultdict(list)
        for orp_id in self.orp_ids:
            self.orps_in_region[self.seats[orp_id].region_id].append(orp_id)
        self.region_ids = sorted(Region.objects.values_list("id", flat=True))
        self.used_icos = set(Organization.objects.exclude(ico="").values_list("ico", flat=True))
        type_codes = [code for code in SERVICE_TYPES if (Vocabulary.SERVICE_TYPE, code) in self]
        self.type_codes = type_codes
        self.type_weights = [SERVICE_TYPES[code][0] for code in type_codes]

    def __contains__(self, key):
        return key in self.terms

    def term(self, vocabulary, code) -> int | None:
        return self.terms.get((vocabulary, code))


def phone(rng: random.Random) -> str:
    digits = f"{rng.choice([5, 6, 7])}{rng.randint(10_000_000, 99_999_999)}"
    return f"+420 {digits[:3]} {digits[3:6]} {digits[6:]}"
