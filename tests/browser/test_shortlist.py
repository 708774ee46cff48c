"""The caseworker's shortlist in a real browser (issue 20): two searches, three services, one
handout with the notes, the share link in another browser, the e-mail; and the same without
JavaScript on a phone."""

import re

from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, watch_csp
from tests.browser.pagechecks import small_targets


def add_from_search(page, site, town: str, count: int) -> list[str]:
    """Search ``town`` and add its first ``count`` results; their names."""
    page.goto(f"{site}/services/?town={town}")
    cards = page.locator(".results-list > li")
    names = []
    for index in range(count):
        card = cards.nth(index)
        names.append(card.locator("h3 a").inner_text())
        card.get_by_role("button", name=re.compile("^Přidat do výběru")).click()
        expect(card.get_by_role("button", name=re.compile("^Odebrat z výběru"))).to_be_visible()
    return names


def for_service(action: str, name: str) -> re.Pattern:
    """A button's accessible name: the action, then the service (visually hidden)."""
    return re.compile(rf"^{action}\W+{re.escape(name)}$")


def shortlist_names(page) -> list[str]:
    return page.locator(".shortlist-items h2").all_inner_texts()


def test_two_searches_three_services_one_handout_a_shared_link_and_an_e_mail(
    browser, page, site, csp_violations
):
    chosen = add_from_search(page, site, "Humpolec", 1) + add_from_search(page, site, "Jihlava", 2)
    assert len(set(chosen)) == 3
    # htmx kept the header's count up to date without reloading.
    expect(page.locator("#shortlist-count")).to_have_text(" (3)")

    page.get_by_role("link", name=re.compile("^Výběr")).click()
    page.wait_for_url(f"{site}/services/shortlist/")
    assert shortlist_names(page) == chosen
    assert Axe().run(page).violations_count == 0
    notes = ["Ve čtvrtek od 13 hodin", "Zavolejte předem", "Vezměte si průkaz"]
    for name, note in zip(chosen, notes, strict=True):
        page.get_by_label(f"Poznámka pro klienta: {name}").fill(note)
    page.get_by_role("button", name="Vytisknout pro klienta").click()
    page.wait_for_url(f"{site}/services/shortlist/?print=1")
    items = page.locator(".handout-item")
    expect(items).to_have_count(3)
    for index, (name, note) in enumerate(zip(chosen, notes, strict=True)):
        expect(items.nth(index).locator("h2")).to_have_text(name)
        expect(items.nth(index)).to_contain_text(note)
    # The first search made Humpolec the client's town.
    expect(page.locator(".handout-summary")).to_contain_text("Humpolec")

    page.get_by_role("link", name="Zpět na výběr").click()
    link = page.get_by_label("Zkopírujte tento odkaz do SMS nebo zprávy").input_value()
    elsewhere = browser.new_context()
    other = elsewhere.new_page()
    other.goto(link)
    assert shortlist_names(other) == chosen
    expect(other.locator("main")).not_to_contain_text(notes[0])
    elsewhere.close()

    page.get_by_label("E-mail klienta").fill("klient@example.cz")
    page.get_by_role("button", name="Odeslat seznam").click()
    expect(page.get_by_role("status")).to_contain_text("klient@example.cz")
    [sent] = mail.outbox
    assert sent.to == ["klient@example.cz"]
    assert all(name in sent.body for name in chosen) and notes[2] in sent.body
    assert csp_violations == []


def test_the_shortlist_works_without_javascript_on_a_phone(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    csp = watch_csp(page)
    [first, second] = add_from_search(page, site, "Jihlava", 2)
    page.goto(f"{site}/services/shortlist/")
    assert shortlist_names(page) == [first, second]
    page.get_by_label(f"Poznámka pro klienta: {second}").fill("Nejdřív sem")
    page.get_by_role("button", name=for_service("Posunout nahoru", second)).click()
    assert shortlist_names(page) == [second, first]
    expect(page.get_by_label(f"Poznámka pro klienta: {second}")).to_have_value("Nejdřív sem")
    assert small_targets(page) == []
    page.get_by_role("button", name=for_service("Odebrat", first)).click()
    assert shortlist_names(page) == [second]
    assert csp == []
    context.close()
