"""The event page: when and where, who, registration, the report after the event, drafts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import Publication
from events.models import EventKind
from services.models import Vocabulary
from tests.events.conftest import prague
from tests.factories import (
    EventFactory,
    MunicipalityFactory,
    OrganizationFactory,
    ServiceFactory,
    term,
)

pytestmark = pytest.mark.django_db

SECRET_LINK = "https://meet.example.org/tajne-setkani"


def page(client, event):
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_page_shows_kind_prague_time_and_venue_with_map_link(client, seminar):
    content = page(client, seminar)
    assert "<h1>Seminář OSPOD a K-centrum</h1>" in content
    assert EventKind.SEMINAR.label.capitalize() in content
    assert '<time datetime="2017-05-24T10:00+02:00">24. 5. 2017 10:00</time>' in content
    assert '<time datetime="2017-05-24T14:00+02:00">14:00</time>' in content
    assert "Městský úřad" in content
    assert "Pražská 2490" in content
    assert (
        "https://www.openstreetmap.org/search?query=Pra%C5%BEsk%C3%A1+2490%2C+Pelh%C5%99imov"
        in content
    )
    assert seminar.municipality.get_absolute_url() in content


def test_all_day_multi_day_event_shows_dates_without_times(client):
    event = EventFactory(
        all_day=True, starts_at=prague(2017, 5, 24, 9), ends_at=prague(2017, 5, 25, 15)
    )
    content = page(client, event)
    assert (
        '<time datetime="2017-05-24">24.</time>–<time datetime="2017-05-25">25. 5. 2017</time>'
        in content
    )
    assert "09:00" not in content
    assert "15:00" not in content


def test_organizer_participants_and_services_link_to_their_profiles(client, seminar):
    kcentrum = OrganizationFactory(name="K-centrum Pelhřimov")
    hidden = OrganizationFactory(name="Rozpracovaná organizace", publication=Publication.DRAFT)
    seminar.participants.add(kcentrum, hidden)
    service = ServiceFactory(name="Terénní program Pelhřimov", organization=kcentrum)
    draft_service = ServiceFactory(name="Koncept služby", publication=Publication.DRAFT)
    seminar.related_services.add(service, draft_service)
    seminar.other_participants = "Pracovnice OSPOD Pelhřimov"
    seminar.save()
    content = page(client, seminar)
    assert (
        f'<a href="{seminar.organizer.get_absolute_url()}">{seminar.organizer.name}</a>' in content
    )
    assert f'<a href="{kcentrum.get_absolute_url()}">K-centrum Pelhřimov</a>' in content
    assert f'<a href="{service.get_absolute_url()}">Terénní program Pelhřimov</a>' in content
    assert "Rozpracovaná organizace" not in content
    assert "Koncept služby" not in content
    assert "Pracovnice OSPOD Pelhřimov" in content


def test_audience_and_capacity_are_shown(client, seminar):
    seminar.audiences.add(term(Vocabulary.AUDIENCE, "ospod"))
    seminar.capacity = 30
    seminar.save()
    content = page(client, seminar)
    assert "OSPOD" in content
    assert "30" in content


def test_registration_link_until_the_deadline(client):
    event = EventFactory(
        starts_at=timezone.now() + datetime.timedelta(days=10),
        registration_url="https://example.org/prihlaska",
        registration_deadline=timezone.now() + datetime.timedelta(days=5),
    )
    content = page(client, event)
    assert 'href="https://example.org/prihlaska"' in content
    assert "registration-closed" not in content


def test_registration_is_closed_after_the_deadline(client):
    event = EventFactory(
        starts_at=timezone.now() + datetime.timedelta(days=10),
        registration_url="https://example.org/prihlaska",
        registration_deadline=timezone.now() - datetime.timedelta(minutes=1),
    )
    content = page(client, event)
    assert 'href="https://example.org/prihlaska"' not in content
    assert "registration-closed" in content


def test_report_attendance_and_photo_captions_after_the_event(client):
    event = EventFactory(
        starts_at=prague(2015, 3, 5, 9),
        report="Účastníci se vzájemně představili.",
        attendance=50,
        photo_captions="Úvod setkání\n\n  Práce ve skupinách  \n",
    )
    content = page(client, event)
    assert 'id="report"' in content
    assert "Účastníci se vzájemně představili." in content
    assert "50" in content
    assert "<li>Úvod setkání</li>" in content
    assert "<li>Práce ve skupinách</li>" in content


def test_report_is_not_shown_before_the_event(client):
    event = EventFactory(
        report="Napsáno předem", starts_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert "Napsáno předem" not in page(client, event)


def test_private_online_link_is_hidden_from_anonymous_visitors(client):
    event = EventFactory(
        kind=EventKind.ONLINE_MEETING, online_url=SECRET_LINK, online_url_private=True
    )
    content = page(client, event)
    assert SECRET_LINK not in content
    assert reverse("login") in content


def test_private_online_link_is_shown_to_signed_in_users(client, django_user_model):
    event = EventFactory(
        kind=EventKind.ONLINE_MEETING, online_url=SECRET_LINK, online_url_private=True
    )
    client.force_login(django_user_model.objects.create_user("koordinatorka"))
    assert f'href="{SECRET_LINK}"' in page(client, event)


def test_public_online_link_is_shown_to_everyone(client):
    event = EventFactory(online_url=SECRET_LINK, online_url_private=False)
    assert f'href="{SECRET_LINK}"' in page(client, event)


def test_draft_is_404_for_visitors_and_signed_in_users(client, django_user_model):
    event = EventFactory(publication=Publication.DRAFT)
    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(django_user_model.objects.create_user("someone"))
    assert client.get(event.get_absolute_url()).status_code == 404


def test_draft_is_previewed_by_staff_with_a_notice(client, django_user_model):
    event = EventFactory(publication=Publication.DRAFT)
    client.force_login(django_user_model.objects.create_user("staff", is_staff=True))
    content = page(client, event)
    assert 'class="notice"' in content


def test_unknown_event_is_404(client, db):
    assert client.get(reverse("events:detail", args=["no-such-event"])).status_code == 404


def test_detail_rejects_post(client, seminar):
    assert client.post(seminar.get_absolute_url()).status_code == 405


def test_detail_query_count_does_not_grow_with_participants(
    client, django_assert_num_queries, seminar
):
    seminar.participants.add(*OrganizationFactory.create_batch(3))
    seminar.related_services.add(*ServiceFactory.create_batch(3))
    seminar.audiences.add(term(Vocabulary.AUDIENCE, "ospod"), term(Vocabulary.AUDIENCE, "health"))
    # event with organizer, town and region; audiences; participants; services with organizations
    with django_assert_num_queries(4):
        client.get(seminar.get_absolute_url())


def test_map_link_uses_the_venue_when_there_is_no_address(db):
    event = EventFactory(
        venue_name="Maják o.p.s.", municipality=MunicipalityFactory(name="Liberec")
    )
    assert (
        event.map_url == "https://www.openstreetmap.org/search?query=Maj%C3%A1k+o.p.s.%2C+Liberec"
    )
    assert EventFactory(kind=EventKind.ONLINE_MEETING).map_url == ""
