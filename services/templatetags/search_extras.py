"""Formatting for search results, the town page and the handout."""

import re

from django import template
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from services.contact import Contact

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


def _whose(contact: Contact) -> str:
    """ " (via the organization …)" after details that are the organization's, not the service's."""
    if contact.organization is None:
        return ""
    return " " + _("(via the organization %(name)s)") % {"name": contact.organization.name}


@register.filter
def contact_links(contact: Contact) -> str:
    """A card's way to reach the service: phone, e-mail and website as links, saying when they
    are the organization's; "no contact listed" rather than nothing."""
    if contact.is_missing:
        return _("no contact listed")
    links = []
    if contact.phone:
        links.append(format_html('<a href="{}">{}</a>', tel_href(contact.phone), contact.phone))
    if contact.email:
        links.append(format_html('<a href="mailto:{}">{}</a>', contact.email, contact.email))
    if contact.website:
        links.append(
            format_html('<a href="{}" rel="noopener">{}</a>', contact.website, contact.website)
        )
    return format_html(
        "{}{}", format_html_join(" · ", "{}", ((link,) for link in links)), _whose(contact)
    )


@register.filter
def contact_line(contact: Contact) -> str:
    """The same for paper: "phone +420 567 000 111 · kc@example.cz · https://…"."""
    if contact.is_missing:
        return _("no contact listed")
    parts = [_("phone %(number)s") % {"number": contact.phone}] if contact.phone else []
    parts += [value for value in (contact.email, contact.website) if value]
    return " · ".join(parts) + _whose(contact)
