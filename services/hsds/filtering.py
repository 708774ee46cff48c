"""The directory's own search filters on ``/api/services``: town, day, time, open_now, type …

SWAP POINT. This module stands in for ``services.filters.ServiceFilter``, the FilterSet of the
HTML search (STYLE.md 11: one definition of "matches" for the page, the CSV and the API). Once
that is merged, ``apply`` shrinks to::

    filterset = ServiceFilter(data, queryset=queryset)
    if not filterset.is_valid():
        raise FilterError(filterset.errors)
    return filterset.qs

and ``PARAMETERS`` (documented in /api/openapi.json) should list the FilterSet's names.
Until then the filtering uses the same QuerySet methods the FilterSet builds on
(``listed()``, ``available(town=…, when=When(…), today=…)``).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from directory.models import Municipality, Orp, Region
from directory.text import fold
from services import weekdays
from services.models import Location, Service, ServiceArea, Term, Vocabulary
from services.querysets import When

# name → (vocabulary, Service many-to-many field) for the repeatable taxonomy filters.
TERM_PARAMETERS = {
    "type": (Vocabulary.SERVICE_TYPE, "types"),
    "target": (Vocabulary.TARGET_GROUP, "target_groups"),
    "substance": (Vocabulary.SUBSTANCE, "substances"),
    "activity": (Vocabulary.ACTIVITY, "activities"),
    "language": (Vocabulary.LANGUAGE, "languages"),
}
MULTIPLE = ("day", *TERM_PARAMETERS)
PARAMETERS = (
    "q",
    "town",
    "orp",
    "region",
    "day",
    "time",
    "open_now",
    "date",
    *TERM_PARAMETERS,
    "age",
    "anonymous",
    "free",
)


class FilterError(Exception):
    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


class _Flag(forms.NullBooleanField):
    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        lowered = str(value).strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off"}:
            return False
        raise ValidationError("Use 1 or 0 (true or false).")


class _Codes(forms.MultipleChoiceField):
    """Taxonomy codes; the choices are filled from the database by the form (one query)."""

    def valid_value(self, value):
        return value in self.codes

    codes: set = frozenset()


def _place(queryset, text, *, by_code, by_name, label, code):
    """A place by code, slug or name (ignoring case and diacritics); a clear error if the name
    is unknown or repeats (then the message lists the candidates with their codes)."""
    text = text.strip()
    for lookup in (by_code, "slug"):
        if lookup:
            found = queryset.filter(**{lookup: text}).first()
            if found is not None:
                return found
    matches = by_name(text)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ValidationError(f"No {label} called {text!r}.")
    options = "; ".join(f"{getattr(m, 'label', m)} = {getattr(m, code)}" for m in matches[:10])
    raise ValidationError(f"{text!r} names several places; use the code: {options}.")


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    town = forms.CharField(required=False, max_length=100)
    orp = forms.CharField(required=False, max_length=100)
    region = forms.CharField(required=False, max_length=100)
    day = forms.MultipleChoiceField(
        required=False, choices=[(code, code) for code in weekdays.CODES]
    )
    time = forms.TimeField(required=False, input_formats=["%H:%M"])
    open_now = _Flag(required=False)
    date = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    type = _Codes(required=False)
    target = _Codes(required=False)
    substance = _Codes(required=False)
    activity = _Codes(required=False)
    language = _Codes(required=False)
    age = forms.IntegerField(required=False, min_value=0, max_value=120)
    anonymous = _Flag(required=False)
    free = _Flag(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        asked = [name for name in TERM_PARAMETERS if self.data.getlist(name)]
        if asked:
            vocabularies = [TERM_PARAMETERS[name][0] for name in asked]
            codes = Term.objects.filter(vocabulary__in=vocabularies).values_list(
                "vocabulary", "code"
            )
            by_vocabulary: dict[str, set] = {}
            for vocabulary, code in codes:
                by_vocabulary.setdefault(vocabulary, set()).add(code)
            for name in asked:
                self.fields[name].codes = by_vocabulary.get(TERM_PARAMETERS[name][0], set())

    def clean_town(self):
        text = self.cleaned_data["town"]
        if not text:
            return None
        return _place(
            Municipality.objects.with_orp(),
            text,
            by_code="code" if text.strip().isdigit() else None,
            by_name=lambda t: list(Municipality.objects.with_orp().named(t)[:20]),
            label="municipality",
            code="code",
        )

    def clean_orp(self):
        text = self.cleaned_data["orp"]
        if not text:
            return None
        return _place(
            Orp.objects.with_region(),
            text,
            by_code="csu_code" if text.strip().isdigit() else None,
            by_name=lambda t: list(Orp.objects.filter(search_name=fold(t))[:20]),
            label="ORP",
            code="csu_code",
        )

    def clean_region(self):
        text = self.cleaned_data["region"]
        if not text:
            return None
        nuts = text.strip().lower().startswith("cz")
        return _place(
            Region.objects.all(),
            text.upper() if nuts else text,
            by_code="nuts_code" if nuts else "csu_code",
            by_name=lambda t: [
                region
                for region in Region.objects.all()  # 14 rows
                if fold(t) in {fold(region.name), fold(region.name).removeprefix("kraj ")}
            ],
            label="region",
            code="nuts_code",
        )


def normalise(params):
    """Repeatable filters also accept comma-separated values: ``day=mon,thu``."""
    data = params.copy()
    for name in MULTIPLE:
        values = [part.strip() for value in params.getlist(name) for part in value.split(",")]
        data.setlist(name, [value for value in values if value])
    return data


def is_filtering(params) -> bool:
    return any(params.get(name) for name in PARAMETERS)


def _has_term(field: str, codes, service_ref: str):
    through = getattr(Service, field).through
    return Exists(through.objects.filter(service_id=OuterRef(service_ref), term__code__in=codes))


def apply(queryset, params, *, now=None):
    """Services of ``queryset`` matching the directory filters in ``params``.

    Raises FilterError with {parameter: [messages]} on bad input. Adds no query per result:
    the filters are EXISTS subqueries; validation costs a query per place and one for codes.
    """
    if not is_filtering(params):
        return queryset
    form = DirectoryFilterForm(normalise(params))
    if not form.is_valid():
        raise FilterError({name: list(errors) for name, errors in form.errors.items()})
    data = form.cleaned_data
    now = timezone.localtime(now)
    today = now.date()
    queryset = queryset.listed()  # like the HTML search: active and planned services only
    for word in fold(data["q"]).split():
        queryset = queryset.filter(search_text__contains=word)
    when = When(
        days=weekdays.from_codes(data["day"]) if data["day"] else 0,
        time=data["time"],
        date=data["date"],
    )
    if data["open_now"]:
        when = When(days=when.days, time=now.time().replace(microsecond=0), date=today)
    if data["town"] is not None or when.is_set:
        queryset = queryset.available(town=data["town"], when=when, today=today)
    if data["orp"] is not None:
        orp = data["orp"]
        queryset = queryset.filter(
            Exists(Location.objects.filter(service=OuterRef("pk"), municipality__orp=orp))
            | Exists(
                ServiceArea.objects.filter(service=OuterRef("pk")).filter(
                    Q(orp=orp) | Q(municipality__orp=orp) | Q(region=orp.region_id)
                )
            )
        )
    if data["region"] is not None:
        region = data["region"]
        queryset = queryset.filter(
            Exists(Location.objects.filter(service=OuterRef("pk"), municipality__region=region))
            | Exists(
                ServiceArea.objects.filter(service=OuterRef("pk")).filter(
                    Q(region=region) | Q(orp__region=region) | Q(municipality__region=region)
                )
            )
        )
    for name, (_vocabulary, field) in TERM_PARAMETERS.items():
        if data[name]:
            queryset = queryset.filter(_has_term(field, data[name], "pk"))
    if data["age"] is not None:
        age = data["age"]
        queryset = queryset.filter(
            Q(min_age__isnull=True) | Q(min_age__lte=age),
            Q(max_age__isnull=True) | Q(max_age__gte=age),
        )
    if data["anonymous"]:
        queryset = queryset.filter(is_anonymous=True)
    if data["free"]:
        queryset = queryset.filter(is_free=True)
    return queryset
