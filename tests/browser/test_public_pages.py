"""Service and organization profiles in a real browser: map, no JavaScript, keyboard, print.

axe, phone width and the CSP on every page type: test_page_types.py.
"""

from tests.browser.conftest import DESKTOP, PHONE, screenshot

OUTREACH = "/services/centrum-u-vetrniku-terenni-program/"
CONTACT_CENTRE = "/services/centrum-u-vetrniku-kontaktni-centrum/"


def test_service_map_draws_a_marker_per_place(page, site, csp_violations):
    page.set_viewport_size(DESKTOP)
    page.goto(site + OUTREACH)
    page.locator(".map.leaflet-container").wait_for()
    # Telč, Třešť, Dačice, Pelhřimov and Humpolec.
    assert page.locator(".map .leaflet-marker-icon").count() == 5
    assert csp_violations == []
    screenshot(page, "service-outreach-desktop")


def test_service_profile_without_javascript_keeps_addresses_and_hides_the_map(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(site + CONTACT_CENTRE)
    assert page.locator(".map").is_hidden()
    assert page.get_by_text("Žižkova 15, Jihlava").is_visible()
    assert page.get_by_role("link", name="Zobrazit na OpenStreetMap").is_visible()
    assert page.locator("table.week").first.is_visible()
    context.close()


def test_skip_link_is_the_first_stop_and_visible_on_focus(page, site):
    page.goto(site + CONTACT_CENTRE)
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.get_attribute("class") == "skip-link"
    box = focused.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#content"


def test_print_hides_navigation_and_the_map(page, site):
    page.goto(site + OUTREACH)
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".map").is_hidden()
    assert page.locator(".professional").is_hidden()
    assert page.locator("table.week").first.is_visible()
