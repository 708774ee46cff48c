"""The one definition of what a search matches: the HTML page, the CSV export and the API.

``ServiceFilter(request.GET, queryset=Service.objects.listed())`` validates every parameter of
the URL contract (PRODUCT.md) and filters in the database. Place and time are applied together
(``ServiceQuerySet.available``): "in Humpolec on Thursday" needs a Thursday session *in
Humpolec*, not a Thursday session anywhere plus some link to Humpolec. An invalid form filters
to nothing, never to a silently wider result. Ordering by name and distance happens in the
database; ``sort=next_open`` is left to the caller (the page sorts a bounded list in Python).
"""

import copy
import datetime
import hashlib
import math

import django_filters
from django import forms
from django.db import models
from django.db.models import ExpressionWrapper, F, FloatField, Max, Min, Q, Value
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory.cache import cached_until_change
from directory.text import fold
from services import towns, weekdays
from services.models import (
    Location,
    LocationKind,
    Service,
    ServiceAtLocation,
    ServiceCapacity,
    Term,
    Vocabulary,
)
from services.querysets import When, location_distance_sq

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 10
MAX_TOWN_LENGTH = 100
EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)

TERM_FILTERS = {
    "type": (Vocabulary.SERVICE_TYPE, "types"),
    "target": (Vocabulary.TARGET_GROUP, "target_groups"),
    "substance": (Vocabulary.SUBSTANCE, "substances"),
    "activity": (Vocabulary.ACTIVITY, "activities"),
    "language": (Vocabulary.LANGUAGE, "languages"),
}
# The parameters of the URL contract that describe a search (not page, format or print).
PARAMS = (
    "q",
    "town",
    "orp",
    "region",
    "day",
    "time",
    "open_now",
    "date",
    *TERM_FILTERS,
    "age",
    "anonymous",
    "free",
    "capacity",
    "sort",
    "within",
    "lat",
    "lon",
)

# The "V okolí" radius: default and bounds (km).
NEARBY_KM, MIN_NEARBY_KM, MAX_NEARBY_KM = 25, 1, 100
# "V okolí" tests the filters on this many of the nearest services the search did not find
# first, in one query (ServiceFilter.nearby); the rest only when too few of them match.
NEARBY_CANDIDATES = 120
# A position must be in or near the Czech Republic (its extreme points, with a margin).
LATITUDES, LONGITUDES = (48.4, 51.2), (11.9, 19.0)


# search_text begins with the folded name: an order that ignores case and diacritics the same
# way on SQLite (byte order) and PostgreSQL (whatever the database collation).
BY_NAME = ("search_text", "name", "id")


class Sort(models.TextChoices):
    NAME = "name", _("name")
    DISTANCE = "distance", _("distance from the town")
    NEXT_OPEN = "next_open", _("next opening")


TRUE = {"1", "on", "true", "yes"}
FALSE = {"", "0", "off", "false", "no"}


def _is_true(value) -> bool:
    return value is True or str(value or "").strip().lower() in TRUE


class FlagInput(forms.CheckboxInput):
    """A checkbox sending ``1`` whose raw value reaches the field, so junk is an error and not
    silently "on" (Django's CheckboxInput turns any unknown string into True)."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=_is_true)

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def format_value(self, value):
        return "1"


class FlagField(forms.Field):
    """A checkbox parameter: ``1`` (or on/true/yes) for yes; empty or ``0`` for "don't care"."""

    widget = FlagInput
    default_error_messages = {"invalid": _("Use 1 to turn this on, or leave it out.")}

    def to_python(self, value):
        value = (value or "").strip().lower()
        if value in TRUE:
            return True
        if value in FALSE:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class FlagFilter(django_filters.Filter):
    field_class = FlagField


# ``capacity=free``: the one value the capacity filter knows (issue 20).
CAPACITY_FREE = "free"


class CapacityInput(forms.CheckboxInput):
    """A checkbox sending ``capacity=free``."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: value == CAPACITY_FREE)

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def format_value(self, value):
        return CAPACITY_FREE


class CapacityField(forms.CharField):
    """``free`` or nothing. Any other value is dropped by ``SearchForm.clean_capacity`` with
    a notice, never an error: the search still answers (without this filter)."""

    widget = CapacityInput

    def to_python(self, value):
        return (value or "").strip().lower()


class CapacityFilter(django_filters.Filter):
    field_class = CapacityField


class CodesField(django_filters.fields.MultipleChoiceField):
    """Repeatable codes: ``day=mon&day=thu`` or ``day=mon,thu`` (as the API has it); an empty
    one (``type=``) means no filter."""

    def to_python(self, value):
        return [code for item in super().to_python(value) for code in item.split(",") if code]


class CodesFilter(django_filters.MultipleChoiceFilter):
    field_class = CodesField


class SearchForm(forms.Form):
    """Validation that needs several parameters: the place and the time of a search.

    The page writes its fields with one template (``services.search_form``).

    After validation: ``place`` (a Municipality, Orp, Region or None — the most specific one
    given), ``town`` (the Municipality or None), ``part`` (the city district or part of it the
    town field named, or None), ``resolution`` (for an ambiguous or unknown town, what to offer
    instead) and ``when``.
    """

    place = town = part = orp = region = resolution = None
    # What was ignored rather than refused (an unknown ``capacity``), for the page to say.
    notices: tuple[str, ...] = ()
    # Where distances are measured from: the position searched around, else the town.
    origin = None
    when = When()
    now = None

    def clean_town(self):
        text = self.cleaned_data.get("town") or ""
        if not text:
            return text
        self.resolution = towns.resolve(text)
        if self.resolution.is_ambiguous:
            raise forms.ValidationError(
                _("Several towns are called “%(name)s”: choose one."),
                code="ambiguous",
                params={"name": text},
            )
        if self.resolution.is_unknown:
            raise forms.ValidationError(
                _("No town called “%(name)s” was found. Check the spelling or try a postal code."),
                code="unknown",
                params={"name": text},
            )
        self.town = self.resolution.municipality
        self.part = self.resolution.part
        return text

    def clean_orp(self):
        text = self.cleaned_data.get("orp") or ""
        if text:
            self.orp = towns.resolve_orp(text)
            if self.orp is None:
                raise forms.ValidationError(
                    _("No ORP “%(name)s” was found."), code="unknown", params={"name": text}
                )
        return text

    def clean_region(self):
        text = self.cleaned_data.get("region") or ""
        if text:
            self.region = towns.resolve_region(text)
            if self.region is None:
                raise forms.ValidationError(
                    _("No region “%(name)s” was found."), code="unknown", params={"name": text}
                )
        return text

    def clean_capacity(self):
        value = self.cleaned_data.get("capacity") or ""
        if value not in ("", CAPACITY_FREE):
            self.notices = (
                *self.notices,
                _("“%(value)s” is not a capacity filter (use capacity=free): ignored.")
                % {"value": value[:20]},
            )
            return ""
        return value

    def clean_date(self):
        date = self.cleaned_data.get("date")
        if date and not EARLIEST_DATE <= date <= LATEST_DATE:
            raise forms.ValidationError(
                _("Enter a date between 2000 and 2100."), code="out_of_range"
            )
        return date

    def clean(self):
        data = super().clean()
        if self.town and self.orp and self.town.orp_id != self.orp.pk:
            self.add_error(
                "orp",
                _("%(town)s is in ORP %(orp)s.")
                % {"town": self.town.name, "orp": self.town.orp.name},
            )
        region = self.region
        inner = self.town or self.orp
        if inner is not None and region is not None and inner.region_id != region.pk:
            self.add_error(
                "region",
                _("%(place)s is in %(region)s.") % {"place": inner.name, "region": inner.region},
            )
        self._clean_position(data)
        self.place = self.town or self.orp or self.region
        if self.origin is None:
            self.origin = towns.coordinates(self.town)
        days = weekdays.from_codes(data.get("day") or [])
        self.now = timezone.localtime()  # Prague (TIME_ZONE)
        if data.get("open_now"):
            if data.get("date") or data.get("time"):
                self.add_error(
                    "open_now", _("“Open now” sets the date and time: leave those empty.")
                )
            self.when = When(
                days=days,
                time=self.now.time().replace(second=0, microsecond=0),
                date=self.now.date(),
            )
        else:
            self.when = When(days=days, time=data.get("time"), date=data.get("date"))
        return data

    def _clean_position(self, data):
        """``lat`` and ``lon`` together search around a point: the municipality nearest to it
        is the place (so its coverage applies), distances are measured from the point."""
        lat, lon = data.get("lat"), data.get("lon")
        if lat is None and lon is None:
            return
        if lat is None or lon is None:
            missing = "lat" if lat is None else "lon"
            self.add_error(missing, _("Give both lat and lon, or neither."))
            return
        if data.get("town") or self.town is not None:
            self.add_error("lat", _("Search either by town or by position: clear the town."))
            return
        if not LATITUDES[0] <= lat <= LATITUDES[1] or not LONGITUDES[0] <= lon <= LONGITUDES[1]:
            self.add_error("lat", _("This position is outside the Czech Republic."))
            return
        self.town = towns.nearest_municipality(float(lat), float(lon))
        if self.town is None:
            self.add_error("lat", _("No municipality with a known position is near this point."))
            return
        self.origin = (float(lat), float(lon))


def _near_margin_km() -> float:
    """How far from its municipality's centre a location's own point lies at most (km): the
    locations within a radius of a point belong to municipalities whose centre lies within the
    radius plus this. From the data (a few hundred metres in a village, kilometres in a city),
    kept until a listing or place changes, so the box of municipalities is as small as the
    data allows and never too small."""
    return cached_until_change("near-margin-km", _farthest_own_point_km)


def _farthest_own_point_km() -> float:
    # Degrees of longitude scaled by the cosine at the country's southern edge, where they are
    # longest: the margin may come out a little long, never short.
    scale = math.cos(math.radians(LATITUDES[0]))
    d_lat = F("latitude") - F("municipality__latitude")
    d_lon = (F("longitude") - F("municipality__longitude")) * Value(scale)
    farthest = (
        Location.objects.exclude(latitude=None)
        .exclude(municipality=None)
        .aggregate(
            d=Max(ExpressionWrapper(d_lat * d_lat + d_lon * d_lon, output_field=FloatField()))
        )
    )["d"]
    # A hundred metres more for the rounding of the box's bounds.
    return math.sqrt(farthest or 0) * towns.KM_PER_DEGREE_OF_LATITUDE + 0.1


def _nearest_services(origin: tuple[float, float], km: float):
    """(service id, squared distance in degrees of latitude) of the services with premises or
    an outreach stop within ``km`` of ``origin``, nearest first (by their nearest location,
    then by name as the results are sorted). Slice it: one query a slice.

    Only the locations of the municipalities in a box around the point are looked at (the
    municipalities' position index, then locations by municipality): a few thousand at most,
    grouped by service in the database. Read through the service–location links, so that a
    shared location counts for each of its services and ``service`` is one service.
    """
    latitude, longitude = origin
    towns_near = towns.municipalities_near(latitude, longitude, km + _near_margin_km()).values("pk")
    radius = km / towns.KM_PER_DEGREE_OF_LATITUDE
    return (
        ServiceAtLocation.objects.filter(location__municipality__in=towns_near)
        .exclude(location__kind=LocationKind.REMOTE)
        .annotate(d=location_distance_sq(latitude, longitude, "location__"))
        .filter(d__lte=radius * radius)
        .values("service_id")
        .annotate(nearest=Min("d"))
        # The name only orders (and so groups): it is not fetched, a few hundred texts a query.
        .order_by("nearest", "service__search_text", "service_id")
        .values_list("service_id", "nearest")
    )


# The search's own results "Nearby" leaves out: the page's query fetches up to this many ids.
NEARBY_EXCLUDED = 1000
# The nearest services are kept per place and radius in slices of this many rows.
NEAREST_SLICE = 250


def _nearest_kept(origin: tuple[float, float], km: float, count: int) -> list[tuple[int, float]]:
    """The first ``count`` of ``_nearest_services``, which depend on the place and the radius
    only: every search of the place (another day, type or page, anybody's) reads them from the
    cache until a listing changes. Kept rounded up to whole slices, so that searches of the
    place that leave out a few more or fewer of their own results share them."""
    kept = -(-count // NEAREST_SLICE) * NEAREST_SLICE
    key = f"nearest-services:{origin[0]!r}:{origin[1]!r}:{km}:{kept}"
    return cached_until_change(key, lambda: list(_nearest_services(origin, km)[:kept]))[:count]


TERM_COLUMNS = ("id", "vocabulary", "code", "name_cs", "name_en", "position")


def term_rows() -> list[tuple]:
    """``TERM_COLUMNS`` of every term, in the terms' order, for the filters' choices and the
    cards' types: from the cache, as every search would otherwise read the same sixty-odd rows."""
    return cached_until_change(
        "search-terms", lambda: list(Term.objects.values_list(*TERM_COLUMNS))
    )


class _ShallowCopied(dict):
    """The declared filters, which django-filter deep-copies for every FilterSet (a thousand
    objects a search, the lazy labels and choices included). The filters here keep no state of
    their own but ``parent`` and ``model``, which FilterSet sets on each copy, and their built
    field, which only the cached form class uses: a shallow copy of each does."""

    def __deepcopy__(self, memo):
        filters = {name: copy.copy(filter_) for name, filter_ in self.items()}
        for filter_ in filters.values():
            if filter_.method is not None:
                filter_.method = filter_.method  # bound to the copy: its parent's method
        return filters


class ServiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search text"),
        method="filter_text",
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Words from the name or description of the service or its organization."),
    )
    town = django_filters.CharFilter(
        label=_("Town"),
        method="filter_later",
        max_length=MAX_TOWN_LENGTH,
        help_text=_("Town name, postal code (e.g. 396 01) or municipality code."),
    )
    orp = django_filters.CharFilter(
        label=_("ORP"), method="filter_later", max_length=MAX_TOWN_LENGTH
    )
    region = django_filters.CharFilter(
        label=_("Region"), method="filter_later", max_length=MAX_TOWN_LENGTH
    )
    day = CodesFilter(
        label=_("Days"),
        method="filter_later",
        choices=list(zip(weekdays.CODES, weekdays.NAMES, strict=True)),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not a day: use mon, tue, wed, thu, fri, sat or sun."
            )
        },
    )
    time = django_filters.TimeFilter(
        label=_("Time"),
        method="filter_later",
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time as HH:MM, e.g. 14:30.")},
    )
    open_now = FlagFilter(label=_("Open now"), method="filter_later")
    date = django_filters.DateFilter(
        label=_("Date"),
        method="filter_later",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter an existing date as YYYY-MM-DD, e.g. 2026-11-26.")},
    )
    type = CodesFilter(
        label=_("Type of service"), method="filter_terms", widget=forms.CheckboxSelectMultiple
    )
    target = CodesFilter(
        label=_("Target group"), method="filter_terms", widget=forms.CheckboxSelectMultiple
    )
    substance = CodesFilter(
        label=_("Substance or behaviour"),
        method="filter_terms",
        widget=forms.CheckboxSelectMultiple,
    )
    activity = CodesFilter(
        label=_("Activity"), method="filter_terms", widget=forms.CheckboxSelectMultiple
    )
    language = CodesFilter(
        label=_("Language"), method="filter_terms", widget=forms.CheckboxSelectMultiple
    )
    age = django_filters.NumberFilter(
        label=_("Client's age"),
        method="filter_age",
        min_value=0,
        max_value=120,
        decimal_places=0,
    )
    anonymous = FlagFilter(label=_("Anonymous"), method="filter_anonymous")
    free = FlagFilter(label=_("Free of charge"), method="filter_free")
    capacity = CapacityFilter(
        label=_("Only with a free place"),
        method="filter_capacity",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), method="filter_later", choices=Sort.choices, empty_label=None
    )
    within = django_filters.NumberFilter(
        label=_("Nearby within (km)"),
        method="filter_later",
        min_value=MIN_NEARBY_KM,
        max_value=MAX_NEARBY_KM,
        decimal_places=0,
        help_text=_("Services around the place that do not reach it, within this distance."),
        error_messages={
            "invalid": _("Enter whole kilometres from 1 to 100."),
            "min_value": _("Enter whole kilometres from 1 to 100."),
            "max_value": _("Enter whole kilometres from 1 to 100."),
            "max_decimal_places": _("Enter whole kilometres from 1 to 100."),
        },
    )
    lat = django_filters.NumberFilter(
        label=_("Latitude"),
        method="filter_later",
        error_messages={"invalid": _("Enter the latitude as a number, e.g. 49.54.")},
    )
    lon = django_filters.NumberFilter(
        label=_("Longitude"),
        method="filter_later",
        error_messages={"invalid": _("Enter the longitude as a number, e.g. 15.36.")},
    )

    class Meta:
        model = Service
        fields = []
        form = SearchForm

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Service.objects.listed()
        super().__init__(data, queryset, **kwargs)
        english = (get_language() or "cs").startswith("en")
        terms = [
            (vocab, code, name_en if english else name_cs)
            for _pk, vocab, code, name_cs, name_en, _position in term_rows()
        ]
        self._choices = tuple(
            (name, tuple((code, label) for vocab, code, label in terms if vocab == vocabulary))
            for name, (vocabulary, _relation) in TERM_FILTERS.items()
        )

    # The form class depends only on the term choices, which change with the taxonomy: one
    # class per language and choices rather than a new class and twenty new fields a request.
    _form_classes: dict[tuple, type] = {}

    def get_form_class(self):
        key = (get_language(), self._choices)
        form_class = self._form_classes.get(key)
        if form_class is None:
            for name, choices in self._choices:
                # A new ``extra`` for these copies: the dict is the class's (``_ShallowCopied``).
                self.filters[name].extra = {
                    **self.filters[name].extra,
                    "choices": list(choices),
                    "error_messages": {"invalid_choice": _("Unknown code “%(value)s”.")},
                }
            if len(self._form_classes) > 16:  # taxonomy edits: keep the latest few
                self._form_classes.clear()
            form_class = self._form_classes[key] = super().get_form_class()
        return form_class

    # Accessors for the page, valid after is_valid().
    @property
    def place(self):
        return self.form.place

    @property
    def municipality(self):
        """The town searched for (a Municipality), or None."""
        return self.form.town

    @property
    def when(self) -> When:
        return self.form.when

    @property
    def now(self) -> datetime.datetime:
        return self.form.now or timezone.localtime()

    @property
    def origin(self) -> tuple[float, float] | None:
        """Where distances are measured from (the position searched around, else the town)."""
        return self.form.origin

    @property
    def within_km(self) -> int:
        within = self.form.cleaned_data.get("within")
        return NEARBY_KM if within is None else int(within)

    @property
    def sort_by(self) -> str:
        sort = self.form.cleaned_data.get("sort") or Sort.NAME
        if sort == Sort.DISTANCE and self.origin is None:
            return Sort.NAME  # distance needs a town with coordinates
        return sort

    def filter_queryset(self, queryset):
        if not self.form.is_valid():
            return queryset.none()
        queryset = super().filter_queryset(queryset)
        queryset = queryset.available(town=self.place, when=self.when, today=self.now.date())
        if self.sort_by == Sort.DISTANCE:
            return queryset.with_distance(*self.origin).order_by(
                F("distance_sq").asc(nulls_last=True), *BY_NAME
            )
        postal_codes = self.form.resolution.postal_codes if self.form.part else []
        if postal_codes:
            # A district or part is searched: its premises first, then the rest of the town's.
            queryset = queryset.with_premises_in(self.municipality, postal_codes)
            return queryset.order_by(F("in_part").desc(), *BY_NAME)
        return queryset.order_by(*BY_NAME)

    @property
    def has_nearby(self) -> bool:
        """A "Nearby" section applies: a valid search of a place with a position."""
        return self.form.is_valid() and self.origin is not None and self.place is not None

    def nearby(self, limit: int, reaching=None) -> list[tuple[int, float]]:
        """(service id, squared distance) of up to ``limit`` services within ``within`` km of
        the origin that match every filter but the place and do not reach the place itself,
        nearest first. Their sessions satisfy the day and time anywhere.

        ``reaching``: the ids of every service the search found, when the caller has them (so
        the search is not run again to leave them out).

        Driven from the few locations near the point, as one query PostgreSQL would scan every
        listed service to test the filters first: the services near the point, nearest first,
        grouped in the database (kept per place and radius: ``_nearest_kept``); then which of
        the nearest ones match. Two queries, one when the place's nearest are kept, one more
        when the filters leave fewer than ``limit`` of the nearest ``NEARBY_CANDIDATES``: the
        candidates that match all at once.
        """
        if not self.has_nearby:
            return []
        # The same search again (until a listing changes, or the next day) reads no table.
        criteria = sorted(
            (name, value) for name, value in self.form.cleaned_data.items() if name != "sort"
        )
        digest = hashlib.sha1(
            repr((criteria, self.when, self.now.date(), limit)).encode()
        ).hexdigest()
        return cached_until_change(f"search-nearby:{digest}", lambda: self._nearby(limit, reaching))

    def _nearby(self, limit: int, reaching) -> list[tuple[int, float]]:
        known = reaching is not None
        # Left out in Python rather than as an ``IN`` list of up to a thousand parameters: the
        # nearest of the search's own services simply come first in the candidates.
        reaching = set(reaching or ())
        queryset = super().filter_queryset(self.queryset)
        matching = queryset.available(when=self.when, today=self.now.date()).order_by()
        # The nearest services, of which at least NEARBY_CANDIDATES are not the search's own.
        first = len(reaching) + NEARBY_CANDIDATES
        if known:
            rows = _nearest_kept(self.origin, self.within_km, first)
        else:
            rows = list(self._candidates()[:first])
        # The filters are tested on the first NEARBY_CANDIDATES of them that are not the
        # search's own, in the order of the section: the first ``limit`` that match are the
        # answer.
        checked, nearest = 0, {}
        for pk, distance in rows:
            if len(nearest) == NEARBY_CANDIDATES:
                break
            checked += 1
            if pk not in reaching:
                nearest[pk] = distance
        passed = set(matching.filter(pk__in=list(nearest)).values_list("pk", flat=True))
        found = [(pk, distance) for pk, distance in nearest.items() if pk in passed]
        if len(found) < limit and (checked < len(rows) or len(rows) == first):
            # Too few matched (narrow filters): the matching ones among all the candidates,
            # with the filters as a subquery; those checked already are decided.
            seen = {pk for pk, _distance in rows[:checked]}
            if known:
                candidates = _nearest_services(self.origin, self.within_km)
            else:
                candidates = self._candidates()
            more = candidates.filter(service__in=matching.values("pk"))
            found.extend(
                (pk, distance)
                for pk, distance in more[: first + limit]
                if pk not in reaching and pk not in seen
            )
        return found[:limit]

    def _candidates(self):
        """``_nearest_services`` but the search's own results (the search as a subquery)."""
        candidates = _nearest_services(self.origin, self.within_km)
        return candidates.exclude(service__in=self.qs.order_by().values("pk"))

    def filter_later(self, queryset, name, value):
        return queryset  # place, time and sort are applied together in filter_queryset

    def filter_text(self, queryset, name, value):
        words = fold(value).split()[:MAX_QUERY_WORDS]
        if not words:
            return queryset
        for word in words:
            # search_text holds the organization's name too (``services.models.search_text``):
            # one trigram index lookup per word on PostgreSQL (migration 0004).
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def filter_terms(self, queryset, name, value):
        """Any of the given codes. A subquery rather than a join, so no duplicates to remove."""
        vocabulary, relation = TERM_FILTERS[name]
        through = getattr(Service, relation).through
        having = Q(
            pk__in=through.objects.filter(term__vocabulary=vocabulary, term__code__in=value).values(
                "service_id"
            )
        )
        if name == "language" and "cs" in value:
            # Czech is assumed where a service lists no languages.
            having |= ~Q(pk__in=through.objects.values("service_id"))
        return queryset.filter(having)

    def filter_age(self, queryset, name, value):
        age = int(value)
        return queryset.filter(
            Q(min_age__isnull=True) | Q(min_age__lte=age),
            Q(max_age__isnull=True) | Q(max_age__gte=age),
        )

    def filter_anonymous(self, queryset, name, value):
        return queryset.filter(is_anonymous=True) if value else queryset

    def filter_free(self, queryset, name, value):
        return queryset.filter(is_free=True) if value else queryset

    def filter_capacity(self, queryset, name, value):
        if value != CAPACITY_FREE:
            return queryset
        # An uncorrelated subquery (served by the capacity_free_idx partial index), as the
        # term filters: no join, no duplicates.
        free = ServiceCapacity.objects.free_on(self.now.date()).order_by().values("service_id")
        return queryset.filter(pk__in=free)


ServiceFilter.base_filters = _ShallowCopied(ServiceFilter.base_filters)
