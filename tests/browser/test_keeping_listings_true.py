"""Keeping listings true in a real browser (issue 19): a report reaches the editor and is
resolved in the admin, the listing then shows its new verified date; a form sent too fast or
too often is refused; an alert comes and goes by its dates; planning shows vain searches."""

import datetime
import re

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from directory.models import Role, VainSearch
from directory.templatetags.directory_extras import short_date
from services.models import Alert, Report, ReportStatus, Service
from tests.browser.conftest import PHONE, watch_csp
from tests.browser.pagechecks import field_error_problems, small_targets
from tests.factories import AccountFactory, UserFactory

OUTREACH = "centrum-u-vetrniku-terenni-program"
# A person's browser: Playwright's own says "HeadlessChrome", which the demand count ignores.
CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
LONG_AGO = datetime.date(2026, 1, 5)


@pytest.fixture
def quick_forms(settings):
    """A second is enough to fill the form in (tests type fast); robots still send at once."""
    settings.REPORT_MIN_SECONDS = 1


@pytest.fixture
def editor(site):
    service = Service.objects.get(slug=OUTREACH)
    service.last_verified = LONG_AGO
    service.save()
    user = UserFactory(username="editorka", email="editorka@example.cz")
    AccountFactory(role=Role.EDITOR, user=user, organizations=[service.organization])
    return user


def fill_report(page, message: str) -> None:
    page.get_by_label("Otevírací doba").check()
    page.get_by_label("Co by tam mělo být správně?").fill(message)
    page.get_by_label("Váš e-mail (nepovinný)").fill("matka@example.cz")


def send_report(page, site, message: str) -> None:
    page.goto(f"{site}/services/{OUTREACH}/")
    page.get_by_role("link", name="Nahlásit chybu").click()
    page.wait_for_url(re.compile(rf"/services/{OUTREACH}/report/$"))
    fill_report(page, message)
    page.wait_for_timeout(1200)  # a person takes longer than REPORT_MIN_SECONDS
    page.get_by_role("button", name="Odeslat hlášení").click()
    page.wait_for_url(re.compile(r"/report/\?sent=1$"))
    expect(page.locator("h1")).to_have_text("Děkujeme za hlášení")


def test_a_report_reaches_the_editor_is_resolved_and_the_listing_is_verified(
    browser, page, site, editor, quick_forms, csp_violations
):
    # Without JavaScript, on a phone.
    plain = browser.new_context(java_script_enabled=False, viewport=PHONE)
    plain_page = plain.new_page()
    plain_csp = watch_csp(plain_page)
    send_report(plain_page, site, "Ve čtvrtek už do Humpolce nejezdí.")
    plain.close()
    # With JavaScript; the form passes axe and has big enough targets.
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/services/{OUTREACH}/report/")
    assert Axe().run(page).violations_count == 0
    assert small_targets(page) == []
    send_report(page, site, "Nové telefonní číslo je 777 000 111.")

    assert [message.to for message in mail.outbox] == [["editorka@example.cz"]] * 2
    assert "Ve čtvrtek už do Humpolce nejezdí." in mail.outbox[0].body
    assert "/admin/services/report/" in mail.outbox[1].body
    assert Report.objects.count() == 2

    # The editor resolves the second one in the admin: fixed, verified, reply sent.
    page.goto(f"{site}/admin/")
    page.locator("#id_username").fill("editorka")
    page.locator("#id_password").fill("correct-horse-9")
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(f"{site}/admin/")
    page.goto(f"{site}/admin/services/report/")
    page.get_by_role("link", name=re.compile(r"\d")).first.click()  # the newest report
    expect(page.locator(".field-message")).to_contain_text("777 000 111")
    page.locator("#id_status").select_option(ReportStatus.FIXED)
    page.locator("#id_resolution_note").fill("Číslo jsme opravili, děkujeme.")
    page.locator("#id_verify_listing").check()
    page.locator("#id_reply").check()
    page.locator("input[name=_save]").click()
    page.wait_for_url(re.compile(r"/admin/services/report/(\?.*)?$"))
    assert mail.outbox[-1].to == ["matka@example.cz"]

    page.goto(f"{site}/services/{OUTREACH}/")
    today = short_date(timezone.localdate())
    expect(page.locator("p.verified")).to_contain_text(f"Ověřeno {today}")
    assert csp_violations == [] and plain_csp == []


def test_a_form_sent_too_fast_or_too_often_is_refused_and_stored_at_most_once(
    page, site, editor, rate_limits
):
    page.goto(f"{site}/services/{OUTREACH}/report/")
    fill_report(page, "Rychlý robot.")
    page.get_by_role("button", name="Odeslat hlášení").click()  # at once: a robot's speed
    expect(page.get_by_role("alert")).to_contain_text("příliš rychle")
    assert field_error_problems(page) == []
    assert not Report.objects.exists()

    # The form comes back with a new token; sent again and again, one report is stored and the
    # limit refuses the rest with a page that says so.
    page.wait_for_timeout(3200)
    form = page.locator("form.report-form")
    data = {
        name: form.locator(f"[name={name}]").first.input_value()
        for name in ("csrfmiddlewaretoken", "token", "message")
    } | {"reason": "hours", "email": "", "website": ""}
    url = f"{site}/services/{OUTREACH}/report/"
    statuses = [page.request.post(url, form=data).status for _ in range(19)]
    assert statuses[:4] == [200] * 4  # the thank-you page, after the redirect
    assert set(statuses[4:]) == {429}  # the first, too fast, counted as well
    page.get_by_role("button", name="Odeslat hlášení").click()  # the 20th, in the page
    expect(page.locator("h1")).to_have_text("Příliš mnoho hlášení")
    expect(page.get_by_role("alert")).to_contain_text("nebylo přijato")
    assert Report.objects.count() == 1


def test_an_alert_appears_and_disappears_by_its_dates(page, site):
    service = Service.objects.get(slug=OUTREACH)
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    Alert.objects.create(
        service=service, text="Dnes terén nevyjíždí", starts_on=today, ends_on=today
    )
    Alert.objects.create(service=service, text="Od zítřka nové číslo", starts_on=today + day)
    profile = f"{site}/services/{OUTREACH}/"
    search = f"{site}/services/?town=Humpolec&day=thu"

    def banners(url):
        page.goto(url)
        return page.locator(".alert-banner").all_inner_texts()

    assert any("Dnes terén nevyjíždí" in text for text in banners(profile))
    assert not any("Od zítřka" in text for text in banners(profile))
    assert any("Dnes terén nevyjíždí" in text for text in banners(search))
    assert any("Dnes terén nevyjíždí" in text for text in banners(f"{search}&print=1"))

    # Tomorrow: today's notice is gone, tomorrow's is shown.
    tomorrow = today + day
    noon = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(12)))
    with time_machine.travel(noon, tick=False):
        for url in (profile, search):
            shown = " ".join(banners(url))
            assert "Dnes terén nevyjíždí" not in shown
            assert "Od zítřka nové číslo" in shown


def test_planning_shows_the_vain_searches_of_an_orp(browser, page, site):
    for agent in (CHROME, "Mozilla/5.0 (compatible; Googlebot/2.1)"):  # a robot: not counted
        context = browser.new_context(user_agent=agent, viewport=PHONE)
        visitor = context.new_page()
        visitor.goto(f"{site}/services/?town=Humpolec&day=sun")
        expect(visitor.locator(".nothing-found")).to_be_visible()
        context.close()
    assert VainSearch.objects.get().count == 1

    page.goto(f"{site}/planning/kraj-vysocina/")
    section = page.locator(".planning-vain")
    expect(section.locator("h2")).to_have_text("Hledáno bez výsledku")
    row = section.locator("#vain-weekdays tr").filter(has_text="Humpolec")
    # All, Monday … Sunday, any day: one search, for a Sunday.
    expect(row.locator("td")).to_have_text(["1", "0", "0", "0", "0", "0", "0", "1", "0"])
    assert Axe().run(page).violations_count == 0
