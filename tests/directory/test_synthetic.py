import datetime

import pytest
from django.core.management import CommandError, call_command

from directory import synthetic
from directory.models import Municipality, Organization
from events.models import Event
from services.models import Closure, Location, LocationKind, Schedule, Service, ServiceArea
from tests.factories import (
    MunicipalityFactory,
    OrpFactory,
    RegionFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 3, 12)


@pytest.fixture
def places():
    """Two regions, three ORPs, nine municipalities (each ORP's seat bears its name)."""
    for region_number, orp_names in enumerate([["Jihlava", "Telč"], ["Kyjov"]]):
        region = RegionFactory(name=f"Kraj {region_number}")
        for orp_name in orp_names:
            orp = OrpFactory(name=orp_name, region=region)
            MunicipalityFactory(name=orp_name, orp=orp)
            for number in range(2):
                MunicipalityFactory(name=f"{orp_name}-okolí {number}", orp=orp)


def fingerprint() -> dict:
    """Everything the generator decides, without primary keys or timestamps."""
    services = Service.objects.filter(slug__startswith="syn-")
    return {
        "organizations": sorted(
            Organization.objects.filter(slug__startswith="syn-").values_list(
                "slug", "name", "ico", "legal_form", "municipality__code", "parent__slug"
            )
        ),
        "services": sorted(
            services.values_list(
                "slug", "name", "status", "publication", "organization__slug", "min_age", "is_free"
            )
        ),
        "types": sorted(services.values_list("slug", "types__code")),
        "substances": sorted(services.values_list("slug", "substances__code")),
        "locations": sorted(
            Location.objects.filter(services__in=services).values_list(
                "services__slug", "kind", "name", "municipality__code", "channel", "address"
            )
        ),
        "schedules": sorted(
            Schedule.objects.filter(service__in=services).values_list(
                "service__slug",
                "location__name",
                "days",
                "opens_at",
                "closes_at",
                "freq",
                "interval",
                "week_of_month",
                "valid_from",
                "valid_to",
                "anchor_week",
            ),
            key=repr,
        ),
        "areas": sorted(
            ServiceArea.objects.filter(service__in=services).values_list(
                "service__slug", "orp__csu_code", "region__nuts_code"
            ),
            key=repr,
        ),
        "closures": sorted(
            Closure.objects.filter(service__in=services).values_list(
                "service__slug", "starts_on", "ends_on", "reason", "location__name"
            ),
            key=repr,
        ),
        "events": sorted(
            Event.objects.filter(slug__startswith="syn-").values_list(
                "slug", "title", "starts_at", "municipality__code", "organizer__slug", "region_id"
            )
        ),
    }


def test_the_same_seed_gives_the_same_data(places):
    synthetic.generate(services=50, seed=7, today=TODAY)
    first = fingerprint()
    synthetic.clear()
    synthetic.generate(services=50, seed=7, today=TODAY)
    assert fingerprint() == first
    synthetic.clear()
    synthetic.generate(services=50, seed=8, today=TODAY)
    assert fingerprint() != first


def test_it_creates_the_requested_amounts_over_the_places(places):
    counts = synthetic.generate(services=50, seed=1, today=TODAY)
    assert Service.objects.filter(slug__startswith="syn-").count() == 50
    assert Organization.objects.filter(slug__startswith="syn-").count() == 6  # N / 8
    assert Event.objects.filter(slug__startswith="syn-").count() == 1  # N / 40
    assert counts["services"] == 50
    used = set(
        Location.objects.exclude(kind=LocationKind.REMOTE).values_list(
            "municipality__orp__name", flat=True
        )
    )
    assert len(used) >= 2
    assert Schedule.objects.count() >= 50
    assert ServiceArea.objects.exists()
    assert all(service.types.exists() for service in Service.objects.all())


def test_generated_rows_pass_model_validation(places):
    synthetic.generate(services=50, seed=3, today=TODAY)
    for model in (Organization, Service, Location, Schedule, ServiceArea, Closure, Event):
        for obj in model.objects.all():
            obj.full_clean()
    service = Service.objects.first()
    assert service.search_text  # what save() would have set
    every_other = Schedule.objects.filter(interval=2).first()
    if every_other is not None:
        assert every_other.valid_from and every_other.anchor_week


def test_clear_removes_only_synthetic_rows(places):
    kept = ServiceFactory(name="Kontaktní centrum Jihlava")
    synthetic.generate(services=50, seed=1, today=TODAY)
    synthetic.clear()
    assert list(Service.objects.all()) == [kept]
    assert list(Organization.objects.all()) == [kept.organization]
    assert not Location.objects.exists() and not Schedule.objects.exists()
    assert not Event.objects.exists()
    assert Municipality.objects.count() == 9  # the places stay


def test_command_generates_clears_and_refuses_twice(places, capsys):
    call_command("generate_synthetic", "--services", "20", "--seed", "2")
    assert synthetic.synthetic_count() == 20
    with pytest.raises(CommandError, match="--clear"):
        call_command("generate_synthetic", "--services", "20")
    call_command("generate_synthetic", "--services", "20", "--if-missing")
    assert "already there" in capsys.readouterr().out
    call_command("generate_synthetic", "--services", "30", "--replace")
    assert synthetic.synthetic_count() == 30
    call_command("generate_synthetic", "--clear")
    assert synthetic.synthetic_count() == 0


def test_command_without_places_says_to_import_them():
    with pytest.raises(CommandError, match="import_places"):
        call_command("generate_synthetic", "--services", "10")


def test_command_rejects_a_bad_count(places):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("generate_synthetic", "--services", "0")


def test_generating_invalidates_the_page_cache(places, page_cache, client):
    from directory import cache as page_cache_module

    before = page_cache_module.content_version()
    synthetic.generate(services=10, seed=1, today=TODAY)
    assert page_cache_module.content_version() != before
