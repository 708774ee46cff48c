"""Every page type in a real browser: axe, structure, phone fit, tap targets and the CSP.

One sweep over all page types shares one demo load (each test pays for its own) and reports
every problem it finds, page by page, instead of stopping at the first.
"""

from axe_playwright_python.sync_playwright import Axe
from django.db.models import Count

from directory.models import Municipality
from events.models import Event
from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.browser.pagechecks import (
    csp_problems,
    field_error_problems,
    heading_problems,
    landmark_problems,
    scrolls_sideways,
    small_targets,
    unlabelled_controls,
)

OUTREACH = "/services/centrum-u-vetrniku-terenni-program/"
# WCAG 1.4.10 (reflow) asks for 320 CSS px; PHONE (360 px) is the common phone.
NARROWEST = {"width": 320, "height": 640}


def ambiguous_town() -> str:
    """A town name the demo has more than once (e.g. two villages called Kostelec)."""
    name = (
        Municipality.objects.values("search_name")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("search_name")
        .values_list("search_name", flat=True)
        .first()
    )
    assert name, "the demo has no ambiguous town name"
    return name


def page_types() -> list[tuple[str, str, int, str | None]]:
    """(name, path, HTTP status, a selector that proves the page is of its type)."""
    event = Event.objects.published().order_by("starts_at", "id").first()
    twice = ambiguous_town()
    return [
        ("home", "/", 200, ".search-form-home"),
        ("search", "/services/", 200, ".pagination"),
        ("search-results", "/services/?town=Humpolec&day=thu", 200, ".results-list"),
        ("search-no-results", "/services/?town=Humpolec&day=sun", 200, ".nothing-found"),
        ("search-ambiguous-town", f"/services/?town={twice}", 200, ".town-choices"),
        ("search-bad-time", "/services/?time=25:99", 200, "#id_time_error"),
        ("handout", "/services/?town=Humpolec&day=thu&print=1", 200, ".handout-item"),
        ("service", OUTREACH, 200, ".map.leaflet-container"),
        ("report-form", f"{OUTREACH}report/", 200, ".report-form"),
        ("service-premises", "/services/centrum-u-vetrniku-kontaktni-centrum/", 200, ".map"),
        ("organization", "/organizations/spolecnost-podane-ruce/", 200, ".map.leaflet-container"),
        ("organizations", "/organizations/", 200, ".org-list"),
        ("town", "/towns/humpolec/", 200, ".week-day"),
        ("town-ambiguous", f"/towns/{twice}/", 200, ".town-list"),
        ("planning", "/planning/", 200, "#regions-table"),
        ("planning-region", "/planning/kraj-vysocina/", 200, ".planning-table"),
        ("events", "/events/", 200, ".tabs"),
        ("events-bad-filter", "/events/?region=nowhere&audience=nobody", 200, ".field-error"),
        ("event", event.get_absolute_url(), 200, ".event-detail"),
        ("sign-in", "/accounts/login/", 200, "#id_username"),
        ("not-found", "/no-such-page/", 404, None),
    ]


def report(problems: dict[str, list[str]]) -> str:
    return "\n".join(
        f"{page}:\n" + "\n".join(f"  - {problem}" for problem in found)
        for page, found in problems.items()
    )


def test_every_page_type_passes_axe_fits_a_phone_and_has_a_strict_csp(page, site, csp_violations):
    problems: dict[str, list[str]] = {}
    for name, path, status, proof in page_types():
        found = []
        page.set_viewport_size(NARROWEST)
        response = page.goto(site + path)
        if response.status != status:
            found.append(f"HTTP {response.status}")
        if proof:
            page.locator(proof).first.wait_for(state="attached")
        found += csp_problems(response.headers.get("content-security-policy"))
        result = Axe().run(page)
        if result.violations_count:
            found.append(result.generate_report())
        if scrolls_sideways(page):
            found.append("scrolls sideways at 320 px")
        found += heading_problems(page)
        found += landmark_problems(page)
        found += [f"unlabelled {control}" for control in unlabelled_controls(page)]
        found += field_error_problems(page)

        page.set_viewport_size(PHONE)
        if scrolls_sideways(page):
            found.append("scrolls sideways at 360 px")
        found += [f"small target {target}" for target in small_targets(page)]
        screenshot(page, f"{name}-phone")

        page.set_viewport_size(DESKTOP)
        if scrolls_sideways(page):
            found.append("scrolls sideways at 1280 px")
        screenshot(page, f"{name}-desktop")
        if csp_violations:
            found += csp_violations
            csp_violations.clear()
        if found:
            problems[f"{name} {path}"] = found
    assert not problems, report(problems)
