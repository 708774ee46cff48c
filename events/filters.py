"""Which events match: one definition for the list page and the iCalendar feed."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directory.models import Organization, Publication, Region
from directory.text import fold
from events.models import EventKind, prague_midnight
from services.models import Term, Vocabulary

# Dates outside this range are typing errors, and near the ends of what datetime can hold the
# conversion to UTC would overflow.
EARLIEST = datetime.date(1990, 1, 1)
LATEST = datetime.date(2999, 12, 31)

# Folded (lower case, no diacritics) texts that a search word may appear in.
TEXT_FIELDS = ("search_text", "organizer__search_name", "municipality__search_name")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        # ISO is what <input type="date"> sends; typed Czech dates (24. 5. 2017) parse too.
        super().__init__(format="%Y-%m-%d")


class EventFilterForm(forms.Form):
    def _clean_date(self, name):
        value = self.cleaned_data.get(name)
        if value and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s."),
                params={"earliest": EARLIEST.year, "latest": LATEST.year},
            )
        return value

    def clean_date_from(self):
        return self._clean_date("date_from")

    def clean_date_to(self):
        return self._clean_date("date_to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the range is before its start."))
        return cleaned


def organizers(request):
    """Organizations with a published event: one query when the form is shown."""
    return Organization.objects.filter(
        organized_events__publication=Publication.PUBLISHED
    ).distinct()


class EventFilter(django_filters.FilterSet):
    """Filters of the events list and feed. Invalid values are reported and left out."""

    q = django_filters.CharFilter(label=_("Text"), method="filter_text", max_length=200)
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label=_("Any region"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=EventKind.choices, empty_label=_("Any kind")
    )
    audience = django_filters.ModelChoiceFilter(
        label=_("Audience"),
        field_name="audiences",
        queryset=Term.objects.of(Vocabulary.AUDIENCE),
        to_field_name="code",
        empty_label=_("Anyone"),
    )
    organizer = django_filters.ModelChoiceFilter(
        label=_("Organizer"),
        queryset=organizers,
        to_field_name="slug",
        empty_label=_("Any organizer"),
    )
    date_from = django_filters.DateFilter(
        label=_("From"), method="filter_date_from", widget=DateInput()
    )
    date_to = django_filters.DateFilter(label=_("To"), method="filter_date_to", widget=DateInput())

    class Meta:
        form = EventFilterForm
        fields = ()

    def filter_text(self, queryset, name, value):
        """Every word must appear in the title, texts, venue, organizer or town, ignoring case
        and diacritics."""
        for word in fold(value).split():
            matches = Q()
            for field in TEXT_FIELDS:
                matches |= Q(**{f"{field}__contains": word})
            queryset = queryset.filter(matches)
        return queryset

    def filter_date_from(self, queryset, name, value):
        """Events still going on ``value`` or later (overlapping the range, not only starting)."""
        start = prague_midnight(value)
        return queryset.filter(
            Q(ends_at__gte=start) | Q(ends_at__isnull=True, starts_at__gte=start)
        )

    def filter_date_to(self, queryset, name, value):
        """Events starting on ``value`` (Prague date) or earlier."""
        return queryset.filter(starts_at__lt=prague_midnight(value + datetime.timedelta(days=1)))

    @property
    def error_messages(self) -> list[str]:
        """One line per invalid field, with its label, for the notice above the results."""
        form = self.form
        return [
            f"{form.fields[name].label}: {' '.join(errors)}"
            if name in form.fields
            else " ".join(errors)
            for name, errors in form.errors.items()
        ]
