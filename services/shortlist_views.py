"""``/services/shortlist/``: the caseworker's shortlist (``services.shortlist``).

GET shows the list (``?print=1`` the handout of all of it, ``?list=<token>`` a shared list);
POST changes it: ``add=<slug>`` / ``remove=<slug>`` (from search cards and profiles, with an
optional ``town`` and a ``next`` page to go back to), ``up``/``down=<slug>``, ``note-<id>``
texts and the client's ``town`` (every button of the list's form saves the notes first, so
nothing typed is lost), ``print``, ``clear``, ``adopt=<token>`` and ``send`` (the e-mail).

Why most POSTs need no CSRF token: the add buttons sit on pages served from the anonymous
page cache, which never stores a page with a token (``directory.cache``). A forged cross-site
POST cannot reach a visitor's list anyway: the session cookie is ``SameSite=Lax``, so the
browser does not send it with one, and the request lands in a new, empty session. Sending
e-mail is different (a forged request could make the site mail a stranger), so ``send``
checks the token as every other form of the site does.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.mail import EmailMessage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from directory.ratelimit import client_key, hit, too_many_requests
from directory.templatetags.directory_extras import request_absolute_url
from services import availability, listing, towns
from services.cards import render_shortlist_button
from services.forms import ShortlistMailForm
from services.models import Service
from services.shortlist import MAX_ITEMS, Shortlist
from services.views import Result

THROTTLED_TEMPLATE = "services/shortlist_throttled.html"


@csrf_exempt  # see the module's docstring; ``send`` is protected on its own
@require_http_methods(["GET", "HEAD", "POST"])
def shortlist(request):
    if request.method == "POST":
        return _change(request)
    token = request.GET.get("list")
    if token is None:
        chosen = Shortlist.of(request)
    else:
        chosen = Shortlist.from_token(token)
        if chosen is None:
            context = {"damaged": True, "entries": [], "shared": True}
            return render(request, "services/shortlist.html", context, status=400)
    context = _context(request, chosen, shared_token=token)
    if request.GET.get("print") == "1":
        return render(request, "services/shortlist_print.html", context)
    return render(request, "services/shortlist.html", context | {"mail_form": ShortlistMailForm()})


def _context(request, chosen: Shortlist, *, shared_token: str | None = None) -> dict:
    now = timezone.localtime()
    services = _listed(chosen.ids, now.date())
    if shared_token is None and len(services) != len(chosen):
        chosen.keep_only(services)
        chosen.save(request)
    resolution = towns.resolve(chosen.town) if chosen.town else None
    place = resolution.municipality if resolution else None
    entries = _entries(chosen, services, place, now)
    return {
        "entries": entries,
        "shared": shared_token is not None,
        "place": place,
        "town_text": towns.field_text(chosen.town, place, resolution.part) if place else "",
        "today": now.date(),
        "max_items": MAX_ITEMS,
        "share_url": _share_url(request, chosen) if entries else "",
        "query": f"list={shared_token}" if shared_token is not None else "",
    }


def _share_url(request, chosen: Shortlist) -> str:
    return request_absolute_url(request, f"{reverse('services:shortlist')}?list={chosen.token()}")


def _entries(chosen: Shortlist, services: dict, place, now) -> list[tuple[Result, str]]:
    """(result, note) in the caseworker's order, for the services still listed."""
    return [
        (_result(services[item.service_id], place, now), item.note)
        for item in chosen.items
        if item.service_id in services
    ]


def _listed(ids: list[int], today: datetime.date) -> dict[int, listing.ServiceRow]:
    """The listed services among ``ids``, as search cards load them: a fixed number of
    queries however long the list."""
    if not ids:
        return {}
    rows = listing.from_queryset(Service.objects.listed().filter(pk__in=ids), alerts_on=today)
    return {row.pk: row for row in rows}


def _place(town: str):
    """The client's town (a Municipality), or None."""
    return towns.resolve(town).municipality if town else None


def _result(service, place, now: datetime.datetime) -> Result:
    """One entry as the search's handout shows it: its sessions and next opening in the client's
    town; for a service that does not reach that town, its own next session, with where."""
    today = now.date()
    reasons = availability.reasons(service, town=place, today=today) if place else []
    if place is not None and not reasons:
        place = None
    return Result(
        service=service,
        reasons=reasons or availability.reasons(service, today=today),
        opening=availability.next_opening(service, now, place),
        distance_km=None,
        place=place,
    )


# -- changes -------------------------------------------------------------------------------


def _change(request):
    post = request.POST
    if "send" in post:
        return _send(request)
    chosen = Shortlist.of(request)
    if "adopt" in post:
        return _adopt(request, chosen, post["adopt"])
    # The list's own form sends the notes with every button.
    _save_notes(chosen, post)
    if "add" in post or "remove" in post:
        return _add_or_remove(request, chosen)
    if "town" in post:
        _save_town(request, chosen, post["town"])
    if "clear" in post:
        chosen = Shortlist()
        messages.success(request, _("The shortlist is empty now."))
    for name, step in (("up", -1), ("down", 1)):
        if name in post:
            service_id = _id_of(post[name])
            if service_id is not None:
                chosen.move(service_id, step)
    chosen.save(request)
    target = reverse("services:shortlist")
    if "print" in post:
        return redirect(f"{target}?print=1")
    if "save" in post:
        messages.success(request, _("The shortlist is saved."))
    return redirect(target)


def _add_or_remove(request, chosen: Shortlist):
    post = request.POST
    slug = post.get("add") or post.get("remove") or ""
    found = _listed_service(slug)
    adding = "add" in post
    if found is None:
        messages.error(request, _("That service is not in the directory (any more)."))
        return _back(request)
    service_id, name = found
    if adding:
        if not chosen.add(service_id):
            messages.error(
                request,
                _("The shortlist holds at most %(n)s services: remove one first.")
                % {"n": MAX_ITEMS},
            )
            return _back(request)
        # The first town searched is taken as the client's; later searches elsewhere (the
        # ORP's town, a neighbour) do not move it. The list's page changes it.
        town = post.get("town", "").strip()[:100]
        if town and not chosen.town and _place(town) is not None:
            chosen.town = town
        text = _("Added to the shortlist: %(name)s.") % {"name": name}
    else:
        chosen.remove(service_id)
        text = _("Removed from the shortlist: %(name)s.") % {"name": name}
    chosen.save(request)
    if request.headers.get("HX-Request") == "true":
        # The button swaps itself; the header's count follows (out of band).
        html = render_shortlist_button(
            slug=slug,
            name=name,
            chosen=service_id in chosen,
            next_url=post.get("next", ""),
            town=post.get("town", ""),
            count=len(chosen),
            announce=text,
        )
        return HttpResponse(html)
    messages.success(request, text)
    return _back(request)


def _adopt(request, chosen: Shortlist, token: str):
    """ "Přidat do mého výběru" on a shared list."""
    shared = Shortlist.from_token(token)
    if shared is None:
        messages.error(request, _("This link is damaged or was not made by this directory."))
        return redirect(reverse("services:shortlist"))
    listed = _listed(shared.ids, timezone.localtime().date())
    full = False
    for service_id in shared.ids:
        if service_id in listed and not chosen.add(service_id):
            full = True
    if shared.town and not chosen.town:
        chosen.town = shared.town
    chosen.save(request)
    if full:
        messages.error(
            request,
            _("The shortlist holds at most %(n)s services: not all were added.") % {"n": MAX_ITEMS},
        )
    else:
        messages.success(request, _("The shared services were added to your shortlist."))
    return redirect(reverse("services:shortlist"))


def _listed_service(slug: str) -> tuple[int, str] | None:
    """(id, name) of the listed service ``slug``: one query."""
    return Service.objects.listed().filter(slug=slug[:100]).values_list("pk", "name").first()


def _id_of(slug: str) -> int | None:
    found = _listed_service(slug)
    return found[0] if found else None


def _save_notes(chosen: Shortlist, post) -> None:
    notes = {}
    for item in chosen.items:
        key = f"note-{item.service_id}"
        if key in post:
            notes[item.service_id] = post[key]
    chosen.set_notes(notes)


def _save_town(request, chosen: Shortlist, text: str) -> None:
    text = text.strip()[:100]
    if not text:
        chosen.town = ""
        return
    resolution = towns.resolve(text)
    if resolution.municipality is None:
        if resolution.is_ambiguous:
            message = _("Several towns are called “%(name)s”: add the district or postal code.")
        else:
            message = _("No town called “%(name)s” was found; the client's town was not changed.")
        messages.error(request, message % {"name": text})
        return
    chosen.town = towns.query_value(resolution.part or resolution.municipality)


def _back(request):
    """To the page the button was on (a search keeps its query), else to the shortlist."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("services:shortlist")
    return redirect(target)


# -- sending by e-mail ---------------------------------------------------------------------


@csrf_protect
def _send(request):
    chosen = Shortlist.of(request)
    _save_notes(chosen, request.POST)
    if "town" in request.POST:
        _save_town(request, chosen, request.POST["town"])
    chosen.save(request)
    # Every attempt counts, so the form cannot be used to probe addresses in bulk.
    session = request.session.session_key or ""
    for scope, identity, rate in (
        ("shortlist-mail-session", session, settings.SHORTLIST_MAIL_RATE_PER_SESSION),
        ("shortlist-mail-client", client_key(request), settings.SHORTLIST_MAIL_RATE_PER_CLIENT),
    ):
        retry_after = hit(scope, identity, rate) if identity else None
        if retry_after is not None:
            return too_many_requests(retry_after, request=request, template=THROTTLED_TEMPLATE)

    form = ShortlistMailForm(request.POST)
    now = timezone.localtime()
    services = _listed(chosen.ids, now.date())
    if not services:
        messages.error(request, _("The shortlist is empty: add services before sending it."))
        return redirect(reverse("services:shortlist"))
    if not form.is_valid():
        return _invalid_mail(request, chosen, form)
    entries = _entries(chosen, services, _place(chosen.town), now)
    share_url = _share_url(request, chosen)
    context = {
        "entries": entries,
        "message": form.cleaned_data["message"],
        "share_url": share_url,
        "today": now.date(),
    }
    EmailMessage(
        subject=render_to_string("services/email/shortlist_subject.txt", context).strip(),
        body=render_to_string("services/email/shortlist.txt", context),
        to=[form.cleaned_data["email"]],
    ).send()
    messages.success(
        request,
        _("The list was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
    )
    return redirect(reverse("services:shortlist"))


def _invalid_mail(request, chosen, form):
    """The list again with the e-mail form's errors (and what was typed) in place."""
    context = _context(request, chosen) | {"mail_form": form}
    return render(request, "services/shortlist.html", context, status=400)
