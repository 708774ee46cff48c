import datetime
import secrets
import time

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminTimeWidget
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services import weekdays
from services.models import ReportReason, Schedule, ServiceCapacity
from services.templatetags.services_extras import capacity_figure


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
    """A schedule in the admin: the seven days as one row of short labels, times as HH:MM."""

    days = WeekdaysField(
        label=_("Days"),
        choices=[(number, name) for number, name in enumerate(weekdays.SHORT_NAMES)],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "weekday-toggles"}),
    )

    class Meta:
        model = Schedule
        widgets = {
            "opens_at": AdminTimeWidget(format="%H:%M"),
            "closes_at": AdminTimeWidget(format="%H:%M"),
        }
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


# The report form's clock, patched by tests (like directory.ratelimit.clock).
clock = time.time
TOKEN_SALT = "services.report-form"


class RevertForm(forms.Form):
    """Confirms a revert of a whole listing; carries the version it was offered at, so a
    revert over somebody's newer change is refused like a stale change form."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput)
    loaded_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("loaded_at", timezone.now().isoformat())


def report_token(listing_key: str) -> str:
    """A signed one-time token for one report form: which listing, when it was served."""
    return signing.dumps(
        {"listing": listing_key, "nonce": secrets.token_urlsafe(16), "at": int(clock())},
        salt=TOKEN_SALT,
    )


class DescribedErrorsForm(forms.Form):
    """An invalid field is described by its help and its error: the templates give them the
    ids ``<auto_id>_helptext`` and ``<auto_id>_error``."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields and self.fields[name].help_text:
                auto_id = self[name].auto_id
                self.fields[name].widget.attrs["aria-describedby"] = (
                    f"{auto_id}_helptext {auto_id}_error"
                )


class ReportForm(DescribedErrorsForm):
    """ "Nahlásit chybu". Against robots without a captcha: a field people do not see and must
    leave empty (``website``), and a signed token that says when the form was served, so a
    form sent back within settings.REPORT_MIN_SECONDS is refused; the token also makes the same
    form, sent twice, one report."""

    MAX_MESSAGE = 2000

    reason = forms.ChoiceField(
        label=_("What is wrong"), choices=ReportReason.choices, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=_("What should it say instead?"),
        max_length=MAX_MESSAGE,
        error_messages={"required": _("Write what is wrong.")},
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_MESSAGE}),
        help_text=_("At most 2,000 characters. Please do not write anybody's personal details."),
    )
    email = forms.EmailField(
        label=_("Your e-mail (optional)"),
        required=False,
        max_length=254,
        help_text=_("Only if you would like a reply. It is never shown on the site."),
    )
    # The honeypot: hidden by CSS and from assistive technology; robots fill in every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, listing_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.listing_key = listing_key
        self.fields["token"].initial = report_token(listing_key)

    def fresh_token(self) -> None:
        """Serve the form again with a new token (after a refusal), keeping what was typed."""
        if self.is_bound:
            self.data = self.data.copy()
            self.data["token"] = report_token(self.listing_key)

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(
                _("This report looks automated and was not accepted. Leave the last field empty.")
            )
        return ""

    def clean_token(self):
        try:
            data = signing.loads(
                self.cleaned_data["token"], salt=TOKEN_SALT, max_age=settings.REPORT_MAX_SECONDS
            )
        except signing.BadSignature:
            raise forms.ValidationError(
                _("The form has expired. Check your report and send it again."), code="expired"
            ) from None
        if data.get("listing") != self.listing_key:
            raise forms.ValidationError(_("This form is for another listing."), code="listing")
        if clock() - data["at"] < settings.REPORT_MIN_SECONDS:
            raise forms.ValidationError(
                _(
                    "The form was sent too quickly after it was opened, as robots do. "
                    "Check your report and send it again."
                ),
                code="too_fast",
            )
        return data["nonce"]


class CapacityUpdateForm(DescribedErrorsForm, forms.ModelForm):
    """One capacity on the "Volná místa" page: only what changes from day to day.

    ``loaded_at`` is the capacity's ``updated_at`` when the page was served: a figure somebody
    updated meanwhile is not overwritten unseen (the page says what it is now; saving again
    replaces it deliberately)."""

    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ServiceCapacity
        fields = ("available", "waiting_people", "waiting_weeks")
        labels = {"available": _("Free now")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        capacity = self.instance
        self.fields["available"].widget.attrs.update({"min": 0, "max": capacity.maximum})
        for name in ("waiting_people", "waiting_weeks"):
            self.fields[name].widget.attrs["min"] = 0
        self.fields["loaded_at"].initial = capacity.updated_at.isoformat()

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            # Not one of the service's capacities (a crafted id or an extra form): the page
            # only updates those it listed.
            raise forms.ValidationError(
                _("This is not one of the service's capacities. Reload the page."),
                code="unknown",
            )
        if _moment(cleaned_data.get("loaded_at")) not in (None, self.instance.updated_at):
            who = self.instance.updated_by
            self.add_error(
                None,
                _(
                    "Not saved: %(who)s updated this figure after you opened the page; it is "
                    "now %(figure)s. Check it and save again."
                )
                % {
                    "who": who.get_full_name() or who.get_username() if who else _("somebody"),
                    # Still the stored figure: the form's values reach the instance later.
                    "figure": capacity_figure(self.instance),
                },
            )
            data = self.data.copy()
            data[self.add_prefix("loaded_at")] = self.instance.updated_at.isoformat()
            self.data = data
        return cleaned_data


def _moment(value) -> datetime.datetime | None:
    """An aware ISO date-time from a hidden field, or None (empty or garbled: no check)."""
    try:
        moment = datetime.datetime.fromisoformat(value or "")
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else None


# Only the capacities a service already has: no adding (the admin does that), no deleting.
CapacityFormSet = forms.modelformset_factory(
    ServiceCapacity, form=CapacityUpdateForm, extra=0, edit_only=True
)


class ShortlistMailForm(DescribedErrorsForm):
    """ "Poslat e-mailem": the shortlist to the client's address. Nothing about the sender is
    sent unless they write it into the message."""

    MAX_MESSAGE = 1000
    # The e-mail fields share a form with the list's other buttons (move, remove, print): a
    # browser's "required" check would block those.
    use_required_attribute = False

    email = forms.EmailField(
        label=_("The client's e-mail"),
        max_length=254,
        error_messages={
            "required": _("Enter the e-mail address to send the list to."),
            "invalid": _("Enter a valid e-mail address, e.g. jana@example.cz."),
        },
        help_text=_("Used only to send this e-mail; it is not stored."),
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_MESSAGE}),
        help_text=_(
            "The e-mail says nothing about who sent it; add your name or contact here if the "
            "client should know."
        ),
    )
