"""Models' names in the admin's sentences, in the case and number Czech needs.

Django's admin builds "Add %s", "Change %s", "Select %s to change" and its count messages from
``verbose_name``, the nominative; Django's Czech catalogue works around it ("služba: přidat").
Czech wants the accusative ("Přidat službu", "Vyberte službu ke změně") and three counted forms
("1 službu, 3 služby, 5 služeb"). Each model shown in the admin has an entry in ``NAMES``
(a test checks every registered model); the overridden admin templates
(templates/admin/, ``directory.templatetags.admin_names``), the inlines' "add another" link
(``AccusativeInlineFormSet``) and our actions read it.

The msgids carry the context "accusative": in English they read as the ``verbose_name``.
"""

import json

from django.contrib.admin import helpers
from django.contrib.admin.utils import model_ngettext
from django.utils.translation import gettext, npgettext_lazy, pgettext, pgettext_lazy


def _names(accusative, singular, plural):
    return accusative, npgettext_lazy("accusative", singular, plural, "count")


# model label -> (accusative, counted accusative "%(count)d …" in its plural forms)
NAMES = {
    # directory
    "directory.region": _names(
        pgettext_lazy("accusative", "region"), "%(count)d region", "%(count)d regions"
    ),
    "directory.orp": _names(pgettext_lazy("accusative", "ORP"), "%(count)d ORP", "%(count)d ORPs"),
    "directory.municipality": _names(
        pgettext_lazy("accusative", "municipality"),
        "%(count)d municipality",
        "%(count)d municipalities",
    ),
    "directory.placepart": _names(
        pgettext_lazy("accusative", "district or part of a municipality"),
        "%(count)d district or part of a municipality",
        "%(count)d districts and parts of municipalities",
    ),
    "directory.organization": _names(
        pgettext_lazy("accusative", "organization"),
        "%(count)d organization",
        "%(count)d organizations",
    ),
    "directory.account": _names(
        pgettext_lazy("accusative", "account"), "%(count)d account", "%(count)d accounts"
    ),
    "directory.vainsearch": _names(
        pgettext_lazy("accusative", "vain search"),
        "%(count)d vain search",
        "%(count)d vain searches",
    ),
    # services
    "services.service": _names(
        pgettext_lazy("accusative", "service"), "%(count)d service", "%(count)d services"
    ),
    "services.location": _names(
        pgettext_lazy("accusative", "location"), "%(count)d location", "%(count)d locations"
    ),
    "services.serviceatlocation": _names(
        pgettext_lazy("accusative", "service at a location"),
        "%(count)d service at a location",
        "%(count)d services at locations",
    ),
    "services.servicecontact": _names(
        pgettext_lazy("accusative", "contact"), "%(count)d contact", "%(count)d contacts"
    ),
    "services.schedule": _names(
        pgettext_lazy("accusative", "opening hours"),
        "%(count)d opening hours",
        "%(count)d opening hours",
    ),
    "services.servicearea": _names(
        pgettext_lazy("accusative", "service area"),
        "%(count)d service area",
        "%(count)d service areas",
    ),
    "services.closure": _names(
        pgettext_lazy("accusative", "closure"), "%(count)d closure", "%(count)d closures"
    ),
    "services.alert": _names(
        pgettext_lazy("accusative", "alert"), "%(count)d alert", "%(count)d alerts"
    ),
    "services.servicecapacity": _names(
        pgettext_lazy("accusative", "capacity"), "%(count)d capacity", "%(count)d capacities"
    ),
    "services.proposedchange": _names(
        pgettext_lazy("accusative", "proposed change"),
        "%(count)d proposed change",
        "%(count)d proposed changes",
    ),
    "services.regionreview": _names(
        pgettext_lazy("accusative", "review of editors' changes"),
        "%(count)d review of editors' changes",
        "%(count)d reviews of editors' changes",
    ),
    "services.report": _names(
        pgettext_lazy("accusative", "error report"),
        "%(count)d error report",
        "%(count)d error reports",
    ),
    "services.term": _names(
        pgettext_lazy("accusative", "taxonomy term"),
        "%(count)d taxonomy term",
        "%(count)d taxonomy terms",
    ),
    # events
    "events.event": _names(
        pgettext_lazy("accusative", "event"), "%(count)d event", "%(count)d events"
    ),
    # django.contrib.auth
    "auth.user": _names(pgettext_lazy("accusative", "user"), "%(count)d user", "%(count)d users"),
    "auth.group": _names(
        pgettext_lazy("accusative", "group"), "%(count)d group", "%(count)d groups"
    ),
    # django-axes
    "axes.accessattempt": _names(
        pgettext_lazy("accusative", "access attempt"),
        "%(count)d access attempt",
        "%(count)d access attempts",
    ),
    "axes.accessfailurelog": _names(
        pgettext_lazy("accusative", "access failure"),
        "%(count)d access failure",
        "%(count)d access failures",
    ),
    "axes.accesslog": _names(
        pgettext_lazy("accusative", "access log"),
        "%(count)d access log",
        "%(count)d access logs",
    ),
    "axes.accessattemptexpiration": _names(
        pgettext_lazy("accusative", "access attempt expiration"),
        "%(count)d access attempt expiration",
        "%(count)d access attempt expirations",
    ),
}


def accusative(opts) -> str:
    """ "službu" for a service's ``_meta``; the ``verbose_name`` for a model not in NAMES."""
    names = NAMES.get(opts.label_lower)
    return str(names[0]) if names else str(opts.verbose_name)


def counted(opts, count: int) -> str:
    """ "1 službu", "3 služby", "5 služeb" (the accusative, after a verb or "pro")."""
    names = NAMES.get(opts.label_lower)
    if names is None:
        return f"{count} {model_ngettext(opts, count)}"
    return names[1] % {"count": count}


# Django's titles made of a model's name, and ours with the name in the accusative.
TITLES = ("Add %s", "Change %s", "View %s", "Select %s", "Select %s to change", "Select %s to view")


def admin_title(title, opts) -> str:
    """``title`` with the model's name in the accusative, when it is one of Django's own titles
    built from ``opts`` ("služba: přidat" → "Přidat službu"); any other title as it is (the
    history, a revert form, a custom page)."""
    if opts is None or not title:
        return title
    title = str(title)
    name = str(opts.verbose_name)
    for msgid in TITLES:
        if title == gettext(msgid) % name:
            return pgettext("accusative", msgid) % accusative(opts)
    if title == gettext("Cannot delete %(name)s") % {"name": name}:
        return pgettext("accusative", "Cannot delete %s") % accusative(opts)
    if title == gettext("Delete"):
        return pgettext("accusative", "Delete %s") % accusative(opts)
    return title


def add_another_text(inline) -> str:
    """The "add another" link of an inline, in the accusative: "Přidat otevírací dobu"."""
    if str(inline.verbose_name) == str(inline.model._meta.verbose_name):
        name = accusative(inline.model._meta)
    else:  # the inline names its rows itself
        name = inline.verbose_name
    return pgettext("accusative", "Add another %s") % name


class AccusativeInlineFormSet(helpers.InlineAdminFormSet):
    """Django's inline formset of the admin, its JavaScript's "add another" link in the
    accusative (Django builds it from the nominative ``verbose_name``)."""

    def inline_formset_data(self):
        data = json.loads(super().inline_formset_data())
        data["options"]["addText"] = add_another_text(self.opts)
        return json.dumps(data)
