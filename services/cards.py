"""The search's result cards, rendered with Jinja2.

The cards are the bulk of a search page: twenty results and ten nearby services, each with a
dozen values. Django's template language spends about a millisecond per card on looking
values up; Jinja2 compiles the template to Python and does the same in a fraction of it.
The page itself stays a Django template and includes the cards as rendered HTML. The
strings are the project's Django messages (gettext), so both languages work as elsewhere.
"""

from functools import cache

import jinja2
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from directory.templatetags.directory_extras import short_date
from services.templatetags.search_extras import contact_links, km


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(settings.BASE_DIR / "templates" / "jinja"),
        autoescape=True,
        auto_reload=settings.DEBUG,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    # Django's gettext: the active language of the request, the project's catalogues.
    environment.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=True)
    environment.filters.update(km=km, contact_links=contact_links, short_date=short_date)
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
) -> str:
    """The ``<ol>`` of cards for ``results`` (``services.views.Result``), as safe HTML.

    Each card has the shortlist button: ``shortlisted`` are the ids already on the visitor's
    list, ``next_url`` the page to come back to and ``town`` the searched town (the client's).
    """
    template = _environment().get_template("services/cards.html")
    html = template.render(
        results=results,
        nearby=nearby,
        start=start,
        list_class="nearby-list" if nearby else "results-list",
        explains=explains,
        show_distance=show_distance,
        shortlisted=shortlisted,
        shortlist_url=reverse("services:shortlist"),
        next_url=next_url,
        town=town,
    )
    return mark_safe(html)  # autoescaped by Jinja2 (every value is escaped unless safe)


def render_shortlist_button(
    *, slug, name, chosen, next_url, town="", count=None, announce=""
) -> str:
    """The shortlist button of one service (the profile's, and htmx's answer to a click)."""
    template = _environment().get_template("services/shortlist_button.html")
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
