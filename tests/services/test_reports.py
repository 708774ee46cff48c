""" "Nahlásit chybu": the public form, its defences, the keepers' e-mail and the admin queue."""

import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from directory.models import Publication
from services.models import Report, ReportStatus
from tests.factories import ServiceFactory


class Clock:
    """The report form's clock, moved by hand."""

    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr("services.forms.clock", clock)
    return clock


def service_url(service):
    return reverse("services:report", args=[service.slug])


def token_from(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def send(client, url, clock, *, wait=10, **fields):
    """Open the form, wait ``wait`` seconds, send it."""
    token = token_from(client.get(url))
    clock.now += wait
    data = {"reason": "hours", "message": "Ve čtvrtek už nejezdí.", "token": token, **fields}
    return client.post(url, data)


def test_form_offers_the_reasons_without_the_reporters_details(client, world):
    response = client.get(service_url(world.our_service))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nahlásit chybu" in page and "Terénní program Jihlava" in page
    for reason in ("closed", "hours", "address", "contact", "other"):
        assert f'value="{reason}"' in page
    assert 'maxlength="2000"' in page


def test_service_report_is_stored_and_mailed_in_czech_to_editor_and_coordinator(
    client, world, editor, coordinator, other_coordinator, clock
):
    url = service_url(world.our_service)
    response = send(client, url, clock, email="matka@example.cz")
    assert response.status_code == 302 and response["Location"] == f"{url}?sent=1"
    assert "Děkujeme" in client.get(response["Location"]).content.decode()
    report = Report.objects.get()
    assert (report.service, report.organization) == (world.our_service, world.ours)
    assert (report.reason, report.status) == ("hours", ReportStatus.NEW)
    [message] = mail.outbox
    assert sorted(message.to) == sorted([editor.email, coordinator.email])
    assert other_coordinator.email not in message.to
    assert message.subject == "Nahlášená chyba: Terénní program Jihlava (otevírací doba)"
    assert "Ve čtvrtek už nejezdí." in message.body
    assert f"/admin/services/report/{report.pk}/change/" in message.body
    assert message.reply_to == ["matka@example.cz"]


def test_organization_report_reaches_its_editor(client, world, editor, clock):
    url = reverse("directory:organization_report", args=[world.ours.slug])
    assert send(client, url, clock, reason="contact").status_code == 302
    report = Report.objects.get()
    assert report.service is None and report.organization == world.ours
    assert editor.email in mail.outbox[0].to


def test_profiles_and_cards_link_to_the_form(client, world):
    profile = client.get(world.our_service.get_absolute_url()).content.decode()
    assert service_url(world.our_service) in profile
    organization = client.get(world.ours.get_absolute_url()).content.decode()
    assert reverse("directory:organization_report", args=[world.ours.slug]) in organization
    search = client.get(reverse("services:search")).content.decode()
    assert service_url(world.our_service) in search


def test_a_form_sent_too_fast_is_refused_and_not_stored(client, world, clock):
    response = send(client, service_url(world.our_service), clock, wait=1)
    assert response.status_code == 400
    assert "příliš rychle" in response.content.decode()
    assert not Report.objects.exists() and not mail.outbox
    # The form comes back with what was typed and a new token: waiting, it goes through.
    clock.now += 10
    data = {"reason": "hours", "message": "Ve čtvrtek už nejezdí.", "token": token_from(response)}
    assert client.post(service_url(world.our_service), data).status_code == 302
    assert Report.objects.count() == 1


def test_the_honeypot_refuses_robots(client, world, clock):
    response = send(client, service_url(world.our_service), clock, website="http://spam.example")
    assert response.status_code == 400
    assert "automaticky" in response.content.decode()
    assert not Report.objects.exists()


def test_the_same_form_sent_twice_is_one_report(client, world, clock, editor):
    url = service_url(world.our_service)
    token = token_from(client.get(url))
    clock.now += 10
    data = {"reason": "other", "message": "Špatné číslo.", "token": token}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Report.objects.count() == 1 and len(mail.outbox) == 1


def test_twenty_posts_are_refused_with_a_clear_message_and_stored_once(
    client, world, clock, rate_limits
):
    url = service_url(world.our_service)
    token = token_from(client.get(url))
    clock.now += 10
    data = {"reason": "other", "message": "Špatné číslo.", "token": token}
    answers = [client.post(url, data) for _ in range(20)]
    assert [a.status_code for a in answers[:5]] == [302] * 5
    refused = answers[-1]
    assert refused.status_code == 429 and "Retry-After" in refused
    assert "Příliš mnoho hlášení" in refused.content.decode()
    assert Report.objects.count() == 1


def test_reports_about_one_listing_are_limited_from_any_client(world, clock, rate_limits, settings):
    from django.test import Client

    settings.REPORT_RATE_PER_LISTING = "2/h"
    url = service_url(world.our_service)
    answers = [
        send(Client(REMOTE_ADDR=f"10.0.0.{n}"), url, clock, message=f"Chyba {n}") for n in range(3)
    ]
    assert [a.status_code for a in answers] == [302, 302, 429]
    assert Report.objects.count() == 2


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"message": "x" * 2001}, "nejvýše 2000"),
        ({"message": "   "}, "Napište"),
        ({"reason": "funny"}, "Vyberte platnou možnost"),
        ({"email": "not-an-address"}, "e-mail"),
        ({"token": "forged"}, "Platnost"),
    ],
)
def test_bad_input_gets_a_clear_message(client, world, clock, fields, error):
    url = service_url(world.our_service)
    token = token_from(client.get(url))
    clock.now += 10
    data = {"reason": "hours", "message": "Ve čtvrtek už nejezdí.", "token": token, **fields}
    response = client.post(url, data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Report.objects.exists()


def test_a_token_for_another_listing_is_refused(client, world, clock):
    token = token_from(client.get(service_url(world.their_service)))
    clock.now += 10
    data = {"reason": "hours", "message": "x", "token": token}
    assert client.post(service_url(world.our_service), data).status_code == 400
    assert not Report.objects.exists()


def test_unpublished_or_unknown_listings_have_no_form(client, world):
    draft = ServiceFactory(organization=world.ours, publication=Publication.DRAFT)
    assert client.get(service_url(draft)).status_code == 404
    assert client.get("/services/no-such-service/report/").status_code == 404
    assert client.get("/organizations/no-such-org/report/").status_code == 404


def test_wrong_method(client, world):
    assert client.put(service_url(world.our_service)).status_code == 405
    assert client.delete(service_url(world.our_service)).status_code == 405


def _report(world, **fields):
    defaults = {
        "organization": world.ours,
        "service": world.our_service,
        "reason": "hours",
        "message": "Ve čtvrtek už nejezdí.",
        "email": "matka@example.cz",
        "form_token": f"t{Report.objects.count()}",
    }
    return Report.objects.create(**(defaults | fields))


def test_reporters_email_is_never_public(client, world):
    _report(world)
    for url in (world.our_service.get_absolute_url(), world.ours.get_absolute_url()):
        assert "matka@example.cz" not in client.get(url).content.decode()
    api = client.get(f"/api/services/{world.our_service.derived_hsds_id}").content.decode()
    assert "matka@example.cz" not in api


def test_admin_queue_is_scoped(world, coordinator_client, other_coordinator_client, editor_client):
    ours = _report(world)
    theirs = _report(world, organization=world.theirs, service=world.their_service)
    changelist = reverse("admin:services_report_changelist")
    for client, shown in (
        (coordinator_client, [ours]),
        (editor_client, [ours]),
        (other_coordinator_client, [theirs]),
    ):
        assert list(client.get(changelist).context["cl"].result_list) == shown
    change = reverse("admin:services_report_change", args=[theirs.pk])
    assert coordinator_client.get(change).status_code == 404


def test_anonymous_users_get_no_admin_queue(client, world):
    _report(world)
    response = client.get(reverse("admin:services_report_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_open_report_moves_the_listing_up_the_stale_queue(coordinator_client, world):
    world.our_service.last_verified = timezone.localdate()
    world.our_service.phone = "567 000 111"
    world.our_service.save()
    never = ServiceFactory(organization=world.ours, name="Nikdy", last_verified=None)
    changelist = reverse("admin:services_service_changelist")
    assert coordinator_client.get(changelist).context["cl"].result_list[0] == never
    _report(world)
    response = coordinator_client.get(changelist)
    assert list(response.context["cl"].result_list)[:2] == [world.our_service, never]
    assert "nahlášená chyba" in response.content.decode()


def test_resolving_marks_verified_and_mails_the_reporter(
    coordinator, coordinator_client, world, django_capture_on_commit_callbacks
):
    world.our_service.last_verified = None
    world.our_service.save()
    report = _report(world)
    change = reverse("admin:services_report_change", args=[report.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            change,
            {
                "status": ReportStatus.FIXED,
                "resolution_note": "Opraveno, děkujeme.",
                "verify_listing": "on",
                "reply": "on",
            },
        )
    assert response.status_code == 302
    report.refresh_from_db()
    world.our_service.refresh_from_db()
    assert report.status == ReportStatus.FIXED and report.resolved_by == coordinator
    assert report.resolved_at is not None
    assert world.our_service.last_verified == timezone.localdate()
    [reply] = mail.outbox
    assert reply.to == ["matka@example.cz"]
    assert "Opraveno, děkujeme." in reply.body and "byl opraven" in reply.body


def test_replying_needs_an_address_and_a_resolution(coordinator_client, world):
    report = _report(world, email="")
    change = reverse("admin:services_report_change", args=[report.pk])
    response = coordinator_client.post(
        change, {"status": ReportStatus.IN_PROGRESS, "reply": "on", "verify_listing": "on"}
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "reply" in errors and "verify_listing" in errors
    assert not mail.outbox


def test_a_failing_mail_server_still_stores_the_report(client, world, editor, clock, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    response = send(client, service_url(world.our_service), clock)
    assert response.status_code == 302
    assert Report.objects.count() == 1


def test_stale_reminder_names_the_open_report(world, editor):
    from django.core.management import call_command

    world.our_service.phone = "567 000 111"
    world.our_service.save()
    _report(world)
    call_command("notify_stale", stdout=io.StringIO())
    [message] = mail.outbox
    assert "Terénní program Jihlava (nahlášená chyba čeká na vyřízení)" in message.body
