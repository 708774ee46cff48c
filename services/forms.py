from django import forms
from django.utils.translation import gettext_lazy as _

from services import weekdays
from services.models import Schedule


class WeekdaysField(forms.TypedMultipleChoiceField):
    """Weekday checkboxes for the ``Schedule.days`` bit mask."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", [(number, name) for number, name in enumerate(weekdays.NAMES)])
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("label", _("days"))
        kwargs.setdefault("error_messages", {"required": _("Choose at least one day.")})
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return weekdays.numbers(value)
        return value

    def clean(self, value):
        return weekdays.mask(super().clean(value))

    def has_changed(self, initial, data):
        # The initial value is the stored bit mask; compare it as the list of days it stands for.
        return super().has_changed(self.prepare_value(initial), data)


class ScheduleForm(forms.ModelForm):
    days = WeekdaysField()

    class Meta:
        model = Schedule
        fields = (
            "location",
            "days",
            "opens_at",
            "closes_at",
            "freq",
            "interval",
            "week_of_month",
            "valid_from",
            "valid_to",
            "open_on_holidays",
            "note",
        )
