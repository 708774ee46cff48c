"""The planning page in Chromium: usable at 320 px, no CSP violations, no axe violations."""

from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import DESKTOP, screenshot

NARROWEST = {"width": 320, "height": 740}


def test_planning_page_fits_a_phone_and_passes_axe(page, site, csp_violations):
    page.set_viewport_size(NARROWEST)
    page.goto(site + "/planning/kraj-vysocina/")

    assert "Humpolec" in page.locator("#types-matrix").inner_text()
    # Wide tables scroll inside their labelled containers; the page itself never does.
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROWEST["width"]
    assert csp_violations == []
    screenshot(page, "planning-phone")
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()


def test_planning_index_and_print_layout_pass_axe(page, site, csp_violations):
    page.set_viewport_size(DESKTOP)
    for path, name in (
        ("/planning/", "planning-index"),
        ("/planning/kraj-vysocina/?print=1", "planning-print"),
    ):
        page.goto(site + path)
        screenshot(page, name)
        result = Axe().run(page)
        assert result.violations_count == 0, (path, result.generate_report())
    assert csp_violations == []
