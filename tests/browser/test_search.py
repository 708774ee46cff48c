"""The caseworker's search in a real browser: phone width, suggestions as you type, the handout."""

import re

from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import screenshot

NARROW = {"width": 320, "height": 640}


def overflows(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_search_results_fit_a_320px_screen_and_pass_axe(page, site, csp_violations):
    page.set_viewport_size(NARROW)
    page.goto(site + "/services/?town=Humpolec&day=thu")
    assert "Centra U Větrníku" in page.locator(".results").inner_text()
    assert not overflows(page)
    page.locator(".search-again > summary").click()  # the form, folded into the query
    page.locator(".more-filters summary").click()  # and its folded filters
    assert not overflows(page)
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()
    assert not overflows(page)
    screenshot(page, "search-humpolec-thursday-320")
    assert csp_violations == []
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()


def test_errors_are_announced_next_to_their_fields(page, site, csp_violations):
    page.set_viewport_size(NARROW)
    page.goto(site + "/services/?town=lhota&day=funday")
    assert page.locator("#id_day_error").is_visible()
    assert not overflows(page)
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()
    assert csp_violations == []


def test_town_suggestions_appear_as_you_type_and_run_the_search(page, site, csp_violations):
    page.goto(site + "/services/?day=thu")
    page.locator("#id_town").press_sequentially("humpo", delay=50)
    suggestion = page.locator("#town-suggestions a").first
    suggestion.wait_for()
    assert "Humpolec" in suggestion.inner_text()
    suggestion.click()
    page.wait_for_url(re.compile(r"town=\d{6}&day=thu"))
    assert "Centra U Větrníku" in page.locator(".results").inner_text()
    assert csp_violations == []


def test_town_week_fits_a_320px_screen(page, site, csp_violations):
    page.set_viewport_size(NARROW)
    page.goto(site + "/towns/humpolec/")
    thursday = page.locator(".week-day").nth(3).inner_text()
    assert "Centra U Větrníku" in thursday
    assert "13:00–18:00" in thursday
    assert not overflows(page)
    screenshot(page, "town-humpolec-320")
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()
    assert csp_violations == []


def test_handout_prints_on_at_most_two_pages_without_the_site_chrome(page, site):
    page.goto(site + "/services/?town=Humpolec&day=thu&print=1")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".handout-tools").is_visible()
    assert page.locator(".handout-item").count() >= 1
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, pages


def test_on_a_phone_the_results_come_first_and_a_desktop_keeps_the_form(page, site, csp_violations):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + "/services/?town=Humpolec&day=thu")
    summary = page.locator("details.search-again > summary")
    assert "Humpolec" in summary.inner_text() and "Upravit hledání" in summary.inner_text()
    assert not page.locator("#id_town").is_visible()
    first = page.locator(".results-list .result").first.bounding_box()
    # Its name and first lines on the first screen (it used to start 1.3 screens down).
    assert first["y"] < 844 * 0.7, first
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "/services/?town=Humpolec&day=thu")
    assert page.locator("#id_town").is_visible()
    assert csp_violations == []
