from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import PHONE, screenshot


def test_home_page_renders_in_chromium_without_csp_violations(page, site, csp_violations):
    page.set_viewport_size(PHONE)
    page.goto(site + "/")
    assert page.locator("h1").inner_text()
    assert csp_violations == []
    screenshot(page, "home-phone")
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()
