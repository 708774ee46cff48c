"""Formatting for search results, the town page and the handout."""

import re

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def km(distance: float | None) -> str:
    """ "800 m", "4,2 km" (one decimal below 10 km, in the active locale), "37 km"."""
    if distance is None:
        return ""
    if distance < 1:
        return f"{round(distance * 1000, -2):.0f} m" if distance >= 0.1 else "< 100 m"
    if distance < 10:
        return f"{formats.number_format(distance, 1)} km"
    return f"{round(distance):.0f} km"


@register.filter
def tel_href(phone: str) -> str:
    """ "+420 518 611 589" → "tel:+420518611589"."""
    digits = re.sub(r"[^\d+]", "", phone or "")
    return f"tel:{digits}" if digits else ""


@register.filter
def options(field) -> list[tuple[str, str, bool]]:
    """(value, label, checked) for each choice of a bound multiple-choice field.

    Computed once in Python: a template loop asking the BoundField for every checkbox costs a
    millisecond per group, and the search form has six groups.
    """
    selected = {str(value) for value in field.value() or []}
    return [(str(value), label, str(value) in selected) for value, label in field.field.choices]
