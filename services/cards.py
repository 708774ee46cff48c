"""The search's result cards, rendered with Jinja2.

The cards are the bulk of a search page: twenty results and ten nearby services, each with a
dozen values. Django's template language spends about a millisecond per card on looking
values up; Jinja2 compiles the template to Python and does the same in a fraction of it.
The page itself stays a Django template and includes the cards as rendered HTML. The
strings are the project's Django messages (gettext), so both languages work as elsewhere.

What a card shows of the service alone — its title, types, contact, badges and verified line —
does not depend on the search, so it is rendered once per service, language and content version
and kept in the ``cards`` cache (``card_parts``): one ``get_many`` per list. Why it matches, the
next opening, the distance, today's alerts, the free places (fresh or not by the day) and the
shortlist button stay per request. An edit
bumps the content version (``directory.cache``), so the next search renders the parts anew.
"""

import datetime
from functools import cache

import jinja2
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from markupsafe import Markup

from directory.cache import content_version, fragment_cache_alias
from directory.templatetags.directory_extras import short_date
from services.contact import contact_for
from services.models import ServiceStatus
from services.templatetags.search_extras import contact_links, km
from services.templatetags.services_extras import capacity_text


@cache
def environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(settings.BASE_DIR / "templates" / "jinja"),
        autoescape=True,
        auto_reload=settings.DEBUG,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    # Django's gettext: the active language of the request, the project's catalogues.
    environment.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=True)
    environment.filters.update(
        km=km, contact_links=contact_links, short_date=short_date, capacity_text=capacity_text
    )
    return environment


def render_cards(
    results,
    *,
    nearby: bool = False,
    start: int | None = None,
    explains: bool = False,
    show_distance: bool = False,
    shortlisted=frozenset(),
    next_url: str = "",
    town: str = "",
    today: datetime.date | None = None,
) -> str:
    """The ``<ol>`` of cards for ``results`` (``services.views.Result``), as safe HTML.

    Each card has the shortlist button: ``shortlisted`` are the ids already on the visitor's
    list, ``next_url`` the page to come back to and ``town`` the searched town (the client's).
    ``today`` (Prague, by default the real one) decides whether a capacity figure is fresh.
    """
    template = environment().get_template("services/cards.html")
    html = template.render(
        results=results,
        card_parts=card_parts([result.service for result in results]),
        nearby=nearby,
        start=start,
        list_class="nearby-list" if nearby else "results-list",
        explains=explains,
        show_distance=show_distance,
        shortlisted=shortlisted,
        shortlist_url=reverse("services:shortlist"),
        next_url=next_url,
        town=town,
        today=today or timezone.localdate(),
    )
    return mark_safe(html)  # autoescaped by Jinja2 (every value is escaped unless safe)


def render_covering_cards(covering) -> str:
    """The town page's cards of the services that cover the town by area: ``covering`` as the
    view builds it (service, the areas' reasons, remote sessions), with the search cards' parts
    (title, types, contact) from the same cache."""
    template = environment().get_template("services/covering_cards.html")
    html = template.render(
        covering=covering, card_parts=card_parts([item["service"] for item in covering])
    )
    return mark_safe(html)  # autoescaped by Jinja2


def render_shortlist_button(
    *, slug, name, chosen, next_url, town="", count=None, announce=""
) -> str:
    """The shortlist button of one service (the profile's, and htmx's answer to a click)."""
    template = environment().get_template("services/shortlist_button.html")
    html = template.render(
        standalone=True,
        action=reverse("services:shortlist"),
        slug=slug,
        name=name,
        chosen=chosen,
        next_url=next_url,
        town=town,
        count=count,
        announce=announce,
    )
    return mark_safe(html)


def card_parts(services) -> dict[int, dict[str, str]]:
    """The search-independent parts of each service's card, by service id: from the ``cards``
    cache, rendered (and stored) for the services it does not hold."""
    if not services:
        return {}
    seconds = settings.CARD_CACHE_SECONDS
    prefix = f"card:{content_version()}:{translation.get_language()}:"
    keys = {f"{prefix}{service.pk}": service for service in services}
    cache = caches[fragment_cache_alias()] if seconds else None
    found = cache.get_many(list(keys)) if cache else {}
    missing = {key: _render_parts(service) for key, service in keys.items() if key not in found}
    if missing and cache:
        cache.set_many(missing, seconds)
    found.update(missing)
    return {
        service.pk: {name: Markup(html) for name, html in found[key].items()}
        for key, service in keys.items()
    }


def _render_parts(service) -> dict[str, str]:
    parts = environment().get_template("services/card_parts.html").module
    return {
        "title": str(parts.title(service, service.status == ServiceStatus.PLANNED)),
        "types": str(parts.types(service)),
        "contact": str(contact_links(contact_for(service))),
        "badges": str(parts.badges(service)),
        "trust": str(parts.trust(service)),
    }
