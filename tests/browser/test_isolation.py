from services.models import Term


def test_a_second_browser_test_still_has_the_reference_data(page, site):
    # The first browser test's flush removed migration data; the site fixture restores it.
    assert Term.objects.filter(vocabulary="service_type").exists()
    page.goto(site + "/services/?type=outreach")
    assert page.locator("h1").count() == 1
