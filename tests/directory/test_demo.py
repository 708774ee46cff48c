import datetime

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from directory.models import Municipality, Organization, Orp, Publication, Region
from events.models import Event
from services import weekdays
from services.models import Location, LocationKind, Schedule, Service, ServiceArea

pytestmark = pytest.mark.django_db

DEMO_APPS = ("directory", "services", "events")


def _row_counts() -> dict[str, int]:
    """Rows of every model of our apps, including M2M through tables and history tables."""
    return {
        model._meta.label: model._default_manager.count()
        for label in DEMO_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }


@pytest.fixture(scope="class")
def loaded_demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once for a test class and rolled back after its last test.

    Loading takes about three seconds (the places of the whole country); each test still runs
    in its own savepoint inside the outer transaction, so a test that writes cannot disturb the
    next one.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


def test_loading_twice_changes_no_row_count():
    call_command("load_demo", verbosity=0)
    first = _row_counts()
    call_command("load_demo", verbosity=0)

    assert _row_counts() == first
    for model in (Region, Orp, Municipality, Organization, Service, Location, Schedule, Event):
        assert first[model._meta.label] > 0
    assert first["services.Service_types"] > 0
    assert first["events.Event_participants"] > 0


def test_loading_writes_one_history_entry_per_service():
    from services.history import service_timeline

    call_command("load_demo", verbosity=0)
    for service in Service.objects.all():
        # The service's fields and its five lists of terms: one record, not one per field.
        assert service.history.count() == 1
        entries = service_timeline(service.pk)
        assert len(entries) == 1, [entry.lines for entry in entries]
        assert entries[0].reason == "Načtena ukázková data"
    call_command("load_demo", verbosity=0)
    assert all(
        len(service_timeline(pk)) == 1 for pk in Service.objects.values_list("pk", flat=True)
    )


def test_second_load_reports_nothing_to_change(capsys):
    call_command("load_demo")
    capsys.readouterr()
    call_command("load_demo")

    assert "Nothing to change." in capsys.readouterr().out


def test_loading_again_another_day_changes_nothing(capsys, monkeypatch):
    from django.utils import timezone

    call_command("load_demo")
    capsys.readouterr()
    a_week_later = timezone.localdate() + datetime.timedelta(days=7)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: a_week_later)
    call_command("load_demo")

    # "Verified on" is not the day of loading, so a later load has nothing to refresh.
    assert "Nothing to change." in capsys.readouterr().out


def test_load_keeps_places_already_imported():
    region = Region.objects.create(
        csu_code="3107", nuts_code="CZ063", name="Kraj Vysočina", slug="vysocina"
    )
    orp = Orp.objects.create(csu_code="6103", name="Humpolec", slug="humpolec", region=region)
    town = Municipality.objects.create(code="547999", name="Humpolec", orp=orp, slug="humpolec-x")

    call_command("load_demo", verbosity=0)

    assert Region.objects.get(csu_code="3107").slug == "vysocina"
    assert Municipality.objects.get(code="547999").pk == town.pk
    assert Municipality.objects.filter(name="Humpolec").count() == 1


@pytest.mark.usefixtures("loaded_demo")
class TestDemoFacts:
    """What the seeds say is in the database (loaded once for the class)."""

    def test_all_fourteen_regions_are_loaded(self):
        assert Region.objects.count() == 14
        assert Region.objects.get(nuts_code="CZ063").slug == "kraj-vysocina"

    def test_trest_belongs_to_orp_jihlava(self):
        assert Municipality.objects.get(code="588032").orp.name == "Jihlava"

    def test_kyjov_k_centrum_has_the_seed_address_and_phones(self):
        centre = Service.objects.get(slug="k-centrum-kyjov")
        premises = centre.locations.get(kind=LocationKind.PREMISES)

        assert premises.address == "Palackého 194"
        assert premises.postal_code == "69701"
        assert premises.municipality.code == "586307"  # Kyjov in ORP Kyjov, not the two others
        assert centre.phone == "+420 518 611 589"
        assert centre.email == "K.centrum@kyjov.charita.cz"
        assert centre.min_age == 15
        assert centre.organization.parent.name == "Diecézní charita Brno"

    def test_kyjov_centre_and_outreach_share_the_seed_address(self):
        centre = Service.objects.get(slug="k-centrum-kyjov")
        outreach = Service.objects.get(slug="k-centrum-kyjov-terenni-programy")
        shared = centre.locations.get(kind=LocationKind.PREMISES)

        assert list(outreach.locations.all()) == [shared]
        assert set(shared.services.all()) == {centre, outreach}
        # The opening hours there are the centre's; the outreach team has none of its own.
        assert not outreach.schedules.exists()

    def test_kyjov_services_list_both_seed_numbers_their_own_first(self):
        def phones(slug):
            service = Service.objects.get(slug=slug)
            return [(c.value, c.purpose) for c in service.contacts.filter(kind="phone")]

        assert phones("k-centrum-kyjov") == [
            ("+420 518 611 589", ""),
            ("+420 776 316 515", "terénní programy"),
        ]
        assert phones("k-centrum-kyjov-terenni-programy") == [
            ("+420 776 316 515", ""),
            ("+420 518 611 589", "K-centrum"),
        ]

    def test_kyjov_outreach_serves_kyjovsko_and_veselsko_for_the_seed_target_groups(self):
        outreach = Service.objects.get(slug="k-centrum-kyjov-terenni-programy")

        assert outreach.phone == "+420 776 316 515"
        assert outreach.min_age == 15
        assert {area.orp.name for area in outreach.areas.all()} == {"Kyjov", "Veselí nad Moravou"}
        assert set(outreach.target_groups.values_list("code", flat=True)) == {
            "problem_drug_users",
            "risky_users",
            "women_who_use_drugs",
            "experimenters",
            "family",
            "public",
        }
        assert {"needle_exchange", "syringe_collection", "case_management"} <= set(
            outreach.activities.values_list("code", flat=True)
        )

    def test_humpolec_outreach_is_on_thursdays_only(self):
        sessions = Schedule.objects.filter(location__municipality__name="Humpolec")

        assert sessions.exists()
        assert {session.days for session in sessions} == {weekdays.bit(3)}
        assert all(
            session.service.slug == "centrum-u-vetrniku-terenni-program" for session in sessions
        )

    def test_pelhrimov_outreach_is_on_monday_afternoon_to_evening(self):
        session = Schedule.objects.get(location__municipality__name="Pelhřimov")

        assert session.days == weekdays.bit(0)
        assert session.opens_at >= datetime.time(12) and session.closes_at >= datetime.time(17)
        assert "odpoledne až večer" in session.note.lower()
        assert session.location.kind == LocationKind.OUTREACH

    def test_invented_hours_say_so(self):
        for session in Schedule.objects.all():
            assert "doplněno pro ukázku" in session.note, session

    def test_podane_ruce_runs_contact_centres_in_six_towns(self):
        centres = Service.objects.filter(
            organization__slug="spolecnost-podane-ruce", types__code="contact_centre"
        ).exclude(slug="centrum-vlhka")
        towns = set(
            Location.objects.filter(services__in=centres, kind=LocationKind.PREMISES).values_list(
                "municipality__name", flat=True
            )
        )

        assert centres.count() == 6
        assert towns == {"Brno", "Znojmo", "Olomouc", "Prostějov", "Uherské Hradiště", "Zlín"}

    def test_podane_ruce_outreach_covers_blanensko_vyskovsko_sumpersko(self):
        outreach = Service.objects.get(slug="podane-ruce-terenni-programy")

        assert {"Blansko", "Vyškov", "Šumperk"} <= {
            area.orp.name for area in outreach.areas.all() if area.orp_id
        }

    def test_centrum_vlhka_is_a_wet_service_at_cost_price(self):
        vlhka = Service.objects.get(slug="centrum-vlhka")

        assert vlhka.is_free is False
        assert "nákladovou cenu" in vlhka.cost_note
        assert vlhka.mpsv_paragraph == "59"
        assert set(vlhka.types.values_list("code", flat=True)) >= {"wet_service", "contact_centre"}

    def test_everything_is_published(self):
        assert not Organization.objects.exclude(publication=Publication.PUBLISHED).exists()
        assert not Service.objects.exclude(publication=Publication.PUBLISHED).exists()
        assert not Event.objects.exclude(publication=Publication.PUBLISHED).exists()

    def test_verified_on_is_the_seed_documents_date_never_the_load_day(self):
        from django.utils import timezone

        verified = dict(Service.objects.values_list("slug", "last_verified"))
        assert timezone.localdate() not in verified.values()
        # Seed 000, the report on the OSPOD seminar, is dated 25. 5. 2017.
        assert verified["centrum-u-vetrniku-terenni-program"] == datetime.date(2017, 5, 25)
        # Seed 004, the Brno study visit, 27. 5. 2024.
        assert verified["centrum-vlhka"] == datetime.date(2024, 5, 27)
        # Seed 001 describes the Liberec meeting of 5. 3. 2015.
        assert verified["most-k-nadeji-k-centrum-liberec"] == datetime.date(2015, 3, 5)
        # Seeds 002 and 003 carry no date: nobody can say when their facts were true.
        assert verified["k-centrum-kyjov"] is None
        assert verified["podane-ruce-kontaktni-centrum-znojmo"] is None

    def test_liberec_working_group_meeting(self):
        meeting = Event.objects.get(slug="rozsirene-setkani-pracovni-skupiny-liberec-2015")

        assert meeting.starts_at.date() == datetime.date(2015, 3, 5)
        assert meeting.attendance == 50
        assert meeting.municipality.name == "Liberec"
        assert meeting.participants.filter(name="Maják o.p.s.").exists()
        assert meeting.participants.count() == 18

    def test_pelhrimov_seminar_starts_at_ten_prague_time(self):
        seminar = Event.objects.get(slug="seminar-ospod-centrum-u-vetrniku-pelhrimov-2017")

        assert seminar.starts_at == datetime.datetime(2017, 5, 24, 8, 0, tzinfo=datetime.UTC)
        assert list(seminar.audiences.values_list("code", flat=True)) == ["ospod"]
        assert set(seminar.participants.values_list("slug", flat=True)) == {
            "mestsky-urad-pelhrimov",
            "mestsky-urad-humpolec",
            "mestsky-urad-pacov",
            "centrum-u-vetrniku",
        }
        assert "předpoklad" in seminar.description or "doplněno pro ukázku" in seminar.description

    def test_znojmo_exchange_and_brno_study_visit(self):
        exchange = Event.objects.get(slug="setkani-kontaktnich-center-a-terennich-programu-znojmo")
        visit = Event.objects.get(slug="platforma-velkych-mest-studijni-cesta-brno-2024")

        assert exchange.attendance == 16
        assert visit.organizer.name == "Agentura pro sociální začleňování"
        assert {"centrum-vlhka", "aplikacni-vuz-brno", "renadi-housing-first"} <= set(
            visit.related_services.values_list("slug", flat=True)
        )

    def test_service_areas_name_exactly_one_place(self):
        for area in ServiceArea.objects.all():
            assert sum(bool(x) for x in (area.municipality_id, area.orp_id, area.region_id)) == 1

    def test_housing_first_and_an_aftercare_flat_have_invented_capacities(self):
        [housing] = Service.objects.get(slug="renadi-housing-first").capacities.all()
        [flats] = Service.objects.get(slug="lotos-dolecovaci-centrum").capacities.all()
        assert (housing.unit, housing.available, housing.maximum) == ("places", 2, 12)
        assert (flats.unit, flats.available, flats.maximum) == ("beds", 0, 8)
        # The seeds give no figures: the data says they are invented.
        assert all("smyšlené" in capacity.note for capacity in (housing, flats))

    def test_a_later_load_keeps_the_editors_figures(self):
        capacity = Service.objects.get(slug="renadi-housing-first").capacities.get()
        capacity.available = 5
        capacity.save()
        call_command("load_demo", verbosity=0)
        capacity.refresh_from_db()
        assert capacity.available == 5
