"""The history of a whole listing and the review of editors' changes, in a real browser (#18),
as the demo roles: the coordinator of Kraj Vysočina and the editor of Centrum U Větrníku."""

import re

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from directory.demo_accounts import PASSWORD, create_demo_accounts
from services.models import Schedule, Service
from tests.browser.conftest import DESKTOP, watch_csp

OUTREACH = "centrum-u-vetrniku-terenni-program"


@pytest.fixture
def demo_roles(site):
    with override_settings(DEBUG=True):  # the demo accounts exist only in development
        create_demo_accounts()
    return site


def sign_in(browser, site, username):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{site}/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(f"{site}/admin/")
    return page


def change_thursday_hours(page, site, opens, closes):
    """The Humpolec outreach (Thursdays 13–18 in the demo) on the service's admin form."""
    service = Service.objects.get(slug=OUTREACH)
    thursday = service.schedules.get(location__name="Terénní program – Humpolec")
    index = list(Schedule.objects.filter(service=service)).index(thursday)
    page.goto(f"{site}/admin/services/service/{service.pk}/change/")
    row = page.locator(f"#schedules-{index}")
    row.locator("input[name$=-opens_at]").fill(opens)
    row.locator("input[name$=-closes_at]").fill(closes)
    page.locator("input[name=_save]").click()
    return service


def public_hours(browser, site) -> str:
    visitor = browser.new_context(viewport=DESKTOP)
    page = visitor.new_page()
    page.goto(f"{site}/services/{OUTREACH}/")
    text = page.locator("main").inner_text()
    visitor.close()
    return text


def test_coordinator_changes_hours_sees_the_diff_and_reverts(browser, demo_roles):
    site = demo_roles
    assert "13:00–18:00" in public_hours(browser, site)
    page = sign_in(browser, site, "koordinator")
    csp = watch_csp(page)

    service = change_thursday_hours(page, site, "14:00", "19:00")
    page.wait_for_url(re.compile(r"/admin/services/service/(\?.*)?$"))
    assert "14:00–19:00" in public_hours(browser, site)

    page.goto(f"{site}/admin/services/service/{service.pk}/history/")
    rows = page.locator("#change-history tbody tr")
    expect(rows.first).to_contain_text("Otevírací doba: Čt 13:00–18:00 → 14:00–19:00")
    expect(rows.first).to_contain_text("koordinator")
    expect(rows.nth(1)).to_contain_text("Načtena ukázková data")
    expect(page.locator("#change-history")).not_to_contain_text("None")

    rows.nth(1).get_by_role("link", name="Vrátit k tomuto stavu").click()
    expect(page.locator("#content-main")).to_contain_text("13:00–18:00 → 14:00–19:00")
    page.get_by_role("button", name="Vrátit").click()
    page.wait_for_url(re.compile(rf"/admin/services/service/{service.pk}/history/$"))
    expect(page.locator(".messagelist")).to_contain_text("Vráceno ke stavu z")
    expect(page.locator("#change-history tbody tr").first).to_contain_text(
        "Otevírací doba: Čt 14:00–19:00 → 13:00–18:00"
    )

    shown = public_hours(browser, site)
    assert "13:00–18:00" in shown and "14:00–19:00" not in shown
    assert csp == []


def test_with_review_on_the_editor_proposes_and_the_coordinator_approves(browser, demo_roles):
    site = demo_roles
    coordinator = sign_in(browser, site, "koordinator")
    coordinator.goto(f"{site}/admin/services/regionreview/add/")
    coordinator.get_by_label("Kraj").select_option(label="Kraj Vysočina")
    coordinator.get_by_label("Změny editorů schvaluje koordinátor").check()
    coordinator.locator("input[name=_save]").click()
    coordinator.wait_for_url(re.compile(r"/admin/services/regionreview/$"))

    editor = sign_in(browser, site, "editor")
    violations = [watch_csp(editor), watch_csp(coordinator)]
    change_thursday_hours(editor, site, "14:00", "19:00")
    expect(editor.locator(".messagelist")).to_contain_text("Změna čeká na schválení koordinátorem.")
    shown = public_hours(browser, site)
    assert "13:00–18:00" in shown and "14:00–19:00" not in shown

    coordinator.goto(f"{site}/admin/services/proposedchange/")
    coordinator.locator("#result_list tbody tr a").first.click()
    expect(coordinator.locator("#proposed-changes")).to_contain_text(
        "Otevírací doba: Čt 13:00–18:00 → 14:00–19:00"
    )
    coordinator.get_by_role("button", name="Schválit a zveřejnit").click()
    expect(coordinator.locator(".messagelist")).to_contain_text("Schváleno a zveřejněno")
    assert "14:00–19:00" in public_hours(browser, site)
    assert violations == [[], []]
