"""The migration that adds the organization's name to each service's search_text folds it as
Service.save() does, so services saved before it are found by their organization's name."""

import pytest

from services.models import Service, search_text
from tests.services.conftest import migrate_to

BEFORE = [("services", "0013_review_of_editors_changes")]
AFTER = [("services", "0014_search_text_holds_organization_name")]


@pytest.mark.django_db(transaction=True)
def test_search_text_gets_the_organization_name(migrations_undone):
    old = migrate_to(BEFORE)
    Organization = old.get_model("directory", "Organization")
    OldService = old.get_model("services", "Service")
    organization = Organization.objects.create(name="Společnost Podané ruce", slug="podane")
    OldService.objects.create(
        organization=organization,
        name="Kontaktní centrum",
        slug="kc",
        summary="Výměna stříkaček",
        search_text="kontaktni centrum vymena strikacek",
    )
    migrate_to(AFTER)
    service = Service.objects.select_related("organization").get(slug="kc")
    assert service.search_text == "kontaktni centrum vymena strikacek spolecnost podane ruce"
    assert service.search_text == search_text(service)
