"""A shared address in a real browser (issue 18): the demo coordinator offers Centrum U
Větrníku's outreach at its contact centre's premises, then edits that address once on the
location's page; both services' profiles show the new address."""

from playwright.sync_api import expect

from directory.demo_accounts import PASSWORD, create_demo_accounts
from services.models import Location, Service

CENTRE = "centrum-u-vetrniku-kontaktni-centrum"
OUTREACH = "centrum-u-vetrniku-terenni-program"


def test_a_shared_location_edited_once_shows_on_both_services(page, site, settings, csp_violations):
    settings.DEBUG = True  # the demo accounts exist only in development
    create_demo_accounts()
    settings.DEBUG = False
    outreach = Service.objects.get(slug=OUTREACH)
    premises = Location.objects.get(services__slug=CENTRE, name="K-centrum Jihlava")

    page.goto(f"{site}/admin/")
    page.locator("#id_username").fill("koordinator")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(f"{site}/admin/")

    # The outreach team also works from the centre's premises: chosen, not typed again.
    page.goto(f"{site}/admin/services/service/{outreach.pk}/change/")
    links = page.locator("#location_links-group")
    links.locator(".add-row a").click()
    links.locator("select[name$='-location']:not([name*=__prefix__])").last.select_option(
        label="K-centrum Jihlava"
    )
    page.locator("[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("úspěšně změněna")
    assert set(premises.services.values_list("slug", flat=True)) == {CENTRE, OUTREACH}

    # The address, edited once on the location's page.
    page.goto(f"{site}/admin/services/location/{premises.pk}/change/")
    expect(page.locator("#location_form")).to_contain_text("Terénní program")
    page.locator("#id_address").fill("Žižkova 1940/15")
    page.locator("[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("úspěšně změněna")

    for slug in (CENTRE, OUTREACH):
        page.goto(f"{site}/services/{slug}/")
        expect(page.locator("main")).to_contain_text("Žižkova 1940/15")
    assert csp_violations == []
