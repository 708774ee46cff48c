"""Information for professionals: signed-in Professionals (and staff) only, in every response.

The conftest service carries marker strings in all four professional fields; no response an
anonymous visitor can get may contain them.
"""

import pytest

from directory.roles import can_see_professional_info
from tests.conftest import MARKERS, PRO_LINE

pytestmark = pytest.mark.django_db

ARRANGEMENT_CS = "po domluvě s klientem"  # CaseworkerJoin.BY_ARRANGEMENT, in Czech


def assert_private_absent(content: str):
    for marker in MARKERS:
        assert marker not in content
    assert ARRANGEMENT_CS not in content.lower()


def assert_private_present(content: str):
    for marker in MARKERS:
        assert marker in content
    assert ARRANGEMENT_CS.capitalize() in content


def test_anonymous_visitor_never_sees_professional_information(client, service):
    response = client.get(service.get_absolute_url())
    content = response.content.decode()
    assert_private_absent(content)
    # … but learns that it exists and where to sign in.
    assert "Pro odborníky" in content
    assert f"/accounts/login/?next={service.get_absolute_url()}" in content


def test_professional_sees_professional_information(professional_client, service):
    content = professional_client.get(service.get_absolute_url()).content.decode()
    assert_private_present(content)
    assert "Jak klienta doporučit" in content


def test_staff_sees_professional_information(client, django_user_model, service):
    client.force_login(django_user_model.objects.create_user("koordinator", is_staff=True))
    assert_private_present(client.get(service.get_absolute_url()).content.decode())


def test_signed_in_user_outside_the_group_does_not_see_it(client, django_user_model, service):
    client.force_login(django_user_model.objects.create_user("verejnost"))
    content = client.get(service.get_absolute_url()).content.decode()
    assert_private_absent(content)
    assert "Požádejte svého krajského koordinátora" in content


def test_english_page_does_not_leak_either(client, service):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    content = client.get(service.get_absolute_url()).content.decode()
    for marker in MARKERS:
        assert marker not in content
    assert "by arrangement with the client" not in content


def _jsonld(content: str) -> str:
    return content.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]


@pytest.mark.parametrize("signed_in", [False, True])
def test_json_ld_never_carries_professional_information(client, professional, service, signed_in):
    """Structured data goes to search engines: not even a professional's page includes it."""
    if signed_in:
        client.force_login(professional)
    content = client.get(service.get_absolute_url()).content.decode()
    assert_private_absent(_jsonld(content))
    head = content.split("</head>", 1)[0]
    assert_private_absent(head)  # title, description, Open Graph


@pytest.mark.parametrize("signed_in", [False, True])
def test_organization_page_never_shows_professional_information(
    client, professional, service, signed_in
):
    if signed_in:
        client.force_login(professional)
    response = client.get(service.organization.get_absolute_url())
    assert response.status_code == 200
    assert service.name in response.content.decode()
    assert_private_absent(response.content.decode())


def test_sitemap_never_carries_professional_information(client, service):
    response = client.get("/sitemap.xml")
    assert service.get_absolute_url() in response.content.decode()
    assert_private_absent(response.content.decode())


def test_home_and_organization_list_never_carry_it(client, service):
    for url in ("/", "/organizations/"):
        assert_private_absent(client.get(url).content.decode())


def test_access_check(django_user_model, professional, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    assert not can_see_professional_info(AnonymousUser())
    assert not can_see_professional_info(None)
    assert not can_see_professional_info(django_user_model.objects.create_user("bez-skupiny"))
    assert can_see_professional_info(django_user_model(username="staff", is_staff=True))
    inactive = django_user_model.objects.get(pk=professional.pk)
    inactive.is_active = False
    assert not can_see_professional_info(inactive)
    member = django_user_model.objects.get(pk=professional.pk)
    with django_assert_num_queries(1):  # asked once, then cached on the user object
        assert can_see_professional_info(member)
        assert can_see_professional_info(member)


def test_contacts_are_shown_in_order_with_their_purpose(client, service):
    content = client.get(service.get_absolute_url()).content.decode()
    office, crisis = content.index("+420 567 123 456"), content.index("+420 608 111 222")
    assert office < content.index("kc@example.cz") < crisis
    assert "Krizová linka" in content


def test_a_professional_sees_the_line_for_professionals_marked_as_such(
    professional_client, service
):
    content = professional_client.get(service.get_absolute_url()).content.decode()
    line = content.index(PRO_LINE)
    assert content.index("+420 608 111 222") < line
    assert "jen pro odborníky" in content[line:]


def test_the_card_contact_is_never_the_line_for_professionals(service):
    service.contacts.filter(professional_only=False, kind="phone").delete()
    service.refresh_from_db()
    assert service.phone == ""  # not the professional line: it stays off cards and the CSV
