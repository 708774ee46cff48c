"""Free places in a real browser (issue 20): Renadi's editor updates the Housing First figure
on the one-step page; a visitor's search card then shows it with its date, and only with a
free place finds it."""

import re

from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from directory.models import Role
from services.models import Service
from tests.browser.conftest import PHONE
from tests.browser.pagechecks import field_error_problems, scrolls_sideways, small_targets
from tests.factories import AccountFactory, UserFactory

HOUSING_FIRST = "renadi-housing-first"


def test_an_editor_updates_housing_first_and_the_card_shows_it(browser, page, site, csp_violations):
    service = Service.objects.get(slug=HOUSING_FIRST)
    user = UserFactory(username="renadi", email="renadi@example.cz")
    AccountFactory(role=Role.EDITOR, user=user, organizations=[service.organization])

    page.goto(f"{site}/admin/")
    page.locator("#id_username").fill("renadi")
    page.locator("#id_password").fill("correct-horse-9")
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(f"{site}/admin/")

    # From the profile, at phone width, by keyboard.
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/services/{HOUSING_FIRST}/")
    page.get_by_role("link", name="Aktualizovat volná místa").click()
    page.wait_for_url(re.compile(rf"/services/{HOUSING_FIRST}/capacity/$"))
    expect(page.locator("h1")).to_have_text("Volná místa")
    assert Axe().run(page).violations_count == 0
    assert small_targets(page) == []
    assert not scrolls_sideways(page)

    # A figure that cannot be: refused, with the error tied to its field.
    free_now = page.get_by_label("Volných nyní")
    free_now.fill("13")
    free_now.press("Enter")
    expect(page.locator(".field-error")).to_contain_text("Volných může být nejvýše 12")
    assert field_error_problems(page) == []
    assert Axe().run(page).violations_count == 0

    page.get_by_label("Volných nyní").fill("3")
    page.get_by_role("button", name="Uložit volná místa").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Volná místa jsou uložena.")

    # A visitor: the card says so with today's date, and "only with a free place" finds it.
    visitor = browser.new_context(viewport=PHONE)
    search = visitor.new_page()
    search.goto(f"{site}/services/?town=Brno")
    search.get_by_text("Upravit hledání").click()  # the form folds away above results
    search.get_by_label("Jen s volným místem").check()
    search.locator(".search-form button[type=submit]").click()
    search.wait_for_url(re.compile(r"capacity=free"))
    cards = search.locator(".results-list article.result")
    expect(cards).to_have_count(1)
    today = timezone.localdate()
    expect(cards.first).to_contain_text("Housing First (Renadi)")
    expect(cards.first).to_contain_text(f"3 z 12 míst (k {today.day}. {today.month}.)")
    expect(search.get_by_label("Jen s volným místem")).to_be_checked()
    visitor.close()
    assert csp_violations == []
