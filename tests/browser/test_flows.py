"""Whole tasks in a real browser, as the people who use the directory do them.

The site's default language is Czech, so the steps find things by the Czech text a visitor
sees; the language switch test checks both languages.
"""

import re

from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from directory.roles import PROFESSIONALS
from services.models import Service
from tests.browser.conftest import DESKTOP, PHONE, screenshot, watch_csp
from tests.browser.pagechecks import field_error_problems, focus_ring

OUTREACH = "centrum-u-vetrniku-terenni-program"
CONTACT_CENTRE = "centrum-u-vetrniku-kontaktni-centrum"


def expect_thursday_outreach_in_humpolec(page):
    """The results list Centrum U Větrníku's outreach with its Thursday session in Humpolec."""
    result = page.locator(".results-list .result").filter(has_text="Centra U Větrníku")
    expect(result).to_have_count(1)
    expect(result.locator(".reasons")).to_contain_text(
        re.compile(r"Humpolec: .*čtvrtek 13:00–18:00")
    )
    return result


def unfold_search(page):
    """After a search with results a phone shows the query in one line: open the form."""
    folded = page.locator("details.search-again")
    if folded.count() and not folded.evaluate("details => details.open"):
        folded.locator("summary").first.click()


def expect_handout_in_print(page):
    """Print media: no site chrome or map; name, address and Thursday hours in Humpolec."""
    page.emulate_media(media="print")
    for chrome in (".site-header", ".site-footer", ".breadcrumbs", ".map", ".professional"):
        expect(page.locator(chrome)).to_be_hidden()
    expect(page.locator("h1")).to_contain_text("Terénní program Centra U Větrníku")
    humpolec = page.locator("article.location").filter(has_text="Terénní program – Humpolec")
    expect(humpolec.locator(".address")).to_contain_text("Humpolec")
    thursday = humpolec.locator("table.week tr").filter(has_text="Čtvrtek")
    expect(thursday).to_contain_text("13:00–18:00")
    expect(thursday).to_be_visible()
    expect(page.locator(".print-only")).to_be_visible()


def test_caseworker_picks_a_suggested_town_and_a_day_then_prints_the_profile(
    page, site, csp_violations
):
    # The home page's town field offers the towns with services as a plain <datalist>; the
    # htmx suggestions (any of the 817 towns, without diacritics) are on the search page.
    page.set_viewport_size(PHONE)
    page.goto(site + "/")
    page.locator("body > header nav").get_by_role("link", name="Hledat").click()
    page.wait_for_url(re.compile(r"/services/$"))

    page.locator("#id_town").press_sequentially("humpolec", delay=30)
    suggestion = page.locator("#town-suggestions a").filter(has_text=re.compile(r"^Humpolec"))
    expect(suggestion.first).to_be_visible()
    screenshot(page, "flow-town-suggestions-phone", full_page=False)
    suggestion.first.click()
    page.wait_for_url(re.compile(r"[?&]town=\d{6}"))
    # The field keeps the unambiguous municipality code; the summary names the town.
    expect(page.locator("details.search-again > summary")).to_contain_text("Humpolec")

    unfold_search(page)
    page.get_by_role("checkbox", name="čtvrtek").check()
    page.locator(".search-filters").get_by_role("button", name="Hledat").click()
    page.wait_for_url(re.compile(r"[?&]day=thu"))
    result = expect_thursday_outreach_in_humpolec(page)

    result.get_by_role("link").first.click()
    page.wait_for_url(re.compile(OUTREACH))
    page.locator(".map.leaflet-container .leaflet-marker-icon").first.wait_for()
    expect_handout_in_print(page)
    screenshot(page, "flow-profile-print-phone")
    assert csp_violations == []


def test_caseworker_searches_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    csp_violations = watch_csp(page)
    page.goto(site + "/")
    page.locator("#home-town").fill("humpolec")
    page.locator("#home-day").select_option("thu")
    page.locator(".search-form-home").get_by_role("button", name="Hledat").click()
    page.wait_for_url(re.compile(r"/services/\?town=humpolec&day=thu"))
    result = expect_thursday_outreach_in_humpolec(page)

    # The plain search form on the results page works as well (unfolded from the query's
    # one-line summary, a <details> without JavaScript): add Friday.
    expect(page.locator("details.search-again > summary")).to_contain_text("Upravit hledání")
    unfold_search(page)
    page.get_by_role("checkbox", name="pátek").check()
    page.locator(".search-filters").get_by_role("button", name="Hledat").click()
    page.wait_for_url(re.compile(r"day=thu&day=fri"))
    expect_thursday_outreach_in_humpolec(page)

    result = expect_thursday_outreach_in_humpolec(page)
    result.get_by_role("link").first.click()
    page.wait_for_url(re.compile(OUTREACH))
    expect(page.locator(".map")).to_be_hidden()
    expect_handout_in_print(page)
    assert csp_violations == []
    context.close()


def test_public_browses_a_region_an_organization_and_a_service_with_its_map(
    page, site, csp_violations
):
    # Region links on the home page open the search for that region; results name their
    # organization without a link, so the path to it goes through a service profile.
    page.set_viewport_size(DESKTOP)
    page.goto(site + "/")
    page.locator("section[aria-labelledby=regions-heading]").get_by_role(
        "link", name="Kraj Vysočina"
    ).click()
    page.wait_for_url(re.compile(r"region=kraj-vysocina"))
    expect(page.locator("details.search-again > summary")).to_contain_text("Kraj Vysočina")
    page.locator(".results-list").get_by_role("link", name=re.compile("^K-centrum Jihlava")).click()
    page.wait_for_url(re.compile(CONTACT_CENTRE))

    page.locator(".profile-header").get_by_role("link", name="Centrum U Větrníku").click()
    page.wait_for_url(re.compile(r"/organizations/centrum-u-vetrniku/$"))
    expect(page.locator("h1")).to_have_text("Centrum U Větrníku")

    page.locator("main").get_by_role(
        "link", name=re.compile("^Terénní program Centra U Větrníku")
    ).first.click()
    page.wait_for_url(re.compile(OUTREACH))
    service_map = page.locator(".map.leaflet-container")
    expect(service_map).to_be_visible()
    expect(service_map.locator(".leaflet-marker-icon")).to_have_count(5)
    box = service_map.bounding_box()
    assert box["width"] > 300 and box["height"] > 200, box
    screenshot(page, "flow-region-organization-service-desktop")
    assert csp_violations == []


def test_professional_sees_referral_details_only_while_signed_in(page, site, csp_violations):
    user = User.objects.create_user("caseworker", password="a-long-test-password")
    user.groups.add(Group.objects.get(name=PROFESSIONALS))
    referral = Service.objects.get(slug=CONTACT_CENTRE).referral_process.split("\n")[0][:40]
    assert referral
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/services/{CONTACT_CENTRE}/")
    professional = page.locator(".professional")
    expect(professional).not_to_contain_text(referral)

    professional.get_by_role("link", name="Přihlásit se").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    # Sent empty first: each field says what is wrong, tied to it for screen readers.
    page.locator("main").get_by_role("button", name="Přihlásit se").click()
    expect(page.locator("#id_username")).to_have_attribute("aria-invalid", "true")
    assert field_error_problems(page) == []
    page.get_by_label("Uživatelské jméno").fill("caseworker")
    page.get_by_label("Heslo").fill("a-long-test-password")
    page.locator("main").get_by_role("button", name="Přihlásit se").click()
    page.wait_for_url(re.compile(CONTACT_CENTRE))
    expect(professional.locator("dl.facts")).to_contain_text(referral)
    expect(page.locator("body > header")).to_contain_text("Odhlásit se")

    page.locator("body > header").get_by_role("button", name="Odhlásit se").click()
    page.wait_for_url(site + "/")
    page.goto(f"{site}/services/{CONTACT_CENTRE}/")
    expect(professional).not_to_contain_text(referral)
    expect(professional.get_by_role("link", name="Přihlásit se")).to_be_visible()
    assert csp_violations == []


def test_coordinator_adds_opening_hours_in_the_admin_and_the_profile_shows_them(
    page, site, csp_violations
):
    User.objects.create_superuser("coordinator", "coordinator@example.org", "a-long-password")
    service = Service.objects.get(slug=CONTACT_CENTRE)
    page.set_viewport_size(DESKTOP)
    page.goto(site + "/admin/")
    page.locator("#id_username").fill("coordinator")
    page.locator("#id_password").fill("a-long-password")
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(site + "/admin/")

    page.goto(f"{site}/admin/services/service/{service.pk}/change/")
    # The whole change form fits the window (issue 18): no sideways scrolling.
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] == widths[1] == DESKTOP["width"]
    schedules = page.locator("#schedules-group")
    before = schedules.locator(".inline-related.has_original").count()
    first = schedules.locator("#schedules-0")
    expect(first.locator("input[name$=-opens_at]")).to_have_value(re.compile(r"^\d\d:\d\d$"))
    # The seven days are one row of labelled toggles.
    days = first.locator("label:has(input[name$=-days])")
    assert days.all_inner_texts() == ["Po", "Út", "St", "Čt", "Pá", "So", "Ne"]
    assert len({round(box["y"]) for box in (day.bounding_box() for day in days.all())}) == 1
    # Validity, holidays and note wait behind a disclosure.
    expect(first.locator("input[name$=-valid_from]")).to_be_hidden()
    first.locator("summary").filter(has_text="Platnost, svátky a poznámka").click()
    expect(first.locator("input[name$=-valid_from]")).to_be_visible()

    schedules.get_by_role("button", name="Přidat otevírací dobu").click()
    row = schedules.locator(f"#schedules-{before}")
    row.locator("select[name$=-location]").select_option(label="K-centrum Jihlava")
    row.get_by_label("So", exact=True).check()  # Saturday, by its label
    row.locator("input[name$=-opens_at]").fill("10:00")
    row.locator("input[name$=-closes_at]").fill("12:30")
    page.locator("input[name=_save]").click()
    page.wait_for_url(re.compile(r"/admin/services/service/(\?.*)?$"))
    assert service.schedules.count() == before + 1

    page.goto(f"{site}/services/{CONTACT_CENTRE}/")
    saturday = page.locator("table.week tr").filter(has_text="Sobota")
    expect(saturday).to_contain_text("10:00–12:30")
    assert csp_violations == []


def test_language_switch_to_english_and_back_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    csp_violations = watch_csp(page)
    page.goto(f"{site}/services/{CONTACT_CENTRE}/")
    expect(page.locator("html")).to_have_attribute("lang", "cs")
    expect(page.locator("#where-heading")).to_have_text("Kde a kdy")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.url == f"{site}/services/{CONTACT_CENTRE}/"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#where-heading")).to_have_text("Where and when")
    expect(page.locator("body > header nav")).to_contain_text("Organizations")

    page.get_by_role("button", name="Česky").click()
    page.wait_for_load_state()
    assert page.url == f"{site}/services/{CONTACT_CENTRE}/"
    expect(page.locator("html")).to_have_attribute("lang", "cs")
    expect(page.locator("#where-heading")).to_have_text("Kde a kdy")
    assert csp_violations == []
    context.close()


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until ``selector`` has focus; every stop on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        ring = focus_ring(page)
        assert ring and ring["visible"], f"focus not visible on {ring}"
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached in {limit} presses of Tab")


def test_caseworker_flow_by_keyboard_alone_with_visible_focus(page, site, csp_violations):
    page.set_viewport_size(DESKTOP)
    page.goto(site + "/")
    tab_to(page, "body > header nav a[href='/services/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/services/$"))

    tab_to(page, "#id_town")
    page.keyboard.type("humpolec")
    expect(page.locator("#town-suggestions a").first).to_contain_text("Humpolec")
    tab_to(page, "#town-suggestions a")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]town=\d{6}"))

    tab_to(page, "input[name=day][value=thu]")
    page.keyboard.press("Space")
    expect(page.locator("input[name=day][value=thu]")).to_be_checked()
    tab_to(page, ".search-filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]day=thu"))
    expect_thursday_outreach_in_humpolec(page)

    tab_to(page, ".results-list a")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(OUTREACH))
    expect(page.locator("h1")).to_contain_text("Terénní program Centra U Větrníku")
    assert csp_violations == []
