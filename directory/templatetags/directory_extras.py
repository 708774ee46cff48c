"""Formatting for the public pages: dates, links to phones and maps, canonical URLs, JSON-LD."""

import datetime
import json
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext

from directory.models import LegalForm
from directory.text import postal_code as spaced_postal_code

register = template.Library()

# Czech writes dates as "5. 3. 2026"; English readers get the month spelled out, unambiguous.
_DATE_FORMATS = {"cs": "j. n. Y", "en": "j M Y"}

# What json.dumps leaves that could end a <script> element or start a comment in HTML.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def whole_minutes(delta: datetime.timedelta | None) -> int:
    """A duration in whole minutes (rounded up), a number for ``blocktranslate count``."""
    if not delta:
        return 0
    return -(-int(delta.total_seconds()) // 60)


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


@register.filter
def short_date(value) -> str:
    """ "5. 3. 2026" in Czech, "5 Mar 2026" in English; empty for None."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return formats.date_format(value, _DATE_FORMATS.get(_language(), "j. n. Y"))


@register.filter
def tel_href(phone: str) -> str:
    """ "+420 518 611 589" → "tel:+420518611589"."""
    return "tel:" + "".join(char for char in phone or "" if char.isdigit() or char == "+")


@register.filter
def postal_code(value: str) -> str:
    """ "69701" → "697 01" (``directory.text.postal_code``)."""
    return spaced_postal_code(value)


@register.filter
def osm_url(coordinates) -> str:
    """A link to OpenStreetMap centred on ``(latitude, longitude)``; empty without a point."""
    if not coordinates:
        return ""
    latitude, longitude = coordinates
    query = urlencode({"mlat": f"{latitude:.5f}", "mlon": f"{longitude:.5f}"})
    return f"https://www.openstreetmap.org/?{query}#map=16/{latitude:.5f}/{longitude:.5f}"


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def request_absolute_url(request, path: str) -> str:
    """``path`` on SITE_URL when that is configured, else on the address the request came to
    (scheme, host and port): a handout printed from a server nobody configured still names
    the server it came from, not the development default."""
    if settings.SITE_URL_IS_SET:
        return absolute_url(path)
    return request.build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The page's address on SITE_URL: the path, plus the page number beyond page 1.

    Filters and sorting are left out so that crawlers index one address per page; a view may
    set ``canonical_url`` in the context to say otherwise.
    """
    if context.get("canonical_url"):
        return context["canonical_url"]
    request = context.get("request")
    if request is None:
        return settings.SITE_URL + "/"
    url = absolute_url(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        url += "?" + urlencode({"page": int(page)})
    return url


@register.simple_tag
def jsonld(data) -> str:
    """``data`` as a schema.org <script type="application/ld+json"> block.

    Browsers do not execute this script type, so the strict CSP allows it; the escapes keep
    any text in the data from closing the element.
    """
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    # mark_safe: the JSON is escaped for a script element above; HTML-escaping would break it.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def age_range(service) -> str:
    """ "from 15 years", "up to 26 years", "15–26 years" ("od 15 let", "15–26 let"); "" if any age."""
    low, high = service.min_age, service.max_age
    if low is not None and high is not None:
        return ngettext("%(low)s–%(high)s year", "%(low)s–%(high)s years", high) % {
            "low": low,
            "high": high,
        }
    if low is not None:
        return ngettext("from %(age)s year", "from %(age)s years", low) % {"age": low}
    if high is not None:
        return ngettext("up to %(age)s year", "up to %(age)s years", high) % {"age": high}
    return ""


@register.filter
def legal_form(organization) -> str:
    """The legal form as words, or "" when it is only "other" (which tells a reader nothing)."""
    if organization.legal_form == LegalForm.OTHER:
        return ""
    return str(organization.get_legal_form_display())


@register.simple_tag
def map_tile_url() -> str:
    return settings.MAP_TILE_URL


@register.simple_tag
def map_tile_attribution() -> str:
    return settings.MAP_TILE_ATTRIBUTION
