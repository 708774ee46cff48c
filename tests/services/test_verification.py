"""The queue of stale listings, marking them verified, and reminding editors by e-mail."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from directory.models import Publication
from services.models import Service, ServiceStatus
from tests.factories import LocationFactory, OrganizationFactory, ServiceFactory

CHANGELIST = "admin:services_service_changelist"


def _days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@override_settings(STALE_AFTER_DAYS=180)
def test_stale_listings_come_first_oldest_on_top(coordinator_client, world):
    world.our_service.last_verified = _days_ago(200)
    world.our_service.save()
    never = ServiceFactory(organization=world.ours, name="Nikdy", last_verified=None)
    fresh = ServiceFactory(
        organization=world.ours, name="Čerstvá", last_verified=_days_ago(3), phone="567 000 111"
    )
    response = coordinator_client.get(reverse(CHANGELIST))
    assert list(response.context["cl"].result_list) == [never, world.our_service, fresh]
    stale = coordinator_client.get(reverse(CHANGELIST), {"stale": "yes"})
    assert list(stale.context["cl"].result_list) == [never, world.our_service]
    recent = coordinator_client.get(reverse(CHANGELIST), {"stale": "no"})
    assert list(recent.context["cl"].result_list) == [fresh]


def test_mark_as_verified_action_only_touches_services_in_scope(coordinator_client, world):
    for service in (world.our_service, world.their_service):
        service.last_verified = None
        service.save()
    response = coordinator_client.post(
        reverse(CHANGELIST),
        {
            "action": "mark_verified_today",
            "_selected_action": [world.our_service.pk, world.their_service.pk],
        },
    )
    assert response.status_code == 302
    world.our_service.refresh_from_db()
    world.their_service.refresh_from_db()
    assert world.our_service.last_verified == timezone.localdate()
    assert world.their_service.last_verified is None
    assert world.our_service.history.first().history_user.username == "koordinatorka"


def test_verified_today_button_on_the_change_page(coordinator_client, world):
    world.our_service.last_verified = None
    world.our_service.save()
    change = reverse("admin:services_service_change", args=[world.our_service.pk])
    verify = reverse("admin:services_service_verify", args=[world.our_service.pk])
    assert f'action="{verify}"' in coordinator_client.get(change).content.decode()
    assert coordinator_client.get(verify).status_code == 405
    response = coordinator_client.post(verify)
    assert response.status_code == 302 and response.url == change
    world.our_service.refresh_from_db()
    assert world.our_service.last_verified == timezone.localdate()


def test_verified_button_of_another_region_is_404(coordinator_client, world):
    verify = reverse("admin:services_service_verify", args=[world.their_service.pk])
    assert coordinator_client.post(verify).status_code == 404


@override_settings(STALE_AFTER_DAYS=180, SITE_URL="https://adresar.example.cz")
def test_notify_stale_mails_each_organizations_editors_their_stale_services(world, editor, capsys):
    world.our_service.last_verified = _days_ago(181)
    world.our_service.save()
    ServiceFactory(
        organization=world.ours, name="Ověřená", last_verified=_days_ago(10), phone="567 000 111"
    )
    ServiceFactory(
        organization=world.ours,
        name="Archivovaná",
        last_verified=None,
        publication=Publication.ARCHIVED,
    )
    ServiceFactory(
        organization=world.ours, name="Ukončená", last_verified=None, status=ServiceStatus.ENDED
    )
    never = ServiceFactory(organization=world.ours, name="Nikdy neověřená", last_verified=None)
    world.their_service.last_verified = None  # stale, but its organization has no editor
    world.their_service.save()

    call_command("notify_stale")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [editor.email]
    assert world.ours.name in message.subject
    body = message.body
    assert "Nikdy neověřená" in body and world.our_service.name in body
    assert body.index("Nikdy neověřená") < body.index(world.our_service.name)
    assert f"https://adresar.example.cz/admin/services/service/{never.pk}/change/" in body
    for name in ("Ověřená", "Archivovaná", "Ukončená", world.their_service.name):
        assert name not in body
    output = capsys.readouterr()
    assert f"{world.ours.name}: 2 stale → {editor.email}" in output.out
    assert "sent 1 e-mail" in output.out
    assert f"{world.theirs.name}: 1 stale, no editor" in output.err


def test_notify_stale_dry_run_sends_nothing(world, editor, capsys):
    Service.objects.update(last_verified=None)
    call_command("notify_stale", "--dry-run")
    assert mail.outbox == []
    assert "would send 1 e-mail" in capsys.readouterr().out


@override_settings(STALE_AFTER_DAYS=180)
def test_a_listing_nobody_can_reach_is_in_the_queue_however_fresh(coordinator_client, world):
    # world.our_service was verified today but lists no phone, e-mail or website, nor does
    # its organization.
    own = ServiceFactory(organization=world.ours, name="Vlastní telefon", phone="567 000 111")
    inherited = ServiceFactory(
        organization=OrganizationFactory(email="info@example.cz", municipality=world.vysocina_town),
        name="Kontakt organizace",
    )
    LocationFactory(service=inherited, municipality=world.vysocina_town)

    queue = coordinator_client.get(reverse(CHANGELIST), {"stale": "yes"})
    assert list(queue.context["cl"].result_list) == [world.our_service]
    assert "bez telefonu, e-mailu i webu, a to ani u organizace" in queue.text
    without = coordinator_client.get(reverse(CHANGELIST), {"stale": "no_contact"})
    assert list(without.context["cl"].result_list) == [world.our_service]
    recent = coordinator_client.get(reverse(CHANGELIST), {"stale": "no"})
    assert set(recent.context["cl"].result_list) == {own, inherited}
    everything = coordinator_client.get(reverse(CHANGELIST))
    assert list(everything.context["cl"].result_list) == [world.our_service, inherited, own]


def test_notify_stale_mails_a_fresh_listing_without_contact_saying_why(world, editor, capsys):
    ServiceFactory(organization=world.ours, name="Ověřená s telefonem", phone="567 000 111")

    call_command("notify_stale")

    [message] = mail.outbox
    assert (
        f"- {world.our_service.name} (bez telefonu, e-mailu i webu, a to ani u organizace)"
        in message.body
    )
    assert "Ověřená s telefonem" not in message.body
