"""Editors' changes reviewed by the region's coordinators, when the region switches it on (#18)."""

import datetime

import pytest
from django.urls import reverse

from services.models import ProposalStatus, ProposedChange, RegionReview, Schedule, Service
from tests.admin_forms import change_form_data
from tests.services.test_history_and_locking import _change_url

HOURS = {"schedules-0-opens_at": "14:00", "schedules-0-closes_at": "19:00"}


@pytest.fixture
def review_on(world):
    return RegionReview.objects.create(region=world.vysocina, editors_need_approval=True)


def _propose(editor_client, world, **changes):
    url = _change_url(world.our_service)
    data = change_form_data(editor_client.get(url))
    data.update(changes or HOURS)
    response = editor_client.post(url, data, follow=True)
    assert response.status_code == 200
    return response


def _review_url(proposal):
    return reverse("admin:services_proposedchange_change", args=[proposal.pk])


def _hours(world):
    schedule = Schedule.objects.get(pk=world.our_schedule.pk)
    return schedule.opens_at, schedule.closes_at


def _review_form(client, proposal):
    page = client.get(_review_url(proposal))
    form = page.context["form"]
    return page, {name: form[name].value() for name in ("loaded_version", "loaded_at")}


def test_without_review_an_editor_publishes_directly(editor_client, world):
    _propose(editor_client, world)
    assert _hours(world) == (datetime.time(14), datetime.time(19))
    assert not ProposedChange.objects.exists()


def test_with_review_an_editors_save_is_a_proposal_and_the_listing_stays(
    editor_client, editor, world, review_on
):
    response = _propose(editor_client, world)
    assert "Změna čeká na schválení koordinátorem." in response.content.decode()
    assert _hours(world) == (datetime.time(9), datetime.time(17))
    proposal = ProposedChange.objects.get()
    assert proposal.author == editor and proposal.status == ProposalStatus.PENDING
    public = editor_client.get(world.our_service.get_absolute_url()).content.decode()
    assert "14:00" not in public
    form = editor_client.get(_change_url(world.our_service)).content.decode()
    assert "1 navržená změna tohoto záznamu čeká na schválení." in form


def test_a_coordinator_sees_the_diff_and_approving_publishes_it_with_history(
    coordinator_client, coordinator, editor_client, world, review_on
):
    _propose(editor_client, world)
    proposal = ProposedChange.objects.get()
    queue = coordinator_client.get(reverse("admin:services_proposedchange_changelist"))
    assert world.our_service.name in queue.content.decode()

    page, data = _review_form(coordinator_client, proposal)
    assert page.context["lines"] == ["Otevírací doba: Po 09:00–17:00 → 14:00–19:00"]
    response = coordinator_client.post(_review_url(proposal), {**data, "approve": "1"})
    assert response.status_code == 302
    assert _hours(world) == (datetime.time(14), datetime.time(19))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED and proposal.reviewer == coordinator
    entry = coordinator_client.get(
        reverse("admin:services_service_history", args=[world.our_service.pk])
    ).context["entries"][0]
    assert entry.user == coordinator
    assert entry.reason.startswith("Schváleno: návrh uživatele editor z ")
    assert entry.lines == ["Otevírací doba: Po 09:00–17:00 → 14:00–19:00"]


def test_rejecting_needs_a_reason_and_mails_the_editor_in_czech(
    coordinator_client, editor_client, world, review_on, mailoutbox
):
    _propose(editor_client, world)
    proposal = ProposedChange.objects.get()
    _page, data = _review_form(coordinator_client, proposal)
    response = coordinator_client.post(_review_url(proposal), {**data, "reject": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert not mailoutbox

    reason = "Ve čtvrtek jezdíme do Humpolce, ne v pondělí."
    response = coordinator_client.post(
        _review_url(proposal), {**data, "reject": "1", "reason": reason}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED and proposal.reason == reason
    assert _hours(world) == (datetime.time(9), datetime.time(17))
    (mail,) = mailoutbox
    assert mail.to == ["editor@example.cz"]
    assert "nebyla schválena" in mail.subject
    assert reason in mail.body


def test_approving_over_a_newer_change_is_refused(
    coordinator_client, editor_client, world, review_on
):
    _propose(editor_client, world)
    proposal = ProposedChange.objects.get()
    _page, data = _review_form(coordinator_client, proposal)
    url = _change_url(world.our_service)
    form = change_form_data(coordinator_client.get(url))
    form["website"] = "https://example.cz/nove"
    assert coordinator_client.post(url, form).status_code == 302

    response = coordinator_client.post(_review_url(proposal), {**data, "approve": "1"})
    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    assert any("Neschváleno" in message and "koordinatorka" in message for message in messages)
    assert _hours(world) == (datetime.time(9), datetime.time(17))
    assert ProposedChange.objects.get().status == ProposalStatus.PENDING


def test_only_the_regions_coordinators_review(
    client, editor_client, other_coordinator_client, world, review_on
):
    _propose(editor_client, world)
    proposal = ProposedChange.objects.get()
    url = _review_url(proposal)
    # The editor sees their proposal but can neither approve nor reject it.
    page = editor_client.get(url)
    assert page.status_code == 200 and not page.context["may_review"]
    assert editor_client.post(url, {"loaded_version": "1", "approve": "1"}).status_code == 403
    # Another region's coordinator: not in the queue, not found.
    queue = other_coordinator_client.get(reverse("admin:services_proposedchange_changelist"))
    assert world.our_service.name not in queue.content.decode()
    assert other_coordinator_client.get(url).status_code == 404
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert ProposedChange.objects.get().status == ProposalStatus.PENDING


def test_the_review_page_refuses_other_methods(coordinator_client, editor_client, world, review_on):
    _propose(editor_client, world)
    assert coordinator_client.put(_review_url(ProposedChange.objects.get())).status_code == 405


def test_an_editor_under_review_cannot_save_a_part_page_or_revert(
    editor_client, coordinator_client, world, review_on
):
    url = _change_url(world.our_schedule)
    data = change_form_data(editor_client.get(url))
    data["closes_at"] = "20:00"
    response = editor_client.post(url, data)
    assert response.status_code == 302
    assert _hours(world) == (datetime.time(9), datetime.time(17))

    service = world.our_service
    first = service.history.earliest()
    service.refresh_from_db()
    service.name = "Nový název"
    service.save()
    revert = reverse("admin:services_service_simple_history", args=[service.pk, first.pk])
    response = editor_client.post(revert, change_form_data(editor_client.get(revert)))
    assert response.status_code == 302
    assert Service.objects.get(pk=service.pk).name == "Nový název"
    # The coordinator is not held back by their own region's review.
    response = coordinator_client.post(revert, change_form_data(coordinator_client.get(revert)))
    assert response.status_code == 302
    assert Service.objects.get(pk=service.pk).name == "Terénní program Jihlava"


def test_a_coordinator_switches_review_for_their_region_only(
    coordinator_client, world, editor_client
):
    add = reverse("admin:services_regionreview_add")
    page = coordinator_client.get(add)
    choices = [str(region) for region in page.context["adminform"].form.fields["region"].queryset]
    assert choices == [str(world.vysocina)]
    response = coordinator_client.post(
        add, {"region": world.moravia.pk, "editors_need_approval": "on"}
    )
    assert response.status_code == 200  # not a choice of theirs
    response = coordinator_client.post(
        add, {"region": world.vysocina.pk, "editors_need_approval": "on"}
    )
    assert response.status_code == 302
    assert RegionReview.applies_to(world.our_service)
    assert editor_client.get(add).status_code == 403


@pytest.mark.parametrize("review", [True, False])
def test_a_new_service_of_an_editor_under_review_waits_as_a_draft(editor_client, world, review):
    if review:
        RegionReview.objects.create(region=world.vysocina, editors_need_approval=True)
    url = reverse("admin:services_service_add")
    data = change_form_data(editor_client.get(url))
    data.update(
        organization=str(world.ours.pk),
        name="Nová služba",
        slug="nova-sluzba",
        publication="published",
    )
    data["types"] = [str(world.our_service.types.first().pk)]
    response = editor_client.post(url, data, follow=True)
    assert response.status_code == 200
    service = Service.objects.get(name="Nová služba")
    assert service.publication == ("draft" if review else "published")
    notice = "Nová služba je uložena jako koncept: zveřejní ji koordinátor kraje."
    assert (notice in response.content.decode()) == review
