"""Coordinators copy yearly meetings as new drafts and find meetings still without a report."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from directory.models import Publication
from events.models import Event
from events.services import a_year_later, copy_event_as_new
from services.models import Vocabulary
from tests.events.conftest import prague
from tests.factories import EventFactory, OrganizationFactory, ServiceFactory, term

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:events_event_changelist")


@pytest.fixture
def working_group(db):
    """The Liberec community-planning working group of 5 March 2015, with its report."""
    event = EventFactory(
        title="Rozšířené setkání skupiny komunitního plánování",
        starts_at=prague(2015, 3, 5, 9),
        ends_at=prague(2015, 3, 5, 13),
        registration_deadline=prague(2015, 3, 1, 12),
        report="Setkání se účastnilo přibližně 50 účastníků.",
        attendance=50,
        photo_captions="SETKANI-43\nSETKANI-37",
        venue_name="Maják o.p.s.",
    )
    event.participants.add(*OrganizationFactory.create_batch(2))
    event.audiences.add(term(Vocabulary.AUDIENCE, "social_services"))
    event.related_services.add(ServiceFactory())
    return event


def test_copy_as_new_is_a_draft_a_year_later_without_the_report(working_group):
    copy = copy_event_as_new(event=working_group)
    copy.refresh_from_db()
    assert copy.pk != working_group.pk
    assert copy.title == working_group.title
    assert copy.slug != working_group.slug
    assert copy.slug.endswith("2016")
    assert copy.publication == Publication.DRAFT
    assert copy.published_at is None
    assert copy.starts_local == prague(2016, 3, 5, 9)
    assert copy.ends_local == prague(2016, 3, 5, 13)
    assert copy.registration_deadline == prague(2016, 3, 1, 12)
    assert (copy.report, copy.attendance, copy.photo_captions) == ("", None, "")
    assert copy.venue_name == "Maják o.p.s."
    assert copy.organizer == working_group.organizer
    assert set(copy.participants.all()) == set(working_group.participants.all())
    assert set(copy.audiences.all()) == set(working_group.audiences.all())
    assert set(copy.related_services.all()) == set(working_group.related_services.all())
    # the original is untouched
    working_group.refresh_from_db()
    assert working_group.attendance == 50
    assert working_group.participants.count() == 2


def test_a_year_later_keeps_prague_wall_clock_time_and_handles_leap_days():
    # 10:00 in winter stays 10:00 whatever the UTC offset; 29 February becomes the 28th.
    assert a_year_later(prague(2016, 2, 29, 10)) == prague(2017, 2, 28, 10)
    # 25 March 2017 is winter time (9:00 UTC); 25 March 2018 is summer time (8:00 UTC).
    later = a_year_later(prague(2017, 3, 25, 10))
    assert later.astimezone(datetime.UTC) == datetime.datetime(2018, 3, 25, 8, tzinfo=datetime.UTC)
    assert a_year_later(None) is None


def test_copy_as_new_admin_action(admin_client, working_group):
    response = admin_client.post(
        CHANGELIST,
        {"action": "copy_as_new", "_selected_action": [working_group.pk]},
        follow=True,
    )
    assert response.status_code == 200
    copy = Event.objects.exclude(pk=working_group.pk).get()
    assert copy.publication == Publication.DRAFT
    assert copy.report == ""
    content = response.content.decode()
    assert reverse("admin:events_event_change", args=[copy.pk]) in content


def test_copy_as_new_needs_the_add_permission(client, django_user_model, working_group):
    user = django_user_model.objects.create_user("editor", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_event", "change_event"])
    )
    client.force_login(user)
    response = client.post(
        CHANGELIST, {"action": "copy_as_new", "_selected_action": [working_group.pk]}
    )
    assert Event.objects.count() == 1
    # Without an add permission (here: no scope at all) nothing is copied, however it is refused.
    assert response.status_code in (200, 302, 403)


def test_when_filter_finds_past_meetings_without_a_report(admin_client, working_group):
    EventFactory(title="Bez zprávy", starts_at=prague(2016, 3, 3, 9))
    response = admin_client.get(CHANGELIST, {"when": "no_report"})
    shown = list(response.context["cl"].result_list)
    assert [event.title for event in shown] == ["Bez zprávy"]


def test_report_fields_are_on_the_change_page(admin_client, working_group):
    response = admin_client.get(reverse("admin:events_event_change", args=[working_group.pk]))
    content = response.content.decode()
    for field in ("report", "attendance", "photo_captions", "participants"):
        assert f'name="{field}"' in content
