"""The search form as HTML: every field in one Jinja2 template.

The search page shows the form on every request, with twenty-odd fields and six groups of
checkboxes. Django renders each field through its own templates (label, help text, errors,
widget): about a dozen template renders per field. Here the bound form is read once into
``FieldView``s and ``templates/jinja/services/search_form.html`` writes the markup Django's
templates would (the same ids, ``aria-describedby`` and ``aria-invalid``). The taxonomy's five
checkbox groups, the biggest part, depend only on the terms, the language and which codes
were chosen: they are rendered once per content version into the ``cards`` cache.
"""

import dataclasses
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from markupsafe import Markup

from directory.cache import content_version, fragment_cache_alias
from services.cards import environment

TERM_FIELDS = ("type", "target", "substance", "activity", "language")


@dataclasses.dataclass(slots=True)
class FieldView:
    """What the template writes of one bound field."""

    id: str
    name: str
    label: str
    help_text: str
    errors: list[str]
    # An input's value as the widget formats it (None: no value attribute); a checkbox's own.
    value: str | None
    input_type: str
    # The widget's attributes (maxlength, min, max, step), in its order.
    attrs: list[tuple[str, str]]
    # (value, label, selected) of a select or a group of checkboxes; None for an input.
    choices: list[tuple[str, str, bool]] | None
    # A single checkbox: ticked.
    checked: bool
    maxlength: str | None

    @property
    def described_by(self) -> str:
        ids = [f"{self.id}_helptext"] if self.help_text else []
        if self.errors:
            ids.append(f"{self.id}_error")
        return " ".join(ids)


def field_view(bound) -> FieldView:
    field, widget = bound.field, bound.field.widget
    attrs = dict(widget.attrs)
    input_type = attrs.pop("type", getattr(widget, "input_type", "text"))
    value = bound.value()
    choices = checked = None
    multiple = getattr(widget, "allow_multiple_selected", False)
    if input_type == "checkbox" and not multiple:
        checked = widget.check_test(value)
        value = widget.format_value(value)
    elif getattr(field, "choices", None) is not None:
        chosen = value if multiple else [value]
        selected = {str(item) for item in chosen or [] if item is not None}
        choices = [(str(code), label, str(code) in selected) for code, label in field.choices]
    else:
        value = widget.format_value(value)
    return FieldView(
        id=bound.auto_id,
        name=bound.html_name,
        label=bound.label,
        help_text=bound.help_text,
        errors=list(bound.errors),
        value=value,
        input_type=input_type,
        attrs=[(name, str(value)) for name, value in attrs.items()],
        choices=choices,
        checked=bool(checked),
        maxlength=attrs.get("maxlength"),
    )


def render_search_form(
    form, *, town_text: str, town_choices=(), town_suggestions=(), more_open: bool = False
) -> str:
    """The whole ``<form>``, as safe HTML."""
    fields = {name: field_view(form[name]) for name in form.fields if name not in TERM_FIELDS}
    html = (
        environment()
        .get_template("services/search_form.html")
        .render(
            **fields,
            action=reverse("services:search"),
            suggestions_url=reverse("services:town_suggestions"),
            town_text=town_text,
            town_choices=town_choices,
            town_suggestions=town_suggestions,
            more_open=more_open,
            terms_html=Markup(_terms_html(form)),
        )
    )
    return mark_safe(html)  # autoescaped by Jinja2


def _terms_html(form) -> str:
    """The taxonomy's checkbox groups: from the cache, keyed by what decides them."""
    seconds = settings.CARD_CACHE_SECONDS
    chosen = repr([form[name].value() for name in TERM_FIELDS])
    digest = hashlib.sha1(chosen.encode()).hexdigest()
    key = f"search-terms:{content_version()}:{translation.get_language()}:{digest}"
    cache = caches[fragment_cache_alias()] if seconds else None
    html = cache.get(key) if cache else None
    if html is None:
        html = (
            environment()
            .get_template("services/search_form.html")
            .render(terms_only=True, terms=[field_view(form[name]) for name in TERM_FIELDS])
        )
        if cache:
            cache.set(key, html, seconds)
    return html
